"""Bluesky: a post record written to the account's own PDS over the AT Protocol's XRPC HTTP API.

Credentials (environment only):
  BLUESKY_HANDLE        the account handle (or DID), e.g. clinic.bsky.social
  BLUESKY_APP_PASSWORD  an app password (Settings > Privacy and security > App passwords),
                        never the account password

Options: `BlueskyOptions` below (`api_base`, the PDS).

Rules, from the lexicons (github.com/bluesky-social/atproto/lexicons) and docs.bsky.app:
- app.bsky.feed.post `text`: maxGraphemes 300 and maxLength 3000 (UTF-8 bytes); `createdAt`
  a datetime; `langs` at most 3 language tags. The PDS validates all of this.
- Links and hashtags are only clickable with app.bsky.richtext.facet annotations whose
  byteStart/byteEnd count UTF-8 bytes, start inclusive, end exclusive
  ("Links, mentions, and rich text", docs.bsky.app/docs/advanced-guides/post-richtext).
- The link card is app.bsky.embed.external {uri, title, description, thumb?}; thumb is a
  blob from com.atproto.repo.uploadBlob, accept image/*, maxSize 1,000,000 bytes.
- app.bsky.feed.post records use `tid` record keys (atproto.com/specs/record-key,
  atproto.com/specs/tid): 13 base32-sortable characters, first one of 234567abcdefghij.
"""
from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timezone

import grapheme
import requests

from .. import clock
from ..http import hide_in_logs
from . import _text
from ._rest import BearerAuth, json_of, mentions, same_article, send, share_image
from .base import Credentials, Platform, PlatformError, Posted, Teaser
from .options import Options, setting

log = logging.getLogger(__name__)

COLLECTION = "app.bsky.feed.post"
MAX_GRAPHEMES = 300
MAX_BYTES = 3000
MAX_THUMB_BYTES = 1_000_000  # app.bsky.embed.external#external.thumb maxSize
FIND_PAGES = 5  # listRecords pages (100 records each) scanned when the derived key misses

# TID record keys: 64-bit integer, top bit 0, 53 bits of microseconds, 10 bits of clock id.
_B32 = "234567abcdefghijklmnopqrstuvwxyz"
_TID_EPOCH_US = int(datetime(2023, 1, 1, tzinfo=timezone.utc).timestamp() * 1_000_000)
_TID_SPAN_US = 365 * 24 * 3600 * 1_000_000

# Ported from @atproto/api rich-text (util.ts TAG_REGEX/URL_REGEX, detection.ts), the detection
# the Bluesky app itself runs, so our facets match what a post typed in the app would get.
# A tag starts after whitespace or at the start and stops at whitespace or zero-width
# characters; a URL starts after whitespace or "(" (bare domains are left out: the app
# checks them against a TLD list, and our links always carry their scheme).
_ZW = "\u00ad\u2060\u200a\u200b\u200c\u200d\u20e2"
_TAG = re.compile(rf"(?:^|(?<=\s))[#\uff03]([^\s{_ZW}]+)")
_URL = re.compile(r"(?:^|(?<=[\s(]))https?://\S+", re.IGNORECASE)


@dataclass(frozen=True, kw_only=True)
class BlueskyOptions(Options):
    api_base: str = setting("https://bsky.social", kind="url",
                            doc="The account's PDS (the default routes to it for accounts hosted by Bluesky).")


def record_key(key: str) -> str:
    """A TID-syntax record key derived from `key`, so the same teaser always lands on one rkey.

    The timestamp part is kept inside 2023 (hash-chosen) rather than raw hash bits: a raw
    53-bit value reads as a date up to the year 2255, and nothing should see a post keyed
    "in the future". 2^10 clock ids x a year of microseconds leaves collisions negligible.
    """
    digest = int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:16], "big")
    micros = _TID_EPOCH_US + (digest >> 10) % _TID_SPAN_US
    value = (micros << 10) | (digest & 0x3FF)
    return "".join(_B32[(value >> shift) & 31] for shift in range(60, -1, -5))


def _byte_slice(text: str, start: int, end: int) -> dict:
    """Character offsets to the UTF-8 byte offsets facets use."""
    byte_start = len(text[:start].encode("utf-8"))
    return {"byteStart": byte_start, "byteEnd": byte_start + len(text[start:end].encode("utf-8"))}


def _strip_trailing_punctuation(s: str) -> str:
    while s and unicodedata.category(s[-1]).startswith("P"):
        s = s[:-1]
    return s


