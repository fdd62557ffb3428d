"""How much parallel work this machine allows: shared by the build and the safety check."""
from __future__ import annotations

import multiprocessing
import os


def available() -> int:
    """Cores this process may run on (a CI container's limit, not the host's)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def can_fork() -> bool:
    """Fork lets workers inherit loaded state; a pool's own (daemonic) workers may not fork again."""
    return "fork" in multiprocessing.get_all_start_methods() and not multiprocessing.current_process().daemon
