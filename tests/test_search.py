"""Search at scale (issue 13): Pagefind's chunked index instead of Material's whole-site index.

A 1,000-article site (the synthetic articles of scripts/bench_build.py) is built and served on
127.0.0.1; a phone-sized Chromium opens the home page and searches for a word only one article
has. The budget is bytes, not time: everything the phone fetches, gzipped, home page included.
"""
from __future__ import annotations

import functools
import gzip
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from syndicate.build import build_site
from syndicate.errors import SyndicateError
from syndicate.site import search

from .conftest import write_article
from .test_browser import CHROMIUM, CHROMIUM_ARGS

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from bench_build import ours_project  # noqa: E402

BUDGET = 400_000  # bytes, gzipped, for the home page and one search on a phone
RARE = "quokkaberry"  # in one published article (its text, and its summary, which listings repeat) and a draft
ARTICLES = 1000


def serve(site: Path):
    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def large_site(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv("SYNDICATE_NOW", "2026-11-26T12:00:00+00:00")
    folder = tmp_path_factory.mktemp("search") / "project"
    folder.mkdir()
    config = ours_project(folder, ARTICLES)
    target = folder / "content" / "articles" / "article-00500.md"
    text = target.read_text()
    target.write_text(text.replace("summary: ", f"summary: Ask about {RARE} season. ", 1)
                      + f"\nAsk us about {RARE} season at your next visit.\n")
    write_article(folder, "secret-draft.md", f"""
        title: A draft about {RARE}
        date: 2026-01-01 08:00
        summary: Not ready yet.
        authors: [okafor]
        reviewed_by: lee
        last_reviewed: 2026-01-01
        draft: true
        """, f"Talk about {RARE} here.\n")
    site = build_site(config).site_dir
    mp.undo()
    title = next(line for line in target.read_text().splitlines() if line.startswith("title: "))[7:].strip("'\"")
    server = serve(site)
    yield f"http://127.0.0.1:{server.server_address[1]}", site, title
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("http://127.0.0.1")
               else route.abort())
    yield page
    context.close()


def test_a_rare_word_is_found_within_the_byte_budget(large_site, phone):
    base, site, title = large_site
    responses = []
    phone.on("response", lambda r: responses.append(r))
    phone.goto(base + "/")
    phone.locator("label.md-header__button[for=__search]").click()
    phone.locator(".md-search__input").fill(RARE)
    results = phone.locator(".md-search-result__item")
    results.first.wait_for()
    phone.wait_for_load_state("networkidle")
    # One result: the draft and the listings that repeat the summary are not in the index.
    assert results.count() == 1
    assert results.locator("h1").inner_text() == title
    assert RARE in results.locator("mark").first.inner_text().lower()
    assert results.locator("a").get_attribute("href").endswith("/articles/article-00500/")

    sizes = {}
    for response in responses:
        body = response.body() if response.status < 300 else b""
        sizes[response.url.removeprefix(base)] = len(gzip.compress(body)) + response.request.sizes()["responseHeadersSize"]
    total = sum(sizes.values())
    print(f"\n{len(sizes)} responses, {total} bytes gzipped:", sorted(sizes.items(), key=lambda kv: -kv[1])[:8])
    assert not any("search_index" in url for url in sizes), "Material's whole-site index was downloaded"
    assert any(url.startswith("/pagefind/") for url in sizes)
    assert total <= BUDGET, (total, sizes)
    # What Material's own search would have cost: its index alone is far over the budget at this size.
    assert not (site / "search" / "search_index.json").exists()


def test_opening_a_page_loads_no_search_index(large_site, phone):
    base, _, _ = large_site
    urls = []
    phone.on("request", lambda r: urls.append(r.url))
    phone.goto(base + "/articles/article-00010/")
    phone.wait_for_load_state("networkidle")
    assert [u for u in urls if "pagefind" in u or "search" in u] == []


def test_the_search_works_from_the_keyboard(large_site, phone):
    base, _, title = large_site
    phone.goto(base + "/articles/")
    phone.locator("label.md-header__button[for=__search]").click()
    assert phone.evaluate("document.activeElement.classList.contains('md-search__input')")
    phone.keyboard.type(RARE)
    phone.locator(".md-search-result__item").first.wait_for()
    phone.keyboard.press("Enter")
    phone.wait_for_url("**/articles/article-00500/")
    assert phone.locator("h1").first.inner_text() == title


def test_a_failed_index_leaves_the_previous_site(project, monkeypatch, tmp_path):
    site = build_site(project / "site_config.yml").site_dir
    before = (site / "index.html").read_text()
    assert (site / "pagefind" / "pagefind-entry.json").exists()
    broken = tmp_path / "pagefind"
    broken.write_text("#!/bin/sh\necho 'Error: the index could not be written' >&2\nexit 1\n")
    broken.chmod(0o755)
    monkeypatch.setattr(search, "_executable", lambda: broken)
    (project / "content" / "about.md").write_text((project / "content" / "about.md").read_text() + "\nNew line.\n")
    with pytest.raises(SyndicateError) as caught:
        build_site(project / "site_config.yml")
    assert "the search index was not built: Error: the index could not be written" in str(caught.value)
    assert (site / "index.html").read_text() == before
    assert (site / "pagefind" / "pagefind-entry.json").exists()
    assert [p.name for p in site.parent.iterdir() if p.name.startswith(".site.")] == []


def test_only_articles_and_pages_are_marked_for_the_index(project):
    site = build_site(project / "site_config.yml").site_dir
    assert "data-pagefind-body" in (site / "articles" / "healthy-sleep" / "index.html").read_text()
    for listing in ("articles/index.html", "categories/vaccines/index.html", "404.html"):
        assert "data-pagefind-body" not in (site / listing).read_text(), listing
