"""The publishing calendar: what went out and what is scheduled, week by week, and the gaps.

Practices are told to post regularly; a gap longer than the configured cadence is worth a
nudge before patients stop looking.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from .article import Article


@dataclass(frozen=True)
class Week:
    monday: date
    published: tuple[Article, ...]
    scheduled: tuple[Article, ...]


@dataclass(frozen=True)
class Gap:
    start: date  # the day after the last article before the gap
    end: date  # the day of the next article (or today, for a gap still open)
    days: int
    open: bool  # still running: nothing published or scheduled since


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _new(articles: list[Article]) -> list[Article]:
    """The articles that are new content: a translation (SLUG.es.md) is the same article in another language."""
    return [a for a in articles if not a.draft and a.translation_of is None]


def weeks(articles: list[Article], now: datetime, tz, *, since: date | None = None, until: date | None = None) -> list[Week]:
    live = _new(articles)
    if not live:
        return []
    days = [(a, a.date.astimezone(tz).date()) for a in live]
    first = _monday(since or min(d for _, d in days))
    last = _monday(until or max(max(d for _, d in days), now.astimezone(tz).date()))
    out, monday = [], first
    while monday <= last:
        sunday = monday + timedelta(days=6)
        in_week = sorted((a for a, d in days if monday <= d <= sunday), key=lambda a: a.date)
        out.append(Week(monday, tuple(a for a in in_week if a.date <= now), tuple(a for a in in_week if a.date > now)))
        monday += timedelta(days=7)
    return out


def gaps(articles: list[Article], now: datetime, tz, cadence_days: int) -> list[Gap]:
    """Stretches longer than `cadence_days` with nothing published or scheduled, oldest first."""
    days = sorted({a.date.astimezone(tz).date() for a in _new(articles)})
    today = now.astimezone(tz).date()
    out = []
    for before, after in zip(days, days[1:]):
        if (after - before).days > cadence_days:
            out.append(Gap(before + timedelta(days=1), after, (after - before).days, False))
    if days and days[-1] < today and (today - days[-1]).days > cadence_days:
        out.append(Gap(days[-1] + timedelta(days=1), today, (today - days[-1]).days, True))
    return out
