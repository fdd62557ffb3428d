"""Benchmark: how long after saving an article `syndicate serve` shows the change, on a large site.

    .venv/bin/python scripts/bench_serve.py --articles 1000

Generates the synthetic site, starts `syndicate serve` on loopback, waits for the first build,
then edits one article several times and measures, each time, from the save until the served
page contains the edit (the browser reloads itself at that moment through livereload).
"""
from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import ours_project  # noqa: E402

SYNDICATE = str(Path(sys.executable).with_name("syndicate"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def page(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return ""


def wait_for(url: str, text: str, timeout: float) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if text in page(url):
            return time.perf_counter() - started
        time.sleep(0.05)
    raise SystemExit(f"{url} did not show {text!r} within {timeout} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--preview", action="store_true",
                        help="serve --preview: every page also carries its findings panel and teaser cards")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        config = ours_project(Path(tmp) / "site", args.articles)
        port = free_port()
        env = {**os.environ, "SYNDICATE_NOW": "2030-01-01T00:00:00+00:00"}
        preview = ["--preview"] if args.preview else []
        server = subprocess.Popen([SYNDICATE, "serve", *preview, "--dev-addr", f"127.0.0.1:{port}"], cwd=config.parent, env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            url = f"http://127.0.0.1:{port}/articles/article-00010/"
            first = wait_for(url, "article-00010", 600)
            print(f"first build served after {first:.1f} s", file=sys.stderr)
            time.sleep(1.5)  # let the watcher settle
            source = config.parent / "content" / "articles" / "article-00010.md"
            timings = []
            for i in range(args.edits):
                marker = f"Edited-{i}-{time.time_ns()}"
                with source.open("a", encoding="utf-8") as handle:
                    handle.write(f"\n{marker}\n")
                timings.append(wait_for(url, marker, 120))
                print(f"edit {i + 1}: shown after {timings[-1]:.2f} s", file=sys.stderr)
                time.sleep(1.0)
        finally:
            server.terminate()
            server.wait(10)
    print(f"{args.articles} articles{' (--preview)' if args.preview else ''}: first build {first:.1f} s; an edit shows after "
          f"{min(timings):.2f}–{max(timings):.2f} s (median {sorted(timings)[len(timings) // 2]:.2f} s)")


if __name__ == "__main__":
    main()
