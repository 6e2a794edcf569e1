"""Deadline policies: the legal timelines in data/deadline_policies.csv are the defaults; an
admin's edited row in the deadline_policies table overrides its default. A due date is
computed when a deadline opens, so a change applies to deadlines opened after it."""
import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from sqlalchemy import select

DATA = Path(__file__).resolve().parent.parent / "data" / "deadline_policies.csv"


@dataclass(frozen=True)
class Policy:
    key: str
    label_vi: str
    label_en: str
    duration: int
    unit: str  # calendar_days | working_days | decision (the date comes from a decision)
    holder: str
    reminders: tuple[int, ...]
    legal_basis: str


@cache
def defaults() -> dict[str, Policy]:
    with DATA.open(encoding="utf-8") as fh:
        return {
            row["key"]: Policy(row["key"], row["label_vi"], row["label_en"],
                               int(row["duration"]), row["unit"], row["holder"],
                               tuple(int(x) for x in row["reminders"].split()),
                               row["legal_basis"])
            for row in csv.DictReader(fh)
        }


def get(session, key: str) -> Policy:
    from models import DeadlinePolicy

    row = session.scalar(select(DeadlinePolicy).where(DeadlinePolicy.key == key))
    if row is None:
        return defaults()[key]
    return Policy(row.key, row.label_vi, row.label_en, row.duration, row.unit, row.holder,
                  tuple(row.reminders), row.legal_basis)
