"""Shared fixtures: a throw-away copy of the sample practice, and a pinned clock."""
from __future__ import annotations

import os
import shutil
import textwrap
from pathlib import Path

import pytest

from tests.peers.fixtures import pds  # noqa: F401  (one real Bluesky PDS per test session)

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_NOW = "2026-11-26T12:00:00+00:00"  # after every sample article but the draft and the scheduled one
# Spanish versions (SLUG.es.md): slug -> the original's slug, which is also their address under es/.
SPANISH_SAMPLE = {"flu-shots-2026-es": "flu-shots-2026", "hand-washing-cold-season-es": "hand-washing-cold-season"}
PUBLISHED_SAMPLE = {
    "flu-shots-2026", "sun-safety-summer", "new-clinician-priya-raman", "measles-outbreak-notice",
    "before-your-surgery", "after-your-surgery", "blood-pressure-at-home", "healthy-sleep",
    "hand-washing-cold-season", "diabetes-foot-care", *SPANISH_SAMPLE,
}
ENGLISH_SAMPLE = PUBLISHED_SAMPLE - set(SPANISH_SAMPLE)  # what the English listings and feeds hold
UNPUBLISHED_SAMPLE = {"winter-heart-health-draft", "new-year-screenings"}
# Published notices whose `expires:` is before SAMPLE_NOW: on the site, off the home page and the teaser queue.
ENDED_SAMPLE = {"measles-outbreak-notice"}
ANNOUNCED_SAMPLE = PUBLISHED_SAMPLE - ENDED_SAMPLE  # what `post` sends teasers for


def sample_address(slug: str) -> str:
    """The folder of a sample article in the built site: articles/SLUG/ or es/articles/ORIGINAL/."""
    return f"es/articles/{SPANISH_SAMPLE[slug]}/" if slug in SPANISH_SAMPLE else f"articles/{slug}/"


@pytest.fixture(autouse=True)
def pinned_clock(monkeypatch):
    monkeypatch.setenv("SYNDICATE_NOW", SAMPLE_NOW)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.delenv("SYNDICATE_PREVIEW", raising=False)


def copy_project(dest: Path) -> Path:
    for name in ("content", "theme_overrides"):
        shutil.copytree(ROOT / name, dest / name)
    shutil.copy(ROOT / "site_config.yml", dest / "site_config.yml")
    return dest


@pytest.fixture
def project(tmp_path) -> Path:
    """A private copy of the sample project: tests may break its content freely."""
    return copy_project(tmp_path / "project")


def run_cli(project: Path, *args: str, input: str | None = None):
    """`syndicate ARGS` inside the project folder, as a clinician would type it there."""
    from click.testing import CliRunner
    from syndicate.cli import main
    cwd = os.getcwd()
    os.chdir(project)
    try:
        return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)
    finally:
        os.chdir(cwd)


def write_article(project: Path, name: str, front: str, body: str = "Some general health education.\n") -> Path:
    path = project / "content" / "articles" / name
    path.write_text("---\n" + textwrap.dedent(front).strip() + "\n---\n\n" + body, encoding="utf-8")
    return path


VALID_FRONT = """
title: Drink water in the heat
date: 2026-07-01 08:00
summary: Water helps your body cool down on hot days.
authors: [okafor]
reviewed_by: lee
last_reviewed: 2026-06-20
categories: [Healthy living]
tags: [summer, hydration]
"""
