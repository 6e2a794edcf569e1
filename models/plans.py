"""The city's yearly plan targets, entered as data so next year's plan needs no code."""
from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import db


class PlanTarget(db.Model):
    __tablename__ = "plan_targets"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int]
    indicator: Mapped[str] = mapped_column(String(60))
    min_value: Mapped[int]
    max_value: Mapped[int | None]
    label_vi: Mapped[str] = mapped_column(String(300))
    label_en: Mapped[str] = mapped_column(String(300))
    scope: Mapped[str] = mapped_column(String(300), default="")
    # Two managers editing the same target: the second is told, not silently overwritten.
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}

    __table_args__ = (UniqueConstraint("year", "indicator"),)

    entity_type = "plan_target"

    def to_dict(self) -> dict:
        return {"id": self.id, "year": self.year, "indicator": self.indicator,
                "min_value": self.min_value, "max_value": self.max_value,
                "label_vi": self.label_vi, "label_en": self.label_en, "scope": self.scope,
                "version": self.version}
