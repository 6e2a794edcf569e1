import click
from flask.cli import AppGroup

from models import User, db, utcnow
from workflows.permissions import ROLES

users_cli = AppGroup("users", help="Manage user accounts.")


def _organization(code):
    from workflows.operations.accounts import find_organization

    org = find_organization(db.session, code)
    if org is None:
        raise click.UsageError(f"no organization with code {code!r}")
    return org


def _find(username):
    from sqlalchemy import select

    return db.session.scalar(select(User).where(User.username == username))


def _user(username):
    user = _find(username)
    if user is None:
        raise click.UsageError(f"no user {username!r}")
    return user


def _refused(exc):
    return click.UsageError("; ".join(f"{k}: {v}" for k, v in exc.errors.items()))


@users_cli.command("create")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice(ROLES))
@click.option("--org", "org_code", required=True, help="Organization code, e.g. SCT")
@click.option("--name", "full_name", default="")
@click.option("--email", default=None)
@click.password_option(prompt="Password", help="Read from a prompt, or from stdin when piped")
def create(username, role, org_code, full_name, email, password):
    """Create a user; the password comes from a prompt (or stdin), never an argument. The
    role must fit the organization's kind (investor roles in investor organizations)."""
    from workflows.engine.errors import Invalid
    from workflows.operations.accounts import create_user

    org = _organization(org_code)
    if _find(username) is not None:
        raise click.UsageError(f"user {username!r} exists already")
    try:
        create_user(db.session, None, utcnow(), username=username, role=role,
                    organization=org, full_name=full_name, email=email,
                    password=password)
    except Invalid as exc:
        raise _refused(exc) from None
    db.session.commit()
    click.echo(f"created {username} ({role}, {org_code})")


@users_cli.command("set")
@click.argument("username")
@click.option("--role", type=click.Choice(ROLES), default=None)
@click.option("--org", "org_code", default=None, help="Move to the organization with this code")
@click.option("--active/--inactive", default=None,
              help="--inactive ends the user's sessions and tokens at once")
def set_user(username, role, org_code, active):
    """Change a user's role or organization, or (de)activate it (mirrors `orgs set`)."""
    from workflows.engine.errors import Invalid
    from workflows.operations.accounts import update_user

    user = _user(username)
    try:
        changes = update_user(db.session, None, user, utcnow(), role=role, active=active,
                              organization=_organization(org_code) if org_code else None)
    except Invalid as exc:
        raise _refused(exc) from None
    db.session.commit()
    click.echo(f"updated {username}: "
               + (", ".join(f"{k}={v[1]}" for k, v in changes.items()) or "no change"))
