"""The exit codes README.md#exit-codes promises: one test per code, and the table and the tests agree.

Each test proves its code by the behaviour that produces it (a missing config, a held ledger lock,
a bug), in process with click's CliRunner, so the whole file runs in a few seconds.
"""
from __future__ import annotations

import re
import signal
from pathlib import Path

import filelock
import pytest

from syndicate.ledger import lock_path

from .conftest import VALID_FRONT, run_cli, write_article

ROOT = Path(__file__).resolve().parents[1]
TESTED: dict[int, str] = {}  # exit code -> the test proving it


def proves(code: int):
    def mark(test):
        TESTED[code] = test.__name__
        return test
    return mark


def readme_exit_codes() -> set[int]:
    """The codes in the README's table under '### Exit codes'."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("### Exit codes", 1)[1].split("\n#", 1)[0]
    return {int(code) for code in re.findall(r"^\|\s*(\d+)\s*\|", section, re.M)}


def test_the_readme_table_lists_exactly_the_codes_tested_here():
    assert readme_exit_codes() == set(TESTED), "README.md#exit-codes and tests/test_exit_codes.py disagree"


def no_traceback(result):
    assert "Traceback" not in result.output, result.output


@proves(0)
def test_0_all_well(project):
    result = run_cli(project, "calendar")
    assert result.exit_code == 0 and "week of" in result.output, result.output


@proves(1)
def test_1_a_problem_in_the_content(project):
    write_article(project, "oops.md", VALID_FRONT.replace("authors: [okafor]", "authors: [okafr]"))
    result = run_cli(project, "check")
    assert result.exit_code == 1 and "oops.md:5: [authors]" in result.output
    no_traceback(result)


@proves(2)
def test_2_wrong_usage_a_bad_option_value_or_a_missing_path(project):
    for args, said in ((["check", "content/no-such-article.md"], "no such file or folder: content/no-such-article.md"),
                       (["preview", "--now", "yesterday"], "Invalid value for '--now'"),
                       (["preview", "--now", "2026-13-45"], "month must be in 1..12"),
                       (["calendar", "--now", "2026-11-26\x00"], "control character")):
        result = run_cli(project, *args)
        assert result.exit_code == 2 and said in result.output, (args, result.output)
        assert "No problems found" not in result.output
        no_traceback(result)


@proves(3)
def test_3_posting_did_not_finish_here_another_run_holds_the_ledger(project):
    lock = filelock.FileLock(str(lock_path(project / "ledger.yml")))
    with lock:
        result = run_cli(project, "post", "--lock-wait", "0")
    assert result.exit_code == 3 and "another `syndicate post`" in result.output, result.output


@proves(4)
def test_4_setup_no_site_config(project):
    (project / "site_config.yml").unlink()
    for command in ("check", "build", "preview", "post", "serve", "calendar", "new"):
        args = [command, "Title"] if command == "new" else [command]
        result = run_cli(project, *args)
        assert result.exit_code == 4, (command, result.output)
        assert "site_config.yml: the site config file does not exist" in result.output
        no_traceback(result)


@proves(70)
def test_70_a_bug_asks_for_a_report_and_shows_the_traceback_only_with_debug(project, monkeypatch):
    import syndicate.calendar

    def broken(*args, **kwargs):
        raise ZeroDivisionError("details that may quote an article")
    monkeypatch.setattr(syndicate.calendar, "weeks", broken)
    result = run_cli(project, "calendar")
    assert result.exit_code == 70
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "a bug in syndicate (ZeroDivisionError" in lines[0]
    assert "report it as an issue" in lines[0] and "--debug" in lines[0]
    assert "details that may quote an article" not in result.output  # the message only with --debug
    no_traceback(result)
    debug = run_cli(project, "--debug", "calendar")
    assert debug.exit_code == 70 and "Traceback" in debug.output and "details that may quote" in debug.output
    monkeypatch.setenv("SYNDICATE_DEBUG", "0")
    assert "Traceback" not in run_cli(project, "calendar").output
    monkeypatch.setenv("SYNDICATE_DEBUG", "1")  # for a CI job whose command line is fixed
    assert "Traceback" in run_cli(project, "calendar").output


@proves(130)
def test_130_ctrl_c(project, monkeypatch):
    import syndicate.calendar

    def pressed(*args, **kwargs):
        raise KeyboardInterrupt
    monkeypatch.setattr(syndicate.calendar, "weeks", pressed)
    result = run_cli(project, "calendar")
    assert result.exit_code == 130 and "interrupted" in result.output and "Aborted!" not in result.output
    no_traceback(result)


@proves(143)
def test_143_a_build_stopped_by_sigterm(project, monkeypatch):
    """The build's own handler (tests/test_build_interrupt.py sends real signals to a real build);
    here, that the CLI turns the build's SIGTERM into 143 and Ctrl-C into 130."""
    import syndicate.build as build

    for signum, code in ((signal.SIGTERM, 143), (signal.SIGINT, 130)):
        def stopped(*args, signum=signum, **kwargs):
            raise build.Interrupted(signum)
        monkeypatch.setattr(build, "build_site", stopped)
        monkeypatch.setattr(build.os, "_exit", lambda status: (_ for _ in ()).throw(SystemExit(status)))
        result = run_cli(project, "build")
        assert result.exit_code == code, (signum, result.output)


