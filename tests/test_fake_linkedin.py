"""The LinkedIn fake rejects what the real Posts/Images APIs reject (plain HTTP, no client)."""
from __future__ import annotations

from urllib.parse import quote

import pytest
import requests

from tests.fakes.linkedin import FakeLinkedIn, little_text_error
from tests.fakes.server import module_fixtures
from tests.fakes.images import NOT_AN_IMAGE, PNG

TOKEN = "li-test-token-0123456789"
ORG = "urn:li:organization:123"


server, fake = module_fixtures(FakeLinkedIn)


def headers(token=TOKEN, version="202605", protocol="2.0.0"):
    h = {"Authorization": f"Bearer {token}"} if token else {}
    if version:
        h["LinkedIn-Version"] = version
    if protocol:
        h["X-Restli-Protocol-Version"] = protocol
    return h


def body(**overrides):
    b = {"author": ORG, "commentary": "Hello", "visibility": "PUBLIC",
         "distribution": {"feedDistribution": "MAIN_FEED", "targetEntities": [], "thirdPartyDistributionChannels": []},
         "content": {"article": {"source": "https://example.org/a", "title": "A"}},
         "lifecycleState": "PUBLISHED", "isReshareDisabledByAuthor": False}
    b.update(overrides)
    return b


def create(fake, payload=None, **kw):
    return requests.post(f"{fake.url}/rest/posts", json=payload or body(), headers=headers(**kw), timeout=5)


def test_valid_post_answers_201_with_urn_in_header(fake):
    r = create(fake)
    assert r.status_code == 201
    assert r.headers["x-restli-id"].startswith("urn:li:share:")
    assert list(fake.posts) == [r.headers["x-restli-id"]]


@pytest.mark.parametrize("token,code", [(None, "EMPTY_ACCESS_TOKEN"), ("wrong", "INVALID_ACCESS_TOKEN")])
def test_missing_or_bad_token_is_401(fake, token, code):
    r = create(fake, token=token)
    assert r.status_code == 401
    assert r.json()["code"] == code and r.json()["status"] == 401
    assert not fake.posts


def test_version_header_is_required_and_must_be_active(fake):
    assert create(fake, version=None).json()["code"] == "VERSION_MISSING"
    assert create(fake, version="2026-05").status_code == 426
    fake.active_versions = {"202605"}
    assert create(fake, version="202401").status_code == 426


def test_restli_protocol_header_is_required(fake):
    assert create(fake, protocol=None).status_code == 400


def test_author_must_be_an_organization_the_token_administers(fake):
    assert create(fake, body(author="urn:li:organization:999")).status_code == 403


@pytest.mark.parametrize("field", ["author", "visibility", "distribution", "lifecycleState"])
def test_required_fields(fake, field):
    payload = body()
    del payload[field]
    assert create(fake, payload).status_code == 422


def test_commentary_limit_is_3000(fake):
    assert create(fake, body(commentary="a" * 3000)).status_code == 201
    assert create(fake, body(commentary="a" * 3001)).status_code == 422


@pytest.mark.parametrize("text", ["Flu (influenza)", "a_b", "# alone", "50% * 2", "a ~ b", "x\\y", "<b>", "me@home", "a|b"])
def test_unescaped_reserved_characters_are_refused(fake, text):
    r = create(fake, body(commentary=text))
    assert r.status_code == 422 and r.json()["code"] == "INVALID_LITTLE_TEXT"


@pytest.mark.parametrize("text", [
    r"Flu \(influenza\)", r"a\_b", r"50% \* 2", r"x\\y", "#FluShots are here",
    "Get your {hashtag|#|FluShot} today", "Hi @[Acme](urn:li:organization:1234)",
])
def test_escaped_text_and_documented_elements_are_accepted(fake, text):
    assert little_text_error(text) is None
    assert create(fake, body(commentary=text)).status_code == 201


def test_article_needs_source_and_title(fake):
    assert create(fake, body(content={"article": {"source": "https://example.org/a"}})).status_code == 422
    assert create(fake, body(content={"article": {"title": "A"}})).status_code == 422


def test_thumbnail_must_be_an_uploaded_image(fake):
    payload = body(content={"article": {"source": "https://example.org/a", "title": "A", "thumbnail": "urn:li:image:nope"}})
    assert create(fake, payload).status_code == 400


