"""The ledger: the only state. A YAML file in git recording, per article and platform, what was sent.

Written atomically (temp file, fsync, rename) so a crash leaves either the old file or the new one.
The intent is written before each request and the result after it: an entry left in state
`intent` after a crash tells the next run to reconcile with the platform before posting again.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

import yaml

from .errors import InputError, Problem

HEADER = (
    "# Syndication ledger, written by `syndicate post` and `syndicate retract`.\n"
    "# One entry per article and platform. Commit it; do not edit it by hand.\n"
)

INTENT, POSTED, FAILED, RETRACTED = "intent", "posted", "failed", "retracted"


@dataclass
class Entry:
    state: str
    key: str
    teaser_sha256: str
    attempted_at: str
    post_id: str | None = None
    url: str | None = None
    posted_at: str | None = None
    error: str | None = None
    retracted_at: str | None = None
    history: list[dict] = field(default_factory=list)

    def to_yaml(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v not in (None, [], "")}


def teaser_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Ledger:
    def __init__(self, path: Path, entries: dict[str, dict[str, Entry]] | None = None):
        self.path = path
        self.entries = entries or {}

    @classmethod
    def load(cls, path: Path) -> "Ledger":
        if not path.exists():
            return cls(path)
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            entries = {
                slug: {platform: Entry(**fields) for platform, fields in (platforms or {}).items()}
                for slug, platforms in (data.get("articles") or {}).items()
            }
        except (yaml.YAMLError, TypeError, AttributeError) as exc:
            raise InputError([Problem(path, getattr(getattr(exc, "problem_mark", None), "line", None), None,
                                      f"the ledger cannot be read: {exc}",
                                      "restore it from git (git checkout -- " + path.name + ")")]) from None
        return cls(path, entries)

    def get(self, slug: str, platform: str) -> Entry | None:
        return self.entries.get(slug, {}).get(platform)

    def posts_of(self, slug: str) -> dict[str, Entry]:
        return {p: e for p, e in self.entries.get(slug, {}).items() if e.state == POSTED and e.url}

    def set(self, slug: str, platform: str, entry: Entry) -> None:
        self.entries.setdefault(slug, {})[platform] = entry
        self.save()

    def save(self) -> None:
        data = {
            "articles": {
                slug: {p: self.entries[slug][p].to_yaml() for p in sorted(self.entries[slug])}
                for slug in sorted(self.entries)
            }
        }
        text = HEADER + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise


def stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")
