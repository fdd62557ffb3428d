"""'Also on' links: read from the ledger, escaped, and found by a microformats2 parser (what
IndieWeb readers and Bridgy use) as the h-entry's syndication URLs."""
from __future__ import annotations

from pathlib import Path

import mf2py
import pytest

from syndicate.build import build_site
from syndicate.ledger import FAILED, POSTED, RETRACTED, Entry, Ledger
from syndicate.site.also_on import Copy, also_on_html, copies

from .conftest import copy_project

SLUG = "healthy-sleep"
BLUESKY = "https://bsky.app/profile/clinic.example/post/3kabc"
MASTODON = "https://mastodon.example/@clinic/111"


def entry(state: str, url: str | None) -> Entry:
    return Entry(state, f"{SLUG}:x", "0" * 64, "2026-11-26T12:00:00+00:00", post_id="1", url=url,
                 posted_at="2026-11-26T12:00:00+00:00" if state == POSTED else None)


def ledger_with(path: Path, **by_platform: Entry) -> Ledger:
    ledger = Ledger(path)
    for platform, e in by_platform.items():
        ledger.set(SLUG, platform, e)
    return ledger


def test_only_live_posts_with_web_links_are_listed_in_the_usual_order(tmp_path):
    ledger = ledger_with(tmp_path / "ledger.yml",
                         x=entry(RETRACTED, "https://x.com/i/web/status/1"),
                         threads=entry(FAILED, None),
                         mastodon=entry(POSTED, MASTODON),
                         linkedin=entry(POSTED, "javascript:alert(document.cookie)"),
                         facebook=entry(POSTED, "//evil.example/no-scheme"),
                         bluesky=entry(POSTED, BLUESKY))
    assert copies(ledger, SLUG) == [Copy("Bluesky", BLUESKY), Copy("Mastodon", MASTODON)]
    assert copies(ledger, "never-posted") == [] and also_on_html([]) == ""


def test_everything_in_the_markup_is_escaped():
    html = also_on_html([Copy("Mastodon", 'https://m.example/@c/1?a="><script>alert(1)</script>&b=2')])
    assert "<script>" not in html and "&quot;&gt;&lt;script&gt;" in html and "&amp;b=2" in html
    assert html.startswith('<p class="syn-also-on">Also on: <a class="u-syndication" rel="syndication" href="')


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("also-on") / "project")
    ledger_with(project / "ledger.yml", bluesky=entry(POSTED, BLUESKY), mastodon=entry(POSTED, MASTODON),
                linkedin=entry(POSTED, 'https://www.linkedin.com/feed/update/urn:li:share:1/"onmouseover="x'))
    build_site(project / "site_config.yml")
    return project / "site"


def test_the_built_page_is_an_h_entry_whose_syndication_urls_are_the_posts(built):
    page = (built / "articles" / SLUG / "index.html").read_text()
    parsed = mf2py.parse(doc=page, url="https://blog.riverbend-family.example/articles/healthy-sleep/")
    [h_entry] = [item for item in parsed["items"] if "h-entry" in item["type"]]
    props = h_entry["properties"]
    assert props["syndication"][0::2] == [BLUESKY, MASTODON]  # the platforms' order: by id
    assert props["url"] == ["https://blog.riverbend-family.example/articles/healthy-sleep/"]
    assert props["name"] and props["author"] and props["published"] and props["content"]
    assert 'Also on: <a class="u-syndication" rel="syndication"' in page
    assert '"onmouseover="x' not in page and "&#x27;" not in props["syndication"][1]


def test_an_article_posted_nowhere_has_no_also_on_paragraph(built):
    page = (built / "articles" / "flu-shots-2026" / "index.html").read_text()
    assert "syn-also-on" not in page and 'class="h-entry"' in page
