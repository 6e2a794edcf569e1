"""The QR code every paper carries: a link to its public verification page."""
import io

import segno


def qr_png(url: str) -> bytes:
    """A PNG of the QR code for `url` (error correction M: survives a crease or a stamp)."""
    out = io.BytesIO()
    segno.make(url, error="m", micro=False).save(out, kind="png", scale=8, border=2)
    return out.getvalue()
