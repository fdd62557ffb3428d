"""The scanned text with the context lookups recognizers share: sentences, lines, cue words.

Everything here is computed once per text and answered with a binary search, so each
recognizer's per-candidate context check stays O(log n) and the whole scan stays linear.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import cached_property
from typing import Iterable, Iterator

from ..text_index import LineIndex

# A period after these does not end a sentence ("Mrs. Alvarez", "Feb. 20", "St. John's").
_ABBREVIATIONS = frozenset("""
mr mrs ms mx dr drs prof rev st mt ft sr jr vs etc eg ie no apt ste ave rd blvd inc dept approx
jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
""".split())
# A sentence ends at a run of .!? (and closing quotes or brackets) before a space, at a blank line, or
# before a heading, quote or list item. Written to open with one character class, [.!?\n], and then
# dispatch on that character with a look-behind: the engine then skips at C speed to the few
# characters that can end a sentence instead of trying three alternatives at every character.
_SENTENCE_END = re.compile(r"""[.!?\n](?:(?<=[.!?])[.!?]*["”’')\]]*\s+|(?<=\n)(?:[ \t]*\n|(?=[ \t]*(?:[#>*+-]|\d+\.)\s)))""")
# The word before a period is an abbreviation when it is one of those or a single letter: the whole run of
# ASCII letters before the period (or before a newline, or a period and a newline, just before it). Looked
# for in the reversed text, where that word follows its period: then one pass of a pattern that opens with
# a plain "." jumps from period to period, where a look-behind would be tried at every character.
_ABBREVIATION_PERIOD_REVERSED = re.compile(
    r"\.(?=\n?\.?(?:[A-Za-z]|(?ai:" + "|".join(sorted(word[::-1] for word in _ABBREVIATIONS)) + r"))(?![A-Za-z]))")
# Lowercasing only ASCII keeps every offset valid (str.lower can change a string's length).
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
# Doc.words splits on every byte but a-z (non-ASCII characters become "?" first): bytes.translate and
# split are C loops, about twice as fast as re.findall("[a-z]+") with the very same words.
_LETTERS_ELSE_SPACE = bytes(byte if 97 <= byte <= 122 else 32 for byte in range(256))
# Each alternative opens with a plain character (no group around "https?://|www\."), so the engine skips
# ahead to "h", "w" and "]" instead of trying the pattern at every character.
_URL_LIKE = re.compile(r"""https?://[^\s<>()\[\]"']+|www\.[^\s<>()\[\]"']+|\]\([^)\s]+""")


def standalone(text: str, start: int, end: int) -> bool:
    """No letter, digit or dash touches the match on either side. Checked in Python after the
    regex so the pattern can start with a plain character class, which the engine scans fast."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or before in "-_") and not (after.isalnum() or after in "-_")


def matches_from(pattern: re.Pattern[str], target: str, starts: Iterable[int]) -> Iterator[re.Match[str]]:
    """The matches pattern.finditer(target) gives, for a pattern that never matches the empty string,
    given (ascending) every offset at which one may start: the pattern is tried only there. Matches do
    not overlap, as with finditer: an offset inside the previous match is not tried."""
    resume = 0
    for at in starts:
        if at >= resume and (m := pattern.match(target, at)):
            resume = m.end()
            yield m


# Cues whose every match starts with one of a few words, whole: see cue_first_words. Keyed by id, with the
# pattern kept in the entry (so its id stays its own): hashing a compiled pattern hashes its whole program,
# microseconds for a cue as long as PERSON_CUE, and cue_between runs once per candidate.
_CUE_FIRST_WORDS: dict[int, tuple[re.Pattern[str], frozenset[str]]] = {}
# A full scan of a lookbehind-led cue costs about what a try at one word costs per 20-odd characters;
# trying the cue only at its first words pays while they are rarer than one per 32 characters.
_CHARACTERS_PER_TRY = 32


def cue_first_words(cue: re.Pattern[str], words: Iterable[str]) -> re.Pattern[str]:
    """Declare that every match of the cue (on Doc.lower, never empty) starts with one of the words, whole
    (a run of letters a-z, as in Doc.words), so Doc.cue_between may try it only where they occur."""
    _CUE_FIRST_WORDS[id(cue)] = (cue, frozenset(words))
    return cue


class Doc:
    def __init__(self, text: str):
        self.text = text
        self._cue_positions: dict[int, tuple[re.Pattern[str], list[int]]] = {}  # by id(cue), as _CUE_FIRST_WORDS
        self._first_names = None
        self._positions: dict[str, tuple[int, ...]] = {}

    def introduced_first_names(self, allow) -> frozenset[str]:
        """Computed once per document: the roster first names this text introduces in full."""
        if self._first_names is None:
            self._first_names = allow.introduced_first_names(self.text)
        return self._first_names

    # ---- sentences and lines ---------------------------------------------------------------
    @cached_property
    def _sentence_starts(self) -> list[int]:
        starts = [0]
        text, abbreviations = self.text, self._abbreviation_periods  # periods only: no check that the end opens with "."
        for m in _SENTENCE_END.finditer(text):
            if m.start() in abbreviations:
                continue
            starts.append(m.end())
        return starts

    @cached_property
    def _abbreviation_periods(self) -> frozenset[int]:
        """The periods that end an abbreviation or an initial ("Mrs.", "Feb.", "J."), so no sentence."""
        last = len(self.text) - 1
        return frozenset(last - m.start() for m in _ABBREVIATION_PERIOD_REVERSED.finditer(self.text[::-1]))

    def sentence(self, pos: int) -> tuple[int, int]:
        starts = self._sentence_starts
        i = bisect_right(starts, pos) - 1
        end = starts[i + 1] if i + 1 < len(starts) else len(self.text)
        return starts[i], end

    def sentences(self) -> list[tuple[int, int]]:
        starts = self._sentence_starts
        return [(s, e) for s, e in zip(starts, [*starts[1:], len(self.text)]) if e > s]

    @cached_property
    def _lines(self) -> LineIndex:
        return LineIndex(self.text)

    def line_number(self, pos: int) -> int:
        return self._lines.line_number(pos)

    def line(self, pos: int) -> tuple[int, int]:
        return self._lines.span(pos)

    # ---- fast gates --------------------------------------------------------------------------
    @cached_property
    def lower(self) -> str:
        return self.text.translate(_ASCII_LOWER)

    def mentions(self, *literals: str) -> bool:
        """A substring test is far cheaper than a regex scan, so recognizers skip patterns whose
        trigger words are absent (most articles never say "MRN", "serial" or "plate")."""
        lower = self.lower
        for literal in literals:  # a plain loop: a generator's overhead is a good part of a miss's cost
            if literal in lower:
                return True
        return False

    @cached_property
    def words(self) -> frozenset[str]:
        """Every lowercase word in the text: one pass, then any number of O(1) trigger checks."""
        ascii_lower = self.lower.encode("ascii", "replace")
        return frozenset(ascii_lower.translate(_LETTERS_ELSE_SPACE).decode("ascii").split())

    def has_word(self, *words: str) -> bool:
        return not self.words.isdisjoint(words)

    def positions_of(self, literal: str) -> tuple[int, ...]:
        """Every offset where the lowercase literal occurs (str.find, no regex). Found once per literal:
        several recognizers look for the same words ("patient" is a relation, a cue and a name cue)."""
        positions = self._positions.get(literal)
        if positions is None:
            lower, found = self.lower, []
            at = lower.find(literal)
            while at != -1:
                found.append(at)
                at = lower.find(literal, at + 1)
            positions = self._positions[literal] = tuple(found)
        return positions

    def matches_at_words(self, pattern: re.Pattern[str], words: Iterable[str], *,
                         on_lower: bool = False) -> Iterator[re.Match[str]]:
        """The matches pattern.finditer would give over the text (or Doc.lower), for a pattern that
        never matches the empty string and whose every match starts with one of the words, whole (a
        run of letters in Doc.lower, as in Doc.words). A pattern that opens with a look-behind, a
        word boundary or a case-insensitive word gives the regex engine nothing to skip ahead to, so
        it is tried at every character; here it is tried only where str.find finds one of the words
        the text has. Matches do not overlap, as with finditer: an offset inside the previous match
        is not tried."""
        present = self.words.intersection(words)
        if present:
            starts = sorted({at for word in present for at in self.positions_of(word)})
            yield from matches_from(pattern, self.lower if on_lower else self.text, starts)

    # ---- cues ------------------------------------------------------------------------------------
    def cue_between(self, cue: re.Pattern[str], start: int, end: int) -> bool:
        """Does the cue (a pattern over the lowercased text, matched at a word start) occur in [start, end)?"""
        positions = self._cue_starts(cue)
        i = bisect_right(positions, start - 1)
        return i < len(positions) and positions[i] < end

    def _cue_starts(self, cue: re.Pattern[str]) -> list[int]:
        """Where the cue occurs at a word start, in order; computed once per cue."""
        entry = self._cue_positions.get(id(cue))
        if entry is None:
            lower = self.lower
            entry = self._cue_positions[id(cue)] = (cue, [
                m.start() for m in self._cue_matches(cue) if m.start() == 0 or not lower[m.start() - 1].isalnum()])
        return entry[1]

    def _cue_matches(self, cue: re.Pattern[str]) -> Iterator[re.Match[str]]:
        """cue.finditer over Doc.lower. For a cue declared with cue_first_words, when the text holds few of
        those words (a text without "he", "a" or "the"), the cue is tried only where they occur."""
        _, words = _CUE_FIRST_WORDS.get(id(cue), (None, None))
        if words is None:
            return cue.finditer(self.lower)
        present = sorted(self.words.intersection(words), key=len)  # the short words, most often found, first
        budget = len(self.lower) // _CHARACTERS_PER_TRY
        for word in present:
            budget -= self.lower.count(word)
            if budget < 0:
                return cue.finditer(self.lower)
        return self.matches_at_words(cue, present, on_lower=True)

    def cue_in_sentence(self, cue: re.Pattern[str], pos: int) -> bool:
        return self.cue_between(cue, *self.sentence(pos))

    def sentences_with(self, cue: re.Pattern[str]) -> list[tuple[int, int]]:
        """The sentences in which the cue occurs, each once, in order."""
        spans = dict.fromkeys(self.sentence(p) for p in self._cue_starts(cue))
        return list(spans)

    # ---- links -------------------------------------------------------------------------------------
    @cached_property
    def _url_spans(self) -> list[tuple[int, int]]:
        return [m.span() for m in _URL_LIKE.finditer(self.text)]

    def in_url(self, pos: int) -> bool:
        """Numbers inside links are judged by the URL rule (a PubMed id is not a record number)."""
        spans = self._url_spans
        i = bisect_right(spans, (pos, len(self.text) + 1)) - 1
        return i >= 0 and spans[i][0] <= pos < spans[i][1]
