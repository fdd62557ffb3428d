"""Contract fake of the My Business API v4 local posts (accounts.locations.localPosts).

Built from developers.google.com/my-business/reference/rest/v4/accounts.locations.localPosts
(create, list, delete; LocalPost, CallToAction, ActionType, MediaItem) and Google's standard
JSON error shape {"error": {code, message, status}} (cloud.google.com/apis/design/errors).
Enforced: a Bearer token; the location must be one the token manages (403 otherwise, as
when API access is not approved); unknown fields are INVALID_ARGUMENT, as Google's JSON
parser rejects them; languageCode, when given, must be a BCP 47 language tag ("es",
"en-GB"; LocalPost: "The language of the local post"); topicType must be set; summary at
most 1,500 characters (Business Profile help); a call to action needs a known actionType and, except CALL, a url (CALL must
not have one); media need mediaFormat PHOTO or VIDEO and a sourceUrl; list pageSize is at
most 100; deleting an unknown post is NOT_FOUND.

It also serves Google's OAuth token endpoint (POST /token; developers.google.com/identity/
protocols/oauth2/web-server#offline and #exchange-authorization-code): grant_type
refresh_token with the client's id and secret (form body or HTTP Basic) answers a new
one-hour access token with its scope; an unknown client or a wrong secret is 401
`invalid_client`; a refresh token that is unknown, revoked or issued to another client is
400 `invalid_grant` ("Token has been expired or revoked."), as Google answers.
"""
from __future__ import annotations

import base64
import itertools
import re
from datetime import datetime, timezone
from urllib.parse import unquote_plus

from .server import FakeAPI, Request, Response, collect_routes, route

SUMMARY_LIMIT = 1500
FIELDS = {"name", "languageCode", "summary", "callToAction", "createTime", "updateTime", "event", "state",
          "media", "searchUrl", "topicType", "alertType", "offer"}
TOPICS = {"STANDARD", "EVENT", "OFFER", "ALERT"}
ACTIONS = {"BOOK", "ORDER", "SHOP", "LEARN_MORE", "SIGN_UP", "GET_OFFER", "CALL"}
FORMATS = {"PHOTO", "VIDEO"}
LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|\d{3}))?")  # BCP 47: es, en-GB, zh-Hant-TW
LOCATION = r"accounts/(?P<account>\d+)/locations/(?P<location>\d+)"
SCOPE = "https://www.googleapis.com/auth/business.manage"
CLIENTS = {"123-gbp.apps.googleusercontent.com": "GOCSPX-gbp-client-secret-0123"}
# refresh token -> (client id, scope, the locations its user manages)
REFRESH_TOKENS = {"1//gbp-refresh-token-0123456789": ("123-gbp.apps.googleusercontent.com", SCOPE,
                                                      {"accounts/1/locations/2"})}
CREDENTIALS = {"GOOGLE_BUSINESS_CLIENT_ID": "123-gbp.apps.googleusercontent.com",
               "GOOGLE_BUSINESS_CLIENT_SECRET": "GOCSPX-gbp-client-secret-0123",
               "GOOGLE_BUSINESS_REFRESH_TOKEN": "1//gbp-refresh-token-0123456789"}


def _error(code: int, status: str, message: str) -> Response:
    headers = {"WWW-Authenticate": 'Bearer realm="https://accounts.google.com/"'} if code == 401 else {}
    return Response(code, {"error": {"code": code, "message": message, "status": status}}, headers)


def _invalid(what: str) -> Response:
    return _error(400, "INVALID_ARGUMENT", f"Request contains an invalid argument. ({what})")


