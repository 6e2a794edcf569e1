"""Accounts: the one authentication path for the pages and the API, sessions that end, and
the changes an administrator makes to users.

A refused login answers the same whatever was wrong (no such user, a wrong password, a
locked or inactive account), so the answer tells a guesser nothing. Each failure is counted
by one UPDATE ... RETURNING on the user row (PostgreSQL locks the row until the request
commits): parallel guesses cannot read the same count. The caller commits the count and
its audit row although it refuses the request."""
import hashlib
import secrets
import threading
from datetime import datetime, timedelta
from functools import cache

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, delete, literal, or_, select, update
from werkzeug.security import check_password_hash, generate_password_hash

from models import ApiToken, Organization, User
from models.base import UTCDateTime, aware
from workflows.engine.audit import Subject, write_audit
from workflows.engine.errors import Forbidden, Invalid
from workflows.engine.fields import column_errors
from workflows.permissions import ROLES, role_fits

MAX_FAILED = 5
LOCK_FOR = timedelta(minutes=15)
MIN_PASSWORD = 8
REFUSED = _l("Sai tên đăng nhập hoặc mật khẩu. Sau 5 lần nhập sai liên tiếp, tài khoản bị "
             "tạm khóa 15 phút.")
# A temporary password opens only the page that changes it (the web login sends its user
# there): no API token is issued to its user, nor accepted from them, until it is changed.
TEMPORARY_PASSWORD = _l("Tài khoản đang dùng mật khẩu tạm: hãy đăng nhập trang web và đổi mật "
                        "khẩu trước khi dùng API")


class LoginRefused(Exception):
    """Every refused login, whatever the reason: one message for all."""

    def __init__(self):
        super().__init__(str(REFUSED))
        self.message = REFUSED


# scrypt holds 32 MB while it runs: two checks at a time per process keep a worker's memory
# bounded under a burst of logins; the others wait their turn, a fraction of a second.
_HASHING = threading.BoundedSemaphore(2)


def password_matches(password_hash: str, password: str) -> bool:
    with _HASHING:
        return check_password_hash(password_hash, password)


@cache
def _decoy_hash() -> str:
    return generate_password_hash(secrets.token_hex(16))


def _unlocked(now):
    return or_(User.locked_until.is_(None), User.locked_until <= now)


def authenticate(session, username: str, password: str, now: datetime, *, channel: str,
                 address: str | None = None) -> User:
    """The user, or LoginRefused. A success clears the count in the caller's transaction; a
    failure is counted and audited in a transaction of its own (see the module's doc)."""
    username = (username or "").strip()
    user = session.scalar(select(User).where(User.username == username))
    where = {"channel": channel, "address": address}
    if user is None:
        password_matches(_decoy_hash(), password)  # the same work as for a real user
        _note_failure(session, None, now, {**where, "username": username[:80]})
        raise LoginRefused()
    if not password_matches(user.password_hash, password):
        _note_failure(session, user.id, now, where)
        raise LoginRefused()
    if not user.is_active:
        _note_failure(session, user.id, now, {**where, "reason": "inactive"}, count=False)
        raise LoginRefused()
    locked = {**where, "reason": "locked"}
    if is_locked(user, now):
        _note_failure(session, user.id, now, locked, count=False)
        raise LoginRefused()
    # A right password still needs an unlocked account: checked and cleared in one statement
    # (a lock taken since the read above leaves the row unchanged).
    cleared = session.execute(
        update(User).where(User.id == user.id, _unlocked(now))
        .values(failed_logins=0, locked_until=None).returning(User.id)
        .execution_options(synchronize_session=False)).first()
    if cleared is None:
        _note_failure(session, user.id, now, locked, count=False)
        raise LoginRefused()
    session.expire(user, ["failed_logins", "locked_until"])
    write_audit(session, entity=user, workflow="account", trigger="login", actor=user, now=now,
                data=where)
    return user


def _note_failure(session, user_id, now, data: dict, count: bool = True) -> None:
    """Count a failure (locking the account at MAX_FAILED) and audit it. The caller keeps
    them although it refuses the request (views.transaction.keep_refusal)."""
    if user_id is not None and count:
        reached = User.failed_logins + 1 >= MAX_FAILED
        row = session.execute(
            update(User).where(User.id == user_id, _unlocked(now))
            .values(failed_logins=case((reached, 0), else_=User.failed_logins + 1),
                    locked_until=case((reached, literal(now + LOCK_FOR, UTCDateTime())),
                                      else_=User.locked_until))
            .returning(User.failed_logins, User.locked_until)
            .execution_options(synchronize_session=False)).first()
        data = {**data, "failures": row.failed_logins if row else None,
                "locked": bool(row and row.locked_until is not None)}
    write_audit(session, entity=Subject("user", user_id or 0), workflow="account",
                trigger="login_failed", actor=None, now=now, data=data)
    session.flush()


