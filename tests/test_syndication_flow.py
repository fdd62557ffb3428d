"""`syndicate post` end to end: the sample project, its site on loopback, the real Bluesky PDS and
the contract fakes. Every due teaser goes out exactly once, whatever happens in between."""
from __future__ import annotations

import re
import shutil
import signal
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest
import yaml

from syndicate.ledger import POSTED, Entry, Ledger
from syndicate.platforms.base import Platform, PlatformError, Posted, Teaser
from syndicate.syndication import language_versions

from .conftest import ANNOUNCED_SAMPLE, SAMPLE_NOW
from .fakes.server import Response
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


# --- never a second post -------------------------------------------------------------------

LEAN = ("mastodon", "x", "linkedin")


@pytest.fixture
def lean(tmp_path):
    """The stage without Bluesky, for what the contract fakes show as well as the PDS."""
    s = start_stage(tmp_path, None, platforms=list(LEAN))
    yield s
    s.stop()


def counts(stage) -> dict[str, int]:
    return {p: len(t) for p, t in stage.posted_texts().items() if p in LEAN}


def test_two_runs_at_once_post_each_teaser_once(lean):
    deploy(lean, SAMPLE_NOW)
    for fake in lean.fakes.values():
        fake.delay = 0.1  # each run takes seconds, so the two overlap
    articles = ["--article", "healthy-sleep", "--article", "flu-shots-2026", "--article", "sun-safety-summer"]
    runs = [lean.start_run("post", *articles, "--lock-wait", "300", now=SAMPLE_NOW) for _ in range(2)]
    for run in runs:
        run.wait(300)
    assert [r.returncode for r in runs] == [0, 0], [r.stderr.read() for r in runs]
    assert counts(lean) == {"mastodon": 3, "x": 3, "linkedin": 3}
    assert all(e["state"] == "posted" for a in lean.ledger.values() for e in a.values())
    assert len(lean.ledger) == 3


def test_entries_lost_from_the_ledger_are_found_on_the_platforms_not_posted_again(stage):
    deploy(stage, SAMPLE_NOW)
    two = ["--article", "healthy-sleep", "--article", "flu-shots-2026"]
    assert stage.run("post", *two, now=SAMPLE_NOW).returncode == 0
    (stage.project / "ledger.yml").write_text("articles: {}\n")  # a bad merge lost every entry
    before = len(stage.fakes["mastodon"].requests)
    again = stage.run("post", *two, now=SAMPLE_NOW)
    assert again.returncode == 0, again.stdout + again.stderr
    assert {p: len(t) for p, t in stage.posted_texts().items()} == {p: 2 for p in ALL}
    assert again.stdout.count("recovered") == 2 * len(ALL)
    assert all(e["state"] == "posted" and e["post_id"] for a in stage.ledger.values() for e in a.values())
    listings = [r for r in stage.fakes["mastodon"].requests[before:] if r.method == "GET" and r.path.endswith("/statuses")]
    assert len(listings) == 1  # one listing per platform per run, however many articles


def test_a_malformed_entry_stops_the_run_with_its_line_instead_of_reposting(lean):
    deploy(lean, SAMPLE_NOW)
    assert lean.run("post", "--article", "healthy-sleep", now=SAMPLE_NOW).returncode == 0
    path = lean.project / "ledger.yml"
    lines = path.read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == "mastodon:")
    at = next(i for i in range(start, len(lines)) if lines[i].strip() == "state: posted")
    lines[at] = lines[at].replace("state: posted", "state: Posted")
    path.write_text("\n".join(lines) + "\n")
    line_no = at + 1
    again = lean.run("post", "--article", "healthy-sleep", now=SAMPLE_NOW)
    assert again.returncode == 1
    assert f"ledger.yml:{line_no}:" in again.stderr and "unknown state 'Posted'" in again.stderr
    assert "syndicate ledger mark healthy-sleep mastodon" in again.stderr
    assert counts(lean) == {"mastodon": 1, "x": 1, "linkedin": 1}


