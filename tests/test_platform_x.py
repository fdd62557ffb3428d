"""The X client against the contract fake."""
import logging

import pytest

from syndicate.platforms.base import PlatformError, Posted, Teaser
from syndicate.platforms.x import X
from tests.fakes.x import CREDENTIALS, AccessToken, FakeX
from tests.fakes.teasers import article_link, sample_teaser

LINK = article_link("x")


@pytest.fixture
def fake():
    with FakeX() as api:
        yield api


@pytest.fixture
def teaser(tmp_path):
    return sample_teaser("x", 280, image_dir=tmp_path)


def client(fake, image_mode=None, **env):
    options = {"api_base": fake.url, **({"image_mode": image_mode} if image_mode else {})}
    return X(options, env={**CREDENTIALS, **env})


def test_by_default_the_post_keeps_its_link_card_and_uploads_no_image(fake, teaser):
    posted = client(fake).post(teaser, "k")
    assert fake.tweets[posted.id]["media_ids"] == [] and fake.media == {}
    assert not any(r.path.startswith("/2/media") for r in fake.requests)


def test_every_request_is_signed_with_oauth1_never_a_bearer_token(fake, teaser):
    x = client(fake, image_mode="attach")
    x.delete(x.post(teaser, "k"))
    assert fake.requests and all(r.headers["authorization"].startswith("OAuth ") for r in fake.requests)
    assert all('oauth_signature_method="HMAC-SHA1"' in r.headers["authorization"] for r in fake.requests)


def test_a_wrong_secret_is_refused_naming_the_four_variables(fake, teaser):
    with pytest.raises(PlatformError) as error:
        client(fake, X_API_SECRET="wrong-api-secret-000").post(teaser, "k")
    assert error.value.status == 401 and "X_API_KEY, X_API_SECRET, X_ACCESS_TOKEN, X_ACCESS_TOKEN_SECRET" in str(error.value)
    assert not fake.tweets


def test_check_credentials_reads_the_account_and_its_access_level(fake):
    info = client(fake).check_credentials()
    assert info.account == "@clinic" and info.expires_at is None
    assert info.scopes == {"read", "read-write", "an API tier that reads timelines (Basic or above)"}
    read_only = AccessToken("ro-secret-0123456789", "clinic", CREDENTIALS["X_API_KEY"], access_level="read")
    with FakeX(tokens={"1-ro-token-0123": read_only}) as ro:
        info = client(ro, X_ACCESS_TOKEN="1-ro-token-0123", X_ACCESS_TOKEN_SECRET="ro-secret-0123456789").check_credentials()
    assert info.scopes == {"read", "an API tier that reads timelines (Basic or above)"}


def test_a_free_tier_app_is_told_find_needs_a_tier_that_reads_timelines():
    from syndicate.doctor import diagnose
    from datetime import datetime, timezone
    with FakeX(tier="free") as free:
        report = diagnose({"x": client(free)}, datetime.now(timezone.utc))
    [scopes] = [c for c in report.checks if c.check == "scopes"]
    assert not scopes.ok and scopes.detail == "find needs an API tier that reads timelines (Basic or above)"


def test_an_unknown_image_mode_is_refused_when_the_config_is_read():
    from syndicate.site.config import platform_settings
    options, [problem] = platform_settings("x", {"image_mode": "photo"})
    assert options is None and problem.key == "image_mode" and "'card', 'attach'" in problem.message


def test_post_creates_one_post_with_text_image_and_alt(fake, teaser):
    posted = client(fake, image_mode="attach").post(teaser, "k")
    assert list(fake.tweets) == [posted.id]
    tweet = fake.tweets[posted.id]
    assert tweet["original_text"] == teaser.text
    media = fake.media[tweet["media_ids"][0]]
    assert media["alt_text"] == "A drawing of a heart" and media["category"] == "tweet_image"
    assert posted.url == f"https://x.com/i/web/status/{posted.id}"


def test_find_reads_expanded_urls_and_delete_removes(fake, teaser):
    x = client(fake, image_mode="attach")
    assert x.find(teaser, "k") is None  # an empty timeline has no `data`
    posted = x.post(teaser, "k")
    assert "clinic.example" not in fake.tweets[posted.id]["text"]  # X shows t.co links only
    assert x.find(teaser, "k") == Posted(posted.id, posted.url)
    x.delete(posted)
    assert fake.tweets == {} and x.find(teaser, "k") is None


def test_deleting_a_post_that_is_already_gone_counts_as_deleted(fake, teaser):
    x = client(fake)
    posted = x.post(teaser, "k")
    x.delete(posted)
    x.delete(posted)  # X answers 404 Not Found Error: the same rule as every platform
    assert fake.tweets == {}


def test_a_duplicate_refusal_returns_the_post_that_is_already_there(fake, teaser):
    x = client(fake)
    first = x.post(teaser, "k")
    assert x.post(teaser, "k").id == first.id and len(fake.tweets) == 1


