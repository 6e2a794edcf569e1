"""The law library's texts for users (refusals, warnings) are Messages: the Vietnamese
filled in, each msgid with its English in the catalogue, said in the reader's language
where they leave workflows (workflows/engine/language.say). The library imports no Flask."""
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from workflows.engine.language import say
from workflows.engine.messages import Message
from workflows.wastewater.binding import LIMITS_HEADER, read_limits, transition_for
from workflows.wastewater.evaluation import EvaluationError, evaluate
from workflows.wastewater.standards import get_standard
from workflows.wastewater.successor import successor_standard

ROOT = Path(__file__).resolve().parents[1]
STD = "QCVN40:2011"
URBAN = {"kind": "urban_drainage_no_wwtp"}
REFUSED = [  # each bad input reaches a different refusal of evaluate()
    ("QCVN99:2030", "B", URBAN, 10, [("cod", 1, "mg/l")]),
    (STD, "C", URBAN, -1, []),
    (STD, "A", URBAN, 10, [("cod", 1, "mg/l")]),
    (STD, "B", "river", 10, [("cod", 1, "mg/l")]),
    (STD, "B", {"kind": "pond"}, 10, [("cod", 1, "mg/l")]),
    (STD, "B", {"kind": "sea", "flow_m3_s": "x"}, 10, [("cod", 1, "mg/l")]),
    (STD, "A", {"kind": "river", "flow_m3_s": 30}, 10, [
        ("bod", 1, "mg/l"), ("cod", "12,5", "g/l"), ("cod", -1, None), ("ph", 15, "-"),
        ("chloride", 1, "mg/l"), "garbage"]),
]
TABLE_ROWS = [("cod,COD,mg/l,A,,,,,,6,9,,false", 400), ("cod,COD,mg/l,B,,,,,75,,,,false", 400),
              ("cod,COD,mg/l,A,0,300,true,true,75,,,,false", 400),
              ("cod,COD,mg/l,A,0,300,true,true,75,,,,false", None)]


def library_texts() -> list:
    texts = []
    for args in REFUSED:
        with pytest.raises(EvaluationError) as caught:
            evaluate(*args)
        texts += caught.value.errors.values()
    texts += evaluate(STD, "B", {"kind": "unknown"}, 10, [("cod", 1, "mg/l")]).warnings
    for line, flow in TABLE_ROWS:
        rows = read_limits(",".join(LIMITS_HEADER) + "\nQCVN40:2025,1,1," + line
                           + ",official_text,test fixture,\n")
        standard = successor_standard(transition_for("QCVN40:2025"), rows, "A",
                                      None if flow is None else Decimal(flow),
                                      get_standard(STD))
        texts += [r.message for r in standard.refusals]
    return texts


def test_every_text_the_library_gives_a_user_is_a_message_with_its_english():
    with (ROOT / "translations/en/LC_MESSAGES/messages.po").open("rb") as fh:
        english = {m.id: m.string for m in read_po(fh) if m.id}
    texts = library_texts()
    assert len(texts) >= 20
    plain = [t for t in texts if not isinstance(t, Message)]
    assert not plain, f"not Messages: {plain}"
    nested = [p for t in texts for p in t.params.values() if isinstance(p, Message)]
    missing = sorted({t.msgid for t in texts + nested if not english.get(t.msgid)})
    assert not missing, f"no English for: {missing}"


def test_a_message_is_its_vietnamese_and_said_in_the_readers_language(app):
    texts = library_texts()
    with app.test_request_context("/", headers={"Accept-Language": "vi"}):
        assert [say(t) for t in texts] == [str(t) for t in texts]
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        said = say({str(i): t for i, t in enumerate(texts)})
    assert all(said[str(i)] != str(t) for i, t in enumerate(texts)), said
    assert "'bod' is not a parameter of QCVN40:2011" in said.values()
    # A Message inside a Message (the shape of a 2025 limit) is said too.
    assert any("is a range" in s and "by exceedance factor" in s for s in said.values())
    assert say("as stored") == "as stored"


def test_the_library_stays_free_of_flask():
    code = ("import sys, workflows.wastewater.evaluation, workflows.wastewater.successor, "
            "workflows.wastewater.fines; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('flask', 'flask_babel')))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"