@pytest.mark.parametrize("answer", ["502", "dropped"])
def test_a_status_post_whose_answer_is_lost_is_looked_for_not_repeated(lean, answer):
    """The platform created the post, then answered 502 or dropped the connection. Mastodon here
    ignores Idempotency-Key, as Takahē and GoToSocial do."""
    deploy(lean, SAMPLE_NOW)
    lean.fakes["mastodon"].honours_idempotency = False
    for fake in lean.fakes.values():
        fake.after_create = (lambda r: None) if answer == "dropped" else (lambda r: Response(502, {"error": "bad gateway"}))
    result = lean.run("post", "--article", "healthy-sleep", now=SAMPLE_NOW)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("recovered") == 3
    assert counts(lean) == {"mastodon": 1, "x": 1, "linkedin": 1}
    assert all(e["state"] == "posted" for e in lean.ledger["healthy-sleep"].values())


def test_retract_reaches_every_post_ever_made(lean):
    deploy(lean, SAMPLE_NOW)
    assert lean.run("post", "--article", "healthy-sleep", now=SAMPLE_NOW).returncode == 0
    article = lean.project / "content" / "articles" / "healthy-sleep.md"
    article.write_text(article.read_text().replace("Five habits that help", "Five simple habits that help"))
    assert lean.run("post", "--article", "healthy-sleep", "--repost", now=SAMPLE_NOW).returncode == 0
    assert counts(lean) == {"mastodon": 2, "x": 2, "linkedin": 2}
    retracted = lean.run("retract", "healthy-sleep")
    assert retracted.returncode == 0, retracted.stdout + retracted.stderr
    assert retracted.stdout.count("retracted") == 6
    assert counts(lean) == {"mastodon": 0, "x": 0, "linkedin": 0}
    for entry in lean.ledger["healthy-sleep"].values():
        assert entry["state"] == "retracted" and all(h["state"] == "retracted" for h in entry["history"])


# --- no hangs --------------------------------------------------------------------------------

def test_a_rate_limit_past_the_budget_defers_exits_3_and_says_when(stage):
    """Retry-After: 3600 used to park the run for hours (urllib3 does not cap it by backoff_max)."""
    deploy(stage, SAMPLE_NOW)
    stage.fakes["bluesky"].fail_next(429, count=1000, retry_after="3600", path_prefix="/xrpc/com.atproto.repo")
    stage.fakes["x"].fail_next(429, count=1000, retry_after="3600", path_prefix="/2/tweets", method="POST")
    result = stage.run("post", "--article", "healthy-sleep", "--article", "flu-shots-2026", now=SAMPLE_NOW,
                       timeout=120)  # the bound: far below the hour asked for
    assert result.returncode == 3, result.stdout + result.stderr
    assert re.search(r"Bluesky: deferred \(rate limited\); retry after 20\d\d-\d\d-\d\dT", result.stderr)
    assert re.search(r"X: deferred \(rate limited\); retry after 20\d\d-\d\d-\d\dT", result.stderr)
    ledger = yaml.safe_load((stage.project / "ledger.yml").read_text())
    assert set(ledger["deferred"]) == {"bluesky", "x"}
    # The first refusal defers the platform; its other teasers are not even tried in this run.
    assert [e["x"]["state"] for e in ledger["articles"].values() if "x" in e] == ["deferred"]
    assert all(e[p]["state"] == "posted" for e in ledger["articles"].values() for p in ALL if p not in ("bluesky", "x"))

    seen = len(stage.fakes["x"].requests)
    rerun = stage.run("post", "--article", "healthy-sleep", "--article", "flu-shots-2026", now=SAMPLE_NOW, timeout=120)
    assert rerun.returncode == 3 and "retry after" in rerun.stderr
    assert len(stage.fakes["x"].requests) == seen  # not asked again before its time


