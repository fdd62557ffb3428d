"""Atom, RSS 2.0 and JSON Feed with feedgen: site-wide and one per category, for each language.

A feed has one language (RSS `<language>`, Atom `xml:lang`, JSON Feed `language`): the English
feeds hold the English articles, and each other language has its own under its folder
(/es/feed.xml, /es/rss.xml, /es/feed.json, /es/categories/<topic>/feed.xml)."""
from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin

from feedgen.feed import FeedGenerator

from .. import topics
from ..article import Article
from ..locales import words
from ..practice import Practice

FEED_SIZE = 50  # readers poll often; older articles stay on the site
_URL_ATTR = re.compile(r'(\s(?:href|src|poster)=")([^"#][^"]*)(")')


def absolutize(html_text: str, page_url: str) -> str:
    """Feed readers have no page to resolve relative links against."""
    return _URL_ATTR.sub(lambda m: m.group(1) + urljoin(page_url, m.group(2)) + m.group(3), html_text)


def _title(practice: Practice, lang: str) -> str:
    return words(lang)["feed_title"].format(name=practice.name)


def feed_links(practice: Practice, category: str | None = None, lang: str | None = None) -> list[tuple[str, str, str]]:
    """(type, title, href) for <link rel="alternate"> autodiscovery: the feeds of the page's language."""
    lang = lang or practice.language
    base, title = practice.url + practice.lang_prefix(lang), _title(practice, lang)
    links = [
        ("application/atom+xml", f"{title} (Atom)", base + "feed.xml"),
        ("application/rss+xml", f"{title} (RSS)", base + "rss.xml"),
        ("application/feed+json", f"{title} (JSON Feed)", base + "feed.json"),
    ]
    if category:
        links.append(("application/atom+xml", f"{title}: {category}",
                      f"{base}{topics.topic_path('categories', category)}feed.xml"))
    return links


def _generator(practice: Practice, title: str, feed_url: str, lang: str) -> FeedGenerator:
    fg = FeedGenerator()
    fg.id(feed_url)
    fg.title(title)
    fg.link(href=_home(practice, lang), rel="alternate")
    fg.link(href=feed_url, rel="self")
    fg.language(lang)
    fg.description(words(lang)["feed_description"].format(name=practice.name))
    return fg


def _home(practice: Practice, lang: str) -> str:
    """Where a feed's reader goes for more: the home page, or the list of articles in that language."""
    if lang == practice.language:
        return practice.url
    return f"{practice.url}{practice.lang_prefix(lang)}{practice.articles_dir}/"


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


def _json_feed(practice: Practice, articles: list[Article], contents: dict[str, str], lang: str) -> str:
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
    feed_url = f"{practice.url}{practice.lang_prefix(lang)}feed.json"
    return json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": _title(practice, lang),
                       "home_page_url": _home(practice, lang), "feed_url": feed_url,
                       "language": lang, "items": items}, ensure_ascii=False, indent=1)


def write_feeds(site_dir: Path, practice: Practice, articles: list[Article], contents: dict[str, str]) -> None:
    """articles: published, newest first. contents: slug -> absolute-URL HTML body.
    The main language's feeds are always written; another language's once it has an article."""
    langs = dict.fromkeys([practice.language, *(a.lang for a in articles)])
    for lang in langs:
        members = [a for a in articles if a.lang == lang]
        _write_language(site_dir / practice.lang_prefix(lang), practice, members, contents, lang)


def _write_language(out_dir: Path, practice: Practice, articles: list[Article], contents: dict[str, str],
                    lang: str) -> None:
    base = practice.url + practice.lang_prefix(lang)
    latest = articles[:FEED_SIZE]
    fg = _generator(practice, _title(practice, lang), base + "feed.xml", lang)
    for a in latest:
        _add(fg, a, practice, contents.get(a.slug, ""))
    _stamp(fg, latest)
    out_dir.mkdir(parents=True, exist_ok=True)
    fg.atom_file(str(out_dir / "feed.xml"), pretty=True)
    # feedgen writes the last link as RSS's channel <link>, which must be the site, not the feed itself.
    fg.link([{"href": base + "rss.xml", "rel": "self"}, {"href": _home(practice, lang), "rel": "alternate"}],
            replace=True)
    fg.rss_file(str(out_dir / "rss.xml"), pretty=True)
    (out_dir / "feed.json").write_text(_json_feed(practice, latest, contents, lang), encoding="utf-8")

    # Keyed by address: spellings that share one are one category, one feed (see topics.py).
    names = {slug: topics.canonical(c) for slug, c in topics.spellings(articles, "categories").items()}
    by_category: dict[str, list[Article]] = {}
    for a in articles:
        for slug in dict.fromkeys(topics.slugify(c) for c in a.categories):
            by_category.setdefault(slug, []).append(a)
    for slug, members in by_category.items():
        category = names[slug]
        url = f"{base}{topics.topic_path('categories', category)}feed.xml"
        cfg = _generator(practice, f"{_title(practice, lang)}: {category}", url, lang)
        for a in members[:FEED_SIZE]:
            _add(cfg, a, practice, contents.get(a.slug, ""))
        _stamp(cfg, members[:FEED_SIZE])
        out = out_dir / "categories" / slug
        out.mkdir(parents=True, exist_ok=True)
        cfg.atom_file(str(out / "feed.xml"), pretty=True)
