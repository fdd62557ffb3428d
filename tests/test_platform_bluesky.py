"""The Bluesky client against a real PDS on loopback (tests/peers), not a fake.

The PDS validates records against the real lexicons (grapheme and byte limits, facet and
embed shapes, thumb size, TID record keys), so what passes here is what bsky.social takes.
What the PDS does not check (facet byte ranges against the text) is asserted here.
"""
from __future__ import annotations

import logging
import os

import pytest
import requests
from PIL import Image

from syndicate.platforms import PlatformError, Posted, Teaser, platform_class
from syndicate.platforms.bluesky import Bluesky, facets, record_key
from tests.fakes.proxy import ForwardingProxy
from tests.peers.bluesky_pds import PdsPeer

POST = "app.bsky.feed.post"
ARTICLE = "https://clinic.example/blog/flu-shot-2024/"
LINK = ARTICLE + "?utm_source=bluesky&utm_medium=social&utm_campaign=flu-shot-2024"
# Accents, a ZWJ emoji sequence and a keycap before the link: bytes, code points and
# graphemes all differ, so only true UTF-8 byte offsets slice the text right.
TEXT = f"Café, crème brûlée 👩‍⚕️ and 1️⃣ flu shot: get yours. #FluSeason #Santé\n\n{LINK}"


class Account:
    def __init__(self, peer: PdsPeer, prefix: str):
        self.peer = peer
        self.handle, self.did, self.password = peer.create_account(prefix)
        self.env = {"BLUESKY_HANDLE": self.handle, "BLUESKY_APP_PASSWORD": self.password}

    def platform(self, api_base: str | None = None) -> Bluesky:
        return Bluesky(options={"api_base": api_base or self.peer.url}, env=self.env)

    def record(self, rkey: str) -> requests.Response:
        return requests.get(self.peer.xrpc_url("com.atproto.repo.getRecord"),
                            params={"repo": self.did, "collection": POST, "rkey": rkey}, timeout=10)

    def records(self) -> list[dict]:
        r = requests.get(self.peer.xrpc_url("com.atproto.repo.listRecords"),
                         params={"repo": self.did, "collection": POST, "limit": 100}, timeout=10)
        assert r.status_code == 200, r.text
        return r.json()["records"]


@pytest.fixture
def account(pds: PdsPeer) -> Account:  # noqa: F811
    return Account(pds, "bsky-client")


def teaser(text: str = TEXT, image_path: str | None = None, link: str = LINK) -> Teaser:
    p = Bluesky(env={})
    return Teaser(slug="flu-shot-2024", platform="bluesky", text=text, link=link, title="Flu shots in 2024",
                  description="Who should get one, and when.", image_url=None, image_path=image_path,
                  image_alt="A nurse giving a flu shot", length=p.count(text), limit=p.limit)


def image(path, size: tuple[int, int], *, noise: bool = False) -> str:
    data = os.urandom(size[0] * size[1] * 3) if noise else bytes((20, 120, 200)) * (size[0] * size[1])
    Image.frombytes("RGB", size, data).save(path, "PNG")
    return str(path)


def rkey_of(posted: Posted) -> str:
    return posted.id.rsplit("/", 1)[1]


# --- pure rules ---------------------------------------------------------------
def test_registry_and_shape():
    assert platform_class("bluesky") is Bluesky
    assert Bluesky.env_vars == ("BLUESKY_HANDLE", "BLUESKY_APP_PASSWORD")
    assert Bluesky.default_limit == 300 and Bluesky.link_in_text and Bluesky.idempotent


def test_count_is_graphemes_with_the_byte_cap_folded_in():
    p = Bluesky(env={})
    assert p.count("a" * 300) == 300
    assert p.count("e\u0301" * 300) == 300  # e + combining acute: one grapheme each
    assert p.count("Flu 👩‍⚕️ 🇫🇷 1️⃣") == 9  # a ZWJ sequence, a flag and a keycap: one each
    # 120 family emoji: 120 graphemes but 3000 bytes, the other limit -> counted as 300.
    assert p.count("👨‍👩‍👧‍👦" * 120) == 300
    assert p.count("👨‍👩‍👧‍👦" * 121) > 300


def test_record_key_is_a_stable_tid():
    k = record_key("flu-shot-2024:bluesky")
    assert k == record_key("flu-shot-2024:bluesky") != record_key("other:bluesky")
    assert len(k) == 13 and k[0] in "234567abcdefghij"
    assert set(k) <= set("234567abcdefghijklmnopqrstuvwxyz")


