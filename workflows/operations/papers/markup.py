"""One template, two formats: a paper's text is a Jinja template (templates/documents/) that
renders to a few line-based blocks, and the PDF and DOCX writers each lay those blocks out.

A line starts with its block's tag; an untagged line is a body paragraph:

    #title TEXT          centred, bold, capitals (the paper's name)
    #subtitle TEXT       centred, bold (its subject line)
    #center TEXT         centred
    #p TEXT              body paragraph, justified, first line indented
    #item TEXT           paragraph indented as a list item
    #table               then "| a | b |" rows; the first is the header
    #sign A || B         two signature columns: the title row ...
    #signhint A || B     ... the "(Ký, ghi rõ họ và tên)" row ...
    #signname A || B     ... and the names, under the space left for the signatures
    #note TEXT           a small italic note (what the research could not confirm)
    #pagebreak           what follows starts a new page (the form's "printed on the back")

Inline, **bold** and _italic_ spans mark runs."""
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

TEMPLATES = Path(__file__).resolve().parents[3] / "templates" / "documents"
BLANK = "…………"
SHORT_BLANK = "……"  # in a date: "ngày …… tháng …… năm ……"
_SPAN = re.compile(r"(\*\*.+?\*\*|(?<![\w/])_.+?_(?![\w/]))")


@dataclass
class Block:
    tag: str
    text: str = ""
    cells: list = field(default_factory=list)  # a table's rows; a signature row's columns


def blank(value, width: int = 1) -> str:
    """The value as printed, or a dotted blank the official fills by hand."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return BLANK * width
    return " ".join(str(value).split())  # one line: a newline would break the block syntax


@cache
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=False,
                      undefined=StrictUndefined, trim_blocks=False, lstrip_blocks=True,
                      keep_trailing_newline=False)
    env.filters["blank"] = blank
    return env


def render(kind: str, context: dict) -> list[Block]:
    return parse(environment().get_template(f"{kind}.txt").render(**context))


def parse(text: str) -> list[Block]:
    blocks: list[Block] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("{#"):
            continue
        if line.startswith("|"):
            if blocks and blocks[-1].tag == "table":
                blocks[-1].cells.append([c.strip() for c in line.strip("|").split("|")])
            continue
        tag, _, rest = line.partition(" ") if line.startswith("#") else ("#p", "", line)
        tag = tag[1:]
        if tag in ("sign", "signhint", "signname"):
            blocks.append(Block(tag, cells=[c.strip() for c in rest.split("||")]))
        elif tag == "table":
            blocks.append(Block("table"))
        else:
            blocks.append(Block(tag, rest.strip()))
    return blocks


def spans(text: str) -> list[tuple[str, str]]:
    """[(style, text)]: style '' (regular), 'B' (bold) or 'I' (italic)."""
    out = []
    for part in _SPAN.split(text):
        if not part:
            continue
        if part.startswith("**") and part.endswith("**") and len(part) > 4:
            out.append(("B", part[2:-2]))
        elif part.startswith("_") and part.endswith("_") and len(part) > 2:
            out.append(("I", part[1:-1]))
        else:
            out.append(("", part))
    return out


def plain(text: str) -> str:
    return "".join(t for _, t in spans(text))
