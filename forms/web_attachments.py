from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired

from .base import AppForm


class EvidenceForm(AppForm):
    # The type is checked from the file's content (views/web/evidence.py), not its name.
    file = FileField(_l("Tệp chứng cứ (ảnh JPEG/PNG/WebP, PDF)"), validators=[FileRequired(_l("chọn một tệp"))],
                     render_kw={"accept": "image/jpeg,image/png,image/webp,application/pdf"})