def is_locked(user, now) -> bool:
    return user.locked_until is not None and aware(user.locked_until) > now


# Sessions ----------------------------------------------------------------------------------

def end_sessions(session, user) -> None:
    """Every session and API token of `user` stops now: the session version moves on (the
    cookie's no longer matches) and the tokens are deleted."""
    session.execute(update(User).where(User.id == user.id)
                    .values(session_version=User.session_version + 1)
                    .execution_options(synchronize_session=False))
    session.execute(delete(ApiToken).where(ApiToken.user_id == user.id)
                    .execution_options(synchronize_session=False))
    session.expire(user, ["session_version"])


def end_organization_sessions(session, organization) -> None:
    users = select(User.id).where(User.organization_id == organization.id)
    session.execute(update(User).where(User.organization_id == organization.id)
                    .values(session_version=User.session_version + 1)
                    .execution_options(synchronize_session="fetch"))
    session.execute(delete(ApiToken).where(ApiToken.user_id.in_(users))
                    .execution_options(synchronize_session=False))


def session_user(session, session_id: str):
    """The user a session cookie names ("<user id>:<session version>"), or None when the
    version moved on or the user or its organization is inactive."""
    user_id, _, version = (session_id or "").partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    user = session.get(User, int(user_id))
    if user is None or user.session_version != int(version) or not user.is_active:
        return None
    return user


def logout(session, user, now) -> None:
    end_sessions(session, user)
    write_audit(session, entity=user, workflow="account", trigger="logout", actor=user, now=now)


# API tokens --------------------------------------------------------------------------------

def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def require_own_password(user) -> None:
    """Forbidden while `user` must still change a temporary password."""
    if user.must_change_password:
        raise Forbidden(str(TEMPORARY_PASSWORD))


def issue_token(session, user, now: datetime, hours: int) -> tuple[str, ApiToken]:
    require_own_password(user)
    token = secrets.token_urlsafe(32)
    row = ApiToken(user_id=user.id, token_hash=token_hash(token), created_at=now,
                   expires_at=now + timedelta(hours=hours))
    session.add(row)
    session.flush()
    write_audit(session, entity=user, workflow="account", trigger="token_issued", actor=user,
                now=now, data={"token_id": row.id})
    return token, row


def token_user(session, token: str, now: datetime):
    """The user a bearer token stands for, or None (unknown, expired, or its user or
    organization inactive)."""
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == token_hash(token)))
    if row is None or aware(row.expires_at) < now or not row.user.is_active:
        return None
    return row.user


def own_tokens(session, user) -> list[ApiToken]:
    return list(session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)
                                .order_by(ApiToken.id)))


def revoke_token(session, user, token_id: int, now: datetime) -> bool:
    """Revoke one of the user's own tokens; False when it is not theirs (or not there)."""
    row = session.get(ApiToken, token_id)
    if row is None or row.user_id != user.id:
        return False
    session.delete(row)
    write_audit(session, entity=user, workflow="account", trigger="token_revoked", actor=user,
                now=now, data={"token_id": token_id})
    session.flush()
    return True


# Passwords ---------------------------------------------------------------------------------

def password_problem(user_or_name, password: str):
    name = getattr(user_or_name, "username", user_or_name) or ""
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        return _l("Mật khẩu cần ít nhất %(n)s ký tự", n=MIN_PASSWORD)
    if len(password) > 200:
        return _l("Mật khẩu quá dài")
    if name and password.lower() == name.lower():
        return _l("Mật khẩu không được trùng tên đăng nhập")
    return None


def change_password(session, user, now: datetime, *, current: str, new: str) -> None:
    """The user's own change: the current password first. Every other session and token of
    the user ends; the caller logs the present session in again."""
    errors = {}
    if not password_matches(user.password_hash, current or ""):
        errors["current_password"] = _l("Mật khẩu hiện tại không đúng")
    problem = password_problem(user, new)
    if problem:
        errors["new_password"] = problem
    elif password_matches(user.password_hash, new):
        errors["new_password"] = _l("Mật khẩu mới phải khác mật khẩu hiện tại")
    if errors:
        raise Invalid({k: str(v) for k, v in errors.items()})
    user.set_password(new)
    user.must_change_password = False
    session.flush()
    end_sessions(session, user)
    write_audit(session, entity=user, workflow="account", trigger="password_changed",
                actor=user, now=now)


def temporary_password() -> str:
    return secrets.token_urlsafe(9)


