"""The Threads fake refuses what the Threads API refuses (direct HTTP, no client code)."""
import pytest
import requests

from tests.fakes.threads import FakeThreads, threads_length

TOKEN = "threads-test-token-0123456789"


@pytest.fixture
def fake():
    with FakeThreads() as api:
        yield api


def create(fake, **data):
    return requests.post(f"{fake.base}/me/threads", data={"access_token": TOKEN, **data})


def test_bad_or_missing_token_is_graph_error_190(fake):
    for token in ({}, {"access_token": "nope"}):
        r = requests.post(f"{fake.base}/me/threads", data={"media_type": "TEXT", "text": "hi", **token})
        assert r.status_code == 400
        assert r.json()["error"]["code"] == 190 and r.json()["error"]["type"] == "OAuthException"


def test_container_rules(fake):
    assert create(fake, media_type="TEXT").status_code == 400  # text required
    assert create(fake, media_type="IMAGE", text="x").status_code == 400  # image_url required
    assert create(fake, media_type="GIF", text="x").status_code == 400
    assert create(fake, media_type="TEXT", text="x", alt_text="no image").status_code == 400
    links = " ".join(f"https://e{i}.example/" for i in range(6))
    r = create(fake, media_type="TEXT", text=links)
    assert r.status_code == 400 and "LINK_LIMIT" in r.json()["error"]["message"]


def test_500_characters_with_emoji_as_utf8_bytes(fake):
    assert threads_length("😷") == 4 and threads_length("é") == 1
    assert create(fake, media_type="TEXT", text="a" * 500).status_code == 200
    assert create(fake, media_type="TEXT", text="a" * 501).status_code == 400
    assert create(fake, media_type="TEXT", text="a" * 497 + "😷").status_code == 400  # 497 + 4


def test_publish_once_and_only_when_finished(fake):
    container = create(fake, media_type="IMAGE", image_url="https://clinic.example/a.png", text="hi",
                       alt_text="A heart").json()["id"]
    publish = {"access_token": TOKEN, "creation_id": container}
    assert requests.post(f"{fake.base}/me/threads_publish", data=publish).status_code == 400  # IN_PROGRESS
    status = lambda: requests.get(f"{fake.base}/{container}",
                                  params={"fields": "status", "access_token": TOKEN}).json()["status"]
    assert [status(), status()] == ["IN_PROGRESS", "FINISHED"]
    r = requests.post(f"{fake.base}/me/threads_publish", data=publish)
    assert r.status_code == 200
    assert requests.post(f"{fake.base}/me/threads_publish", data=publish).status_code == 400  # already published
    assert len(fake.posts) == 1 and fake.posts[r.json()["id"]]["alt_text"] == "A heart"


def test_list_with_fields_and_delete(fake):
    fake.processing_polls = 0
    container = create(fake, media_type="TEXT", text="Read https://clinic.example/a?utm_source=threads").json()["id"]
    media_id = requests.post(f"{fake.base}/me/threads_publish",
                             data={"access_token": TOKEN, "creation_id": container}).json()["id"]
    listed = requests.get(f"{fake.base}/me/threads", params={"fields": "id,permalink,text", "access_token": TOKEN}).json()
    assert listed["data"][0]["id"] == media_id and set(listed["data"][0]) == {"id", "permalink", "text"}
    r = requests.delete(f"{fake.base}/{media_id}", params={"access_token": TOKEN})
    assert r.json() == {"success": True, "deleted_id": media_id}
    assert requests.delete(f"{fake.base}/{media_id}", params={"access_token": TOKEN}).status_code == 400


def test_more_than_one_topic_tag_is_refused(fake):
    assert create(fake, media_type="TEXT", text="One #Heart tag").status_code == 200
    r = create(fake, media_type="TEXT", text="Two #Heart #Health tags")
    assert r.status_code == 400 and "one topic tag" in r.json()["error"]["message"]


def test_debug_token_tells_expiry_and_scopes_and_an_expired_token_is_190(fake):
    r = requests.get(f"{fake.base}/debug_token", params={"input_token": TOKEN, "access_token": TOKEN})
    data = r.json()["data"]
    assert data["is_valid"] and data["expires_at"] == fake.token_info[TOKEN]["expires_at"]
    assert "threads_content_publish" in data["scopes"]
    unknown = requests.get(f"{fake.base}/debug_token", params={"input_token": "nope", "access_token": TOKEN})
    assert unknown.json()["data"]["is_valid"] is False
    fake.token_info[TOKEN]["expires_at"] = 1
    expired = create(fake, media_type="TEXT", text="hi")
    assert expired.status_code == 400 and expired.json()["error"]["error_subcode"] == 463
