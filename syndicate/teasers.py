"""Teasers: pure functions from an article and a platform to the exact text that is posted.

`preview` and `post` both call `compose`, so what a clinician previews is what goes out.
"""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlencode

from .article import Article
from .errors import SyndicateError
from .platforms.base import Platform, Teaser
from .practice import Practice
from .share import built_share_file, share_image, share_image_url

ELLIPSIS = "…"


class TeaserError(SyndicateError):
    """A teaser does not fit its platform: the author shortens it (exit 1)."""

    def __init__(self, article: Article, platform: Platform, length: int, limit: int, why: str):
        self.length, self.limit = length, limit
        super().__init__(
            f"{article.path}: [{platform.name}] the teaser needs {length} of {limit} allowed: {why}. "
            f"Shorten 'teaser: {{{platform.name}: ...}}' or 'summary:' in the front matter."
        )


def utm_link(article: Article, platform_name: str) -> str:
    query = urlencode({"utm_source": platform_name, "utm_medium": "social", "utm_campaign": article.slug})
    return f"{article.url}?{query}"


def hashtag(tag: str) -> str:
    words = re.findall(r"[^\W_]+", tag)
    return "#" + "".join(w[:1].upper() + w[1:] for w in words) if words else ""


def _assemble(text: str, tags: list[str], link: str | None) -> str:
    parts = [text]
    if tags:
        parts.append(" ".join(tags))
    if link:
        parts.append(link)
    return "\n\n".join(parts)


def _shorten(text: str, fits) -> str | None:
    """Longest prefix ending at a word boundary (prefer a sentence end) that fits; never mid-word."""
    sentences = [m.end() for m in re.finditer(r"[.!?](?=\s|$)", text)]
    for end in reversed(sentences):
        if fits(text[:end]):
            return text[:end]
    words = [m.start() for m in re.finditer(r"\s+", text)]
    for end in reversed(words):
        candidate = text[:end].rstrip(" ,;:–—-") + ELLIPSIS
        if fits(candidate):
            return candidate
    return None


def compose(article: Article, platform: Platform, practice: Practice, site_dir: Path | None = None) -> Teaser:
    """The teaser for one platform. Raises TeaserError when even the required parts do not fit."""
    override = article.teasers.get(platform.name)
    text = (override or article.summary or article.title).strip()
    link = utm_link(article, platform.name)
    in_text = link if platform.link_in_text else None
    tags = [h for h in (hashtag(t) for t in article.tags) if h] if platform.uses_hashtags else []
    tags = tags[:platform.max_hashtags] if platform.max_hashtags is not None else tags
    limit = platform.limit

    def fits(candidate_text: str, candidate_tags=()) -> bool:
        return platform.count(_assemble(candidate_text, list(candidate_tags), in_text)) <= limit

    while tags and not fits(text, tags):
        tags.pop()
    if not fits(text, tags):
        if override:
            n = platform.count(_assemble(text, [], in_text))
            raise TeaserError(article, platform, n, limit, "the clinician's own teaser is too long and is never cut")
        shorter = _shorten(text, fits)
        if shorter is None:
            n = platform.count(_assemble(text.split()[0] if text.split() else "", [], in_text))
            raise TeaserError(article, platform, n, limit, "even the link with one word does not fit")
        text = shorter
    body = _assemble(text, tags, in_text)
    _, alt = share_image(article, practice)
    return Teaser(
        slug=article.slug,
        platform=platform.name,
        text=body,
        link=link,
        title=article.title,
        description=article.summary,
        image_url=share_image_url(article, practice),
        image_path=str(image_file) if site_dir and (image_file := built_share_file(article, practice, site_dir)) else None,
        image_alt=alt,
        length=platform.count(body),
        limit=limit,
        lang=article.lang,
    )
