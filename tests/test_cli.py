"""The command line: exit codes, help that teaches, errors without tracebacks."""
from __future__ import annotations

import json
import os

from click.testing import CliRunner

from syndicate.article import load_article
from syndicate.cli import main
from syndicate.practice import load_practice

from .conftest import run_cli, VALID_FRONT, write_article


run = run_cli  # tests/conftest.py


def test_help_lists_the_everyday_commands():
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    for command in ("new", "serve", "check", "build", "preview", "post"):
        assert f"syndicate {command}" in result.output


def test_new_scaffolds_a_valid_draft(project):
    result = run(project, "new", "Allergy season: what helps", "--author", "raman", "--category", "Allergies")
    assert result.exit_code == 0, result.output
    path = project / "content" / "articles" / "allergy-season-what-helps.md"
    article = load_article(path, load_practice(project / "site_config.yml"))
    assert article.draft and article.authors == ("raman",) and article.categories == ("Allergies",)
    assert article.reviewed_by is None and article.last_reviewed is None  # the reviewer fills these in
    assert "draft: false" in result.output
    again = run(project, "new", "Allergy season: what helps")
    assert again.exit_code == 1 and "already exists" in again.output


def test_new_with_unknown_author(project):
    result = run(project, "new", "Anything", "--author", "house")
    assert result.exit_code == 1 and "not in the roster" in result.output and "okafor" in result.output


def test_build_ok_then_bad_input_exits_1_without_traceback(project):
    ok = run(project, "build")
    assert ok.exit_code == 0 and "Built" in ok.output
    write_article(project, "oops.md", VALID_FRONT.replace("authors: [okafor]", "authors: [okafr]"))
    bad = run(project, "build")
    assert bad.exit_code == 1
    assert "oops.md:5: [authors]" in bad.output and "did you mean 'okafor'" in bad.output
    assert "Traceback" not in bad.output


def test_preview_json_is_the_default_without_credentials(project, monkeypatch):
    for var in [v for v in os.environ if v.startswith(("BLUESKY_", "MASTODON_", "LINKEDIN_"))]:
        monkeypatch.delenv(var)
    result = run(project, "preview", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert {(r["article"], r["platform"]) for r in rows} >= {("flu-shots-2026", "bluesky"), ("healthy-sleep", "linkedin")}
    assert all(r["length"] <= r["limit"] for r in rows)
    assert not any(r["article"] in ("winter-heart-health-draft", "new-year-screenings") for r in rows)
    posted = run(project, "post")
    assert posted.exit_code == 0 and "nothing is posted" in posted.output
    assert not (project / "ledger.yml").exists()
