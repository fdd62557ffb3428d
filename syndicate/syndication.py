"""Syndication: what is due, the live check, and posting exactly once with the ledger.

- The ledger is the record, the platform is the truth: before posting a teaser the ledger does
  not show as posted, `find` looks for it on the platform (one listing per platform per run) and
  what it finds is recorded instead of posting again.
- The intent goes into the ledger before the request, the result after it.
- A POST is never repeated blindly: after a 5xx, a timeout or a dropped connection the platform
  is asked again (`find`) before anything else happens.
- A platform that asks us to wait longer than the run's wait budget is deferred: recorded with
  the time it takes requests again, skipped for the rest of the run and by runs before that time.
"""
from __future__ import annotations

import getpass
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from enum import StrEnum

import requests

from .article import LANG_RE, Article
from .errors import InputError, Problem, SyndicateError
from .http import make_session, poll
from .ledger import (DEFERRED, FAILED, NOT_POSTED, POSTED, RETRACTED, SETTLE_HINT, Entry, Ledger,
                     INTENT, stamp, teaser_hash)
from .platforms import Platform, PlatformError, Posted, platform_class
from .platforms.options import OptionsError
from .platforms.base import Teaser
from .practice import Practice
from .teasers import TeaserError, compose

@dataclass(frozen=True)
class Planned:
    article: Article
    platform: str
    teaser: Teaser | None
    error: str | None = None


class Status(StrEnum):
    """What happened to one teaser (or one retraction) in this run."""

    POSTED = "posted"
    RECOVERED = "recovered"  # the platform already had it: recorded, not posted again
    FAILED = "failed"
    NOT_LIVE = "not-live"  # the article's page did not answer in time: nothing was sent
    DEFERRED = "deferred"  # rate limited past the run's wait budget: the next run continues
    RETRACTED = "retracted"

    @property
    def succeeded(self) -> bool:
        return self in (Status.POSTED, Status.RECOVERED)


@dataclass
class Outcome:
    article: str
    platform: str
    status: Status
    detail: str = ""
    url: str | None = None
    retry_at: str | None = None  # deferred: when the platform takes requests again


def make_platforms(practice: Practice, names: Iterable[str], env=None) -> dict[str, Platform]:
    """Clients for `names`, with the settings site_config.yml gave them (checked when it was read).
    A platform the practice no longer sets up (`retract` of an old post) has none: if it needs
    some, that is said here, naming the setting."""
    made, problems = {}, []
    for name in names:
        try:
            made[name] = platform_class(name)(options=practice.platform_options.get(name), env=env)
        except OptionsError as exc:  # named in this practice's own site_config.yml
            problems += [Problem(practice.config_path, None, p.field, p.message, p.fix) for p in exc.problems]
    if problems:
        raise InputError(problems)
    return made


def post_key(slug: str, platform: str, earlier: int = 0) -> str:
    """Stable per article and platform; a deliberate repost (`earlier` posts before it) gets a new one."""
    return f"{slug}:{platform}" + (f":{earlier}" if earlier else "")


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
            due.append(plan_one(practice, article, name, platforms[name]))
    return due


def plan_one(practice: Practice, article: Article, name: str, platform: Platform) -> Planned:
    """One article's teaser for one platform, or why it cannot be composed."""
    try:
        return Planned(article, name, compose(article, platform, practice, practice.site_dir))
    except (TeaserError, SyndicateError) as exc:  # SyndicateError: a share image outside the built site
        return Planned(article, name, None, str(exc))


def wait_until_live(article: Article, *, timeout: float, interval: float = 5.0,
                    session: requests.Session | None = None, sleep: Callable[[float], None] = time.sleep) -> str | None:
    """None when the canonical URL answers 200 with this article; else why not, after `timeout` seconds."""
    session = session or make_session(retries=0)
    marker = f'rel="canonical" href="{article.url}"'
    why = ""

    def live() -> bool:
        nonlocal why
        try:
            response = session.get(article.url, timeout=(5, 15))
            if response.status_code == 200 and marker in response.text:
                return True
            why = f"{article.url} answered {response.status_code}" + ("" if response.status_code != 200 else " without this article")
        except requests.RequestException as exc:
            why = f"{article.url} did not answer ({type(exc).__name__})"
        return False

    return None if poll(live, within=timeout, every=interval, sleep=sleep) else why


