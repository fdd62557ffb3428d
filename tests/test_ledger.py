"""The ledger: atomic, stable, human-readable, and never loses an entry."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from syndicate.errors import InputError, SetupError
from syndicate.ledger import INTENT, POSTED, Entry, Ledger, LedgerBusy, lock_path, locked

ROOT = Path(__file__).resolve().parent.parent


def test_round_trip_and_stable_order(tmp_path):
    path = tmp_path / "ledger.yml"
    ledger = Ledger(path)
    ledger.set("b-article", "mastodon", Entry(POSTED, "b:mastodon", "h2", "2026-01-02T00:00:00+00:00", post_id="2", url="https://m/2"))
    ledger.set("a-article", "x", Entry(INTENT, "a:x", "h1", "2026-01-01T00:00:00+00:00"))
    ledger.set("a-article", "bluesky", Entry(POSTED, "a:bluesky", "h0", "2026-01-01T00:00:00+00:00", post_id="at://1", url="https://b/1"))
    text = path.read_text()
    assert text.startswith("# Syndication ledger")
    data = yaml.safe_load(text)["articles"]
    assert list(data) == ["a-article", "b-article"] and list(data["a-article"]) == ["bluesky", "x"]
    assert "error" not in data["a-article"]["x"]  # empty fields are left out, so diffs stay small
    again = Ledger.load(path)
    assert again.get("a-article", "bluesky").url == "https://b/1"
    assert again.posts_of("a-article") == {"bluesky": again.get("a-article", "bluesky")}
    again.save()
    assert path.read_text() == text  # saving unchanged data changes nothing


def test_failed_write_keeps_the_previous_file(tmp_path, monkeypatch):
    path = tmp_path / "ledger.yml"
    ledger = Ledger(path)
    ledger.set("a", "x", Entry(POSTED, "a:x", "h", "t", post_id="1", url="u"))
    before = path.read_text()

    def boom(*args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        ledger.set("b", "x", Entry(INTENT, "b:x", "h", "t"))
    assert path.read_text() == before
    assert [p.name for p in tmp_path.iterdir()] == ["ledger.yml"]  # no temp file left behind


def test_corrupt_ledger_gives_a_clear_error(tmp_path):
    path = tmp_path / "ledger.yml"
    path.write_text("articles: [unclosed\n")
    with pytest.raises(InputError) as info:
        Ledger.load(path)
    assert "ledger cannot be read" in str(info.value) and "git checkout" in str(info.value)


# --- two runs, one ledger ----------------------------------------------------------------

def test_a_write_merges_into_what_is_on_disk_instead_of_replacing_it(tmp_path):
    """Two runs that loaded the same ledger each keep their entries (today's 10 sent, 5 recorded)."""
    path = tmp_path / "ledger.yml"
    Ledger(path).set("seed", "x", Entry(POSTED, "seed:x", "h", "t", post_id="0", url="u0"))
    first, second = Ledger.load(path), Ledger.load(path)
    for n in range(5):
        first.set(f"a{n}", "x", Entry(POSTED, f"a{n}:x", "h", "t", post_id=f"a{n}", url=f"ua{n}"))
        second.set(f"b{n}", "x", Entry(POSTED, f"b{n}:x", "h", "t", post_id=f"b{n}", url=f"ub{n}"))
    on_disk = Ledger.load(path)
    assert set(on_disk.entries) == {"seed", *(f"a{n}" for n in range(5)), *(f"b{n}" for n in range(5))}


def test_a_merge_never_drops_a_post_id_found_on_disk(tmp_path):
    path = tmp_path / "ledger.yml"
    Ledger(path).set("a", "x", Entry(INTENT, "a:x", "h", "t"))
    stale = Ledger.load(path)
    Ledger.load(path).set("a", "x", Entry(POSTED, "a:x", "h", "t", post_id="first", url="u1"))  # another writer
    stale.set("a", "x", Entry(POSTED, "a:x", "h", "t", post_id="second", url="u2"))
    entry = Ledger.load(path).get("a", "x")
    assert entry.post_id == "second" and [h["post_id"] for h in entry.history] == ["first"]
    assert entry.post_ids() == {"first", "second"}


def test_the_lock_makes_a_second_run_wait_then_give_up_with_a_clear_message(tmp_path):
    path = tmp_path / "ledger.yml"
    child = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; from pathlib import Path; from syndicate.ledger import locked\n"
        f"with locked(Path({str(path)!r})):\n    print('held', flush=True); time.sleep(30)\n")],
        stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        assert child.stdout.readline().strip() == "held"
        with pytest.raises(LedgerBusy) as busy:
            with locked(path, wait=0.5):
                pass
        assert "another `syndicate post`" in str(busy.value) and "run again" in str(busy.value)
    finally:
        child.kill()
        child.wait()
    with locked(path, wait=5):  # the kernel released the dead holder's lock
        pass
    assert lock_path(path).name == ".ledger.yml.lock"


# --- malformed entries are located errors, never "not posted" ----------------------------

BAD = """\
# Syndication ledger
articles:
  flu-shots:
    mastodon:
      state: Posted
      key: flu-shots:mastodon
      post_id: '1'
    x:
      state: posted
      key: flu-shots:x
      post_id: [1, 2]
  sleep:
    bluesky:
      state: 123
      key: sleep:bluesky
      hstory: []
"""


