"""What a teaser preview shows, as plain rows: `syndicate preview` prints them, and the live
preview (`serve --preview`) draws them as cards below each article, so both show the same."""
from __future__ import annotations

from collections.abc import Iterable

from .article import Article
from .practice import Practice
from .syndication import Planned, make_platforms, plan_one


def row(item: Planned) -> dict:
    t = item.teaser
    return {
        "article": item.article.slug,
        "platform": item.platform,
        "lang": item.article.lang,  # the language the post is sent with (Bluesky langs, Mastodon language)
        "text": t.text if t else None,
        "length": t.length if t else None,
        "limit": t.limit if t else None,
        "link": t.link if t else None,
        "image": t.image_url if t else None,
        "image_alt": t.image_alt if t else None,
        "error": item.error,
    }


def rows(items: Iterable[Planned]) -> list[dict]:
    return [row(item) for item in items]


def article_rows(article: Article, practice: Practice) -> list[dict]:
    """The teaser of every platform the article is chosen for, whether or not it is due or posted."""
    platforms = make_platforms(practice, article.platforms)
    return [row(plan_one(practice, article, name, platforms[name])) for name in article.platforms]
