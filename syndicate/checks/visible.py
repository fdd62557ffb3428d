"""The text a reader sees, mapped back to the source.

A browser shows "M&#97;ria" and "Ma<span></span>ria" as "Maria", and "Ma*ri*a" as "Maria" with
"ri" in italics, so a recognizer that reads the source misses all three. `reader_view` decodes
HTML character references, drops inline tags, invisible characters and in-word emphasis
markers, and remembers where each character of the result came from, so a finding in the view
is reported at its place in the clinician's file. The recognizers never know about this layer.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

# Numeric references (browsers accept them without the semicolon) and named ones with it.
_CHAR_REF = r"&(?:#[0-9]{1,7};?|#[xX][0-9a-fA-F]{1,6};?|[A-Za-z][A-Za-z0-9]{1,31};)"
# An HTML start or end tag. Comments (<!-- -->), autolinks (<https://…>, <a@b.org>) and "a < b" do
# not match: a tag name must be followed by space, "/" or ">".
_TAG = r"</?(?P<name>[A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?/?>"
# Python-Markdown treats * inside a word as emphasis ("Ma*ri*a"), but not _ (so "snake_case" stays).
# Around whole words ("**Note**") it changes no word, so it stays (and the common case needs no view).
_EMPHASIS = r"(?<=\w)\*+(?=\w)"
_INVISIBLE_CHARS = "\u00ad\u180e\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff"
_INVISIBLE = f"[{_INVISIBLE_CHARS}]+"
_MARKUP = re.compile(f"(?P<ref>{_CHAR_REF})|(?P<tag>{_TAG})|(?P<em>{_EMPHASIS})|(?P<inv>{_INVISIBLE})")
_ANY_MARKUP = re.compile(f"[&<*{_INVISIBLE_CHARS}]")
# Tags that break a line or a block: what they separate reads as separate words.
_BREAKING_TAGS = frozenset("""
address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 header hr li main nav
ol p pre section table tbody td tfoot th thead tr ul
""".split())


@dataclass(frozen=True)
class ReaderView:
    text: str
    _starts: tuple[int, ...]  # for each character of `text`, where its source begins
    _ends: tuple[int, ...]  # and where its source ends
    tags: tuple[tuple[int, int], ...] = ()  # source spans of the tags removed: their attributes are public too

    def in_tag(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self.tags)

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The source offsets of the view's text[start:end]."""
        if end <= start:
            source = self._starts[start] if start < len(self._starts) else (self._ends[-1] if self._ends else 0)
            return source, source
        return self._starts[start], self._ends[end - 1]


def _replacement(m: re.Match) -> str:
    if m.group("ref"):
        decoded = html.unescape(m.group())
        if decoded == m.group():
            return decoded
        return "".join(ch for ch in decoded if ch not in _INVISIBLE_CHARS)
    if m.group("tag"):
        # Markers are read in the view too, so a tag spanning lines may go: offsets, not lines, map back.
        return " " if m.group("name").lower() in _BREAKING_TAGS else ""
    return ""  # emphasis markers, invisible characters


def reader_view(text: str) -> ReaderView | None:
    """The text as read in a browser, or None when that is the source itself (the common case)."""
    if not _ANY_MARKUP.search(text):
        return None
    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    tags: list[tuple[int, int]] = []
    pos = 0
    changed = False
    for m in _MARKUP.finditer(text):
        replacement = _replacement(m)
        if replacement == m.group():
            continue
        changed = True
        if m.group("tag"):
            tags.append((m.start(), m.end()))
        parts.append(text[pos:m.start()])
        starts.extend(range(pos, m.start()))
        ends.extend(range(pos + 1, m.start() + 1))
        parts.append(replacement)
        # Every character of a replacement stands for the whole markup it replaces.
        starts.extend([m.start()] * len(replacement))
        ends.extend([m.end()] * len(replacement))
        pos = m.end()
    if not changed:
        return None
    parts.append(text[pos:])
    starts.extend(range(pos, len(text)))
    ends.extend(range(pos + 1, len(text) + 1))
    return ReaderView("".join(parts), tuple(starts), tuple(ends), tuple(tags))
