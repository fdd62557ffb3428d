"""The ledger: the record of what was sent. A YAML file in git, per article and platform.

- Written atomically (temp file, fsync, rename), so a crash leaves either the old file or the new one.
- The intent is written before each request and the result after it: an entry left in state
  `intent` after a crash tells the next run to reconcile with the platform before posting again.
- One run at a time: `post`, `retract` and `ledger mark` hold an exclusive lock file beside the
  ledger (`.ledger.yml.lock`) for the whole run, and a write merges this run's changes into what
  is on disk (re-read under the lock), so no run can write back a stale copy over another's entries.
- Every post ever made for an article stays reachable: an entry keeps the earlier posts in
  `history`, and a merge never drops a post id it finds on disk.
- A malformed entry (an unknown `state`, a wrong type) is an error naming the file and line,
  never read as "not posted", which would post the article again.
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path

import filelock
import yaml

from .errors import InputError, PostingError, Problem, SetupError

HEADER = (
    "# Syndication ledger, written by `syndicate post` and `syndicate retract`.\n"
    "# One entry per article and platform. Commit it; settle an entry with `syndicate ledger mark`.\n"
)



class State(StrEnum):
    """An entry's state, as written in the ledger."""

    INTENT = "intent"  # written before the request: after a crash, ask the platform before posting again
    POSTED = "posted"
    FAILED = "failed"
    RETRACTED = "retracted"
    DEFERRED = "deferred"  # the platform asked us to wait longer than the run's wait budget
    NOT_POSTED = "not-posted"  # an operator checked the platform by hand: post without looking first


INTENT, POSTED, FAILED, RETRACTED, DEFERRED, NOT_POSTED = State
STATES = tuple(s.value for s in State)
SETTLE_HINT = "syndicate ledger mark SLUG PLATFORM --posted URL (or --not-posted)"
DEFAULT_LOCK_WAIT = 60.0  # seconds a second run waits for the first before giving up
# libyaml when PyYAML was built with it: every write re-reads the ledger, which grows with the site.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_DUMPER):
    """Writes a State as its plain value, wherever one lands (an entry, or one in its history)."""


_Dumper.add_representer(State, lambda dumper, state: dumper.represent_str(state.value))


@dataclass
class Entry:
    state: State
    key: str
    teaser_sha256: str | None = None
    attempted_at: str | None = None
    post_id: str | None = None
    url: str | None = None
    posted_at: str | None = None
    error: str | None = None
    retracted_at: str | None = None
    retry_at: str | None = None  # deferred: the earliest time the platform takes requests again
    marked_by: str | None = None  # settled by hand (`syndicate ledger mark`): who and when
    marked_at: str | None = None
    history: list[dict] = field(default_factory=list)

    def __post_init__(self):
        self.state = State(self.state)  # a typo is a ValueError here, never an entry read as "not posted"

    def to_yaml(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v not in (None, [], "")} | {"state": self.state.value}

    def posts(self) -> list[dict]:
        """Every post this entry knows of, current one first: what `retract` must reach."""
        current = [self.to_yaml()] if self.post_id or self.url else []
        return current + [h for h in reversed(self.history) if h.get("post_id") or h.get("url")]

    def post_ids(self) -> set[str]:
        return {str(p.get("post_id") or p.get("url")) for p in self.posts()}


_FIELDS = {f.name for f in fields(Entry)}
_TEXT_FIELDS = _FIELDS - {"state", "history"}


def teaser_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class LedgerBusy(PostingError):
    """Another run holds the ledger's lock."""


def lock_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.lock")


def _refuse_links(path: Path) -> None:
    """The ledger and its lock file are never read or written through a symbolic link: git stores
    links, so a pull request could point them at a file outside the project (see also
    syndicate.paths.ledger_problem, which checks `ledger:` when site_config.yml is loaded)."""
    for candidate in (path, lock_path(path)):
        if candidate.is_symlink():
            raise SetupError(str(Problem(candidate, None, "ledger",
                                         f"this is a symbolic link to {os.readlink(candidate)}; syndicate would read and "
                                         "write the ledger through it, possibly outside the project",
                                         f"delete the link (git rm {candidate.name}) and restore the project's own "
                                         "ledger from git")))


