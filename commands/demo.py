import click
from flask.cli import AppGroup

from models import db

demo_cli = AppGroup("demo", help="Demo data.")


@demo_cli.command("load")
def load():
    """Load the demo Hanoi (idempotent: does nothing when it is there already)."""
    from demo.loader import load_demo

    created = load_demo(db.session)
    db.session.commit()
    click.echo(created)
