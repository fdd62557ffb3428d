"""The X fake refuses what X API v2 refuses (direct HTTP, no client code)."""
import time

import pytest
import requests
from requests_oauthlib import OAuth1

from tests.fakes.images import NOT_AN_IMAGE, PNG
from tests.fakes.x import CREDENTIALS, AccessToken, FakeX, weighted_length

UNAUTHORIZED = {"title": "Unauthorized", "type": "about:blank", "status": 401, "detail": "Unauthorized"}


@pytest.fixture
def fake():
    with FakeX() as api:
        yield api


def signer(**changes) -> OAuth1:
    c = {**CREDENTIALS, **changes}
    return OAuth1(c["X_API_KEY"], c["X_API_SECRET"], c["X_ACCESS_TOKEN"], c["X_ACCESS_TOKEN_SECRET"], **{
        k: v for k, v in changes.items() if not k.startswith("X_")})


def auth(**changes):
    return {"auth": signer(**changes)}


def tweet(fake, body, **changes):
    return requests.post(f"{fake.url}/2/tweets", json=body, **auth(**changes))


def test_a_correct_oauth1_signature_is_accepted_and_reports_the_access_level(fake):
    r = requests.get(f"{fake.url}/2/users/me", params={"user.fields": "id"}, **auth())
    assert r.status_code == 200 and r.json()["data"]["username"] == "clinic"
    assert r.headers["x-access-level"] == "read-write"


@pytest.mark.parametrize("changes", [
    {"X_API_SECRET": "wrong-consumer-secret"},           # signed with the wrong app secret
    {"X_ACCESS_TOKEN_SECRET": "wrong-token-secret"},     # signed with the wrong token secret
    {"X_API_KEY": "unknown-consumer-key"},
    {"X_ACCESS_TOKEN": "1500000000000000000-unknown"},
    {"signature_method": "PLAINTEXT"},                   # X takes HMAC-SHA1 only
    {"timestamp": str(int(time.time()) - 3600)},         # an hour old
])
def test_a_bad_oauth1_request_is_401(fake, changes):
    r = requests.get(f"{fake.url}/2/users/me", **auth(**changes))
    assert r.status_code == 401 and r.json() == UNAUTHORIZED


def test_a_bearer_token_or_no_authorization_is_401(fake):
    for headers in ({}, {"Authorization": "Bearer " + CREDENTIALS["X_ACCESS_TOKEN"]}):
        r = requests.post(f"{fake.url}/2/tweets", json={"text": "hi"}, headers=headers)
        assert r.status_code == 401 and r.json() == UNAUTHORIZED


def test_the_signature_covers_the_url_query_and_a_form_body(fake):
    def tampered(prepared, **changes):
        prepared = signer().__call__(prepared)
        for key, value in changes.items():
            setattr(prepared, key, value)
        return requests.Session().send(prepared)

    me = requests.Request("GET", f"{fake.url}/2/users/me", params={"user.fields": "id"}).prepare()
    assert tampered(me, url=me.url.replace("user.fields=id", "user.fields=name")).status_code == 401
    form = requests.Request("POST", f"{fake.url}/2/media/upload", data={"media_category": "tweet_image"}).prepare()
    assert tampered(form, body="media_category=tweet_video").status_code == 401  # same length


def test_a_replayed_request_is_401(fake):
    prepared = signer()(requests.Request("GET", f"{fake.url}/2/users/me").prepare())
    with requests.Session() as s:
        assert s.send(prepared.copy()).status_code == 200
        assert s.send(prepared.copy()).status_code == 401  # same nonce and timestamp


def test_a_read_only_token_may_read_but_not_post():
    token = AccessToken("ro-secret-0123456789", "clinic", CREDENTIALS["X_API_KEY"], access_level="read")
    with FakeX(tokens={"1-read-only-token": token}) as fake:
        changes = {"X_ACCESS_TOKEN": "1-read-only-token", "X_ACCESS_TOKEN_SECRET": "ro-secret-0123456789"}
        me = requests.get(f"{fake.url}/2/users/me", **auth(**changes))
        assert me.status_code == 200 and me.headers["x-access-level"] == "read"
        assert tweet(fake, {"text": "hi"}, **changes).status_code == 403


@pytest.mark.parametrize("text, length", [  # twitter-text conformance/validate.yml, v3 config
    ("Hi http://test.co", 26),
    ("H🐱☺👨‍👩‍👧‍👦", 7),
    ("🙋🏽👨‍🎤", 4),
    ("https://www.twitter.com/aloha " * 10, 240),
    ("故人西辞黄鹤楼", 14),
    ("café", 4),
])
def test_fake_counts_like_twitter_text(text, length):
    assert weighted_length(text) == length


