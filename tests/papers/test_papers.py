"""The papers, opened again as their readers open them: pdftotext finds the Vietnamese text
intact, python-docx reads the DOCX, the file is kept with its hash, and the QR's page answers."""
import hashlib

import pytest

from workflows.operations.papers.context import members

from .conftest import INVESTOR, docx_text, pdf_text, squash


def draw(db, entity, kind, fmt, user, clock):
    from workflows.operations.papers import draw_up

    attachment = draw_up(db.session, entity, kind, fmt, user, clock(), "http://ccn.test")
    db.session.commit()
    return attachment


def content_of(db, attachment):
    from workflows.operations import storage

    return storage.load(db.session, attachment.sha256)


def test_violation_record_pdf_reads_back(case, db, clock, keep_for_eyes):
    v = case["violation"]
    attachment = draw(db, v, "violation_record", "pdf", case["inspector"], clock)
    content = content_of(db, attachment)
    keep_for_eyes("violation_record.pdf", content)
    assert hashlib.sha256(content).hexdigest() == attachment.sha256
    text = squash(pdf_text(content))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "BIÊN BẢN VI PHẠM HÀNH CHÍNH" in text
    assert INVESTOR in text
    assert "Nhu cầu oxy hóa học" in text or "COD" in text
    assert "320" in text and "95" in text  # the measured values
    assert "/BB-VPHC" in text
    assert "Nghị định 45/2022/NĐ-CP" in text  # the legal basis from the fine suggestion
    assert "Nguyễn Thị Hằng" in text
    assert "chưa xác nhận Nghị định 68/2025/NĐ-CP" in text  # what the research could not confirm
    assert f"http://ccn.test/verify/{attachment.verify_hash}" in text


def test_check_record_docx_reads_back(case, db, clock):
    attachment = draw(db, case["inspection"], "check_record", "docx", case["inspector"], clock)
    text = docx_text(content_of(db, attachment))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "BIÊN BẢN KIỂM TRA" in text
    assert "THEO QĐ SỐ 125/QĐ-SCT" in text
    assert INVESTOR in text
    # One line per member, the title in its place; the lead, in the team, not twice.
    assert "Ông (bà): Lê Minh Đức; chức vụ: Thành viên" in text
    assert text.count("Ông (bà): Nguyễn Thị Hằng;") == 1
    assert "320" in text
    assert attachment.number is None  # Mẫu 05 has no number line


def test_check_record_pdf_reads_back(case, db, clock, keep_for_eyes):
    attachment = draw(db, case["inspection"], "check_record", "pdf", case["inspector"], clock)
    keep_for_eyes("check_record.pdf", content_of(db, attachment))
    text = squash(pdf_text(content_of(db, attachment)))
    assert "BIÊN BẢN KIỂM TRA" in text and "ĐOÀN KIỂM TRA" in text
    assert "Hà Nội, ngày 28 tháng 11 năm 2026" in text  # the day the findings were recorded
    assert "ĐẠI DIỆN ĐOÀN KIỂM TRA" in text


def test_what_the_case_lacks_stays_a_dotted_blank(case, db, clock):
    attachment = draw(db, case["violation"], "violation_record", "docx", case["inspector"], clock)
    text = docx_text(content_of(db, attachment))
    assert "Mã số doanh nghiệp: …………" in text  # no tax code recorded: nothing invented
    assert "Số: …………/BB-VPHC" in text  # not notified yet: the number is blank


@pytest.mark.parametrize("kind", ["working_record", "penalty_decision_draft"])
def test_every_violation_paper_draws_up(case, db, clock, kind, keep_for_eyes):
    from workflows.engine.fire import fire

    v = case["violation"]
    fire(db.session, v, "notify", case["inspector"], data={"record_no": "15/BB-VPHC"},
         now=clock())
    attachment = draw(db, v, kind, "pdf", case["manager"], clock)
    keep_for_eyes(f"{kind}.pdf", content_of(db, attachment))
    text = squash(pdf_text(content_of(db, attachment)))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and INVESTOR in text
    if kind == "penalty_decision_draft":
        assert "QUYẾT ĐỊNH" in text and "/QĐ-XPHC" in text and "15/BB-VPHC" in text
        assert "DỰ THẢO" in text
    else:
        assert "BIÊN BẢN LÀM VIỆC" in text and "/BB-LV" in text


