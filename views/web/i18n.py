"""The language switch: Vietnamese first, English beside it. A logged-in user's choice is
kept on their row too, so the notices and e-mails sent to them come in that language."""
from flask import Blueprint, redirect, request, session, url_for
from flask_login import current_user

from .auth import safe_next

bp = Blueprint("i18n", __name__)
LOCALES = ("vi", "en")


@bp.post("/language/<code>")
def switch(code):
    if code in LOCALES:
        session["locale"] = code
        if current_user.is_authenticated:
            current_user.locale = code
    return redirect(safe_next(request.form.get("next")) if request.form.get("next")
                    else url_for("home"), code=303)
