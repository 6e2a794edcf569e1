"""What a refused operation raises. Views map each to its HTTP status; a refused
operation has changed nothing, because the request's transaction is rolled back."""


class WorkflowError(Exception):
    status = 400
    code = "workflow_error"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class Conflict(WorkflowError):
    """The trigger is not allowed from the current state, a guard failed, or the entity
    changed since the caller read it (stale version)."""

    status = 409
    code = "conflict"


class Stale(Conflict):
    """The entity changed since the caller read it: a stale write is refused, never applied."""

    def __init__(self, entity):
        # Imported here: the wastewater library raises these errors and stays free of Flask.
        from flask_babel import gettext as _

        super().__init__(_("Dữ liệu đã bị người khác thay đổi (phiên bản hiện tại: %(version)s), vui "
                           "lòng tải lại rồi thực hiện lại", version=entity.version))


class Forbidden(WorkflowError):
    status = 403
    code = "forbidden"


class Invalid(WorkflowError):
    """Required fields missing or malformed: {field: message}."""

    status = 422
    code = "invalid"

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


class DefinitionError(Exception):
    """A workflow declared as data is broken; raised at import so the app cannot start."""