def test_facets_byte_offsets():
    text = "é #Tag, ☕ #2024 x#no https://a.example/p?q=1. (https://b.example/x)"
    data = text.encode()
    got = [(data[f["index"]["byteStart"]:f["index"]["byteEnd"]].decode(), f["features"][0]) for f in facets(text)]
    assert got == [
        ("#Tag", {"$type": "app.bsky.richtext.facet#tag", "tag": "Tag"}),
        ("https://a.example/p?q=1", {"$type": "app.bsky.richtext.facet#link", "uri": "https://a.example/p?q=1"}),
        ("https://b.example/x", {"$type": "app.bsky.richtext.facet#link", "uri": "https://b.example/x"}),
    ]


# --- against the PDS ----------------------------------------------------------
def test_post_writes_text_facets_card_and_thumb(account, tmp_path):
    p = account.platform()
    posted = p.post(teaser(image_path=image(tmp_path / "share.png", (120, 63))), "flu-shot-2024:bluesky")

    assert posted.id == f"at://{account.did}/{POST}/{record_key('flu-shot-2024:bluesky')}"
    assert posted.url == f"https://bsky.app/profile/{account.handle}/post/{rkey_of(posted)}"
    got = account.record(rkey_of(posted))
    assert got.status_code == 200, got.text
    value = got.json()["value"]
    assert value["text"] == TEXT
    assert value["langs"] == ["en"]
    assert value["createdAt"].endswith("Z") and "T" in value["createdAt"]

    data = value["text"].encode("utf-8")
    spans = {data[f["index"]["byteStart"]:f["index"]["byteEnd"]].decode("utf-8"): f["features"] for f in value["facets"]}
    assert spans == {
        LINK: [{"$type": "app.bsky.richtext.facet#link", "uri": LINK}],
        "#FluSeason": [{"$type": "app.bsky.richtext.facet#tag", "tag": "FluSeason"}],
        "#Santé": [{"$type": "app.bsky.richtext.facet#tag", "tag": "Santé"}],
    }
    assert value["facets"][-1]["index"]["byteStart"] != TEXT.index(LINK)  # bytes, not characters

    card = value["embed"]
    assert card["$type"] == "app.bsky.embed.external"
    assert {k: card["external"][k] for k in ("uri", "title", "description")} == {
        "uri": LINK, "title": "Flu shots in 2024", "description": "Who should get one, and when."}
    thumb = card["external"]["thumb"]
    assert thumb["$type"] == "blob" and thumb["mimeType"] == "image/png"
    assert thumb["size"] == os.path.getsize(tmp_path / "share.png")


def test_post_twice_with_the_same_key_makes_one_post(account):
    p = account.platform()
    first = p.post(teaser(), "flu-shot-2024:bluesky")
    again = account.platform().post(teaser(), "flu-shot-2024:bluesky")  # a rerun: fresh client
    assert again.id == first.id and again.extra["cid"] == first.extra["cid"]
    assert [r["uri"] for r in account.records()] == [first.id]

    other = p.post(teaser(), "another-article:bluesky")
    assert other.id != first.id and len(account.records()) == 2


def test_find_by_key_then_by_link_and_delete(account):
    p = account.platform()
    assert p.find(teaser(), "flu-shot-2024:bluesky") is None
    posted = p.post(teaser(), "flu-shot-2024:bluesky")
    assert p.find(teaser(), "flu-shot-2024:bluesky") == posted

    # A post made another way (typed by hand, no facets, no card): no derived key, found by
    # the article URL in its text.
    by_hand = requests.post(account.peer.xrpc_url("com.atproto.repo.createRecord"), timeout=10,
                            headers={"Authorization": f"Bearer {p.account['accessJwt']}"},
                            json={"repo": account.did, "collection": POST, "record": {
                                "$type": POST, "text": f"New on the blog: {ARTICLE}", "createdAt": "2024-05-01T12:00:00.000Z"}})
    assert by_hand.status_code == 200, by_hand.text
    found = p.find(teaser(), "key-never-posted")
    assert found is not None and found.id == by_hand.json()["uri"]
    assert p.find(teaser(link="https://clinic.example/blog/other/?utm_source=bluesky"), "nope") is None

    p.delete(posted)
    assert account.record(rkey_of(posted)).json()["error"] == "RecordNotFound"
    assert p.find(teaser(), "flu-shot-2024:bluesky").id == by_hand.json()["uri"]  # only the other one left
    p.delete(posted)  # deleting twice is not an error


