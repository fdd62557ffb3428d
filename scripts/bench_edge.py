"""What the edge-of-the-project rules cost on a large site (docs/security.md, docs/benchmarks.md).

Times, on the synthetic articles of bench_build.py: the scan of content/ (links, special files,
every image decoded with Pillow) cold and warm, the marking of a built site (permissions and
the list of built files), and the check that a site folder may be replaced.

    .venv/bin/python scripts/bench_edge.py --articles 1000
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_build import ours_project  # noqa: E402

from syndicate import images  # noqa: E402
from syndicate.build import build_site  # noqa: E402
from syndicate.paths import content_tree_problems  # noqa: E402
from syndicate.sitedir import finish, refuse_site_dir  # noqa: E402


def timed(run, repeat: int) -> list[tuple[float, float]]:
    """(wall seconds, CPU seconds of this process) per run: on a shared machine the CPU figure is the steadier one."""
    out = []
    for _ in range(repeat):
        started, cpu = time.perf_counter(), time.process_time()
        run()
        out.append((time.perf_counter() - started, time.process_time() - cpu))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("SYNDICATE_NOW", "2030-01-01T00:00:00+00:00")
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    with tempfile.TemporaryDirectory() as folder:
        config = ours_project(Path(folder), args.articles)
        docs = config.parent / "content"
        pictures = sum(1 for p in docs.rglob("*") if images.looks_like_image(p))

        def cold():
            images._checked.clear()
            assert content_tree_problems(docs) == []

        cold_times = timed(cold, args.repeat)
        warm_times = timed(lambda: content_tree_problems(docs), args.repeat)
        site = build_site(config).site_dir
        files = sum(1 for p in site.rglob("*") if p.is_file())
        finish_times = timed(lambda: finish(site), args.repeat)
        refuse_times = timed(lambda: refuse_site_dir(site, root=config.parent, docs_dir=docs, config_path=config,
                                                     source="site_dir"), args.repeat)
    def show(label: str, runs, per: int | None = None) -> None:
        wall, cpu = statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)
        each = f"; {cpu / per * 1000:.2f} ms CPU an image" if per else ""
        print(f"{label:<48} {wall:6.3f} s wall, {cpu:6.3f} s CPU{each}")

    print(f"{args.articles} articles, {pictures} images, {files} built files; median of {args.repeat}; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    show("scan of content/, cold (every image decoded)", cold_times, pictures)
    show("scan of content/, warm (images remembered)", warm_times)
    show("marking the built site (chmod, file list)", finish_times)
    show("checking the site folder may be replaced", refuse_times)

if __name__ == "__main__":
    main()
