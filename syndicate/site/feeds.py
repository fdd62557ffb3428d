"""Atom, RSS 2.0 and JSON Feed with feedgen: site-wide and one per category."""
from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin

from feedgen.feed import FeedGenerator

from .. import topics
from ..article import Article
from ..practice import Practice

FEED_SIZE = 50  # readers poll often; older articles stay on the site
_URL_ATTR = re.compile(r'(\s(?:href|src|poster)=")([^"#][^"]*)(")')


def absolutize(html_text: str, page_url: str) -> str:
    """Feed readers have no page to resolve relative links against."""
    return _URL_ATTR.sub(lambda m: m.group(1) + urljoin(page_url, m.group(2)) + m.group(3), html_text)


def feed_links(practice: Practice, category: str | None = None) -> list[tuple[str, str, str]]:
    """(type, title, href) for <link rel="alternate"> autodiscovery."""
    links = [
        ("application/atom+xml", f"{practice.name} (Atom)", practice.url + "feed.xml"),
        ("application/rss+xml", f"{practice.name} (RSS)", practice.url + "rss.xml"),
        ("application/feed+json", f"{practice.name} (JSON Feed)", practice.url + "feed.json"),
    ]
    if category:
        links.append(("application/atom+xml", f"{practice.name}: {category}",
                      f"{practice.url}{topics.topic_path('categories', category)}feed.xml"))
    return links


def _generator(practice: Practice, title: str, feed_url: str) -> FeedGenerator:
    fg = FeedGenerator()
    fg.id(feed_url)
    fg.title(title)
    fg.link(href=practice.url, rel="alternate")
    fg.link(href=feed_url, rel="self")
    fg.language("en")
    fg.description(f"Health articles from {practice.name}")
    return fg


def _add(fg: FeedGenerator, article: Article, practice: Practice, content: str) -> None:
    entry = fg.add_entry(order="append")
    entry.id(article.url)
    entry.guid(article.url, permalink=True)
    entry.title(article.title)
    entry.link(href=article.url)
    entry.summary(article.summary)
    entry.description(article.summary)
    entry.content(content, type="html")
    entry.published(article.date)
    entry.updated(article.modified)
    for cid in article.authors:
        entry.author(name=practice.clinicians[cid].display, uri=practice.clinician_url(cid))
    for cat in article.categories:
        entry.category(term=cat)


def _stamp(fg: FeedGenerator, articles: list[Article]) -> None:
    """The feed changed when its newest entry did, not when it was rebuilt: readers and caches agree."""
    if articles:
        newest = max(a.modified for a in articles)
        fg.updated(newest)
        fg.lastBuildDate(newest)


def _json_feed(practice: Practice, articles: list[Article], contents: dict[str, str]) -> str:
    items = [
        {
            "id": a.url,
            "url": a.url,
            "title": a.title,
            "summary": a.summary,
            "content_html": contents.get(a.slug, ""),
            "date_published": a.date.isoformat(),
            "date_modified": a.modified.isoformat(),
            "authors": [{"name": practice.clinicians[c].display, "url": practice.clinician_url(c)} for c in a.authors],
            "tags": list(a.tags),
            "language": a.lang,
        }
        for a in articles
    ]
    return json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": practice.name,
                       "home_page_url": practice.url, "feed_url": practice.url + "feed.json",
                       "items": items}, ensure_ascii=False, indent=1)


def write_feeds(site_dir: Path, practice: Practice, articles: list[Article], contents: dict[str, str]) -> None:
    """articles: published, newest first. contents: slug -> absolute-URL HTML body."""
    latest = articles[:FEED_SIZE]
    fg = _generator(practice, practice.name, practice.url + "feed.xml")
    for a in latest:
        _add(fg, a, practice, contents.get(a.slug, ""))
    _stamp(fg, latest)
    fg.atom_file(str(site_dir / "feed.xml"), pretty=True)
    fg.link(href=practice.url + "rss.xml", rel="self", replace=True)
    fg.rss_file(str(site_dir / "rss.xml"), pretty=True)
    (site_dir / "feed.json").write_text(_json_feed(practice, latest, contents), encoding="utf-8")

    # Keyed by address: spellings that share one are one category, one feed (see topics.py).
    names = {slug: topics.canonical(c) for slug, c in topics.spellings(articles, "categories").items()}
    by_category: dict[str, list[Article]] = {}
    for a in articles:
        for slug in dict.fromkeys(topics.slugify(c) for c in a.categories):
            by_category.setdefault(slug, []).append(a)
    for slug, members in by_category.items():
        category = names[slug]
        url = f"{practice.url}{topics.topic_path('categories', category)}feed.xml"
        cfg = _generator(practice, f"{practice.name}: {category}", url)
        for a in members[:FEED_SIZE]:
            _add(cfg, a, practice, contents.get(a.slug, ""))
        _stamp(cfg, members[:FEED_SIZE])
        out = site_dir / "categories" / slug
        out.mkdir(parents=True, exist_ok=True)
        cfg.atom_file(str(out / "feed.xml"), pretty=True)
