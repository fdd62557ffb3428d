"""Times the ledger at scale: load, a write under the lock (file unchanged since read), and a write
that must re-read and merge (another writer changed the file). Usage:
    .venv/bin/python scripts/bench_ledger.py --articles 1000
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from syndicate.ledger import POSTED, Entry, Ledger  # noqa: E402

PLATFORMS = ["bluesky", "mastodon", "x", "linkedin", "facebook", "threads", "google_business"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ledger.yml"
        seed = Ledger(path)
        for i in range(args.articles):
            seed.entries[f"article-{i:05d}"] = {p: Entry(POSTED, f"article-{i:05d}:{p}", "ab" * 32, "2026-11-26T12:00:00+00:00",
                                                         post_id=str(10**17 + i), url=f"https://example.social/@c/{10**17 + i}",
                                                         posted_at="2026-11-26T12:00:00+00:00") for p in PLATFORMS}
        seed.save()
        print(f"{args.articles} articles x {len(PLATFORMS)} platforms, {path.stat().st_size / 1e6:.1f} MB")
        for run in range(args.runs):
            t = time.perf_counter()
            mine = Ledger.load(path)
            loaded = time.perf_counter() - t
            t = time.perf_counter()
            mine.set(f"new-{run}", "x", Entry(POSTED, "k", post_id="1", url="u"))
            plain = time.perf_counter() - t
            Ledger.load(path).set(f"other-{run}", "x", Entry(POSTED, "k", post_id="2", url="u"))
            t = time.perf_counter()
            mine.set(f"new-{run}", "mastodon", Entry(POSTED, "k", post_id="3", url="u"))
            merged = time.perf_counter() - t
            print(f"load {loaded:.2f} s; write {plain:.2f} s; write with re-read and merge {merged:.2f} s")


if __name__ == "__main__":
    main()
