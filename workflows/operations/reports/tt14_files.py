"""Biểu 01-04 as files: an .xlsx with one sheet per report (numbers as numbers), and a PDF
laid out like the form (TT | Chỉ tiêu | Đơn vị tính | Kết quả | Ghi chú)."""
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from workflows.operations.papers.pdf import FAMILY, new_document

from workflows.engine.errors import Invalid

from .tt14 import Sheet, parse_period, report

FORMATS = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
           "pdf": "application/pdf"}

HEAD = ("TT", "Chỉ tiêu", "Đơn vị tính", "Kết quả", "Ghi chú")
RESULT_CUMULATIVE = "Kết quả (Luỹ kế đến thời điểm báo cáo)"


def report_file(session, form: str, period_text: str, commune: str | None,
                fmt: str) -> tuple[bytes, str, str]:
    """(content, mimetype, file name) of Biểu `form` for the period "2026-H1", as the page and
    the API download it; Invalid for an unknown format, form or period."""
    if fmt not in FORMATS:
        raise Invalid({"format": " | ".join(FORMATS)})
    period = parse_period(period_text)
    sheets = report(session, form, period, commune or None)
    content = to_xlsx(sheets) if fmt == "xlsx" else to_pdf(sheets)
    return content, FORMATS[fmt], f"tt14-bieu{form}-{period.year}-H{period.half}.{fmt}"


def _head(sheet_title: str) -> tuple:
    return HEAD[:3] + (RESULT_CUMULATIVE,) + HEAD[4:] if sheet_title.startswith(
        ("Biểu số 03", "Biểu số 04")) else HEAD


def to_xlsx(sheets: list[Sheet]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    used = set()
    for s in sheets:
        name = _sheet_name(s.title, used)
        ws = book.create_sheet(name)
        for line in (s.title, s.heading, f"Kỳ báo cáo: {s.period}",
                     f"Đơn vị gửi báo cáo: {s.sender}", f"Đơn vị nhận báo cáo: {s.receiver}",
                     f"Thời hạn gửi: {s.deadline}"):
            ws.append([line])
        ws["A1"].font = ws["A2"].font = bold
        ws.append([])
        ws.append(list(_head(s.title)))
        for cell in ws[ws.max_row]:
            cell.font = bold
        for r in s.rows:
            ws.append([r.tt, r.indicator, r.unit, r.value, r.note])
            if r.section:
                for cell in ws[ws.max_row]:
                    cell.font = bold
            for cell in ws[ws.max_row]:
                cell.alignment = wrap
        for col, width in zip("ABCDE", (7, 60, 14, 16, 36)):
            ws.column_dimensions[col].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_name(title: str, used: set) -> str:
    base = "".join(ch for ch in title.replace("Biểu số ", "B") if ch not in "[]:*?/\\")[:31]
    name, n = base, 2
    while name in used:
        name = f"{base[:28]}~{n}"
        n += 1
    used.add(name)
    return name


def to_pdf(sheets: list[Sheet], created=None) -> bytes:
    pdf = new_document("Báo cáo cụm công nghiệp (Thông tư 14/2024/TT-BCT)", created)
    for s in sheets:
        pdf.add_page()
        pdf.set_font(FAMILY, "B", 12)
        pdf.cell(0, 6, s.title.split(" — ")[0], align="R", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FAMILY, "B", 13)
        pdf.multi_cell(0, 6, s.heading, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FAMILY, "I", 12)
        pdf.multi_cell(0, 6, f"Kỳ báo cáo: {s.period}", align="C", new_x="LMARGIN",
                       new_y="NEXT")
        pdf.set_font(FAMILY, "", 12)
        for label, value in (("Đơn vị gửi báo cáo", s.sender), ("Đơn vị nhận báo cáo", s.receiver),
                             ("Thời hạn gửi báo cáo", s.deadline)):
            pdf.multi_cell(0, 6, f"{label}: {value}", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
        pdf.set_font(FAMILY, "", 10.5)
        with pdf.table(col_widths=(11, 70, 24, 24, 36), line_height=5, padding=0.8,
                       text_align=("CENTER", "LEFT", "CENTER", "RIGHT", "LEFT")) as table:
            table.row(_head(s.title))
            for r in s.rows:
                row = table.row()
                for value in (r.tt, r.indicator, r.unit, _shown(r.value), r.note):
                    row.cell(str(value))
        pdf.ln(6)
        pdf.set_font(FAMILY, "I", 12)
        half = (pdf.w - pdf.l_margin - pdf.r_margin) / 2
        pdf.set_x(pdf.l_margin + half)
        pdf.multi_cell(half, 6, "…, ngày … tháng … năm …", align="C", new_x="LMARGIN",
                       new_y="NEXT")
        pdf.set_font(FAMILY, "B", 12)
        pdf.set_x(pdf.l_margin + half)
        pdf.multi_cell(half, 6, s.signer, align="C", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        text = f"{value:,.2f}".rstrip("0").rstrip(".")
        return text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return f"{value:,}".replace(",", ".")
