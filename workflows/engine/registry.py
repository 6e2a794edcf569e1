"""Every workflow, by name and by the entity type it drives. Each definition is checked here,
once, against the guards, effects and field rules the machines declare."""
from workflows.engine.definition import check_definition
from workflows.engine.errors import DefinitionError
from workflows.engine.fields import RULES
from workflows.machines import cluster_compliance, cluster_stage, inspection, obstacle, violation
from workflows.machines.effects import EFFECTS
from workflows.machines.field_rules import DOMAIN_RULES
from workflows.machines.guards import GUARDS

# The field rules that read the domain join the engine's generic ones before any check.
RULES.update(DOMAIN_RULES)

WORKFLOWS = {wf.name: wf for wf in (
    cluster_stage.WORKFLOW, cluster_compliance.WORKFLOW, inspection.WORKFLOW,
    violation.WORKFLOW, obstacle.WORKFLOW,
)}


def check(wf) -> None:
    check_definition(wf, GUARDS, EFFECTS)


_BY_ENTITY: dict[str, list] = {}
_BY_TRIGGER: dict[tuple[str, str], object] = {}
for _wf in WORKFLOWS.values():
    check(_wf)
    _BY_ENTITY.setdefault(_wf.entity_type, []).append(_wf)
    for _trigger in _wf.triggers:
        if (_wf.entity_type, _trigger) in _BY_TRIGGER:
            raise DefinitionError(f"trigger {_trigger!r} is declared by two workflows of "
                                  f"{_wf.entity_type!r}")
        _BY_TRIGGER[(_wf.entity_type, _trigger)] = _wf


def workflows_for(entity_type: str) -> list:
    return _BY_ENTITY.get(entity_type, [])


def is_closed(entity) -> bool:
    """The entity's record is closed: one of its workflows stands in a final state."""
    return any(wf.state_by_name[getattr(entity, wf.attribute)].final
               for wf in workflows_for(entity.entity_type))


def workflow_for_trigger(entity_type: str, trigger: str):
    return _BY_TRIGGER.get((entity_type, trigger))
