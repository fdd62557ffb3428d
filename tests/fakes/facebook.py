"""Contract fake of the Graph API's Page publishing: /{page}/feed, /{page}/photos, posts.

Built from developers.facebook.com/docs/graph-api: reference/page/feed, reference/photo,
reference/post and guides/error-handling. Enforced: a Page access token (header
`Authorization: Bearer`, or `access_token` in the form body or query, as Graph accepts)
that belongs to the Page; errors in Graph's shape {"error": {message, type, code,
fbtrace_id}} with Graph's statuses (a bad token is HTTP 400, code 190, with a
WWW-Authenticate header); a feed post needs a message or a link; a link must be an absolute
http(s) URL; a message is at most 63,206 characters (the widely cited cap; the Graph
reference states none); a photo needs `url` or a file;
`limit` on reads is at most 100; deleting an unknown id is a code-100 error.
GET /debug_token (reference/debug_token) inspects `input_token` for a caller of the same
app: {"data": {app_id, type PAGE, application, expires_at (0: never), data_access_expires_at,
is_valid, issued_at, profile_id, scopes, user_id}}; GET /{page-id}?fields=id,name reads the
Page. Versions: those Graph still serves on the test date (v21.0 to v26.0) are accepted; the
client's default is expected to be one of them.
"""
from __future__ import annotations

import itertools
import re
import time
from urllib.parse import quote

from .server import FakeAPI, Request, Response, collect_routes, route

MESSAGE_LIMIT = 63206
SERVED_VERSIONS = {"v21.0", "v22.0", "v23.0", "v24.0", "v25.0", "v26.0"}
PAGE_SCOPES = ["pages_show_list", "pages_read_engagement", "pages_manage_posts"]
DAY = 86400


def _graph_error(status: int, code: int, message: str, type_: str = "OAuthException",
                 subcode: int | None = None) -> Response:
    error = {"message": message, "type": type_, "code": code, "fbtrace_id": "AbCdEfGhIjK"}
    if subcode:
        error["error_subcode"] = subcode
    headers = {}
    if code == 190:
        headers["WWW-Authenticate"] = f'OAuth "Facebook Platform" "invalid_token" "{message}"'
    return Response(status, {"error": error}, headers)


