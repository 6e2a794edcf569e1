"""docs/permissions.md, written from workflows/permissions.py and the workflow definitions,
so the rule table cannot drift from the rules (tests/security checks it is current).

    .venv/bin/python -m workflows.permissions_doc > docs/permissions.md
"""
import inspect
from types import SimpleNamespace

from workflows import permissions as p
from workflows.engine.registry import WORKFLOWS

ROLE_SETS = ("OFFICIALS", "MANAGERS", "ADMINS", "INVESTORS", "ORG_FEED_ROLES")


def _doc(fn) -> str:
    text = inspect.getdoc(fn) or ""
    return " ".join(text.split("\n\n")[0].split())


def _role_only_predicates():
    """Predicates that take only the user: their answer per role is the table."""
    found = []
    for name, fn in sorted(vars(p).items()):
        if not (name.startswith("can_") or name == "sees_everything") or not callable(fn):
            continue
        params = list(inspect.signature(fn).parameters.values())
        if len(params) == 1:
            found.append((name, fn))
    return found


def _entity_predicates():
    return [(name, fn) for name, fn in sorted(vars(p).items())
            if (name.startswith("can_") or name == "may_act")
            and callable(fn) and len(inspect.signature(fn).parameters) > 1]


def render() -> str:
    lines = ["# Who may do what", "",
             "Written by `python -m workflows.permissions_doc` from `workflows/permissions.py` "
             "and the workflow definitions; a test fails when this file is not current.", "",
             "## Role sets", "", "| set | roles |", "| --- | --- |"]
    lines += [f"| `{name}` | {', '.join(sorted(getattr(p, name)))} |" for name in ROLE_SETS]
    lines += ["", "## A role fits its organization's kind", "",
              f"{_doc(p.role_fits)} Investor kinds: "
              f"{', '.join(sorted(p.INVESTOR_KINDS))}; every other kind is a state body. "
              "Enforced when a user is created or changed (CLI `users create|set`, "
              "`POST|PATCH /api/v1/users`, the account pages) and when an organization's kind "
              "changes.", "",
              "## Organization scope (`may_act`)", "", _doc(p.may_act), "",
              "## Predicates on the role alone", "",
              "| predicate | " + " | ".join(p.ROLES) + " | what it guards |",
              "| --- | " + " | ".join("---" for _ in p.ROLES) + " | --- |"]
    for name, fn in _role_only_predicates():
        cells = ["yes" if fn(SimpleNamespace(role=role, is_authenticated=True)) else "—"
                 for role in p.ROLES]
        lines.append(f"| `{name}` | " + " | ".join(cells) + f" | {_doc(fn)} |")
    lines += ["", "## Predicates on an object", "", "| predicate | rule |", "| --- | --- |"]
    lines += [f"| `{name}{inspect.signature(fn)}` | {_doc(fn) or '—'} |"
              for name, fn in _entity_predicates()]
    lines += ["", "## Transitions: who may fire each", "",
              "Besides its roles, every transition needs `may_act` (the organization scope) "
              "and its guards.", ""]
    for wf in WORKFLOWS.values():
        lines += [f"### {wf.name} ({wf.entity_type})", "", "| trigger | from | roles |",
                  "| --- | --- | --- |"]
        for t in wf.transitions:
            lines.append(f"| `{t.trigger}` | {', '.join(t.source)} | "
                         f"{', '.join(sorted(t.roles))} |")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    print(render(), end="")
