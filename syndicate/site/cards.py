"""Share cards: a 1200x630 JPEG per article without its own image, drawn offline with Pillow.

Material's social plugin fetches fonts from the internet at build time; this uses a font
installed from Debian (fonts-dejavu-core), so a build needs no network. Cards are cached
by content hash, so a rebuild redraws only the cards whose title changed. JPEG rather than PNG:
every platform takes it, and it encodes five times faster, which matters at thousands of cards.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import stat
import textwrap
import threading
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from .. import cores
from ..article import Article
from ..errors import SetupError
from ..practice import Practice
from .meta import CARD_SIZE

CARD_VERSION = "2"
BACKGROUND = (14, 74, 104)
ACCENT = (118, 200, 190)
TEXT = (255, 255, 255)


_fonts = threading.local()  # a FreeType face must not be shared between threads drawing at once


def _font(path: str, size: int) -> ImageFont.FreeTypeFont:
    cache = _fonts.__dict__.setdefault("faces", {})
    if (path, size) in cache:
        return cache[path, size]
    try:
        cache[path, size] = ImageFont.truetype(path, size)
        return cache[path, size]
    except OSError:
        raise SetupError(
            f"the share-card font {path} is missing: install it with 'apt-get install fonts-dejavu-core', "
            "or set share_card_font in site_config.yml to a .ttf file"
        ) from None


def require_font(path: str) -> None:
    """Raises SetupError (exit 4) when the share-card font cannot be loaded: checked before a build."""
    _font(path, 40)


def draw_card(title: str, practice_name: str, font_path: str) -> Image.Image:
    image = Image.new("RGB", CARD_SIZE, BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 24, CARD_SIZE[1]), fill=ACCENT)
    size = 72 if len(title) <= 60 else 56
    lines = textwrap.wrap(title, width=28 if size == 72 else 36)[:5]
    font = _font(font_path, size)
    y = 90
    for line in lines:
        draw.text((90, y), line, font=font, fill=TEXT)
        y += int(size * 1.2)
    draw.text((90, CARD_SIZE[1] - 110), practice_name, font=_font(font_path, 40), fill=ACCENT)
    return image


def write_cards(articles: list[Article], practice: Practice, site_dir: Path, cache_dir: Path) -> None:
    """Every card, on all cores: Pillow releases the GIL while it encodes, so threads suffice."""
    from concurrent.futures import ThreadPoolExecutor

    from ..share import share_image
    jobs = [(a, site_dir / share_image(a, practice)[0]) for a in articles if not a.image]
    cache = cache_dir if _plain_folder(cache_dir) else None
    with ThreadPoolExecutor(max_workers=cores.threads()) as pool:
        for _ in pool.map(lambda job: write_card(job[0], practice, job[1], cache), jobs):
            pass


def _plain_folder(folder: Path) -> bool:
    """The cache is used only where no link redirects it: the project's own .cache/cards (or a new one)."""
    expected = folder.parent.parent.resolve() / folder.parent.name / folder.name
    return not (folder.parent.is_symlink() or folder.is_symlink()) and folder.resolve() == expected


def _cached(card: Path) -> bool:
    """A cache entry counts only as a plain file: a link planted in .cache (a commit can add one)
    would otherwise copy any file it points at, say /proc/self/environ, into the public site."""
    try:
        mode = os.lstat(card).st_mode
    except FileNotFoundError:
        return False
    if stat.S_ISREG(mode):
        return True
    card.unlink()
    return False


def write_card(article: Article, practice: Practice, dest: Path, cache_dir: Path | None) -> None:
    if cache_dir is None:
        dest.parent.mkdir(parents=True, exist_ok=True)
        draw_card(article.title, practice.name, practice.share_card_font).save(dest, "JPEG", quality=90)
        return
    key = hashlib.sha256("\0".join([CARD_VERSION, article.title, practice.name, practice.share_card_font]).encode()).hexdigest()
    cached = cache_dir / f"{key}.jpg"
    if not _cached(cached):
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(f".{os.getpid()}.{id(dest)}.tmp")
        draw_card(article.title, practice.name, practice.share_card_font).save(tmp, "JPEG", quality=90)
        tmp.replace(cached)
    if dest.exists() and dest.stat().st_size == cached.stat().st_size and dest.stat().st_mtime >= cached.stat().st_mtime:
        return  # a `serve` rebuild keeps its output folder: the card is already there
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(cached, dest)
