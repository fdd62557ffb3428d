"""The ledger: atomic, stable, human-readable, and never loses an entry."""
from __future__ import annotations

import os

import pytest
import yaml

from syndicate.errors import InputError
from syndicate.ledger import INTENT, POSTED, Entry, Ledger


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
