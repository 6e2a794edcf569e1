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

    __table_args__ = (UniqueConstraint("year", "indicator"),)