def test_a_paper_that_does_not_fit_the_state_is_refused(case, db, clock):
    from workflows.engine.errors import Conflict

    with pytest.raises(Conflict):  # no record yet: no penalty decision to draft
        draw(db, case["violation"], "penalty_decision_draft", "pdf", case["manager"], clock)
    with pytest.raises(Conflict):  # the limitation period is not over
        draw(db, case["violation"], "remedial_decision", "pdf", case["manager"], clock)


def test_remedial_decision_once_time_barred(case, db, clock, keep_for_eyes):
    from datetime import date

    v = case["violation"]
    v.fine_suggestion = None
    v.sampled_on = date(2024, 1, 10)  # two years before the clock's 28/11/2026
    attachment = draw(db, v, "remedial_decision", "pdf", case["manager"], clock)
    keep_for_eyes("remedial_decision.pdf", content_of(db, attachment))
    text = squash(pdf_text(content_of(db, attachment)))
    assert "Buộc thực hiện biện pháp khắc phục hậu quả" in text
    assert "hết thời hiệu" in text and "10/01/2026" in text


def test_drawing_again_keeps_the_earlier_version_and_audits_the_hash(case, db, clock):
    from datetime import timedelta

    from models import AuditEntry
    from workflows.operations.papers import papers_of

    v = case["violation"]
    first = draw(db, v, "violation_record", "pdf", case["inspector"], clock)
    clock.set(clock() + timedelta(minutes=5))
    second = draw(db, v, "violation_record", "pdf", case["inspector"], clock)
    assert [a.id for a in papers_of(db.session, v)] == [first.id, second.id]
    assert first.sha256 != second.sha256 and first.verify_hash != second.verify_hash
    rows = AuditEntry.query.filter_by(entity_type="violation", entity_id=v.id,
                                      trigger="draw_up").all()
    assert [r.data["sha256"] for r in rows] == [first.sha256, second.sha256]


def test_only_officials_draw_up(case, db, clock, make):
    from workflows.engine.errors import Forbidden

    owner = make.user("investor", org=case["investor"])
    with pytest.raises(Forbidden):
        draw(db, case["violation"], "violation_record", "pdf", owner, clock)


def test_every_kind_in_every_state_draws_up_or_refuses(make, db, clock):
    """A bare case (no investor's details, no plant, no measurements, no inspection): each
    kind in each state is a paper or a 409, never another failure."""
    from models import Organization
    from workflows.engine.errors import Conflict
    from workflows.engine.registry import WORKFLOWS
    from workflows.operations.papers import FITS, draw_up

    manager = make.user("manager")
    cluster = make.cluster(investor=make.org("investor", name_vi="Công ty TNHH Ánh Dương"))
    violation = make.violation(cluster, manager, title="Xả thải không phép")
    inspection = make.inspection(cluster, manager)
    drawn = 0
    for entity, workflow in ((violation, "violation"), (inspection, "inspection")):
        for state in (s.name for s in WORKFLOWS[workflow].states):
            entity.state = state
            for kind in (k for k in FITS if (k == "check_record") == (workflow == "inspection")):
                try:
                    paper = draw_up(db.session, entity, kind, ("pdf", "docx")[drawn % 2],
                                    manager, clock(), "http://ccn.test")
                except Conflict:
                    assert state not in FITS[kind] or kind == "remedial_decision"
                else:
                    assert state in FITS[kind] and paper.size > 0
                    drawn += 1
    assert drawn >= 15
    assert Organization.query.count() >= 2


@pytest.mark.parametrize("typed,read", [
    ("Nguyễn Thị Hằng - Trưởng đoàn\nLê Minh Đức - Thành viên",
     [("Nguyễn Thị Hằng", "Trưởng đoàn"), ("Lê Minh Đức", "Thành viên")]),
    ("Trần Văn Minh (trưởng đoàn); Phạm Thu Hà",
     [("Trần Văn Minh", "trưởng đoàn"), ("Phạm Thu Hà", None)]),
    ("  • Đỗ Văn Nam – Chuyên viên  \n\n", [("Đỗ Văn Nam", "Chuyên viên")]),
    ("", []), (None, []),
])
def test_the_team_is_read_as_people_and_titles(typed, read):
    assert [(m["name"], m["title"]) for m in members(typed)] == read
