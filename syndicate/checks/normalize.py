"""The text as the recognizers should read it: Unicode-normalised and with look-alike letters folded.

A file saved on macOS spells "doña" as "don" + U+0303 (NFD), and "dоña" with a Cyrillic "о" looks the
same to a reader as "doña": both slip past cue words spelled in composed Latin letters. `folded_view`
composes each character with its combining marks (NFC) and, inside a word that mixes Latin with
Cyrillic or Greek letters, maps the common look-alikes to their Latin twins, remembering where each
character came from so findings are reported at their place in the clinician's file.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Cyrillic and Greek letters drawn like Latin ones (Unicode's confusables, the common subset).
_LOOK_ALIKES = str.maketrans(
    "аеорсухіјѕԁӏАВЕКМНОРСТХІЈЅ" "οανιτκρχυΟΑΒΕΖΗΙΚΜΝΡΤΥΧ",
    "aeopcyxijsdlABEKMHOPCTXIJS" "oavitkpxuOABEZHIKMNPTYX")
_WORD = re.compile(r"[^\W\d_]+")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
# Combining marks (the blocks Latin, Greek and Cyrillic accents come from), after the character they modify.
_WITH_MARKS = re.compile("[^\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
                         "[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+", re.DOTALL)
_CONFUSABLE = re.compile("[аеорсухіјѕԁӏАВЕКМНОРСТХІЈЅοανιτκρχυΟΑΒΕΖΗΙΚΜΝΡΤΥΧ]")


@dataclass(frozen=True)
class FoldedView:
    text: str
    _starts: tuple[int, ...]
    _ends: tuple[int, ...]

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        if end <= start:
            source = self._starts[start] if start < len(self._starts) else (self._ends[-1] if self._ends else 0)
            return source, source
        return self._starts[start], self._ends[end - 1]


def _fold_look_alikes(text: str) -> str:
    def fold(m: re.Match) -> str:
        word = m.group()
        if _CONFUSABLE.search(word) and _LATIN.search(word):
            return word.translate(_LOOK_ALIKES)
        return word
    return _WORD.sub(fold, text)  # same length: a one-to-one letter map


def folded_view(text: str) -> FoldedView | None:
    """The NFC, look-alike-folded text with its source offsets, or None when that is the text itself."""
    if text.isascii() or (unicodedata.is_normalized("NFC", text) and not _CONFUSABLE.search(text)):
        return None  # the common case, decided in C
    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for m in _WITH_MARKS.finditer(text):  # a character and the marks that combine with it compose together
        composed = unicodedata.normalize("NFC", m.group())
        if composed == m.group():
            continue
        parts.append(text[pos:m.start()])
        starts.extend(range(pos, m.start()))
        ends.extend(range(pos + 1, m.start() + 1))
        parts.append(composed)
        starts.extend([m.start()] * len(composed))
        ends.extend([m.end()] * len(composed))
        pos = m.end()
    parts.append(text[pos:])
    starts.extend(range(pos, len(text)))
    ends.extend(range(pos + 1, len(text) + 1))
    folded = _fold_look_alikes("".join(parts))
    if folded == text:
        return None
    return FoldedView(folded, tuple(starts), tuple(ends))
