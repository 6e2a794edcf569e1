from pathlib import Path

from workflows.permissions_doc import render

DOC = Path(__file__).resolve().parents[2] / "docs" / "permissions.md"


def test_the_rule_table_in_docs_is_current(app):
    with app.app_context():
        assert DOC.read_text() == render(), (
            "docs/permissions.md is out of date: run "
            "`.venv/bin/python -m workflows.permissions_doc > docs/permissions.md`")
