from .attachments import Attachment
from .audit import AuditEntry
from .blobs import Blob
from . import sqlite  # noqa: F401  (SQLite connection settings)
from .base import db, utcnow
from .clusters import Cluster, WastewaterPlant
from .deadlines import Deadline, DeadlinePolicy
from .inspections import Finding, Inspection, Measurement
from .monitoring import PlantReading
from .notifications import Notification
from .obstacles import Obstacle
from .organizations import ApiToken, Organization, User
from .plans import PlanTarget
from .scheduler import CalendarFeed, DeadlineChange, RecurringOccurrence, SchedulerHeartbeat
from .violations import Violation

__all__ = [
    "db", "utcnow", "Attachment", "AuditEntry", "Blob", "Cluster", "WastewaterPlant", "Deadline",
    "DeadlinePolicy", "Finding", "Inspection", "Measurement", "Notification", "ApiToken",
    "Organization", "User", "PlanTarget", "Violation", "PlantReading",
    "CalendarFeed", "DeadlineChange", "RecurringOccurrence", "SchedulerHeartbeat",
    "Obstacle",
]
