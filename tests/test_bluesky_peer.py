"""The Bluesky test peer: a real PDS on loopback, and the behaviour our client relies on.

These tests pin what the PDS (version locked in tests/peers/bluesky/package-lock.json)
accepts and refuses, with the exact XRPC error bodies the client maps to messages.
"""

from __future__ import annotations

import os
import struct
import zlib

import pytest
import requests

from tests.peers.bluesky_pds import PdsPeer

POST = "app.bsky.feed.post"
CREATED_AT = "2024-05-01T12:00:00.000Z"


def png(width: int, height: int, *, noise: bool = False) -> bytes:
    """A valid RGB PNG; with noise it doesn't compress (size ~ width*height*3)."""
    rows = b"".join(
        b"\x00" + (os.urandom(width * 3) if noise else bytes((20, 120, 200)) * width) for _ in range(height)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


class Client:
    """Just enough XRPC for these tests: a logged-in account on the peer."""

    def __init__(self, peer: PdsPeer, prefix: str) -> None:
        self.peer = peer
        self.handle, self.did, self.password = peer.create_account(prefix)
        resp = requests.post(
            peer.xrpc_url("com.atproto.server.createSession"),
            json={"identifier": self.handle, "password": self.password},
            timeout=30,
        )
        assert resp.status_code == 200, resp.text
        self.session = resp.json()
        self.headers = {"Authorization": f"Bearer {self.session['accessJwt']}"}

    def post(self, nsid: str, *, headers: dict | None = None, **kwargs) -> requests.Response:
        return requests.post(self.peer.xrpc_url(nsid), headers={**self.headers, **(headers or {})}, timeout=30, **kwargs)

    def create_post(self, text: str, *, rkey: str | None = None, **fields) -> requests.Response:
        body = {"repo": self.did, "collection": POST, "record": {"$type": POST, "text": text, "createdAt": CREATED_AT, **fields}}
        if rkey is not None:
            body["rkey"] = rkey
        return self.post("com.atproto.repo.createRecord", json=body)

    def get_record(self, rkey: str) -> requests.Response:
        return requests.get(
            self.peer.xrpc_url("com.atproto.repo.getRecord"),
            params={"repo": self.did, "collection": POST, "rkey": rkey},
            timeout=30,
        )

    def upload_png(self, data: bytes) -> dict:
        resp = self.post("com.atproto.repo.uploadBlob", data=data, headers={"Content-Type": "image/png"})
        assert resp.status_code == 200, resp.text
        return resp.json()["blob"]


@pytest.fixture(scope="module")
def client(pds: PdsPeer) -> Client:  # noqa: F811
    return Client(pds, "peer-test")


def rkey_of(uri: str) -> str:
    return uri.rsplit("/", 1)[1]


def listening_addresses(port: int) -> set[str]:
    """Local addresses (hex, as in /proc/net/tcp*) of the sockets listening on port."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = open(table).read().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, _remote, state = line.split()[1:4]
            addr, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                found.add(addr)
    return found


def test_peer_is_on_loopback(pds: PdsPeer) -> None:  # noqa: F811
    assert pds.url.startswith("http://localhost:")
    for url in (pds.url, pds.plc_url):
        port = int(url.rsplit(":", 1)[1])
        assert listening_addresses(port) == {"0100007F"}, f"{url} must listen on 127.0.0.1 only"
    assert requests.get(f"{pds.url}/xrpc/_health", timeout=5).json()["version"]
    desc = requests.get(pds.xrpc_url("com.atproto.server.describeServer"), timeout=5).json()
    assert desc["availableUserDomains"] == [".test"]
    assert desc["inviteCodeRequired"] is False


def test_create_session(pds: PdsPeer) -> None:  # noqa: F811
    c = Client(pds, "session")
    assert c.session["did"] == c.did
    assert c.session["handle"] == c.handle
    assert c.session["accessJwt"] and c.session["refreshJwt"]

    bad = requests.post(
        pds.xrpc_url("com.atproto.server.createSession"),
        json={"identifier": c.handle, "password": "wrong password"},
        timeout=30,
    )
    assert bad.status_code == 401
    assert bad.json() == {"error": "AuthenticationRequired", "message": "Invalid identifier or password"}


def test_create_and_get_post(client: Client) -> None:
    resp = client.create_post("Hello from the test peer")
    assert resp.status_code == 200, resp.text
    created = resp.json()
    assert created["uri"].startswith(f"at://{client.did}/{POST}/")
    assert created["validationStatus"] == "valid"

    got = client.get_record(rkey_of(created["uri"]))
    assert got.status_code == 200, got.text
    body = got.json()
    assert body["uri"] == created["uri"]
    assert body["cid"] == created["cid"]
    assert body["value"] == {"$type": POST, "text": "Hello from the test peer", "createdAt": CREATED_AT}


def test_create_without_auth_is_refused(pds: PdsPeer, client: Client) -> None:  # noqa: F811
    resp = requests.post(
        pds.xrpc_url("com.atproto.repo.createRecord"),
        json={"repo": client.did, "collection": POST, "record": {"$type": POST, "text": "x", "createdAt": CREATED_AT}},
        timeout=30,
    )
    assert resp.status_code == 401
    assert resp.json() == {"error": "AuthMissing", "message": "Authentication Required"}


def test_300_graphemes_accepted_301_refused(client: Client) -> None:
    # "e" + combining acute: one grapheme, two code points, three UTF-8 bytes.
    assert client.create_post("e\u0301" * 300).status_code == 200

    resp = client.create_post("e\u0301" * 301)
    assert resp.status_code == 400
    assert resp.json() == {
        "error": "InvalidRequest",
        "message": "Invalid app.bsky.feed.post record: grapheme too big (maximum 300, got 301) at $.record.text",
    }


def test_over_3000_bytes_refused(client: Client) -> None:
    resp = client.create_post("a" * 3001)
    assert resp.status_code == 400
    assert resp.json() == {
        "error": "InvalidRequest",
        "message": "Invalid app.bsky.feed.post record: string too big (maximum 3000, got 3001) at $.record.text",
    }


def link_facet(start: int, end: int, uri: str) -> dict:
    return {
        "index": {"byteStart": start, "byteEnd": end},
        "features": [{"$type": "app.bsky.richtext.facet#link", "uri": uri}],
    }


def test_link_facet_at_utf8_byte_offsets(client: Client) -> None:
    url = "https://example.com/articles/café"
    text = f"Café ☕ – read: {url} 👩‍⚕️"
    data = text.encode("utf-8")
    start = data.index(url.encode("utf-8"))
    end = start + len(url.encode("utf-8"))
    assert start != text.index(url)  # byte offsets, not code point offsets

    resp = client.create_post(text, facets=[link_facet(start, end, url)])
    assert resp.status_code == 200, resp.text
    got = client.get_record(rkey_of(resp.json()["uri"])).json()["value"]
    index = got["facets"][0]["index"]
    assert got["text"].encode("utf-8")[index["byteStart"] : index["byteEnd"]].decode("utf-8") == url


def test_malformed_facets_refused(client: Client) -> None:
    text = "read https://example.com/x"
    start = text.index("https")

    resp = client.create_post(text, facets=[link_facet(start, len(text), "not a uri")])
    assert resp.status_code == 400
    assert resp.json() == {
        "error": "InvalidRequest",
        "message": 'Invalid app.bsky.feed.post record: Invalid uri (got "not a uri") at $.record.facets[0].features[0].uri',
    }

    resp = client.create_post(text, facets=[link_facet(-1, len(text), "https://example.com/x")])
    assert resp.status_code == 400
    assert resp.json() == {
        "error": "InvalidRequest",
        "message": "Invalid app.bsky.feed.post record: integer too small (minimum 0, got -1) at $.record.facets[0].index.byteStart",
    }

    # Note: the PDS does NOT check byte ranges against the text: a range past the
    # end, or with byteEnd < byteStart, is stored as is. Our client must get them right.
    resp = client.create_post(text, facets=[link_facet(start, len(text) + 50, "https://example.com/x")])
    assert resp.status_code == 200


def test_upload_blob_and_thumb_size_limit(client: Client) -> None:
    small = png(16, 16)
    blob = client.upload_png(small)
    assert blob["$type"] == "blob"
    assert blob["mimeType"] == "image/png"
    assert blob["size"] == len(small)

    def external(thumb: dict) -> dict:
        return {
            "$type": "app.bsky.embed.external",
            "external": {"uri": "https://example.com/a", "title": "Title", "description": "Description", "thumb": thumb},
        }

    resp = client.create_post("with a card", embed=external(blob))
    assert resp.status_code == 200, resp.text

    # uploadBlob takes up to 5 MB; the record's lexicon allows a thumb of at most 1,000,000 bytes.
    big = png(620, 620, noise=True)
    assert len(big) > 1_000_000
    big_blob = client.upload_png(big)
    resp = client.create_post("with a big card", embed=external(big_blob))
    assert resp.status_code == 400
    assert resp.json() == {
        "error": "InvalidRequest",
        "message": f"Invalid app.bsky.feed.post record: blob too big (maximum 1000000, got {len(big)}) "
        "at $.record.embed.external.thumb",
    }


def test_explicit_rkey_twice_is_refused(client: Client) -> None:
    # Posts' record keys must be TIDs: 13 chars of base32-sortable, first in [2-7a-j].
    rkey = "3kzzzzzzzzzz2"
    first = client.create_post("first", rkey=rkey)
    assert first.status_code == 200, first.text
    assert first.json()["uri"] == f"at://{client.did}/{POST}/{rkey}"

    second = client.create_post("second", rkey=rkey)
    # The PDS refuses it, but as a 500 (its log says "There is already a value at
    # key: app.bsky.feed.post/<rkey>"), not as a 4xx: a client that retries on 5xx
    # must look the record up with getRecord to tell "already posted" apart.
    assert second.status_code == 500
    assert second.json() == {"error": "InternalServerError", "message": "Internal Server Error"}

    kept = client.get_record(rkey).json()
    assert kept["value"]["text"] == "first"
    assert kept["cid"] == first.json()["cid"]


def test_non_tid_rkey_refused_for_posts(client: Client) -> None:
    resp = client.create_post("slug key", rkey="my-article-slug")
    assert resp.status_code == 400
    assert resp.json() == {
        "error": "InvalidRequest",
        "message": 'Invalid record key for app.bsky.feed.post: Invalid TID string (got "my-article-slug") at $',
    }


def test_delete_record(client: Client) -> None:
    created = client.create_post("to be deleted").json()
    rkey = rkey_of(created["uri"])
    assert client.get_record(rkey).status_code == 200

    resp = client.post("com.atproto.repo.deleteRecord", json={"repo": client.did, "collection": POST, "rkey": rkey})
    assert resp.status_code == 200, resp.text

    gone = client.get_record(rkey)
    assert gone.status_code == 400
    assert gone.json() == {"error": "RecordNotFound", "message": f"Could not locate record: {created['uri']}"}

    # Deleting again is not an error.
    again = client.post("com.atproto.repo.deleteRecord", json={"repo": client.did, "collection": POST, "rkey": rkey})
    assert again.status_code == 200
