"""Forked worker pools that an interrupt can always stop.

Ctrl-C in a terminal signals the whole process group. A pool worker that dies on it while
waiting for work can take the task queue's lock with it, and `Pool.terminate()` then waits
for that lock forever: that is how an interrupted build used to hang. So workers ignore
SIGINT (the parent decides), and stopping a pool on an interrupt never waits unboundedly.

A worker killed from outside (the out-of-memory killer, a crash in C code, a stray `kill`) is
replaced by the pool, but the task it held is not, and `imap` would wait for it for ever: results
are read through `imap()`/`result()`, which notice the death and raise `WorkerLost`.
"""
from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import subprocess
import sys
import threading
from contextlib import contextmanager
from collections.abc import Iterator
from multiprocessing.pool import AsyncResult, Pool

from .errors import WorkerLost

_LIVE: set[Pool] = set()


_PR_SET_PDEATHSIG = 1  # linux/prctl.h
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


@contextmanager
def stop_signals_held():
    """Holds Ctrl-C and SIGTERM until the block is done, then delivers them: for steps that must not
    stop halfway, and for forks.

    A signal that lands while Python forks (os.fork, as multiprocessing does; subprocess.Popen runs no fork
    hooks) runs the parent's handler inside the fork hooks (logging's `_releaseLock`), where its exception is
    swallowed ("Exception ignored in ...") and the interrupt lost.
    Held, the signal is handled as the block ends, in ordinary code. The mask is the calling thread's: a
    thread of ours without it would take the signal and let the main thread handle it anywhere, so our
    threads start inside this block. What is forked or started inside inherits the held mask: pool
    workers release it in `_worker_setup`, and a program started inside would keep it (do not)."""
    if not hasattr(signal, "pthread_sigmask"):  # Windows: no signal masks
        yield
        return
    held = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _worker_setup(parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler, inherited through fork
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)  # held while the parent forked us
    # However the parent ends (killed, or exiting at once on an interrupt), Linux kills its workers:
    # none is left running, holding the output pipes open.
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent ended before the line above took effect
        os._exit(1)


def fork_pool(processes: int) -> Pool:
    # The pool forks its first workers here, in the calling (main) thread, where signal handlers run.
    # Later replacements are forked by the pool's own threads, started here too and so holding the
    # signals for good: the main thread still receives them.
    with stop_signals_held():  # a held signal is raised as the block ends: the pool is listed by then, to be stopped
        pool = multiprocessing.get_context("fork").Pool(processes, initializer=_worker_setup, initargs=(os.getpid(),))
        _LIVE.add(pool)
    return pool


def close(pool: Pool) -> None:
    """Stops a pool whose work is done, or that an interrupt cut short."""
    _LIVE.discard(pool)
    _stop(pool, timeout=2.0)


def stop_all(timeout: float = 2.0) -> None:
    """On an interrupt: stop every live pool, waiting at most about `timeout` seconds for each."""
    for pool in list(_LIVE):
        _LIVE.discard(pool)
        _stop(pool, timeout)


@contextmanager
def tracked(process: subprocess.Popen):
    """A program run for the build (Pagefind) that `kill_children` kills too while the block runs."""
    _PROGRAMS.add(process)
    try:
        yield process
    finally:
        _PROGRAMS.discard(process)


_PROGRAMS: set[subprocess.Popen] = set()


def kill_children() -> None:
    """Last step before a process exits on an interrupt: no forked worker, and no program it started, outlives it."""
    for program in list(_PROGRAMS):
        try:
            program.kill()
        except OSError:
            pass
    for process in multiprocessing.active_children():
        process.kill()
    for process in multiprocessing.active_children():
        process.join(1.0)


def _stop(pool: Pool, timeout: float) -> None:
    # terminate() first marks the pool as stopping (no more workers are started), then waits for
    # the task queue's lock; when a killed worker holds it, the wait would never end, so it runs
    # in a daemon thread and the workers are killed outright when it takes too long.
    stopper = threading.Thread(target=pool.terminate, daemon=True)
    with stop_signals_held():
        stopper.start()
    stopper.join(timeout)
    if stopper.is_alive():
        for process in list(getattr(pool, "_pool", [])):  # the pool's own worker list
            if process.exitcode is None:
                process.kill()
                process.join(timeout)


_LOOK_EVERY = 0.5  # seconds between looks at the workers while a result is awaited


def imap(pool: Pool, func, items: list, chunksize: int) -> Iterator:
    """`pool.imap(func, items, chunksize)`, in order; raises WorkerLost when a worker has died meanwhile.
    The chunks are made here: `imap` hides a chunked result behind a generator with no timeout to wait on."""
    chunks = [(func, items[i:i + chunksize]) for i in range(0, len(items), chunksize)]
    # Submitted now, not when the first answer is asked for: the caller may do other work meanwhile.
    return _watched(pool.imap(_each, chunks), list(pool._pool))  # the pool's processes: no public list of them


def _watched(answers, workers: list) -> Iterator:
    while True:
        try:
            yield from answers.next(timeout=_LOOK_EVERY)
        except StopIteration:
            return
        except multiprocessing.TimeoutError:
            _raise_if_lost(workers)


def _each(job: tuple) -> list:
    func, chunk = job
    return [func(item) for item in chunk]


def result(pool: Pool, answer: AsyncResult):
    """`answer.get()` for an `apply_async` on `pool`; raises WorkerLost when its worker has died meanwhile."""
    workers = list(pool._pool)
    while True:
        try:
            return answer.get(timeout=_LOOK_EVERY)
        except multiprocessing.TimeoutError:
            _raise_if_lost(workers)


def _raise_if_lost(workers: list) -> None:
    lost = [w.exitcode for w in workers if w.exitcode is not None]
    if lost:
        raise WorkerLost(lost[0])

