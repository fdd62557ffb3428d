"""The medical review, as the gate enforces it: someone other than the author read the article,
on a real date, and the text has not changed since.

Each rule takes an Article and plain values and returns (field, Finding) pairs; the gate places
them in the file. Drafts are exempt: `syndicate new` makes a draft with no reviewer on purpose.
"""
from __future__ import annotations

import re
import subprocess
from datetime import date, datetime
from pathlib import Path

from dateutil.relativedelta import relativedelta

from .article import Article
from .checks.findings import Finding, make_finding
from .practice import Practice
from .scaffold import PLACEHOLDER_SENTENCES

Located = tuple[str, Finding]  # the front-matter field (or "body") and the finding


def review_missing(article: Article) -> list[Located]:
    out = []
    if not article.reviewed_by:
        out.append(("reviewed_by", make_finding("review.missing", 0, 0, "", excerpt="reviewed_by")))
    if not article.last_reviewed:
        out.append(("last_reviewed", make_finding(
            "review.missing", 0, 0, "", excerpt="last_reviewed",
            message="This article has no 'last_reviewed' date, so nothing shows when it was medically reviewed.")))
    return out


def review_by_author(article: Article, practice: Practice) -> list[Located]:
    if article.reviewed_by and article.reviewed_by in article.authors and not practice.allow_self_review:
        return [("reviewed_by", make_finding("review.self", 0, 0, "", excerpt=f"reviewed_by: {article.reviewed_by}"))]
    return []


def review_in_future(article: Article, today: date) -> list[Located]:
    if article.last_reviewed and article.last_reviewed > today:
        return [("last_reviewed", make_finding(
            "review.future", 0, 0, "", excerpt=f"last_reviewed: {article.last_reviewed.isoformat()}",
            message=f"'last_reviewed' is {article.last_reviewed.isoformat()}, after today ({today.isoformat()}): "
                    "a review cannot be dated before it happens."))]
    return []


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def placeholders(article: Article, text: str) -> list[tuple[int, Finding]]:
    """Template sentences from `syndicate new` left in the summary or the body, by offset in `text`
    (the whole file)."""
    out = []
    flat_summary = _normalise(article.summary)
    for sentence in PLACEHOLDER_SENTENCES:
        at = text.find(sentence)
        if at < 0 and sentence in flat_summary:
            at = 0
        if at >= 0:
            out.append((at, make_finding("review.placeholder", at, at + len(sentence), text, excerpt=sentence)))
    return out


def review_due(article: Article, practice: Practice, today: date) -> Finding | None:
    if not article.last_reviewed:
        return None
    due = article.last_reviewed + relativedelta(months=practice.review_interval_months)
    if due > today:
        return None
    return make_finding("review.due", 0, 0, "", excerpt=f"last_reviewed: {article.last_reviewed.isoformat()}",
                        message=f"The medical review is more than {practice.review_interval_months} months old "
                                f"(due {due.isoformat()}).")


def changed_after_review(article: Article, practice: Practice, committed: datetime | None) -> Finding | None:
    """The file's last commit is on a later day than its review: the review may not cover what is published."""
    if not article.last_reviewed or committed is None:
        return None
    day = committed.astimezone(practice.timezone).date()
    if day <= article.last_reviewed:
        return None
    return make_finding("review.stale", 0, 0, "", excerpt=f"last_reviewed: {article.last_reviewed.isoformat()}",
                        message=f"The file was changed in git on {day.isoformat()}, after its medical review on "
                                f"{article.last_reviewed.isoformat()}, so the review may not cover what is published.")


def _git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "core.quotepath=off", "-C", str(folder), *args],
                          capture_output=True, text=True, timeout=60, check=True).stdout


def _newest_per_file(log: str, folder: Path, skip: set[str]) -> dict[Path, tuple[datetime, str]]:
    """Parse `git log --format=%x00%cI %H --name-only`: each file's newest commit (time, hash)."""
    newest: dict[Path, tuple[datetime, str]] = {}
    for entry in log.split("\x00")[1:]:
        head, _, names = entry.partition("\n")
        stamp, _, commit = head.strip().partition(" ")
        if commit in skip:
            continue
        try:
            when = datetime.fromisoformat(stamp)
        except ValueError:
            continue
        for name in names.splitlines():
            if name.strip():
                newest.setdefault((folder / name.strip()).resolve(), (when, commit))  # newest first: keep the first
    return newest


def last_commits(folder: Path) -> dict[Path, datetime]:
    """When each file under `folder` last changed after its review was recorded: the time of its last
    commit, left out when that commit itself changed the 'last_reviewed' line (the reviewer signed that
    text). Two `git log` runs for the whole folder, not one per file: a large site has thousands.
    Empty when git is missing or the folder is not in a repository.

    In a shallow clone (CI's default) the oldest commit fetched looks as if it added every file,
    which says nothing about when a file changed: files known only from it are left out."""
    fmt = ("log", "--format=%x00%cI %H", "--name-only", "--no-renames", "--relative")
    try:
        changes = _git(folder, *fmt, "--", ".")
        reviews = _git(folder, *fmt, "-G", r"^last_reviewed[[:space:]]*:", "--", ".")
        shallow = set()
        if _git(folder, "rev-parse", "--is-shallow-repository").strip() == "true":
            shallow_file = Path(folder, _git(folder, "rev-parse", "--git-path", "shallow").strip())
            shallow = set(shallow_file.read_text().split()) if shallow_file.is_file() else set()
    except (OSError, subprocess.SubprocessError):
        return {}
    recorded = _newest_per_file(reviews, folder, shallow)
    return {path: when for path, (when, commit) in _newest_per_file(changes, folder, shallow).items()
            if recorded.get(path, (None, None))[1] != commit}
