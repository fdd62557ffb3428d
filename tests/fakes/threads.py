"""Contract fake of the Threads API (graph.threads.net/v1.0): containers, publishing, reading, deleting.

Built from developers.facebook.com/docs/threads: posts, posts/accessibility, troubleshooting,
posts/delete-posts, retrieve-and-discover-posts, create-posts/text-attachments (link limit),
and the Graph error format ({"error": {"message", "type", "code", "fbtrace_id"}}; an invalid
token is OAuthException code 190, answered with HTTP 400). It enforces:

- `access_token` as a parameter (query or form body), known and unexpired; otherwise 400, code 190.
- POST /{user-id}/threads: media_type TEXT (text required) or IMAGE (image_url required, an
  http(s) URL); text at most 500 characters with emoji counted as their UTF-8 bytes; at most
  5 distinct links; alt_text only on IMAGE/VIDEO ("isn't available for text-only posts":
  stricter here, where the real API may silently drop it).
- A container is IN_PROGRESS for `processing_polls` status reads, then FINISHED; publishing
  one that is not FINISHED, or one already published, is refused.
- DELETE /{threads-media-id} answers {"success": true, "deleted_id"}.
- One topic tag per post (posts docs): text with two or more hashtags is refused here, stricter
  than Threads (which keeps the first as the tag), so a client that sends several fails loudly.
- GET /debug_token (troubleshooting/debug-access-token): input_token inspected with an
  access_token of the same app; answers {"data": {type, application, expires_at,
  data_access_expires_at, is_valid, issued_at, scopes, user_id}}. A token past its
  expires_at is refused everywhere with code 190 (subcode 463, "Session has expired").
- GET /me (or /{user-id}) with fields id,username.
"""
from __future__ import annotations

import itertools
import re
import time
from urllib.parse import parse_qs

import grapheme

from .server import FakeAPI, Request, Response, collect_routes, route

TEXT_LIMIT = 500
LINK_LIMIT = 5
_URL = re.compile(r"https?://[^\s<>\"]*[\w=#/+&-]", re.IGNORECASE)
_TOPIC_TAG = re.compile(r"(?<!\S)#[^\W_]")
SCOPES = ["threads_basic", "threads_content_publish", "threads_delete"]
DAY = 86400


def _emoji(cluster: str) -> bool:
    return any(0x1F000 <= ord(c) <= 0x1FAFF or 0x2600 <= ord(c) <= 0x27BF or c == "\u20e3" for c in cluster)


def threads_length(text: str) -> int:
    """The documented rule: characters, with an emoji counted as its UTF-8 bytes."""
    return sum(len(c.encode()) if _emoji(c) else 1 for c in grapheme.graphemes(text))


def _graph_error(message: str, code: int, status: int = 400, type_: str = "OAuthException", **extra) -> Response:
    return Response(status, {"error": {"message": message, "type": type_, "code": code,
                                       "fbtrace_id": "AFakeTraceId", **extra}})


