"""The platforms: each is one module of this package, and this is where they are found.

A module here that defines a concrete `Platform` subclass declares a platform: the class holds
its name, label, settings (`Options`), environment variables and text limits. Nothing lists the
platforms by hand: the config's choices, the labels on pages, `syndicate doctor`, the README
check and the tests all read `registry()`, as Pelican finds its readers from the classes
themselves. Adding a platform is adding a module (docs/design.md, "Adding a platform").
Modules whose names start with "_" are shared plumbing and are not searched.
"""
from __future__ import annotations

import functools
import importlib
import inspect
import pkgutil

from .base import Platform, PlatformError, Posted, Teaser


@functools.cache
def registry() -> dict[str, type[Platform]]:
    """Platform id -> class, in the order of the ids (which is also the order pages list them in)."""
    found: dict[str, type[Platform]] = {}
    for module_info in pkgutil.iter_modules(__path__):
        if module_info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        for cls in vars(module).values():
            if (isinstance(cls, type) and issubclass(cls, Platform) and cls.__module__ == module.__name__
                    and not inspect.isabstract(cls)):
                if cls.name in found:
                    raise RuntimeError(f"two platforms are named {cls.name!r}: {found[cls.name].__module__} "
                                       f"and {cls.__module__}")
                found[cls.name] = cls
    return dict(sorted(found.items()))


def platform_names() -> tuple[str, ...]:
    """Every platform id a config, an article or the ledger may name."""
    return tuple(registry())


def platform_class(name: str) -> type[Platform]:
    return registry()[name]


def label(name: str) -> str:
    """The platform's human name ("Google Business Profile"); for another name (a `social` profile
    such as instagram, or a platform an old ledger names) the name in title case."""
    cls = registry().get(name)
    return cls.label if cls else name.replace("_", " ").title()


__all__ = ["Platform", "PlatformError", "Posted", "Teaser", "label", "platform_class", "platform_names", "registry"]
