"""Where a page's digits are, found once and shared by the patterns that start with a digit.

A regex pass over a whole page costs about the same whatever it looks for, and a dozen recognizers
(phones, ZIPs, streets, IPs, long, spread and card numbers, SSNs) each made one just to reach the few
digits of a page of prose. Here str.find locates the digits (in C, one pass per digit character) and
each pattern is matched only where a digit is: the same matches as its finditer, for a fraction of
the cost. `context.matches_from` serves any pattern whose possible starts are known (images.py: its trigger words).
"""
from __future__ import annotations

import re
from typing import Iterator
from weakref import WeakKeyDictionary

from ..context import Doc, matches_from

_DIGIT = re.compile(r"\d")
_POSITIONS: WeakKeyDictionary[Doc, list[int]] = WeakKeyDictionary()


def digit_positions(doc: Doc) -> list[int]:
    """Every offset of a digit (\\d, which outside ASCII also means other scripts' digits), ascending."""
    positions = _POSITIONS.get(doc)
    if positions is None:
        text = doc.text
        if text.isascii():
            positions = []
            for digit in "0123456789":
                at = text.find(digit)
                while at != -1:
                    positions.append(at)
                    at = text.find(digit, at + 1)
            positions.sort()
        else:
            positions = [m.start() for m in _DIGIT.finditer(text)]
        _POSITIONS[doc] = positions
    return positions


def digit_led(pattern: re.Pattern[str], doc: Doc) -> Iterator[re.Match[str]]:
    """pattern.finditer(doc.text) for a pattern whose every match starts with a digit."""
    return matches_from(pattern, doc.text, digit_positions(doc))