@collect_routes
class FakeThreads(FakeAPI):
    create_path = r"/v1\.0/[^/]+/threads_publish"

    platform = "threads"
    credentials = {"THREADS_ACCESS_TOKEN": "threads-test-token-0123456789"}

    def client_options(self) -> dict:
        return {"api_base": self.base, "user_id": "17841400000000001", "poll_interval": 0.05}

    def posted_texts(self) -> list[str]:
        return [p["text"] for p in self.posts.values()]

    def __init__(self, tokens: dict[str, str] | None = None, processing_polls: int = 1):
        """tokens: access token -> Threads user id."""
        super().__init__()
        self.tokens = tokens if tokens is not None else {"threads-test-token-0123456789": "17841400000000001"}
        # token -> expires_at (Unix time) and scopes; long-lived tokens last 60 days (long-lived-tokens docs).
        issued = int(time.time())
        self.token_info = {t: {"issued_at": issued, "expires_at": issued + 60 * DAY, "scopes": list(SCOPES)}
                           for t in self.tokens}
        self.processing_polls = processing_polls
        self.containers: dict[str, dict] = {}
        self.posts: dict[str, dict] = {}
        self._ids = itertools.count(18000000000000001)

    @property
    def base(self) -> str:
        return f"{self.url}/v1.0"

    def _params(self, req: Request) -> dict[str, str]:
        params = {k: v[0] for k, v in req.query.items()}
        if req.body and req.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
            params.update({k: v[0] for k, v in parse_qs(req.body.decode(), keep_blank_values=True).items()})
        return params

    def _auth(self, req: Request) -> tuple[str | None, dict, Response | None]:
        params = self._params(req)
        token = params.get("access_token")
        if token not in self.tokens:
            return None, params, _graph_error("Invalid OAuth access token - Cannot parse access token", 190)
        if self._expired(token):
            return None, params, _graph_error("Error validating access token: Session has expired.", 190,
                                              error_subcode=463)
        return self.tokens[token], params, None

    def _expired(self, token: str) -> bool:
        info = self.token_info.get(token) or {}
        return bool(info.get("expires_at")) and info["expires_at"] <= time.time()

    def _debug_token(self, p: dict) -> Response:
        token = p.get("input_token", "")
        if token not in self.tokens:
            return Response(200, {"data": {"is_valid": False, "scopes": [], "error": {
                "code": 190, "message": "Invalid OAuth access token - Cannot parse access token"}}})
        info = self.token_info.get(token, {})
        return Response(200, {"data": {"type": "USER", "application": "Clinic Threads", "is_valid": not self._expired(token),
                                       "issued_at": info.get("issued_at", 0), "expires_at": info.get("expires_at", 0),
                                       "data_access_expires_at": info.get("issued_at", 0) + 90 * DAY,
                                       "scopes": info.get("scopes", []), "user_id": self.tokens[token]}})

    def _user(self, me: str, user_id: str) -> bool:
        return user_id in ("me", me)

    # --- publishing -------------------------------------------------------------
    @route("POST", r"/v1\.0/(?P<user_id>[^/]+)/threads")
    def create_container(self, req: Request, user_id: str) -> Response:
        me, p, denied = self._auth(req)
        if denied:
            return denied
        if not self._user(me, user_id):
            return _graph_error("Unsupported post request.", 100, type_="GraphMethodException")
        media_type, text = p.get("media_type"), p.get("text", "")
        if media_type not in {"TEXT", "IMAGE", "VIDEO", "CAROUSEL"}:
            return _graph_error("The parameter media_type is required and must be TEXT, IMAGE, VIDEO or CAROUSEL.", 100,
                                type_="THApiException")
        if media_type == "TEXT" and not text:
            return _graph_error("The parameter text is required for TEXT posts.", 100, type_="THApiException")
        if media_type == "IMAGE" and not re.match(r"https?://\S+$", p.get("image_url", "")):
            return _graph_error("The parameter image_url is required for IMAGE posts.", 100, type_="THApiException")
        if threads_length(text) > TEXT_LIMIT:
            return _graph_error(f"The text is longer than {TEXT_LIMIT} characters.", 100, type_="THApiException")
        if len(set(_URL.findall(text))) > LINK_LIMIT:
            return _graph_error("THREADS_API__LINK_LIMIT_EXCEEDED", 100, type_="THApiException")
        if len(_TOPIC_TAG.findall(text)) > 1:
            return _graph_error("Only one topic tag is allowed per post.", 100, type_="THApiException")
        if p.get("alt_text") and media_type not in {"IMAGE", "VIDEO"}:
            return _graph_error("alt_text is only available for image and video posts.", 100, type_="THApiException")
        container = str(next(self._ids))
        self.containers[container] = {"id": container, "owner": me, "media_type": media_type, "text": text,
                                      "image_url": p.get("image_url"), "alt_text": p.get("alt_text"),
                                      "polls_left": self.processing_polls, "status": "IN_PROGRESS"
                                      if self.processing_polls else "FINISHED"}
        return Response(200, {"id": container})

    @route("POST", r"/v1\.0/(?P<user_id>[^/]+)/threads_publish")
    def publish(self, req: Request, user_id: str) -> Response:
        me, p, denied = self._auth(req)
        if denied:
            return denied
        container = self.containers.get(p.get("creation_id", ""))
        if not self._user(me, user_id) or not container or container["owner"] != me:
            return _graph_error("The parameter creation_id is required and must be your container.", 100,
                                type_="THApiException")
        if container["status"] == "PUBLISHED":
            return _graph_error("This container has already been published.", 100, type_="THApiException")
        if container["status"] != "FINISHED":
            return _graph_error("The media is not ready for publishing, please wait for a moment.", 9007,
                                type_="THApiException")
        container["status"] = "PUBLISHED"
        media_id = str(next(self._ids))
        self.posts[media_id] = {**container, "id": media_id, "container": container["id"],
                                "permalink": f"https://www.threads.net/@clinic/post/P{media_id[-8:]}"}
        return Response(200, {"id": media_id})

    # --- reading and deleting -----------------------------------------------------
    @route("GET", r"/v1\.0/(?P<node>[^/]+)")
    def get_node(self, req: Request, node: str) -> Response:
        me, p, denied = self._auth(req)
        if denied:
            return denied
        fields = set((p.get("fields") or "id").split(",")) | {"id"}
        if node == "debug_token":
            return self._debug_token(p)
        if self._user(me, node):
            return Response(200, {k: v for k, v in {"id": me, "username": "clinic"}.items() if k in fields})
        if node in self.containers and self.containers[node]["owner"] == me:
            c = self.containers[node]
            if c["status"] == "IN_PROGRESS":
                c["polls_left"] -= 1
                if c["polls_left"] < 0:
                    c["status"] = "FINISHED"
            return Response(200, {k: v for k, v in c.items() if k in fields})
        if node in self.posts and self.posts[node]["owner"] == me:
            return Response(200, {k: v for k, v in self.posts[node].items() if k in fields})
        return _graph_error(f"Unsupported get request. Object with ID '{node}' does not exist.", 100,
                            type_="GraphMethodException")

    @route("GET", r"/v1\.0/(?P<user_id>[^/]+)/threads")
    def list_threads(self, req: Request, user_id: str) -> Response:
        me, p, denied = self._auth(req)
        if denied:
            return denied
        if not self._user(me, user_id):
            return _graph_error("Unsupported get request.", 100, type_="GraphMethodException")
        fields = set((p.get("fields") or "id").split(",")) | {"id"}
        limit = int(p.get("limit") or 25)
        mine = sorted((x for x in self.posts.values() if x["owner"] == me), key=lambda x: int(x["id"]), reverse=True)
        return Response(200, {"data": [{k: v for k, v in x.items() if k in fields} for x in mine[:limit]],
                              "paging": {"cursors": {"before": "B", "after": "A"}}})

    @route("DELETE", r"/v1\.0/(?P<media_id>[^/]+)")
    def delete(self, req: Request, media_id: str) -> Response:
        me, _, denied = self._auth(req)
        if denied:
            return denied
        post = self.posts.get(media_id)
        if not post or post["owner"] != me:
            return _graph_error(f"Unsupported delete request. Object with ID '{media_id}' does not exist.", 100,
                                type_="GraphMethodException")
        del self.posts[media_id]
        return Response(200, {"success": True, "deleted_id": media_id})
