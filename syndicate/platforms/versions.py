"""Pinned API versions and the dates their platforms retire them: the one table `syndicate doctor` reads.

A retired version fails every call (Graph: an unsupported-version error; LinkedIn: 426
NONEXISTENT_VERSION), so the date matters before it arrives. Sources, checked 2026-11:
- Graph API (Facebook Pages): developers.facebook.com/docs/graph-api/changelog/versions,
  "Available until". Each version lives about two years; v26.0 has no date yet.
- LinkedIn Marketing API (LinkedIn-Version header): learn.microsoft.com/linkedin/marketing/
  integrations/migrations, "Sunset Date". Monthly versions, each supported for at least a
  year; a version the table does not list yet is given release month + 12 months, marked
  estimated, until the migrations page publishes its date.
- Threads API v1.0, X API v2, Mastodon, Bluesky XRPC and My Business API v4 localPosts
  have no announced retirement date, so they are not listed.
Update this table (and the README's copy, which a test compares) when a platform publishes dates.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

GRAPH, LINKEDIN = "Graph API", "LinkedIn Marketing API"


@dataclass(frozen=True)
class Sunset:
    version: str
    on: date | None  # None: the platform has not announced it
    estimated: bool = False


_PUBLISHED: dict[str, dict[str, date | None]] = {
    GRAPH: {
        "v20.0": date(2026, 9, 24), "v21.0": date(2027, 1, 21), "v22.0": date(2027, 5, 20),
        "v23.0": date(2027, 10, 8), "v24.0": date(2028, 2, 18), "v25.0": date(2028, 7, 29), "v26.0": None,
    },
    LINKEDIN: {
        "202510": date(2026, 10, 15), "202511": date(2026, 11, 16), "202601": date(2027, 1, 15),
        "202602": date(2027, 2, 15), "202603": date(2027, 3, 16),
    },
}

# What the clients send unless a practice pins another version in platform_options.
DEFAULTS = {GRAPH: "v25.0", LINKEDIN: "202607"}


def sunset(api: str, version: str) -> Sunset | None:
    """The retirement date of `version` of `api`; None when the version is unknown (e.g. a typo)."""
    table = _PUBLISHED.get(api, {})
    if version in table:
        return Sunset(version, table[version])
    if api == LINKEDIN and re.fullmatch(r"20\d\d(0[1-9]|1[0-2])", version):
        year, month = int(version[:4]), int(version[4:])
        return Sunset(version, date(year + 1, month, 15), estimated=True)  # "at least one year"
    return None


def table_rows() -> list[tuple[str, str, str]]:
    """(API, version, sunset) for every listed version, as the README shows them."""
    rows = []
    for api, versions in _PUBLISHED.items():
        for version, on in versions.items():
            rows.append((api, version, on.isoformat() if on else "not announced"))
    default = sunset(LINKEDIN, DEFAULTS[LINKEDIN])
    if default and default.estimated:
        rows.append((LINKEDIN, DEFAULTS[LINKEDIN], f"{default.on.isoformat()} (estimated: at least a year)"))
    return rows
