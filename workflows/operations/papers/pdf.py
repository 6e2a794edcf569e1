"""A paper as PDF (fpdf2: pure Python, fonts embedded from static/fonts, nothing fetched),
laid out as Decree 30/2020 sets administrative documents: the issuing body left and the
national motto right, the number under the body, the place and date under the motto, the
title centred, the body justified with its first lines indented, and the signatures."""
import io
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from .layout import (BODY_PT, HEADER_PT, MARGINS_MM, MOTTO, MOTTO_SUB, NOTE_PT, TITLE_PT,
                     Paper)
from .markup import plain, spans
from .qr import qr_png

FONTS = Path(__file__).resolve().parents[3] / "static" / "fonts"
FAMILY = "LiberationSerif"
LINE = 6.2  # mm: 13 pt text at about 1.35 line spacing
SIGN_BLOCK = 52  # mm: two lines of title, the hint, the space to sign, the name
LEFT_COL = 68  # mm: the issuing body's column; the motto takes the rest


class _Pdf(FPDF):
    def header(self):
        # Decree 30: page numbers from the second page, centred in the top margin.
        if self.page_no() > 1:
            self.set_font(FAMILY, "", BODY_PT)
            self.set_y(10)
            self.cell(0, 5, str(self.page_no()), align="C")
            self.set_y(MARGINS_MM["top"])


def new_document(title: str, created=None, bold_italic: bool = False) -> FPDF:
    """An A4 document with Decree 30's margins and the vendored fonts (also the reports').
    Reading a font costs about a tenth of a paper's time: bold italic only when used."""
    pdf = _Pdf(format="A4", unit="mm")
    pdf.set_margins(MARGINS_MM["left"], MARGINS_MM["top"], MARGINS_MM["right"])
    pdf.set_auto_page_break(True, MARGINS_MM["bottom"])
    styles = (("", "Regular"), ("B", "Bold"), ("I", "Italic")) + \
        ((("BI", "BoldItalic"),) if bold_italic else ())
    for style, name in styles:
        pdf.add_font(FAMILY, style, str(FONTS / f"LiberationSerif-{name}.ttf"))
    pdf.set_title(title)
    pdf.set_creator("CCN Hà Nội")
    pdf.set_lang("vi")
    if created is not None:
        pdf.set_creation_date(created)
    return pdf


def render_pdf(paper: Paper, created=None) -> bytes:
    pdf = new_document(paper.title, created, bold_italic=paper.draft or any(
        b.tag == "sign" and b.cells and _recipients(b.cells[0]) for b in paper.blocks))
    pdf.add_page()
    _header(pdf, paper)
    for block in paper.blocks:
        _block(pdf, block)
    for note in paper.notes:
        _paragraph(pdf, f"_{note}_", size=NOTE_PT, first=0, align="L")
    _qr(pdf, paper)
    return bytes(pdf.output())


