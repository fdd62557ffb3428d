"""Forked worker pools that an interrupt can always stop.

Ctrl-C in a terminal signals the whole process group. A pool worker that dies on it while
waiting for work can take the task queue's lock with it, and `Pool.terminate()` then waits
for that lock forever: that is how an interrupted build used to hang. So workers ignore
SIGINT (the parent decides), and stopping a pool on an interrupt never waits unboundedly.
"""
from __future__ import annotations

import multiprocessing
import signal
import threading
from multiprocessing.pool import Pool

_LIVE: set[Pool] = set()


def _worker_signals() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler, inherited through fork


def fork_pool(processes: int) -> Pool:
    pool = multiprocessing.get_context("fork").Pool(processes, initializer=_worker_signals)
    _LIVE.add(pool)
    return pool


def close(pool: Pool) -> None:
    """Stops a pool whose work is done or no longer wanted."""
    _LIVE.discard(pool)
    pool.terminate()
    pool.join()


def stop_all(timeout: float = 2.0) -> None:
    """On an interrupt: stop every live pool, waiting at most about `timeout` seconds for each.

    A pool that does not stop in time has its workers killed and is left to its own threads
    (daemons, which do not hold up the exit)."""
    for pool in list(_LIVE):
        _LIVE.discard(pool)
        stopper = threading.Thread(target=pool.terminate, daemon=True)
        stopper.start()
        stopper.join(timeout)
        if stopper.is_alive():
            for process in list(getattr(pool, "_pool", [])):  # the pool's own worker list
                if process.exitcode is None:
                    process.kill()
                    process.join(timeout)