def test_a_deferred_platform_continues_in_the_next_run_after_its_time(lean):
    deploy(lean, SAMPLE_NOW)
    lean.fakes["x"].fail_next(429, count=1000, retry_after="2", path_prefix="/2/tweets", method="POST")
    first = lean.run("post", "--article", "healthy-sleep", "--max-wait", "0", now=SAMPLE_NOW, timeout=120)
    assert first.returncode == 3 and "X: deferred" in first.stderr
    assert counts(lean)["x"] == 0
    lean.fakes["x"].faults.clear()
    time.sleep(2.5)
    second = lean.run("post", "--article", "healthy-sleep", now=SAMPLE_NOW)
    assert second.returncode == 0, second.stdout + second.stderr
    assert counts(lean) == {"mastodon": 1, "x": 1, "linkedin": 1}
    assert "deferred" not in yaml.safe_load((lean.project / "ledger.yml").read_text())


# --- a find that cannot run, settled by hand ----------------------------------------------------

def test_a_find_that_cannot_run_names_the_scope_and_ledger_mark_settles_it(lean):
    deploy(lean, SAMPLE_NOW)
    lean.fakes["linkedin"].fail_next(403, count=1000, path_prefix="/rest/posts", method="GET")  # no r_organization_social
    two = ["--article", "healthy-sleep", "--article", "flu-shots-2026"]
    first = lean.run("post", *two, now=SAMPLE_NOW)
    assert first.returncode == 3
    assert "r_organization_social" in first.stdout and "syndicate ledger mark healthy-sleep linkedin" in first.stdout
    assert counts(lean)["linkedin"] == 0  # not posted blind
    listings = [r for r in lean.fakes["linkedin"].requests if r.method == "GET" and r.path == "/rest/posts"]
    assert len(listings) == 1  # refused once, not asked again for the second article

    marked = lean.run("ledger", "mark", "healthy-sleep", "linkedin", "--not-posted", "--by", "Dr. Lee")
    assert marked.returncode == 0, marked.stderr
    url = "https://www.linkedin.com/feed/update/urn:li:share:42/"
    assert lean.run("ledger", "mark", "flu-shots-2026", "linkedin", "--posted", url, "--by", "Dr. Lee").returncode == 0
    entry = lean.ledger["healthy-sleep"]["linkedin"]
    assert entry["state"] == "not-posted" and entry["marked_by"] == "Dr. Lee" and entry["marked_at"]

    second = lean.run("post", *two, now=SAMPLE_NOW)
    assert second.returncode == 0, second.stdout + second.stderr
    assert counts(lean)["linkedin"] == 1  # healthy-sleep, posted without looking; flu shots settled as posted
    assert lean.ledger["flu-shots-2026"]["linkedin"]["url"] == url
    assert lean.ledger["healthy-sleep"]["linkedin"]["state"] == "posted"


def test_ledger_mark_refuses_a_wrong_call(lean):
    both = lean.run("ledger", "mark", "healthy-sleep", "linkedin")
    assert both.returncode == 2 and "--posted URL or --not-posted" in both.stderr
    unknown = lean.run("ledger", "mark", "healthy-sleep", "myspace", "--not-posted")
    assert unknown.returncode == 2 and "unknown platform" in unknown.stderr
    not_a_url = lean.run("ledger", "mark", "healthy-sleep", "x", "--posted", "12345")
    assert not_a_url.returncode == 2 and "web address" in not_a_url.stderr


def test_a_second_run_gives_up_with_a_clear_message_when_the_first_holds_the_lock(lean):
    from syndicate.ledger import locked
    with locked(lean.project / "ledger.yml"):
        result = lean.run("post", "--lock-wait", "0.5", now=SAMPLE_NOW)
    assert result.returncode == 3 and "another `syndicate post`" in result.stderr
    assert counts(lean) == {"mastodon": 0, "x": 0, "linkedin": 0}


# --- successful answers are scrubbed -------------------------------------------------------------

class _Echo(Platform):
    """A platform whose successful answer echoes the token (some put it in returned URLs)."""

    name, label, env_vars, default_limit = "mastodon", "Echo", ("ECHO_TOKEN",), 500

    def count(self, text):
        return len(text)

    def post(self, teaser, key):
        token = self.secret("ECHO_TOKEN")
        return Posted(f"id-{token}", f"https://echo.example/p/1?access_token={token}")

    def find(self, teaser, key):
        return None

    def delete(self, post):
        pass


