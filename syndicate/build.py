"""Builds the site aside and swaps it in, so a failed build never leaves a half-written site.

The build replaces its output folder, so it first refuses folders it does not own
(`syndicate/sitedir.py`). An interrupt (Ctrl-C, SIGTERM) stops the workers, removes the
half-built folder and leaves the previous site as it was.
"""
from __future__ import annotations

import glob
import logging
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.exceptions import MkDocsException

from . import workers
from .errors import InputError, SyndicateError
from .practice import LogCollector, load_mkdocs_config
from .site import cards, search
from .site.plugin import PREVIEW_ENV, STAGED_ENV
from .sitedir import SiteDirError, finish, refuse_site_dir

STOP_GRACE = 10.0  # seconds an interrupted build may spend cleaning up before it exits regardless


class Interrupted(KeyboardInterrupt):
    """Ctrl-C or SIGTERM during a build. `exit_code` is the shell's 128 + signal number; `published`: the new
    site was already in place (the signal came while the replaced one was being deleted)."""

    def __init__(self, signum: int, published: bool = False):
        super().__init__(signal.Signals(signum).name)
        self.exit_code = 128 + signum
        self.published = published


def interrupted_exit(exc: KeyboardInterrupt) -> None:
    """Ends the process after an interrupted build, at once: 130 for Ctrl-C, 143 for SIGTERM.

    os._exit skips multiprocessing's exit handlers, which would wait on the pools again."""
    workers.kill_children()
    if getattr(exc, "published", False):
        print("\ninterrupted: the new site was already in place; the build stopped while removing the old one.",
              file=sys.stderr)
    else:
        print("\ninterrupted: the build stopped; the previous site is untouched.", file=sys.stderr)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(getattr(exc, "exit_code", 128 + signal.SIGINT))


@dataclass(frozen=True)
class BuildResult:
    site_dir: Path
    pages: int
    seconds: float
    warnings: list[str]


def build_site(config_path: Path, site_dir: Path | None = None, *, signalled: list[int] | None = None) -> BuildResult:
    """Validates, checks and builds into a temporary folder next to the target, then swaps it in.

    Raises SiteDirError (a folder the build must not replace), InputError (bad content or
    config), SyndicateError (anything else) or Interrupted, with the previous output untouched.
    `signalled`: the signals a caller's handler recorded before this build's own took over (`syndicate
    build` from its first moment): one whose exception Python swallowed meanwhile still stops the build.
    """
    started = time.perf_counter()
    os.environ.pop(PREVIEW_ENV, None)  # drafts and future articles are for `serve --preview` only
    config = _load_config(Path(config_path))
    _require_tools(config)
    target = Path(site_dir or config.site_dir)
    refuse_site_dir(target, root=Path(config_path).resolve().parent, docs_dir=Path(config.docs_dir),
                    config_path=Path(config_path), source="--site-dir" if site_dir else "site_dir in site_config.yml")
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(target)
    collector = LogCollector(logging.WARNING)
    log = logging.getLogger("mkdocs")
    staging: list[Path] = []  # what an interrupt must remove: the half-built folder, then the replaced one
    with _interruptible(lambda: [shutil.rmtree(p, ignore_errors=True) for p in staging], signalled=signalled) as interrupt:
        with workers.stop_signals_held():
            staging.append(Path(tempfile.mkdtemp(prefix=f".{target.name}.building-{os.getpid()}-", dir=target.parent)))
        config["site_dir"] = str(staging[0])
        os.environ[STAGED_ENV] = "1"
        log.addHandler(collector)
        try:
            mkdocs_build(config)
            finish(staging[0])
        except (MkDocsException, OSError) as exc:
            shutil.rmtree(staging[0], ignore_errors=True)
            errors = [m for m in collector.messages if m.strip()] or [str(exc)]
            raise SyndicateError("the site was not built; the previous site is untouched.\n" + "\n".join(errors)) from None
        except BaseException:
            workers.stop_all()  # MkDocs tells plugins about errors, not about interrupts
            shutil.rmtree(staging[0], ignore_errors=True)
            raise
        finally:
            log.removeHandler(collector)
            os.environ.pop(STAGED_ENV, None)
        _swap(staging, target, interrupt)
        if len(staging) > 1:
            shutil.rmtree(staging[1], ignore_errors=True)
    pages = sum(1 for _ in target.rglob("index.html"))
    return BuildResult(target, pages, time.perf_counter() - started, collector.messages)


_LEFTOVER = re.compile(r"\.(?P<name>.+)\.(?:building-(?P<pid>\d+)-[^/]+|old-(?P<old_pid>\d+))")