def facets(text: str) -> list[dict]:
    """Link and hashtag facets at UTF-8 byte offsets, as the Bluesky app would detect them."""
    out = []
    for m in _URL.finditer(text):
        url = m.group(0)
        # As the app does: one trailing sentence mark is text, and a ")" with no "(" in the URL.
        if url[-1] in ".,;:!?":
            url = url[:-1]
        if url.endswith(")") and "(" not in url:
            url = url[:-1]
        out.append({"index": _byte_slice(text, m.start(), m.start() + len(url)),
                    "features": [{"$type": "app.bsky.richtext.facet#link", "uri": url}]})
    for m in _TAG.finditer(text):
        tag = _strip_trailing_punctuation(m.group(1))
        # Same exclusions as TAG_REGEX: not only digits/punctuation, no leading emoji modifier,
        # and the lexicon's 64-grapheme cap on the tag value.
        if (not tag or tag[0] == "\ufe0f" or grapheme.length(tag) > 64
                or all(c.isdigit() or unicodedata.category(c).startswith("P") for c in tag)):
            continue
        out.append({"index": _byte_slice(text, m.start(), m.start(1) + len(tag)),
                    "features": [{"$type": "app.bsky.richtext.facet#tag", "tag": tag}]})
    return sorted(out, key=lambda f: f["index"]["byteStart"])


def _rkey_of(uri: str) -> str:
    return uri.rstrip("/").rsplit("/", 1)[-1]