def test_a_duplicate_refusal_without_our_post_is_an_error_not_an_auth_hint(fake, teaser):
    x = client(fake)
    x.post(Teaser(**{**teaser.__dict__, "text": "Same words", "image_path": None}), "k")
    other = Teaser(**{**teaser.__dict__, "text": "Same words", "image_path": None,
                      "link": "https://clinic.example/articles/other/?utm_source=x"})
    with pytest.raises(PlatformError) as error:
        x.post(other, "k2")
    assert "duplicate" in str(error.value) and error.value.env_var is None


def test_bad_token_names_the_env_var_and_never_shows_the_token(fake, teaser, caplog):
    caplog.set_level(logging.DEBUG)
    bad = "1500000000000000000-WRONG-token-9876543210"
    with pytest.raises(PlatformError) as error:
        client(fake, X_ACCESS_TOKEN=bad).post(teaser, "k")
    assert "X_ACCESS_TOKEN" in str(error.value) and error.value.status == 401
    assert bad not in str(error.value) and bad not in caplog.text


def test_no_credential_reaches_the_debug_log(fake, teaser, caplog):
    caplog.set_level(logging.DEBUG)
    client(fake, image_mode="attach").post(teaser, "k")
    assert "oauth" in caplog.text.lower()  # requests-oauthlib did log the signing
    for var, value in CREDENTIALS.items():
        assert value not in caplog.text, var


def test_get_is_retried_after_503_and_429(fake, teaser):
    fake.fail_next(503, retry_after="1", path_prefix="/2/users/me")
    fake.fail_next(429, retry_after="1", path_prefix="/2/users/")
    assert client(fake).find(teaser, "k") is None
    assert [r.path for r in fake.requests].count("/2/users/me") == 3


def test_a_post_is_never_repeated_by_the_session(fake, teaser):
    # No idempotency key on X: a 503 after the server may have acted must not become two posts.
    fake.fail_next(503, retry_after="1", path_prefix="/2/tweets")
    with pytest.raises(PlatformError) as error:
        client(fake).post(teaser, "k")
    assert error.value.retryable and [r.path for r in fake.requests].count("/2/tweets") == 1


def test_over_280_is_refused_by_the_fake_as_the_count_predicts(fake, teaser):
    x = client(fake)
    text = "é" * 255 + "\n" + LINK  # 255 + 1 + 23
    assert x.count(text) == 279
    assert x.post(Teaser(**{**teaser.__dict__, "text": text + "!", "image_path": None}), "a")
    with pytest.raises(PlatformError) as error:
        x.post(Teaser(**{**teaser.__dict__, "text": "!!" + text, "image_path": None}), "b")
    assert error.value.status == 400 and "too long" in str(error.value)


@pytest.mark.parametrize("text, length", [  # twitter-text conformance/validate.yml (v3) and counting-characters
    ("This is a test.", 15),
    ("Hi http://test.co", 26),
    ("Test https://test.com test https://test.com test.com test", 86),
    ("https://www.twitter.com/aloha " * 10, 240),
    ("H🐱☺👨‍👩‍👧‍👦", 7),
    ("😷👾😡🔥💩", 10),
    ("🙋🏽👨‍🎤", 4),
    ("故人西辞黄鹤楼，烟花三月下扬州。", 32),
    ("ÁB", 2),
    ("cafe\u0301", 4),  # NFC first
    ("This is a tweet with general punctuation characters: \u2000\u2001\u2002\u2003\u2004\u2005\u2006"
     "\u2007\u2008\u2009\u200A\u200B ‐ ‑ ‒ – — ― ‖  ‗ ‘ ’ ‚ ‛ “ ” „ ‟ ′ ″ ‴ ‵ ‶ ‷", 110),
    ("randomurlrandomurlrandomurlrandomurlrandomurlrandomurlrandomurls.com", 68),  # 64-char label: no URL
    ("Read https://clinic.example/a.", 5 + 23 + 1),  # the full stop is not part of the link
    ("info@clinic.example", 19),  # an email address is not a link
])
def test_count_matches_documented_examples(text, length):
    assert X({}, env={}).count(text) == length


def test_a_bare_domain_never_counts_less_than_x_would():
    # X links "cdc.gov" (23) only when its TLD is on twitter-text's list; 23 is the safe count.
    assert X({}, env={}).count("See cdc.gov") == 4 + 23


def test_ascii_fast_path_counts_like_the_grapheme_library():
    import grapheme

    from syndicate.platforms import _text
    for text in ("plain text", "line one\r\nline two", "tab\tand\nnewline", "", "\r\n\r\n", "a\rb\nc"):
        assert _text.grapheme_count(text) == grapheme.length(text), repr(text)
        assert list(_text.clusters(text)) == list(grapheme.graphemes(text)), repr(text)
