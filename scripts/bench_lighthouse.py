"""Benchmark: Lighthouse scores of the sample site, several runs per page, for the spread in docs/benchmarks.md.

    .venv/bin/python scripts/bench_lighthouse.py --runs 5
    .venv/bin/python scripts/bench_lighthouse.py --runs 3 --uncompressed   # what compression is worth

Builds the sample practice once, serves it on 127.0.0.1 (gzip-compressed, as a static host does, unless
--uncompressed) and runs the pinned Lighthouse (tests/lighthouse.py: mobile, default simulated
throttling, Debian's Chromium) on the pages tests/test_lighthouse.py checks, round-robin, so load on the
machine falls on every page alike. Prints each run, then min / median / max per page and category, with
the machine's load average, which is what moves the performance score.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from http.server import SimpleHTTPRequestHandler
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from syndicate.build import build_site  # noqa: E402
from tests.conftest import SAMPLE_NOW, copy_project  # noqa: E402
from tests.lighthouse import CATEGORIES, audit, serve_compressed, serve_with  # noqa: E402
from tests.test_lighthouse import PAGES  # noqa: E402


class _Plain(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve_plain(site: Path):
    return serve_with(site, _Plain)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--uncompressed", action="store_true", help="serve without gzip (no real host does)")
    args = parser.parse_args()
    os.environ["SYNDICATE_NOW"] = SAMPLE_NOW
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    with tempfile.TemporaryDirectory() as tmp:
        site = build_site(copy_project(Path(tmp) / "project") / "site_config.yml").site_dir
        serve = serve_plain if args.uncompressed else serve_compressed
        runs: dict[str, list] = {path: [] for path in PAGES}
        with serve(site) as address:
            for n in range(args.runs):
                for path in PAGES:
                    report = audit(address + path)
                    runs[path].append(report)
                    print(f"run {n + 1} {report.summary()}", flush=True)
    print("\npage | " + " | ".join(CATEGORIES) + " | load average")
    for path, reports in runs.items():
        cells = []
        for category in CATEGORIES:
            values = [r.scores[category] for r in reports]
            cells.append(f"{min(values)} / {statistics.median(values):g} / {max(values)}")
        loads = [r.load for r in reports]
        print(f"{path} | " + " | ".join(cells) + f" | {min(loads):.1f}-{max(loads):.1f}")


if __name__ == "__main__":
    main()
