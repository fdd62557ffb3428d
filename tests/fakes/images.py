"""Images as the platforms see them: decoded, not sniffed.

Real servers decode what they are sent (Takahē answers 500 to a PNG signature followed by
zeros; Mastodon runs it through libvips), so the fakes decode too, with Pillow, and refuse
anything that does not decode. `PNG` is a small real image for the tests.
"""
from __future__ import annotations

import io

from PIL import Image, UnidentifiedImageError

MIME = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif", "WEBP": "image/webp"}


def decoded_type(data: bytes, allowed: tuple[str, ...] = tuple(MIME)) -> str | None:
    """The MIME type of `data` if it fully decodes as one of the `allowed` Pillow formats, else None."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format
            image.load()  # decodes the pixels: a valid header over garbage fails here
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None
    return MIME.get(kind) if kind in allowed else None


def png_bytes(size: tuple[int, int] = (40, 21), color: tuple[int, int, int] = (200, 40, 60)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


PNG = png_bytes()
NOT_AN_IMAGE = b"\x89PNG\r\n\x1a\n" + b"\0" * 64  # the signature alone: what the fakes used to accept
