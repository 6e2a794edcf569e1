"""The notes of fine suggestions stored in English by older rows, in the page's language.

workflows/wastewater/fines.py now writes its notes as Messages with Vietnamese msgids: a
suggestion served on request says them in the reader's language (workflows/engine/language.say)
and a violation keeps them in Vietnamese, as every text kept with a record is (docs/i18n.md);
those pass through here unchanged. Violations stored before that still hold the English the
library used to write: each known English note is matched here and said through the same
msgids, its figures in the page's format. This module goes when no stored row holds them."""
import re
from decimal import Decimal

from flask_babel import gettext as _

from forms.evaluations import RECEIVING
from workflows.engine.language import say
from workflows.wastewater import fine_readings as notes

from .filters import number

FIXED = {
    "Art. 7(2): each parameter counted once, at its worst measurement": notes.COUNTED_ONCE,
    "surcharges use each parameter's own article's bands (Art. 18(7) or 19(11)); the text does "
    "not say which applies across articles": notes.OWN_BANDS,
    "surcharge base: fine_of_violation_chosen (the percentage of the chosen violation's range, "
    "min and max)": notes.BASE_READINGS["fine_of_violation_chosen"],
    "surcharge base: top_of_range (the percentage of the top of the chosen violation's range)":
        notes.BASE_READINGS["top_of_range"],
    "repeat: exceedances in the warning band are fined under the band that starts where the "
    "warning ends (clause 2) and add no surcharge (none is listed there)": notes.REPEAT_BAND,
    "pH is fined under Art. 19 by pH band, though it is not a hazardous parameter":
        notes.PH_BY_BAND,
}
WHY = {
    "it is hazardous": notes.WHY_HAZARDOUS,
    "of the larger exceedance factor, then input order (the text says only: hazardous first)":
        notes.WHY_LARGER,
}
_FIG = r"[\d.]+"
_VND = r"[\d,]+"


def _vnd(text: str) -> int:
    return int(text.replace(",", ""))


PATTERNS = [
    (re.compile(rf"^(?P<p>[\w()]+): over the limit but under (?P<x>{_FIG})x, a warning only "
                r"\(no surcharge\)$"),
     lambda m: notes.warned_note(m["p"], Decimal(m["x"]))),
    (re.compile(rf"^(?P<cited>.+) applies except where the act is an environmental crime"
                rf"(?:: its flow tiers end at (?P<last>{_FIG}) m3/day and over, .*)?$"),
     lambda m: notes.crime_note(m["cited"], Decimal(m["last"]) if m["last"] else None)),
    (re.compile(rf"^(?P<cited>.+) \((?P<lo>{_FIG})-(?P<hi>{_FIG})x\) carries (?P<a>{_VND})-"
                rf"(?P<b>{_VND}) VND at this flow, not less than this point's (?P<c>{_VND})-"
                rf"(?P<d>{_VND}) VND$"),
     lambda m: notes.lower_band_note(m["cited"], Decimal(m["lo"]), Decimal(m["hi"]),
                                     (_vnd(m["a"]), _vnd(m["b"])), (_vnd(m["c"]), _vnd(m["d"])))),
    (re.compile(r"^(?P<p>[\w()]+): surcharged on its exceedance factor with Art\. (?P<a>\d+)"
                r"\((?P<c>\d+)\)'s bands \(the text gives none for radioactivity\)$"),
     lambda m: notes.radioactive_surcharge_note(m["p"], int(m["a"]), int(m["c"]))),
    (re.compile(r"^Art\. 7\(3\): (?P<p>[\w()]+) ties on the fine with (?P<others>.+); chosen "
                r"because (?P<why>.+)$"),
     lambda m: notes.tie_note(m["p"], m["others"], WHY.get(m["why"], m["why"]))),
    # The evaluation's own warning, which older rows hold in English too.
    (re.compile(rf"^receiving water unknown: took the strictest 'no data' rule, (?P<name>\w+) "
                rf"\((?P<body>\w+): .*\) = (?P<v>{_FIG})$"),
     lambda m: _("Chưa rõ nguồn tiếp nhận: áp dụng hệ số chặt nhất khi không có số liệu "
                 "(%(body)s), %(name)s = %(v)s", name=m["name"].capitalize(), v=number(m["v"]),
                 body=RECEIVING.get(m["body"], m["body"]))),
]


# How the evaluation's unconfirmed warnings began, in Vietnamese or the English older rows hold.
STORED_UNCONFIRMED_PREFIXES = ("Chưa xác nhận: ", "unconfirmed: ")


def unconfirmed_warnings(evaluation: dict | None) -> list[str]:
    """The warnings of ``evaluation`` (Evaluation.to_dict(), as served or stored) saying a Kq/Kf
    or a limit is unconfirmed, which evaluations/_suggestion.html says from the evaluation's
    coefficients and results instead. A row stored before the evaluation listed them apart
    (``unconfirmed_warnings``) holds only the texts: those are known by how they began."""
    if not evaluation:
        return []
    if "unconfirmed_warnings" in evaluation:
        return evaluation["unconfirmed_warnings"]
    return [w for w in evaluation.get("warnings") or ()
            if w.startswith(STORED_UNCONFIRMED_PREFIXES)]


def fine_note(text) -> str:
    """One note in the page's language: an older row's English one said again, any other
    (Vietnamese as stored, or already said on request) as it is."""
    if not isinstance(text, str):
        return text
    found = FIXED.get(text)
    if found is not None:
        return say(found)
    for pattern, note in PATTERNS:
        match = pattern.match(text)
        if match:
            return say(note(match))  # a Message, or a str already said
    return text