def test_created_is_201_with_tco_text_and_over_280_is_400(fake):
    link = "https://clinic.example/articles/heart?utm_source=x&utm_medium=social"
    text = "x" * 256 + " " + link  # 256 + 1 + 23 = 280
    r = tweet(fake, {"text": text})
    assert r.status_code == 201 and r.json()["data"]["text"].endswith(r.json()["data"]["text"].split()[-1])
    assert "t.co" in r.json()["data"]["text"]
    r = tweet(fake, {"text": "y" + text})
    assert r.status_code == 400 and "too long" in r.json()["detail"]
    assert tweet(fake, {"text": "一" * 141}).status_code == 400  # CJK weighs 2


def test_duplicate_content_is_403(fake):
    assert tweet(fake, {"text": "same words"}).status_code == 201
    r = tweet(fake, {"text": "same words"})
    assert r.status_code == 403
    assert r.json()["detail"] == "You are not allowed to create a Tweet with duplicate content."


def test_body_must_be_documented_and_media_owned(fake):
    assert tweet(fake, {"text": "hi", "link": "https://a.example"}).status_code == 400
    assert tweet(fake, {}).status_code == 400
    r = tweet(fake, {"text": "pic", "media": {"media_ids": ["123"]}})
    assert r.status_code == 400 and r.json()["errors"][0]["message"] == "Your media IDs are invalid."


def test_media_upload_and_alt_text_rules(fake):
    missing = requests.post(f"{fake.url}/2/media/upload", **auth(), files={"media": ("a.png", PNG, "image/png")})
    assert missing.status_code == 400  # media_category is required
    not_image = requests.post(f"{fake.url}/2/media/upload", **auth(), data={"media_category": "tweet_image"},
                              files={"media": ("a.txt", b"hello", "text/plain")})
    assert not_image.status_code == 400
    undecodable = requests.post(f"{fake.url}/2/media/upload", **auth(), data={"media_category": "tweet_image"},
                                files={"media": ("a.png", NOT_AN_IMAGE, "image/png")})
    assert undecodable.status_code == 400
    ok = requests.post(f"{fake.url}/2/media/upload", **auth(), data={"media_category": "tweet_image"},
                       files={"media": ("a.png", PNG, "image/png")})
    assert ok.status_code == 200
    media_id = ok.json()["data"]["id"]
    long_alt = {"id": media_id, "metadata": {"alt_text": {"text": "a" * 1001}}}
    assert requests.post(f"{fake.url}/2/media/metadata", json=long_alt, **auth()).status_code == 400
    alt = {"id": media_id, "metadata": {"alt_text": {"text": "A heart"}}}
    assert requests.post(f"{fake.url}/2/media/metadata", json=alt, **auth()).status_code == 200
    assert tweet(fake, {"text": "pic", "media": {"media_ids": [media_id]}}).status_code == 201


def test_timeline_entities_only_on_request_and_delete(fake):
    link = "https://clinic.example/a?utm_source=x"
    made = tweet(fake, {"text": f"Read {link}"}).json()["data"]
    me = requests.get(f"{fake.url}/2/users/me", **auth()).json()["data"]
    plain = requests.get(f"{fake.url}/2/users/{me['id']}/tweets", **auth()).json()
    assert "entities" not in plain["data"][0]
    full = requests.get(f"{fake.url}/2/users/{me['id']}/tweets", **auth(),
                        params={"tweet.fields": "entities", "max_results": 5}).json()
    assert full["data"][0]["entities"]["urls"][0]["expanded_url"] == link
    assert requests.get(f"{fake.url}/2/users/{me['id']}/tweets", **auth(),
                        params={"max_results": 200}).status_code == 400
    assert requests.delete(f"{fake.url}/2/tweets/{made['id']}", **auth()).json() == {"data": {"deleted": True}}
    empty = requests.get(f"{fake.url}/2/users/{me['id']}/tweets", **auth()).json()
    assert empty == {"meta": {"result_count": 0}}


def test_rate_limit_headers_and_429():
    with FakeX(rate_limit=1) as fake:
        first = requests.get(f"{fake.url}/2/users/me", **auth())
        assert first.headers["x-rate-limit-limit"] == "1" and "x-rate-limit-reset" in first.headers
        assert requests.get(f"{fake.url}/2/users/me", **auth()).status_code == 429


def test_the_free_tier_posts_but_cannot_read_a_timeline():
    with FakeX(tier="free") as fake:
        me = requests.get(f"{fake.url}/2/users/me", **auth()).json()["data"]
        assert tweet(fake, {"text": "hi"}).status_code == 201
        r = requests.get(f"{fake.url}/2/users/{me['id']}/tweets", **auth())
        assert r.status_code == 403 and r.json()["reason"] == "client-not-enrolled"