def reset_password(session, actor, user, now: datetime) -> str:
    """A temporary password, to be changed at the next login; the user's sessions end."""
    password = temporary_password()
    user.set_password(password)
    user.must_change_password = True
    user.failed_logins, user.locked_until = 0, None
    session.flush()
    end_sessions(session, user)
    write_audit(session, entity=user, workflow="account", trigger="password_reset",
                actor=actor, now=now)
    return password


def unlock(session, actor, user, now: datetime) -> None:
    user.failed_logins, user.locked_until = 0, None
    session.flush()
    write_audit(session, entity=user, workflow="account", trigger="unlock", actor=actor, now=now)


# Users -------------------------------------------------------------------------------------

def _check_role(role, organization, errors: dict) -> None:
    if role not in ROLES:
        errors["role"] = str(_l("Vai trò không hợp lệ"))
    elif organization is not None and not role_fits(role, organization):
        errors["role"] = str(_l("Vai trò %(role)s không phù hợp với loại tổ chức %(kind)s",
                                role=role, kind=organization.kind))


def create_user(session, actor, now: datetime, *, username: str, role: str, organization,
                full_name: str = "", email: str | None = None,
                password: str | None = None) -> tuple[User, str | None]:
    """A new user. Without a password, a temporary one (returned) to change at first login."""
    errors = {}
    username = (username or "").strip()
    if not username or len(username) > 80:
        errors["username"] = str(_l("Tên đăng nhập cần 1 đến 80 ký tự"))
    elif session.scalar(select(User.id).where(User.username == username)) is not None:
        errors["username"] = str(_l("Tên đăng nhập đã có người dùng"))
    if organization is None:
        errors["organization_id"] = str(_l("Không có tổ chức này"))
    elif not organization.active:
        errors["organization_id"] = str(_l("Tổ chức đã ngừng hoạt động"))
    _check_role(role, organization, errors)
    errors.update(column_errors(User, {"full_name": full_name, "email": email}))
    temporary = None
    if password is None:
        temporary = password = temporary_password()
    elif password_problem(username, password):
        errors["password"] = str(password_problem(username, password))
    if errors:
        raise Invalid(errors)
    user = User(username=username, role=role, organization_id=organization.id,
                organization=organization, full_name=full_name or "", email=email or None,
                must_change_password=temporary is not None)
    user.set_password(password)
    session.add(user)
    session.flush()
    write_audit(session, entity=user, workflow="account", trigger="create", actor=actor,
                now=now, data={"role": role, "organization_id": organization.id})
    return user, temporary


def update_user(session, actor, user, now: datetime, *, role=None, organization=None,
                active=None, full_name=None, email=None) -> dict:
    """Change a user's role, organization, name or e-mail, or (de)activate it. Returns the
    changes as {field: [before, after]}. A deactivation ends the user's sessions at once."""
    errors = {}
    new_org = organization if organization is not None else user.organization
    new_role = role if role is not None else user.role
    if organization is not None and not organization.active:
        errors["organization_id"] = str(_l("Tổ chức đã ngừng hoạt động"))
    _check_role(new_role, new_org, errors)
    if actor is not None and actor.id == user.id and (active is False or (
            role is not None and role != user.role)):
        errors["active" if active is False else "role"] = str(
            _l("Không tự khóa hoặc đổi vai trò của chính mình"))
    errors.update(column_errors(User, {"full_name": full_name, "email": email}))
    if errors:
        raise Invalid(errors)
    changes = {}
    for name, value in (("role", role), ("organization_id", organization.id if organization
                                         is not None else None),
                        ("active", active), ("full_name", full_name), ("email", email)):
        if value is not None and value != getattr(user, name):
            changes[name] = [getattr(user, name), value]
            setattr(user, name, value)
    if organization is not None:
        user.organization = organization
    session.flush()
    if changes:
        if "active" in changes or "organization_id" in changes or "role" in changes:
            end_sessions(session, user)
        write_audit(session, entity=user, workflow="account", trigger="update", actor=actor,
                    now=now, data=changes)
    return changes


def find_organization(session, code_or_id):
    if isinstance(code_or_id, int):
        return session.get(Organization, code_or_id)
    return session.scalar(select(Organization).where(Organization.code == code_or_id))


def record_download(session, user, attachment, now: datetime) -> None:
    """Who read which file (evidence, a paper), on the reader's own chain: the record's
    timeline keeps to what was done to the record."""
    write_audit(session, entity=user, workflow="account", trigger="download", actor=user,
                now=now, data={"attachment_id": attachment.id, "filename": attachment.filename,
                               "entity_type": attachment.entity_type,
                               "entity_id": attachment.entity_id, "kind": attachment.kind})