def test_a_successful_answer_is_scrubbed_before_it_reaches_the_ledger(tmp_path):
    from types import SimpleNamespace

    from syndicate.ledger import Ledger
    from syndicate.syndication import Planned, look_first, post_one
    token = "echo-secret-token-123456"
    platform = _Echo(env={"ECHO_TOKEN": token})
    teaser = Teaser("a", "mastodon", "text", "https://p.example/a/", "A", "", None, None, None, 4, 500)
    item = Planned(SimpleNamespace(slug="a"), "mastodon", teaser)
    ledger = Ledger(tmp_path / "ledger.yml")
    assert look_first(item, platform, ledger, datetime(2026, 11, 26, tzinfo=timezone.utc)) is None
    outcome = post_one(item, platform, ledger, datetime(2026, 11, 26, tzinfo=timezone.utc))
    assert outcome.status == "posted" and token not in outcome.url
    assert token not in (tmp_path / "ledger.yml").read_text()


class _Refusing(_Echo):
    """Cannot list (no read scope), and rate-limits every post."""

    def find(self, teaser, key):
        raise PlatformError(self.label, "listing was refused (403)", status=403)

    def post(self, teaser, key):
        raise PlatformError(self.label, "rate limited (429)", status=429, retryable=True,
                            retry_at=datetime(2030, 1, 1, tzinfo=timezone.utc))


def test_an_operators_not_posted_survives_a_rate_limit(tmp_path):
    from types import SimpleNamespace

    from syndicate.ledger import Ledger
    from syndicate.syndication import Planned, look_first, mark, post_one
    now = datetime(2026, 11, 26, tzinfo=timezone.utc)
    platform = _Refusing(env={"ECHO_TOKEN": "echo-secret-token-123456"})
    teaser = Teaser("a", "mastodon", "text", "https://p.example/a/", "A", "", None, None, None, 4, 500)
    item = Planned(SimpleNamespace(slug="a"), "mastodon", teaser)
    ledger = Ledger(tmp_path / "ledger.yml")
    blocked = look_first(item, platform, ledger, now)
    assert blocked.status == "failed" and "ledger mark a mastodon" in blocked.detail
    mark(ledger, "a", "mastodon", now, url=None, by="Dr. Lee")
    assert look_first(item, platform, ledger, now) is None  # settled: no look
    assert post_one(item, platform, ledger, now).status == "deferred"
    entry = Ledger.load(tmp_path / "ledger.yml").get("a", "mastodon")
    assert entry.state == "not-posted" and entry.marked_by == "Dr. Lee" and entry.retry_at.startswith("2030-01-01")


class _Ghost(_Echo):
    """Answers every post with the same, long-deleted post (LinkedIn's ghost DUPLICATE_POST)."""

    def post(self, teaser, key):
        return Posted("urn:li:share:1", "https://www.linkedin.com/feed/update/urn:li:share:1/", {"duplicate": True})


def test_a_duplicate_answer_naming_a_retracted_post_is_not_recorded_as_posted(tmp_path):
    from types import SimpleNamespace

    from syndicate.ledger import RETRACTED, Entry, Ledger
    from syndicate.syndication import Planned, post_one
    now = datetime(2026, 11, 26, tzinfo=timezone.utc)
    ledger = Ledger(tmp_path / "ledger.yml")
    ledger.set("a", "mastodon", Entry(RETRACTED, "a:mastodon", post_id="urn:li:share:1", url="u", retracted_at="t"))
    teaser = Teaser("a", "mastodon", "text", "https://p.example/a/", "A", "", None, None, None, 4, 500)
    outcome = post_one(Planned(SimpleNamespace(slug="a"), "mastodon", teaser), _Ghost(env={"ECHO_TOKEN": "tok-123456"}),
                       ledger, now)
    assert outcome.status == "failed" and "repeats an earlier post" in outcome.detail
    entry = Ledger.load(tmp_path / "ledger.yml").get("a", "mastodon")
    assert entry.state == "failed" and entry.history[0]["state"] == "retracted"


