"""What a paper is before it is a file: its header (issuing body, number, place and date),
its blocks (markup.py) and what identifies it (title, number, QR link). Both writers lay out
the same Paper, so the PDF and the DOCX say the same thing."""
from dataclasses import dataclass, field

from .markup import Block

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_SUB = "Độc lập - Tự do - Hạnh phúc"

# Decree 30/2020/NĐ-CP, Appendix I: A4; top and bottom margins 20-25 mm, left 30-35 mm,
# right 15-20 mm; Times New Roman (here its metric twin, Liberation Serif) 13-14 pt.
PAGE_MM = (210, 297)
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
BODY_PT, TITLE_PT, HEADER_PT, NOTE_PT = 13, 14, 13, 11


@dataclass
class Paper:
    kind: str
    title: str  # what the verification page shows: "Biên bản vi phạm hành chính"
    number: str | None  # as printed; None where the form has no number line
    issuer: str  # the issuing organization's name
    header_left: list[tuple[str, str]]  # (style, text) lines above the number: '' or 'B'
    number_line: str | None  # "Số: 12/BB-VPHC"
    place_date: str | None  # "Hà Nội, ngày 06 tháng 12 năm 2026", under the motto
    blocks: list[Block]
    form_label: str  # "Mẫu biên bản số 01, Nghị định 118/2021/NĐ-CP"
    verify_url: str = ""
    draft: bool = False
    notes: list[str] = field(default_factory=list)  # printed at the end, in italics
