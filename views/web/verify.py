"""/verify/<hash>: the public page a paper's QR code opens, and its JSON twin for other
systems (/api/v1/verify/<hash>). No login: whoever holds the paper may check it."""
from datetime import date

from flask import Blueprint, abort, jsonify, render_template
from flask_babel import gettext as _

from forms.web_labels import PAPER_KINDS
from models import db
from workflows.operations.papers.verify import find, public_facts

from .filters import lang, vndate

bp = Blueprint("verify", __name__)


@bp.get("/verify/<digest>")
def page(digest):
    paper = find(db.session, digest) or abort(404)
    facts = {**public_facts(db.session, paper, lang()), "title": PAPER_KINDS[paper.kind]}
    shown = {k: vndate(date.fromisoformat(facts[k])) if facts[k] else None
             for k in ("date", "superseded_on")}
    return render_template("papers/verify.html", facts=facts, shown=shown, digest=digest)


@bp.get("/api/v1/verify/<digest>")
def as_json(digest):
    paper = find(db.session, digest)
    if paper is None:
        return jsonify({"error": "not_found", "message": _("Không tìm thấy văn bản")}), 404
    return jsonify({"sha256": paper.sha256, "verify_hash": paper.verify_hash,
                    **public_facts(db.session, paper, "vi")})
