"""Circular 14/2024's Biểu 01-04 computed from the clusters for a half-year, opened again."""
import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from .conftest import pdf_text, squash


@pytest.fixture
def clusters(make, db):
    a = make.cluster(commune="Phùng Xá", stage="operational", area_ha=Decimal("20"),
                     establishment_date=date(2020, 5, 4), operational_on=date(2022, 1, 1),
                     plant_certified_on=date(2023, 3, 1))
    make.plant(a, meets_standard=True)
    make.cluster(commune="Phùng Xá", kind="craft_village", area_ha=Decimal("10"),
                 establishment_date=date(2026, 3, 1), operational_on=date(2026, 5, 1),
                 industrial_land_ha=Decimal("8"), leased_land_ha=Decimal("2"))
    make.cluster(commune="Bát Tràng", area_ha=Decimal("7.5"), establishment_date=date(2026, 9, 1))
    db.session.commit()
    return a


def rows_of(content, sheet=0):
    book = load_workbook(io.BytesIO(content), read_only=True)
    ws = book.worksheets[sheet]
    return {r[0]: r for r in ws.iter_rows(values_only=True) if r and r[0] is not None}, \
        book.sheetnames


def test_bieu_04_counts_with_the_cut_off(clusters, api, make):
    api.as_(make.user("manager"))
    h1 = api.get("/api/v1/reports/tt14?period=2026-H1&form=04&format=xlsx")
    assert h1.status_code == 200
    rows, _ = rows_of(h1.data)
    assert rows["3"][3] == 2  # established by 14/06/2026 (the third only in September)
    assert rows["5"][3] == 1 and rows["6"][3] == 10  # established in the period 15/12-14/6
    assert rows["15"][3] == 2 and rows["15.3"][3] == 1  # operating; of them craft villages
    assert rows["27"][3] == 1  # a central plant meeting the standard
    assert rows["20"][3] is None and "không lưu" in rows["20"][4]  # never a guessed number
    h2, _ = rows_of(api.get("/api/v1/reports/tt14?period=2026-H2&form=04&format=xlsx").data)
    assert h2["3"][3] == 3 and h2["4"][3] == 37.5


def test_bieu_03_is_by_commune(clusters, api, make):
    api.as_(make.user("manager"))
    response = api.get("/api/v1/reports/tt14?period=2026-H2&form=03&format=xlsx")
    rows, names = rows_of(response.data)
    assert len(names) == 2  # Bát Tràng, Phùng Xá
    rows_pt, _ = rows_of(response.data, sheet=1)
    assert rows_pt["3"][3] == 2


def test_bieu_02_pdf_reads_back(clusters, api, make):
    api.as_(make.user("manager"))
    response = api.get("/api/v1/reports/tt14?period=2026-H1&form=02&format=pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = squash(pdf_text(response.data))
    assert "TÌNH HÌNH HOẠT ĐỘNG CỦA DỰ ÁN ĐẦU TƯ XÂY DỰNG HẠ TẦNG KỸ THUẬT CỤM CÔNG NGHIỆP" in text
    assert "trước ngày 20 tháng 6" in text and "Tỉ lệ lấp đầy" in text


def test_bad_arguments_are_422_and_investors_may_not(clusters, api, make):
    api.as_(make.user("manager"))
    assert api.get("/api/v1/reports/tt14?period=2026-H3&form=04").status_code == 422
    assert api.get("/api/v1/reports/tt14?period=2026-H1&form=05").status_code == 422
    assert api.get("/api/v1/reports/tt14?period=2026-H1&form=04&format=doc").status_code == 422
    api.as_(make.user("investor"))
    assert api.get("/api/v1/reports/tt14?period=2026-H1&form=04").status_code == 403
