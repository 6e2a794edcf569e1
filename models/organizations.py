"""Organizations, users and API tokens. Organization kinds are editable data, not an enum:
departments were renamed and the district level abolished in 2025."""
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from .base import UTCDateTime, db, utcnow

# The kinds the product's rules know (permissions.py reads some of them); an administrator
# may add others, which the organization form then offers too.
KNOWN_KINDS = ("industry_department", "environment_department", "city_committee",
               "commune_committee", "investor")


class Organization(db.Model):
    __tablename__ = "organizations"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name_vi: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    kind: Mapped[str] = mapped_column(String(40))  # department, commune_committee, investor, ...
    email: Mapped[str | None] = mapped_column(String(200))
    # Escalation goes to the supervising organization (a commune to the department, ...).
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"))
    active: Mapped[bool] = mapped_column(default=True)

    parent: Mapped["Organization | None"] = relationship(remote_side=[id])

    entity_type = "organization"

    def to_dict(self):
        return {"id": self.id, "code": self.code, "name_vi": self.name_vi,
                "name_en": self.name_en, "kind": self.kind, "parent_id": self.parent_id,
                "active": self.active}


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    full_name: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    # Indexed: every notice, reminder and digest finds its recipients by organization.
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    locale: Mapped[str] = mapped_column(String(5), default="vi")
    active: Mapped[bool] = mapped_column(default=True)
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Kept server-side and carried in the session cookie: logout, a password change or a
    # deactivation raises it, and every session and token made before stops at once.
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")
    # A password an administrator set (a reset): the user must choose their own first.
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default="0")

    organization: Mapped[Organization] = relationship(lazy="joined")

    entity_type = "user"  # its audit chain: logins, failed logins, account changes

    @property
    def is_active(self):  # Flask-Login: the user and its organization both active
        return self.active and self.organization.active

    def get_id(self):  # Flask-Login: the session names the user and its session version
        return f"{self.id}:{self.session_version}"

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def to_dict(self):
        return {"id": self.id, "username": self.username, "full_name": self.full_name,
                "role": self.role, "organization": self.organization.to_dict(),
                "active": self.active}


class ApiToken(db.Model):
    """Bearer tokens for the JSON API. Only a hash is stored: a leaked database leaks no token."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship()
