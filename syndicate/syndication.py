"""Syndication: what is due, the live check, and posting exactly once with the ledger.

Order of writes for each post: the intent goes into the ledger first, then the request,
then the result. A run that finds an `intent` entry (a crash between the platform's answer
and our write) asks the platform with `find` before posting again.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

import requests

from .article import Article
from .errors import SyndicateError
from .http import make_session
from .ledger import FAILED, INTENT, POSTED, RETRACTED, Entry, Ledger, stamp, teaser_hash
from .platforms import Platform, PlatformError, Posted, platform_class
from .platforms.base import Teaser
from .practice import Practice
from .teasers import TeaserError, compose


@dataclass(frozen=True)
class Planned:
    article: Article
    platform: str
    teaser: Teaser | None
    error: str | None = None


@dataclass
class Outcome:
    article: str
    platform: str
    status: str  # posted, recovered, failed, skipped, not-live
    detail: str = ""
    url: str | None = None


def make_platforms(practice: Practice, names: Iterable[str], env=None) -> dict[str, Platform]:
    return {n: platform_class(n)(options=practice.platform_options.get(n, {}), env=env) for n in names}


def post_key(slug: str, platform: str, entry: Entry | None) -> str:
    """Stable per article and platform; a deliberate repost gets a new one."""
    reposts = len(entry.history) if entry else 0
    return f"{slug}:{platform}" + (f":{reposts}" if reposts else "")


def plan(practice: Practice, articles: list[Article], platforms: dict[str, Platform], ledger: Ledger,
         now: datetime, *, repost: bool = False, only: Iterable[str] | None = None) -> list[Planned]:
    """Every (article, platform) that is published, not an ended notice, and not yet posted there, with its teaser."""
    chosen = set(only or [])
    due = []
    for article in articles:
        if not article.is_published(now) or (chosen and article.slug not in chosen):
            continue
        if article.has_expired(now):
            continue  # an ended notice is kept on the site for reference, never announced again
        for name in article.platforms:
            if name not in platforms:
                continue
            entry = ledger.get(article.slug, name)
            if entry and entry.state in (POSTED, RETRACTED) and not repost:
                continue
            try:
                teaser = compose(article, platforms[name], practice, practice.site_dir)
                due.append(Planned(article, name, teaser))
            except (TeaserError, SyndicateError) as exc:  # SyndicateError: a share image outside the built site
                due.append(Planned(article, name, None, str(exc)))
    return due


def wait_until_live(article: Article, *, timeout: float, interval: float = 5.0,
                    session: requests.Session | None = None, sleep: Callable[[float], None] = time.sleep) -> str | None:
    """None when the canonical URL answers 200 with this article; else why not, after `timeout` seconds."""
    session = session or make_session(retries=0)
    deadline = time.monotonic() + timeout
    marker = f'rel="canonical" href="{article.url}"'
    while True:
        try:
            response = session.get(article.url, timeout=(5, 15))
            if response.status_code == 200 and marker in response.text:
                return None
            why = f"{article.url} answered {response.status_code}" + ("" if response.status_code != 200 else " without this article")
        except requests.RequestException as exc:
            why = f"{article.url} did not answer ({type(exc).__name__})"
        if time.monotonic() + interval > deadline:
            return why
        sleep(interval)


def post_one(item: Planned, platform: Platform, ledger: Ledger, now: datetime) -> Outcome:
    slug, name, teaser = item.article.slug, item.platform, item.teaser
    previous = ledger.get(slug, name)
    key = post_key(slug, name, previous if previous and previous.state in (POSTED, RETRACTED) else None)
    history = list(previous.history) if previous else []
    if previous and previous.state in (POSTED, RETRACTED):
        history.append({k: v for k, v in previous.to_yaml().items() if k != "history"})
    try:
        if previous and previous.state in (INTENT, FAILED) and previous.key == key:
            found = platform.find(teaser, key)  # the last run may have posted before it crashed or timed out
            if found:
                _record(ledger, slug, name, key, teaser, now, found, history)
                return Outcome(slug, name, "recovered", "found the post from an interrupted run", found.url)
        ledger.set(slug, name, Entry(INTENT, key, teaser_hash(teaser.text), stamp(now), history=history))
        posted = platform.post(teaser, key)
    except PlatformError as exc:
        ledger.set(slug, name, Entry(FAILED, key, teaser_hash(teaser.text), stamp(now), error=str(exc), history=history))
        return Outcome(slug, name, "failed", str(exc))
    _record(ledger, slug, name, key, teaser, now, posted, history)
    return Outcome(slug, name, "posted", "", posted.url)


def _record(ledger: Ledger, slug, name, key, teaser: Teaser, now: datetime, posted: Posted, history) -> None:
    ledger.set(slug, name, Entry(POSTED, key, teaser_hash(teaser.text), stamp(now), post_id=posted.id,
                                 url=posted.url, posted_at=stamp(now), history=history))


def post_due(items: list[Planned], platforms: dict[str, Platform], ledger: Ledger, now: datetime, *,
             live_timeout: float, on_outcome: Callable[[Outcome], None] = lambda o: None,
             live_session: requests.Session | None = None) -> list[Outcome]:
    """Posts every planned teaser whose page is live. One failing platform never stops the others."""
    outcomes: list[Outcome] = []
    live: dict[str, str | None] = {}

    def report(outcome: Outcome):
        outcomes.append(outcome)
        on_outcome(outcome)

    for item in items:
        if item.teaser is None:
            report(Outcome(item.article.slug, item.platform, "failed", item.error or "no teaser"))
            continue
        if item.article.slug not in live:
            live[item.article.slug] = wait_until_live(item.article, timeout=live_timeout, session=live_session)
        if live[item.article.slug]:
            report(Outcome(item.article.slug, item.platform, "not-live", live[item.article.slug]))
            continue
        report(post_one(item, platforms[item.platform], ledger, now))
    return outcomes


def retract(slug: str, platforms: dict[str, Platform], ledger: Ledger, now: datetime) -> list[Outcome]:
    """Deletes the article's posts (medical corrections) and records that in the ledger."""
    outcomes = []
    for name, entry in sorted(ledger.entries.get(slug, {}).items()):
        if name not in platforms or entry.state != POSTED:
            continue
        try:
            platforms[name].delete(Posted(entry.post_id or "", entry.url or ""))
        except PlatformError as exc:
            outcomes.append(Outcome(slug, name, "failed", str(exc)))
            continue
        entry.state, entry.retracted_at = RETRACTED, stamp(now)
        ledger.set(slug, name, entry)
        outcomes.append(Outcome(slug, name, "retracted", "", entry.url))
    return outcomes
