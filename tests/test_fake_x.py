"""The X fake refuses what X API v2 refuses (direct HTTP, no client code)."""
import pytest
import requests

from tests.fakes.x import FakeX, weighted_length
from tests.fakes.images import NOT_AN_IMAGE, PNG

TOKEN = "x-test-token-0123456789"


@pytest.fixture
def fake():
    with FakeX() as api:
        yield api


def auth(token=TOKEN):
    return {"Authorization": f"Bearer {token}"}


def tweet(fake, body, token=TOKEN):
    return requests.post(f"{fake.url}/2/tweets", json=body, headers=auth(token))


def test_bad_token_is_401_problem(fake):
    for headers in ({}, auth("nope")):
        r = requests.post(f"{fake.url}/2/tweets", json={"text": "hi"}, headers=headers)
        assert r.status_code == 401
        assert r.json() == {"title": "Unauthorized", "type": "about:blank", "status": 401, "detail": "Unauthorized"}


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
    missing = requests.post(f"{fake.url}/2/media/upload", headers=auth(), files={"media": ("a.png", PNG, "image/png")})
    assert missing.status_code == 400  # media_category is required
    not_image = requests.post(f"{fake.url}/2/media/upload", headers=auth(), data={"media_category": "tweet_image"},
                              files={"media": ("a.txt", b"hello", "text/plain")})
    assert not_image.status_code == 400
    undecodable = requests.post(f"{fake.url}/2/media/upload", headers=auth(), data={"media_category": "tweet_image"},
                                files={"media": ("a.png", NOT_AN_IMAGE, "image/png")})
    assert undecodable.status_code == 400
    ok = requests.post(f"{fake.url}/2/media/upload", headers=auth(), data={"media_category": "tweet_image"},
                       files={"media": ("a.png", PNG, "image/png")})
    assert ok.status_code == 200
    media_id = ok.json()["data"]["id"]
    long_alt = {"id": media_id, "metadata": {"alt_text": {"text": "a" * 1001}}}
    assert requests.post(f"{fake.url}/2/media/metadata", json=long_alt, headers=auth()).status_code == 400
    alt = {"id": media_id, "metadata": {"alt_text": {"text": "A heart"}}}
    assert requests.post(f"{fake.url}/2/media/metadata", json=alt, headers=auth()).status_code == 200
    assert tweet(fake, {"text": "pic", "media": {"media_ids": [media_id]}}).status_code == 201


def test_timeline_entities_only_on_request_and_delete(fake):
    link = "https://clinic.example/a?utm_source=x"
    made = tweet(fake, {"text": f"Read {link}"}).json()["data"]
    me = requests.get(f"{fake.url}/2/users/me", headers=auth()).json()["data"]
    plain = requests.get(f"{fake.url}/2/users/{me['id']}/tweets", headers=auth()).json()
    assert "entities" not in plain["data"][0]
    full = requests.get(f"{fake.url}/2/users/{me['id']}/tweets", headers=auth(),
                        params={"tweet.fields": "entities", "max_results": 5}).json()
    assert full["data"][0]["entities"]["urls"][0]["expanded_url"] == link
    assert requests.get(f"{fake.url}/2/users/{me['id']}/tweets", headers=auth(),
                        params={"max_results": 200}).status_code == 400
    assert requests.delete(f"{fake.url}/2/tweets/{made['id']}", headers=auth()).json() == {"data": {"deleted": True}}
    empty = requests.get(f"{fake.url}/2/users/{me['id']}/tweets", headers=auth()).json()
    assert empty == {"meta": {"result_count": 0}}


def test_rate_limit_headers_and_429():
    with FakeX(rate_limit=1) as fake:
        first = requests.get(f"{fake.url}/2/users/me", headers=auth())
        assert first.headers["x-rate-limit-limit"] == "1" and "x-rate-limit-reset" in first.headers
        assert requests.get(f"{fake.url}/2/users/me", headers=auth()).status_code == 429
