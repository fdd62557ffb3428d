"""What counts as a publishable image: a real PNG, JPEG, WebP or GIF, decoded with Pillow.

Everything in content/ is copied to the public site, and a share image is uploaded to the
social platforms, so a file named like an image must be one. SVG is refused rather than
sanitised: it can carry script that would run on the practice's own web address.
"""
from __future__ import annotations

import itertools
import warnings
from pathlib import Path

from PIL import Image, UnidentifiedImageError

# Pillow's format name -> the file name endings that may hold it.
ALLOWED = {"PNG": (".png",), "JPEG": (".jpg", ".jpeg"), "WEBP": (".webp",), "GIF": (".gif",)}
ALLOWED_SUFFIXES = frozenset(s for suffixes in ALLOWED.values() for s in suffixes)
# Endings that say "image" but are not published: refused wherever they appear in content/.
REFUSED_SUFFIXES = frozenset({".svg", ".svgz", ".bmp", ".tif", ".tiff", ".ico", ".avif", ".heic", ".heif", ".jxl"})
MAX_BYTES = 20 * 1024 * 1024
MAX_SIDE = 10_000  # pixels, each side
FIX_TYPE = "save it as PNG, JPEG, WebP or GIF (e.g. File > Export in an image editor) and use that file"

_checked: dict[tuple, tuple[str, str] | None] = {}  # (path, mtime, size) -> the verdict; a `serve` session reuses it


def known() -> int:
    """How many verdicts this process holds: `verdicts_since(known())` later gives those reached meanwhile."""
    return len(_checked)


def verdicts_since(count: int) -> dict[tuple, tuple[str, str] | None]:
    """The verdicts reached after the first `count` (a worker process sends its own back to the parent)."""
    return dict(itertools.islice(_checked.items(), count, None))


def remember(verdicts: dict[tuple, tuple[str, str] | None]) -> None:
    """Verdicts reached elsewhere (in a worker process) on files that have not changed since: not decoded again."""
    _checked.update(verdicts)


def looks_like_image(path: Path | str) -> bool:
    suffix = Path(path).suffix.lower()
    return suffix in ALLOWED_SUFFIXES or suffix in REFUSED_SUFFIXES


def image_problem(path: Path) -> tuple[str, str] | None:
    """(what is wrong, how to fix it) for the image file at `path`, or None when it may be published."""
    suffix = path.suffix.lower()
    if suffix in (".svg", ".svgz"):
        return ("SVG images are refused: an SVG can carry script that would run on the practice's site",
                "export it as PNG (or WebP) and use that file instead")
    if suffix not in ALLOWED_SUFFIXES:
        return (f"'{suffix or path.name}' is not an image type the site publishes", FIX_TYPE)
    try:
        stat = path.stat()
    except OSError as exc:
        return (f"the image cannot be read ({exc.strerror})", "check the path and the file's permissions")
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key not in _checked:
        if len(_checked) > 50_000:
            _checked.clear()
        _checked[key] = _decode(path, suffix, stat.st_size)
    return _checked[key]


def _read_through(image: Image.Image) -> None:
    """Raise if the file is truncated or corrupt.

    A JPEG is decoded at 1/8 scale (`draft`): libjpeg still reads every scan to the end, so a cut file
    still fails, at half the cost of a full decode (and with the same verdicts on 3,000 altered files).
    Everything else is decoded in full. A PNG's `verify()` (its chunks' CRCs) was tried and dropped: it
    let through files whose compressed data is intact but wrong (a bad filter byte, too few rows, no
    image data at all, an invalid interlace method, Apple's "CgBI" PNGs), which browsers do not show."""
    if image.format == "JPEG":
        width, height = image.size
        image.draft(image.mode, (max(1, width // 8), max(1, height // 8)))
    image.load()


def _decode(path: Path, suffix: str, size: int) -> tuple[str, str] | None:
    if size == 0:
        return ("the image file is empty", "save the image again, or replace it with the real file")
    if size > MAX_BYTES:
        return (f"the image is {size / 1024 / 1024:.1f} MB, over the {MAX_BYTES // 1024 // 1024} MB limit",
                "export it smaller: 2000 px wide at JPEG quality 85 is plenty for a web page")
    expected = next(name for name, suffixes in ALLOWED.items() if suffix in suffixes)
    try:
        with warnings.catch_warnings():
            # The sides are bounded below before decoding, which is the bomb check that matters here.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path, formats=list(ALLOWED)) as image:
                # A phone camera's multi-picture JPEG (MPO) is a JPEG whose first picture every browser shows.
                held = "JPEG" if image.format == "MPO" else image.format
                if held != expected:
                    return (f"the file is named {suffix} but holds a {held} image",
                            f"rename it to end in {ALLOWED[held][0]}, or save it as a real {expected}")
                width, height = image.size
                if width > MAX_SIDE or height > MAX_SIDE or width < 1 or height < 1:
                    return (f"the image is {width}x{height} pixels; each side must be 1 to {MAX_SIDE:,}",
                            "resize it, e.g. to 2000 px wide")
                _read_through(image)
    except UnidentifiedImageError:
        return (f"the file is named {suffix} but is not a PNG, JPEG, WebP or GIF image", FIX_TYPE)
    except Exception as exc:  # noqa: BLE001  Pillow's decoders raise many kinds (IndexError, KeyError, struct.error ...) on a bad file
        return (f"the {expected} image is damaged and cannot be decoded ({exc or type(exc).__name__})",
                "export the image again from the original, then replace this file")
    return None
