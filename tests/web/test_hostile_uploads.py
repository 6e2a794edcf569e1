"""Uploaded files' names are kept without control characters (NUL, tabs, line breaks,
escapes) and without their folders; an import confirmation whose kept preview is gone (or
whose page was altered) asks for the file again instead of an error page."""
import io

import pytest

from html_forms import messages, post_forms
from models import Attachment

PDF = b"%PDF-1.7\n" + b"\x00" * 64


@pytest.mark.parametrize("name, kept", [
    ("bien\x01ban\x1f.pdf", "bienban.pdf"), ("\x1b[31mdo\tt.pdf", "[31mdot.pdf"),
    ("anh\x7f.pdf", "anh.pdf"), ("../../etc/passwd", "passwd"),
    ("n" * 300 + ".pdf", "n" * 255)], ids=["controls", "escape-tab", "delete", "traversal",
                                          "300 characters"])
def test_an_evidence_file_name_is_kept_clean(web, make, name, kept, db):
    inspector = make.user("inspector")
    inspection = make.inspection(make.cluster(stage="operational"), inspector,
                                 state="in_progress")
    web.login(inspector)
    response = web.post(f"/inspection/{inspection.id}/evidence",
                        data={"file": (io.BytesIO(PDF), name)},
                        content_type="multipart/form-data")
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    assert Attachment.query.one().filename == kept


@pytest.mark.parametrize("digest", ["0" * 64, "", "a\x00b", "../x", "f" * 100_000],
                         ids=["unknown", "empty", "NUL", "path", "huge"])
def test_an_import_confirmation_without_its_preview_asks_for_the_file(web, make, digest):
    web.login(make.user("manager"))
    response = web.post("/imports/clusters/confirm", data={"digest": digest,
                                                          "filename": "cum\x00.csv"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert messages(html)
    forms = post_forms(html, "/imports/clusters/confirm")
    assert any(f.kind == "file" for form in forms for f in form.fields.values())