@collect_routes
class FakeFacebook(FakeAPI):
    create_path = r"/v\d+\.\d+/\d+/(feed|photos)"
    stores = ("posts", "photos")

    platform = "facebook"
    credentials = {"FACEBOOK_PAGE_ACCESS_TOKEN": "fb-page-token-0123456789"}

    def client_options(self) -> dict:
        return {"api_base": self.base, "page_id": "1111"}

    def posted_texts(self) -> list[str]:
        return [p["message"] for p in self.posts.values()]

    def __init__(self, tokens: dict[str, str] | None = None, version: str = "v25.0"):
        """tokens: Page access token -> the Page id it was issued for; `version`: what `base` uses."""
        super().__init__()
        self.tokens = tokens if tokens is not None else {"fb-page-token-0123456789": "1111"}
        self.version = version
        self.versions = SERVED_VERSIONS | {version}
        issued = int(time.time())
        # A Page token from a long-lived user token: never expires; data access lapses after 90 days.
        self.token_info = {t: {"issued_at": issued, "expires_at": 0, "data_access_expires_at": issued + 90 * DAY,
                               "scopes": list(PAGE_SCOPES)} for t in self.tokens}
        self.posts: dict[str, dict] = {}
        self.photos: dict[str, dict] = {}
        self._ids = itertools.count(9000001)

    @property
    def base(self) -> str:
        return f"{self.url}/{self.version}"

    # --- checks -------------------------------------------------------------
    def _params(self, req: Request) -> dict[str, str]:
        params = {k: v[0] for k, v in req.query.items()}
        if req.method == "POST" and req.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
            params.update(req.form())
        return params

    def _page_of_token(self, req: Request, params: dict[str, str]) -> tuple[str | None, Response | None]:
        header = req.headers.get("authorization", "")
        token = header.split(" ", 1)[1] if header.startswith(("Bearer ", "OAuth ")) else params.get("access_token")
        if not token:
            return None, _graph_error(400, 2500, "An active access token must be used to query information "
                                                 "about the current user.")
        if token not in self.tokens:
            return None, _graph_error(400, 190, "Invalid OAuth access token - Cannot parse access token")
        return self.tokens[token], None

    def _own_page(self, req: Request, page: str, params: dict[str, str]) -> Response | None:
        token_page, refused = self._page_of_token(req, params)
        if refused:
            return refused
        if token_page != page:
            return _graph_error(403, 200, "(#200) If posting to a page, requires both pages_read_engagement and "
                                          "pages_manage_posts as an admin with sufficient administrative permission")
        return None

    def _version_ok(self, version: str) -> Response | None:
        if version not in self.versions:
            return _graph_error(400, 2635, f"Unknown or unsupported API version {version}", "GraphMethodException")
        return None

    # --- tokens and the Page ---------------------------------------------------
    @route("GET", r"/(?P<version>v\d+\.\d+)/debug_token")
    def debug_token(self, req: Request, version: str):
        params = self._params(req)
        refused = self._version_ok(version) or self._page_of_token(req, params)[1]
        if refused:
            return refused
        token = params.get("input_token", "")
        if token not in self.tokens:
            return Response(200, {"data": {"is_valid": False, "scopes": [], "error": {
                "code": 190, "message": "Invalid OAuth access token - Cannot parse access token"}}})
        info = self.token_info[token]
        return Response(200, {"data": {"app_id": "4242", "type": "PAGE", "application": "Clinic Pages",
                                       "is_valid": True, "profile_id": self.tokens[token], "user_id": "5555", **info}})

    @route("GET", r"/(?P<version>v\d+\.\d+)/(?P<page>\d+)")
    def read_page(self, req: Request, version: str, page: str):
        params = self._params(req)
        refused = self._version_ok(version) or self._own_page(req, page, params)
        if refused:
            return refused
        return Response(200, {"id": page, "name": "Riverbend Family Clinic"})

    # --- publishing -----------------------------------------------------------
    @route("POST", r"/(?P<version>v\d+\.\d+)/(?P<page>\d+)/feed")
    def publish(self, req: Request, version: str, page: str):
        params = self._params(req)
        refused = self._version_ok(version) or self._own_page(req, page, params)
        if refused:
            return refused
        message, link = params.get("message", ""), params.get("link")
        if not message and not link:
            return _graph_error(400, 100, "(#100) Missing message or attachment")
        if len(message) > MESSAGE_LIMIT:
            return _graph_error(400, 100, f"(#100) Param message must be at most {MESSAGE_LIMIT} characters long")
        if link is not None and not re.match(r"https?://[^\s/]+", link):
            return _graph_error(400, 100, "(#100) The parameter link must be a valid URL")
        post_id = f"{page}_{next(self._ids)}"
        self.posts[post_id] = {"id": post_id, "page": page, "message": message, "link": link}
        return Response(200, {"id": post_id})

    @route("POST", r"/(?P<version>v\d+\.\d+)/(?P<page>\d+)/photos")
    def publish_photo(self, req: Request, version: str, page: str):
        params = self._params(req)
        refused = self._version_ok(version) or self._own_page(req, page, params)
        if refused:
            return refused
        url = params.get("url")
        if not url:
            return _graph_error(400, 324, "(#324) Requires upload file", "OAuthException")
        if not re.match(r"https?://[^\s/]+", url):
            return _graph_error(400, 100, "(#100) url should represent a valid URL")
        caption = params.get("caption", params.get("message", ""))
        if len(caption) > MESSAGE_LIMIT:
            return _graph_error(400, 100, f"(#100) Param caption must be at most {MESSAGE_LIMIT} characters long")
        photo_id, post_id = str(next(self._ids)), f"{page}_{next(self._ids)}"
        self.photos[photo_id] = {"id": photo_id, "url": url, "alt_text_custom": params.get("alt_text_custom"),
                                 "post_id": post_id}
        self.posts[post_id] = {"id": post_id, "page": page, "message": caption, "link": None, "photo_id": photo_id}
        return Response(200, {"id": photo_id, "post_id": post_id})

    # --- reading ------------------------------------------------------------
    @route("GET", r"/(?P<version>v\d+\.\d+)/(?P<page>\d+)/(?P<edge>feed|published_posts)")
    def read_feed(self, req: Request, version: str, page: str, edge: str):
        params = self._params(req)
        refused = self._version_ok(version) or self._own_page(req, page, params)
        if refused:
            return refused
        limit = int(params.get("limit", "25"))
        if not 1 <= limit <= 100:
            return _graph_error(400, 100, "(#100) The limit parameter must be between 1 and 100")
        fields = params.get("fields", "id")
        mine = [p for p in reversed(list(self.posts.values())) if p["page"] == page][:limit]
        return Response(200, {"data": [self._render(p, fields) for p in mine]})

    def _render(self, post: dict, fields: str) -> dict:
        top = {f.split("{", 1)[0] for f in re.split(r",(?![^{]*\})", fields)}
        out = {"id": post["id"]}
        if "message" in top and post["message"]:
            out["message"] = post["message"]
        if "permalink_url" in top:
            page, _, story = post["id"].partition("_")
            out["permalink_url"] = f"https://www.facebook.com/{page}/posts/{story}"
        if "attachments" in top:
            if post.get("link"):
                shim = "https://l.facebook.com/l.php?u=" + quote(post["link"], safe="")
                out["attachments"] = {"data": [{"type": "share", "url": shim, "unshimmed_url": post["link"]}]}
            elif post.get("photo_id"):
                photo = f"https://www.facebook.com/photo/?fbid={post['photo_id']}"
                out["attachments"] = {"data": [{"type": "photo", "url": photo}]}
        return out

    # --- deleting -----------------------------------------------------------
    @route("DELETE", r"/(?P<version>v\d+\.\d+)/(?P<object_id>[\d_]+)")
    def delete_object(self, req: Request, version: str, object_id: str):
        params = self._params(req)
        refused = self._version_ok(version)
        if refused:
            return refused
        token_page, refused = self._page_of_token(req, params)
        if refused:
            return refused
        post = self.posts.get(object_id)
        if post is None or post["page"] != token_page:
            return _graph_error(400, 100, f"Unsupported delete request. Object with ID '{object_id}' does not "
                                          "exist, cannot be loaded due to missing permissions, or does not "
                                          "support this operation", "GraphMethodException", subcode=33)
        del self.posts[object_id]
        if post.get("photo_id"):
            self.photos.pop(post["photo_id"], None)
        return Response(200, {"success": True})
