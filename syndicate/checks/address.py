"""Identifiers in a public address: a file name or a slug becomes the page's URL.

An address is written in lower case with hyphens ("thank-you-maria-alvarez"), which hides a
name from recognizers that look for capitals. So it is read as words with capitals restored
("Thank You Maria Alvarez"), and any given name from the name list is flagged on its own:
an address has no sentence around it to tell a patient from a topic.
"""
from __future__ import annotations

import dataclasses
import re

from .allowlist import AllowList
from .findings import Finding, make_finding
from .gazetteers import AMBIGUOUS_FIRST_NAMES, FIRST_NAMES

# Hyphens and underscores separate words, except between digits (a date or a number keeps its shape).
_SEPARATOR = re.compile(r"(?<!\d)[-_]+|[-_]+(?!\d)|[/.]+")
_WORD = re.compile(r"[A-Za-z]+")
_WHERE = "This file name or slug is part of the page's public address (URL). "
_FIX = ("Rename the file, or set 'slug:' in the front matter, so the address names the topic, not a person "
        "(e.g. thank-you-from-our-team).")


def address_words(address: str) -> str:
    """The address as two texts a blank line apart: words with capitals restored, for names
    ('visit-2026-03-14-mrs-alvarez' -> 'Visit 2026-03-14 Mrs Alvarez'), and words as written, for
    the patterns capitals would break ('a 92 year old patient')."""
    spaced = _SEPARATOR.sub(" ", address).strip()
    return _WORD.sub(lambda m: m.group()[:1].upper() + m.group()[1:], spaced) + "\n\n" + spaced


def scan_address(address: str, allow: AllowList) -> list[Finding]:
    """Findings in an address; each one's excerpt is the whole address, and offsets are 0."""
    from .scan import scan_text  # scan imports this package's recognizers; avoid an import cycle
    words = address_words(address)
    return address_findings(address, words, scan_text(words, allow), allow)


def address_findings(address: str, words: str, found_in_words: list[Finding], allow: AllowList) -> list[Finding]:
    """Findings of a scan of `address_words(address)` (offsets into `words`), reworded for the address,
    plus a given name standing alone. The gate scans the words along with other short texts."""
    found: list[Finding] = []
    for f in found_in_words:
        if f.severity != "error" or any(g.rule == f.rule for g in found):
            continue  # one finding per rule: both readings often find the same thing
        found.append(dataclasses.replace(f, start=0, end=0, excerpt=address,
                                         message=f"{_WHERE}It contains “{words[f.start:f.end]}”: {f.message}", fix=_FIX))
    if not any(f.rule == "phi.name" for f in found):
        roster = allow.roster_words()
        for m in _WORD.finditer(words):
            word = m.group()
            if word in FIRST_NAMES and word not in AMBIGUOUS_FIRST_NAMES and word.lower() not in roster:
                found.append(dataclasses.replace(
                    make_finding("phi.name", 0, 0, address, excerpt=address,
                                 message=f"{_WHERE}It contains the given name “{word}”, which can identify a patient."),
                    fix=_FIX))
                break
    return found
