"""Contract fake of LinkedIn's versioned Posts and Images APIs (organization posts).

Built from learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/
posts-api, little-text-format and images-api, and shared/api-guide/concepts/error-handling
(error body {"status", "serviceErrorCode", "code", "message"}). It enforces what those pages
document: the three headers, a known token allowed to post for the author organization,
required post fields, the 3000-character commentary, valid little text, article content
with source and title and a thumbnail that was uploaded, URL-encoded URNs in paths.

Where the real API is lenient in a harmful way this fake is strict on purpose: LinkedIn
accepts unescaped reserved characters and silently cuts the post at the first one; here
that is a 422, so a client that forgets to escape fails loudly in tests.
A post repeating an existing post's author, commentary and content is refused as LinkedIn
does: 422 DUPLICATE_POST, "Content is a duplicate of urn:li:share:N". Images are decoded
(Pillow), not sniffed.

Token introspection (shared/authentication/token-introspection): POST
/oauth/v2/introspectToken with client_id, client_secret and token (form) answers {active,
client_id, authorized_at, created_at, status (active, expired, revoked), expires_at, scope
(comma-separated), auth_type}; wrong app credentials are 401 invalid_client. A token past
its expiry is refused everywhere with 401 EXPIRED_ACCESS_TOKEN.
"""
from __future__ import annotations

import itertools
import re
import time
from urllib.parse import unquote

from .images import decoded_type
from .server import FakeAPI, Request, Response, collect_routes, route

RESERVED = set("|{}@[]()<>#*_~\\")
COMMENTARY_LIMIT = 3000
VISIBILITIES = {"PUBLIC", "CONNECTIONS", "LOGGED_IN", "CONTAINER"}
LIFECYCLE = {"PUBLISHED", "DRAFT"}
CLIENTS = {"78li-client-id": "li-client-secret-0123456789"}
CREDENTIALS = {"LINKEDIN_ACCESS_TOKEN": "li-test-token-0123456789", "LINKEDIN_CLIENT_ID": "78li-client-id",
               "LINKEDIN_CLIENT_SECRET": "li-client-secret-0123456789"}
IMAGE_FORMATS = ("JPEG", "GIF", "PNG")  # images-api: JPG, GIF, PNG


def _error(status: int, code: str, message: str, service_code: int = 100) -> Response:
    return Response(status, {"status": status, "serviceErrorCode": service_code, "code": code, "message": message})


def little_text_error(text: str) -> str | None:
    """None if `text` parses as little text; else where it does not.

    Grammar (little-text-format): Text is non-reserved characters or a backslash-escaped
    reserved character; elements are MentionElement @[Fallback](urn:li:...),
    HashtagElement #word, and the HashtagTemplate {hashtag|#|Text} (sign '#' or U+FF03).
    """
    i, n = 0, len(text)
    mention = re.compile(r"@\[((?:\\.|[^\\\]])*)\]\((urn:li:[A-Za-z]+:[^)\s]+)\)")
    template = re.compile(r"\{hashtag\|[#\uff03]\|((?:\\.|[^\\}|])+)\}")
    hashtag = re.compile(r"#[^\W_]+")
    while i < n:
        c = text[i]
        if c == "\\":
            if i + 1 < n and text[i + 1] in RESERVED:
                i += 2
                continue
            return f"a backslash at {i} escapes nothing reserved"
        if c not in RESERVED:
            i += 1
            continue
        for pattern in (mention, template, hashtag):
            m = pattern.match(text, i)
            if m:
                inner = m.group(1) if m.groups() else None
                if inner and little_text_error(inner):
                    return f"invalid text inside the element at {i}"
                i = m.end()
                break
        else:
            return f"unescaped reserved character {c!r} at {i}"
    return None


