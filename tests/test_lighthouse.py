"""Lighthouse at the top (issue 13): pinned Lighthouse, mobile with its default simulated throttling, with
Debian's Chromium, on the home page, an article and the article list of the built sample site served on
127.0.0.1 (gzip, as a static host serves it: tests/lighthouse.py). One run per page on one build (more
only when performance falls short); the spread over repeated runs and on a loaded machine is in
docs/benchmarks.md (scripts/bench_lighthouse.py)."""
from __future__ import annotations

import urllib.request

import pytest

from syndicate.build import build_site

from .conftest import copy_project
from .lighthouse import audit, serve_compressed

PAGES = ["/", "/articles/flu-shots-2026/", "/articles/"]
PERFORMANCE_AT_LEAST = 95
RUNS_AT_MOST = 3


@pytest.fixture(scope="module")
def site_address(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv("SYNDICATE_NOW", "2026-11-26T12:00:00+00:00")
    project = copy_project(tmp_path_factory.mktemp("lighthouse") / "project")
    site = build_site(project / "site_config.yml").site_dir
    mp.undo()
    with serve_compressed(site) as address:
        yield address


@pytest.mark.parametrize("path", PAGES)
def test_lighthouse_scores(site_address, path):
    report = audit(site_address + path)
    assert [report.scores[c] for c in ("accessibility", "best-practices", "seo")] == [100, 100, 100], report.summary()
    # Simulated throttling scales the CPU time the run observed, so other work on a shared machine can
    # only lower the performance score, never raise it: under 95, up to two more runs, and the best
    # counts. A page that is really slow fails all three. docs/benchmarks.md has the spread under load.
    runs = [report]
    while runs[-1].scores["performance"] < PERFORMANCE_AT_LEAST and len(runs) < RUNS_AT_MOST:
        runs.append(audit(site_address + path))
    best = max(runs, key=lambda r: r.scores["performance"])
    assert best.scores["performance"] >= PERFORMANCE_AT_LEAST, "\n".join(r.summary() for r in runs)


def test_the_server_compresses_text_as_a_static_host_does(site_address):
    request = urllib.request.Request(site_address + "/assets/javascripts/syndicate.js", headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request) as response:
        assert response.headers["Content-Encoding"] == "gzip"
    with urllib.request.urlopen(site_address + "/assets/javascripts/syndicate.js") as response:
        assert response.headers["Content-Encoding"] is None