def _header(pdf: FPDF, paper: Paper) -> None:
    left, top = pdf.l_margin, pdf.t_margin
    width = pdf.w - pdf.l_margin - pdf.r_margin
    right_x, right_w = left + LEFT_COL, width - LEFT_COL
    y = top
    for style, text in paper.header_left:
        pdf.set_font(FAMILY, style, HEADER_PT - (0 if style else 1))
        pdf.set_xy(left, y)
        pdf.multi_cell(LEFT_COL, 5.5, text, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        y = pdf.get_y()
    if paper.header_left:  # the short rule under the body's name
        _rule(pdf, left + LEFT_COL / 2, y + 1, LEFT_COL / 3)
        y += 3
    if paper.number_line:
        pdf.set_font(FAMILY, "", HEADER_PT)
        pdf.set_xy(left, y + 1)
        pdf.multi_cell(LEFT_COL, 6, paper.number_line, align="C")
        y = pdf.get_y()
    left_bottom = y

    y = top
    pdf.set_font(FAMILY, "B", HEADER_PT - 1)
    pdf.set_xy(right_x, y)
    pdf.cell(right_w, 5.5, MOTTO, align="C")
    pdf.set_font(FAMILY, "B", HEADER_PT)
    pdf.set_xy(right_x, y + 5.5)
    pdf.cell(right_w, 5.5, MOTTO_SUB, align="C")
    _rule(pdf, right_x + right_w / 2, y + 11.8, pdf.get_string_width(MOTTO_SUB))
    y += 14
    if paper.place_date:
        pdf.set_font(FAMILY, "I", HEADER_PT)
        pdf.set_xy(right_x, y + 1)
        pdf.multi_cell(right_w, 6, paper.place_date, align="C")
        y = pdf.get_y()
    pdf.set_y(max(left_bottom, y) + 6)
    if paper.draft:
        pdf.set_font(FAMILY, "BI", NOTE_PT)
        pdf.cell(0, 5, "DỰ THẢO", align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _rule(pdf: FPDF, centre_x: float, y: float, length: float) -> None:
    pdf.set_line_width(0.3)
    pdf.line(centre_x - length / 2, y, centre_x + length / 2, y)


def _block(pdf: FPDF, block) -> None:
    tag = block.tag
    if tag == "title":
        pdf.ln(2)
        _centred(pdf, block.text, "B", TITLE_PT)
    elif tag == "subtitle":
        _centred(pdf, block.text, "B", TITLE_PT)
        pdf.ln(1)
    elif tag == "center":
        parts = spans(block.text)
        _centred(pdf, block.text, "B" if {s for s, _ in parts} == {"B"} else "", BODY_PT)
    elif tag == "item":
        _paragraph(pdf, block.text, first=0, indent=10)
    elif tag == "note":
        _paragraph(pdf, f"_{block.text}_", size=NOTE_PT, first=0, align="L")
    elif tag == "table":
        _table(pdf, block.cells)
    elif tag == "pagebreak":
        pdf.add_page()
    elif tag == "sign":
        _signatures(pdf, block.cells, "B", gap_after=0)
    elif tag == "signhint":
        _signatures(pdf, block.cells, "I", gap_after=22)
    elif tag == "signname":
        _signatures(pdf, block.cells, "B", gap_after=6)
    else:
        _paragraph(pdf, block.text)


def _centred(pdf: FPDF, text: str, style: str, size: int) -> None:
    pdf.set_font(FAMILY, style, size)
    pdf.multi_cell(0, LINE, plain(text), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _paragraph(pdf: FPDF, text: str, *, size=BODY_PT, first=10, indent=0, align="J") -> None:
    with pdf.text_columns(text_align=align, l_margin=pdf.l_margin + indent,
                          line_height=1.3) as cols:
        with cols.paragraph(first_line_indent=first, bottom_margin=1.2) as par:
            for style, part in spans(text):
                pdf.set_font(FAMILY, style, size)
                par.write(part)
    pdf.set_font(FAMILY, "", BODY_PT)


def _table(pdf: FPDF, rows: list[list[str]]) -> None:
    if not rows:
        return
    pdf.ln(1)
    pdf.set_font(FAMILY, "", BODY_PT - 1)
    with pdf.table(text_align="CENTER", line_height=5.5, padding=0.8,
                   headings_style=_headings()) as table:
        for cells in rows:
            row = table.row()
            for cell in cells:
                row.cell(plain(cell))
    pdf.ln(2)
    pdf.set_font(FAMILY, "", BODY_PT)


def _headings():
    from fpdf.fonts import FontFace

    return FontFace(family=FAMILY, emphasis="BOLD")


def _signatures(pdf: FPDF, cells: list[str], style: str, gap_after: float) -> None:
    half = (pdf.w - pdf.l_margin - pdf.r_margin) / 2
    if style == "B" and gap_after == 0 and pdf.get_y() > pdf.h - pdf.b_margin - SIGN_BLOCK:
        pdf.add_page()  # a signature's title, hint, space and name stay on one page
    y = bottom = pdf.get_y()
    pdf.set_font(FAMILY, style, BODY_PT)
    for i, text in enumerate(cells[:2]):
        if not plain(text).strip():
            continue
        pdf.set_xy(pdf.l_margin + i * half, y)
        recipients = i == 0 and _recipients(text)  # Decree 30: "Nơi nhận" sits left, smaller
        if recipients:
            pdf.set_font(FAMILY, "BI" if style == "B" else "", 12 if style == "B" else 11)
        pdf.multi_cell(half, LINE, plain(text), align="L" if recipients else "C")
        pdf.set_font(FAMILY, style, BODY_PT)
        bottom = max(bottom, pdf.get_y())
    pdf.set_xy(pdf.l_margin, max(bottom, y + LINE) + gap_after)


def _recipients(text: str) -> bool:
    return plain(text).startswith(("Nơi nhận", "- "))


def _qr(pdf: FPDF, paper: Paper) -> None:
    if not paper.verify_url:
        return
    size = 22
    if pdf.get_y() + size + 4 > pdf.h - pdf.b_margin:
        pdf.add_page()
    y = pdf.get_y() + 4
    pdf.image(io.BytesIO(qr_png(paper.verify_url)), x=pdf.l_margin, y=y, w=size, h=size)
    pdf.set_xy(pdf.l_margin + size + 3, y + 3)
    pdf.set_font(FAMILY, "I", 9)
    pdf.multi_cell(0, 4.2, f"{paper.form_label}. Kiểm tra tính xác thực của văn bản: "
                           f"{paper.verify_url}", align="L")
