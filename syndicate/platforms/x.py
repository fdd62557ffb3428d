"""X (formerly Twitter), through API v2: the teaser as a post whose link X shows as a card.

Credentials (environment): OAuth 1.0a user context, which does not expire (an OAuth 2.0
user token lasts two hours and its refresh token is single-use, which an unattended CI
cannot keep). From the app's "Keys and tokens" page in the developer portal, with the
app's permissions set to "Read and write" before the access token is generated:
    X_API_KEY, X_API_SECRET                    the app's consumer key and secret
    X_ACCESS_TOKEN, X_ACCESS_TOKEN_SECRET      the account's access token and secret
Requests are signed (HMAC-SHA1) by requests-oauthlib. X reports the token's permission on
each answer in `x-access-level` (read, read-write, read-write-directmessages).
Options: `XOptions` below; `image_mode: card` (the default) attaches no image, so X shows the
link card, which an attached image would replace.

Docs (docs.x.com; stored copy xdevplatform/docs, openapi.json): POST /2/tweets (201,
{"data": {"id", "text"}}), DELETE /2/tweets/{id}, GET /2/users/me, GET /2/users/{id}/tweets
(tweet.fields=entities gives entities.urls[].expanded_url), POST /2/media/upload
(multipart `media` + `media_category`), POST /2/media/metadata (alt_text.text, at most 1000),
fundamentals/counting-characters and twitter-text config/v3.json for `count`.

X has no idempotency key, so a POST is never repeated by the session. Its refusal of
duplicate content (403) is not our guard against double posts either: `find` reads the
timeline, and on that refusal `post` looks there before giving up.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import ClassVar

from requests_oauthlib import OAuth1

from . import _text
from ._rest import delete_request, json_of, same_article, send, share_image
from .base import Credentials, Platform, PlatformError, Posted, Teaser
from .options import ImageModeOptions, setting

API_KEY, API_SECRET = "X_API_KEY", "X_API_SECRET"
TOKEN, TOKEN_SECRET = "X_ACCESS_TOKEN", "X_ACCESS_TOKEN_SECRET"
TIMELINE_TIER = "an API tier that reads timelines (Basic or above)"
ALT_TEXT_LIMIT = 1000  # CreateMediaMetadataMetadataAltText.text maxLength
# twitter-text config v3: weights in 1/100 of a character; these code points weigh 100, all others 200.
SCALE, DEFAULT_WEIGHT = 100, 200
LIGHT_RANGES = ((0x0000, 0x10FF), (0x2000, 0x200D), (0x2010, 0x201F), (0x2032, 0x2037))


@dataclass(frozen=True, kw_only=True)
class XOptions(ImageModeOptions):
    api_base: str = setting("https://api.x.com", kind="url", hosts=("api.x.com", "api.twitter.com"),
                            doc="The X API's address.")


def _weight(code_point: int) -> int:
    return SCALE if any(lo <= code_point <= hi for lo, hi in LIGHT_RANGES) else DEFAULT_WEIGHT


def _weigh(text: str) -> int:
    """Weight of text without URLs: an emoji sequence is one default-weight unit (emojiParsingEnabled)."""
    return sum(DEFAULT_WEIGHT if _text.is_emoji(c) else sum(_weight(ord(ch)) for ch in c)
               for c in _text.clusters(text))


def weighted_length(text: str) -> int:
    """twitter-text's parseTweet weightedLength under config v3 (NFC first, URLs count 23).

    A bare domain ("cdc.gov") is a URL to X only when its TLD is on twitter-text's list,
    which is not copied here; such a domain is counted as the larger of 23 and its own
    length, so the count never falls short of X's.
    """
    text = unicodedata.normalize("NFC", text)
    total, pos = 0, 0
    for start, end, bare in _text.url_spans(text, bare_domains=True):
        total += _weigh(text[pos:start])
        url = _text.URL_LENGTH * SCALE
        total += max(url, _weigh(text[start:end])) if bare else url
        pos = end
    total += _weigh(text[pos:])
    return total // SCALE


class X(Platform):
    name = "x"
    label = "X"
    Options = XOptions
    env_vars: ClassVar[tuple[str, ...]] = (API_KEY, API_SECRET, TOKEN, TOKEN_SECRET)
    default_limit = 280  # maxWeightedTweetLength, twitter-text config v3
    idempotent = False  # no idempotency key: a repeated POST /2/tweets can double-post
    find_scope = "Read permission and an API tier that reads timelines (Basic or above)"
    # OAuth 1.0a has no scopes: the app's permission level, as X reports it in x-access-level, and
    # for `find` an API tier that may read timelines (the Free tier answers 403 client-not-enrolled).
    scopes_needed: ClassVar[dict[str, tuple[str, ...]]] = {
        "post": ("read-write",), "find": ("read", TIMELINE_TIER), "delete": ("read-write",)}
    renewal = ("OAuth 1.0a tokens do not expire; regenerate them on the app's Keys and tokens page "
               "only if revoked (and after changing the app's permissions)")

    def count(self, text: str) -> int:
        return weighted_length(text)

    # --- plumbing -------------------------------------------------------------
    def auth(self) -> OAuth1:
        """Every call is signed by requests-oauthlib with the app's and the account's secrets."""
        return OAuth1(self.secret(API_KEY), self.secret(API_SECRET), self.secret(TOKEN), self.secret(TOKEN_SECRET))

    def fail(self, response, action: str, *, env_var: str | None = None) -> PlatformError:
        # A 401 is any of the four; naming the first would send the operator to the wrong one.
        if response.status_code == 401:
            return PlatformError(self.label, f"{action} was refused (401): {self.scrub(response.text[:300])}",
                                 env_var=", ".join(self.env_vars), status=401)
        return super().fail(response, action, env_var=env_var or TOKEN)

    @staticmethod
    def _url(post_id: str) -> str:
        return f"https://x.com/i/web/status/{post_id}"  # resolves without knowing the username

    def _upload(self, teaser: Teaser) -> str | None:
        image = share_image(teaser)
        if image is None:
            return None
        answer = json_of(send(self, "POST", "/2/media/upload", "uploading the share image",
                              ok=(200, 201), data={"media_category": "tweet_image"},
                              files={"media": (image.name, image.data, image.mime)}))
        media_id = str((answer.get("data") or {}).get("id") or "")
        if not media_id:
            raise PlatformError(self.label, "the image upload answered no media id")
        if teaser.image_alt:
            send(self, "POST", "/2/media/metadata", "setting the image's alt text", ok=(200,),
                 json={"id": media_id, "metadata": {"alt_text": {"text": teaser.image_alt[:ALT_TEXT_LIMIT]}}})
        return media_id

    # --- operations -------------------------------------------------------------
    def post(self, teaser: Teaser, key: str) -> Posted:
        body: dict = {"text": teaser.text}
        media_id = self._upload(teaser) if self.attaches_image else None
        if media_id:
            body["media"] = {"media_ids": [media_id]}
        response = send(self, "POST", "/2/tweets", "publishing the post", ok=(201, 403), json=body)
        if response.status_code == 403:
            if "duplicate content" in response.text:
                # Most likely our own earlier attempt, whose answer never reached us.
                found = self.find(teaser, key)
                if found:
                    return found
                raise PlatformError(self.label, "X refused the post as a duplicate of an earlier one, "
                                                "which is not among the account's recent posts", status=403)
            raise self.fail(response, "publishing the post")
        post_id = str((json_of(response).get("data") or {}).get("id") or "")
        if not post_id:
            raise PlatformError(self.label, "the post was accepted but no id came back; check the account before retrying")
        return Posted(post_id, self._url(post_id), {"media_id": media_id} if media_id else {})

    def _me(self):
        response = send(self, "GET", "/2/users/me", "reading the account", ok=(200,))
        me = json_of(response).get("data") or {}
        if not me.get("id"):
            raise PlatformError(self.label, "GET /2/users/me answered no user id")
        return me, response

    def check_credentials(self) -> Credentials:
        me, response = self._me()
        level = response.headers.get("x-access-level", "")
        # read-write includes read; read-write-directmessages includes both.
        granted = {"read", *(["read-write"] if level.startswith("read-write") else [])} if level else set()
        # `find` reads the timeline, which the API tier decides: one read-only call tells.
        timeline = send(self, "GET", f"/2/users/{me['id']}/tweets", "listing the account's posts", ok=(200, 403),
                        params={"max_results": 5})
        if timeline.status_code == 200:
            granted.add(TIMELINE_TIER)
        return Credentials(account="@" + str(me.get("username") or me["id"]),
                           scopes=frozenset(granted) if level else None, expires_at=None)

    def find(self, teaser: Teaser, key: str) -> Posted | None:
        me, _ = self.once("me", self._me)
        response = self.once("posts", lambda: send(
            self, "GET", f"/2/users/{me['id']}/tweets", "listing the account's posts", ok=(200,),
            params={"max_results": 100, "tweet.fields": "entities", "exclude": "retweets,replies"}))
        for tweet in json_of(response).get("data") or []:
            urls = ((tweet.get("entities") or {}).get("urls")) or []
            # The text holds t.co links only; the URL we posted is expanded_url.
            if tweet.get("id") and any(same_article(u.get("expanded_url"), teaser.link) for u in urls):
                return Posted(str(tweet["id"]), self._url(str(tweet["id"])))
        return None

    def delete(self, post: Posted) -> None:
        delete_request(self, f"/2/tweets/{post.id}", "deleting the post")
