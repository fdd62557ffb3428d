"""Offsets in a text to lines and columns: the one line index, for findings and for front-matter fields."""
from __future__ import annotations

import re
from bisect import bisect_right


class LineIndex:
    def __init__(self, text: str):
        self.length = len(text)
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line_number(self, offset: int) -> int:
        """0-based line of `offset`."""
        return bisect_right(self.starts, offset) - 1

    def place(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of `offset`, as editors and SARIF count them."""
        i = self.line_number(offset)
        return i + 1, offset - self.starts[i] + 1

    def span(self, offset: int) -> tuple[int, int]:
        """(start, end) of the line holding `offset`, without its line break."""
        i = self.line_number(offset)
        end = self.starts[i + 1] - 1 if i + 1 < len(self.starts) else self.length
        return self.starts[i], end
