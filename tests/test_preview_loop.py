"""The clinician's loop in real headless Chromium: `syndicate serve --preview` shows what the check
found on the page, shows front-matter mistakes in the browser, never blocks, reloads by itself
and stops promptly on SIGTERM."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from .conftest import VALID_FRONT, copy_project, write_article
from .test_browser import AXE, CHROMIUM, CHROMIUM_ARGS
from .test_serve import SYNDICATE, free_port, wait_for

PATIENT = "Last winter Margaret Holloway came in with chest pain after shoveling."
ADVICE = "Stop taking your metoprolol before you shovel snow."
FIXED = "Shoveling heavy snow is hard work for the heart, so pace yourself and take breaks."
DRAFT_FRONT = """
title: Shoveling and your heart
date: 2026-12-05 08:00
summary: Shoveling heavy snow strains the heart. Safer ways to clear the drive.
authors: [lee]
categories: [Heart health]
tags: [heart, winter]
draft: true
"""
SCREENSHOTS = os.environ.get("SYNDICATE_SCREENSHOTS")  # a folder: docs/images is refreshed from here


class Serve:
    """`syndicate serve --preview` in its own process, with its own temporary folder."""

    def __init__(self, project: Path, tmp: Path):
        self.project, self.tmp = project, tmp
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = (tmp / "serve.log").open("w")
        self.proc = subprocess.Popen([SYNDICATE, "serve", "--preview", "--dev-addr", f"127.0.0.1:{self.port}"],
                                     cwd=project, env={**os.environ, "TMPDIR": str(tmp)},
                                     stdout=self.log, stderr=subprocess.STDOUT)

    def leftovers(self) -> list[str]:
        return [p.name for p in self.tmp.iterdir() if p.name.startswith(("syndicate-preview-", "mkdocs_"))]

    def stop(self, sig=signal.SIGTERM, within: float = 5.0) -> float:
        start = time.monotonic()
        self.proc.send_signal(sig)
        self.proc.wait(within)  # raises TimeoutExpired if it did not stop in time
        self.log.close()
        return time.monotonic() - start

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)
        self.log.close()


def start(project: Path, tmp: Path) -> Serve:
    tmp.mkdir(parents=True, exist_ok=True)
    return Serve(project, tmp)


@pytest.fixture(scope="module")
def browser():
    assert Path(CHROMIUM).exists(), "install Debian's chromium: apt-get install chromium (bash .ci/run does)"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """One preview server for the page tests (each test puts back what it changed)."""
    mp = pytest.MonkeyPatch()
    mp.setenv("SYNDICATE_NOW", "2026-11-26T12:00:00+00:00")
    mp.setenv("NO_MKDOCS_2_WARNING", "1")
    root = tmp_path_factory.mktemp("loop")
    project = copy_project(root / "project")
    write_article(project, "shoveling.md", DRAFT_FRONT, f"{PATIENT}\n\n{ADVICE}\n")
    server = start(project, root / "tmp")
    try:
        wait_for(f"{server.base}/articles/shoveling/", "Shoveling and your heart", timeout=90)
        yield server
    finally:
        server.kill()
        mp.undo()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    page = context.new_page()
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("http://127.0.0.1")
               else route.abort())
    yield page
    context.close()


def _save(page, name: str, top=None, bottom=None):
    """A screenshot for docs/clinician-guide.md, from the top of `top` to the bottom of `bottom`."""
    if not SCREENSHOTS:
        return
    Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
    clip = None
    if top is not None and bottom is not None:
        y = max(0, top.bounding_box()["y"] + page.evaluate("scrollY") - 70)
        low = bottom.bounding_box()
        clip = {"x": 0, "y": y, "width": page.viewport_size["width"],
                "height": low["y"] + page.evaluate("scrollY") + low["height"] + 20 - y}
    # The sticky header would be drawn over the middle of a full-page clip.
    page.screenshot(path=str(Path(SCREENSHOTS) / name), full_page=clip is not None, clip=clip,
                    style=".md-header { position: absolute !important; }")


def test_findings_show_in_the_panel_and_in_place_and_clear_when_fixed(live, page):
    page.goto(f"{live.base}/articles/shoveling/")
    panel = page.locator(".syn-preview-panel")
    expect(panel).to_be_visible()
    rules = page.locator(".syn-preview-finding").evaluate_all("els => els.map(e => e.dataset.rule)")
    assert "phi.name" in rules and "advice.individual" in rules
    name_item = page.locator('.syn-preview-finding[data-rule="phi.name"]')
    assert "Margaret Holloway" in name_item.inner_text()
    assert "How to fix:" in name_item.inner_text()
    assert "<!-- accept phi.name: your reason -->" in name_item.locator(".syn-preview-accept").inner_text()
    # In place, with the rule in text (not colour alone), reachable by keyboard.
    name_mark = page.locator("mark.syn-preview-mark", has_text="Margaret Holloway")
    assert "[phi.name]" in name_mark.inner_text() and name_mark.get_attribute("tabindex") == "0"
    advice_mark = page.locator("mark.syn-preview-mark", has_text="metoprolol")
    assert "[advice.individual]" in advice_mark.inner_text()
    _save(page, "preview-findings.png", top=page.locator("h1").first, bottom=advice_mark)
    name_mark.focus()
    assert page.evaluate("document.activeElement.textContent").startswith("Margaret Holloway")
    # The panel links to the highlight, and the highlight is described by its panel entry.
    name_item.locator("a.syn-preview-excerpt").click()
    assert page.evaluate("location.hash") == f"#{name_mark.get_attribute('id')}"
    assert name_item.get_attribute("id") in name_mark.get_attribute("aria-describedby").split()
    _axe_clean(page)

    article = live.project / "content" / "articles" / "shoveling.md"
    original = article.read_text()
    try:
        article.write_text(original.replace(PATIENT, FIXED).replace(ADVICE, "Ask your clinician about your own medicines."))
        saved = time.monotonic()
        # No manual reload: live reload brings the fixed page in by itself.
        expect(page.locator("article.md-content__inner")).to_contain_text("pace yourself", timeout=30_000)
        reload_seconds = time.monotonic() - saved
        for rule in ("phi.name", "advice.individual"):
            assert page.locator(f'.syn-preview-finding[data-rule="{rule}"]').count() == 0
            assert page.locator("mark.syn-preview-mark", has_text=f"[{rule}]").count() == 0
        print(f"live reload after a fix: {reload_seconds:.2f} s")
    finally:
        article.write_text(original)
    expect(page.locator('.syn-preview-finding[data-rule="phi.name"]')).to_be_visible(timeout=30_000)
    cards = page.locator(".syn-preview-teaser")
    _save(page, "preview-teasers.png", top=page.locator(".syn-preview-teasers"), bottom=cards.first.locator("figcaption"))


def test_broken_front_matter_shows_an_error_page_and_a_save_restores_the_article(live, page):
    article = live.project / "content" / "articles" / "healthy-sleep.md"
    original = article.read_text()
    page.goto(f"{live.base}/articles/healthy-sleep/")
    expect(page.locator("h1").first).to_have_text("Five habits for better sleep")
    try:
        article.write_text(original.replace("authors: [raman]", "authors: [nobody]"))
        problem = page.locator(".syn-preview-problem")
        expect(problem).to_be_visible(timeout=30_000)  # the open page reloads into the error page
        text = problem.inner_text()
        assert "content/articles/healthy-sleep.md, line 5" in text
        assert problem.locator(".syn-preview-problem__field").inner_text() == "authors"
        assert "nobody" in text and "How to fix:" in text
        _axe_clean(page)
        _save(page, "preview-error.png")
        # Every page says why while the build fails, and the server is still up.
        assert "syn-preview-problem" in _body(f"{live.base}/articles/", status=500)
        assert live.proc.poll() is None
    finally:
        article.write_text(original)
    expect(page.locator("h1").first).to_have_text("Five habits for better sleep", timeout=30_000)
    assert page.locator(".syn-preview-problem").count() == 0


def test_teaser_cards_match_syndicate_preview_exactly(live, page):
    slug = "healthy-sleep"
    out = subprocess.run([SYNDICATE, "preview", "--format", "json", "--repost"], cwd=live.project,
                         capture_output=True, text=True, env={**os.environ}, check=False)
    expected = [r for r in json.loads(out.stdout) if r["article"] == slug]
    assert expected, out.stderr
    page.goto(f"{live.base}/articles/{slug}/")
    cards = page.locator(".syn-preview-teaser").evaluate_all("""cards => cards.map(c => {
        const q = s => c.querySelector(s);
        return {article: null, platform: c.dataset.platform, lang: q('.syn-preview-teaser__text').getAttribute('lang'),
                text: q('.syn-preview-teaser__text').textContent,
                length: Number(q('.syn-preview-teaser__length').textContent),
                limit: Number(q('.syn-preview-teaser__limit').textContent),
                link: q('.syn-preview-teaser__link').getAttribute('href'),
                image: q('.syn-preview-teaser__image').textContent,
                image_alt: q('.syn-preview-teaser__alt').textContent, error: null,
                img_alt: q('img').getAttribute('alt'),
                img_ok: q('img').complete && q('img').naturalWidth > 0};
    })""")
    for card in cards:
        assert card.pop("img_alt") == card["image_alt"]
        assert card.pop("img_ok"), f"the {card['platform']} card's image did not load"
        card["article"] = slug
    assert cards == expected


def test_a_draft_gets_teaser_cards_and_a_page_without_findings_gets_no_panel(live, page):
    page.goto(f"{live.base}/articles/sun-safety-summer/")
    expect(page.locator(".syn-preview-teaser").first).to_be_visible()
    assert page.locator(".syn-preview-panel").count() == 0  # this sample article passes every check
    page.goto(f"{live.base}/articles/shoveling/")
    platforms = page.locator(".syn-preview-teaser").evaluate_all("els => els.map(e => e.dataset.platform)")
    assert platforms == ["bluesky", "mastodon", "linkedin"]


def test_review_rules_front_matter_findings_and_other_pages_show_too(live, page):
    about = live.project / "content" / "about.md"
    original = about.read_text()
    unreviewed = write_article(live.project, "unreviewed.md", """
        title: Margaret Holloway and her garden
        date: 2026-03-01 08:00
        summary: Gardening keeps you moving.
        authors: [okafor]
        categories: [Healthy living]
        """)
    try:
        about.write_text(original + f"\n{PATIENT}\n")
        page.goto(f"{live.base}/articles/unreviewed/")
        expect(page.locator('.syn-preview-finding[data-rule="review.missing"]').first).to_be_visible(timeout=30_000)
        title = page.locator('.syn-preview-finding[data-rule="phi.name"]')
        assert "in the front matter field title" in " ".join(title.inner_text().split())
        assert "# <!-- accept phi.name: your reason -->" in title.inner_text()  # a YAML comment above the field
        assert "accept" not in page.locator('.syn-preview-finding[data-rule="review.missing"]').first.inner_text()
        page.goto(f"{live.base}/about/")
        expect(page.locator("mark.syn-preview-mark", has_text="Margaret Holloway")).to_be_visible(timeout=30_000)
        assert page.locator(".syn-preview-teasers").count() == 0  # teasers are for articles
    finally:
        about.write_text(original)
        unreviewed.unlink()


def _fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")
    except OSError:
        return 0, ""


def _body(url: str, status: int) -> str:
    got, body = _fetch(url)
    assert got == status
    return body


def _wait_error_page(url: str, text: str, timeout: float = 90) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status, body = _fetch(url)
        if status == 500 and text in body:
            return body
        time.sleep(0.2)
    raise AssertionError(f"{url} never showed the error page with {text!r}")


def _axe_clean(page):
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [(v["id"], [n["target"] for n in v["nodes"]][:3])
               for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], serious


def test_starts_with_errors_stays_up_and_stops_on_sigterm(project, tmp_path):
    """A finding and a broken front matter at start: the server still serves, and SIGTERM stops it."""
    write_article(project, "shoveling.md", DRAFT_FRONT, f"{PATIENT}\n")
    broken = write_article(project, "broken.md", VALID_FRONT.replace("2026-07-01 08:00", "2026-13-45 08:00"))
    server = start(project, tmp_path / "tmp")
    try:
        page_html = _wait_error_page(f"{server.base}/articles/", "syn-preview-problem")
        assert "content/articles/broken.md" in page_html and "date" in page_html
        broken.unlink()
        wait_for(f"{server.base}/articles/shoveling/", "syn-preview-panel", timeout=60)
        took = server.stop(signal.SIGTERM)
    finally:
        server.kill()
    print(f"stopped {took:.2f} s after SIGTERM")
    assert server.proc.returncode == 0 and took < 5
    assert server.leftovers() == []


def test_sigterm_during_a_broken_config_stops_it_too(project, tmp_path):
    config = project / "site_config.yml"
    config.write_text(config.read_text().replace("reading_grade: 8", "reading_grade: [eight]"))
    server = start(project, tmp_path / "tmp")
    try:
        page_html = _wait_error_page(f"{server.base}/", "syn-preview-error")
        assert "reading_grade" in page_html
        took = server.stop(signal.SIGTERM)
    finally:
        server.kill()
    assert took < 5 and server.leftovers() == []


def test_ctrl_c_stops_it(project, tmp_path):
    server = start(project, tmp_path / "tmp")
    try:
        wait_for(f"{server.base}/articles/healthy-sleep/", "syn-preview-teaser", timeout=90)
        took = server.stop(signal.SIGINT)
    finally:
        server.kill()
    assert took < 5 and server.leftovers() == []


def test_sigterm_while_it_rebuilds_stops_it(project, tmp_path):
    server = start(project, tmp_path / "tmp")
    article = project / "content" / "articles" / "healthy-sleep.md"
    try:
        wait_for(f"{server.base}/articles/healthy-sleep/", "syn-preview-teaser", timeout=90)
        article.write_text(article.read_text() + f"\n{PATIENT}\n")
        time.sleep(0.7)  # the watcher polls every 0.5 s: the rebuild is under way
        took = server.stop(signal.SIGTERM)
    finally:
        server.kill()
    assert took < 5 and server.leftovers() == []


def test_serve_without_preview_shows_the_gate_refusal_in_the_browser(project, tmp_path):
    """Without --preview the gate still refuses, as `build` does, but on a page rather than by hanging."""
    article = project / "content" / "articles" / "healthy-sleep.md"
    original = article.read_text()
    article.write_text(original + f"\n{PATIENT}\n")
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    port = free_port()
    log = (tmp / "serve.log").open("w")
    proc = subprocess.Popen([SYNDICATE, "serve", "--dev-addr", f"127.0.0.1:{port}"], cwd=project,
                            env={**os.environ, "TMPDIR": str(tmp)}, stdout=log, stderr=subprocess.STDOUT)
    try:
        body = _wait_error_page(f"http://127.0.0.1:{port}/articles/healthy-sleep/", "Margaret Holloway")
        assert "phi.name" in body and "syn-preview-panel" not in body
        article.write_text(original)
        wait_for(f"http://127.0.0.1:{port}/articles/healthy-sleep/", "Five habits for better sleep", timeout=60)
        assert "syn-preview" not in _body(f"http://127.0.0.1:{port}/articles/healthy-sleep/", 200)
        proc.send_signal(signal.SIGTERM)
        proc.wait(5)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
        log.close()


def test_built_site_carries_no_trace_of_the_preview(project, monkeypatch):
    from syndicate.build import build_site
    monkeypatch.setenv("SYNDICATE_PREVIEW", "1")  # as `serve --preview` leaves it in its process
    site = build_site(project / "site_config.yml").site_dir
    traces = ("syn-preview", "_syndicate_preview", "livereload", "preview.css", "Teasers for social media",
              "accept phi.")
    found = [(str(p.relative_to(site)), t) for p in site.rglob("*") if p.is_file() and p.suffix in
             (".html", ".css", ".js", ".xml", ".json")
             for t in traces if t in p.read_text(encoding="utf-8", errors="ignore")]
    assert found == []


def test_mkdocs_build_with_the_preview_variable_still_refuses_findings(project, monkeypatch):
    """The preview's leniency is tied to `serve`: a plain `mkdocs build` with the variable set still gates."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort
    write_article(project, "oops.md", VALID_FRONT, f"{PATIENT}\n")
    monkeypatch.setenv("SYNDICATE_PREVIEW", "1")
    monkeypatch.chdir(project)
    config = load_config(config_file=str(project / "site_config.yml"), site_dir=str(project / "out"))
    with pytest.raises(Abort):
        build(config)
    assert not (project / "out" / "articles" / "oops").exists()


