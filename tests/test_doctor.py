"""`syndicate doctor` against the real Bluesky PDS and the contract fakes: every credential
set, accepted, with enough scopes and days left, and API versions not about to retire."""
from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest

from syndicate.doctor import diagnose, expiry_warnings
from syndicate.platforms.facebook import FacebookPage
from syndicate.platforms.linkedin import LinkedIn
from syndicate.platforms.threads import Threads
from tests.fakes.facebook import FakeFacebook
from tests.fakes.linkedin import CREDENTIALS as LINKEDIN, FakeLinkedIn
from tests.fakes.threads import FakeThreads

from .conftest import SAMPLE_NOW
from .stage import start_stage

NOW = datetime.fromisoformat(SAMPLE_NOW)
THREADS_TOKEN = "threads-test-token-0123456789"
FB_TOKEN = "fb-page-token-0123456789"


@pytest.fixture
def stage(tmp_path, pds):  # noqa: F811
    s = start_stage(tmp_path, pds)
    yield s
    s.stop()


def failed(report) -> dict[tuple[str, str], str]:
    return {(c.platform, c.check): c.detail for c in report.checks if not c.ok}


# --- the command, against every platform peer --------------------------------------------
def test_doctor_passes_on_every_platform_and_speaks_json(stage):
    result = stage.run("doctor")
    assert result.returncode == 0, result.stdout + result.stderr
    for label in ("Bluesky", "Mastodon", "X", "LinkedIn", "Facebook", "Threads", "Google Business Profile"):
        assert f"\n{label}\n" in f"\n{result.stdout}"
    assert "All checks passed." in result.stdout
    as_json = json.loads(stage.run("doctor", "--format", "json").stdout)
    assert as_json["ok"] is True
    kinds = {(c["platform"], c["check"]) for c in as_json["checks"]}
    assert ("Facebook", "version") in kinds and ("LinkedIn", "version") in kinds
    for label in ("X", "Threads", "LinkedIn", "Google Business Profile", "Mastodon"):
        assert {(label, "credentials"), (label, "scopes"), (label, "expiry")} <= kinds
    secrets = [v for k, v in stage.env.items() if len(v) >= 4 and k != "BLUESKY_HANDLE"]  # a handle is public
    assert not any(s in result.stdout + result.stderr for s in secrets)


def test_every_missing_variable_is_named_and_the_exit_code_is_4(stage):
    for var in ("X_API_SECRET", "GOOGLE_BUSINESS_REFRESH_TOKEN", "LINKEDIN_CLIENT_ID"):
        stage.env.pop(var)
    result = stage.run("doctor")
    assert result.returncode == 4
    assert "not set: X_API_SECRET" in result.stdout
    assert "not set: GOOGLE_BUSINESS_REFRESH_TOKEN" in result.stdout
    assert "unknown: set LINKEDIN_CLIENT_ID and LINKEDIN_CLIENT_SECRET" in result.stdout
    assert "how to fix: set LINKEDIN_CLIENT_ID" in result.stdout


def test_a_token_expiring_within_14_days_fails_doctor_and_warns_in_post(stage):
    threads = stage.fakes["threads"]
    threads.token_info[THREADS_TOKEN]["expires_at"] = int((NOW + timedelta(days=5, hours=1)).timestamp())
    result = stage.run("doctor", "--platform", "threads")
    assert result.returncode == 4
    assert "the token expires in 5 day(s)" in result.stdout and "th_refresh_token" in result.stdout
    posted = stage.run("post", "--live-timeout", "0")
    assert "warning: Threads: the access token expires in 5 day(s)" in posted.stderr


def test_doctor_refuses_a_platform_that_is_not_chosen(stage):
    result = stage.run("doctor", "--platform", "x", "--platform", "tiktok")
    assert result.returncode != 0


# --- the library, against single fakes -----------------------------------------------------
def test_bad_credentials_fail_the_check_without_showing_them():
    with FakeThreads() as fake:
        bad = "threads-WRONG-token-000000"
        report = diagnose({"threads": Threads({"api_base": fake.base}, env={"THREADS_ACCESS_TOKEN": bad})}, NOW)
    assert not report.ok and ("Threads", "credentials") in failed(report)
    assert bad not in report.as_text() and bad not in report.as_json()
    assert "THREADS_ACCESS_TOKEN" in report.as_text()


