"""The language switch: Vietnamese first, English beside it."""
from flask import Blueprint, redirect, request, session, url_for

from .auth import _safe_next

bp = Blueprint("i18n", __name__)
LOCALES = ("vi", "en")


@bp.post("/language/<code>")
def switch(code):
    if code in LOCALES:
        session["locale"] = code
    return redirect(_safe_next(request.form.get("next")) if request.form.get("next")
                    else url_for("home"), code=303)