@collect_routes
class FakeLinkedIn(FakeAPI):
    create_path = r"/rest/posts"
    stores = ("posts", "images")

    platform = "linkedin"
    credentials = CREDENTIALS

    def client_options(self) -> dict:
        return {"api_base": self.url, "organization": "urn:li:organization:123",
                "introspect_url": self.url + "/oauth/v2/introspectToken"}

    def posted_texts(self) -> list[str]:
        return [p["commentary"] for p in self.posts.values()]

    def __init__(self, tokens: dict[str, set[str]] | None = None,
                 active_versions: set[str] | None = None, clients: dict[str, str] | None = None):
        """tokens: access token -> organization URNs it may post for (page admin roles);
        clients: the app's client id -> secret, for introspection."""
        super().__init__()
        self.tokens = tokens if tokens is not None else {"li-test-token-0123456789": {"urn:li:organization:123"}}
        self.clients = dict(CLIENTS if clients is None else clients)
        self._fresh_tokens()
        self.active_versions = active_versions  # None: any well-formed YYYYMM is active
        self.posts: dict[str, dict] = {}
        self.images: dict[str, dict] = {}
        self._ids = itertools.count(7000000000000000001)

    def _fresh_tokens(self) -> None:
        now = int(time.time())  # tokens last 60 days
        self.token_info = {t: {"created_at": now, "expires_at": now + 60 * 86400,
                               "scope": "r_organization_social,w_organization_social"} for t in self.tokens}

    # --- common checks ------------------------------------------------------

    def reset(self) -> "FakeLinkedIn":
        self.active_versions = None  # tests that retire versions must not leak into the next test
        self._fresh_tokens()  # nor tests that expire a token
        return super().reset()
    def _auth(self, req: Request) -> tuple[set[str] | None, Response | None]:
        header = req.headers.get("authorization", "")
        if not header:
            return None, _error(401, "EMPTY_ACCESS_TOKEN", "Empty oauth2_access_token", 401)
        token = header[7:] if header.startswith("Bearer ") else None
        if token not in self.tokens:
            return None, _error(401, "INVALID_ACCESS_TOKEN", "Invalid access token", 65600)
        if self.token_info.get(token, {}).get("expires_at", float("inf")) <= time.time():
            return None, _error(401, "EXPIRED_ACCESS_TOKEN", "The token used in the request has expired", 65601)
        return self.tokens[token], None

    @route("POST", r"/oauth/v2/introspectToken")
    def introspect(self, req: Request):
        form = req.form() if req.headers.get("content-type", "").startswith("application/x-www-form-urlencoded") else {}
        if not form.get("client_id") or self.clients.get(form["client_id"]) != form.get("client_secret"):
            return Response(401, {"error": "invalid_client", "error_description": "Client authentication failed"})
        token = form.get("token", "")
        if token not in self.tokens:
            return Response(200, {"active": False, "status": "revoked"})
        info = self.token_info[token]
        expired = info["expires_at"] <= time.time()
        return Response(200, {"active": not expired, "client_id": form["client_id"], "authorized_at": info["created_at"],
                              "created_at": info["created_at"], "status": "expired" if expired else "active",
                              "expires_at": info["expires_at"], "scope": info["scope"], "auth_type": "3L"})

    def _check(self, req: Request) -> tuple[set[str] | None, Response | None]:
        orgs, refused = self._auth(req)
        if refused:
            return None, refused
        version = req.headers.get("linkedin-version")
        if not version:
            return None, _error(400, "VERSION_MISSING", "A version must be present. Please specify a "
                                                        "version by adding the LinkedIn-Version header.")
        if not re.fullmatch(r"20\d{2}(0[1-9]|1[0-2])", version) or (
                self.active_versions is not None and version not in self.active_versions):
            return None, _error(426, "NONEXISTENT_VERSION", f"Requested version {version} is not active")
        if req.headers.get("x-restli-protocol-version") != "2.0.0":
            return None, _error(400, "PROTOCOL_VERSION", "X-Restli-Protocol-Version: 2.0.0 is required")
        return orgs, None

    def _json(self, req: Request) -> tuple[dict | None, Response | None]:
        if not req.headers.get("content-type", "").startswith("application/json"):
            return None, _error(415, "UNSUPPORTED_MEDIA_TYPE", "Content-Type must be application/json")
        try:
            body = req.json()
        except ValueError:
            return None, _error(400, "INVALID_JSON", "Request body is not valid JSON")
        if not isinstance(body, dict):
            return None, _error(400, "INVALID_JSON", "Request body must be an object")
        return body, None

    # --- images -------------------------------------------------------------
    @route("POST", r"/rest/images")
    def initialize_upload(self, req: Request):
        orgs, refused = self._check(req)
        if refused:
            return refused
        if req.query.get("action") != ["initializeUpload"]:
            return _error(400, "INVALID_ACTION", "Unsupported action")
        body, bad = self._json(req)
        if bad:
            return bad
        owner = (body.get("initializeUploadRequest") or {}).get("owner")
        if not owner:
            return _error(422, "FIELD_MISSING", "/initializeUploadRequest/owner :: field is required but not found")
        if owner not in orgs:
            return _error(403, "ACCESS_DENIED", f"Not enough permissions to upload images for {owner}")
        image_id = f"D4E10AQ{next(self._ids)}"
        self.images[f"urn:li:image:{image_id}"] = {"owner": owner, "status": "WAITING_UPLOAD", "data": None}
        return Response(200, {"value": {
            "uploadUrlExpiresAt": int(time.time() * 1000) + 86_400_000,
            "uploadUrl": f"{self.url}/dms-uploads/{image_id}",
            "image": f"urn:li:image:{image_id}",
        }})

    @route("PUT", r"/dms-uploads/(?P<image_id>[A-Za-z0-9]+)")
    def upload(self, req: Request, image_id: str):
        _, refused = self._auth(req)
        if refused:
            return refused
        image = self.images.get(f"urn:li:image:{image_id}")
        if image is None:
            return _error(404, "NOT_FOUND", "Unknown upload")
        if decoded_type(req.body, IMAGE_FORMATS) is None:
            return _error(400, "INVALID_MEDIA", "The Images API accepts JPG, GIF and PNG only")
        image.update(status="AVAILABLE", data=req.body)
        return Response(201, b"")

    # --- posts --------------------------------------------------------------
    @route("POST", r"/rest/posts")
    def create_post(self, req: Request):
        orgs, refused = self._check(req)
        if refused:
            return refused
        body, bad = self._json(req)
        if bad:
            return bad
        for required in ("author", "visibility", "distribution", "lifecycleState"):
            if required not in body:
                return _error(422, "FIELD_MISSING", f"/{required} :: field is required but not found")
        if body["author"] not in orgs:
            return _error(403, "ACCESS_DENIED", f"Not enough permissions to post as {body['author']}")
        if body["visibility"] not in VISIBILITIES or body["lifecycleState"] not in LIFECYCLE:
            return _error(422, "INVALID_ENUM", "visibility or lifecycleState is not a known value")
        if not (body["distribution"] or {}).get("feedDistribution"):
            return _error(422, "FIELD_MISSING", "/distribution/feedDistribution :: field is required")
        commentary = body.get("commentary", "")
        if len(commentary) > COMMENTARY_LIMIT:
            return _error(422, "TEXT_TOO_LONG", f"/commentary :: length {len(commentary)} exceeds {COMMENTARY_LIMIT}")
        problem = little_text_error(commentary)
        if problem:
            return _error(422, "INVALID_LITTLE_TEXT", f"/commentary :: {problem}")
        article = (body.get("content") or {}).get("article")
        if article is not None:
            for required in ("source", "title"):
                if not article.get(required):
                    return _error(422, "FIELD_MISSING", f"/content/article/{required} :: field is required")
            if not re.match(r"https?://", article["source"]):
                return _error(422, "INVALID_URL", "/content/article/source :: not a URL")
            thumb = article.get("thumbnail")
            if thumb is not None and (self.images.get(thumb) or {}).get("status") != "AVAILABLE":
                return _error(400, "INVALID_THUMBNAIL",
                              f"/content/article/thumbnail :: {thumb} is not an uploaded image")
        for earlier in self.posts.values():
            # LinkedIn refuses a repeat of an existing post's content and names that post
            # (crosspost's linkedin strategy reads the URN back from this message).
            if earlier["author"] == body["author"] and earlier.get("commentary") == body.get("commentary") \
                    and earlier.get("content") == body.get("content"):
                return _error(422, "DUPLICATE_POST", f"Content is a duplicate of {earlier['id']}")
        urn = f"urn:li:share:{next(self._ids)}"
        now = int(time.time() * 1000)
        self.posts[urn] = {**body, "id": urn, "createdAt": now, "lastModifiedAt": now}
        return Response(201, b"", {"x-restli-id": urn, "x-linkedin-id": urn})

    @route("GET", r"/rest/posts")
    def find_posts(self, req: Request):
        orgs, refused = self._check(req)
        if refused:
            return refused
        if req.query.get("q") != ["author"] or not req.query.get("author"):
            return _error(400, "INVALID_FINDER", "q=author and author are required")
        author = req.query["author"][0]
        if author not in orgs:
            return _error(403, "ACCESS_DENIED", f"Not enough permissions to read posts of {author}")
        count = int((req.query.get("count") or ["10"])[0])
        if not 1 <= count <= 100:
            return _error(400, "INVALID_COUNT", "count must be between 1 and 100")
        mine = sorted((p for p in self.posts.values() if p["author"] == author),
                      key=lambda p: p["lastModifiedAt"], reverse=True)
        return Response(200, {"elements": mine[:count], "paging": {"start": 0, "count": count, "links": []}})

    @route("DELETE", r"/rest/posts/(?P<encoded>[^/]+)")
    def delete_post(self, req: Request, encoded: str):
        orgs, refused = self._check(req)
        if refused:
            return refused
        if ":" in encoded:  # Rest.li 2.0: URNs in paths must be URL-encoded
            return _error(400, "INVALID_URN", "URN in the path must be URL-encoded")
        urn = unquote(encoded)
        post = self.posts.get(urn)
        if post is None:
            return _error(404, "NOT_FOUND", f"{urn} not found")
        if post["author"] not in orgs:
            return _error(403, "ACCESS_DENIED", f"Not enough permissions to delete {urn}")
        del self.posts[urn]
        return Response(204, b"")
