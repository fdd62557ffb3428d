"""`syndicate post` end to end: the sample project, its site on loopback, the real Bluesky PDS and
the contract fakes. Every due teaser goes out exactly once, whatever happens in between."""
from __future__ import annotations

import signal

import pytest

from .conftest import ANNOUNCED_SAMPLE, SAMPLE_NOW

from .stage import TOKENS, as_sent, deploy, preview_json, start_stage

ALL = ["bluesky", "mastodon", "x", "linkedin", "facebook", "threads", "google_business"]


@pytest.fixture
def stage(tmp_path, pds):  # noqa: F811
    s = start_stage(tmp_path, pds)
    yield s
    s.stop()


def test_posts_every_due_teaser_exactly_once_and_preview_matches(stage):
    deploy(stage, SAMPLE_NOW)
    planned = preview_json(stage, SAMPLE_NOW)
    assert {(r["article"], r["platform"]) for r in planned} == {(a, p) for a in ANNOUNCED_SAMPLE for p in ALL}
    result = stage.run("post", now=SAMPLE_NOW)
    assert result.returncode == 0, result.stdout + result.stderr

    posted = stage.posted_texts()
    for platform in ALL:
        expected = sorted(as_sent(platform, r["text"]) for r in planned if r["platform"] == platform)
        assert sorted(posted[platform]) == expected, platform  # byte for byte what preview showed

    ledger = stage.ledger
    assert set(ledger) == ANNOUNCED_SAMPLE
    for slug, platforms in ledger.items():
        assert set(platforms) == set(ALL)
        assert all(e["state"] == "posted" and e["url"] and e["post_id"] for e in platforms.values())

    secrets = [*TOKENS.values(), stage.env["BLUESKY_APP_PASSWORD"]]
    ledger_text = (stage.project / "ledger.yml").read_text()
    for secret in secrets:
        assert secret not in result.stdout + result.stderr and secret not in ledger_text

    rerun = stage.run("post", now=SAMPLE_NOW)
    assert rerun.returncode == 0 and "0 teaser(s) due" in rerun.stderr
    assert {p: len(t) for p, t in stage.posted_texts().items()} == {p: len(ANNOUNCED_SAMPLE) for p in ALL}


def test_the_page_shows_also_on_links_after_posting(stage):
    deploy(stage, SAMPLE_NOW)
    assert stage.run("post", "--article", "healthy-sleep", now=SAMPLE_NOW).returncode == 0
    deploy(stage, SAMPLE_NOW)
    page = (stage.site.folder / "articles" / "healthy-sleep" / "index.html").read_text()
    entry = stage.ledger["healthy-sleep"]["mastodon"]
    assert f'class="u-syndication" rel="syndication" href="{entry["url"]}">Mastodon</a>' in page
    assert "Also on:" in page and ">Bluesky</a>" in page


def test_nothing_is_posted_before_the_page_is_live(stage):
    result = stage.run("post", "--live-timeout", "0", now=SAMPLE_NOW)  # built nowhere, served nothing
    assert result.returncode == 3 and "not-live" in result.stdout
    assert not any(stage.posted_texts().values())
    assert stage.ledger == {}


@pytest.mark.parametrize("platform", ["x", "linkedin", "bluesky", "mastodon"])
def test_killed_between_the_platforms_answer_and_the_ledger_write(stage, platform):
    """The peer creates the post, then the process is killed before it can record it."""
    deploy(stage, SAMPLE_NOW)
    run = stage.start_run("post", "--article", "healthy-sleep", now=SAMPLE_NOW)
    killed = []

    def kill_after(response_of_create):
        if not killed:
            killed.append(run.pid)
            run.send_signal(signal.SIGKILL)
            run.wait(10)
        return response_of_create

    stage.fakes[platform].after_create = kill_after
    run.wait(60)
    stage.fakes[platform].after_create = None
    assert killed and run.returncode == -signal.SIGKILL
    entry = stage.ledger.get("healthy-sleep", {}).get(platform)
    assert entry is None or entry["state"] == "intent"  # the answer never reached the ledger

    again = stage.run("post", "--article", "healthy-sleep", now=SAMPLE_NOW)
    assert again.returncode == 0, again.stdout + again.stderr
    assert len(stage.posted_texts()[platform]) == 1
    final = stage.ledger["healthy-sleep"]
    assert set(final) == set(ALL) and all(e["state"] == "posted" for e in final.values())


