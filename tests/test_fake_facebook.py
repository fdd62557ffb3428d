"""The Facebook fake rejects what the Graph API rejects (plain HTTP, no client)."""
from __future__ import annotations

import requests

from tests.fakes.facebook import FakeFacebook
from tests.fakes.server import module_fixtures

TOKEN = "fb-page-token-0123456789"
PAGE = "1111"


server, fake = module_fixtures(lambda: FakeFacebook(tokens={TOKEN: PAGE, "other-page-token-000": "2222"}))


def auth(token=TOKEN):
    return {"Authorization": f"Bearer {token}"}


def feed(fake, data, headers=None, version="v25.0"):
    return requests.post(f"{fake.url}/{version}/{PAGE}/feed", data=data,
                         headers=auth() if headers is None else headers, timeout=5)


def test_link_post_answers_page_scoped_id(fake):
    r = feed(fake, {"message": "Hi", "link": "https://example.org/a"})
    assert r.status_code == 200
    assert r.json()["id"].startswith(f"{PAGE}_")
    assert fake.posts[r.json()["id"]]["link"] == "https://example.org/a"


def test_token_may_also_travel_in_the_body(fake):
    assert feed(fake, {"message": "Hi", "access_token": TOKEN}, headers={}).status_code == 200


def test_missing_token(fake):
    r = feed(fake, {"message": "Hi"}, headers={})
    assert r.status_code == 400 and r.json()["error"]["code"] == 2500


def test_bad_token_is_oauth_exception_190(fake):
    r = feed(fake, {"message": "Hi"}, headers=auth("nope"))
    assert r.status_code == 400
    error = r.json()["error"]
    assert error["type"] == "OAuthException" and error["code"] == 190 and "message" in error
    assert "invalid_token" in r.headers["WWW-Authenticate"]
    assert not fake.posts


def test_token_of_another_page_lacks_permission(fake):
    r = feed(fake, {"message": "Hi"}, headers=auth("other-page-token-000"))
    assert r.status_code == 403 and r.json()["error"]["code"] == 200


def test_unknown_version(fake):
    assert feed(fake, {"message": "Hi"}, version="v1.0").status_code == 400


def test_needs_message_or_link(fake):
    r = feed(fake, {})
    assert r.status_code == 400 and r.json()["error"]["code"] == 100


def test_message_limit(fake):
    assert feed(fake, {"message": "a" * 63206}).status_code == 200
    assert feed(fake, {"message": "a" * 63207}).status_code == 400


def test_link_must_be_a_url(fake):
    assert feed(fake, {"message": "Hi", "link": "practice.example/blog"}).status_code == 400


def test_photo_needs_url_and_keeps_alt_text(fake):
    r = requests.post(f"{fake.url}/v25.0/{PAGE}/photos", data={"caption": "Hi"}, headers=auth(), timeout=5)
    assert r.status_code == 400 and r.json()["error"]["code"] == 324
    r = requests.post(f"{fake.url}/v25.0/{PAGE}/photos", headers=auth(), timeout=5,
                      data={"url": "https://example.org/i.png", "caption": "Hi", "alt_text_custom": "A nurse"})
    assert r.status_code == 200
    assert fake.photos[r.json()["id"]]["alt_text_custom"] == "A nurse"
    assert fake.posts[r.json()["post_id"]]["message"] == "Hi"


def test_reading_returns_requested_fields_with_unshimmed_links(fake):
    post_id = feed(fake, {"message": "Hi", "link": "https://example.org/a"}).json()["id"]
    r = requests.get(f"{fake.url}/v25.0/{PAGE}/published_posts", headers=auth(), timeout=5,
                     params={"fields": "id,message,permalink_url,attachments{unshimmed_url,url}"})
    [item] = r.json()["data"]
    assert item["id"] == post_id and item["message"] == "Hi"
    assert item["attachments"]["data"][0]["unshimmed_url"] == "https://example.org/a"
    assert item["attachments"]["data"][0]["url"].startswith("https://l.facebook.com/")
    assert requests.get(f"{fake.url}/v25.0/{PAGE}/feed", params={"limit": 101}, headers=auth(), timeout=5).status_code == 400


def test_delete(fake):
    post_id = feed(fake, {"message": "Hi"}).json()["id"]
    assert requests.delete(f"{fake.url}/v25.0/{post_id}", headers=auth("nope"), timeout=5).json()["error"]["code"] == 190
    r = requests.delete(f"{fake.url}/v25.0/{post_id}", headers=auth(), timeout=5)
    assert r.json() == {"success": True} and not fake.posts
    again = requests.delete(f"{fake.url}/v25.0/{post_id}", headers=auth(), timeout=5)
    assert again.status_code == 400 and again.json()["error"]["code"] == 100


def test_debug_token_and_the_page_node(fake):
    r = requests.get(f"{fake.url}/v25.0/debug_token", params={"input_token": TOKEN}, headers=auth(), timeout=5)
    data = r.json()["data"]
    assert data["is_valid"] and data["type"] == "PAGE" and data["expires_at"] == 0
    assert data["data_access_expires_at"] > 0 and "pages_manage_posts" in data["scopes"]
    assert requests.get(f"{fake.url}/v25.0/debug_token", params={"input_token": "x"}, headers=auth("nope"),
                        timeout=5).json()["error"]["code"] == 190
    assert requests.get(f"{fake.url}/v25.0/{PAGE}", headers=auth(), timeout=5).json()["id"] == PAGE
    assert requests.get(f"{fake.url}/v25.0/2222", headers=auth(), timeout=5).status_code == 403


def test_a_retired_version_is_refused(fake):
    r = feed(fake, {"message": "Hi"}, version="v19.0")
    assert r.status_code == 400 and r.json()["error"]["code"] == 2635
