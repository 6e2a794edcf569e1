import json

import click
from flask.cli import AppGroup

from models import db, utcnow

policies_cli = AppGroup("policies", help="Deadline policies (legal timelines kept as data).")


@policies_cli.command("list")
def list_policies():
    """Every policy in force: the CSV defaults, overridden by admins' changes."""
    from workflows.machines.policies import all_policies

    for p in all_policies(db.session).values():
        ladder = " ".join(map(str, p.reminders))
        click.echo(f"{p.key:28} {p.duration:>4} {p.unit:14} reminders {ladder:18} {p.label_en}")


@policies_cli.command("set")
@click.argument("key")
@click.option("--duration", type=int)
@click.option("--unit", type=click.Choice(["calendar_days", "working_days", "decision",
                                           "recurring"]))
@click.option("--reminders", help='Day offsets from the due date, e.g. "-7 -1 0 1 7"')
@click.option("--legal-basis")
def set_policy(key, duration, unit, reminders, legal_basis):
    """Change a policy; deadlines opened from now on use it (open ones keep their date)."""
    from workflows.engine.errors import Invalid
    from workflows.machines.policies import policy_dict, set_policy as change

    if reminders is not None:
        try:
            reminders = [int(x) for x in reminders.replace(",", " ").split()]
        except ValueError:
            raise click.BadParameter("whole numbers of days", param_hint="--reminders") from None
    try:
        policy = change(db.session, key, None, utcnow(), duration=duration, unit=unit,
                        reminders=reminders, legal_basis=legal_basis)
    except LookupError:
        raise click.UsageError(f"no deadline policy {key!r} (see: flask policies list)") from None
    except Invalid as exc:
        raise click.UsageError(exc.message) from None
    db.session.commit()
    click.echo(json.dumps(policy_dict(policy), ensure_ascii=False))
