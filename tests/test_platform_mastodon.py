"""The Mastodon client against the contract fake."""
import logging

import pytest

from syndicate.http import make_session
from syndicate.platforms.base import PlatformError, Posted, Teaser
from syndicate.platforms.mastodon import Mastodon
from tests.fakes.mastodon import FakeMastodon
from tests.fakes.teasers import article_link, sample_teaser

TOKEN = "masto-test-token-0123456789"
LINK = article_link("mastodon")


@pytest.fixture
def fake():
    with FakeMastodon() as api:
        yield api


@pytest.fixture
def teaser(tmp_path):
    return sample_teaser("mastodon", 500, image_dir=tmp_path)


def client(fake, token=TOKEN, **options):
    return Mastodon({"api_base": fake.url, "poll_interval": 0.01, **options}, env={"MASTODON_ACCESS_TOKEN": token})


def test_by_default_the_status_has_no_media_so_the_link_keeps_its_card(fake, teaser):
    posted = client(fake).post(teaser, "heart-health:mastodon")
    assert fake.statuses[posted.id]["media"] == [] and fake.media == {}


def test_the_status_carries_the_articles_language(fake, teaser):
    from dataclasses import replace
    english = client(fake).post(teaser, "heart-health:mastodon")
    spanish = client(fake).post(replace(teaser, text="Cinco hábitos para un corazón sano.", lang="es"),
                                "heart-health-es:mastodon")
    assert fake.statuses[english.id]["language"] == "en" and fake.statuses[spanish.id]["language"] == "es"


def test_check_credentials_reads_the_account_and_the_token_scopes(fake):
    m = client(fake)
    info = m.check_credentials()
    assert info.account == "@clinic" and info.scopes == {"read:accounts", "read:statuses", "write:statuses", "write:media"}
    assert m.needed_scopes()["post"] == ("write:statuses",)
    assert client(fake, image_mode="attach").needed_scopes()["post"] == ("write:statuses", "write:media")
    assert Mastodon.scope_granted(frozenset({"write"}), "write:media")


def test_post_creates_one_status_with_text_image_and_alt(fake, teaser):
    posted = client(fake, image_mode="attach").post(teaser, "heart-health:mastodon")
    assert list(fake.statuses) == [posted.id]
    status = fake.statuses[posted.id]
    assert status["text"] == teaser.text and status["visibility"] == "public"
    media = fake.media[status["media"][0]]
    assert media["description"] == "A drawing of a heart" and media["bytes"].startswith(b"\x89PNG")
    assert posted.url == f"{fake.url}/@clinic/{posted.id}"
    # The upload came back 202, so the client polled until the media was ready.
    assert [r.method for r in fake.requests if r.path.startswith("/api/v1/media/")] == ["GET", "GET"]


def test_post_sends_the_key_as_idempotency_key_and_a_repeat_is_the_same_status(fake, teaser):
    first = client(fake).post(teaser, "heart-health:mastodon")
    again = client(fake).post(teaser, "heart-health:mastodon")
    assert first.id == again.id and len(fake.statuses) == 1
    assert all(r.headers.get("idempotency-key") == "heart-health:mastodon"
               for r in fake.requests if r.path == "/api/v1/statuses")


def test_find_locates_the_status_by_its_link_and_delete_removes_it(fake, teaser):
    mastodon = client(fake)
    assert mastodon.find(teaser, "k") is None
    posted = mastodon.post(teaser, "k")
    assert mastodon.find(teaser, "k") == Posted(posted.id, posted.url)
    mastodon.delete(posted)
    assert fake.statuses == {} and mastodon.find(teaser, "k") is None


def test_deleting_a_status_that_is_already_gone_counts_as_deleted(fake, teaser):
    # Before: a 404 on delete failed here while LinkedIn and Google took it as done.
    mastodon = client(fake)
    posted = mastodon.post(teaser, "k")
    mastodon.delete(posted)
    mastodon.delete(posted)  # a rerun of `retract`, or our own lost answer
    assert fake.statuses == {}


