"""Every option and argument of every command, given a malformed value: never a traceback, never a
bug (exit 70), always an exit code README.md#exit-codes documents for input.

The options come from the click command tree, so a new option is covered without editing this
file. In process (CliRunner) and with the slow parts stubbed (the generator's own build, the
preview server), since what is tested here is how each value is refused, not what a valid one does.
"""
from __future__ import annotations

import os
from pathlib import Path

import click
import pytest

from syndicate.cli import main
from syndicate.errors import EXIT_CODES

from .conftest import copy_project, run_cli

MALFORMED = {
    "empty": "",
    "NUL": "a\x00b",
    "huge": "9" * 100_000,
    "long name": "x" * 300,  # longer than a file name may be (255 bytes)
    "wrong type": "not-a-number",
    "negative": "-1",
    "outside the project": "/etc/passwd",
    "upwards": "../../outside.md",
    "nonexistent path": "no/such/file.md",
    "escape sequence": "\x1b[31mred",
    "nan": "nan",
    "inf": "inf",
    "-inf": "-inf",
}
NOT_FINITE = ("nan", "NaN", "inf", "-inf", "1e309")
# Valid values for the other arguments of a command, so that the one under test is reached.
ARGUMENTS = {"title": "Malformed values", "slug": "flu-shots-2026", "platform": "bluesky", "paths": None}
# Flags that make a command reach its options: `ledger mark` needs one of --posted / --not-posted.
NEEDS = {("ledger", "mark"): ["--not-posted"]}


def commands(group: click.Group, path: tuple[str, ...] = ()):
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from commands(command, (*path, name))
        else:
            yield (*path, name), command


def cases():
    for path, command in commands(main):
        for param in command.params:
            if getattr(param, "is_flag", False) or param.name in ("help", "version"):
                continue
            for label, value in MALFORMED.items():
                yield pytest.param(path, command, param, value, id=f"{' '.join(path)}-{param.name}-{label}")


def argv(path, command, param, value) -> list[str]:
    args = [*path]
    for other in command.params:
        if isinstance(other, click.Argument):
            given = value if other is param else ARGUMENTS[other.name]
            if given is not None:
                args.append(given)
    if isinstance(param, click.Option):
        args += [param.opts[0], value]
        if param.opts[0] != "--posted":
            args += NEEDS.get(path, [])
    else:
        args += NEEDS.get(path, [])
    return args


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return copy_project(tmp_path_factory.mktemp("malformed") / "project")


@pytest.fixture(autouse=True)
def fast_and_offline(monkeypatch):
    import syndicate.build
    import syndicate.site.preview_server
    monkeypatch.setattr(syndicate.build, "mkdocs_build", lambda config: None)  # the refusals come before it
    monkeypatch.setattr(syndicate.site.preview_server, "serve", lambda *args, **kwargs: None)  # never listen
    for var in list(os.environ):  # without credentials `post` previews and `doctor` asks nothing
        if var.split("_")[0] in {"BLUESKY", "MASTODON", "LINKEDIN", "X", "FACEBOOK", "THREADS", "GOOGLE"}:
            monkeypatch.delenv(var)


def test_every_option_is_covered():
    covered = {(path, p.name) for path, c in commands(main) for p in c.params}
    assert {(("post",), "now"), (("check",), "paths"), (("ledger", "mark"), "url"), (("build",), "site_dir")} <= covered


@pytest.mark.parametrize("path,command,param,value", list(cases()))
def test_a_malformed_value_is_refused_without_a_traceback(project, path, command, param, value):
    args = argv(path, command, param, value)
    result = run_cli(project, *args)
    shown = repr(args)[:200]
    assert "Traceback" not in result.output, (shown, result.output[-2000:])
    assert "a bug in syndicate" not in result.output, (shown, result.output[-2000:])
    assert result.exit_code in EXIT_CODES, (shown, result.exit_code, result.output[-2000:])
    assert "\x1b[31mred" not in result.output, "a value quoted in a message must not drive the terminal"


def float_options():
    for path, command in commands(main):
        for param in command.params:
            if isinstance(param.type, (click.types.FloatParamType, click.FloatRange)):
                for value in NOT_FINITE:
                    yield pytest.param(path, command, param, value, id=f"{' '.join(path)}-{param.name}-{value}")


def test_there_are_float_options_to_test():
    assert {(p, c.name) for p, c, *_ in (x.values for x in float_options())} >= {(("post",), "post")}


@pytest.mark.parametrize("path,command,param,value", list(float_options()))
def test_a_number_that_is_not_finite_is_a_usage_error(project, path, command, param, value):
    """NaN compares false with every bound, so click.FloatRange alone lets it through."""
    result = run_cli(project, *argv(path, command, param, value))
    assert result.exit_code == 2, (path, param.name, value, result.exit_code, result.output[-1000:])
    assert param.opts[0] in result.output
