import click
from flask.cli import AppGroup
from sqlalchemy import select

users_cli = AppGroup("users", help="Manage user accounts.")


@users_cli.command("create")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice(["admin", "manager", "inspector",
                                                          "investor"]))
@click.option("--org", "org_code", required=True, help="Organization code, e.g. SCT")
@click.option("--name", "full_name", default="")
@click.option("--email", default=None)
@click.password_option(prompt="Password", help="Read from a prompt, or from stdin when piped")
def create(username, role, org_code, full_name, email, password):
    """Create a user; the password comes from a prompt (or stdin), never an argument."""
    from models import Organization, User, db

    org = db.session.scalar(select(Organization).where(Organization.code == org_code))
    if org is None:
        raise click.UsageError(f"no organization with code {org_code!r}")
    if db.session.scalar(select(User).where(User.username == username)):
        raise click.UsageError(f"user {username!r} exists already")
    if len(password) < 8:
        raise click.UsageError("the password needs at least 8 characters")
    user = User(username=username, role=role, organization_id=org.id, full_name=full_name,
                email=email)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    click.echo(f"created {username} ({role}, {org_code})")
