import click
from flask.cli import AppGroup

from models import db

audit_cli = AppGroup("audit", help="The audit log: check that it is whole.")


@audit_cli.command("verify")
def verify():
    """Walk every entity's hash chain; name the first row that fails and exit 1."""
    from workflows.engine.audit import verify as verify_chains

    checked, problems = verify_chains(db.session)
    if not problems:
        click.echo(f"audit log intact: {checked} rows, every chain links and matches its hashes")
        return
    first_id, reason = problems[0]
    click.echo(f"audit row {first_id} fails: {reason}", err=True)
    if len(problems) > 1:
        click.echo(f"{len(problems) - 1} more row(s) fail after it: "
                   + ", ".join(str(row_id) for row_id, _reason in problems[1:11])
                   + (" ..." if len(problems) > 11 else ""), err=True)
    raise SystemExit(1)
