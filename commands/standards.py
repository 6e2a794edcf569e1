"""flask --app app standards load FILE: load QCVN 40:2025's limit table (the official one,
once it is found) into data/standards/, after checking it against the format
(workflows/wastewater/binding.py, data/standards/README.md). Nothing is written unless the
whole file is valid; evaluations read it from the next request on."""
import os
import tempfile
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

standards_cli = AppGroup("standards", help="Wastewater standards as data.")


@standards_cli.command("load")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--standard", default="QCVN40:2025", show_default=True,
              help="The standard the table belongs to (every row must name it).")
def load(file, standard):
    """Validate FILE and install it as the limit table of --standard."""
    from workflows.wastewater.binding import (DEFAULT_DIR, LimitsFileError, clear_cache,
                                              read_limits, transition_for)

    directory = Path(current_app.config.get("STANDARDS_DIR") or DEFAULT_DIR)
    transition = transition_for(standard, directory)
    if transition is None or transition.successor != standard:
        raise click.UsageError(f"{standard}: no limit table is expected for it "
                               f"(see {directory / 'transitions.csv'})")
    try:
        text = file.read_text(encoding="utf-8-sig")
        rows = read_limits(text)
    except UnicodeDecodeError:
        raise click.ClickException(f"{file}: not UTF-8 text") from None
    except LimitsFileError as exc:
        for problem in exc.problems:
            click.echo(f"  {problem}", err=True)
        raise click.ClickException(f"{file}: {len(exc.problems)} problem(s); nothing loaded")
    others = sorted({r.standard for r in rows} - {standard})
    if others:
        raise click.ClickException(f"{file}: rows for {', '.join(others)}, expected only "
                                   f"{standard}; nothing loaded")
    if not rows:
        raise click.ClickException(f"{file}: no rows; nothing loaded")
    target = directory / transition.limits_file
    # Written beside the target and renamed over it: a reader sees the old table or the new.
    fd, temporary = tempfile.mkstemp(dir=directory, prefix=".limits-", suffix=".csv")
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
        fh.write(text)
    os.replace(temporary, target)
    clear_cache()
    parameters = len({r.parameter_key for r in rows})
    click.echo(f"loaded {len(rows)} limit rows ({parameters} parameters) of {standard} "
               f"into {target}")
