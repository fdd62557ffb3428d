"""Takahē, a second real Mastodon-API server, on loopback for the tests.

Takahē 0.11.0 (jointakahe/takahe) is an independently written ActivityPub server that speaks
the Mastodon client API, so it catches what a contract fake written by the same hands cannot
(it ignores Idempotency-Key, answers 500 to images it cannot decode, counts URLs raw, and brings
back a status deleted while its worker is still fanning it out, so tests wait for the fan-out first:
`post_state` reads the worker's progress from Takahē's own database, the only place it shows).

`scripts/setup.sh` installs it from the tarball in `../shared/peers/takahe/` (beside the repository
root) into `.peers/takahe/` with a private PostgreSQL cluster. `run_takahe()` starts it with that
folder's `start.sh` on free loopback ports, yields a `TakahePeer` (URL, a ready token, the account
id), and stops it at the end with `stop.sh`, which stops only what `start.sh` started.

Nothing is downloaded here: a missing install is an error that says what to run.
"""
from __future__ import annotations

import contextlib
import os
import shlex
import socket
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
# CI copies the shared folder beside the clone; TAKAHE_PEER_DIR points elsewhere for local runs.
SCRIPTS = Path(os.environ.get("TAKAHE_PEER_DIR") or REPO_ROOT.parent / "shared" / "peers" / "takahe")
HOME = Path(os.environ.get("TAKAHE_HOME") or REPO_ROOT / ".peers" / "takahe")
INSTALL_HINT = "bash scripts/setup.sh (it runs ../shared/peers/takahe/install.sh into .peers/takahe)"


class TakaheNotInstalled(RuntimeError):
    pass


@dataclass(frozen=True)
class TakahePeer:
    url: str  # http://127.0.0.1:PORT
    token: str  # a user token with read and write scopes, for the account "clinic"
    account_id: str
    home: Path
    pg_port: int  # the private PostgreSQL cluster, on 127.0.0.1, user postgres, no password (start.sh)

    def post_state(self, post_id: str) -> str:
        """The status's state in Takahē's worker (new, fanned_out, deleted, ...); empty if there is no such row."""
        if not post_id.isdigit():
            raise ValueError(f"not a Takahē post id: {post_id!r}")
        query = subprocess.run(
            ["psql", "-h", "127.0.0.1", "-p", str(self.pg_port), "-U", "postgres", "-d", "takahe", "-tAc",
             f"SELECT state FROM activities_post WHERE id = {post_id}"],
            capture_output=True, text=True, timeout=30)
        if query.returncode != 0:
            raise RuntimeError(f"psql could not read Takahē's post {post_id}: {query.stderr.strip()}")
        return query.stdout.strip()

    def log_tail(self, lines: int = 30) -> str:
        path = self.home / "run" / "web.log"
        with contextlib.suppress(OSError):
            return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
        return ""


def check_installed() -> None:
    missing = [p for p in (SCRIPTS / "start.sh", HOME / "takahe" / "manage.py", HOME / "takahe" / ".venv" / "bin" / "python",
                           HOME / "pg" / "data") if not p.exists()]
    if missing:
        raise TakaheNotInstalled(f"The Takahē test peer is not installed (missing {', '.join(map(str, missing))}). "
                                 f"Run: {INSTALL_HINT}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def run_takahe() -> Iterator[TakahePeer]:
    check_installed()
    env = {**os.environ, "TAKAHE_HOME": str(HOME), "TAKAHE_PORT": str(_free_port()), "TAKAHE_PG_PORT": str(_free_port())}
    # A session that was killed leaves its servers (recorded by start.sh) behind: stop those first.
    subprocess.run(["bash", str(SCRIPTS / "stop.sh")], env=env, capture_output=True, timeout=60)
    started = subprocess.run(["bash", str(SCRIPTS / "start.sh")], env=env, capture_output=True, text=True, timeout=180)
    try:
        if started.returncode != 0:
            raise RuntimeError(f"Takahē did not start (exit {started.returncode}):\n{started.stderr[-3000:]}")
        values = {}
        for line in started.stdout.splitlines():
            name, _, value = line.partition("=")
            if name.startswith("TAKAHE_"):
                values[name] = shlex.split(value)[0] if value else ""
        yield TakahePeer(values["TAKAHE_URL"], values["TAKAHE_TOKEN"], values["TAKAHE_ACCOUNT_ID"], HOME,
                         int(env["TAKAHE_PG_PORT"]))
    finally:
        subprocess.run(["bash", str(SCRIPTS / "stop.sh")], env=env, capture_output=True, timeout=60)
