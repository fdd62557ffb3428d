"""Social Security numbers, whole or partial."""
from __future__ import annotations

import re
from typing import Iterator

from ..allowlist import AllowList
from ..context import Doc, standalone
from ..findings import Finding, make_finding
from .digits import digit_led

_FULL = re.compile(r"\d{3}-\d{2}-\d{4}")
_MASKED = re.compile(r"[Xx*]{3}-?[Xx*]{2}-?\d{4}|\d{3}-\d{2}-\d{2}[Xx*]{2}(?![\w*])")
# "social" alone also means social worker or social media, so it needs "ending"/"last four".
_STRONG_CUE = re.compile(r"(?i)\b(?:SSN|SS#|social\s+security(?:\s+(?:number|no\.|#))?)")
_WEAK_CUE = re.compile(r"(?i)\bsocial\b")
_ANY_CUE = re.compile(r"(?:ssn\b|ss#|social\b)")  # no \b after "#": it is not a word character
# "321 54 9876", "3 4 1 - 2 2 - 9 8 1 7": nine digits however they are spaced out.
_SPACED = re.compile(r"\d{3}[ .]\d{2}[ .]\d{4}|\d(?:\s?-?\s?\d){8}")
_PARTIAL_MARK = r"(?:ending(?:\s+(?:in|with))?|last\s+(?:four|4)(?:\s+digits)?|ends\s+in)"
_AFTER_STRONG = re.compile(rf"^[^.\n\d]{{0,40}}?(?:{_PARTIAL_MARK}[^.\n\d]{{0,8}})?(?P<num>(?<!\d)\d{{4}}|\d{{3}}[ ]\d{{2}}[ ]\d{{4}}|\d{{9}})(?!\d)", re.I)
_AFTER_WEAK = re.compile(rf"^[^.\n\d]{{0,20}}?{_PARTIAL_MARK}[^.\n\d]{{0,8}}(?P<num>(?<!\d)\d{{4}})(?!\d)", re.I)
_PARTIAL_RE = re.compile(_PARTIAL_MARK, re.I)
# "the last four of his Social, 4821": the partial mark comes before "Social".
_PARTIAL_BEFORE = re.compile(rf"{_PARTIAL_MARK}\s+of\s+(?:[\w'’]+\s+){{0,2}}?$", re.I)
_NUMBER_AFTER_SOCIAL = re.compile(r"^(?:\s+security)?(?:\s+(?:number|no\.|#))?[\s,:()]*(?:(?:is|was|were|reads?)\s+)?(?P<num>(?<!\d)\d{4})(?!\d)", re.I)
_YEAR = re.compile(r"(?:19|20)\d\d")


def find_ssns(doc: Doc, allow: AllowList) -> Iterator[Finding]:
    text = doc.text
    for m in (*digit_led(_FULL, doc), *(_MASKED.finditer(text) if doc.mentions("xx", "**") else ())):
        if standalone(text, m.start(), m.end()):
            yield make_finding("phi.ssn", m.start(), m.end(), text)
    if not doc.mentions("ssn", "ss#", "social"):
        return
    for m in _SPACED.finditer(text):  # "321 54 9876" is only an SSN when the sentence says so
        if standalone(text, m.start(), m.end()) and doc.cue_in_sentence(_ANY_CUE, m.start()):
            yield make_finding("phi.ssn", m.start(), m.end(), text)
    for c in _WEAK_CUE.finditer(text):
        after = _NUMBER_AFTER_SOCIAL.match(text[c.end():c.end() + 30])
        if after and _PARTIAL_BEFORE.search(text, max(0, c.start() - 40), c.start()):
            yield make_finding("phi.ssn", c.start(), c.end() + after.end("num"), text)
    for cue, follower in ((_STRONG_CUE, _AFTER_STRONG), (_WEAK_CUE, _AFTER_WEAK)):
        for c in cue.finditer(text):
            after = follower.match(text[c.end():c.end() + 60])
            if not after:
                continue
            number = after.group("num")
            if _YEAR.fullmatch(number) and not _PARTIAL_RE.search(after.group()):
                continue  # "on Social Security since 2019"
            yield make_finding("phi.ssn", c.start(), c.end() + after.end("num"), text)
