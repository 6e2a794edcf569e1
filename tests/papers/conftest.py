"""A case as officials meet it: a cluster of a named investor with its plant, an inspection
on site with a wastewater finding over QCVN 40, concluded into a violation carrying its fine
suggestion; and helpers that open what the product wrote (pdftotext, python-docx)."""
import io
import shutil
import subprocess
from datetime import date
from decimal import Decimal

import pytest

INVESTOR = "Công ty Cổ phần Đầu tư Phát triển Hạ tầng Sông Đáy"


@pytest.fixture
def case(make, db, clock):
    from workflows.engine.fire import fire
    from workflows.operations.inspections import log_finding

    investor = make.org("investor", name_vi=INVESTOR)
    cluster = make.cluster(investor=investor, stage="operational", name="CCN Phùng Xá",
                           commune="Phùng Xá", district="Thạch Thất")
    make.plant(cluster)
    inspector = make.user("inspector", full_name="Nguyễn Thị Hằng")
    manager = make.user("manager", full_name="Trần Văn Quản")
    inspection = make.inspection(cluster, inspector, state="in_progress",
                                 decision_no="125/QĐ-SCT", team="Nguyễn Thị Hằng - Trưởng đoàn\n"
                                 "Lê Minh Đức - Thành viên")
    log_finding(db.session, inspection, inspector, clock(), category="wastewater",
                severity="medium", description="Nước thải sau xử lý tại cửa xả vượt quy chuẩn",
                measurements=[{"parameter": "cod", "value": Decimal("320"), "unit": "mg/L",
                               "sampled_at": None},
                              {"parameter": "tss", "value": Decimal("95"), "unit": "mg/L",
                               "sampled_at": None}])
    fire(db.session, inspection, "record_findings", inspector, now=clock())
    fire(db.session, inspection, "conclude", inspector, comment="Kết luận", now=clock())
    from models import Violation

    violation = Violation.query.filter_by(inspection_id=inspection.id).one()
    db.session.commit()
    return {"inspection": inspection, "violation": violation, "inspector": inspector,
            "manager": manager, "investor": investor, "cluster": cluster}


def pdf_text(content: bytes) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed: apt-get install poppler-utils")
    done = subprocess.run(["pdftotext", "-layout", "-", "-"], input=content,
                          capture_output=True, check=True)
    return done.stdout.decode("utf-8")


def docx_text(content: bytes) -> str:
    from docx import Document

    doc = Document(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def squash(text: str) -> str:
    """Text with runs of white space made one space (pdftotext lays out columns)."""
    return " ".join(text.split())


@pytest.fixture
def keep_for_eyes():
    """PAPERS_DUMP=dir writes each paper there to be looked at (never into the repository)."""
    import os

    target = os.environ.get("PAPERS_DUMP")

    def keep(name: str, content: bytes):
        if target:
            os.makedirs(target, exist_ok=True)
            with open(os.path.join(target, name), "wb") as fh:
                fh.write(content)
    return keep
