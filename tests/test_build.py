"""The built site: what patients and feed readers get, and that bad input never half-writes it."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import pytest
from PIL import Image

from syndicate.build import build_site
from syndicate.errors import InputError, SyndicateError

from .conftest import (ENGLISH_SAMPLE, PUBLISHED_SAMPLE, UNPUBLISHED_SAMPLE, VALID_FRONT, copy_project, sample_address,
                       write_article)

SITE_URL = "https://blog.riverbend-family.example/"
EVIL_TITLE = '<script>alert("x")</script> Heat & hydration'


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The sample site plus one article whose title carries markup, built once for the module."""
    mp = pytest.MonkeyPatch()
    mp.setenv("SYNDICATE_NOW", "2026-11-26T12:00:00+00:00")
    project = copy_project(tmp_path_factory.mktemp("built") / "project")
    write_article(project, "evil-title.md", VALID_FRONT.replace("title: Drink water in the heat", f"title: '{EVIL_TITLE}'"))
    result = build_site(project / "site_config.yml")
    yield result.site_dir
    mp.undo()


class Heads(HTMLParser):
    """Collects <meta>, <link> and JSON-LD from a page."""

    def __init__(self):
        super().__init__()
        self.meta, self.links, self.json_ld, self._in_ld = {}, [], [], False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and ("property" in a or "name" in a):
            self.meta.setdefault(a.get("property") or a.get("name"), a.get("content"))
        elif tag == "link":
            self.links.append(a)
        elif tag == "script" and a.get("type") == "application/ld+json":
            self._in_ld = True
            self.json_ld.append("")

    def handle_endtag(self, tag):
        self._in_ld = False if tag == "script" else self._in_ld

    def handle_data(self, data):
        if self._in_ld:
            self.json_ld[-1] += data


def parse(path: Path) -> tuple[str, Heads]:
    text = path.read_text(encoding="utf-8")
    heads = Heads()
    heads.feed(text)
    return text, heads


def test_published_articles_have_pages_and_unpublished_do_not(built):
    for slug in PUBLISHED_SAMPLE:
        assert (built / sample_address(slug) / "index.html").is_file(), slug
    for slug in UNPUBLISHED_SAMPLE:
        assert not (built / "articles" / slug).exists()
        assert not list(built.rglob(f"*{slug}*"))
    sitemap = (built / "sitemap.xml").read_text()
    index = (built / "articles" / "index.html").read_text()
    for slug in UNPUBLISHED_SAMPLE:
        assert slug not in sitemap and slug not in index
    assert f"{SITE_URL}articles/flu-shots-2026/" in sitemap


def test_index_lists_newest_first(built):
    text = (built / "articles" / "index.html").read_text()
    order = [text.index(f'href="{slug}/"') for slug in ("flu-shots-2026", "diabetes-foot-care", "sun-safety-summer", "hand-washing-cold-season")]
    assert order == sorted(order)


def test_category_and_tag_pages(built):
    vaccines = (built / "categories" / "vaccines" / "index.html").read_text()
    assert "flu-shots-2026" in vaccines and "measles-outbreak-notice" in vaccines and "healthy-sleep" not in vaccines
    assert "healthy-sleep" in (built / "tags" / "sleep" / "index.html").read_text()
    assert 'href="vaccines/"' in (built / "categories" / "index.html").read_text()


def test_article_page_byline_review_disclaimer(built):
    text, heads = parse(built / "articles" / "flu-shots-2026" / "index.html")
    assert re.search(r"By\s+<span class=\"p-author h-card\"><a class=\"p-name u-url\" href=\"../../clinicians/okafor/\">Ada Okafor</a>, <abbr[^>]*>MD</abbr>", text)
    assert re.search(r"Medically reviewed by <strong><a href=\"../../clinicians/lee/\">Marcus Lee, DO</a></strong>\s+on <time datetime=\"2026-09-10\">September 10, 2026</time>", text)
    assert "not medical advice for you" in text and "call 911" in text


def test_article_page_meta_and_json_ld(built):
    _, heads = parse(built / "articles" / "measles-outbreak-notice" / "index.html")
    url = f"{SITE_URL}articles/measles-outbreak-notice/"
    assert heads.meta["og:url"] == url and heads.meta["og:type"] == "article"
    assert heads.meta["twitter:card"] == "summary_large_image"
    assert heads.meta["og:image"] == f"{SITE_URL}assets/cards/measles-outbreak-notice.jpg"
    assert heads.meta["og:image:alt"]
    assert {"rel": "canonical", "href": url}.items() <= next(l for l in heads.links if l.get("rel") == "canonical").items()
    [ld] = [json.loads(s) for s in heads.json_ld]
    graph = {node["@id"]: node for node in ld["@graph"]}
    [page] = [node for node in ld["@graph"] if node["@type"] == "MedicalWebPage"]
    post = graph[page["mainEntity"]["@id"]]
    assert post["@type"] == "BlogPosting" and page["url"] == url == post["url"]
    assert graph[post["author"][0]["@id"]]["name"] == "Marcus Lee" and graph[page["reviewedBy"]["@id"]]["name"] == "Ada Okafor"
    assert page["lastReviewed"] == "2026-04-20"
    assert post["datePublished"].startswith("2026-04-14T07:30") and post["dateModified"].startswith("2026-04-20T10:00")
    assert graph[post["publisher"]["@id"]]["name"] == "Riverbend Family Medicine"