def test_an_unknown_state_or_a_wrong_type_is_an_error_with_file_line_and_fix(tmp_path):
    path = tmp_path / "ledger.yml"
    path.write_text(BAD)
    with pytest.raises(InputError) as info:
        Ledger.load(path)
    problems = {(p.line, p.field): p for p in info.value.problems}
    assert (5, "flu-shots.mastodon.state") in problems and "unknown state 'Posted'" in problems[(5, "flu-shots.mastodon.state")].message
    assert (11, "flu-shots.x.post_id") in problems and "must be text" in problems[(11, "flu-shots.x.post_id")].message
    assert (14, "sleep.bluesky.state") in problems
    assert (16, "sleep.bluesky.hstory") in problems  # a typo is not silently dropped
    assert all("syndicate ledger mark" in p.fix and str(path) == str(p.path) for p in info.value.problems)
    assert f"{path}:5:" in str(info.value)


def test_history_is_checked_too_and_hand_typed_timestamps_are_read(tmp_path):
    path = tmp_path / "ledger.yml"
    path.write_text("articles:\n  a:\n    x:\n      state: posted\n      key: a:x:1\n      posted_at: 2026-01-02T03:04:05+00:00\n"
                    "      history:\n      - state: posted\n        post_id: '1'\n      - state: gone\n")
    with pytest.raises(InputError) as info:
        Ledger.load(path)
    assert [(p.line, p.field) for p in info.value.problems] == [(10, "a.x.history.1.state")]
    path.write_text(path.read_text().replace("gone", "retracted"))
    assert Ledger.load(path).get("a", "x").posted_at == "2026-01-02T03:04:05+00:00"


def test_entry_posts_lists_every_post_ever_made(tmp_path):
    entry = Entry(POSTED, "a:x:2", post_id="3", url="u3",
                  history=[{"state": "retracted", "post_id": "1"}, {"state": "posted", "post_id": "2"}, {"state": "failed"}])
    assert [p["post_id"] for p in entry.posts()] == ["3", "2", "1"]


def test_deferred_platforms_round_trip_and_merge(tmp_path):
    path = tmp_path / "ledger.yml"
    ledger = Ledger(path)
    ledger.defer("mastodon", "2026-11-27T10:00:00+00:00", "rate limited")
    other = Ledger.load(path)
    other.set("a", "x", Entry(POSTED, "a:x", post_id="1", url="u"))
    ledger.defer("x", "2026-11-27T11:00:00+00:00", "rate limited")
    again = Ledger.load(path)
    assert set(again.deferred) == {"mastodon", "x"} and again.get("a", "x").post_id == "1"
    again.defer("mastodon", None)
    assert set(Ledger.load(path).deferred) == {"x"}


# --- the ledger stays inside the project (attack finding 09) ---------------------------------

OUTSIDE_ENTRY = 'articles:\n  outside-only:\n    mastodon: {state: posted, key: k, url: "https://outside.example/x"}\n'


def test_a_ledger_that_is_a_link_out_of_the_project_is_refused_and_never_read(tmp_path):
    from .conftest import copy_project, run_cli
    project = copy_project(tmp_path / "project")
    outside = tmp_path / "victim.yml"
    outside.write_text(OUTSIDE_ENTRY)
    (project / "ledger.yml").symlink_to(outside)
    for args in (["check"], ["ledger", "mark", "healthy-sleep", "bluesky", "--not-posted", "--by", "t"]):
        result = run_cli(project, *args)
        assert result.exit_code == 1, result.output
        assert "plugins.syndicate.ledger" in result.output and "'ledger.yml' is a symbolic link" in result.output
        assert "git rm ledger.yml" in result.output
    assert (project / "ledger.yml").is_symlink() and outside.read_text() == OUTSIDE_ENTRY


def test_a_ledger_named_outside_the_project_is_refused_and_never_written(tmp_path):
    from .conftest import copy_project, run_cli
    project = copy_project(tmp_path / "project")
    outside = tmp_path / "victim.yml"
    outside.write_text("articles: {}\n")
    config = project / "site_config.yml"
    for name in (str(outside), "../victim.yml"):
        config.write_text(config.read_text().replace("ledger: ledger.yml", f"ledger: {name}")
                          .replace(f"ledger: {outside}", f"ledger: {name}"))
        for args in (["check"], ["ledger", "mark", "healthy-sleep", "bluesky", "--not-posted", "--by", "t"]):
            result = run_cli(project, *args)
            assert result.exit_code == 1, result.output
            assert "plugins.syndicate.ledger" in result.output and "outside the project" in result.output
    assert outside.read_text() == "articles: {}\n"
    assert not (tmp_path / ".victim.yml.lock").exists()


def test_the_ledger_module_refuses_links_for_its_file_and_its_lock(tmp_path):
    outside = tmp_path / "outside.yml"
    outside.write_text(OUTSIDE_ENTRY)
    (tmp_path / "p").mkdir()
    linked = tmp_path / "p" / "ledger.yml"
    linked.symlink_to(outside)
    with pytest.raises(SetupError, match="symbolic link"):
        Ledger.load(linked)
    with pytest.raises(SetupError, match="symbolic link"):
        with locked(linked, 0.1):
            pass
    plain = tmp_path / "p" / "plain.yml"
    lock_path(plain).symlink_to(tmp_path / "elsewhere.lock")
    with pytest.raises(SetupError, match="symbolic link"):
        with locked(plain, 0.1):
            pass
    assert not (tmp_path / "elsewhere.lock").exists()