def test_image_upload_flow(fake):
    init = requests.post(f"{fake.url}/rest/images", params={"action": "initializeUpload"}, headers=headers(),
                         json={"initializeUploadRequest": {"owner": ORG}}, timeout=5)
    assert init.status_code == 200
    value = init.json()["value"]
    assert requests.put(value["uploadUrl"], data=b"not an image", headers=headers(), timeout=5).status_code == 400
    # A PNG signature over bytes that do not decode is not an image either.
    assert requests.put(value["uploadUrl"], data=NOT_AN_IMAGE, headers=headers(), timeout=5).status_code == 400
    assert requests.put(value["uploadUrl"], data=PNG, headers={"Authorization": "Bearer wrong"}, timeout=5).status_code == 401
    assert requests.put(value["uploadUrl"], data=PNG, headers=headers(), timeout=5).status_code == 201
    payload = body(content={"article": {"source": "https://example.org/a", "title": "A", "thumbnail": value["image"]}})
    assert create(fake, payload).status_code == 201


def test_image_owner_must_be_permitted(fake):
    r = requests.post(f"{fake.url}/rest/images", params={"action": "initializeUpload"}, headers=headers(),
                      json={"initializeUploadRequest": {"owner": "urn:li:organization:999"}}, timeout=5)
    assert r.status_code == 403


def test_finder_by_author(fake):
    urn = create(fake).headers["x-restli-id"]
    r = requests.get(f"{fake.url}/rest/posts", params={"q": "author", "author": ORG, "count": 10}, headers=headers(), timeout=5)
    assert [e["id"] for e in r.json()["elements"]] == [urn]
    assert requests.get(f"{fake.url}/rest/posts", params={"author": ORG}, headers=headers(), timeout=5).status_code == 400
    assert requests.get(f"{fake.url}/rest/posts", params={"q": "author", "author": ORG, "count": 101},
                        headers=headers(), timeout=5).status_code == 400


def test_delete_needs_an_encoded_urn(fake):
    urn = create(fake).headers["x-restli-id"]
    assert requests.delete(f"{fake.url}/rest/posts/{urn}", headers=headers(), timeout=5).status_code == 400
    assert requests.delete(f"{fake.url}/rest/posts/{quote(urn, safe='')}", headers=headers(), timeout=5).status_code == 204
    assert not fake.posts
    assert requests.delete(f"{fake.url}/rest/posts/{quote(urn, safe='')}", headers=headers(), timeout=5).status_code == 404


def test_the_same_content_twice_is_422_duplicate_post_naming_the_first(fake):
    """LinkedIn refuses a repeat of a post's content and names the post that holds it."""
    payload = body(commentary="Same words", content={"article": {"source": "https://example.org/a", "title": "A"}})
    first = create(fake, payload)
    assert first.status_code == 201
    again = create(fake, payload)
    assert again.status_code == 422 and again.json()["code"] == "DUPLICATE_POST"
    assert again.json()["message"] == f"Content is a duplicate of {first.headers['x-restli-id']}"
    changed = create(fake, {**payload, "commentary": "Other words"})
    assert changed.status_code == 201


def test_introspection_tells_expiry_and_scopes_to_the_app_only(fake):
    import requests
    url = f"{fake.url}/oauth/v2/introspectToken"
    ok = requests.post(url, data={"client_id": "78li-client-id", "client_secret": "li-client-secret-0123456789",
                                  "token": TOKEN}, timeout=5).json()
    assert ok["active"] and ok["status"] == "active" and ok["auth_type"] == "3L"
    assert ok["expires_at"] == fake.token_info[TOKEN]["expires_at"] and "w_organization_social" in ok["scope"]
    wrong = requests.post(url, data={"client_id": "78li-client-id", "client_secret": "nope", "token": TOKEN}, timeout=5)
    assert wrong.status_code == 401 and wrong.json()["error"] == "invalid_client"
    unknown = requests.post(url, data={"client_id": "78li-client-id", "client_secret": "li-client-secret-0123456789",
                                       "token": "other"}, timeout=5).json()
    assert unknown["active"] is False


def test_an_expired_token_is_401_expired(fake):
    fake.token_info[TOKEN]["expires_at"] = 1
    r = create(fake)
    assert r.status_code == 401 and r.json()["code"] == "EXPIRED_ACCESS_TOKEN"