def test_4_setup_a_missing_font_or_pagefind_stops_the_build_before_it_starts(project, monkeypatch):
    config = project / "site_config.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  - syndicate:\n", "  - syndicate:\n      share_card_font: /no/such/font.ttf\n", 1),
                      encoding="utf-8")
    assert "share_card_font: /no/such/font.ttf" in config.read_text(encoding="utf-8")
    result = run_cli(project, "build")
    assert result.exit_code == 4 and "the share-card font /no/such/font.ttf is missing" in result.output, result.output
    assert not (project / "site").exists()
    config.write_text(text, encoding="utf-8")
    import syndicate.site.search as search

    def not_installed():
        raise search.SetupError("the search index was not built: Pagefind is not installed")
    monkeypatch.setattr(search, "_executable", not_installed)
    result = run_cli(project, "build")
    assert result.exit_code == 4 and "Pagefind is not installed" in result.output, result.output


def test_every_error_of_the_project_is_under_the_one_root_with_its_code():
    import importlib
    import pkgutil

    import syndicate
    from syndicate.errors import SyndicateError
    for module in pkgutil.walk_packages(syndicate.__path__, "syndicate."):
        importlib.import_module(module.name)

    def ours(cls):
        for sub in cls.__subclasses__():
            if sub.__module__.startswith("syndicate."):
                yield sub
            yield from ours(sub)
    strays = {f"{c.__module__}.{c.__qualname__}" for c in ours(Exception) if not issubclass(c, SyndicateError)}
    assert strays == set(), "errors outside syndicate.errors.SyndicateError"
    from syndicate.ledger import LedgerBusy
    from syndicate.platforms.base import PlatformError
    from syndicate.sitedir import SiteDirError
    from syndicate.teasers import TeaserError
    from syndicate.errors import InputError, SetupError, UsageError
    assert {c.__name__: c.exit_code for c in (InputError, TeaserError, SiteDirError, UsageError, PlatformError,
                                              LedgerBusy, SetupError)} == {
        "InputError": 1, "TeaserError": 1, "SiteDirError": 2, "UsageError": 2, "PlatformError": 3, "LedgerBusy": 3,
        "SetupError": 4}


def test_an_error_from_a_forked_worker_arrives_whole():
    """The check and the build run in forked workers; their errors are pickled back to the parent."""
    import pickle

    from syndicate.errors import InputError, Problem
    from syndicate.platforms.base import PlatformError
    problem = Problem("content/articles/a.md", 3, "title", "is empty", "write a title")
    back = pickle.loads(pickle.dumps(InputError([problem])))
    assert back.problems == [problem] and str(back) == str(InputError([problem])) and back.exit_code == 1
    refused = pickle.loads(pickle.dumps(PlatformError("x", "refused", status=403, env_var="X_API_KEY")))
    assert (refused.platform, refused.status, refused.env_var, refused.exit_code) == ("x", 403, "X_API_KEY", 3)
    assert str(refused) == "x: refused (check the environment variable X_API_KEY)"
