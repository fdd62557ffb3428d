"""How much parallel work this machine allows: the one worker policy for the build, the safety
check, the share cards and the image checks."""
from __future__ import annotations

import multiprocessing
import os

# The safety check forks at most this many: past it, copying the articles to each worker and
# collecting the findings cost more than the extra cores give (docs/benchmarks.md).
CHECK_PROCESSES = 8


def available() -> int:
    """Cores this process may run on (a CI container's limit, not the host's)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def can_fork() -> bool:
    """Fork lets workers inherit loaded state; a pool's own (daemonic) workers may not fork again."""
    return "fork" in multiprocessing.get_all_start_methods() and not multiprocessing.current_process().daemon


def processes(configured: int | None = None, *, cap: int | None = None) -> int:
    """Worker processes for CPU-bound work: the configured number, else the cores available (at most
    `cap`); 1 where this process cannot fork, so callers run in process."""
    if not can_fork():
        return 1
    return configured or min(available(), cap or available())


def threads() -> int:
    """Threads for work that releases the GIL (Pillow decoding and encoding): one a core."""
    return available()
