"""Contract fake of a Mastodon server's REST API (statuses, media, accounts).

No Mastodon server installs from the registries here, so this fake carries what the real
one enforces, from docs.joinmastodon.org (mastodon/documentation: methods/statuses,
methods/media, methods/accounts, api/rate-limits, user/posting, entities/Error) and from
Mastodon's StatusLengthValidator and PostStatusService where the docs give no wording:

- Authorization: Bearer <token>; otherwise 401 {"error": "The access token is invalid"}.
- Status length: graphemes, every http(s) URL counting 23 and "@user@domain" as "@user";
  over the limit, 422 "Validation failed: Text character limit of 500 exceeded".
- A status needs text or media; media must be the caller's, at most 4, and processed
  ("Cannot attach files that have not finished processing. Try again in a moment!").
- POST /api/v2/media (multipart `file` with a MIME type, `description` = alt text of at most
  1500): answers 202 with url null; GET /api/v1/media/:id answers 206 while processing, then
  200 with the url.
- Idempotency-Key: a repeat within an hour answers the status made the first time
  (`honours_idempotency=False` plays Takahē and GoToSocial, which ignore the header).
- GET /api/v1/statuses/:id reads a public or unlisted status for anyone; DELETE answers 404
  "Record not found" for a status that is gone and for another account's status alike.
- GET /api/v1/apps/verify_credentials (methods/apps): the token's application, with the
  `scopes` Mastodon 4.3 added to the Application entity (default: the four the client needs).
- `language` (methods/statuses: "ISO 639 language code for this status"): a two- or three-letter
  code, or a regional one Mastodon knows ("pt-BR"), is the status's `language`; anything else is
  dropped, as PostStatusService drops an unknown locale, and the status says `language: null`
  (the fake's account has no default posting language).
- Rate limit (default 300 calls per token): over it, 429 {"error": "Too many requests"} with
  X-RateLimit-Limit/Remaining/Reset (an ISO 8601 time) and no Retry-After.
"""
from __future__ import annotations

import html
import itertools
import re
import time
from datetime import datetime, timedelta, timezone
from email.parser import BytesParser
from email.policy import default as email_policy
from urllib.parse import parse_qs

import grapheme

from .images import decoded_type
from .server import FakeAPI, Request, Response, collect_routes, route

IMAGE_LIMIT = 16 * 1024 * 1024  # user/posting: images up to 16MB
DESCRIPTION_LIMIT = 1500  # entities/Instance: configuration.media_attachments.description_limit
IDEMPOTENCY_SECONDS = 3600  # methods/statuses: "Idempotency keys are stored for up to 1 hour"
_URL = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:!?)\]'’”]", re.IGNORECASE)
_MENTION = re.compile(r"(?<![=/\w])@(\w+)@[\w.-]+\w")
_LANGUAGE = re.compile(r"[a-z]{2,3}(?:-[A-Z]{2})?")  # ISO 639-1/-3, and the regional forms (pt-BR, zh-TW)


def parse_multipart(request: Request) -> dict[str, tuple[str | None, str | None, bytes]]:
    """name -> (filename, content type, bytes) of a multipart/form-data body."""
    ctype = request.headers.get("content-type", "")
    if not ctype.startswith("multipart/form-data"):
        return {}
    message = BytesParser(policy=email_policy).parsebytes(
        f"Content-Type: {ctype}\r\n\r\n".encode() + request.body)
    parts = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if name:
            parts[name] = (part.get_filename(), part.get_content_type() if part.get("content-type") else None,
                           part.get_payload(decode=True) or b"")
    return parts


def form_lists(request: Request) -> dict[str, list[str]]:
    if request.headers.get("content-type", "").startswith("application/json"):
        body = request.json() or {}
        return {k: v if isinstance(v, list) else [str(v)] for k, v in body.items()}
    return parse_qs(request.body.decode("utf-8"), keep_blank_values=True)


def countable_length(text: str) -> int:
    """StatusLengthValidator, written independently of the client's counter."""
    return grapheme.length(_MENTION.sub(r"@\1", _URL.sub("x" * 23, text)))


def to_html(text: str) -> str:
    """Roughly what Mastodon's formatter makes of plain text: paragraphs, <br />, linked URLs."""
    def linkify(chunk: str) -> str:
        out, pos = [], 0
        for m in _URL.finditer(chunk):
            out.append(html.escape(chunk[pos:m.start()], quote=False))
            url = html.escape(m.group(0))
            out.append(f'<a href="{url}" rel="nofollow noopener" target="_blank">{url}</a>')
            pos = m.end()
        out.append(html.escape(chunk[pos:], quote=False))
        return "".join(out)

    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "".join("<p>" + "<br />".join(linkify(line) for line in p.split("\n")) + "</p>" for p in paragraphs)


def _error(status: int, message: str, headers: dict | None = None) -> Response:
    return Response(status, {"error": message}, headers or {})