def test_a_404_for_another_accounts_status_is_not_taken_as_deleted(teaser):
    # Mastodon answers 404 both for a gone status and for one this token may not delete.
    with FakeMastodon(tokens={TOKEN: "clinic", "other-token-0123456789": "someone-else"}) as fake:
        posted = client(fake).post(teaser, "k")
        with pytest.raises(PlatformError, match="still there") as error:
            client(fake, token="other-token-0123456789").delete(posted)
        assert error.value.env_var == "MASTODON_ACCESS_TOKEN" and posted.id in fake.statuses


def test_find_also_matches_the_article_url_without_utm(fake, teaser):
    fake.statuses["1"] = {"id": "1", "account": "clinic", "text": "By hand: https://clinic.example/articles/heart-health/",
                          "visibility": "public", "media": [], "created_at": "2024-01-01T00:00:00Z"}
    assert client(fake).find(teaser, "k").id == "1"


def test_bad_token_names_the_env_var_and_never_shows_the_token(fake, teaser, caplog):
    caplog.set_level(logging.DEBUG)
    bad = "masto-WRONG-token-9876543210"
    with pytest.raises(PlatformError) as error:
        client(fake, token=bad).post(teaser, "k")
    assert "MASTODON_ACCESS_TOKEN" in str(error.value) and error.value.status == 401
    assert bad not in str(error.value) and bad not in caplog.text
    assert fake.statuses == {}


def test_a_503_on_the_status_post_is_not_repeated_blindly(fake, teaser):
    """Servers like Takahē ignore Idempotency-Key: the session must not repeat the POST itself;
    the caller looks for the status first (syndication.post_one)."""
    fake.fail_next(503, retry_after="1", path_prefix="/api/v1/statuses")
    with pytest.raises(PlatformError) as error:
        client(fake).post(teaser, "k")
    assert error.value.uncertain and error.value.status == 503
    assert [r.path for r in fake.requests].count("/api/v1/statuses") == 1


def test_find_lists_the_account_once_per_run_however_many_teasers(fake, teaser):
    mastodon = client(fake)
    for n in range(5):
        other = Teaser(**{**teaser.__dict__, "link": f"https://practice.example/blog/other-{n}/"})
        assert mastodon.find(other, f"k{n}") is None
    listings = [r.path for r in fake.requests if r.path.endswith("/statuses") and r.method == "GET"]
    assert len(listings) == 1


def test_a_429_is_retried(fake, teaser):
    fake.fail_next(429, retry_after="1", path_prefix="/api/v1/accounts/verify_credentials")
    assert client(fake).find(teaser, "k") is None


def test_rate_limit_without_retry_after_reports_the_reset_time(teaser):
    with FakeMastodon(rate_limit=0) as fake:
        session = make_session(retries=0)
        mastodon = Mastodon({"api_base": fake.url}, env={"MASTODON_ACCESS_TOKEN": TOKEN}, session=session)
        with pytest.raises(PlatformError) as error:
            mastodon.find(teaser, "k")
    assert error.value.retryable and "rate limited until" in str(error.value)


def test_over_the_limit_is_refused_by_the_server_as_the_count_predicts(fake, teaser):
    mastodon = client(fake)
    text = "x" * 476 + "\n" + LINK
    assert mastodon.count(text) == 500
    assert mastodon.post(Teaser(**{**teaser.__dict__, "text": text, "image_path": None}), "a").id
    with pytest.raises(PlatformError) as error:
        mastodon.post(Teaser(**{**teaser.__dict__, "text": "y" + text, "image_path": None}), "b")
    assert error.value.status == 422 and "character limit" in str(error.value)


@pytest.mark.parametrize("text, length", [  # docs: user/posting (links 23, mention without domain)
    ("Hello world", 11),
    ("https://clinic.example/" + "a" * 100, 23),
    ("Read https://clinic.example/a.", 5 + 23 + 1),
    ("@alice@example.social thanks", len("@alice thanks")),
    ("👨‍👩‍👧‍👦 café", 6),  # graphemes
    ("ftp://files.example/x", 21),  # only http(s) links are links
])
def test_count_matches_mastodons_rules(text, length):
    assert Mastodon({"api_base": "http://127.0.0.1"}, env={}).count(text) == length