@collect_routes
class FakeGoogleBusiness(FakeAPI):
    create_path = r"/v4/accounts/[^/]+/locations/[^/]+/localPosts"
    stores = ("posts", "minted")

    platform = "google_business"
    credentials = CREDENTIALS

    def client_options(self) -> dict:
        return {"api_base": self.url + "/v4", "account": "1", "location": "2", "token_url": self.token_url}

    def posted_texts(self) -> list[str]:
        return [p["summary"] for p in self.posts.values()]

    def __init__(self, tokens: dict[str, set[str]] | None = None, clients: dict[str, str] | None = None,
                 refresh_tokens: dict[str, tuple[str, str, set[str]]] | None = None):
        """tokens: access token -> location names ("accounts/1/locations/2") its user manages;
        clients: OAuth client id -> secret; refresh_tokens: see REFRESH_TOKENS."""
        super().__init__()
        self.tokens = tokens if tokens is not None else {"ya29.gbp-test-token-0123456789": {"accounts/1/locations/2"}}
        self.clients = dict(CLIENTS if clients is None else clients)
        self.refresh_tokens = dict(REFRESH_TOKENS if refresh_tokens is None else refresh_tokens)
        self.minted: list[str] = []
        self.posts: dict[str, dict] = {}
        self._ids = itertools.count(1001)

    @property
    def token_url(self) -> str:
        return f"{self.url}/token"

    @route("POST", r"/token")
    def token(self, req: Request):
        form = req.form() if req.headers.get("content-type", "").startswith("application/x-www-form-urlencoded") else {}
        client_id, secret = form.get("client_id"), form.get("client_secret")
        basic = req.headers.get("authorization", "")
        if basic.startswith("Basic "):
            client_id, _, secret = base64.b64decode(basic[6:]).decode().partition(":")
            client_id, secret = unquote_plus(client_id), unquote_plus(secret)
        if form.get("grant_type") != "refresh_token":
            return Response(400, {"error": "unsupported_grant_type", "error_description": "Invalid grant_type: "
                                  + str(form.get("grant_type") or "")})
        if not client_id or self.clients.get(client_id) != secret:
            return Response(401, {"error": "invalid_client", "error_description": "Unauthorized"})
        grant = self.refresh_tokens.get(form.get("refresh_token", ""))
        if grant is None or grant[0] != client_id:
            return Response(400, {"error": "invalid_grant", "error_description": "Token has been expired or revoked."})
        access = f"ya29.a0-minted-{next(self._ids)}-0123456789"
        self.tokens[access] = set(grant[2])
        self.minted.append(access)
        return Response(200, {"access_token": access, "expires_in": 3599, "scope": grant[1], "token_type": "Bearer"})

    def _check(self, req: Request, parent: str) -> Response | None:
        header = req.headers.get("authorization", "")
        token = header[7:] if header.startswith("Bearer ") else None
        if token not in self.tokens:
            return _error(401, "UNAUTHENTICATED", "Request had invalid authentication credentials. Expected "
                                                  "OAuth 2 access token, login cookie or other valid authentication "
                                                  "credential.")
        if parent not in self.tokens[token]:
            return _error(403, "PERMISSION_DENIED", "The caller does not have permission")
        return None

    @route("POST", rf"/v4/{LOCATION}/localPosts")
    def create_post(self, req: Request, account: str, location: str):
        parent = f"accounts/{account}/locations/{location}"
        refused = self._check(req, parent)
        if refused:
            return refused
        try:
            body = req.json()
        except ValueError:
            return _error(400, "INVALID_ARGUMENT", "Invalid JSON payload received.")
        if not isinstance(body, dict):
            return _error(400, "INVALID_ARGUMENT", "Invalid JSON payload received. Expected an object.")
        unknown = set(body) - FIELDS
        if unknown:
            name = sorted(unknown)[0]
            return _error(400, "INVALID_ARGUMENT", f'Invalid JSON payload received. Unknown name "{name}"')
        if "languageCode" in body and not (isinstance(body["languageCode"], str)
                                           and LANGUAGE_TAG.fullmatch(body["languageCode"])):
            return _invalid("languageCode")
        if body.get("topicType") not in TOPICS:
            return _invalid("topicType")
        summary = body.get("summary", "")
        if len(summary) > SUMMARY_LIMIT:
            return _invalid(f"summary longer than {SUMMARY_LIMIT}")
        if body["topicType"] == "STANDARD" and not summary and not body.get("media"):
            return _invalid("summary or media required")
        cta = body.get("callToAction")
        if cta is not None:
            if cta.get("actionType") not in ACTIONS:
                return _invalid("callToAction.actionType")
            if cta["actionType"] == "CALL" and cta.get("url"):
                return _invalid("CALL takes no url")
            if cta["actionType"] != "CALL" and not re.match(r"https?://[^\s/]+", cta.get("url") or ""):
                return _invalid("callToAction.url")
        for item in body.get("media") or []:
            if item.get("mediaFormat") not in FORMATS or not re.match(r"https?://", item.get("sourceUrl") or ""):
                return _invalid("media")
        post_id = str(next(self._ids))
        now = datetime.now(timezone.utc).isoformat().replace("+00:00", "Z")
        search = f"https://local.google.com/place?id={location}&use=posts&lpsid={post_id}"
        post = {**body, "name": f"{parent}/localPosts/{post_id}", "state": "LIVE", "createTime": now,
                "updateTime": now, "searchUrl": search}
        self.posts[post["name"]] = post
        return Response(200, post)

    @route("GET", rf"/v4/{LOCATION}/localPosts")
    def list_posts(self, req: Request, account: str, location: str):
        parent = f"accounts/{account}/locations/{location}"
        refused = self._check(req, parent)
        if refused:
            return refused
        size = int((req.query.get("pageSize") or ["20"])[0])
        if not 1 <= size <= 100:
            return _invalid("pageSize")
        mine = [p for name, p in reversed(list(self.posts.items())) if name.startswith(parent + "/")]
        body = {"localPosts": mine[:size]} if mine else {}
        if len(mine) > size:
            body["nextPageToken"] = str(size)
        return Response(200, body)

    @route("DELETE", rf"/v4/(?P<name>{LOCATION}/localPosts/\d+)")
    def delete_post(self, req: Request, name: str, account: str, location: str):
        refused = self._check(req, f"accounts/{account}/locations/{location}")
        if refused:
            return refused
        if self.posts.pop(name, None) is None:
            return _error(404, "NOT_FOUND", "Requested entity was not found.")
        return Response(200, {})
