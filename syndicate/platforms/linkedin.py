"""LinkedIn organization page, through the versioned Posts API, as an article post.

Credentials (environment):
    LINKEDIN_ACCESS_TOKEN  3-legged OAuth token of a page admin with w_organization_social
                           (post, delete) and r_organization_social (find). It lasts 60 days.
    LINKEDIN_CLIENT_ID, LINKEDIN_CLIENT_SECRET  optional: the app's credentials, with which
                           token introspection (shared/authentication/token-introspection,
                           POST /oauth/v2/introspectToken) tells the token's expiry and
                           scopes, so `post` can warn 14 days ahead.
Options: `LinkedInOptions` below (organization required; version is the LinkedIn-Version
header, YYYYMM, whose retirement date versions.py holds).

Docs (learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/...):
  posts-api           POST/GET/DELETE /rest/posts; headers LinkedIn-Version and
                      X-Restli-Protocol-Version: 2.0.0; the new post's URN is in x-restli-id.
  little-text-format  commentary is "little" text: | { } @ [ ] ( ) < > # \\ * _ ~ are reserved
                      and must be backslash-escaped "even if not used in an element".
  images-api          initializeUpload, then PUT the bytes to the returned uploadUrl.
  article-ads-integrations  the API does not scrape the URL: title, description and
                      thumbnail (an image URN) must be sent, hence the upload.
The link travels as the article card's `source`, so it is not in the text. The card has no
documented alt-text field for its thumbnail, so the image alt cannot be sent here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import ClassVar
from urllib.parse import quote

from . import versions
from ._rest import BearerAuth, delete_request, json_of, same_article, send, share_image
from .base import Credentials, Platform, PlatformError, Posted, Teaser
from .options import Options, setting

TOKEN = "LINKEDIN_ACCESS_TOKEN"
CLIENT_ID, CLIENT_SECRET = "LINKEDIN_CLIENT_ID", "LINKEDIN_CLIENT_SECRET"
INTROSPECT_URL = "https://www.linkedin.com/oauth/v2/introspectToken"
# LinkedIn sunsets versions about a year after release; override with the `version` option.
VERSION = versions.DEFAULTS[versions.LINKEDIN]
RESERVED = re.compile(r"([\\|{}@\[\]()<>#*_~])")
HASHTAG = re.compile(r"(?<!\S)#([^\W_]+)")
# 422 DUPLICATE_POST names the post that already holds this content: that post is ours.
DUPLICATE = re.compile(r"duplicate of (urn:li:[A-Za-z]+:[0-9]+)")


@dataclass(frozen=True, kw_only=True)
class LinkedInOptions(Options):
    api_base: str = setting("https://api.linkedin.com", kind="url", hosts=("api.linkedin.com",),
                            doc="The LinkedIn API's address.")
    organization: str = setting(kind="id", doc="The Page: `urn:li:organization:<id>`, or just the number.")
    version: str = setting(VERSION, kind="id", doc="The LinkedIn-Version (YYYYMM) the requests ask for; "
                                                   "`syndicate doctor` checks it against the retirement dates.")
    introspect_url: str = setting(INTROSPECT_URL, kind="url", hosts=("www.linkedin.com",),
                                  doc="LinkedIn's token introspection endpoint: only LinkedIn's host, or loopback for tests.")


def _escape(text: str) -> str:
    return RESERVED.sub(r"\\\1", text)


def little(text: str) -> str:
    """Plain text as little text: our hashtags become HashtagTemplates, the rest is escaped.

    Popular clients often leave a bare "#tag" unescaped (a HashtagElement); the docs'
    template form `{hashtag|#|tag}` is unambiguous, so we follow the docs.
    """
    out, pos = [], 0
    for match in HASHTAG.finditer(text):
        out.append(_escape(text[pos:match.start()]))
        out.append("{hashtag|#|" + _escape(match.group(1)) + "}")
        pos = match.end()
    out.append(_escape(text[pos:]))
    return "".join(out)


class LinkedIn(Platform):
    name = "linkedin"
    label = "LinkedIn"
    Options = LinkedInOptions
    env_vars: ClassVar[tuple[str, ...]] = (TOKEN,)
    link_in_text = False  # the article card carries the link
    default_limit = 3000  # commentary, per the Posts API
    idempotent = False  # the Posts API has no idempotency key
    find_scope = "r_organization_social"
    optional_env_vars: ClassVar[tuple[str, ...]] = (CLIENT_ID, CLIENT_SECRET)
    scopes_needed: ClassVar[dict[str, tuple[str, ...]]] = {
        "post": ("w_organization_social",), "find": ("r_organization_social",), "delete": ("w_organization_social",)}
    reports_expiry = True
    renewal = ("sign in again through the app's OAuth flow (or the developer portal's token generator) as a "
               "Page admin with w_organization_social and r_organization_social, and store the new "
               "LINKEDIN_ACCESS_TOKEN; tokens last 60 days")

    def count(self, text: str) -> int:
        # LinkedIn does not say whether 3000 applies before or after escaping, nor how it counts
        # astral characters; counting the escaped text in UTF-16 units is never below either.
        return len(little(text).encode("utf-16-le")) // 2

    # --- plumbing -----------------------------------------------------------
    @property
    def _organization(self) -> str:
        org = self.options.organization
        return org if org.startswith("urn:li:") else f"urn:li:organization:{org}"

    def auth(self) -> BearerAuth:
        return BearerAuth(self.secret(TOKEN))

    def _headers(self, method: str | None = None) -> dict[str, str]:
        headers = {"LinkedIn-Version": self.options.version, "X-Restli-Protocol-Version": "2.0.0"}
        if method:
            headers["X-RestLi-Method"] = method
        return headers

    @staticmethod
    def _url(urn: str) -> str:
        return f"https://www.linkedin.com/feed/update/{urn}/"

    def pinned_versions(self) -> dict[str, str]:
        return {versions.LINKEDIN: self.options.version}

    def check_credentials(self) -> Credentials:
        # The finder proves the token, the organization role and that the pinned version is live (426 if not).
        send(self, "GET", "/rest/posts", "listing the page's posts", ok=(200,),
             params={"q": "author", "author": self._organization, "count": 1}, headers=self._headers("FINDER"))
        return self.token_info()

    def token_info(self) -> Credentials:
        """The token's expiry and scopes by introspection, without touching the Posts API."""
        if not (self.env.get(CLIENT_ID) and self.env.get(CLIENT_SECRET)):
            return Credentials(account=self._organization, expiry_note=f"set {CLIENT_ID} and {CLIENT_SECRET} "
                                                                        "to read the token's expiry and scopes")
        response = send(self, "POST", self.options.introspect_url, "introspecting the token",
                        ok=(200, 400, 401), auth=None, data={"client_id": self.env[CLIENT_ID],
                                                  "client_secret": self.env[CLIENT_SECRET], "token": self.secret(TOKEN)})
        answer = json_of(response)
        if response.status_code != 200:
            raise PlatformError(self.label, f"token introspection refused the app's credentials ({response.status_code}: "
                                            f"{self.scrub(str(answer.get('error_description') or answer.get('error') or ''))})",
                                env_var=f"{CLIENT_ID} and {CLIENT_SECRET}", status=response.status_code)
        if not answer.get("active"):
            raise PlatformError(self.label, f"the access token is {answer.get('status') or 'not active'}; "
                                            f"{self.renewal}", env_var=TOKEN)
        expires = answer.get("expires_at")
        return Credentials(account=self._organization,
                           scopes=frozenset(s.strip() for s in str(answer.get("scope") or "").split(",") if s.strip()),
                           expires_at=datetime.fromtimestamp(int(expires), timezone.utc) if expires else None)

    # --- operations -----------------------------------------------------------
    def post(self, teaser: Teaser, key: str) -> Posted:
        article = {"source": teaser.link, "title": teaser.title}
        if teaser.description:
            article["description"] = teaser.description
        thumbnail = self._upload(teaser)
        if thumbnail:
            article["thumbnail"] = thumbnail
        body = {
            "author": self._organization,
            "commentary": little(teaser.text),
            "visibility": "PUBLIC",
            "distribution": {"feedDistribution": "MAIN_FEED", "targetEntities": [],
                             "thirdPartyDistributionChannels": []},
            "content": {"article": article},
            "lifecycleState": "PUBLISHED",
            "isReshareDisabledByAuthor": False,
        }
        response = send(self, "POST", "/rest/posts", "creating the post",
                        ok=(201, 422), json=body, headers=self._headers())
        if response.status_code == 422:
            duplicate = DUPLICATE.search(str(json_of(response).get("message") or ""))
            if json_of(response).get("code") == "DUPLICATE_POST" and duplicate:
                return Posted(duplicate.group(1), self._url(duplicate.group(1)), {"duplicate": True})
            raise self.fail(response, "creating the post")
        urn = response.headers.get("x-restli-id")
        if not urn:
            raise PlatformError(self.label, "the post was accepted but LinkedIn returned no x-restli-id; "
                                            "check the page before retrying")
        return Posted(urn, self._url(urn), {"thumbnail": thumbnail} if thumbnail else {})

    def _upload(self, teaser: Teaser) -> str | None:
        """Uploads the share image for the card; the Posts API takes only an image URN."""
        image = share_image(teaser)
        if image is None:
            return None
        init = send(self, "POST", "/rest/images", "starting the image upload", ok=(200,),
                    params={"action": "initializeUpload"}, headers=self._headers(),
                    json={"initializeUploadRequest": {"owner": self._organization}})
        value = json_of(init).get("value") or {}
        if not (value.get("uploadUrl") and value.get("image")):
            raise PlatformError(self.label, "initializeUpload answered without uploadUrl/image")
        # The docs' upload example sends the same bearer token to the returned uploadUrl.
        send(self, "PUT", value["uploadUrl"], "uploading the image", ok=(200, 201), data=image.data,
             headers={"Content-Type": "application/octet-stream"})
        return value["image"]

    def find(self, teaser: Teaser, key: str) -> Posted | None:
        # Recent posts only, listed once per run: this recovers a crash of the last run, not history.
        response = self.once("posts", lambda: send(
            self, "GET", "/rest/posts", "listing the page's posts", ok=(200,),
            params={"q": "author", "author": self._organization, "count": 50, "sortBy": "LAST_MODIFIED"},
            headers=self._headers("FINDER")))
        for element in json_of(response).get("elements", []):
            source = ((element.get("content") or {}).get("article") or {}).get("source")
            if element.get("id") and same_article(source, teaser.link):
                return Posted(element["id"], self._url(element["id"]))
        return None

    def delete(self, post: Posted) -> None:
        delete_request(self, f"/rest/posts/{quote(post.id, safe='')}", "deleting the post",
                       headers=self._headers("DELETE"))