def test_syndicate_build_still_refuses_a_finding_the_preview_shows(project):
    out = subprocess.run([SYNDICATE, "build"], cwd=project, capture_output=True, text=True, check=False,
                         env={**os.environ, "SYNDICATE_PREVIEW": "1"})
    assert out.returncode == 0
    write_article(project, "oops.md", VALID_FRONT, f"{PATIENT}\n")
    out = subprocess.run([SYNDICATE, "build"], cwd=project, capture_output=True, text=True, check=False,
                         env={**os.environ, "SYNDICATE_PREVIEW": "1"})
    assert out.returncode == 1 and "phi.name" in out.stderr


def test_everything_rendered_from_content_is_escaped():
    from syndicate.checks.findings import make_finding
    from syndicate.gate import Located
    from syndicate.site import preview_panel

    evil = '<img src=x onerror="alert(1)">'
    text = f"Ask {evil} today"
    finding = make_finding("phi.name", 4, 4 + len(evil), text)
    located = Located(Path("a.md"), 3, 5, finding.start, finding.end, "body", finding)
    teaser = Located(Path("a.md"), 2, 1, 0, 5, "teaser:bluesky", finding)

    class Practice:
        url = "https://clinic.example/"

    row = {"article": "a", "platform": "bluesky", "lang": 'en"><script>alert(5)</script>',
           "text": f"<script>alert(2)</script> {evil}", "length": 10,
           "limit": 300, "link": 'https://clinic.example/a/?x="><script>', "image": "https://clinic.example/c.jpg",
           "image_alt": '"><script>alert(3)</script>', "error": None}
    page = "<p>Ask &lt;img src=x onerror=&quot;alert(1)&quot;&gt; today</p>"
    out = preview_panel.decorate(page, [located, teaser], [row], Practice())
    assert "<script" not in out and "<img src=x" not in out and 'onerror="' not in out
    assert out.count("<mark") == 1  # the escaped text in the page was still found and highlighted
    error = preview_panel.error_page(RuntimeError("<script>alert(4)</script>"), Path("site_config.yml"))
    assert "<script" not in error and "&lt;script&gt;alert(4)" in error


