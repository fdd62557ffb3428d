"""What an article page says about itself to machines: Open Graph, Twitter card, JSON-LD."""
from __future__ import annotations

import html

from ..article import Article
from ..practice import Practice
from ..share import share_image
from .structured_data import article_graph, to_script_text

CARD_SIZE = (1200, 630)


def json_ld(article: Article, practice: Practice) -> str:
    """The page's schema.org graph (see structured_data): a MedicalWebPage around a BlogPosting."""
    return to_script_text(article_graph(article, practice))


def social_meta(article: Article, practice: Practice) -> list[tuple[str, str, str]]:
    """(attribute, name, content) triples; the template escapes the content."""
    image_rel, alt = share_image(article, practice)
    image = practice.url + image_rel
    names = [practice.clinicians[a].display for a in article.authors]
    tags = [
        ("property", "og:type", "article"),
        ("property", "og:site_name", practice.name),
        ("property", "og:title", article.title),
        ("property", "og:description", article.summary),
        ("property", "og:url", article.url),
        ("property", "og:image", image),
        ("property", "og:image:alt", alt),
        ("property", "article:published_time", article.date.isoformat()),
        ("property", "article:modified_time", article.modified.isoformat()),
        *[("property", "article:author", n) for n in names],
        *[("property", "article:tag", t) for t in article.tags],
        ("name", "twitter:card", "summary_large_image"),
        ("name", "twitter:title", article.title),
        ("name", "twitter:description", article.summary),
        ("name", "twitter:image", image),
        ("name", "twitter:image:alt", alt),
        ("name", "author", ", ".join(names)),
    ]
    if not article.image:
        tags[6:6] = [("property", "og:image:width", str(CARD_SIZE[0])), ("property", "og:image:height", str(CARD_SIZE[1]))]
    return tags


def escape_page_title(page_meta: dict) -> None:
    """A page's own `title:` as HTML text: Material prints page.meta.title unescaped in <title>,
    the header and the h1. (Article titles are escaped where the plugin sets them.)"""
    if page_meta.get("title") is not None:
        page_meta["title"] = html.escape(str(page_meta["title"]))