@dataclass
class _Attempt:
    """What one (article, platform) post would be recorded as: its key, history and known posts."""

    slug: str
    platform: str
    teaser: Teaser
    key: str
    history: list[dict]
    known: set[str]  # ids of earlier posts: never taken for this one
    reposting: bool
    looks_first: bool
    now: datetime
    marked: dict  # who settled it as not posted, kept while the platform certainly has not posted it

    def entry(self, state: str, **fields) -> Entry:
        return Entry(state, self.key, teaser_hash(self.teaser.text), stamp(self.now), history=self.history, **fields)


def _attempt(item: Planned, ledger: Ledger, now: datetime) -> _Attempt:
    slug, name = item.article.slug, item.platform
    previous = ledger.get(slug, name)
    reposting = bool(previous and previous.state in (POSTED, RETRACTED))
    history = list(previous.history) if previous else []
    if reposting:
        history.append({k: v for k, v in previous.to_yaml().items() if k != "history"})
        key = post_key(slug, name, len(history))
    else:
        key = previous.key if previous else post_key(slug, name)
    # A deliberate repost, and an operator's `ledger mark --not-posted`, skip the look first.
    settled = bool(previous and previous.state == NOT_POSTED)
    marked = {"marked_by": previous.marked_by, "marked_at": previous.marked_at} if settled else {}
    return _Attempt(slug, name, item.teaser, key, history, previous.post_ids() if previous else set(),
                    reposting, not reposting and not settled, now, marked)


def look_first(item: Planned, platform: Platform, ledger: Ledger, now: datetime) -> Outcome | None:
    """The ledger does not show it posted: ask the platform. An outcome if that settles it, else None."""
    attempt = _attempt(item, ledger, now)
    if not attempt.looks_first:
        return None
    try:
        found = platform.find(item.teaser, attempt.key)
    except PlatformError as exc:
        if exc.deferred:
            return _defer(ledger, item, platform, exc, attempt)
        reason = _cannot_look(platform, attempt.slug, exc)
        ledger.set(attempt.slug, attempt.platform, attempt.entry(FAILED, error=reason))
        return Outcome(attempt.slug, attempt.platform, Status.FAILED, reason)
    if not found or str(found.id) in attempt.known:
        return None
    _record(ledger, platform, attempt, found)
    return Outcome(attempt.slug, attempt.platform, Status.RECOVERED, "already on the platform: recorded, not posted again",
                   platform.scrub(found.url))


def post_one(item: Planned, platform: Platform, ledger: Ledger, now: datetime) -> Outcome:
    """Posts one teaser (after `look_first`), the intent recorded before and the result after."""
    attempt = _attempt(item, ledger, now)
    slug, name = attempt.slug, attempt.platform
    ledger.set(slug, name, attempt.entry(INTENT))
    try:
        posted = platform.post(item.teaser, attempt.key)
    except PlatformError as exc:
        if exc.uncertain:
            # The platform may have created the post before the answer was lost: ask before anything else.
            platform.forget()
            try:
                found = platform.find(item.teaser, attempt.key)
            except PlatformError as again:
                found, exc = None, PlatformError(platform.label, f"{exc}; looking for the post failed too ({again}), "
                                                                 "so the next run looks first",
                                                 status=exc.status, retryable=exc.retryable, retry_at=exc.retry_at)
            if found and str(found.id) not in attempt.known:
                _record(ledger, platform, attempt, found)
                return Outcome(slug, name, Status.RECOVERED, f"the platform had created the post ({exc})",
                               platform.scrub(found.url))
        if exc.deferred:
            return _defer(ledger, item, platform, exc, attempt)
        if attempt.marked and not exc.uncertain:  # refused outright: still certainly not posted
            ledger.set(slug, name, attempt.entry(NOT_POSTED, error=str(exc), **attempt.marked))
        else:
            ledger.set(slug, name, attempt.entry(FAILED, error=str(exc)))
        return Outcome(slug, name, Status.FAILED, str(exc))
    if str(posted.id) in attempt.known:
        # A platform that answers a repeat with the earlier post (LinkedIn's DUPLICATE_POST) can name one
        # that was deleted (a "ghost" after `retract`): that is not a new post.
        error = (f"{platform.label} says this repeats an earlier post ({platform.scrub(str(posted.id))}) that the "
                 "ledger already holds; edit the teaser's text to post it again")
        ledger.set(slug, name, attempt.entry(FAILED, error=error))
        return Outcome(slug, name, Status.FAILED, error)
    _record(ledger, platform, attempt, posted)
    return Outcome(slug, name, Status.POSTED, "", platform.scrub(posted.url))


