"""The medical review, as the gate enforces it: someone other than the author read the article,
on a real date, and the text has not changed since.

Each rule takes an Article and plain values and returns (field, Finding) pairs; the gate places
them in the file. Drafts are exempt: `syndicate new` makes a draft with no reviewer on purpose.
"""
from __future__ import annotations

import codecs
import os
import re
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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


_LOG = ("log", "--format=%x00%cI %H", "--name-only", "--no-renames", "--relative")
_REVIEW_LINE = r"^last_reviewed[[:space:]]*:"


class _GitRun:
    """A git command under way. Its output goes to a temporary file, not a pipe: the command runs while the
    caller does other work (the check's workers), and a pipe nobody reads yet would stop git once it filled."""

    def __init__(self, folder: Path, *args: str):
        self._out = tempfile.TemporaryFile()
        try:
            self._process = subprocess.Popen(["git", "-c", "core.quotepath=off", "-C", str(folder), *args],
                                             stdout=self._out, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
        except BaseException:
            self._out.close()
            raise

    def output(self) -> bytes:
        """What the command printed. Raises SubprocessError when it failed or ran over a minute."""
        self._process.wait(timeout=60)
        if self._process.returncode != 0:
            raise subprocess.CalledProcessError(self._process.returncode, self._process.args)
        self._out.seek(0)
        return self._out.read()

    def stop(self) -> None:
        """Kills the command if it still runs (an interrupt does not wait for git) and drops its output."""
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        self._out.close()


def _git(folder: Path, *args: str) -> str:
    run = _GitRun(folder, *args)
    try:
        return os.fsdecode(run.output())
    finally:
        run.stop()


def _file_name(raw: bytes) -> str:
    """A name as `git log --name-only` prints it, as the file system names it: bytes that are not UTF-8 kept as
    Python keeps them (os.fsdecode), and a name git quoted (a tab, a newline, a quote or a backslash in it:
    "a\\tb.md") unquoted."""
    if len(raw) > 1 and raw.startswith(b'"') and raw.endswith(b'"'):
        raw = codecs.escape_decode(raw[1:-1])[0]
    return os.fsdecode(raw)


def _newest_per_file(log: bytes, folder: Path, skip: set[str]) -> dict[Path, tuple[datetime, str]]:
    """Parse `git log --format=%x00%cI %H --name-only`: each file's newest commit (time, hash)."""
    newest: dict[Path, tuple[datetime, str]] = {}
    for entry in log.split(b"\x00")[1:]:
        head, _, names = entry.partition(b"\n")
        stamp, _, commit = head.strip().decode("ascii", "replace").partition(" ")
        if commit in skip:
            continue
        try:
            when = datetime.fromisoformat(stamp)
        except ValueError:
            continue
        for name in names.split(b"\n"):
            if name:
                newest.setdefault((folder / _file_name(name)).resolve(), (when, commit))  # newest first: keep the first
    return newest


def last_commits(folder: Path) -> dict[Path, datetime]:
    """When each file under `folder` last changed after its review was recorded: the time of its last
    commit, left out when that commit itself changed the 'last_reviewed' line (the reviewer signed that
    text). Two `git log` runs for the whole folder, not one per file: a large site has thousands.
    Empty when git is missing or the folder is not in a repository.

    In a shallow clone (CI's default) the oldest commit fetched looks as if it added every file,
    which says nothing about when a file changed: files known only from it are left out."""
    with last_commits_started(folder) as answer:
        return answer()


@contextmanager
def last_commits_started(folder: Path) -> Iterator[Callable[[], dict[Path, datetime]]]:
    """`last_commits`, its two `git log` runs started now, beside other work; the function yielded waits
    for them and returns the answer. Leaving the block stops whatever still runs: an interrupt does not
    wait for git (a large history takes seconds)."""
    started: list[_GitRun] = []
    try:
        started.append(_GitRun(folder, *_LOG, "--", "."))
        started.append(_GitRun(folder, *_LOG, "-G", _REVIEW_LINE, "--", "."))
    except OSError:  # no git on this machine
        pass

    def answer() -> dict[Path, datetime]:
        if len(started) < 2:
            return {}
        try:
            changes, reviews = started[0].output(), started[1].output()
            shallow = set()
            if _git(folder, "rev-parse", "--is-shallow-repository").strip() == "true":
                shallow_file = Path(folder, _git(folder, "rev-parse", "--git-path", "shallow").strip())
                shallow = set(shallow_file.read_text().split()) if shallow_file.is_file() else set()
        except (OSError, subprocess.SubprocessError):
            return {}
        recorded = _newest_per_file(reviews, folder, shallow)
        return {path: when for path, (when, commit) in _newest_per_file(changes, folder, shallow).items()
                if recorded.get(path, (None, None))[1] != commit}

    try:
        yield answer
    finally:
        for run in started:
            run.stop()
