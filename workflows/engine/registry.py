"""Every workflow, by name and by the entity type it drives. Importing this module imports
(and so checks) every definition."""
from workflows.machines import cluster_compliance
from workflows.machines import cluster_stage
from workflows.machines import inspection
from workflows.machines import obstacle
from workflows.machines import violation

WORKFLOWS = {wf.name: wf for wf in (
    cluster_stage.WORKFLOW, cluster_compliance.WORKFLOW, inspection.WORKFLOW,
    violation.WORKFLOW, obstacle.WORKFLOW,
)}

_BY_ENTITY: dict[str, list] = {}
_BY_TRIGGER: dict[tuple[str, str], object] = {}
for _wf in WORKFLOWS.values():
    _BY_ENTITY.setdefault(_wf.entity_type, []).append(_wf)
    for _trigger in _wf.triggers:
        if (_wf.entity_type, _trigger) in _BY_TRIGGER:
            from workflows.engine.errors import DefinitionError

            raise DefinitionError(f"trigger {_trigger!r} is declared by two workflows of "
                                  f"{_wf.entity_type!r}")
        _BY_TRIGGER[(_wf.entity_type, _trigger)] = _wf


def workflows_for(entity_type: str) -> list:
    return _BY_ENTITY.get(entity_type, [])


def workflow_for_trigger(entity_type: str, trigger: str):
    return _BY_TRIGGER.get((entity_type, trigger))
