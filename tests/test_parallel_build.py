"""The fast path builds the same site: a parallel build (forked workers) and a sequential one
give byte-identical output, and a gate failure found in the background still stops the build."""
from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from syndicate.build import build_site
from syndicate.errors import SyndicateError

from .conftest import VALID_FRONT, copy_project, write_article


def configure(project: Path, workers: int, parallel_from: int) -> Path:
    config = project / "site_config.yml"
    text = config.read_text().replace(
        "      articles_dir: articles\n",
        f"      articles_dir: articles\n      workers: {workers}\n      parallel_from: {parallel_from}\n")
    config.write_text(text)
    return config


def tree(site: Path) -> dict[str, bytes]:
    out = {}
    for path in sorted(site.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            out[str(path.relative_to(site))] = gzip.decompress(data) if path.suffix == ".gz" else data
    return out


def with_extra_articles(project: Path, n: int) -> None:
    for i in range(n):
        body = f"## Part {i}\n\nDrink water [often](../policies/privacy.md#privacy) on hot days, part {i}.\n\n- one\n- two\n"
        write_article(project, f"extra-{i:02d}.md", VALID_FRONT.replace("Drink water in the heat", f"Drink water, part {i}"), body)


def test_parallel_and_sequential_builds_are_identical(tmp_path):
    sequential = copy_project(tmp_path / "sequential")
    parallel = copy_project(tmp_path / "parallel")
    for project in (sequential, parallel):
        with_extra_articles(project, 12)
    one = build_site(configure(sequential, workers=1, parallel_from=1)).site_dir
    two = build_site(configure(parallel, workers=2, parallel_from=1)).site_dir
    a, b = tree(one), tree(two)
    assert set(a) == set(b)
    different = [name for name in a if a[name] != b[name]]
    assert different == []
    assert len([n for n in a if n.startswith("articles/extra-")]) == 12
    assert len([n for n in a if n.startswith("assets/cards/extra-")]) == 12  # drawn by the background process


def test_gate_failure_in_the_background_stops_the_build(tmp_path):
    project = copy_project(tmp_path / "project")
    config = configure(project, workers=2, parallel_from=1)
    first = build_site(config)
    before = (first.site_dir / "index.html").read_bytes()
    write_article(project, "story.md", VALID_FRONT, "My patient Maria Alvarez called from (217) 555-0199.\n")
    with pytest.raises(SyndicateError) as info:
        build_site(config)
    assert "safety check found errors" in str(info.value) and "story.md" in str(info.value)
    assert (first.site_dir / "index.html").read_bytes() == before
    assert not (first.site_dir / "articles" / "story").exists()
