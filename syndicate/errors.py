"""Errors a clinician or CI operator reads: each names the place, the problem and the fix."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _visible(text: str) -> str:
    """A file name or value quoted in a message must not drive the terminal (ESC sequences)."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


@dataclass
class Problem:
    """One thing wrong with the input, located as precisely as we can."""

    path: Path | str
    line: int | None
    field: str | None
    message: str
    fix: str

    def __str__(self) -> str:
        where = str(self.path)
        if self.line:
            where += f":{self.line}"
        field = f" [{self.field}]" if self.field else ""
        return _visible(f"{where}:{field} {self.message}") + f"\n    how to fix: {_visible(self.fix)}"


class InputError(Exception):
    """Bad input: carries every problem found, so one run shows them all."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class SyndicateError(Exception):
    """A failure that is not the author's input: configuration, network, platform."""
