"""Forked pools whose worker is killed from outside (the out-of-memory killer, a crash, a `kill`): the
command stops with WorkerLost instead of waiting for ever for the task the worker took with it."""
from __future__ import annotations

import os
import signal
import time

import pytest

from syndicate import workers
from syndicate.errors import EXIT_SETUP, WorkerLost


def _slow_square(n: int) -> int:
    time.sleep(0.05)
    return n * n


def _die_on_seven(n: int) -> int:
    if n == 7:
        os.kill(os.getpid(), signal.SIGKILL)
    return n


def test_imap_gives_every_answer_in_order():
    pool = workers.fork_pool(2)
    try:
        assert list(workers.imap(pool, _slow_square, list(range(23)), chunksize=4)) == [n * n for n in range(23)]
    finally:
        workers.close(pool)


def test_a_worker_killed_mid_task_stops_imap_instead_of_a_wait_for_ever():
    pool = workers.fork_pool(2)
    started = time.monotonic()
    try:
        with pytest.raises(WorkerLost) as lost:
            list(workers.imap(pool, _die_on_seven, list(range(40)), chunksize=3))
    finally:
        workers.close(pool)
    assert time.monotonic() - started < 30  # plain Pool.imap never returns here
    assert lost.value.exit_code == EXIT_SETUP
    assert "killed by signal 9" in lost.value.message and "out-of-memory" in lost.value.message


def test_a_worker_killed_mid_apply_async_stops_result():
    pool = workers.fork_pool(1)
    try:
        with pytest.raises(WorkerLost):
            workers.result(pool, pool.apply_async(_die_on_seven, (7,)))
    finally:
        workers.close(pool)
