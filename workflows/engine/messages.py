"""A text a pure library (workflows/wastewater/) writes for a user, to be said in the
reader's language where it leaves workflows (workflows/engine/language.say).

The library may not import Flask-Babel, so it cannot translate; it marks instead:
``msg("“%(parameter)s” không phải thông số của %(standard)s", parameter=key, standard=code)``
is a Message whose value is the Vietnamese filled in (what a record keeps, and what
str(), f-strings and JSON give), and which carries the msgid and the named parameters, so
the boundary can look the msgid up in the catalogue. pybabel extracts ``msg`` as a
keyword (babel.cfg; tests/web/test_i18n.py).

A number among the parameters (an int, a Decimal, not a bool) is written as Vietnamese writes
it in the value (1.234.567; 1,1), and `say` writes it in the reader's format."""
from decimal import Decimal

from workflows.engine.numbers import vietnamese_number


def is_number(value) -> bool:
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


class Message(str):
    msgid: str
    params: dict

    def __new__(cls, msgid: str, **params):
        # Filled in as gettext fills a translation: only when there are parameters.
        filled = {k: vietnamese_number(v) if is_number(v) else v for k, v in params.items()}
        self = super().__new__(cls, msgid % filled if params else msgid)
        self.msgid, self.params = msgid, params
        return self

    def __reduce__(self):
        return (_message, (self.msgid, self.params))


def _message(msgid: str, params: dict) -> Message:
    return Message(msgid, **params)


def msg(msgid: str, **params) -> Message:
    """Mark a Vietnamese msgid with its named parameters (which may be Messages too)."""
    return Message(msgid, **params)
