"""CLI commands: demo, users, orgs, workflows, policies, scheduler, plants, storage, audit,
backup and restore."""


def register_commands(app):
    from .audit import audit_cli
    from .backup import backup, restore
    from .demo import demo_cli
    from .organizations import orgs_cli
    from .plants import plants_cli
    from .policies import policies_cli
    from .scheduler import scheduler_cli
    from .standards import standards_cli
    from .storage import storage_cli
    from .users import users_cli
    from .workflows import workflows_cli

    for group in (demo_cli, users_cli, orgs_cli, workflows_cli, policies_cli, scheduler_cli,
                  plants_cli, storage_cli, audit_cli, backup, restore, standards_cli):
        app.cli.add_command(group)