def test_bad_app_password_names_the_variable_and_hides_it(account, caplog, capfd):
    caplog.set_level(logging.DEBUG)
    secret = "wrong-app-password-1234"
    p = Bluesky(options={"api_base": account.peer.url},
                env={"BLUESKY_HANDLE": account.handle, "BLUESKY_APP_PASSWORD": secret})
    with pytest.raises(PlatformError) as exc:
        p.post(teaser(), "k")
    assert exc.value.env_var == "BLUESKY_APP_PASSWORD" and exc.value.status == 401
    assert "BLUESKY_APP_PASSWORD" in str(exc.value)
    out = capfd.readouterr()
    for text in (str(exc.value), repr(exc.value.args), caplog.text, out.out, out.err):
        assert secret not in text


def test_missing_credentials():
    with pytest.raises(PlatformError, match="BLUESKY_HANDLE is not set"):
        Bluesky(options={"api_base": "http://127.0.0.1:9"}, env={}).post(teaser(), "k")


def test_over_long_teaser_refused_by_the_pds_without_leaking_tokens(account, caplog, capfd):
    caplog.set_level(logging.DEBUG)
    p = account.platform()
    long = teaser(text="e\u0301" * 301)
    assert long.length == 301 and not long.fits
    with pytest.raises(PlatformError) as exc:
        p.post(long, "too-long")
    assert exc.value.status == 400 and not exc.value.retryable
    assert "grapheme too big (maximum 300, got 301)" in str(exc.value)
    out = capfd.readouterr()
    for secret in (account.password, p.account["accessJwt"], p.account["refreshJwt"]):
        for text in (str(exc.value), caplog.text, out.out, out.err):
            assert secret not in text
    assert account.records() == []


def test_image_over_a_megabyte_posts_without_thumb(account, tmp_path, caplog):
    big = image(tmp_path / "big.png", (620, 620), noise=True)
    assert os.path.getsize(big) > 1_000_000
    p = account.platform()
    with caplog.at_level(logging.WARNING, logger="syndicate.platforms.bluesky"):
        posted = p.post(teaser(image_path=big), "big-image")
    external = account.record(rkey_of(posted)).json()["value"]["embed"]["external"]
    assert external["uri"] == LINK and "thumb" not in external
    assert "over the card's 1000000-byte limit" in caplog.text


def test_missing_image_file_posts_without_thumb(account, tmp_path):
    posted = account.platform().post(teaser(image_path=str(tmp_path / "absent.png")), "no-image")
    assert "thumb" not in account.record(rkey_of(posted)).json()["value"]["embed"]["external"]


def test_expired_access_token_is_renewed(account):
    p = account.platform()
    p.account["accessJwt"] = p.account["accessJwt"][:-4] + "AAAA"  # a token the PDS refuses
    posted = p.post(teaser(), "renewed")
    assert account.record(rkey_of(posted)).status_code == 200


# --- retries, through a loopback proxy in front of the PDS ----------------------
@pytest.fixture
def proxy(pds: PdsPeer):  # noqa: F811
    with ForwardingProxy(pds.url) as p:
        yield p


def test_503_and_429_with_retry_after_are_retried(account, proxy):
    p = account.platform(proxy.url)
    proxy.fail_next(503, retry_after="1", path_prefix="/xrpc/com.atproto.repo.putRecord")
    proxy.fail_next(429, retry_after="1", path_prefix="/xrpc/com.atproto.server.createSession")
    posted = p.post(teaser(), "retried")
    assert account.record(rkey_of(posted)).status_code == 200
    writes = [r for r in proxy.requests if r.path.endswith("putRecord")]
    assert len(writes) == 2 and len(account.records()) == 1


def test_lost_answer_to_a_write_does_not_double_post(account, proxy):
    # The PDS stored the post but our answer was lost (a 502); the session retries the
    # write, the PDS refuses the taken key, and post() returns the stored post.
    p = account.platform(proxy.url)
    proxy.lose_next("/xrpc/com.atproto.repo.putRecord")
    posted = p.post(teaser(), "lost-answer")
    assert [r["uri"] for r in account.records()] == [posted.id]
    assert len([r for r in proxy.requests if r.path.endswith("putRecord")]) == 2


def test_a_spanish_teaser_is_posted_with_its_language(account):
    from dataclasses import replace
    p = account.platform()
    posted = p.post(replace(teaser(text="Ya llegaron las vacunas contra la gripe."), lang="es"), "flu-es:bluesky")
    assert account.record(rkey_of(posted)).json()["value"]["langs"] == ["es"]