def test_marking_the_same_post_twice_keeps_one_post(tmp_path):
    from syndicate.ledger import Ledger
    from syndicate.syndication import mark
    now = datetime(2026, 11, 26, tzinfo=timezone.utc)
    ledger = Ledger(tmp_path / "ledger.yml")
    mark(ledger, "a", "x", now, url="https://x.com/clinic/status/1", post_id="1", by="Dr. Lee")
    again = mark(ledger, "a", "x", now, url="https://x.com/clinic/status/1", by="Dr. Okafor")
    assert again.post_id == "1" and again.history == [] and again.marked_by == "Dr. Okafor"
    other = mark(ledger, "a", "x", now, url="https://x.com/clinic/status/2", post_id="2", by="Dr. Lee")
    assert [p.get("post_id") for p in other.posts()] == ["2", "1"]  # retract reaches both


def test_retract_reaches_the_translations_too(lean):
    """A medical correction holds in every language: `retract SLUG` deletes SLUG-es's posts as well."""
    shutil.copy(Path(__file__).parent / "data" / "flu-shots-2026.es.md",
                lean.project / "content" / "articles" / "flu-shots-2026.es.md")
    now = "2026-10-01T12:00:00+00:00"
    deploy(lean, now)
    posted = lean.run("post", "--article", "flu-shots-2026", "--article", "flu-shots-2026-es", now=now)
    assert posted.returncode == 0, posted.stdout + posted.stderr
    assert counts(lean) == {"mastodon": 2, "x": 2, "linkedin": 2}
    retracted = lean.run("retract", "flu-shots-2026", now=now)
    assert retracted.returncode == 0, retracted.stdout + retracted.stderr
    assert "in every language: flu-shots-2026, flu-shots-2026-es" in retracted.stdout
    assert retracted.stdout.count("flu-shots-2026-es →") == 3
    assert counts(lean) == {"mastodon": 0, "x": 0, "linkedin": 0}
    for slug in ("flu-shots-2026", "flu-shots-2026-es"):
        assert all(e["state"] == "retracted" for e in lean.ledger[slug].values())


def test_retract_of_one_translation_leaves_the_original(lean):
    shutil.copy(Path(__file__).parent / "data" / "flu-shots-2026.es.md",
                lean.project / "content" / "articles" / "flu-shots-2026.es.md")
    now = "2026-10-01T12:00:00+00:00"
    deploy(lean, now)
    assert lean.run("post", "--article", "flu-shots-2026", "--article", "flu-shots-2026-es", now=now).returncode == 0
    retracted = lean.run("retract", "flu-shots-2026-es", now=now)
    assert retracted.returncode == 0, retracted.stdout + retracted.stderr
    assert counts(lean) == {"mastodon": 1, "x": 1, "linkedin": 1}
    assert all(e["state"] == "posted" for e in lean.ledger["flu-shots-2026"].values())


def test_language_versions_come_from_the_content_or_the_ledger_names(tmp_path):
    ledger = Ledger(tmp_path / "ledger.yml")
    for slug in ("covid", "covid-es", "covid-fr", "covid-faq", "covid-es-2", "covid-zz", "covid-old"):
        ledger.set(slug, "mastodon", Entry(POSTED, f"{slug}:mastodon", post_id="1"))
    # The articles are gone from the content: languages are told by the ledger name alone.
    assert language_versions("covid", ledger, None) == ["covid", "covid-es", "covid-fr"]

    class A:  # the fields language_versions reads
        def __init__(self, slug, lang="en", translation_of=None):
            self.slug, self.lang, self.translation_of = slug, lang, translation_of
    # In the content, `covid-fr` is an English article of its own, and `covid-old` a translation.
    articles = [A("covid"), A("covid-fr"), A("covid-old", "es", "covid")]
    assert language_versions("covid", ledger, articles) == ["covid", "covid-es", "covid-old"]
