"""Where an article's share image lives: its own image, or the card the build draws for it."""
from __future__ import annotations

from .article import Article
from .practice import Practice

CARD_DIR = "assets/cards"


def share_image(article: Article, practice: Practice) -> tuple[str, str]:
    """(path inside the built site, alt text). Pure: the build and the teasers agree by construction."""
    if article.image:
        return article.image.lstrip("/"), article.image_alt or ""
    return f"{CARD_DIR}/{article.slug}.jpg", f"{article.title}: an article from {practice.name}"


def share_image_url(article: Article, practice: Practice) -> str:
    return practice.url + share_image(article, practice)[0]
