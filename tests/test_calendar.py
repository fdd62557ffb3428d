"""`syndicate calendar`: weeks, scheduled articles, and gaps longer than the cadence."""
from __future__ import annotations

import os
from datetime import datetime

from click.testing import CliRunner

from syndicate.article import load_articles
from syndicate.calendar import gaps, weeks
from syndicate.cli import main
from syndicate.practice import load_practice


def test_weeks_and_gaps_of_the_sample(project):
    practice = load_practice(project / "site_config.yml")
    articles = load_articles(practice)
    now = datetime.fromisoformat("2026-11-26T12:00:00+00:00")
    tz = practice.timezone
    by_week = {w.monday.isoformat(): w for w in weeks(articles, now, tz)}
    assert [a.slug for a in by_week["2026-09-14"].published] == ["flu-shots-2026"]
    assert [a.slug for a in by_week["2027-01-04"].scheduled] == ["new-year-screenings"]
    assert all(a.slug != "winter-heart-health-draft" for w in by_week.values() for a in w.published + w.scheduled)
    found = {(g.start.isoformat(), g.end.isoformat(), g.days, g.open) for g in gaps(articles, now, tz, 14)}
    assert ("2026-07-15", "2026-09-15", 63, False) in found
    assert ("2026-09-16", "2027-01-05", 112, False) in found  # closed by the scheduled article
    assert all(g[2] > 14 for g in found)


def test_an_open_gap_is_reported_until_something_is_scheduled(project):
    practice = load_practice(project / "site_config.yml")
    articles = [a for a in load_articles(practice) if a.slug != "new-year-screenings"]
    now = datetime.fromisoformat("2026-11-26T12:00:00+00:00")
    last = gaps(articles, now, practice.timezone, 14)[-1]
    assert last.open and last.start.isoformat() == "2026-09-16" and last.end.isoformat() == "2026-11-26"


def test_calendar_command(project):
    cwd = os.getcwd()
    os.chdir(project)
    try:
        result = CliRunner().invoke(main, ["calendar", "--weeks", "20"])
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0
    assert "scheduled Tue Jan 05 08:00: Start the year with the screenings you are due for" in result.output
    assert "gap: 63 days without a new article (2026-07-15 to 2026-09-15)" in result.output
