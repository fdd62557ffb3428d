"""Errors a clinician or CI operator reads: each names the place, the problem and the fix.

Every error the project raises on purpose derives from one root, `SyndicateError`, and carries the
process exit code it means, so the command line maps errors to exit codes in one place (click shows
a `ClickException` and exits with its `exit_code`, as MkDocs' `MkDocsException` does) and no command
needs a try/except of its own. Anything else that escapes a command is a bug (see `syndicate.cli`).

The exception tree, with exit codes (README.md#exit-codes lists them for users):

    SyndicateError (click.ClickException) .... 1  the root; a build that failed on the content
    ├── InputError ........................... 1  problems in the content or site_config.yml, each a Problem
    │   └── SiteDirError ..................... 2  an output folder the build must not replace (syndicate.sitedir)
    ├── TeaserError .......................... 1  a teaser does not fit its platform (syndicate.teasers)
    ├── UsageError ........................... 2  a bad option value, a path that does not exist
    ├── PostingError ......................... 3  posting failed or was deferred; the next run continues
    │   ├── PlatformError .................... 3  a platform refused or failed (syndicate.platforms.base)
    │   └── LedgerBusy ....................... 3  another run holds the ledger (syndicate.ledger)
    ├── SetupError ........................... 4  the machine or project is not set up: no site config,
    │   │                                         no share-card font, no Pagefind, no credentials
    │   └── WorkerLost ....................... 4  a worker process was killed from outside (syndicate.workers)
    └── Interrupted ........................ 130  Ctrl-C (an interrupted build exits 130, or 143 on SIGTERM)
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import click

EXIT_OK, EXIT_CONTENT, EXIT_USAGE, EXIT_POSTING, EXIT_SETUP = 0, 1, 2, 3, 4
EXIT_INTERRUPTED = 130  # the shell's 128 + SIGINT
EXIT_BUG = 70  # sysexits.h EX_SOFTWARE: an internal error, never the user's input
EXIT_CODES = (EXIT_OK, EXIT_CONTENT, EXIT_USAGE, EXIT_POSTING, EXIT_SETUP)  # what any input may produce

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


class SyndicateError(click.ClickException):
    """The root: a failure this project reports on purpose, with the exit code it means."""

    exit_code = EXIT_CONTENT

    def show(self, file=None) -> None:
        click.secho("error: " + _visible_lines(self.format_message()), fg="red", err=True, file=file)

    def __reduce__(self):
        # An error raised in a forked worker (the check, the build) is pickled back to the parent.
        # Exception's default rebuilds it as cls(*args), which loses an InputError's problems and
        # fails for the subclasses whose constructors take other arguments (PlatformError, TeaserError).
        return _restore, (type(self), self.args, self.__dict__)


def _restore(cls: type, args: tuple, state: dict) -> SyndicateError:
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


def _visible_lines(text: str) -> str:
    return "\n".join(_visible(line) for line in text.split("\n"))


class InputError(SyndicateError):
    """Bad input: carries every problem found, so one run shows them all."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class UsageError(SyndicateError):
    """A bad option value or argument, or a path that does not exist: the command line is wrong."""

    exit_code = EXIT_USAGE


class PostingError(SyndicateError):
    """Posting did not finish: something failed or was deferred; the next run continues."""

    exit_code = EXIT_POSTING


class SetupError(SyndicateError):
    """The project or machine is not set up: no site config, font, Pagefind or credentials."""

    exit_code = EXIT_SETUP


class WorkerLost(SetupError):
    """A worker process of this command was killed from outside (the out-of-memory killer, a crash, a
    `kill`): its work is lost, so the command stops instead of waiting for it for ever."""

    def __init__(self, exitcode: int):
        how = f"killed by signal {-exitcode}" if exitcode < 0 else f"exit code {exitcode}"
        hint = " (signal 9 is what the out-of-memory killer sends)" if exitcode == -9 else ""
        super().__init__(f"a worker process of this command stopped unexpectedly ({how}{hint}), so its work is lost; "
                         "nothing was published or changed. Run the command again; if it happens again, the machine may "
                         "be short of memory.")


class Interrupted(SyndicateError):
    """Ctrl-C outside a build (a build handles its own interrupts: syndicate.build)."""

    exit_code = EXIT_INTERRUPTED

    def __init__(self, message: str = "interrupted; nothing more was done."):
        super().__init__(message)
