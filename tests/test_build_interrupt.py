"""Interrupting a build (Ctrl-C, SIGTERM) exits promptly with the shell's code, leaves no
half-built folder and no worker behind, and keeps the previous site. A real `syndicate build`
subprocess gets a real signal, at several moments of a parallel build; every wait is bounded."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import VALID_FRONT, copy_project, write_article

SYNDICATE = str(Path(sys.executable).with_name("syndicate"))
EXIT_WITHIN = 20.0  # seconds; a hung build fails the test instead of hanging it


@pytest.fixture(scope="module")
def big_project(tmp_path_factory) -> Path:
    """Enough articles, built on two forked workers, that a build takes a few seconds."""
    project = copy_project(tmp_path_factory.mktemp("interrupt") / "project")
    config = project / "site_config.yml"
    config.write_text(config.read_text().replace(
        "      articles_dir: articles\n", "      articles_dir: articles\n      workers: 2\n      parallel_from: 1\n"))
    for i in range(150):
        body = "".join(f"## Part {j}\n\nDrink water on hot days, part {i}.{j}.\n\n- one\n- two\n\n" for j in range(8))
        write_article(project, f"extra-{i:03d}.md", VALID_FRONT.replace("Drink water in the heat", f"Water, part {i}"), body)
    return project


def session_processes(sid: int) -> list[int]:
    """Processes still alive in the build's session (its forked workers, if any survived)."""
    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == sid and fields[0] != "Z":
            alive.append(int(stat.parent.name))
    return alive


def start_build(project: Path, log: Path) -> subprocess.Popen:
    # Output goes to a file, as to a terminal: a pipe nobody reads would block the writer.
    with open(log, "w") as out:
        return subprocess.Popen([SYNDICATE, "build"], cwd=project, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True, env={**os.environ, "PYTHONFAULTHANDLER": "1"})


def describe(pids: list[int]) -> list[str]:
    out = []
    for pid in pids:
        try:
            status = dict(line.split(":\t", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":\t" in line)
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            out.append(f"{pid} ppid={status.get('PPid')} state={status.get('State')} {cmd}")
        except OSError:
            pass
    return out


def wait_for_staging(project: Path, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while not list(project.glob(f".site.building-{process.pid}-*")):
        assert process.poll() is None, "the build ended before it could be interrupted"
        assert time.monotonic() < deadline, "the build never started writing"
        time.sleep(0.01)


@pytest.mark.parametrize("signum, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
@pytest.mark.parametrize("to_group", [True, False], ids=["process-group", "main-process"])
def test_interrupted_build_exits_promptly_and_cleans_up(big_project, tmp_path, signum, code, to_group):
    site = big_project / "site"
    if not site.exists():
        first = subprocess.run([SYNDICATE, "build"], cwd=big_project, capture_output=True, text=True, timeout=300)
        assert first.returncode == 0, first.stderr
    before = (site / "index.html").read_bytes()
    for delay in (0.0, 0.3, 0.8, 1.5):
        log = tmp_path / f"build-{delay}.log"
        process = start_build(big_project, log)
        try:
            wait_for_staging(big_project, process)
            time.sleep(delay)
            (os.killpg if to_group else os.kill)(process.pid, signum)
            process.wait(timeout=EXIT_WITHIN)
        except subprocess.TimeoutExpired:
            stuck = describe(session_processes(process.pid))
            for pid in session_processes(process.pid):  # faulthandler prints where each one is stuck
                os.kill(pid, signal.SIGABRT)
            time.sleep(1)
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=EXIT_WITHIN)
            pytest.fail(f"the build did not exit within {EXIT_WITHIN} s of {signum.name} (delay {delay} s): "
                        f"{stuck}\n{log.read_text()[-8000:]}")
        finally:
            deadline = time.monotonic() + 5
            while session_processes(process.pid) and time.monotonic() < deadline:
                time.sleep(0.05)
            survivors = describe(session_processes(process.pid))
            if survivors:
                os.killpg(process.pid, signal.SIGKILL)
            err = log.read_text()
        assert survivors == [], f"workers outlived the build (delay {delay} s): {survivors}\n{err}"
        assert process.returncode == code, (delay, process.returncode, err)
        assert "Traceback" not in err and "interrupted" in err, err
        assert not list(big_project.glob(".site.*")), (delay, sorted(p.name for p in big_project.glob(".site.*")))
        assert (site / "index.html").read_bytes() == before
