"""What a patient sees, in real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright).

The sample site is built, served on 127.0.0.1, and checked for the article furniture,
parseable meta and JSON-LD, and accessibility with axe-core from the npm registry.
"""
from __future__ import annotations

import functools
import json
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from syndicate.build import build_site

from .conftest import copy_project

CHROMIUM = "/usr/bin/chromium"
AXE = Path(__file__).parent / "node_tools" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]



class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve_folder(site):
    """Serves a built site on a free loopback port for the length of a fixture; yields its address."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()

@pytest.fixture(scope="module")
def served(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv("SYNDICATE_NOW", "2026-11-26T12:00:00+00:00")
    project = copy_project(tmp_path_factory.mktemp("browser") / "project")
    site = build_site(project / "site_config.yml").site_dir
    mp.undo()
    yield from serve_folder(site)


@pytest.fixture(scope="module")
def browser():
    assert Path(CHROMIUM).exists(), "install Debian's chromium: apt-get install chromium (bash .ci/run does)"
    assert AXE.exists(), "install axe-core: npm ci --prefix tests/node_tools (bash .ci/run does)"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, request):
    # A phone-sized viewport: patients mostly arrive from social links on their phones.
    # axe-core is injected as an inline script, which the pages' CSP rightly refuses: only its test bypasses it.
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                                  bypass_csp=getattr(request, "param", None) == "bypass_csp")
    page = context.new_page()
    page.csp_violations = []
    page.on("console", lambda m: page.csp_violations.append(m.text) if "Content Security Policy" in m.text else None)
    external = []
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("http://127.0.0.1")
               else (external.append(route.request.url), route.abort()))
    page.external_requests = external
    page.console_errors = []
    page.on("console", lambda m: page.console_errors.append(f"{m.type}: {m.text} ({m.location.get('url')})")
            if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: page.console_errors.append(f"exception: {e}"))
    page.on("requestfailed", lambda r: page.console_errors.append(f"failed: {r.url}"))
    page.on("response", lambda r: page.console_errors.append(f"{r.status}: {r.url}") if r.status >= 400 else None)
    yield page
    context.close()


def test_article_page_shows_byline_review_and_disclaimer(served, page):
    page.goto(f"{served}/articles/flu-shots-2026/")
    assert page.locator("h1").first.inner_text() == "Flu shots are here for the 2026–27 season"
    byline = page.locator(".syn-byline").inner_text()
    assert "By Ada Okafor, MD" in byline and "Published September 15, 2026" in byline
    assert page.locator(".syn-review").inner_text().startswith("Medically reviewed by Marcus Lee, DO on September 10, 2026")
    assert page.locator(".syn-review").is_visible() and page.locator(".syn-disclaimer").is_visible()
    assert "call 911" in page.locator(".syn-disclaimer").inner_text()
    # No fonts or scripts from third parties, and no sitemap fetched from the production address.
    assert page.external_requests == []


def test_meta_and_json_ld_parse_in_the_browser(served, page):
    page.goto(f"{served}/articles/measles-outbreak-notice/")
    ld = json.loads(page.locator('script[type="application/ld+json"]').inner_text())
    graph = {node["@id"]: node for node in ld["@graph"]}
    [web_page] = [node for node in ld["@graph"] if node["@type"] == "MedicalWebPage"]
    assert graph[web_page["reviewedBy"]["@id"]]["name"] == "Ada Okafor"
    og = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('meta[property^="og:"]')]
                                   .map(m => [m.getAttribute('property'), m.content]))""")
    assert og["og:title"] == "Measles in our region: check your family's vaccines"
    assert og["og:image"].endswith("/assets/cards/measles-outbreak-notice.jpg")
    card = page.request.get(f"{served}/assets/cards/measles-outbreak-notice.jpg")
    assert card.status == 200 and card.headers["content-type"] == "image/jpeg"


def test_footer_links_to_policies(served, page):
    page.goto(f"{served}/")
    page.locator(".syn-footer__policies").get_by_role("link", name="Social media and comment policy").click()
    assert "We cannot give medical advice on social media" in page.locator("article").inner_text()


@pytest.mark.parametrize("page", ["bypass_csp"], indirect=True)
@pytest.mark.parametrize("path", ["/", "/articles/flu-shots-2026/", "/categories/vaccines/", "/clinicians/okafor/",
                                  "/clinicians/", "/articles/measles-outbreak-notice/",
                                  "/policies/notice-of-privacy-practices/"])
def test_no_serious_accessibility_violations(served, page, path):
    page.goto(served + path)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
               for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], serious
    assert result["testEngine"]["name"] == "axe-core"


