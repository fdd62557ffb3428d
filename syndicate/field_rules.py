"""Rules on article fields that keep bad values from reaching pages, feeds, the calendar or a terminal:
strict dates, control characters in the body, and file names the site reserves."""
from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

from dateutil import parser as dateparser

from .bounded_yaml import show
from .errors import Problem

# The forms the clinician guide documents: a date, optionally a time, optionally a UTC offset.
DATE_FORM = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)?(?:\s?(?:Z|[+-]\d{2}:?\d{2}))?$")
# Earliest and latest years an article can carry: a typo such as 0026 or 9999 is refused here rather
# than breaking the calendar, the feeds' date arithmetic or the site's sort order.
YEARS = (1900, 2100)
DATE_FIX = "write it as YYYY-MM-DD or YYYY-MM-DD HH:MM, e.g. 2026-03-01 09:00"
BODY_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # tab, newline and CR are text
_TEXT_ASCII = bytes(range(0x20, 0x7f)) + b"\t\n\r"


def parse_date(raw: str, tz) -> tuple[datetime | None, str | None]:
    """(moment, None) for a real date in an accepted form (the practice's zone unless one is given),
    else (None, what is wrong)."""
    if not DATE_FORM.match(raw):
        return None, "is not a real date in the accepted form"
    try:
        value = dateparser.isoparse(raw.replace(" ", "T", 1).replace(" ", ""))
    except (ValueError, OverflowError) as exc:
        return None, f"is not a real date ({exc})"
    if not YEARS[0] <= value.year <= YEARS[1]:
        return None, f"is not a real date (the year must be between {YEARS[0]} and {YEARS[1]})"
    if value.tzinfo is None:
        value = value.replace(tzinfo=tz)
    return value, None


def parse_moment(text: str) -> datetime:
    """A moment given on the command line; naive means UTC. ValueError says what is wrong."""
    value, wrong = parse_date(text.strip(), timezone.utc)
    if wrong:
        raise ValueError(wrong)
    return value


def body_problems(path: Path, body: str, body_line: int) -> list[Problem]:
    """Control characters in the text: invisible in an editor, they corrupt feeds and terminals."""
    if body.isascii() and not body.encode("ascii").translate(None, _TEXT_ASCII):
        return []  # the usual case, checked at C speed: nothing but printable ASCII, tab and line breaks
    problems = []
    for m in BODY_CONTROL.finditer(body):
        line = body_line + body.count("\n", 0, m.start())
        problems.append(Problem(path, line, "body", f"the text contains the control character {show(m.group())}",
                                "delete the invisible character (retype the text around it if you cannot see it)"))
        if len(problems) >= 5:
            break
    return problems


def reserved_name_problem(path: Path) -> Problem | None:
    """articles/index.md would take the place of the generated list of all articles."""
    if path.name.lower() == "index.md":
        return Problem(path, None, None, "an article may not be named index.md: that address is the list of all articles",
                       "rename the file after its topic, e.g. flu-shots-2026.md")
    return None



# What the page sanitiser (syndicate/site/sanitize.py) will drop: told to the author in `check`,
# so a missing video or form is not a surprise on the site. A warning: the sanitiser is the guard.
REMOVED_MARKUP = re.compile(
    r"(?=[<{\]hs])"  # every alternative starts with one of these: other positions fail at once
    r"(?:<\s*(?:script|iframe|object|embed|style|form|svg|math|template|noscript)\b"
    r"|<[^>]*\son[a-z]+\s*="
    r"|\{:?[^}\n]*\son[a-z]+\s*="
    r"|\]\(\s*<?\s*(?:javascript|data|vbscript)\s*:"
    r"|\b(?:href|src)\s*=\s*[\"']?\s*(?:javascript|data|vbscript)\s*:)",
    re.IGNORECASE)


def _may_hold_markup(body: str) -> bool:
    """Substring tests (C speed) before the regex: most articles are plain Markdown."""
    if "<" in body or "{" in body:
        return True
    lower = body.lower()
    return "javascript" in lower or "data:" in lower or "vbscript" in lower


def removed_markup(articles) -> list:
    """`html.removed` warnings for markup in article bodies that will not reach the page."""
    from .checks.findings import make_finding
    from .gate import Located
    out = []
    for a in articles:
        body = a.body
        if not _may_hold_markup(body):
            continue
        for m in REMOVED_MARKUP.finditer(body):
            line = a.body_line + body.count("\n", 0, m.start())
            col = m.start() - (body.rfind("\n", 0, m.start()) + 1) + 1
            out.append(Located(a.path, line, col, m.start(), m.end(), "body", make_finding(
                "html.removed", m.start(), m.end(), body, excerpt=show(m.group())[:60])))
    return out
