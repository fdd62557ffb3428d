"""Benchmark: this project's build against the stock Material blog plugin on the same content.

    .venv/bin/python scripts/bench_build.py --sizes 100 1000 2000

For each size it generates the same synthetic articles for both, builds each in a fresh
subprocess (so peak memory is that build's own), and prints times, the ratio, peak memory
and the growth from the smallest-but-one to the largest size. Nothing here is a test: the
figures go into docs/benchmarks.md.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import generate, write_png  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent

MEASURE = textwrap.dedent("""
    import json, resource, sys, time
    started = time.perf_counter()
    kind, config = sys.argv[1], sys.argv[2]
    if kind == "ours":
        from syndicate.build import build_site
        from pathlib import Path
        build_site(Path(config))
    else:
        from mkdocs.commands.build import build
        from mkdocs.config import load_config
        build(load_config(config_file=config))
    seconds = time.perf_counter() - started
    main = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": main, "child_peak_mb": child}))
""")


def ours_project(folder: Path, n: int) -> Path:
    for name in ("theme_overrides",):
        shutil.copytree(ROOT / name, folder / name)
    shutil.copytree(ROOT / "content", folder / "content", ignore=shutil.ignore_patterns("articles"))
    articles = folder / "content" / "articles"
    articles.mkdir()
    config = (ROOT / "site_config.yml").read_text()
    (folder / "site_config.yml").write_text(config)
    for slug, meta, body in generate(n):
        front = {k: v for k, v in meta.items() if k != "image"}
        front["date"] = meta["date"].strftime("%Y-%m-%d %H:%M")
        front["reviewed_by"] = "okafor" if meta["authors"][0] != "okafor" else "lee"
        front["last_reviewed"] = meta["date"].strftime("%Y-%m-%d")
        if meta["image"]:
            front["image"] = f"images/{slug}.png"
            front["image_alt"] = "An illustration of the topic"
            write_png(folder / "content" / "images" / f"{slug}.png")
        (articles / f"{slug}.md").write_text("---\n" + yaml.safe_dump(front, sort_keys=False) + "---\n\n" + body)
    return folder / "site_config.yml"


def material_project(folder: Path, n: int) -> Path:
    docs = folder / "docs"
    posts = docs / "blog" / "posts"
    posts.mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n")
    (docs / "blog" / "index.md").write_text("# Blog\n")
    (docs / "tags.md").write_text("# Tags\n")
    authors = {"authors": {a: {"name": a.title(), "description": "Clinician", "avatar": "https://example.invalid/a.png"}
                           for a in ("okafor", "lee", "raman", "whitfield")}}
    (docs / "blog" / ".authors.yml").write_text(yaml.safe_dump(authors))
    for slug, meta, body in generate(n):
        front = {"date": meta["date"].date(), "authors": meta["authors"], "categories": meta["categories"],
                 "tags": meta["tags"], "slug": slug, "description": meta["summary"]}
        if meta["image"]:
            write_png(docs / "images" / f"{slug}.png")
        (posts / f"{slug}.md").write_text("---\n" + yaml.safe_dump(front, sort_keys=False) + "---\n\n"
                                          f"# {meta['title']}\n\n{meta['summary']}\n\n<!-- more -->\n\n{body}")
    config = {
        "site_name": "Benchmark", "site_url": "https://bench.example/", "docs_dir": "docs",
        "theme": {"name": "material", "font": False},
        "plugins": ["search", {"blog": {"post_url_format": "{slug}"}}, "tags"],
    }
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config))
    return folder / "mkdocs.yml"


def measure(kind: str, config: Path) -> dict:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SYNDICATE_NOW": "2030-01-01T00:00:00+00:00"}
    for leftover in ("site", ".cache"):  # every run builds from nothing, share cards included
        shutil.rmtree(config.parent / leftover, ignore_errors=True)
    result = subprocess.run([sys.executable, "-c", MEASURE, kind, str(config)], cwd=config.parent, env=env,
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"{kind} build failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def median_of(n: int, run) -> dict:
    """The run with the median time of n, keeping its own memory figure; each run starts clean."""
    runs = sorted((run() for _ in range(n)), key=lambda r: r["seconds"])
    chosen = dict(runs[len(runs) // 2])
    chosen["all_seconds"] = [round(r["seconds"], 2) for r in runs]
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 2000])
    parser.add_argument("--skip-material", action="store_true", help="build only this project")
    parser.add_argument("--repeat", type=int, default=3,
                        help="builds per size and tool; the median is reported (this machine is noisy)")
    args = parser.parse_args()
    rows = []
    for n in args.sizes:
        with tempfile.TemporaryDirectory(prefix=f"bench-{n}-") as tmp:
            tmp = Path(tmp)
            print(f"[{n} articles] generating…", file=sys.stderr, flush=True)
            ours_cfg = ours_project(tmp / "ours", n)
            print(f"[{n} articles] building with syndicate…", file=sys.stderr, flush=True)
            ours = median_of(args.repeat, lambda: measure("ours", ours_cfg))
            # Forked workers share the parent's pages until they write; main + largest child bounds the peak.
            row = {"articles": n, "ours_s": ours["seconds"], "ours_mb": ours["peak_mb"] + ours["child_peak_mb"],
                   "ours_runs": ours["all_seconds"]}
            if not args.skip_material:
                material_cfg = material_project(tmp / "material", n)
                print(f"[{n} articles] building with the stock Material blog…", file=sys.stderr, flush=True)
                stock = median_of(args.repeat, lambda: measure("material", material_cfg))
                row.update(material_s=stock["seconds"], material_mb=stock["peak_mb"], material_runs=stock["all_seconds"],
                           ratio=stock["seconds"] / ours["seconds"])
            rows.append(row)
            print(json.dumps(row), file=sys.stderr, flush=True)
    print(f"{'articles':>8} {'syndicate s':>12} {'peak MB*':>8} {'Material s':>11} {'peak MB':>8} {'speed-up':>9}")
    for r in rows:
        stock = f"{r['material_s']:>11.1f} {r['material_mb']:>8.0f} {r['ratio']:>8.1f}×" if "material_s" in r else ""
        print(f"{r['articles']:>8} {r['ours_s']:>12.1f} {r['ours_mb']:>8.0f} {stock}")
    print("* main process plus its largest worker (workers share the parent's memory until they write)")
    if len(rows) >= 2:
        a, b = rows[-2], rows[-1]
        print(f"growth {a['articles']}→{b['articles']}: syndicate ×{b['ours_s'] / a['ours_s']:.2f}"
              + (f", Material ×{b['material_s'] / a['material_s']:.2f}" if "material_s" in a else ""))


if __name__ == "__main__":
    main()