def test_a_missing_scope_is_named_with_the_operation_that_needs_it():
    with FakeLinkedIn() as fake:
        fake.token_info[LINKEDIN["LINKEDIN_ACCESS_TOKEN"]]["scope"] = "w_organization_social"
        linkedin = LinkedIn({"organization": "123", "api_base": fake.url,
                             "introspect_url": f"{fake.url}/oauth/v2/introspectToken"}, env=LINKEDIN)
        report = diagnose({"linkedin": linkedin}, NOW)
    assert failed(report) == {("LinkedIn", "scopes"): "find needs r_organization_social"}


@pytest.mark.parametrize("version, expect", [
    ("v21.0", "Graph API v21.0 retires in 56 day(s) (2027-01-21)"),
    ("v19.0", "not a version we know"),
    ("v25.0", None),
])
def test_pinned_graph_versions_are_checked_against_their_retirement_dates(version, expect):
    with FakeFacebook(tokens={FB_TOKEN: "1111"}) as fake:
        facebook = FacebookPage({"page_id": "1111", "api_base": f"{fake.url}/{version}"},
                                env={"FACEBOOK_PAGE_ACCESS_TOKEN": FB_TOKEN})
        report = diagnose({"facebook": facebook}, NOW)
    problems = failed(report)
    if expect is None:
        assert report.ok, problems
    else:
        assert expect in problems[("Facebook", "version")]


def test_linkedin_versions_retiring_soon_or_unknown_fail():
    with FakeLinkedIn() as fake:
        def check(version):
            c = LinkedIn({"organization": "123", "api_base": fake.url, "version": version,
                          "introspect_url": f"{fake.url}/oauth/v2/introspectToken"}, env=LINKEDIN)
            return failed(diagnose({"linkedin": c}, NOW)).get(("LinkedIn", "version"))
        assert "202511 retires in" not in (check("202511") or "")  # past: retired
        assert "was retired (2026-11-16)" in check("202511")
        assert "retires in 50 day(s) (2027-01-15)" in check("202601")
        assert "not a version we know" in check("2026-05")
        assert check("202607") is None


def test_expiry_warnings_only_ask_platforms_whose_tokens_expire():
    with FakeThreads() as fake:
        fake.token_info[THREADS_TOKEN]["expires_at"] = int((NOW + timedelta(days=3)).timestamp())
        threads = Threads({"api_base": fake.base}, env={"THREADS_ACCESS_TOKEN": THREADS_TOKEN})
        [warning] = expiry_warnings({"threads": threads}, NOW)
        assert "expires in 2 day(s)" in warning or "expires in 3 day(s)" in warning
        fake.token_info[THREADS_TOKEN]["expires_at"] = int((NOW + timedelta(days=30)).timestamp())
        assert expiry_warnings({"threads": threads}, NOW) == []


def test_post_says_when_it_cannot_warn_about_a_linkedin_token():
    with FakeLinkedIn() as fake:
        env = {"LINKEDIN_ACCESS_TOKEN": LINKEDIN["LINKEDIN_ACCESS_TOKEN"]}
        linkedin = LinkedIn({"organization": "123", "api_base": fake.url}, env=env)
        [warning] = expiry_warnings({"linkedin": linkedin}, NOW)
    assert "set LINKEDIN_CLIENT_ID and LINKEDIN_CLIENT_SECRET" in warning


def test_a_platform_that_does_not_answer_properly_fails_with_run_again_later():
    from syndicate.platforms.mastodon import Mastodon
    from tests.fakes.mastodon import FakeMastodon
    with FakeMastodon() as fake:
        fake.fail_next(500, count=100)
        mastodon = Mastodon({"api_base": fake.url}, env={"MASTODON_ACCESS_TOKEN": "masto-test-token-0123456789"})
        [check] = diagnose({"mastodon": mastodon}, NOW).checks
    assert not check.ok and "500" in check.detail and "again later" in check.fix
