"""Errors a clinician or CI operator reads: each names the place, the problem and the fix."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


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
        return f"{where}:{field} {self.message}\n    how to fix: {self.fix}"


class InputError(Exception):
    """Bad input: carries every problem found, so one run shows them all."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class SyndicateError(Exception):
    """A failure that is not the author's input: configuration, network, platform."""
