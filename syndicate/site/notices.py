"""The context an article must never travel without, and notices that end.

A feed reader shows an entry on its own: without the disclaimer and the medical-review line,
advice-like text loses what the page says around it. So every feed entry carries both, and links
the clinicians' profiles. A time-bound notice (`expires:`) keeps its address after it ends, but
says so at the top, leaves the home page and the teaser queue, and its feed entry is updated.
"""
from __future__ import annotations

import dataclasses
import html
from datetime import datetime

from ..article import Article
from ..locales import long_date, words
from ..practice import Practice


def ended_line(article: Article, now: datetime) -> str | None:
    if not article.has_expired(now):
        return None
    return words(article.lang)["ended"].format(date=long_date(article.expires, article.lang))


def _person_link(practice: Practice, cid: str) -> str:
    c = practice.clinicians[cid]
    return f'<a href="{html.escape(practice.clinician_url(cid))}">{html.escape(c.display)}</a>'


def feed_footer(article: Article, practice: Practice) -> str:
    """HTML appended to every feed entry: who wrote it, who reviewed it and when, and the disclaimer,
    in the article's language."""
    w, lang = words(article.lang), article.lang
    parts = ["<hr>", f"<p>{w['by']} " + ", ".join(_person_link(practice, a) for a in article.authors) + ".</p>"]
    if article.reviewed_by and article.last_reviewed:
        verb = w["written_and_reviewed_by"] if article.reviewed_by in article.authors else w["reviewed_by"]
        parts.append(f"<p>{verb} {_person_link(practice, article.reviewed_by)} {w['reviewed_on']} "
                     f"{long_date(article.last_reviewed, lang)}.</p>")
    parts.append(f"<p><em>{html.escape(practice.disclaimers[lang])}</em></p>")
    return "\n".join(parts)


def feed_content(article: Article, practice: Practice, body_html: str, now: datetime) -> str:
    ended = ended_line(article, now)
    head = f"<p><strong>{html.escape(ended)}</strong></p>\n" if ended else ""
    return head + body_html + "\n" + feed_footer(article, practice)


def as_fed(article: Article, now: datetime) -> Article:
    """The article as its feed entry dates it: an ended notice changed when it ended."""
    if article.has_expired(now) and article.expires > article.modified:
        return dataclasses.replace(article, updated=article.expires)
    return article


def current(articles: list[Article], now: datetime) -> list[Article]:
    """Those still current: ended notices leave the home page and the teaser queue."""
    return [a for a in articles if not a.has_expired(now)]
