import click
from flask.cli import AppGroup

workflows_cli = AppGroup("workflows", help="Inspect the workflow definitions.")


@workflows_cli.command("check")
def check():
    """Load and check every workflow definition (also done at import)."""
    from workflows.engine.registry import WORKFLOWS

    for wf in WORKFLOWS.values():
        finals = [s.name for s in wf.states if s.final]
        click.echo(f"ok  {wf.name}: {len(wf.states)} states, {len(wf.transitions)} "
                   f"transitions, final: {', '.join(finals) or '-'}")


@workflows_cli.command("mermaid")
@click.argument("name")
def mermaid(name):
    """Print a workflow's diagram as Mermaid text."""
    from workflows.engine.registry import WORKFLOWS

    if name not in WORKFLOWS:
        raise click.UsageError(f"unknown workflow {name!r}; one of {', '.join(WORKFLOWS)}")
    click.echo(WORKFLOWS[name].mermaid())