def test_one_platform_down_does_not_stop_the_others_and_is_retried_next_run(stage):
    deploy(stage, SAMPLE_NOW)
    stage.fakes["mastodon"].fail_next(503, count=1000)
    first = stage.run("post", "--article", "healthy-sleep", "--article", "flu-shots-2026", now=SAMPLE_NOW)
    assert first.returncode == 3, first.stdout + first.stderr
    assert "failed" in first.stdout and "Mastodon" in first.stdout
    ledger = stage.ledger
    assert ledger["healthy-sleep"]["mastodon"]["state"] == "failed"
    assert all(ledger["healthy-sleep"][p]["state"] == "posted" for p in ALL if p != "mastodon")
    before = {p: len(t) for p, t in stage.posted_texts().items()}

    stage.fakes["mastodon"].faults.clear()
    second = stage.run("post", "--article", "healthy-sleep", "--article", "flu-shots-2026", now=SAMPLE_NOW)
    assert second.returncode == 0, second.stdout + second.stderr
    after = {p: len(t) for p, t in stage.posted_texts().items()}
    assert after == {**before, "mastodon": 2}  # only the failed platform was tried again
    assert stage.ledger["healthy-sleep"]["mastodon"]["state"] == "posted"


def test_rate_limited_with_retry_after_is_retried_within_the_run(stage):
    deploy(stage, SAMPLE_NOW)
    stage.fakes["x"].fail_next(429, count=1, retry_after="1", path_prefix="/2/tweets")
    result = stage.run("post", "--article", "healthy-sleep", now=SAMPLE_NOW)
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(stage.posted_texts()["x"]) == 1


def test_bad_token_names_the_variable_and_never_prints_it(stage):
    deploy(stage, SAMPLE_NOW)
    stage.env["LINKEDIN_ACCESS_TOKEN"] = "li-WRONG-token-secret-987654321"
    result = stage.run("post", "--article", "healthy-sleep", now=SAMPLE_NOW)
    assert result.returncode == 3
    assert "LINKEDIN_ACCESS_TOKEN" in result.stdout
    assert "li-WRONG-token-secret-987654321" not in result.stdout + result.stderr
    assert "li-WRONG-token-secret-987654321" not in (stage.project / "ledger.yml").read_text()


def test_editing_never_reposts_unless_asked_and_retract_deletes(stage):
    deploy(stage, SAMPLE_NOW)
    assert stage.run("post", "--article", "healthy-sleep", now=SAMPLE_NOW).returncode == 0
    article = stage.project / "content" / "articles" / "healthy-sleep.md"
    article.write_text(article.read_text().replace("Five habits that help", "Five simple habits that help"))
    unchanged = stage.run("post", "--article", "healthy-sleep", now=SAMPLE_NOW)
    assert unchanged.returncode == 0 and "0 teaser(s) due" in unchanged.stderr
    assert len(stage.posted_texts()["mastodon"]) == 1

    retracted = stage.run("retract", "healthy-sleep")
    assert retracted.returncode == 0, retracted.stdout + retracted.stderr
    assert all(not t for t in stage.posted_texts().values())
    assert all(e["state"] == "retracted" for e in stage.ledger["healthy-sleep"].values())

    reposted = stage.run("post", "--article", "healthy-sleep", "--repost", now=SAMPLE_NOW)
    assert reposted.returncode == 0, reposted.stdout + reposted.stderr
    texts = stage.posted_texts()
    assert all(len(texts[p]) == 1 for p in ALL) and "Five simple habits" in texts["mastodon"][0]
    assert len(stage.ledger["healthy-sleep"]["mastodon"]["history"]) == 1