@pytest.mark.parametrize("path", ["/", "/articles/flu-shots-2026/", "/categories/vaccines/", "/about/", "/404.html"])
def test_the_content_security_policy_lets_materials_own_scripts_run(served, page, path):
    page.goto(served + path)
    page.wait_for_load_state("networkidle")
    policy = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
    assert "script-src 'self' 'wasm-unsafe-eval' 'sha256-" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert page.evaluate("() => typeof __md_get") == "function"  # Material's inline helpers ran
    assert page.csp_violations == []


def test_search_works_under_the_policy(served, page):
    page.goto(f"{served}/")
    page.wait_for_load_state("networkidle")
    page.keyboard.press("/")  # Material's shortcut: opens the search and focuses it
    page.keyboard.type("measles")
    page.wait_for_selector(".md-search-result__item", timeout=15_000)
    assert "Measles" in page.locator(".md-search-result__list").inner_text()
    assert page.csp_violations == []


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """A site built from an article that tries every injection, plus a page where a script slipped
    into the built HTML (as if some future mistake let one through)."""
    mp = pytest.MonkeyPatch()
    mp.setenv("SYNDICATE_NOW", "2026-11-26T12:00:00+00:00")
    project = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    (project / "content" / "articles" / "hostile.md").write_text(HOSTILE, encoding="utf-8")
    site = build_site(project / "site_config.yml").site_dir
    mp.undo()
    page = site / "articles" / "healthy-sleep" / "index.html"
    page.write_text(page.read_text().replace("</article>", "<script>window.__slipped = 1</script></article>", 1))
    yield from serve_folder(site)


HOSTILE = """---
title: '</title><script>window.__pwned = "title"</script>Heat'
date: 2026-07-01 08:00
summary: '"><script>window.__pwned = "summary"</script>'
authors: [okafor]
reviewed_by: lee
last_reviewed: 2026-06-20
categories: ['</title><script>window.__pwned = "category"</script>']
tags: ['</title><script>window.__pwned = "tag"</script>', summer]
---

Some general health education.

<script>window.__pwned = "body"</script>

<img src="../images/flu-clinic.png" alt="a" onerror="window.__pwned = 'onerror'">

[javascript link](javascript:window.__pwned='link') and [attr](https://example.org){: onclick="window.__pwned='attr'" }

<iframe src="javascript:parent.__pwned='iframe'"></iframe><object data="data:text/html,x"></object><embed src="x.swf">
"""


@pytest.mark.parametrize("path", ["/articles/hostile/", "/tags/title-script-window-pwned-tag-script/",
                                  "/categories/title-script-window-pwned-category-script/", "/articles/"])
def test_injected_content_never_runs(hostile_site, page, path):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(hostile_site + path)
    page.wait_for_load_state("networkidle")
    if path == "/articles/hostile/":
        page.get_by_text("javascript link").click()
    assert page.locator("[onclick], [onerror], a[href^='javascript'], a[href^='data']").count() == 0
    assert page.evaluate("() => window.__pwned") is None
    assert dialogs == []
    assert page.locator("iframe, object, embed").count() == 0
    assert page.evaluate("() => typeof __md_get") == "function"


def test_a_script_that_slips_into_a_page_is_blocked_by_the_policy(hostile_site, page):
    page.goto(f"{hostile_site}/articles/healthy-sleep/")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("() => window.__slipped") is None
    assert any("Content Security Policy" in v for v in page.csp_violations)
    assert page.evaluate("() => typeof __md_get") == "function"


@pytest.mark.parametrize("path", ["/", "/articles/", "/articles/flu-shots-2026/", "/es/articles/flu-shots-2026/", "/es/articles/",
                                  "/categories/vaccines/",
                                  "/tags/flu/", "/clinicians/okafor/", "/policies/privacy/"])
def test_pages_log_no_console_errors(served, page, path):
    # Material's script used to take the feed links for language alternates and fetch /sitemap.xml and
    # /categories/<x>/sitemap.xml beside them, from the production address: a failed request on every page.
    page.goto(served + path)
    page.wait_for_load_state("networkidle")
    assert page.console_errors == []
    assert page.external_requests == []


def test_searching_logs_no_console_errors(served, page):
    page.goto(served + "/")
    page.locator("label.md-header__button[for=__search]").click()
    page.locator(".md-search__input").fill("measles")
    page.locator(".md-search-result__item").first.wait_for()
    page.wait_for_load_state("networkidle")
    assert page.locator(".md-search-result__item h1").first.inner_text() == \
        "Measles in our region: check your family's vaccines"
    assert page.console_errors == [] and page.external_requests == []
