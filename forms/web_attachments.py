from flask_wtf.file import FileField, FileRequired

from .base import AppForm


class EvidenceForm(AppForm):
    # The type is checked from the file's content (views/web/evidence.py), not its name.
    file = FileField("Tệp chứng cứ (ảnh JPEG/PNG/WebP, PDF) / Evidence file (JPEG/PNG/WebP "
                     "photo, PDF)", validators=[FileRequired("chọn một tệp / choose a file")],
                     render_kw={"accept": "image/jpeg,image/png,image/webp,application/pdf"})
