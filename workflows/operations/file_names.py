"""The name an uploaded file is kept and shown under: its last path part (no ../ nor a
Windows folder), without control characters (NUL, which PostgreSQL cannot store; tabs,
line breaks, escapes that would garble a page or a spreadsheet), at most 255 characters."""
import os
import unicodedata

MAX_NAME = 255


def clean_file_name(raw: str | None, fallback: str) -> str:
    name = os.path.basename((raw or "").replace("\\", "/"))
    name = "".join(c for c in name if unicodedata.category(c) not in ("Cc", "Cs"))
    name = name.strip()[:MAX_NAME].strip()
    return name if name.strip(".") else fallback
