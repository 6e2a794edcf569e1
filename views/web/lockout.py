"""Password login with a lock: after MAX_FAILED wrong passwords in a row the account is
locked for LOCK_FOR, so a guessed password needs more than a script and a minute."""
from datetime import timedelta

from sqlalchemy import select

from models import User
from models.base import aware
from workflows.engine.calendar import HANOI

MAX_FAILED = 5
LOCK_FOR = timedelta(minutes=15)
WRONG = "Sai tên đăng nhập hoặc mật khẩu / wrong username or password"


class LoginRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def authenticate(session, username: str, password: str, now) -> User:
    """The user, or LoginRefused. Counts the failure on the user row: the caller commits
    (a refused login still answers 200, so views.transaction keeps the count)."""
    user = session.scalar(select(User).where(User.username == username.strip()))
    if user is None or not user.active:
        raise LoginRefused(WRONG)
    if user.locked_until is not None and aware(user.locked_until) > now:
        raise LoginRefused(_locked(user))
    if not user.check_password(password):
        user.failed_logins = (user.failed_logins or 0) + 1
        if user.failed_logins >= MAX_FAILED:
            user.failed_logins = 0
            user.locked_until = now + LOCK_FOR
            raise LoginRefused(_locked(user))
        left = MAX_FAILED - user.failed_logins
        raise LoginRefused(f"Sai tên đăng nhập hoặc mật khẩu, còn {left} lần thử / "
                           f"wrong username or password, {left} attempt(s) left")
    user.failed_logins = 0
    user.locked_until = None
    return user


def _locked(user) -> str:
    until = aware(user.locked_until).astimezone(HANOI).strftime("%H:%M %d/%m/%Y")
    minutes = int(LOCK_FOR.total_seconds() // 60)
    return (f"Tài khoản tạm khóa {minutes} phút do nhập sai mật khẩu {MAX_FAILED} lần, "
            f"thử lại sau {until} / account locked for {minutes} minutes after {MAX_FAILED} "
            f"failed logins; try again after {until}")
