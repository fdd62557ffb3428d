"""The site's search index: Pagefind, run over the built pages.

Material's own search loads the whole index (`search/search_index.json`, 2.1 MB gzipped at
1,000 articles) on every page a patient opens. Pagefind writes a chunked index beside the pages,
and the browser fetches only the chunks and excerpts a query needs (docs/benchmarks.md).

It runs in the plugin's last step, so under `syndicate build` it indexes the staging folder before
the swap: a failed index fails the build and leaves the previous site. Only the part of a page
marked `data-pagefind-body` (theme_overrides/partials/content.html) is indexed, so listings, the
404 page and drafts shown by `serve --preview` stay out of it.
"""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

from ..errors import SetupError, SyndicateError
from ..workers import tracked

OUTPUT_SUBDIR = "pagefind"  # the folder the browser script (assets/javascripts/syndicate.js) loads from


def _executable() -> Path:
    try:
        from pagefind.service import get_executable  # the binary ships in the pagefind-bin wheel
    except ImportError:
        get_executable = None
    binary = get_executable() if get_executable else None
    if binary is None or not Path(binary).exists():
        raise SetupError("the search index was not built: Pagefind is not installed. "
                             "Install it with: pip install 'pagefind[bin]' (scripts/setup.sh does)")
    return Path(binary)


def require_pagefind() -> None:
    """Raises SetupError (exit 4) when Pagefind is not installed: checked before a build."""
    _executable()


def index_site(site_dir: Path) -> None:
    """Writes `<site_dir>/pagefind/`. Raises SyndicateError with Pagefind's own message on failure."""
    command = [str(_executable()), "--site", str(site_dir), "--output-subdir", OUTPUT_SUBDIR, "--silent"]
    try:
        process = _start(command)
    except OSError as exc:
        raise SyndicateError(f"the search index was not built: {exc}") from None
    try:
        with tracked(process):  # a second Ctrl-C exits at once (build._interruptible): Pagefind is killed with the workers
            out, err = process.communicate(timeout=600)
    except BaseException as exc:  # an interrupt or the timeout: Pagefind must not outlive the build
        process.kill()
        process.wait()
        if isinstance(exc, subprocess.TimeoutExpired):
            raise SyndicateError("the search index was not built: Pagefind ran for more than 10 minutes") from None
        raise
    if process.returncode != 0 or not (site_dir / OUTPUT_SUBDIR / "pagefind-entry.json").exists():
        detail = (err or out).strip() or f"Pagefind exited with status {process.returncode}"
        raise SyndicateError(f"the search index was not built: {detail}")
    _sort_languages(site_dir / OUTPUT_SUBDIR / "pagefind-entry.json")


def _sort_languages(entry: Path) -> None:
    """Pagefind lists a multilingual site's indexes (en, es) in a different order on each run; sorted,
    the same site builds to the same bytes. The browser script looks languages up by name."""
    data = json.loads(entry.read_text(encoding="utf-8"))
    data["languages"] = dict(sorted(data.get("languages", {}).items()))
    entry.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _start(command: list[str]) -> subprocess.Popen:
    """Starts Pagefind. Not with the stop signals held: Popen runs no Python fork hooks, so a signal cannot be lost
    there, and Pagefind would inherit them held and outlive a Ctrl-C to the whole group."""
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
