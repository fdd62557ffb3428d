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


# --- the holes issue 14 measured: each now a located error, never a traceback -------------------

def test_a_nul_byte_in_a_title_is_located(project):
    write_article(project, "nul.md", VALID_FRONT.replace("title: Drink water", "title: Drink\x00 water"))
    for command in ("check", "build", "preview"):
        result = run(project, command)
        assert result.exit_code == 1, (command, result.output)
        assert "nul.md:2" in result.output and "control character" in result.output
        assert "Traceback" not in result.output
    typed = run(project, "new", "Drink\x00 water")
    assert typed.exit_code == 2 and "control character \\x00" in typed.output
    assert not list((project / "content" / "articles").glob("drink*water*"))


def test_a_ledger_that_is_a_folder_or_not_utf8_is_named_not_a_traceback(project):
    ledger = project / "ledger.yml"
    ledger.mkdir()
    for args in (["preview"], ["post"], ["retract", "flu-shots-2026"], ["ledger", "mark", "flu-shots-2026", "x", "--not-posted"]):
        result = run(project, *args)
        assert result.exit_code == 4 and "the ledger is a folder, not a file" in result.output, (args, result.output)
        assert "Traceback" not in result.output
    ledger.rmdir()
    ledger.write_bytes(b"articles:\n  flu-shots-2026:\n    x: {state: posted, key: caf\xe9}\n")
    for args in (["preview"], ["ledger", "mark", "flu-shots-2026", "x", "--not-posted"]):
        result = run(project, *args)
        assert result.exit_code == 1 and "ledger.yml:3: the ledger is not UTF-8 text (byte 0xe9)" in result.output, (
            args, result.output)
        assert "Traceback" not in result.output
    assert ledger.read_bytes().endswith(b"caf\xe9}\n")  # left as it was, for the operator to restore


def test_a_retracted_post_in_the_history_is_written_as_plain_text(tmp_path):
    from syndicate.ledger import POSTED, RETRACTED, Entry, Ledger
    path = tmp_path / "ledger.yml"
    book = Ledger(path)
    book.set("a", "x", Entry(state=POSTED, key="k", post_id="2", history=[{"state": RETRACTED, "post_id": "1"}]))
    assert "state: retracted" in path.read_text() and "!!python" not in path.read_text()
    assert Ledger.load(path).get("a", "x").history == [{"state": "retracted", "post_id": "1"}]


def test_new_never_writes_an_article_check_would_refuse(project):
    articles = project / "content" / "articles"
    before = sorted(articles.iterdir())
    # A title typed in a terminal that is not UTF-8 reaches Python as lone surrogates.
    for args in (["new", "Gripe \udcff\udcfe"], ["new", "Gripe", "--category", "x\udcff"]):
        result = run(project, *args)
        assert result.exit_code == 1 and "not UTF-8" in result.output and "nothing was written" in result.output
    old = run(project, "new", "Old", "--date", "0001-01-01")
    assert old.exit_code == 1 and "[date]" in old.output and "nothing was written" in old.output
    assert sorted(articles.iterdir()) == before
    assert run(project, "check").exit_code == 0


def test_ctrl_c_while_the_cli_is_still_being_imported_exits_130_without_a_traceback():
    # The console script imports the CLI inside syndicate/entry.py; a Ctrl-C during that import (about a
    # tenth of a second of click, dateutil and the rest) used to print Python's traceback.
    import subprocess
    import sys
    from importlib.metadata import entry_points
    [script] = entry_points(group="console_scripts", name="syndicate")
    assert script.value == "syndicate.entry:main"
    interrupted_import = (
        "import sys\n"
        "class CtrlC:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'click':\n"
        "            raise KeyboardInterrupt\n"
        "sys.meta_path.insert(0, CtrlC())\n"
        "from syndicate.entry import main\n"
        "main()\n")
    result = subprocess.run([sys.executable, "-c", interrupted_import, "check"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 130, result.stderr
    assert "Traceback" not in result.stderr and "interrupted" in result.stderr