@collect_routes
class FakeMastodon(FakeAPI):
    create_path = r"/api/v1/statuses"

    platform = "mastodon"
    credentials = {"MASTODON_ACCESS_TOKEN": "masto-test-token-0123456789"}

    def client_options(self) -> dict:
        return {"api_base": self.url, "poll_interval": 0.05}

    def posted_texts(self) -> list[str]:
        return [s["text"] for s in self.statuses.values()]

    def __init__(self, tokens: dict[str, str] | None = None, max_characters: int = 500,
                 processing_polls: int = 2, rate_limit: int = 300, honours_idempotency: bool = True):
        """tokens: access token -> username. processing_polls: 206 answers before an upload is ready."""
        super().__init__()
        self.tokens = tokens if tokens is not None else {"masto-test-token-0123456789": "clinic"}
        self.max_characters = max_characters
        self.processing_polls = processing_polls
        self.rate_limit = rate_limit
        self.honours_idempotency = honours_idempotency
        self.accounts = {name: str(109000 + i) for i, name in enumerate(sorted(set(self.tokens.values())))}
        self.statuses: dict[str, dict] = {}
        self.media: dict[str, dict] = {}
        self.idempotency: dict[tuple[str, str], tuple[str, float]] = {}
        self.calls: dict[str, int] = {}
        self._ids = itertools.count(110000000000000001)

    # --- common checks ------------------------------------------------------
    def _auth(self, req: Request) -> tuple[str | None, Response | None]:
        header = req.headers.get("authorization", "")
        token = header[7:] if header.startswith("Bearer ") else None
        if token not in self.tokens:
            return None, _error(401, "The access token is invalid")
        self.calls[token] = self.calls.get(token, 0) + 1
        reset = (datetime.now(timezone.utc) + timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        remaining = max(self.rate_limit - self.calls[token], 0)
        headers = {"X-RateLimit-Limit": str(self.rate_limit), "X-RateLimit-Remaining": str(remaining),
                   "X-RateLimit-Reset": reset}
        if self.calls[token] > self.rate_limit:
            return None, _error(429, "Too many requests", headers)
        return self.tokens[token], None

    def _account(self, username: str) -> dict:
        return {"id": self.accounts[username], "username": username, "acct": username,
                "url": f"{self.url}/@{username}"}

    def _media_json(self, media: dict) -> dict:
        return {"id": media["id"], "type": "image", "url": media["url"] if media["ready"] else None,
                "preview_url": f"{self.url}/media/{media['id']}/small", "description": media["description"]}

    def own_statuses(self, username: str) -> list[dict]:
        return [s for s in self.statuses.values() if s["account"] == username]

    # --- statuses -------------------------------------------------------------
    @route("POST", r"/api/v1/statuses")
    def create_status(self, req: Request) -> Response:
        user, denied = self._auth(req)
        if denied:
            return denied
        key = req.headers.get("idempotency-key") if self.honours_idempotency else None
        if key and (user, key) in self.idempotency:
            status_id, when = self.idempotency[(user, key)]
            if time.time() - when < IDEMPOTENCY_SECONDS and status_id in self.statuses:
                return Response(200, self._status_json(self.statuses[status_id]))
        form = form_lists(req)
        text = (form.get("status") or [""])[0]
        media_ids = form.get("media_ids[]") or form.get("media_ids") or []
        if not text.strip() and not media_ids:
            return _error(422, "Validation failed: Text can't be blank")
        if countable_length(text) > self.max_characters:
            return _error(422, f"Validation failed: Text character limit of {self.max_characters} exceeded")
        if len(media_ids) > 4:
            return _error(422, "Validation failed: Cannot attach more than 4 files")
        media = [self.media.get(m) for m in media_ids]
        if any(m is None or m["account"] != user for m in media):
            return _error(422, "Validation failed: Media attachments are invalid")
        if any(not m["ready"] for m in media):
            return _error(422, "Cannot attach files that have not finished processing. Try again in a moment!")
        visibility = (form.get("visibility") or ["public"])[0]
        if visibility not in {"public", "unlisted", "private", "direct"}:
            return _error(422, "Validation failed: Visibility is not included in the list")
        language = (form.get("language") or [None])[0]
        status_id = str(next(self._ids))
        self.statuses[status_id] = {"id": status_id, "account": user, "text": text, "visibility": visibility,
                                    "language": language if language and _LANGUAGE.fullmatch(language) else None,
                                    "media": [m["id"] for m in media],
                                    "created_at": datetime.now(timezone.utc).isoformat()}
        if key:
            self.idempotency[(user, key)] = (status_id, time.time())
        return Response(200, self._status_json(self.statuses[status_id]))

    def _status_json(self, status: dict, with_source: bool = False) -> dict:
        url = f"{self.url}/@{status['account']}/{status['id']}"
        body = {"id": status["id"], "created_at": status["created_at"], "visibility": status["visibility"],
                "language": status.get("language"),
                "uri": f"{self.url}/users/{status['account']}/statuses/{status['id']}", "url": url,
                "content": to_html(status["text"]), "account": self._account(status["account"]),
                "media_attachments": [self._media_json(self.media[m]) for m in status["media"]]}
        if with_source:
            body["text"] = status["text"]
        return body

    @route("GET", r"/api/v1/statuses/(?P<status_id>[^/]+)")
    def view_status(self, req: Request, status_id: str) -> Response:
        """methods/statuses#get: public and unlisted statuses read for anyone; 404 "Record not found"
        when the status does not exist or the caller may not see it."""
        user = None
        if req.headers.get("authorization"):
            user, denied = self._auth(req)
            if denied:
                return denied
        status = self.statuses.get(status_id)
        if not status or (status["visibility"] not in ("public", "unlisted") and status["account"] != user):
            return _error(404, "Record not found")
        return Response(200, self._status_json(status))

    @route("DELETE", r"/api/v1/statuses/(?P<status_id>[^/]+)")
    def delete_status(self, req: Request, status_id: str) -> Response:
        user, denied = self._auth(req)
        if denied:
            return denied
        status = self.statuses.get(status_id)
        if not status or status["account"] != user:
            return _error(404, "Record not found")
        del self.statuses[status_id]
        return Response(200, self._status_json(status, with_source=True))

    # --- media ----------------------------------------------------------------
    @route("POST", r"/api/v2/media")
    def upload_media(self, req: Request) -> Response:
        user, denied = self._auth(req)
        if denied:
            return denied
        parts = parse_multipart(req)
        if "file" not in parts:
            return _error(422, "Validation failed: File can't be blank")
        _, ctype, data = parts["file"]
        # Mastodon decodes the upload (Paperclip/libvips); a declared type that the bytes do not match fails too.
        if decoded_type(data) != ctype or len(data) > IMAGE_LIMIT:
            return _error(422, "Validation failed: File content type is invalid, File is invalid")
        description = parts.get("description", (None, None, b""))[2].decode("utf-8")
        if len(description) > DESCRIPTION_LIMIT:
            return _error(422, f"Validation failed: Description is too long (maximum is {DESCRIPTION_LIMIT} characters)")
        media_id = str(next(self._ids))
        self.media[media_id] = {"id": media_id, "account": user, "bytes": data, "content_type": ctype,
                                "description": description or None, "ready": self.processing_polls == 0,
                                "polls_left": self.processing_polls, "url": f"{self.url}/media/{media_id}/original"}
        return Response(200 if self.media[media_id]["ready"] else 202, self._media_json(self.media[media_id]))

    @route("GET", r"/api/v1/media/(?P<media_id>[^/]+)")
    def get_media(self, req: Request, media_id: str) -> Response:
        user, denied = self._auth(req)
        if denied:
            return denied
        media = self.media.get(media_id)
        if not media or media["account"] != user:
            return _error(404, "Record not found")
        if not media["ready"]:
            media["polls_left"] -= 1
            media["ready"] = media["polls_left"] <= 0
            if not media["ready"]:
                return Response(206, self._media_json(media))
        return Response(200, self._media_json(media))

    # --- accounts -------------------------------------------------------------
    @route("GET", r"/api/v1/apps/verify_credentials")
    def verify_app(self, req: Request) -> Response:
        _, denied = self._auth(req)
        if denied:
            return denied
        scopes = getattr(self, "app_scopes", ["read:accounts", "read:statuses", "write:statuses", "write:media"])
        return Response(200, {"id": "7", "name": "syndicate", "website": None, "scopes": scopes,
                              "redirect_uris": ["urn:ietf:wg:oauth:2.0:oob"], "vapid_key": "BFake"})

    @route("GET", r"/api/v1/accounts/verify_credentials")
    def verify_credentials(self, req: Request) -> Response:
        user, denied = self._auth(req)
        if denied:
            return denied
        return Response(200, {**self._account(user), "source": {"privacy": "public", "note": ""}})

    @route("GET", r"/api/v1/accounts/(?P<account_id>[^/]+)/statuses")
    def account_statuses(self, req: Request, account_id: str) -> Response:
        user, denied = self._auth(req)
        if denied:
            return denied
        names = [n for n, i in self.accounts.items() if i == account_id]
        if not names:
            return _error(404, "Record not found")
        try:
            limit = min(int((req.query.get("limit") or ["20"])[0]), 40)  # default 20, max 40
        except ValueError:
            return _error(400, "limit must be an integer")
        newest_first = sorted(self.own_statuses(names[0]), key=lambda s: int(s["id"]), reverse=True)
        return Response(200, [self._status_json(s) for s in newest_first[:limit]])
