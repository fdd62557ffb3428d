"""Inline acceptance markers: <!-- accept phi.name, phi.date: reason -->.

A marker accepts findings of the named rules on its own line and on the next non-blank line.
The reason is mandatory: it is what a reviewer reads later to see why the finding was safe.
Accepted findings stay in the results with `accepted` set, so reports can still show them.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Iterable

from .context import Doc
from .findings import ACCEPTABLE_RULES, RULES, Finding, make_finding

_MARKER = re.compile(r"<!--\s*accept\b(?P<body>.*?)-->", re.IGNORECASE | re.DOTALL)
_BODY = re.compile(r"\s*(?P<rules>[^:]*?)\s*(?::\s*(?P<reason>.*?))?\s*", re.DOTALL)


@dataclass(frozen=True)
class Marker:
    start: int
    end: int
    rules: tuple[str, ...]
    reason: str | None
    lines: frozenset[int]


def _covered_lines(doc: Doc, end: int) -> frozenset[int]:
    own = doc.line_number(end)
    text = doc.text
    _, line_end = doc.line(end)
    while line_end < len(text):
        next_start = line_end + 1
        _, line_end = doc.line(next_start)
        if text[next_start:line_end].strip():
            return frozenset({own, doc.line_number(next_start)})
    return frozenset({own})


def parse_markers(doc: Doc) -> list[Marker]:
    markers = []
    for m in _MARKER.finditer(doc.text):
        body = _BODY.fullmatch(m.group("body"))
        rules = tuple(r for r in re.split(r"[\s,]+", body.group("rules")) if r)
        reason = (body.group("reason") or "").strip() or None
        markers.append(Marker(m.start(), m.end(), rules, reason, _covered_lines(doc, m.end())))
    return markers


def mask_markers(text: str, markers: list[Marker]) -> str:
    """Blank the markers out (keeping offsets) so a reason such as "Dr. Salk is..." is not scanned."""
    if not markers:
        return text
    chars = list(text)
    for marker in markers:
        for i in range(marker.start, marker.end):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


def marker_errors(markers: Iterable[Marker], text: str) -> list[Finding]:
    errors = []
    for marker in markers:
        unknown = [r for r in marker.rules if r not in ACCEPTABLE_RULES]
        if not marker.rules or unknown:
            named = ", ".join(unknown) or "nothing"
            why = ("is fixed in the file, never accepted" if unknown and all(r in RULES for r in unknown)
                   else "is not a rule a marker can accept")
            errors.append(make_finding("accept.unknown_rule", marker.start, marker.end, text,
                                       message=f"This acceptance marker names {named}, which {why}, so it accepts nothing."))
        if marker.reason is None:
            errors.append(make_finding("accept.reason_missing", marker.start, marker.end, text))
    return errors


def apply_markers(findings: Iterable[Finding], markers: list[Marker], doc: Doc) -> list[Finding]:
    result = []
    for finding in findings:
        line = doc.line_number(finding.start)
        reason = next((m.reason for m in markers
                       if m.reason and finding.rule in m.rules and line in m.lines), None)
        result.append(dataclasses.replace(finding, accepted=reason) if reason else finding)
    return result
