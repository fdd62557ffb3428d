"""`syndicate serve`: the live preview a clinician keeps open while writing."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

SYNDICATE = str(Path(sys.executable).with_name("syndicate"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(url: str, text: str, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        page = fetch(url)
        if text in page:
            return page
        time.sleep(0.1)
    raise AssertionError(f"{url} never showed {text!r}")


@pytest.fixture
def preview(project):
    port = free_port()
    server = subprocess.Popen([SYNDICATE, "serve", "--preview", "--dev-addr", f"127.0.0.1:{port}"], cwd=project,
                              env={**os.environ}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield f"http://127.0.0.1:{port}", project
    finally:
        server.terminate()
        server.wait(10)


def test_preview_shows_drafts_and_reloads_an_edit(preview):
    base, project = preview
    draft = wait_for(f"{base}/articles/winter-heart-health-draft/", "Shoveling snow and your heart")
    assert "Preview only" in draft and '<meta name="robots" content="noindex">' in draft
    scheduled = fetch(f"{base}/articles/new-year-screenings/")
    assert "Preview only" in scheduled
    assert "Preview only" not in fetch(f"{base}/articles/healthy-sleep/")
    # MkDocs' dev server injects an inline live-reload script after the build: only here may it run.
    assert "script-src 'self' 'unsafe-inline'" in draft and "livereload" in draft
    # The preview has the search index too, without the drafts it shows.
    assert '"languages"' in fetch(f"{base}/pagefind/pagefind-entry.json")
    assert "data-pagefind-body" not in draft and "data-pagefind-body" in fetch(f"{base}/articles/healthy-sleep/")

    article = project / "content" / "articles" / "healthy-sleep.md"
    time.sleep(1.0)  # let the file watcher settle after the first build
    article.write_text(article.read_text() + "\nA freshly written closing line.\n")
    wait_for(f"{base}/articles/healthy-sleep/", "A freshly written closing line.", timeout=60)
    listing = fetch(f"{base}/articles/")
    assert "winter-heart-health-draft/" in listing  # listings preview drafts too


def test_build_never_shows_drafts_even_after_a_preview(project):
    from syndicate.build import build_site
    os.environ["SYNDICATE_PREVIEW"] = "1"  # as `serve --preview` leaves it in its process
    try:
        site = build_site(project / "site_config.yml").site_dir
    finally:
        os.environ.pop("SYNDICATE_PREVIEW", None)
    assert not (site / "articles" / "winter-heart-health-draft").exists()
