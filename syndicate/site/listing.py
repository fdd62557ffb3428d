"""Listing pages (home, archive, categories, tags) generated as Markdown with escaped HTML cards.

Each listing renders only titles and summaries, never article bodies, so its cost is
linear in the number of entries it shows.
"""
from __future__ import annotations

import html
from collections import defaultdict
from dataclasses import dataclass

from mkdocs.utils import get_relative_url

from ..article import Article
from .. import topics
from ..locales import long_date, words
from ..practice import Practice

RECENT = 10


def human_date(article: Article) -> str:
    """The publication date in the article's own language."""
    return long_date(article.date, article.lang)


def card(article: Article, practice: Practice, from_url: str) -> str:
    href = get_relative_url(article.address, from_url)
    byline = ", ".join(html.escape(practice.clinicians[a].display) for a in article.authors)
    return (
        '<article class="syn-card">\n'
        f'<h2 class="syn-card__title"><a href="{html.escape(href)}">{html.escape(article.title)}</a></h2>\n'
        f'<p class="syn-card__meta"><time datetime="{article.date.date().isoformat()}">{human_date(article)}</time>'
        f" · {byline}</p>\n"
        f'<p class="syn-card__summary">{html.escape(article.summary)}</p>\n'
        "</article>\n"
    )


def cards(articles: list[Article], practice: Practice, from_url: str, lang: str | None = None) -> str:
    empty = words(lang or practice.language)["no_articles"]
    return "\n".join(card(a, practice, from_url) for a in articles) or f"<p>{empty}</p>\n"


def group(articles: list[Article], attr: str) -> dict[str, list[Article]]:
    """Topic name -> its articles; spellings with one address are one topic (see topics.py)."""
    names = {slug: topics.canonical(c) for slug, c in topics.spellings(articles, attr).items()}
    groups: dict[str, list[Article]] = defaultdict(list)
    for a in articles:
        for slug in dict.fromkeys(topics.slugify(name) for name in getattr(a, attr)):
            groups[names[slug]].append(a)
    return dict(sorted(groups.items(), key=lambda kv: kv[0].lower()))


def index_page(title: str, groups: dict[str, list[Article]], base: str, from_url: str) -> str:
    items = "\n".join(
        f'<li><a href="{html.escape(get_relative_url(topics.topic_path(base, name), from_url))}">'
        f"{html.escape(name)}</a> ({len(items)})</li>"
        for name, items in groups.items()
    )
    return f"# {html.escape(title)}\n\n<ul class=\"syn-index\">\n{items}\n</ul>\n"


PLACEHOLDER = "<!-- syndicate:listing -->"
# Listings repeat the articles' summaries: searching them would only bury the articles themselves.
LISTING_META = {"search": {"exclude": True}}


@dataclass(frozen=True)
class Listing:
    """A generated page: a Markdown heading, then cards that skip Markdown entirely (they are
    HTML already, and feeding thousands of them through the Markdown parser is slow)."""

    markdown: str
    cards_html: str
    meta: dict


def languages(articles: list[Article], main: str) -> list[str]:
    """The site's own language (`main`), then every other language an article is written in."""
    return list(dict.fromkeys([main, *sorted({a.lang for a in articles})]))


def generated_pages(articles: list[Article], practice: Practice) -> dict[str, Listing]:
    """src_uri -> Listing for every listing page the blog needs: for each language, its own
    articles, topics and tags under its folder (articles/, es/articles/, ...)."""
    pages: dict[str, Listing] = {}
    for lang in languages(articles, practice.language):
        pages.update(_language_pages([a for a in articles if a.lang == lang], practice, lang))
    return pages


def _language_pages(articles: list[Article], practice: Practice, lang: str) -> dict[str, Listing]:
    pages: dict[str, Listing] = {}
    root, w = practice.lang_prefix(lang), words(lang)
    in_lang = {"syndicate_lang": lang}
    base = f"{root}{practice.articles_dir}"
    pages[f"{base}/index.md"] = Listing(f"# {html.escape(w['all_articles'])}\n\n{PLACEHOLDER}\n",
                                        cards(articles, practice, f"{base}/", lang),
                                        {**LISTING_META, **in_lang, "syndicate_feed": None})
    for attr, folder, label in (("categories", "categories", w["topics_title"]), ("tags", "tags", w["tags_title"])):
        folder = root + folder
        groups = group(articles, attr)
        pages[f"{folder}/index.md"] = Listing(index_page(label, groups, folder, f"{folder}/"), "", dict(in_lang))
        for name, members in groups.items():
            url = topics.topic_path(folder, name)
            meta = {**LISTING_META, **in_lang, "title": html.escape(name),  # not left to Material: it would decode it
                    **({"syndicate_feed": topics.slugify(name)} if attr == "categories" else {})}
            pages[f"{folder}/{topics.slugify(name)}.md"] = Listing(f"# {html.escape(name)}\n\n{PLACEHOLDER}\n",
                                                            cards(members, practice, url, lang), meta)
    return pages


def counterparts(src_uri: str, langs: list[str], practice: Practice) -> dict[str, str]:
    """lang -> src_uri of the same list in each language, for the lists every language has (all
    articles, all topics, all tags); {} for any other page. Topics differ between languages."""
    for folder in (practice.articles_dir, "categories", "tags"):
        for lang in langs:
            if src_uri == f"{practice.lang_prefix(lang)}{folder}/index.md":
                return {other: f"{practice.lang_prefix(other)}{folder}/index.md" for other in langs}
    return {}


def recent_block(articles: list[Article], practice: Practice, from_url: str) -> str:
    """The home page's latest articles in the site's language, and a link to each other language's list."""
    main = practice.language
    more = get_relative_url(f"{practice.articles_dir}/", from_url)
    others = "".join(
        f'\n<p><a href="{html.escape(get_relative_url(f"{practice.lang_prefix(lang)}{practice.articles_dir}/", from_url))}" '
        f'lang="{lang}" hreflang="{lang}">{html.escape(words(lang)["articles_in"])}</a></p>\n'
        for lang in languages(articles, main) if lang != main)
    w = words(main)
    return (
        f"\n\n## {w['latest_articles']}\n\n"
        + cards([a for a in articles if a.lang == main][:RECENT], practice, from_url)
        + f'\n<p><a href="{html.escape(more)}">{w["all_articles"]}</a></p>\n' + others
    )