def _remove_leftovers(target: Path) -> None:
    """Folders that a build killed outright (SIGKILL, out of memory) left beside the site.

    Each name carries its build's process id; one whose process still runs belongs to a
    concurrent build and is left alone."""
    for path in target.parent.glob(f".{glob.escape(target.name)}.*"):
        match = _LEFTOVER.fullmatch(path.name)
        if not match or match.group("name") != target.name or not path.is_dir() or path.is_symlink():
            continue
        pid = int(match.group("pid") or match.group("old_pid"))
        try:
            os.kill(pid, 0)
            continue  # still running
        except ProcessLookupError:
            shutil.rmtree(path, ignore_errors=True)
        except PermissionError:
            continue  # running, as another user


def _require_tools(config) -> None:
    """What the machine must have, checked before anything is built: a missing font or Pagefind is a
    setup failure (SetupError, exit 4), not a build that fails halfway on the content."""
    plugin = config.plugins.get("syndicate")
    if plugin is not None:
        cards.require_font(plugin.config.share_card_font)
    search.require_pagefind()


def _load_config(config_path: Path):
    try:
        return load_mkdocs_config(config_path)
    except InputError as exc:
        # MkDocs itself refuses a site_dir that holds the docs: the same refusal as ours, the same exit code.
        if any("'site_dir'" in p.message for p in exc.problems):
            raise SiteDirError(exc.problems) from None
        raise


@contextmanager
def _interruptible(cleanup, grace: float = STOP_GRACE, signalled: list[int] | None = None):
    """Turns SIGTERM into an exception like Ctrl-C's, so both unwind through the cleanup.

    If unwinding stalls anyway, a watchdog kills the workers, cleans up and exits `grace`
    seconds after the signal (`serve` allows less than a build); a second signal does that at once. The handler itself only
    records the signal and raises: starting a thread or taking a lock inside a signal handler
    can deadlock with the code it interrupted.

    Yields an `_Interrupt`: `stop_if_signalled()` for the last moment a step can still be abandoned, and
    `published()` once the new output is in place, so an interrupt after that says so. The handler's exception
    can be swallowed: raised inside a fork hook or a `__del__`, Python prints "Exception ignored in ..." and
    carries on. Forks hold the signals for that reason (`workers.stop_signals_held`); the recorded signal
    still stops the build wherever else it is swallowed."""
    state = {"signum": (signalled or [0])[0], "at": None, "done": False, "published": False}
    if threading.current_thread() is not threading.main_thread():
        yield _Interrupt(state)  # signal handlers belong to the main thread; a caller elsewhere handles its own
        return
    owner = os.getpid()

    def stop_now(signum: int) -> None:
        workers.kill_children()
        cleanup()
        os._exit(128 + signum)

    def watch() -> None:
        while not state["done"]:
            time.sleep(0.1)
            if state["at"] is not None and time.monotonic() - state["at"] > grace and not state["done"]:
                stop_now(state["signum"])

    def on_signal(signum, frame):
        if os.getpid() != owner:  # a worker forked a moment ago, before it set its own handlers
            if signum == signal.SIGTERM:
                os._exit(128 + signum)
            return
        if state["at"] is not None:
            stop_now(signum)
        state["signum"], state["at"] = signum, time.monotonic()
        raise Interrupted(signum, state["published"])

    # Started with the signals held, so the watchdog never takes them: a signal that a thread without them held
    # receives is handled by the main thread wherever it is, even inside a fork hook that `fork_pool` held them for.
    with workers.stop_signals_held():
        threading.Thread(target=watch, name="syndicate-interrupt-watchdog", daemon=True).start()
    previous = {s: signal.signal(s, on_signal) for s in workers.STOP_SIGNALS}
    try:
        _Interrupt(state).stop_if_signalled()  # one recorded before (`signalled`), its exception swallowed
        yield _Interrupt(state)
    except BaseException:
        cleanup()
        if state["signum"]:
            # The signal's exception can surface as another one: raised inside a lock's __exit__ it
            # becomes "release unlocked lock", inside MkDocs a BuildError. The signal decides the exit.
            raise Interrupted(state["signum"], state["published"]) from None
        raise
    finally:
        for s, handler in previous.items():
            signal.signal(s, signal.SIG_DFL if handler is None else handler)
        state["done"] = True


class _Interrupt:
    """What `_interruptible` tells the block it guards."""

    def __init__(self, state: dict):
        self._state = state

    def stop_if_signalled(self) -> None:
        if self._state["signum"]:
            raise Interrupted(self._state["signum"], self._state["published"])

    def published(self) -> None:
        self._state["published"] = True


def _swap(staging: list[Path], target: Path, interrupt: _Interrupt) -> None:
    """Two renames: readers see the old site or the new one, never a mix, and an interrupt
    never falls between them. The replaced site is added to `staging`, for the caller (or an
    interrupt's cleanup) to delete, before a signal held meanwhile is raised.

    An interrupt that came before, even one whose exception was swallowed, stops the swap."""
    with workers.stop_signals_held():
        interrupt.stop_if_signalled()
        if target.exists():
            old = target.with_name(f".{target.name}.old-{os.getpid()}")
            os.replace(target, old)
            staging.append(old)
        os.replace(staging[0], target)
        interrupt.published()
