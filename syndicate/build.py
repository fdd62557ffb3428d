"""Builds the site aside and swaps it in, so a failed build never leaves a half-written site."""
from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.exceptions import MkDocsException

from .errors import SyndicateError
from .practice import LogCollector, load_mkdocs_config
from .site.plugin import PREVIEW_ENV, STAGED_ENV


@dataclass(frozen=True)
class BuildResult:
    site_dir: Path
    pages: int
    seconds: float
    warnings: list[str]


def build_site(config_path: Path, site_dir: Path | None = None) -> BuildResult:
    """Validates, checks and builds into a temporary folder next to the target, then swaps it in.

    Raises InputError (bad content or config) or SyndicateError (anything else), with the
    previous output untouched in both cases.
    """
    started = time.perf_counter()
    os.environ.pop(PREVIEW_ENV, None)  # drafts and future articles are for `serve --preview` only
    os.environ[STAGED_ENV] = "1"
    config = load_mkdocs_config(config_path)
    target = Path(site_dir or config.site_dir).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-", dir=target.parent))
    config["site_dir"] = str(staging)
    collector = LogCollector(logging.WARNING)
    log = logging.getLogger("mkdocs")
    log.addHandler(collector)
    try:
        mkdocs_build(config)
    except (MkDocsException, OSError) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        errors = [m for m in collector.messages if m.strip()] or [str(exc)]
        raise SyndicateError("the site was not built; the previous site is untouched.\n" + "\n".join(errors)) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        log.removeHandler(collector)
        os.environ.pop(STAGED_ENV, None)
    _swap(staging, target)
    pages = sum(1 for _ in target.rglob("index.html"))
    return BuildResult(target, pages, time.perf_counter() - started, collector.messages)


def _swap(staging: Path, target: Path) -> None:
    """Two renames: readers see the old site or the new one, never a mix."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        os.replace(target, old)
    os.replace(staging, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
