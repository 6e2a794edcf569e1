"""The forms as data (data/papers/forms.csv) and the law's phrases (data/papers/phrases.csv)."""
import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from workflows.engine.messages import msg

DATA = Path(__file__).resolve().parents[3] / "data" / "papers"
# What every paper says of its source: the research read one extraction of each text. A
# Message: the paper keeps the Vietnamese, the page says it in its reader's language.
UNCONFIRMED = msg("Mẫu lập theo một bản trích văn bản gốc, chưa đối chiếu Công báo; chưa xác "
                  "nhận Nghị định 68/2025/NĐ-CP và 190/2025/NĐ-CP có thay đổi mẫu này hay "
                  "không.")


@dataclass(frozen=True)
class Form:
    kind: str
    entity_type: str
    form_code: str
    instrument: str
    heading: str
    title: str
    number_symbol: str
    dated_header: bool
    checked: str
    source: str

    @property
    def label(self) -> str:
        """'Mẫu biên bản số 01 (MBB01), Nghị định 118/2021/NĐ-CP'."""
        name = self.heading or self.form_code
        code = f" ({self.form_code})" if self.heading and self.form_code not in name else ""
        return f"{name}{code}, {self.instrument}"


@cache
def forms() -> dict[str, Form]:
    with open(DATA / "forms.csv", encoding="utf-8", newline="") as fh:
        return {r["kind"]: Form(r["kind"], r["entity_type"], r["form_code"], r["instrument"],
                                r["heading"], r["title"], r["number_symbol"],
                                r["dated_header"] == "yes", r["checked"], r["source"])
                for r in csv.DictReader(fh)}


@cache
def phrases() -> dict[str, str]:
    with open(DATA / "phrases.csv", encoding="utf-8", newline="") as fh:
        return {r["key"]: r["text"] for r in csv.DictReader(fh)}
