"""Contract fake of X API v2: posts, media upload and metadata, the user's timeline.

Built from docs.x.com (stored copy xdevplatform/docs: openapi.json, x-api/media/*,
fundamentals/counting-characters, x-api/fundamentals/response-codes-and-errors) and
twitter-text's config/v3.json. It enforces:

- Authorization: OAuth 1.0a user context (resources/fundamentals/authentication, oauth-1-0a):
  a known consumer key and an access token issued to that app, HMAC-SHA1, a timestamp within
  five minutes, a nonce not seen before, and a signature that oauthlib's own verifier
  recomputes from the method, URL, query, form body and oauth_* parameters (RFC 5849
  section 3.4; a JSON or multipart body is not signed); otherwise 401 {"title": "Unauthorized",
  "type": "about:blank", "status": 401, "detail": "Unauthorized"}. Each answer to a signed
  request carries `x-access-level` (read, read-write), and a read-only token may not write
  (403, as X answers an app without write permission).
- POST /2/tweets: a JSON body with only the documented properties (additionalProperties
  false), text or media, at most 4 media ids that this user uploaded; weighted length at most
  280 (twitter-text v3: URLs 23, code points in the v3 ranges 1, others 2, an emoji sequence
  2). Over the limit: 400 "Your Tweet text is too long..." (wording as clients report it; the
  docs give none). The same text twice: 403 "You are not allowed to create a Tweet with
  duplicate content." Created: 201 {"data": {"id", "text"}}, the text with t.co links.
- POST /2/media/upload: `media` and `media_category` (enum) required; JPG, PNG, GIF or WEBP of
  at most 5 MB. POST /2/media/metadata: alt_text.text of at most 1000, on own media.
- GET /2/users/{id}/tweets: max_results 5-100; `entities` (urls with expanded_url) only when
  tweet.fields asks for it; no `data` key when there are no posts.
- API tiers: with `tier="free"`, reading a user's timeline is 403 "Client Forbidden", reason
  client-not-enrolled (the Free tier posts but does not read timelines).
- Rate limits: x-rate-limit-limit/remaining/reset (Unix time) on every answer; 429 over the limit.
"""
from __future__ import annotations

import base64
import itertools
import re
import time
import unicodedata
from dataclasses import dataclass
from types import SimpleNamespace
from urllib.parse import urlencode

import grapheme
from oauthlib.oauth1.rfc5849 import signature as oauth_signature
from oauthlib.oauth1.rfc5849 import utils as oauth_utils

from .mastodon import parse_multipart
from .images import decoded_type
from .server import FakeAPI, Request, Response, collect_routes, route

TWEET_FIELDS = {"text", "media", "reply", "quote_tweet_id", "poll", "reply_settings", "geo", "card_uri",
                "community_id", "direct_message_deep_link", "edit_options", "for_super_followers_only",
                "made_with_ai", "nullcast", "paid_partnership", "share_with_followers"}
MEDIA_CATEGORIES = {"tweet_image", "tweet_video", "tweet_gif", "dm_image", "dm_video", "dm_gif", "subtitles"}
IMAGE_LIMIT = 5 * 1024 * 1024
ALT_TEXT_LIMIT = 1000
MAX_WEIGHTED_LENGTH = 280
LIGHT = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))  # config/v3.json ranges, weight 100
_URL = re.compile(r"(?<![\w@$#])https?://[^\s<>\"]*[\w=#/+&-]", re.IGNORECASE)


def _emoji(cluster: str) -> bool:
    # Independent of the client: emoji blocks, flags (regional indicators) and keycaps.
    return any(0x1F000 <= ord(c) <= 0x1FAFF or 0x2600 <= ord(c) <= 0x27BF or c in "\u20e3\u00a9\u00ae"
               for c in cluster)


def weighted_length(text: str) -> int:
    text = unicodedata.normalize("NFC", text)
    units, rest = 0, text
    for url in _URL.findall(text):
        units += 23 * 100
        rest = rest.replace(url, "", 1)
    for cluster in grapheme.graphemes(rest):
        if _emoji(cluster):
            units += 200
        else:
            units += sum(100 if any(a <= ord(c) <= b for a, b in LIGHT) else 200 for c in cluster)
    return units // 100