class Bluesky(Platform):
    name = "bluesky"
    label = "Bluesky"
    Options = BlueskyOptions
    env_vars = ("BLUESKY_HANDLE", "BLUESKY_APP_PASSWORD")
    default_limit = MAX_GRAPHEMES
    # Every write names its record key, so a repeated POST hits the same record: a retried
    # write is refused as a duplicate, never published twice (see post()).
    idempotent = True

    def __init__(self, *args, **kwargs):
        self._auth: dict | None = None  # createSession answer: did, handle, accessJwt, refreshJwt
        super().__init__(*args, **kwargs)

    # --- counting -------------------------------------------------------
    def count(self, text: str) -> int:
        """Graphemes, the way the PDS counts (Intl.Segmenter); the byte cap folded in.

        The record also has a 3000-byte cap, exactly 10 bytes per allowed grapheme, so
        reporting max(graphemes, ceil(bytes / 10)) lets one "N of 300" check enforce both:
        only text averaging over 10 bytes a grapheme (long emoji sequences) is affected.
        """
        return max(_text.grapheme_count(text), -(-len(text.encode("utf-8")) * MAX_GRAPHEMES // MAX_BYTES))

    # --- credentials ----------------------------------------------------
    def secrets(self) -> list[str]:
        tokens = [self._auth.get(k) for k in ("accessJwt", "refreshJwt")] if self._auth else []
        return super().secrets() + [t for t in tokens if t]

    def _login(self) -> dict:
        identifier = self.secret("BLUESKY_HANDLE")
        password = self.secret("BLUESKY_APP_PASSWORD")
        r = self._send("POST", "com.atproto.server.createSession",
                       json={"identifier": identifier, "password": password}, auth=None)
        if not r.ok:
            # A wrong or revoked app password (or unknown handle) answers 401
            # AuthenticationRequired; the usual fix is a new app password.
            raise self.fail(r, f"signing in as {identifier}", env_var="BLUESKY_APP_PASSWORD")
        self._auth = json_of(r)
        if not self._auth.get("accessJwt"):
            raise PlatformError(self.label, "signing in answered no session token")
        hide_in_logs(self.secrets())  # the session's tokens are credentials too
        return self._auth

    @property
    def account(self) -> dict:
        """The signed-in session (did, handle, tokens), signing in on first use."""
        return self._auth or self._login()

    def auth(self) -> BearerAuth:
        return BearerAuth(self.account["accessJwt"])

    renewal = "app passwords do not expire; make a new one under Settings > Privacy and security if it is revoked"

    def check_credentials(self) -> Credentials:
        # App passwords carry no scopes and no expiry: signing in and reading the session is the whole check.
        r = self._xrpc("GET", "com.atproto.server.getSession")
        if not r.ok:
            raise self.fail(r, "reading the session", env_var="BLUESKY_APP_PASSWORD")
        return Credentials(account="@" + str(json_of(r).get("handle") or self.account["handle"]))

    # --- XRPC -----------------------------------------------------------
    def _send(self, method: str, nsid: str, **kwargs) -> requests.Response:
        # XRPC names its refusals in a 400/401 body ({"error": "RecordNotFound"}, "InvalidSwap",
        # "ExpiredToken"), so those come back to the caller; anything else fails here.
        return send(self, method, f"/xrpc/{nsid}", nsid, ok=(200, 400, 401, 403), **kwargs)

    def _xrpc(self, method: str, nsid: str, **kwargs) -> requests.Response:
        """An authenticated call; an expired access token is renewed once by signing in again."""
        r = self._send(method, nsid, **kwargs)
        if r.status_code in (400, 401) and _error(r) in ("ExpiredToken", "InvalidToken"):
            self._auth = None
            r = self._send(method, nsid, **kwargs)
        if r.status_code in (401, 403):
            raise self.fail(r, nsid, env_var="BLUESKY_APP_PASSWORD")
        return r

    def _url(self, rkey: str) -> str:
        return f"https://bsky.app/profile/{self.account['handle']}/post/{rkey}"

    def _posted(self, uri: str, cid: str | None) -> Posted:
        rkey = _rkey_of(uri)
        return Posted(id=uri, url=self._url(rkey), extra={"cid": cid, "rkey": rkey})

    def _get(self, rkey: str) -> dict | None:
        r = self._xrpc("GET", "com.atproto.repo.getRecord",
                       params={"repo": self.account["did"], "collection": COLLECTION, "rkey": rkey})
        if r.status_code == 400 and _error(r) == "RecordNotFound":
            return None
        if not r.ok:
            raise self.fail(r, "reading the post")
        return json_of(r)

    # --- the three operations --------------------------------------------
    def post(self, teaser: Teaser, key: str) -> Posted:
        rkey = record_key(key)
        record = {
            "$type": COLLECTION,
            "text": teaser.text,
            "createdAt": clock.now().astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "langs": [teaser.lang],
            "facets": facets(teaser.text),
            "embed": {"$type": "app.bsky.embed.external", "external": self._card(teaser)},
        }
        # putRecord with swapRecord null is "create, and refuse if the key is taken" (the
        # documented compare-and-swap). createRecord on a taken key also fails, but as a
        # 500 from deep in the repo code, which the session would retry and which cannot be
        # told apart from an outage; this refusal is a clean 400 InvalidSwap.
        r = self._xrpc("POST", "com.atproto.repo.putRecord", json={
            "repo": self.account["did"], "collection": COLLECTION, "rkey": rkey,
            "record": record, "swapRecord": None})
        body = json_of(r)
        if r.ok and body.get("uri"):
            return self._posted(body["uri"], body.get("cid"))
        if r.status_code == 400 and _error(r) == "InvalidSwap":
            existing = self._get(rkey)  # posted before (a rerun, or our earlier answer was lost)
            if existing:
                return self._posted(existing["uri"], existing.get("cid"))
        raise self.fail(r, "posting")

    def _card(self, teaser: Teaser) -> dict:
        # The external card is what sends readers to the article. It has no alt field (only
        # app.bsky.embed.images does), so teaser.image_alt cannot travel here; the card's
        # title and description describe it instead.
        card = {"uri": teaser.link, "title": teaser.title or "", "description": teaser.description or ""}
        thumb = self._upload_thumb(teaser)
        if thumb:
            card["thumb"] = thumb
        return card

    def _upload_thumb(self, teaser: Teaser) -> dict | None:
        image = share_image(teaser)
        if image is None:
            return None
        if len(image.data) > MAX_THUMB_BYTES:
            # The PDS would refuse the whole post over an oversized thumb; a card without a
            # picture still links to the article, so the post goes out without it.
            log.warning("Bluesky: share image %s is %d bytes, over the card's %d-byte limit; posting without it",
                        teaser.image_path, len(image.data), MAX_THUMB_BYTES)
            return None
        r = self._xrpc("POST", "com.atproto.repo.uploadBlob", data=image.data, headers={"Content-Type": image.mime})
        blob = json_of(r).get("blob")
        if not r.ok or not blob:
            raise self.fail(r, "uploading the share image")
        return blob

    def delete(self, post: Posted) -> None:
        # The repo comes from the post's own at:// URI, not the signed-in account: deleting a
        # missing record answers 200, so deleting in the wrong repo would "succeed" silently,
        # while a post in another account's repo is refused (401) and reported.
        repo = post.id.removeprefix("at://").split("/", 1)[0]
        r = self._xrpc("POST", "com.atproto.repo.deleteRecord", json={
            "repo": repo, "collection": COLLECTION, "rkey": _rkey_of(post.id)})
        if not r.ok:
            raise self.fail(r, "deleting the post")

    def find(self, teaser: Teaser, key: str) -> Posted | None:
        existing = self._get(record_key(key))
        if existing:
            return self._posted(existing["uri"], existing.get("cid"))
        # Posted some other way (by hand, or before keys were derived): look for the link in the
        # recent records, listed once per run.
        for item in self.once("records", self._recent):
            if _links_to(item.get("value", {}), teaser.link):
                return self._posted(item["uri"], item.get("cid"))
        return None

    def _recent(self) -> list[dict]:
        records, cursor = [], None
        for _ in range(FIND_PAGES):
            params = {"repo": self.account["did"], "collection": COLLECTION, "limit": 100}
            if cursor:
                params["cursor"] = cursor
            r = self._xrpc("GET", "com.atproto.repo.listRecords", params=params)
            if not r.ok:
                raise self.fail(r, "listing posts")
            body = json_of(r)
            records += body.get("records", [])
            cursor = body.get("cursor")
            if not cursor:
                break
        return records


def _links_to(record: dict, link: str) -> bool:
    """Whether a post's link facets, card or text point at the article (with or without UTM)."""
    uris = [f.get("uri") for facet in record.get("facets") or [] for f in facet.get("features", [])]
    uris.append(((record.get("embed") or {}).get("external") or {}).get("uri"))
    return any(same_article(u, link) for u in uris) or mentions(record.get("text"), link)


def _error(r: requests.Response) -> str | None:
    return json_of(r).get("error")
