"""The Mastodon fake refuses what a Mastodon server refuses (direct HTTP, no client code)."""
import pytest
import requests

from tests.fakes.mastodon import FakeMastodon, countable_length
from tests.fakes.images import NOT_AN_IMAGE, PNG

TOKEN = "masto-test-token-0123456789"


@pytest.fixture
def fake():
    with FakeMastodon() as api:
        yield api


def auth(token=TOKEN, **extra):
    return {"Authorization": f"Bearer {token}", **extra}


def test_missing_or_bad_token_is_401_with_mastodon_error(fake):
    for headers in ({}, auth("wrong-token")):
        r = requests.post(f"{fake.url}/api/v1/statuses", data={"status": "hi"}, headers=headers)
        assert r.status_code == 401
        assert r.json() == {"error": "The access token is invalid"}
    assert fake.statuses == {}


def test_blank_status_is_422(fake):
    r = requests.post(f"{fake.url}/api/v1/statuses", data={"status": "  "}, headers=auth())
    assert r.status_code == 422 and r.json()["error"] == "Validation failed: Text can't be blank"


@pytest.mark.parametrize("sent, kept", [("es", "es"), ("pt-BR", "pt-BR"), ("Spanish", None), ("es_ES", None), (None, None)])
def test_the_status_keeps_an_iso_639_language_and_drops_anything_else(fake, sent, kept):
    r = requests.post(f"{fake.url}/api/v1/statuses", headers=auth(),
                      data={"status": "Hola", **({"language": sent} if sent else {})})
    assert r.status_code == 200 and r.json()["language"] == kept


def test_limit_counts_urls_as_23_and_graphemes():
    url = "https://example.org/" + "a" * 200
    assert countable_length(url) == 23
    assert countable_length("👨‍👩‍👧‍👦 é") == 3
    assert countable_length("@alice@example.social hi") == len("@alice hi")


def test_over_the_limit_is_422_with_mastodons_message(fake):
    ok = "x" * 477 + "https://example.org/" + "a" * 300  # 477 + 23 = 500
    assert requests.post(f"{fake.url}/api/v1/statuses", data={"status": ok}, headers=auth()).status_code == 200
    r = requests.post(f"{fake.url}/api/v1/statuses", data={"status": "y" + ok}, headers=auth())
    assert r.status_code == 422
    assert r.json() == {"error": "Validation failed: Text character limit of 500 exceeded"}


def test_idempotency_key_answers_the_same_status(fake):
    h = auth(**{"Idempotency-Key": "article-1:mastodon"})
    first = requests.post(f"{fake.url}/api/v1/statuses", data={"status": "hello"}, headers=h).json()
    again = requests.post(f"{fake.url}/api/v1/statuses", data={"status": "hello"}, headers=h).json()
    assert first["id"] == again["id"] and len(fake.statuses) == 1


def test_media_is_processed_asynchronously_and_must_be_ready(fake):
    r = requests.post(f"{fake.url}/api/v2/media", headers=auth(), data={"description": "A heart"},
                      files={"file": ("a.png", PNG, "image/png")})
    assert r.status_code == 202 and r.json()["url"] is None and r.json()["description"] == "A heart"
    media_id = r.json()["id"]
    early = requests.post(f"{fake.url}/api/v1/statuses", headers=auth(),
                          data={"status": "pic", "media_ids[]": [media_id]})
    assert early.status_code == 422 and "not finished processing" in early.json()["error"]
    codes = [requests.get(f"{fake.url}/api/v1/media/{media_id}", headers=auth()).status_code for _ in range(3)]
    assert codes == [206, 200, 200]
    assert requests.get(f"{fake.url}/api/v1/media/{media_id}", headers=auth()).json()["url"]
    done = requests.post(f"{fake.url}/api/v1/statuses", headers=auth(), data={"status": "pic", "media_ids[]": [media_id]})
    assert done.status_code == 200 and done.json()["media_attachments"][0]["description"] == "A heart"


def test_media_needs_an_image_type_and_a_short_description(fake):
    bad_type = requests.post(f"{fake.url}/api/v2/media", headers=auth(), files={"file": ("a.txt", b"hello", "text/plain")})
    assert bad_type.status_code == 422 and "content type is invalid" in bad_type.json()["error"]
    # A PNG signature over bytes that do not decode is refused: real servers decode uploads.
    undecodable = requests.post(f"{fake.url}/api/v2/media", headers=auth(),
                                files={"file": ("a.png", NOT_AN_IMAGE, "image/png")})
    assert undecodable.status_code == 422
    mislabelled = requests.post(f"{fake.url}/api/v2/media", headers=auth(), files={"file": ("a.jpg", PNG, "image/jpeg")})
    assert mislabelled.status_code == 422
    long_alt = requests.post(f"{fake.url}/api/v2/media", headers=auth(), data={"description": "d" * 1501},
                             files={"file": ("a.png", PNG, "image/png")})
    assert long_alt.status_code == 422


def test_rate_limit_is_429_with_ratelimit_headers_and_no_retry_after():
    with FakeMastodon(rate_limit=1) as fake:
        assert requests.get(f"{fake.url}/api/v1/accounts/verify_credentials", headers=auth()).status_code == 200
        r = requests.get(f"{fake.url}/api/v1/accounts/verify_credentials", headers=auth())
        assert r.status_code == 429 and r.json() == {"error": "Too many requests"}
        assert r.headers["X-RateLimit-Limit"] == "1" and r.headers["X-RateLimit-Remaining"] == "0"
        assert r.headers["X-RateLimit-Reset"].endswith("Z") and "Retry-After" not in r.headers


def test_statuses_are_listed_newest_first_as_html_and_deletable(fake):
    link = "https://clinic.example/a?utm_source=mastodon&utm_medium=social"
    made = requests.post(f"{fake.url}/api/v1/statuses", headers=auth(), data={"status": f"Read\n\n{link}"}).json()
    me = requests.get(f"{fake.url}/api/v1/accounts/verify_credentials", headers=auth()).json()
    listed = requests.get(f"{fake.url}/api/v1/accounts/{me['id']}/statuses", headers=auth()).json()
    assert listed[0]["id"] == made["id"] and "&amp;utm_medium" in listed[0]["content"]
    assert requests.delete(f"{fake.url}/api/v1/statuses/{made['id']}", headers=auth()).json()["text"].startswith("Read")
    assert requests.delete(f"{fake.url}/api/v1/statuses/{made['id']}", headers=auth()).status_code == 404


def test_a_status_reads_for_anyone_while_delete_hides_it_from_other_accounts():
    with FakeMastodon(tokens={"owner-token-0123456789": "clinic", "other-token-0123456789": "other"}) as fake:
        made = requests.post(f"{fake.url}/api/v1/statuses", data={"status": "hello"},
                             headers={"Authorization": "Bearer owner-token-0123456789"}).json()
        other = {"Authorization": "Bearer other-token-0123456789"}
        assert requests.get(f"{fake.url}/api/v1/statuses/{made['id']}").status_code == 200
        assert requests.delete(f"{fake.url}/api/v1/statuses/{made['id']}", headers=other).status_code == 404
        assert requests.get(f"{fake.url}/api/v1/statuses/{made['id']}", headers=other).status_code == 200
        assert requests.get(f"{fake.url}/api/v1/statuses/nope").json() == {"error": "Record not found"}