def test_highlights_only_prose_and_are_focusable_only_outside_links():
    from syndicate.site.preview_panel import Shown, highlight

    name = Shown(1, "phi.name", "error", "Margaret Holloway", "why", "fix", 3, "body", None, False)
    page = ('<p>Margaret\nHolloway came.</p><script>var n = "Margaret Holloway";</script>'
            '<p><a href="/x/">Margaret Holloway</a> again, Margaret Holloway.</p>'
            '<!-- Margaret Holloway --><p title="Margaret Holloway">x</p>')
    out, marked = highlight(page, [name])
    assert marked == {1: "syn-mark-1"}
    assert out.count("<mark") == 3  # the line-broken one, the one in the link, the last one
    assert out.count('id="syn-mark-1"') == 1
    assert 'var n = "Margaret Holloway";' in out and "<!-- Margaret Holloway -->" in out
    assert 'title="Margaret Holloway"' in out
    link = out[out.index('<a href="/x/">'):out.index("</a>")]
    assert "<mark" in link and "tabindex" not in link
    assert out.count('tabindex="0"') == 2 and out.count("[phi.name]") == 3


def test_the_accept_markers_the_panel_offers_do_accept(project):
    """Following the panel's advice to the letter clears the finding (in the body and in a field)."""
    from syndicate import clock
    from syndicate.article import load_articles
    from syndicate.practice import load_practice
    from syndicate.site.preview_panel import _shown, collect

    front = DRAFT_FRONT.replace("title: Shoveling and your heart", "title: Margaret Holloway and her garden")
    path = write_article(project, "shoveling.md", front, f"{PATIENT}\n")
    practice = load_practice(project / "site_config.yml", preview=True)

    def offered():
        articles = [a for a in load_articles(practice) if a.path == path]
        return {(s.field, s.accept) for s in _shown(collect(articles, practice, clock.now()).get(path.resolve(), []))
                if s.rule == "phi.name"}

    markers = offered()
    assert {field for field, _ in markers} == {"title", "body"}
    text = path.read_text()
    for field, marker in markers:
        reason = marker.replace("your reason", "a character in a story, not a patient")
        anchor = "title:" if field == "title" else PATIENT
        text = text.replace(anchor, f"{reason}\n{anchor}", 1)
    path.write_text(text)
    assert offered() == set()