def _cannot_look(platform: Platform, slug: str, exc: PlatformError) -> str:
    # A 401 is a bad token (the error names its variable); other refusals are usually a missing read scope.
    scope = f" It needs {platform.find_scope} to look." if platform.find_scope and exc.status != 401 else ""
    return (f"{platform.label}: could not look for an earlier post before posting, so nothing was posted: "
            f"{exc}.{scope} If you know whether it is there, settle it by hand: "
            + SETTLE_HINT.replace("SLUG", slug).replace("PLATFORM", platform.name))


def _defer(ledger: Ledger, item: Planned, platform: Platform, exc: PlatformError, attempt: _Attempt) -> Outcome:
    until = stamp((exc.retry_at or datetime.now(timezone.utc)).astimezone(timezone.utc))
    # A 429 means nothing was posted: an operator's "not posted" still holds.
    state = NOT_POSTED if attempt.marked else DEFERRED
    ledger.set(item.article.slug, item.platform, attempt.entry(state, error=str(exc), retry_at=until, **attempt.marked))
    ledger.defer(item.platform, until, str(exc))
    return Outcome(item.article.slug, item.platform, Status.DEFERRED,
                   f"{platform.label} asked us to wait until {until}; the next run after that continues", None, until)


def _record(ledger: Ledger, platform: Platform, attempt: _Attempt, posted: Posted) -> None:
    # A platform's successful answer is scrubbed like its errors: it could echo a credential.
    ledger.set(attempt.slug, attempt.platform, attempt.entry(
        POSTED, post_id=platform.scrub(str(posted.id)), url=platform.scrub(posted.url or ""),
        posted_at=stamp(attempt.now)))
    ledger.defer(attempt.platform, None)


def deferred_platforms(ledger: Ledger, wall_now: datetime | None = None) -> dict[str, str]:
    """Platforms whose wait-until time has not come yet (wall clock: it is the platform's clock)."""
    wall_now = wall_now or datetime.now(timezone.utc)
    out = {}
    for name, record in ledger.deferred.items():
        try:
            until = datetime.fromisoformat(record["until"])
        except ValueError:
            continue
        if until.tzinfo is None:
            until = until.replace(tzinfo=timezone.utc)
        if until > wall_now:
            out[name] = record["until"]
    return out


def post_due(items: list[Planned], platforms: dict[str, Platform], ledger: Ledger, now: datetime, *,
             live_timeout: float, on_outcome: Callable[[Outcome], None] = lambda o: None,
             live_session: requests.Session | None = None) -> list[Outcome]:
    """Posts every planned teaser whose page is live. One failing platform never stops the others."""
    outcomes: list[Outcome] = []
    live: dict[str, str | None] = {}
    waiting = deferred_platforms(ledger)

    def report(outcome: Outcome):
        outcomes.append(outcome)
        on_outcome(outcome)

    def deferred(item: Planned) -> bool:
        if item.platform not in waiting:
            return False
        until = waiting[item.platform]
        report(Outcome(item.article.slug, item.platform, Status.DEFERRED,
                       f"{platforms[item.platform].label} asked us to wait until {until}", None, until))
        return True

    # First look on the platforms for everything the ledger does not show as posted (one listing
    # per platform, made before this run writes anything there), then post what is not found.
    to_post = []
    for item in items:
        if item.teaser is None:
            report(Outcome(item.article.slug, item.platform, Status.FAILED, item.error or "no teaser"))
            continue
        if deferred(item):
            continue
        settled = look_first(item, platforms[item.platform], ledger, now)
        if settled is None:
            to_post.append(item)
            continue
        if settled.status == Status.DEFERRED:
            waiting[item.platform] = settled.retry_at
        report(settled)
    for item in to_post:
        if deferred(item):
            continue
        if item.article.slug not in live:
            live[item.article.slug] = wait_until_live(item.article, timeout=live_timeout, session=live_session)
        if live[item.article.slug]:
            report(Outcome(item.article.slug, item.platform, Status.NOT_LIVE, live[item.article.slug]))
            continue
        outcome = post_one(item, platforms[item.platform], ledger, now)
        if outcome.status == Status.DEFERRED:
            waiting[item.platform] = outcome.retry_at
        report(outcome)
    return outcomes


