"""The one rule that turns a name into an address: lower-case ASCII letters and digits, every run of
anything else one hyphen. Articles (from their file names), new articles (from their titles), and
categories and tags (syndicate/topics.py) all use it, so an address never depends on who made it."""
from __future__ import annotations

import re

_OTHER = re.compile(r"[^a-z0-9]+")


def slugify(text: str, *, limit: int | None = None) -> str:
    """'Flu shots: 2026–27!' -> 'flu-shots-2026-27'; cut to `limit` characters at most. May be empty."""
    slug = _OTHER.sub("-", text.lower()).strip("-")
    return slug[:limit].strip("-") if limit else slug
