"""The Google Business Profile fake rejects what localPosts rejects (plain HTTP, no client)."""
from __future__ import annotations

import pytest
import requests

from tests.fakes.google_business import FakeGoogleBusiness
from tests.fakes.server import module_fixtures

TOKEN = "ya29.gbp-test-token-0123456789"
PARENT = "accounts/1/locations/2"


server, fake = module_fixtures(FakeGoogleBusiness)


def body(**overrides):
    b = {"languageCode": "en", "summary": "Flu shots are in.", "topicType": "STANDARD",
         "callToAction": {"actionType": "LEARN_MORE", "url": "https://example.org/a"},
         "media": [{"mediaFormat": "PHOTO", "sourceUrl": "https://example.org/i.png"}]}
    b.update(overrides)
    return {k: v for k, v in b.items() if v is not None}


def create(fake, payload=None, token=TOKEN, parent=PARENT):
    return requests.post(f"{fake.url}/v4/{parent}/localPosts", json=body() if payload is None else payload,
                         headers={"Authorization": f"Bearer {token}"} if token else {}, timeout=5)


def test_valid_post_returns_the_local_post(fake):
    r = create(fake)
    assert r.status_code == 200
    post = r.json()
    assert post["name"].startswith(f"{PARENT}/localPosts/") and post["state"] == "LIVE" and post["searchUrl"]
    assert fake.posts[post["name"]]["summary"] == "Flu shots are in."


@pytest.mark.parametrize("code, status", [("es", 200), ("en-GB", 200), ("Spanish", 400), ("es_ES", 400), (7, 400)])
def test_language_code_must_be_a_bcp_47_tag(fake, code, status):
    r = create(fake, body(languageCode=code))
    assert r.status_code == status
    if status == 400:
        assert r.json()["error"]["status"] == "INVALID_ARGUMENT" and "languageCode" in r.json()["error"]["message"]


@pytest.mark.parametrize("token", [None, "wrong"])
def test_missing_or_bad_token_is_401_unauthenticated(fake, token):
    r = create(fake, token=token)
    assert r.status_code == 401 and r.json()["error"]["status"] == "UNAUTHENTICATED"
    assert not fake.posts


def test_location_the_user_does_not_manage_is_403(fake):
    r = create(fake, parent="accounts/1/locations/3")
    assert r.status_code == 403 and r.json()["error"]["status"] == "PERMISSION_DENIED"


def test_unknown_fields_are_invalid(fake):
    assert create(fake, body(link="https://example.org/a")).status_code == 400


def test_topic_type_is_required(fake):
    assert create(fake, body(topicType=None)).status_code == 400


def test_summary_limit_is_1500(fake):
    assert create(fake, body(summary="a" * 1500)).status_code == 200
    r = create(fake, body(summary="a" * 1501))
    assert r.status_code == 400 and r.json()["error"]["status"] == "INVALID_ARGUMENT"


def test_call_to_action_rules(fake):
    assert create(fake, body(callToAction={"actionType": "LEARN_MORE"})).status_code == 400
    assert create(fake, body(callToAction={"actionType": "VISIT", "url": "https://example.org/a"})).status_code == 400
    assert create(fake, body(callToAction={"actionType": "CALL", "url": "https://example.org/a"})).status_code == 400
    assert create(fake, body(callToAction={"actionType": "CALL"})).status_code == 200


def test_media_rules(fake):
    assert create(fake, body(media=[{"mediaFormat": "GIF", "sourceUrl": "https://example.org/i.gif"}])).status_code == 400
    assert create(fake, body(media=[{"mediaFormat": "PHOTO"}])).status_code == 400


def test_list_and_page_size(fake):
    name = create(fake).json()["name"]
    headers = {"Authorization": f"Bearer {TOKEN}"}
    r = requests.get(f"{fake.url}/v4/{PARENT}/localPosts", params={"pageSize": 100}, headers=headers, timeout=5)
    assert [p["name"] for p in r.json()["localPosts"]] == [name]
    assert requests.get(f"{fake.url}/v4/{PARENT}/localPosts", params={"pageSize": 101}, headers=headers,
                        timeout=5).status_code == 400


def test_delete(fake):
    name = create(fake).json()["name"]
    headers = {"Authorization": f"Bearer {TOKEN}"}
    assert requests.delete(f"{fake.url}/v4/{name}", headers={"Authorization": "Bearer x"}, timeout=5).status_code == 401
    assert requests.delete(f"{fake.url}/v4/{name}", headers=headers, timeout=5).status_code == 200
    assert not fake.posts
    assert requests.delete(f"{fake.url}/v4/{name}", headers=headers, timeout=5).status_code == 404


def exchange(fake, **form):
    data = {"grant_type": "refresh_token", "client_id": "123-gbp.apps.googleusercontent.com",
            "client_secret": "GOCSPX-gbp-client-secret-0123", "refresh_token": "1//gbp-refresh-token-0123456789",
            **form}
    return requests.post(fake.token_url, data={k: v for k, v in data.items() if v is not None}, timeout=5)


def test_the_token_endpoint_mints_an_access_token_that_localposts_accepts(fake):
    answer = exchange(fake)
    assert answer.status_code == 200
    token = answer.json()
    assert token["token_type"] == "Bearer" and token["expires_in"] == 3599
    assert token["scope"] == "https://www.googleapis.com/auth/business.manage"
    assert create(fake, token=token["access_token"]).status_code == 200


@pytest.mark.parametrize("form, status, error", [
    ({"refresh_token": "1//revoked-or-unknown"}, 400, "invalid_grant"),
    ({"client_secret": "GOCSPX-wrong"}, 401, "invalid_client"),
    ({"client_id": "999-other.apps.googleusercontent.com"}, 401, "invalid_client"),
    ({"grant_type": "authorization_code"}, 400, "unsupported_grant_type"),
])
def test_the_token_endpoint_refuses_as_google_does(fake, form, status, error):
    answer = exchange(fake, **form)
    assert answer.status_code == status and answer.json()["error"] == error
    assert "access_token" not in answer.json()


def test_a_refresh_token_of_another_client_is_invalid_grant():
    with FakeGoogleBusiness(clients={"a": "sa", "b": "sb"}, refresh_tokens={"1//r": ("a", "s", set())}) as api:
        r = requests.post(api.token_url, data={"grant_type": "refresh_token", "client_id": "b", "client_secret": "sb",
                                               "refresh_token": "1//r"}, timeout=5)
        assert r.status_code == 400 and r.json()["error"] == "invalid_grant"
