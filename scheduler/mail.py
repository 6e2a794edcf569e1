"""E-mail over SMTP with the standard library. One connection serves a whole batch:
opening one per message would cost a TCP (and TLS) handshake each.

Messages are composed as bytes here rather than through email.message, whose header
folding (done twice: once to build, once more in send_message) was most of the cost of a
large batch of reminders. The format is small and fixed: ASCII headers, an RFC 2047
subject, a base64 UTF-8 body."""
import base64
import hashlib
import smtplib
import ssl
import time
from email.utils import format_datetime

IDLE_CHECK_SECONDS = 10  # a connection idle longer is checked with NOOP before reuse
WORD_BYTES = 39  # UTF-8 bytes per encoded word: "Subject: " and the word stay within 76


class Unreachable(Exception):
    """The server could not be reached; the rest of the batch is not tried against it."""


class Mailer:
    def __init__(self, config, timeout: float = 30.0):
        self.host, self.port = config["MAIL_SERVER"], int(config["MAIL_PORT"])
        self.use_tls = bool(config.get("MAIL_USE_TLS"))
        self.username, self.password = config.get("MAIL_USERNAME"), config.get("MAIL_PASSWORD")
        self.sender = config["MAIL_DEFAULT_SENDER"]
        self.timeout = timeout
        self._smtp = None
        self._last_used = 0.0
        self._unreachable = None  # the error of a failed connect, repeated for the batch

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (smtplib.SMTPException, OSError):
                pass
            self._smtp = None

    def _connect(self):
        if self._unreachable is not None:
            raise Unreachable(self._unreachable)
        try:
            smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
            if self.use_tls:
                smtp.starttls(context=ssl.create_default_context())
            if self.username:
                smtp.login(self.username, self.password or "")
        except (smtplib.SMTPException, OSError) as exc:
            self._unreachable = f"{type(exc).__name__}: {exc}"
            raise Unreachable(self._unreachable) from exc
        self._smtp = smtp

    def _connection(self):
        if self._smtp is not None and time.monotonic() - self._last_used > IDLE_CHECK_SECONDS:
            try:
                self._smtp.noop()
            except (smtplib.SMTPException, OSError):
                self._smtp = None
        if self._smtp is None:
            self._connect()
        return self._smtp

    def send(self, to: str, message: bytes) -> None:
        """Send one message; raises on refusal. A refused message does not spoil the
        connection for the next one (smtplib sends RSET); a dropped one is reopened."""
        smtp = self._connection()
        try:
            smtp.sendmail(self.sender, [to], message)
        except smtplib.SMTPServerDisconnected:
            self._smtp = None
            raise
        finally:
            self._last_used = time.monotonic()


def message_id(idempotency_key: str, sender: str) -> str:
    """The same outbox row always gets the same Message-ID, so a receiving server (or a
    person) can recognise a retry of a message it already has."""
    domain = sender.rpartition("@")[2].strip(">") or "localhost"
    return f"<{hashlib.sha256(idempotency_key.encode()).hexdigest()[:32]}@{domain}>"


def encode_subject(subject: str) -> str:
    """RFC 2047 base64 encoded words, each holding whole characters and its own spaces
    (a space left between two encoded words is dropped by readers)."""
    if subject.isascii() and len(subject) <= 900:
        return subject
    words, chunk = [], b""
    for char in subject:
        data = char.encode("utf-8")
        if len(chunk) + len(data) > WORD_BYTES:
            words.append(chunk)
            chunk = b""
        chunk += data
    words.append(chunk)
    return "\r\n ".join(f"=?utf-8?b?{base64.b64encode(w).decode()}?=" for w in words)


def _header(value: str) -> str:
    if "\r" in value or "\n" in value or not value.isascii():
        raise ValueError(f"unsafe header value {value!r}")  # no header injection
    return value


def compose(sender: str, to: str, subject: str, text: str, *, key: str, kind: str,
            locale: str, now, ref: str | None = None) -> bytes:
    headers = [
        ("From", sender), ("To", to), ("Date", format_datetime(now)),
        ("Message-ID", message_id(key, sender)), ("Content-Language", locale),
        ("Auto-Submitted", "auto-generated"),  # RFC 3834: no auto-replies to a robot
        ("X-CCN-Kind", kind),  # for mail rules: reminders, escalations, digests
        *((("X-CCN-Ref", ref),) if ref else ()),  # what it is about: "deadline-12"
        ("MIME-Version", "1.0"), ("Content-Type", 'text/plain; charset="utf-8"'),
        ("Content-Transfer-Encoding", "base64"),
    ]
    head = "".join(f"{name}: {_header(value)}\r\n" for name, value in headers)
    head += f"Subject: {encode_subject(subject)}\r\n"
    body = base64.encodebytes(text.replace("\r\n", "\n").encode("utf-8"))
    return head.encode("ascii") + b"\r\n" + body.replace(b"\n", b"\r\n")
