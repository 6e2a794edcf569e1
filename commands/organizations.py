import click
from flask.cli import AppGroup
from sqlalchemy import select

from models import Organization, db, utcnow

orgs_cli = AppGroup("orgs", help="Organizations: departments, committees, investors.")


@orgs_cli.command("list")
def list_orgs():
    for org in db.session.scalars(select(Organization).order_by(Organization.code)):
        parent = org.parent.code if org.parent else "-"
        state = "" if org.active else "  (inactive)"
        click.echo(f"{org.code:<16} {org.kind:<24} {parent:<12} {org.name_vi}{state}")


def _save(create, code, kind, name_vi, name_en, email, parent, active):
    from workflows.engine.errors import Invalid
    from workflows.operations.organizations import save_organization

    parent_id = None
    if parent:
        parent_id = db.session.scalar(select(Organization.id).where(Organization.code == parent))
        if parent_id is None:
            raise click.UsageError(f"no organization with code {parent!r}")
    try:
        org, changes = save_organization(db.session, None, utcnow(), code=code, create=create,
                                         kind=kind, name_vi=name_vi, name_en=name_en,
                                         email=email, parent_id=parent_id, active=active)
    except Invalid as exc:
        raise click.UsageError("; ".join(f"{k}: {v}" for k, v in exc.errors.items())) from None
    db.session.commit()
    click.echo(f"{'created' if create else 'updated'} {org.code}: "
               + (", ".join(f"{k}={v[1]}" for k, v in changes.items()) or "no change"))


_options = [
    click.option("--kind", help="e.g. industry_department, environment_department, "
                                "commune_committee, city_committee, investor"),
    click.option("--name-vi"), click.option("--name-en"), click.option("--email"),
    click.option("--parent", help="code of the supervising organization (escalations go there)"),
]


def _with_options(fn):
    for option in reversed(_options):
        fn = option(fn)
    return fn


@orgs_cli.command("create")
@click.argument("code")
@_with_options
def create(code, kind, name_vi, name_en, email, parent):
    """Create an organization (kind and Vietnamese name required)."""
    _save(True, code, kind, name_vi, name_en, email, parent, None)


@orgs_cli.command("set")
@click.argument("code")
@_with_options
@click.option("--active/--inactive", default=None)
def set_org(code, kind, name_vi, name_en, email, parent, active):
    """Change an organization: a rename, a new kind, a new supervisor, deactivation."""
    _save(False, code, kind, name_vi, name_en, email, parent, active)
