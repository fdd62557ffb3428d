"""Contract fake of X API v2: posts, media upload and metadata, the user's timeline.

Built from docs.x.com (stored copy xdevplatform/docs: openapi.json, x-api/media/*,
fundamentals/counting-characters, x-api/fundamentals/response-codes-and-errors) and
twitter-text's config/v3.json. It enforces:

- Authorization: Bearer <OAuth 2.0 user token>; otherwise 401 {"title": "Unauthorized",
  "type": "about:blank", "status": 401, "detail": "Unauthorized"}.
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
- Rate limits: x-rate-limit-limit/remaining/reset (Unix time) on every answer; 429 over the limit.
"""
from __future__ import annotations

import base64
import itertools
import re
import time
import unicodedata

import grapheme

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


def _problem(status: int, title: str, detail: str, type_: str = "about:blank", **extra) -> Response:
    return Response(status, {"title": title, "detail": detail, "type": type_, "status": status, **extra})


def _invalid(detail: str, **extra) -> Response:
    return _problem(400, "Invalid Request", detail, "https://api.x.com/2/problems/invalid-request", **extra)


@collect_routes
class FakeX(FakeAPI):
    create_path = r"/2/tweets"

    def __init__(self, tokens: dict[str, str] | None = None, rate_limit: int = 300):
        """tokens: OAuth 2.0 user access token -> username."""
        super().__init__()
        self.tokens = tokens if tokens is not None else {"x-test-token-0123456789": "clinic"}
        self.users = {name: str(1500000000000000000 + i) for i, name in enumerate(sorted(set(self.tokens.values())))}
        self.rate_limit = rate_limit
        self.calls = 0
        self.tweets: dict[str, dict] = {}
        self.media: dict[str, dict] = {}
        self._ids = itertools.count(1800000000000000001)

    def _auth(self, req: Request) -> tuple[str | None, Response | None]:
        self.calls += 1
        header = req.headers.get("authorization", "")
        token = header[7:] if header.startswith("Bearer ") else None
        if token not in self.tokens:
            return None, _problem(401, "Unauthorized", "Unauthorized")
        if self.calls > self.rate_limit:
            return None, _problem(429, "Too Many Requests", "Too Many Requests")
        return self.tokens[token], None

    def dispatch(self, req: Request) -> Response:
        response = super().dispatch(req)
        response.headers.setdefault("x-rate-limit-limit", str(self.rate_limit))
        response.headers.setdefault("x-rate-limit-remaining", str(max(self.rate_limit - self.calls, 0)))
        response.headers.setdefault("x-rate-limit-reset", str(int(time.time()) + 900))
        return response

    def posts_of(self, username: str) -> list[dict]:
        return [t for t in self.tweets.values() if t["author"] == username]

    # --- posts ----------------------------------------------------------------
    @route("POST", r"/2/tweets")
    def create_tweet(self, req: Request) -> Response:
        user, denied = self._auth(req)
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
        user, denied = self._auth(req)
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
        user, denied = self._auth(req)
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
        user, denied = self._auth(req)
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

