"""flask --app app plants token PLANT_ID: issue the device token of a plant's automatic
monitoring station (printed once; only its sha256 is stored, so a lost token is replaced,
never recovered)."""
import secrets

import click
from flask.cli import AppGroup

from models import WastewaterPlant, db

plants_cli = AppGroup("plants", help="Wastewater plants and their monitoring stations.")


@plants_cli.command("token")
@click.argument("plant_id", type=int)
@click.option("--revoke", is_flag=True, help="Remove the token: the station is refused.")
def token(plant_id, revoke):
    """Issue a new device token for PLANT_ID (the previous one stops working)."""
    from workflows.operations.accounts import token_hash

    plant = db.session.get(WastewaterPlant, plant_id)
    if plant is None:
        raise click.UsageError(f"no wastewater plant with id {plant_id}")
    if revoke:
        plant.device_token_hash = None
        db.session.commit()
        click.echo(f"revoked the device token of plant {plant_id} ({plant.name})")
        return
    issued = secrets.token_urlsafe(32)
    plant.device_token_hash = token_hash(issued)
    db.session.commit()
    click.echo(f"device token for plant {plant_id} ({plant.name}); it is shown only once:",
               err=True)
    click.echo(issued)
    click.echo(f"the station sends: Authorization: Device <token> to "
               f"POST /api/v1/plants/{plant_id}/readings", err=True)
