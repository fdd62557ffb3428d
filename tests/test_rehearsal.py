"""The rehearsal: .github/workflows/publish.yml played on this machine against the loopback site,
the real Bluesky PDS and the platform fakes, with the clock moved by hand."""
from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import yaml

from syndicate.platforms import platform_names

from .conftest import ANNOUNCED_SAMPLE, ROOT, VALID_FRONT, write_article
from .stage import start_stage
from .workflow_runner import LocalActions, play

PLATFORMS = list(platform_names())
T0 = datetime.fromisoformat("2026-11-26T12:00:00+00:00")


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture
def practice_repo(tmp_path, pds):
    """The practice's repository: the sample project in git, with a bare 'origin' for the ledger pushes."""
    stage = start_stage(tmp_path, pds)
    project = stage.project
    (project / ".github").mkdir()
    for name in (".github/workflows", "scripts"):
        subprocess.run(["cp", "-r", str(ROOT / name), str(project / Path(name).parent)], check=True)
    (project / ".gitignore").write_text((ROOT / ".gitignore").read_text())
    (project / ".venv").symlink_to(Path(sys.executable).parent.parent)  # the setup step's result
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    git(project, "init", "-q", "-b", "main")
    git(project, "-c", "user.name=Clinician", "-c", "user.email=c@example.invalid", "add", "-A")
    git(project, "-c", "user.name=Clinician", "-c", "user.email=c@example.invalid", "commit", "-qm", "Sample practice")
    git(project, "remote", "add", "origin", str(origin))
    git(project, "push", "-q", "origin", "main")
    stage.origin = origin
    yield stage
    stage.stop()


def publish(stage, now: datetime):
    actions = LocalActions(stage.project, stage.site.folder)
    return play(ROOT / ".github" / "workflows" / "publish.yml", stage.project, actions,
                secrets=stage.env, env={"SYNDICATE_NOW": now.isoformat()})


def counts(stage) -> dict[str, int]:
    return {p: len(t) for p, t in stage.posted_texts().items()}


def origin_ledger(stage) -> dict:
    return yaml.safe_load(git(stage.origin, "show", "main:ledger.yml"))["articles"]


def merge(stage, name: str, front: str):
    write_article(stage.project, name, front)
    git(stage.project, "add", "-A")
    git(stage.project, "-c", "user.name=Clinician", "-c", "user.email=c@example.invalid", "commit", "-qm", f"Add {name}")


def test_publish_on_merge_scheduled_articles_and_a_platform_outage(practice_repo):
    stage = practice_repo

    # 1. Merge: the page goes live, each teaser is posted once, the ledger is committed.
    run = publish(stage, T0)
    assert run.jobs == {"build": "success", "deploy": "success", "syndicate": "success", "ledger": "success"}, run.steps
    assert (stage.site.folder / "articles" / "healthy-sleep" / "index.html").exists()
    assert counts(stage) == {p: len(ANNOUNCED_SAMPLE) for p in PLATFORMS}
    assert git(stage.origin, "log", "-1", "--format=%s", "main") == "Record syndicated posts [skip ci]"
    assert set(origin_ledger(stage)) == ANNOUNCED_SAMPLE

    # 2. A rerun posts nothing and commits nothing.
    head = git(stage.origin, "rev-parse", "main")
    rerun = publish(stage, T0 + timedelta(minutes=5))
    assert rerun.jobs["syndicate"] == "success"
    assert counts(stage) == {p: len(ANNOUNCED_SAMPLE) for p in PLATFORMS}
    assert git(stage.origin, "rev-parse", "main") == head
    assert "unchanged" in rerun.output_of("ledger", "Commit the ledger")

    # 3. An article dated tomorrow waits for its date, then goes out once.
    tomorrow = (T0 + timedelta(days=1)).strftime("%Y-%m-%d 08:00")
    merge(stage, "tomorrow.md", VALID_FRONT.replace("2026-07-01 08:00", tomorrow))
    early = publish(stage, T0 + timedelta(hours=1))
    assert early.jobs["syndicate"] == "success"
    assert not (stage.site.folder / "articles" / "tomorrow").exists()
    assert counts(stage) == {p: len(ANNOUNCED_SAMPLE) for p in PLATFORMS}
    for hour in (27, 28):  # the hourly schedule, twice after 08:00 Chicago time (14:00 UTC) tomorrow
        publish(stage, T0 + timedelta(hours=hour))
    assert (stage.site.folder / "articles" / "tomorrow" / "index.html").exists()
    assert counts(stage) == {p: len(ANNOUNCED_SAMPLE) + 1 for p in PLATFORMS}
    assert all(e["state"] == "posted" for e in origin_ledger(stage)["tomorrow"].values())

    # 4. Mastodon is down during a run: the others post, the next run retries only Mastodon.
    later = (T0 + timedelta(days=3)).strftime("%Y-%m-%d 08:00")
    merge(stage, "later.md", VALID_FRONT.replace("2026-07-01 08:00", later))
    stage.fakes["mastodon"].fail_next(503, count=10_000)
    down = publish(stage, T0 + timedelta(days=3, hours=2))
    assert down.jobs == {"build": "success", "deploy": "success", "syndicate": "failure", "ledger": "success"}
    assert "Mastodon" in down.output_of("syndicate", "Post the teasers")
    expected = {p: len(ANNOUNCED_SAMPLE) + 2 for p in PLATFORMS}
    assert counts(stage) == {**expected, "mastodon": len(ANNOUNCED_SAMPLE) + 1}
    assert origin_ledger(stage)["later"]["mastodon"]["state"] == "failed"  # committed even though the job failed

    stage.fakes["mastodon"].faults.clear()
    back = publish(stage, T0 + timedelta(days=3, hours=3))
    assert back.jobs["syndicate"] == "success"
    assert counts(stage) == expected
    assert origin_ledger(stage)["later"]["mastodon"]["state"] == "posted"
