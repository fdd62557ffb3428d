"""Platform clients, one module each. Looked up by name so a practice loads only what it chose."""
from __future__ import annotations

import importlib

from .base import Platform, PlatformError, Posted, Teaser

_MODULES = {
    "bluesky": ("bluesky", "Bluesky"),
    "mastodon": ("mastodon", "Mastodon"),
    "x": ("x", "X"),
    "linkedin": ("linkedin", "LinkedIn"),
    "facebook": ("facebook", "FacebookPage"),
    "threads": ("threads", "Threads"),
    "google_business": ("google_business", "GoogleBusinessProfile"),
}


NAMES = tuple(_MODULES)  # every platform id a config, an article or the ledger may name


def platform_class(name: str) -> type[Platform]:
    module, cls = _MODULES[name]
    return getattr(importlib.import_module(f"{__name__}.{module}"), cls)


__all__ = ["NAMES", "Platform", "PlatformError", "Posted", "Teaser", "platform_class"]
