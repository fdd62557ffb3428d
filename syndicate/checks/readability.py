"""Reading level of the prose, by SMOG and Flesch-Kincaid.

textstat 0.7.13 counts English syllables with NLTK's cmudict, which it downloads on first use;
offline that raises LookupError. The two published formulas are computed here instead, with
syllables from pyphen (the hyphenation dictionary textstat itself falls back to).
"""
from __future__ import annotations

import math
import re
from functools import lru_cache

import pyphen

from .findings import Finding, make_finding

_MARKDOWN_NOISE = [
    (re.compile(r"\A---\n.*?\n---\n", re.DOTALL), ""),            # front matter
    (re.compile(r"^(```|~~~).*?^\1", re.DOTALL | re.MULTILINE), ""),  # fenced code
    (re.compile(r"<!--.*?-->", re.DOTALL), ""),
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),                     # images
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),                 # links keep their text
    (re.compile(r"<[^>]+>"), ""),
    (re.compile(r"^\s{0,3}(?:#{1,6}|>|[-*+]|\d+\.)\s+", re.MULTILINE), ""),
    (re.compile(r"[*_`|]+"), ""),
]
# Headings and list items rarely end in a period; without one they would merge into one
# giant sentence and overstate the grade.
_UNTERMINATED_LINE = re.compile(r"(?<=[A-Za-z0-9)])[ \t]*$", re.MULTILINE)
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)")
_WORD = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*")
_HYPHENATOR = pyphen.Pyphen(lang="en_US")


def prose(markdown: str) -> str:
    for pattern, replacement in _MARKDOWN_NOISE:
        markdown = pattern.sub(replacement, markdown)
    return _UNTERMINATED_LINE.sub(".", markdown)


@lru_cache(maxsize=20000)
def syllables(word: str) -> int:
    return len(_HYPHENATOR.positions(word.lower())) + 1


def grades(plain: str) -> tuple[float, float] | None:
    """(Flesch-Kincaid grade, SMOG grade) of plain text; None when there is no prose."""
    words = _WORD.findall(plain)
    sentences = max(1, len(_SENTENCE_END.findall(plain)))
    if not words:
        return None
    counts = [syllables(w) for w in words]
    kincaid = 0.39 * len(words) / sentences + 11.8 * sum(counts) / len(words) - 15.59
    polysyllables = sum(1 for c in counts if c >= 3)
    smog = 1.0430 * math.sqrt(polysyllables * 30 / sentences) + 3.1291
    return round(kincaid, 1), round(smog, 1)


def readability(text: str, target_grade: float) -> Finding | None:
    """A warning when either grade is above the target (the message states both)."""
    measured = grades(prose(text))
    if measured is None or max(measured) <= target_grade:
        return None
    kincaid, smog = measured
    return make_finding(
        "readability.grade", 0, len(text), text, excerpt="",
        message=(f"This article reads at about grade {kincaid:.1f} (Flesch-Kincaid) and {smog:.1f} (SMOG), above the "
                 f"target of grade {target_grade:g}; many patients will find it hard going."))