@contextlib.contextmanager
def locked(path: Path, wait: float = DEFAULT_LOCK_WAIT) -> Iterator[None]:
    """Holds the ledger's exclusive lock (an flock, released by the kernel if the process dies)."""
    _refuse_links(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = filelock.FileLock(str(lock_path(path)), timeout=wait)
    try:
        lock.acquire()
    except filelock.Timeout:
        raise LedgerBusy(
            f"another `syndicate post`, `retract` or `ledger mark` is using {path} (lock file "
            f"{lock_path(path).name}); waited {wait:g} s. Nothing was done: run again when it has finished."
        ) from None
    try:
        yield
    finally:
        lock.release()


class Ledger:
    def __init__(self, path: Path, entries: dict[str, dict[str, Entry]] | None = None,
                 deferred: dict[str, dict] | None = None):
        self.path = path
        self.entries = entries or {}
        # platform -> {"until": ISO time, "reason": text}: skipped by `post` until then.
        self.deferred = deferred or {}
        self._changed: set[tuple[str, str]] = set()
        self._changed_deferred: set[str] = set()
        self._seen: tuple | None = None  # the file as this object last read or wrote it

    @classmethod
    def load(cls, path: Path) -> "Ledger":
        _refuse_links(path)
        if not path.exists():
            return cls(path)
        seen = _stat(path)
        entries, deferred = _parse(path, _read(path))
        ledger = cls(path, entries, deferred)
        ledger._seen = seen
        return ledger

    def get(self, slug: str, platform: str) -> Entry | None:
        return self.entries.get(slug, {}).get(platform)

    def posts_of(self, slug: str) -> dict[str, Entry]:
        return {p: e for p, e in self.entries.get(slug, {}).items() if e.state == POSTED and e.url}

    def set(self, slug: str, platform: str, entry: Entry) -> None:
        self.entries.setdefault(slug, {})[platform] = entry
        self._changed.add((slug, platform))
        self.save()

    def defer(self, platform: str, until: str | None, reason: str = "") -> None:
        """Records (or, with until=None, clears) a platform's wait-until time."""
        if until is None and platform not in self.deferred:
            return
        if until is None:
            self.deferred.pop(platform, None)
        else:
            self.deferred[platform] = {"until": until, "reason": reason}
        self._changed_deferred.add(platform)
        self.save()

    def save(self) -> None:
        """Writes this run's changes over what is on disk now, keeping everything else there."""
        # Under the lock nobody else writes, so the file is re-read only when it changed since this
        # object last saw it (a run without the lock, a hand edit): parsing a large ledger costs seconds.
        _refuse_links(self.path)
        if self.path.exists() and (self._changed or self._changed_deferred) and _stat(self.path) != self._seen:
            disk_entries, disk_deferred = _parse(self.path, _read(self.path))
            for slug, platform in self._changed:
                mine, theirs = self.entries[slug][platform], disk_entries.get(slug, {}).get(platform)
                _keep_posts(mine, theirs)
                disk_entries.setdefault(slug, {})[platform] = mine
            for platform in self._changed_deferred:
                if platform in self.deferred:
                    disk_deferred[platform] = self.deferred[platform]
                else:
                    disk_deferred.pop(platform, None)
            self.entries, self.deferred = disk_entries, disk_deferred
        data: dict = {}
        if self.deferred:
            data["deferred"] = {p: self.deferred[p] for p in sorted(self.deferred)}
        data["articles"] = {
            slug: {p: self.entries[slug][p].to_yaml() for p in sorted(self.entries[slug])}
            for slug in sorted(self.entries)
        }
        text = HEADER + yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
            self._seen = _stat(self.path)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise


def _keep_posts(mine: Entry, theirs: Entry | None) -> None:
    """A post id on disk that this run's entry does not know goes into its history, never away."""
    if theirs is None:
        return
    known = mine.post_ids()
    for post in reversed(theirs.posts()):
        ident = str(post.get("post_id") or post.get("url"))
        if ident not in known:
            mine.history.append({k: v for k, v in post.items() if k != "history"})
            known.add(ident)


def _stat(path: Path) -> tuple | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return st.st_ino, st.st_mtime_ns, st.st_size


def stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


# --- reading, with every problem located ----------------------------------------------------

def _read(path: Path) -> str:
    """The ledger's text; a folder, an unreadable file or bytes that are not UTF-8 are errors that say so."""
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise SetupError(str(Problem(path, None, "ledger", "the ledger is a folder, not a file",
                                     "move the folder away, or set `ledger:` under the syndicate plugin in "
                                     "site_config.yml to a file name such as ledger.yml"))) from None
    except OSError as exc:
        raise SetupError(str(Problem(path, None, "ledger", f"the ledger cannot be read: {exc.strerror or exc}",
                                     "give the user running syndicate read and write access to it"))) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError([Problem(path, line, None, f"the ledger is not UTF-8 text (byte {data[exc.start]:#04x})",
                                  f"restore it from git (git checkout -- {path.name}), or save it as UTF-8")]) from None


def _parse(path: Path, text: str) -> tuple[dict[str, dict[str, Entry]], dict[str, dict]]:
    restore = (f"restore it from git (git checkout -- {path.name}; git log -p -- {path.name} shows its history), "
               "or fix the line by hand")
    try:
        loader = _LOADER(text)
        try:
            root = loader.get_single_node()
            data = loader.construct_document(root) if root is not None else {}
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError([Problem(path, mark.line + 1 if mark else None, None,
                                  f"the ledger cannot be read: {exc}", restore)]) from None
    problems: list[Problem] = []
    if data is None:
        return {}, {}
    if not isinstance(data, dict):
        raise InputError([Problem(path, 1, None, "the ledger must be a mapping with an `articles:` key", restore)])
    lines = _lines(root)
    entries: dict[str, dict[str, Entry]] = {}
    articles = data.get("articles") or {}
    if not isinstance(articles, dict):
        problems.append(Problem(path, lines.get(("articles",)), "articles", "must be a mapping of article slugs",
                                restore))
        articles = {}
    for slug, platforms in articles.items():
        slug = str(slug)
        if not isinstance(platforms, dict):
            problems.append(Problem(path, lines.get(("articles", slug)), str(slug),
                                    "must be a mapping of platform names to entries", restore))
            continue
        for platform, raw in platforms.items():
            platform = str(platform)
            where = ("articles", slug, platform)
            entry = _entry(path, raw, where, lines, problems)
            if entry is not None:
                entries.setdefault(slug, {})[platform] = entry
    deferred = data.get("deferred") or {}
    if not isinstance(deferred, dict) or not all(
            isinstance(v, dict) and isinstance(v.get("until"), str) for v in deferred.values()):
        problems.append(Problem(path, lines.get(("deferred",)), "deferred",
                                "must map platform names to {until: ISO time, reason: text}",
                                "delete the `deferred:` section; the next run asks the platforms again"))
        deferred = {}
    if problems:
        raise InputError(problems)
    return entries, {str(k): dict(v) for k, v in deferred.items()}


def _entry(path: Path, raw, where: tuple, lines: dict, problems: list[Problem]) -> Entry | None:
    slug, platform = where[1], where[2]
    settle = (f"restore the entry from git (git log -p -- {path.name}), or settle it with "
              f"`syndicate ledger mark {slug} {platform} --posted URL` (or `--not-posted`)")
    if not isinstance(raw, dict):
        problems.append(Problem(path, lines.get(where), f"{slug}.{platform}", "an entry must be a mapping", settle))
        return None
    before = len(problems)
    values = _check_fields(path, raw, where, lines, problems, settle)
    history = raw.get("history", [])
    if not isinstance(history, list):
        problems.append(Problem(path, lines.get((*where, "history")), f"{slug}.{platform}.history",
                                "must be a list of earlier entries", settle))
    else:
        for i, old in enumerate(history):
            if not isinstance(old, dict):
                problems.append(Problem(path, lines.get((*where, "history", i)), f"{slug}.{platform}.history[{i}]",
                                        "must be a mapping", settle))
            else:
                _check_fields(path, old, (*where, "history", i), lines, problems, settle, nested=True)
    if len(problems) > before:
        return None
    return Entry(**{**values, "history": [_as_text(h) for h in history]})


def _check_fields(path, raw: dict, where: tuple, lines: dict, problems: list[Problem], settle: str, *,
                  nested: bool = False) -> dict:
    label = ".".join(str(w) for w in where[1:])
    values = {}
    for name, value in raw.items():
        line = lines.get((*where, str(name)), lines.get(where))
        if name == "history" and not nested:
            continue
        if name not in _FIELDS or name == "history":
            problems.append(Problem(path, line, f"{label}.{name}", f"unknown field '{name}'", settle))
        elif name == "state":
            if value not in STATES:
                problems.append(Problem(path, line, f"{label}.state",
                                        f"unknown state {value!r}: must be one of {', '.join(STATES)}", settle))
            values[name] = value
        elif isinstance(value, (datetime, date)):
            values[name] = value.isoformat()  # an unquoted timestamp typed by hand: same meaning
        elif value is not None and not isinstance(value, str):
            problems.append(Problem(path, line, f"{label}.{name}",
                                    f"must be text, not {type(value).__name__} {value!r}", settle))
        else:
            values[name] = value
    for required in ("state", "key") if not nested else ("state",):
        if required not in raw:
            problems.append(Problem(path, lines.get(where), label, f"the entry has no `{required}`", settle))
    return values


def _as_text(old: dict) -> dict:
    return {k: v.isoformat() if isinstance(v, (datetime, date)) else v for k, v in old.items()}


def _lines(root) -> dict[tuple, int]:
    """1-based line of every mapping key and list item under the document root, by path."""
    out: dict[tuple, int] = {}

    def walk(node, at: tuple):
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                here = (*at, key.value)
                out[here] = key.start_mark.line + 1
                walk(value, here)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                out[(*at, i)] = item.start_mark.line + 1
                walk(item, (*at, i))

    if root is not None:
        walk(root, ())
    return out
