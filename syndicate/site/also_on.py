""""Also on Bluesky · Mastodon · …": where an article's teasers were posted, read from the ledger.

The links carry `u-syndication` (microformats2) and `rel="syndication"`, inside the page's
h-entry, which is how IndieWeb readers and Bridgy find a post's copies
(indieweb.org/rel-syndication, microformats.org/wiki/h-entry). Only the posted URL of each
ledger entry is read, through `posted_urls`, so the ledger's other fields may change freely.
Everything that reaches HTML is escaped, and only absolute http(s) URLs become links: a
ledger is a file in git that anyone with push access can edit.
"""
from __future__ import annotations

from dataclasses import dataclass
from html import escape
from urllib.parse import urlsplit

from ..ledger import Ledger
from ..platforms import label, platform_names
from ..locales import DEFAULT, words


@dataclass(frozen=True)
class Copy:
    label: str  # "Bluesky"
    url: str  # the post on that platform


def posted_urls(ledger: Ledger, slug: str) -> dict[str, str]:
    """platform -> URL of the article's live post there (retracted and failed posts have none)."""
    return {platform: entry.url for platform, entry in ledger.posts_of(slug).items() if entry.url}


def _linkable(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def copies(ledger: Ledger, slug: str) -> list[Copy]:
    """The article's copies in the platforms' order (platform_names), unknown platforms last."""
    urls = posted_urls(ledger, slug)
    known = platform_names()
    order = [p for p in known if p in urls] + sorted(p for p in urls if p not in known)
    return [Copy(label(p), urls[p]) for p in order if _linkable(urls[p])]


def also_on_html(found: list[Copy], lang: str = DEFAULT) -> str:
    """The paragraph under the article, in its language, or "" when it was posted nowhere yet."""
    if not found:
        return ""
    links = " · ".join(f'<a class="u-syndication" rel="syndication" href="{escape(c.url, quote=True)}">'
                       f"{escape(c.label)}</a>" for c in found)
    return f'<p class="syn-also-on">{words(lang)["also_on"]} {links}</p>'