def test_feed_autodiscovery_on_every_page(built):
    for page in built.rglob("index.html"):
        _, heads = parse(page)
        types = {l.get("type") for l in heads.links if l.get("rel") == "alternate"}
        assert {"application/atom+xml", "application/rss+xml", "application/feed+json"} <= types, page


def test_policies_linked_from_every_footer(built):
    for page in list(built.rglob("index.html"))[:30]:
        text = page.read_text()
        # In the page's language: a Spanish page names the (English) policies in Spanish.
        social, privacy = (("Política de redes sociales y comentarios", "Privacidad") if '<html lang="es"' in text
                           else ("Social media and comment policy", "Privacy"))
        assert f">{social}</a>" in text and f">{privacy}</a>" in text, page
        assert 'href="https://bsky.app/profile/riverbend-family.example"' in text


def feed_links(path: Path) -> set[str]:
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, parsed.bozo_exception
    return {e.link for e in parsed.entries}


def test_feeds_parse_and_list_exactly_the_published_articles(built):
    expected = {f"{SITE_URL}articles/{s}/" for s in ENGLISH_SAMPLE | {"evil-title"}}
    assert feed_links(built / "feed.xml") == expected
    assert feed_links(built / "rss.xml") == expected
    assert {i["url"] for i in json.loads((built / "feed.json").read_text())["items"]} == expected


def test_feed_entries_have_times_authors_and_absolute_urls(built):
    parsed = feedparser.parse((built / "feed.xml").read_bytes())
    entry = next(e for e in parsed.entries if e.link.endswith("/measles-outbreak-notice/"))
    assert entry.published.startswith("2026-04-14T07:30:00-05:00") and entry.updated.startswith("2026-07-31T00:00:00-05:00")  # the notice ended
    assert entry.author == "Marcus Lee, DO"
    html = entry.content[0].value
    assert 'href="https://dph.illinois.gov/"' in html
    assert not re.search(r'(href|src)="(?!https?://|#)', html)
    flu = next(e for e in parsed.entries if e.link.endswith("/flu-shots-2026/"))
    assert 'href="https://www.cdc.gov/flu/"' in flu.content[0].value


def test_one_feed_per_category(built):
    links = feed_links(built / "categories" / "surgery-and-procedures" / "feed.xml")
    assert links == {f"{SITE_URL}articles/before-your-surgery/", f"{SITE_URL}articles/after-your-surgery/"}
    _, heads = parse(built / "articles" / "after-your-surgery" / "index.html")
    assert any(l.get("href") == f"{SITE_URL}categories/surgery-and-procedures/feed.xml" for l in heads.links)


def test_share_cards_for_articles_without_an_image(built):
    card = built / "assets" / "cards" / "healthy-sleep.jpg"
    with Image.open(card) as image:
        assert image.size == (1200, 630)
        assert len(image.getcolors(maxcolors=100000) or []) > 10  # text was drawn, not a blank fill
    assert not (built / "assets" / "cards" / "flu-shots-2026.jpg").exists()  # it has its own image
    _, heads = parse(built / "articles" / "flu-shots-2026" / "index.html")
    assert heads.meta["og:image"] == f"{SITE_URL}images/flu-clinic.png"
    assert heads.meta["og:image:alt"].startswith("A nurse's gloved hands")


def test_markup_in_a_title_is_escaped_everywhere(built):
    text, heads = parse(built / "articles" / "evil-title" / "index.html")
    assert "<script>alert" not in text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Heat &amp; hydration" in text
    assert heads.meta["og:title"] == EVIL_TITLE and heads.meta["twitter:title"] == EVIL_TITLE
    assert [n["headline"] for n in json.loads(heads.json_ld[0])["@graph"] if n["@type"] == "BlogPosting"] == [EVIL_TITLE]
    for listing in ("articles/index.html", "index.html", "tags/summer/index.html"):
        assert "<script>alert" not in (built / listing).read_text(), listing
    for feed in ("feed.xml", "rss.xml"):
        raw = (built / feed).read_text()
        assert "<script>alert" not in raw
        titles = [e.title for e in feedparser.parse(raw).entries]
        assert EVIL_TITLE in titles


def test_404_page(built):
    assert "404" in (built / "404.html").read_text()


def test_bad_input_leaves_previous_site_untouched(project):
    first = build_site(project / "site_config.yml")
    marker = first.site_dir / "articles" / "healthy-sleep" / "index.html"
    before = marker.read_bytes()
    write_article(project, "broken.md", VALID_FRONT.replace("2026-07-01 08:00", "2026-02-30"))
    with pytest.raises(SyndicateError) as info:
        build_site(project / "site_config.yml")
    assert "broken.md:3: [date]" in str(info.value) and "previous site is untouched" in str(info.value)
    assert marker.read_bytes() == before
    assert not [p for p in first.site_dir.parent.iterdir() if p.name.startswith(".site.")]


def test_bad_site_config_names_the_key(project):
    config = project / "site_config.yml"
    config.write_text(config.read_text().replace("review_interval_months: 12", "review_interval_months: soon"))
    with pytest.raises(InputError) as info:
        build_site(config)
    assert "review_interval_months" in str(info.value)