@dataclass(frozen=True)
class AccessToken:
    secret: str
    username: str
    consumer_key: str
    access_level: str = "read-write"


# The stage's and the tests' credentials: app "clinic-app", user "clinic".
CONSUMERS = {"x-api-key-0123456789": "x-api-secret-0123456789abcdef"}
ACCESS_TOKENS = {"1500000000000000000-x-access-token-0123": AccessToken(
    "x-access-secret-0123456789abcdef", "clinic", "x-api-key-0123456789")}
CREDENTIALS = {"X_API_KEY": "x-api-key-0123456789", "X_API_SECRET": "x-api-secret-0123456789abcdef",
               "X_ACCESS_TOKEN": "1500000000000000000-x-access-token-0123",
               "X_ACCESS_TOKEN_SECRET": "x-access-secret-0123456789abcdef"}
TIMESTAMP_WINDOW = 300  # seconds


def _problem(status: int, title: str, detail: str, type_: str = "about:blank", **extra) -> Response:
    return Response(status, {"title": title, "detail": detail, "type": type_, "status": status, **extra})


def _invalid(detail: str, **extra) -> Response:
    return _problem(400, "Invalid Request", detail, "https://api.x.com/2/problems/invalid-request", **extra)


@collect_routes
class FakeX(FakeAPI):
    create_path = r"/2/tweets"

    platform = "x"
    credentials = CREDENTIALS

    def client_options(self) -> dict:
        return {"api_base": self.url}

    def posted_texts(self) -> list[str]:
        return [t["original_text"] for t in self.tweets.values()]

    def __init__(self, consumers: dict[str, str] | None = None, tokens: dict[str, AccessToken] | None = None,
                 rate_limit: int = 300, tier: str = "basic"):
        """consumers: app consumer key -> secret; tokens: OAuth 1.0a access token -> its secret and user."""
        super().__init__()
        self.consumers = dict(CONSUMERS if consumers is None else consumers)
        self.tokens = dict(ACCESS_TOKENS if tokens is None else tokens)
        self.nonces: set[tuple[str, str, str]] = set()
        self.users = {name: str(1500000000000000000 + i)
                      for i, name in enumerate(sorted({t.username for t in self.tokens.values()}))}
        self.rate_limit = rate_limit
        self.tier = tier  # "free" may post and read /2/users/me, but not read timelines
        self.calls = 0
        self.tweets: dict[str, dict] = {}
        self.media: dict[str, dict] = {}
        self._ids = itertools.count(1800000000000000001)

    def verify_oauth1(self, req: Request) -> AccessToken | None:
        """The access token of a correctly signed OAuth 1.0a request, else None (RFC 5849, 3.2)."""
        header = req.headers.get("authorization", "")
        if not header.startswith("OAuth "):
            return None
        try:
            # Values in the header are percent-encoded (RFC 5849, 3.5.1).
            oauth = {k: oauth_utils.unescape(v) for k, v in oauth_utils.parse_authorization_header(header)}
        except (ValueError, IndexError):
            return None
        token = self.tokens.get(oauth.get("oauth_token", ""))
        consumer_secret = self.consumers.get(oauth.get("oauth_consumer_key", ""))
        if token is None or consumer_secret is None or token.consumer_key != oauth["oauth_consumer_key"]:
            return None
        if oauth.get("oauth_signature_method") != "HMAC-SHA1" or oauth.get("oauth_version", "1.0") != "1.0":
            return None
        try:
            if abs(int(oauth.get("oauth_timestamp", "")) - time.time()) > TIMESTAMP_WINDOW:
                return None
        except ValueError:
            return None
        nonce = (oauth["oauth_consumer_key"], oauth.get("oauth_nonce", ""), oauth["oauth_timestamp"])
        if not nonce[1] or nonce in self.nonces:
            return None  # a replayed request
        query = urlencode(req.query, doseq=True)
        form = req.headers.get("content-type", "").startswith("application/x-www-form-urlencoded")
        params = oauth_signature.collect_parameters(
            uri_query=query, body=req.body.decode() if form else None, headers={"Authorization": header},
            exclude_oauth_signature=True)
        host = req.headers.get("host", "")
        signed = SimpleNamespace(params=params, uri=f"http://{host}{req.path}" + (f"?{query}" if query else ""),
                                 http_method=req.method, signature=oauth.get("oauth_signature", ""))
        if not oauth_signature.verify_hmac_sha1(signed, consumer_secret, token.secret):
            return None
        self.nonces.add(nonce)
        return token

    def _auth(self, req: Request, *, write: bool = False) -> tuple[str | None, Response | None]:
        self.calls += 1
        token = self.verify_oauth1(req)
        if token is None:
            return None, _problem(401, "Unauthorized", "Unauthorized")
        req.access_level = token.access_level
        if self.calls > self.rate_limit:
            return None, _problem(429, "Too Many Requests", "Too Many Requests")
        if write and not token.access_level.startswith("read-write"):
            return None, _problem(403, "Forbidden", "Your client app is not configured with the appropriate "
                                                    "oauth1 app permissions for this endpoint.",
                                  "https://api.x.com/2/problems/oauth1-permissions")
        return token.username, None

    def dispatch(self, req: Request) -> Response:
        response = super().dispatch(req)
        if getattr(req, "access_level", None):
            response.headers.setdefault("x-access-level", req.access_level)
        response.headers.setdefault("x-rate-limit-limit", str(self.rate_limit))
        response.headers.setdefault("x-rate-limit-remaining", str(max(self.rate_limit - self.calls, 0)))
        response.headers.setdefault("x-rate-limit-reset", str(int(time.time()) + 900))
        return response

    def posts_of(self, username: str) -> list[dict]:
        return [t for t in self.tweets.values() if t["author"] == username]

    # --- posts ----------------------------------------------------------------
    @route("POST", r"/2/tweets")
    def create_tweet(self, req: Request) -> Response:
        user, denied = self._auth(req, write=True)
        if denied:
            return denied
        try:
            body = req.json()
        except ValueError:
            return _invalid("Request body is not valid JSON.")
        if not isinstance(body, dict):
            return _invalid("Request body must be a JSON object.")
        unknown = set(body) - TWEET_FIELDS
        if unknown:
            return _invalid(f"The following properties are not allowed: {sorted(unknown)}")
        text = body.get("text", "")
        media_ids = (body.get("media") or {}).get("media_ids") or []
        if not isinstance(text, str) or (not text and not media_ids):
            return _invalid("One or more parameters to your request was invalid.")
        if len(media_ids) > 4 or any(m not in self.media or self.media[m]["owner"] != user for m in media_ids):
            return _invalid("One or more parameters to your request was invalid.",
                            errors=[{"parameters": {"media.media_ids": media_ids}, "message": "Your media IDs are invalid."}])
        if weighted_length(text) > MAX_WEIGHTED_LENGTH:
            return _problem(400, "Bad Request", "Your Tweet text is too long. For more information on how Twitter "
                                                "determines text length see https://github.com/twitter/twitter-text.")
        if any(t["original_text"] == text for t in self.posts_of(user)):
            return _problem(403, "Forbidden", "You are not allowed to create a Tweet with duplicate content.")
        tweet_id = str(next(self._ids))
        urls, shown = [], text
        for i, url in enumerate(_URL.findall(text)):
            tco = f"https://t.co/{tweet_id[-6:]}{i}"
            start = shown.find(url)
            urls.append({"start": start, "end": start + len(tco), "url": tco, "expanded_url": url,
                         "display_url": url.split("://", 1)[1][:25]})
            shown = shown.replace(url, tco, 1)
        self.tweets[tweet_id] = {"id": tweet_id, "author": user, "original_text": text, "text": shown,
                                 "urls": urls, "media_ids": list(media_ids)}
        return Response(201, {"data": {"id": tweet_id, "text": shown, "edit_history_tweet_ids": [tweet_id]}})

    @route("DELETE", r"/2/tweets/(?P<tweet_id>[^/]+)")
    def delete_tweet(self, req: Request, tweet_id: str) -> Response:
        user, denied = self._auth(req, write=True)
        if denied:
            return denied
        tweet = self.tweets.get(tweet_id)
        if not tweet:
            return _problem(404, "Not Found Error", f"Could not find tweet with id: [{tweet_id}].",
                            "https://api.x.com/2/problems/resource-not-found")
        if tweet["author"] != user:
            return _problem(403, "Forbidden", "You are not allowed to delete a Tweet that does not belong to you.")
        del self.tweets[tweet_id]
        return Response(200, {"data": {"deleted": True}})

    # --- media ----------------------------------------------------------------
    @route("POST", r"/2/media/upload")
    def upload(self, req: Request) -> Response:
        user, denied = self._auth(req, write=True)
        if denied:
            return denied
        if req.headers.get("content-type", "").startswith("application/json"):
            body = req.json() or {}
            try:
                data = base64.b64decode(body.get("media") or "", validate=True)
            except ValueError:
                return _invalid("media is not valid base64.")
            category = body.get("media_category")
        else:
            parts = parse_multipart(req)
            data = parts.get("media", (None, None, b""))[2]
            category = parts.get("media_category", (None, None, b""))[2].decode() or None
        if not data or category not in MEDIA_CATEGORIES:
            return _invalid("media and media_category (one of the documented categories) are required.")
        mime = decoded_type(data)
        if not mime or len(data) > IMAGE_LIMIT:
            return _invalid("Images must be JPG, PNG, GIF or WEBP of at most 5 MB.")
        media_id = str(next(self._ids))
        self.media[media_id] = {"id": media_id, "owner": user, "bytes": data, "category": category, "alt_text": None}
        return Response(200, {"data": {"id": media_id, "media_key": f"3_{media_id}", "size": len(data),
                                       "expires_after_secs": 86400, "image": {"image_type": mime}}})

    @route("POST", r"/2/media/metadata")
    def metadata(self, req: Request) -> Response:
        user, denied = self._auth(req, write=True)
        if denied:
            return denied
        body = req.json() or {}
        media = self.media.get(str(body.get("id")))
        if not media or media["owner"] != user:
            return _problem(404, "Not Found Error", "Could not find media.", "https://api.x.com/2/problems/resource-not-found")
        alt = ((body.get("metadata") or {}).get("alt_text") or {}).get("text")
        if not isinstance(alt, str) or len(alt) > ALT_TEXT_LIMIT:
            return _invalid(f"alt_text.text is required and at most {ALT_TEXT_LIMIT} characters.")
        media["alt_text"] = alt
        return Response(200, {"data": {"id": media["id"], "associated_metadata": {"alt_text": {"text": alt}}}})

    # --- users ----------------------------------------------------------------
    @route("GET", r"/2/users/me")
    def me(self, req: Request) -> Response:
        user, denied = self._auth(req)
        if denied:
            return denied
        return Response(200, {"data": {"id": self.users[user], "name": "The Clinic", "username": user}})

    @route("GET", r"/2/users/(?P<user_id>\d+)/tweets")
    def timeline(self, req: Request, user_id: str) -> Response:
        _, denied = self._auth(req)
        if denied:
            return denied
        if self.tier == "free":
            return _problem(403, "Client Forbidden", "When authenticating requests to the Twitter API v2 endpoints, "
                            "you must use keys and tokens from a Twitter developer App that is attached to a Project.",
                            "https://api.twitter.com/2/problems/client-forbidden",
                            reason="client-not-enrolled", required_enrollment="Appropriate Level of API Access")
        names = [n for n, i in self.users.items() if i == user_id]
        if not names:
            return _problem(404, "Not Found Error", f"Could not find user with id: [{user_id}].",
                            "https://api.x.com/2/problems/resource-not-found")
        max_results = int((req.query.get("max_results") or ["10"])[0])
        if not 5 <= max_results <= 100:
            return _invalid("max_results must be between 5 and 100.")
        fields = set(",".join(req.query.get("tweet.fields") or []).split(","))
        tweets = sorted(self.posts_of(names[0]), key=lambda t: int(t["id"]), reverse=True)[:max_results]
        data = []
        for t in tweets:
            item = {"id": t["id"], "text": t["text"], "edit_history_tweet_ids": [t["id"]]}
            if "entities" in fields and t["urls"]:
                item["entities"] = {"urls": t["urls"]}
            data.append(item)
        if not data:
            return Response(200, {"meta": {"result_count": 0}})
        return Response(200, {"data": data, "meta": {"result_count": len(data), "newest_id": data[0]["id"],
                                                     "oldest_id": data[-1]["id"]}})

