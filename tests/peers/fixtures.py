"""pytest fixtures for the real services in tests/peers.

Use in a test module, or once for the whole suite in tests/conftest.py::

    from tests.peers.fixtures import pds  # noqa: F401

Importing it in several places is fine: every import shares one running PDS
per test session (started on first use, stopped when the last user is done).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pytest

from tests.peers.bluesky_pds import PdsNotInstalled, PdsPeer, run_pds

_peer: PdsPeer | None = None
_stack: contextlib.ExitStack | None = None
_users = 0


@pytest.fixture(scope="session")
def pds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PdsPeer]:
    """A real Bluesky PDS (+ PLC directory) on loopback for the whole session."""
    global _peer, _stack, _users
    if _peer is None:
        stack = contextlib.ExitStack()
        try:
            _peer = stack.enter_context(run_pds(tmp_path_factory.mktemp("bluesky")))
        except PdsNotInstalled as exc:
            stack.close()
            pytest.fail(str(exc), pytrace=False)
        _stack = stack
    _users += 1
    try:
        yield _peer
    finally:
        _users -= 1
        if _users == 0 and _stack is not None:
            stack, _stack, _peer = _stack, None, None
            stack.close()


@pytest.fixture(scope="session")
def takahe():
    """A real Takahē (Mastodon API) on loopback for the whole session, stopped at the end."""
    from tests.peers.takahe import TakaheNotInstalled, check_installed, run_takahe
    try:
        check_installed()
    except TakaheNotInstalled as exc:
        pytest.fail(str(exc), pytrace=False)
    with run_takahe() as peer:
        yield peer
