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
from ..practice import Practice

RECENT = 10


def human_date(article: Article) -> str:
    return f"{article.date:%B} {article.date.day}, {article.date.year}"


def card(article: Article, practice: Practice, from_url: str) -> str:
    href = get_relative_url(article.url.removeprefix(practice.url), from_url)
    byline = ", ".join(html.escape(practice.clinicians[a].display) for a in article.authors)
    return (
        '<article class="syn-card">\n'
        f'<h2 class="syn-card__title"><a href="{html.escape(href)}">{html.escape(article.title)}</a></h2>\n'
        f'<p class="syn-card__meta"><time datetime="{article.date.date().isoformat()}">{human_date(article)}</time>'
        f" · {byline}</p>\n"
        f'<p class="syn-card__summary">{html.escape(article.summary)}</p>\n'
        "</article>\n"
    )


def cards(articles: list[Article], practice: Practice, from_url: str) -> str:
    return "\n".join(card(a, practice, from_url) for a in articles) or "<p>No articles yet.</p>\n"


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


def generated_pages(articles: list[Article], practice: Practice) -> dict[str, Listing]:
    """src_uri -> Listing for every listing page the blog needs."""
    pages: dict[str, Listing] = {}
    base = practice.articles_dir
    pages[f"{base}/index.md"] = Listing(f"# All articles\n\n{PLACEHOLDER}\n", cards(articles, practice, f"{base}/"),
                                        {**LISTING_META, "syndicate_feed": None})
    for attr, folder, label in (("categories", "categories", "Topics"), ("tags", "tags", "Tags")):
        groups = group(articles, attr)
        pages[f"{folder}/index.md"] = Listing(index_page(label, groups, folder, f"{folder}/"), "", {})
        for name, members in groups.items():
            url = topics.topic_path(attr, name)
            meta = {**LISTING_META, "title": html.escape(name),  # not left to Material: it would decode it
                    **({"syndicate_feed": topics.slugify(name)} if attr == "categories" else {})}
            pages[f"{folder}/{topics.slugify(name)}.md"] = Listing(f"# {html.escape(name)}\n\n{PLACEHOLDER}\n",
                                                            cards(members, practice, url), meta)
    return pages


def recent_block(articles: list[Article], practice: Practice, from_url: str) -> str:
    more = get_relative_url(f"{practice.articles_dir}/", from_url)
    return (
        "\n\n## Latest articles\n\n"
        + cards(articles[:RECENT], practice, from_url)
        + f'\n<p><a href="{html.escape(more)}">All articles</a></p>\n'
    )
