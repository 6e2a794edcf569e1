"""A paper as DOCX (python-docx), for the official who edits before signing: the same
blocks as the PDF, in Times New Roman 13 pt on A4 with Decree 30/2020's margins."""
import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from .layout import (BODY_PT, HEADER_PT, MARGINS_MM, MOTTO, MOTTO_SUB, NOTE_PT, PAGE_MM,
                     TITLE_PT, Paper)
from .markup import plain, spans
from .qr import qr_png

FONT = "Times New Roman"
CENTER, JUSTIFY, LEFT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.LEFT


def render_docx(paper: Paper, created=None) -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(BODY_PT)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(3)
    doc.core_properties.title = paper.title
    doc.core_properties.language = "vi-VN"
    if created is not None:
        doc.core_properties.created = created
    _header(doc, paper)
    for block in paper.blocks:
        _block(doc, block)
    for note in paper.notes:
        _para(doc, f"_{note}_", size=NOTE_PT, align=LEFT, first=0)
    if paper.verify_url:
        doc.add_picture(io.BytesIO(qr_png(paper.verify_url)), width=Mm(22))
        _para(doc, f"_{paper.form_label}. Kiểm tra tính xác thực của văn bản: "
                   f"{paper.verify_url}_", size=9, align=LEFT, first=0)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _header(doc, paper: Paper) -> None:
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    left, right = table.rows[0].cells
    left.width, right.width = Mm(68), Mm(97)
    first = True
    for style, text in paper.header_left:
        p = left.paragraphs[0] if first else left.add_paragraph()
        first = False
        _run(p, text, bold=style == "B", size=HEADER_PT - (0 if style else 1))
        p.alignment = CENTER
    if paper.header_left:
        _run(left.add_paragraph(), "―――――", size=HEADER_PT).bold = False
        left.paragraphs[-1].alignment = CENTER
    if paper.number_line:
        p = left.add_paragraph()
        _run(p, paper.number_line, size=HEADER_PT)
        p.alignment = CENTER
    p = right.paragraphs[0]
    _run(p, MOTTO, bold=True, size=HEADER_PT - 1)
    p.alignment = CENTER
    p = right.add_paragraph()
    _run(p, MOTTO_SUB, bold=True, size=HEADER_PT).underline = True
    p.alignment = CENTER
    if paper.place_date:
        p = right.add_paragraph()
        _run(p, paper.place_date, italic=True, size=HEADER_PT)
        p.alignment = CENTER
    if paper.draft:
        p = doc.add_paragraph()
        _run(p, "DỰ THẢO", bold=True, italic=True, size=NOTE_PT)
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _block(doc, block) -> None:
    tag = block.tag
    if tag in ("title", "subtitle"):
        p = doc.add_paragraph()
        _run(p, plain(block.text), bold=True, size=TITLE_PT)
        p.alignment = CENTER
        if tag == "title":
            p.paragraph_format.space_before = Pt(12)
    elif tag == "center":
        _para(doc, block.text, align=CENTER, first=0)
    elif tag == "item":
        p = _para(doc, block.text, first=0)
        p.paragraph_format.left_indent = Mm(10)
    elif tag == "note":
        _para(doc, f"_{block.text}_", size=NOTE_PT, align=LEFT, first=0)
    elif tag == "table":
        _table(doc, block.cells)
    elif tag == "pagebreak":
        doc.add_page_break()
    elif tag in ("sign", "signhint", "signname"):
        _signatures(doc, block)
    else:
        _para(doc, block.text)


def _para(doc, text: str, *, size=BODY_PT, align=JUSTIFY, first=10):
    p = doc.add_paragraph()
    p.alignment = align
    if first:
        p.paragraph_format.first_line_indent = Mm(first)
    for style, part in spans(text):
        _run(p, part, bold=style == "B", italic=style == "I", size=size)
    return p


def _run(paragraph, text: str, *, bold=False, italic=False, size=BODY_PT):
    run = paragraph.add_run(text)
    run.bold, run.italic, run.font.size, run.font.name = bold, italic, Pt(size), FONT
    return run


def _table(doc, rows: list[list[str]]) -> None:
    if not rows:
        return
    table = doc.add_table(rows=0, cols=len(rows[0]))
    table.style = "Table Grid"
    for i, cells in enumerate(rows):
        row = table.add_row().cells
        for cell, text in zip(row, cells):
            p = cell.paragraphs[0]
            _run(p, plain(text), bold=i == 0, size=BODY_PT - 1)
            p.alignment = CENTER


def _signatures(doc, block) -> None:
    table = doc.add_table(rows=1, cols=2)
    for i, (cell, text) in enumerate(zip(table.rows[0].cells, block.cells)):
        p = cell.paragraphs[0]
        if i == 0 and plain(text).startswith(("Nơi nhận", "- ")):  # Decree 30: left, smaller
            title = block.tag == "sign"
            _run(p, plain(text), bold=title, italic=title, size=12 if title else 11)
            p.alignment = LEFT
            continue
        _run(p, plain(text), bold=block.tag != "signhint", italic=block.tag == "signhint")
        p.alignment = CENTER
        if block.tag == "signname":
            p.paragraph_format.space_before = Pt(60)  # room for the signature and the seal
