"""Street addresses, PO boxes, places smaller than a state, and ZIP codes."""
from __future__ import annotations

import re
from typing import Iterator

from ..allowlist import AllowList
from ..context import Doc, standalone
from ..findings import Finding, make_finding
from ..gazetteers import STATE_ABBREVIATIONS, STATE_NAMES
from .cues import PERSON_CUE

_STREET_TYPES = (r"Street|St|Avenue|Ave|Av|Road|Rd|Boulevard|Blvd|Drive|Dr|Lane|Ln|Court|Ct|Way|Place|Pl|Terrace|Ter"
                 r"|Circle|Cir|Parkway|Pkwy|Highway|Hwy|Trail|Trl|Square|Sq|Loop|Pike|Row")
_DIRECTION = r"(?:[NSEW]|North|South|East|West|NE|NW|SE|SW)\.?"
_STREET_WORD = r"(?:[A-Z][a-z]+|\d{1,3}(?:st|nd|rd|th))"
_STREET = re.compile(
    rf"(?P<street>\d{{1,6}}[A-Z]?\s+(?:{_DIRECTION}\s+)?(?:{_STREET_WORD}\s+){{1,3}}(?:{_STREET_TYPES})\b\.?)"
    rf"(?:,?\s*(?:Apt|Apartment|Suite|Ste|Unit|#)\.?\s*[A-Z0-9-]+\b)?")
_STREET_WORDS = ("street", "avenue", "road", "boulevard", "drive", "lane", "court", "terrace", "circle", "parkway",
                 "trail", "way", "place")
# "lives over on Sycamore Lane": a street without a number, in a sentence about a person.
_NAMED_STREET = re.compile(rf"\b(?:on|off|along|near)\s+(?P<street>(?:{_DIRECTION}\s+)?(?:[A-Z][a-z]+\s+){{1,3}}"
                           rf"(?:Street|Avenue|Road|Boulevard|Drive|Lane|Court|Terrace|Circle|Parkway|Trail|Way|Place)\b)")
# "The WIC office at 200 S. 2nd Street": an institution's public address, unless it is
# "his office" or "her school" (an individual's workplace is still theirs), or "our office",
# which must match the allow-list like any other mention of the practice.
_INSTITUTION_BEFORE = re.compile(
    r"(?i)(?<!his\s)(?<!her\s)(?<!their\s)(?<!our\s)\b(?:office|clinic|center|centre|library|hospital|pharmacy|department|church"
    r"|school|YMCA|shelter|pantry|hall|agency|station)\s+(?:is\s+)?(?:at|on|located\s+at)\s+$")
_PO_BOX = re.compile(r"\bP\.?\s?O\.?\s+Box\s+\d+\b", re.IGNORECASE)
_CORNER = re.compile(rf"\bcorner\s+of\s+{_STREET_WORD}(?:\s+[A-Z][a-z]+)?\s+(?:and|&)\s+{_STREET_WORD}(?:\s+(?:{_STREET_TYPES}))?\b")
# "lives in the Willow Creek subdivision", "moved to Chatham": a town or neighbourhood tied to a person.
_RESIDENCE = re.compile(
    r"\b(?:lives|living|lived|resides|resided|moved|grew\s+up|raised)\s+(?:in|on|at|to|near|outside(?:\s+of)?)\s+"
    r"(?:the\s+)?(?P<place>[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,3})")
_STATE_BEFORE = "|".join([*sorted(STATE_ABBREVIATIONS), *(re.escape(n).replace(r"\ ", r"\s+") for n in STATE_NAMES)])
_ZIP = re.compile(r"\d{5}(?:-\d{4})?")
# What must come right before a ZIP: a state ("IL 62704") or a cue ("ZIP code", "lives in").
_BEFORE_ZIP = re.compile(
    rf"(?:\b(?:{_STATE_BEFORE}),?\s+"
    r"|(?i:\b(?:zip(?:\s*code)?|postal\s+code|lives?\s+in|living\s+in|resides\s+in|moved\s+to|from)\b[:\s]+(?:code\s+)?))$")


def find_addresses(doc: Doc, allow: AllowList) -> Iterator[Finding]:
    text = doc.text
    for m in _STREET.finditer(text):
        if m.start() and text[m.start() - 1].isalnum():
            continue
        if not allow.allows_street(m.group("street")) and not _INSTITUTION_BEFORE.search(text, max(0, m.start() - 40), m.start()):
            yield make_finding("phi.address", m.start(), m.end(), text)
    for m in _NAMED_STREET.finditer(text) if doc.mentions(*_STREET_WORDS) else ():
        if doc.cue_in_sentence(PERSON_CUE, m.start()) and not allow.allows_street(m.group("street")):
            yield make_finding("phi.address", m.start("street"), m.end("street"), text)
    for pattern, trigger in ((_PO_BOX, "box"), (_CORNER, "corner")):
        for m in pattern.finditer(text) if doc.mentions(trigger) else ():
            yield make_finding("phi.address", m.start(), m.end(), text)
    for m in _RESIDENCE.finditer(text) if doc.mentions("live", "living", "resid", "moved", "grew up", "raised") else ():
        if m.group("place") not in STATE_NAMES:
            yield make_finding("phi.address", m.start("place"), m.end("place"), text)


def find_zips(doc: Doc, allow: AllowList) -> Iterator[Finding]:
    text = doc.text
    for m in _ZIP.finditer(text):
        if not standalone(text, m.start(), m.end()) or text.startswith(",", m.end()) and text[m.end() + 1:m.end() + 2].isdigit():
            continue
        if _BEFORE_ZIP.search(text, max(0, m.start() - 30), m.start()) and not allow.allows_zip(m.group()):
            yield make_finding("phi.zip", m.start(), m.end(), text)