def language_versions(slug: str, ledger: Ledger, articles: Iterable[Article] | None) -> list[str]:
    """SLUG and every translation of it that the ledger has posts for, SLUG first.

    A medical correction is as true in Spanish as in English, so `retract SLUG` reaches them all.
    A translation is found by its `translation_of` in the content; an article already deleted from
    the content is found by the ledger name a translation gets (SLUG.es.md is SLUG-es), where the
    suffix is a two-letter ISO 639-1 code or the language of an article in the content, and no
    article in the content uses that name for something else.
    """
    articles = list(articles or ())
    in_content = {a.slug: a for a in articles}
    found = {a.slug for a in articles if a.translation_of == slug}
    content_languages = {a.lang for a in articles}
    for other in ledger.entries:
        code = other[len(slug) + 1:] if other.startswith(f"{slug}-") else ""
        if not code or other in in_content or not LANG_RE.match(code):
            continue
        if code in content_languages or (len(code) == 2 and _is_language(code)):
            found.add(other)
    return [slug] + sorted(v for v in found - {slug} if v in ledger.entries)


def _is_language(code: str) -> bool:
    import langcodes  # a dependency of wordfreq (syndicate.checks); imported only when retracting
    return langcodes.Language.get(code).is_valid()


def retract(slug: str, platforms: dict[str, Platform], ledger: Ledger, now: datetime) -> list[Outcome]:
    """Deletes every post ever made for the article (medical corrections), and records each deletion."""
    outcomes = []
    for name, entry in sorted(ledger.entries.get(slug, {}).items()):
        if name not in platforms:
            continue
        targets: list[tuple[dict | None, Posted]] = []
        if entry.state == POSTED:
            targets.append((None, Posted(entry.post_id or "", entry.url or "")))
        for old in entry.history:  # reposts and merged entries: earlier posts are deleted too
            if old.get("state") == POSTED and not old.get("retracted_at") and (old.get("post_id") or old.get("url")):
                targets.append((old, Posted(str(old.get("post_id") or ""), str(old.get("url") or ""))))
        for old, post in targets:
            if not post.id:
                outcomes.append(Outcome(slug, name, Status.FAILED, "the ledger has only this post's URL (it was marked by "
                                        "hand without --id): delete it there", post.url))
                continue
            try:
                platforms[name].delete(post)
            except PlatformError as exc:
                outcomes.append(Outcome(slug, name, Status.FAILED, str(exc), post.url))
                continue
            if old is None:
                entry.state, entry.retracted_at = RETRACTED, stamp(now)
            else:
                old["state"], old["retracted_at"] = RETRACTED, stamp(now)
            ledger.set(slug, name, entry)
            outcomes.append(Outcome(slug, name, Status.RETRACTED, "", post.url))
    return outcomes


def operator() -> str:
    """Who settles an entry by hand: the CI actor, else the local user."""
    return os.environ.get("GITHUB_ACTOR") or getpass.getuser()


def mark(ledger: Ledger, slug: str, platform: str, now: datetime, *, url: str | None, post_id: str | None = None,
         by: str) -> Entry:
    """An operator settles an entry: `url` given, the post is there; None, it is not (post it next run)."""
    previous = ledger.get(slug, platform)
    history = list(previous.history) if previous else []
    if previous and (previous.post_id or previous.url) and not (url and previous.url == url):
        history.append({k: v for k, v in previous.to_yaml().items() if k != "history"})  # a different post
    key = post_key(slug, platform, len(history)) if history else (previous.key if previous else post_key(slug, platform))
    common = dict(teaser_sha256=previous.teaser_sha256 if previous else None,
                  attempted_at=previous.attempted_at if previous else None,
                  marked_by=by, marked_at=stamp(now), history=history)
    if url:
        same = previous is not None and previous.url == url
        entry = Entry(POSTED, key, post_id=post_id or (previous.post_id if same else None), url=url,
                      posted_at=(previous.posted_at if same else None) or stamp(now), **common)
    else:
        entry = Entry(NOT_POSTED, key, **common)
    ledger.set(slug, platform, entry)
    return entry
