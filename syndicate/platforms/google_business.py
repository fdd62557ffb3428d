"""Google Business Profile local posts ("updates"), through the My Business API v4.

Access: the Business Profile APIs are not open to every Google Cloud project. Google must
approve the project first (the "Business Profile API access" request form); until then
every call answers 403 PERMISSION_DENIED even with a valid token.

Credentials (environment): an OAuth client and a refresh token, because a Google access
token lasts an hour. Each run exchanges the refresh token for an access token at the token
endpoint (developers.google.com/identity/protocols/oauth2/web-server#offline; a refused
refresh token is 400 `invalid_grant`, an unknown client 401 `invalid_client`).
    GOOGLE_BUSINESS_CLIENT_ID, GOOGLE_BUSINESS_CLIENT_SECRET  the OAuth client (Google Cloud
        console > APIs & Services > Credentials), of a project approved for the API
    GOOGLE_BUSINESS_REFRESH_TOKEN  granted with the scope business.manage by a user who
        manages the location. It lasts until revoked, unused for six months, or the user's
        password changes; while the OAuth consent screen is in "Testing" it lasts 7 days,
        so publish the app (an internal app needs no review).
Options: `GoogleBusinessOptions` below (account and location required). A post's languageCode is
its article's language.

Docs (developers.google.com/my-business/reference/rest/v4/accounts.locations.localPosts):
create/list/delete, LocalPost (summary, languageCode, topicType, callToAction {actionType,
url}, media [{mediaFormat, sourceUrl}], name, searchUrl). Google's Business Profile help
limits a post's text to 1,500 characters. The "Learn more" button carries the link, so it
is not in the text, and posts do not use hashtags. Local posts take a photo by URL but
have no alt-text field.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import requests

from ..http import hide_in_logs
from ._rest import BearerAuth, delete_request, json_of, same_article, send
from .base import Credentials, Platform, PlatformError, Posted, Teaser
from .options import Options, setting

CLIENT_ID, CLIENT_SECRET = "GOOGLE_BUSINESS_CLIENT_ID", "GOOGLE_BUSINESS_CLIENT_SECRET"
REFRESH_TOKEN = "GOOGLE_BUSINESS_REFRESH_TOKEN"
TOKEN_URL = "https://oauth2.googleapis.com/token"
SCOPE = "https://www.googleapis.com/auth/business.manage"


@dataclass(frozen=True, kw_only=True)
class GoogleBusinessOptions(Options):
    api_base: str = setting("https://mybusiness.googleapis.com/v4", kind="url", hosts=("mybusiness.googleapis.com",),
                            doc="The My Business API's address.")
    account: str = setting(kind="id", doc="The account's numeric id (the `a` in accounts/a/locations/l).")
    location: str = setting(kind="id", doc="The location's numeric id (the `l` in accounts/a/locations/l).")
    token_url: str = setting(TOKEN_URL, kind="url", hosts=("oauth2.googleapis.com",),
                             doc="Google's OAuth token endpoint: only Google's host, or loopback for tests.")


class GoogleBusinessProfile(Platform):
    name = "google_business"
    label = "Google Business Profile"
    Options = GoogleBusinessOptions
    env_vars: ClassVar[tuple[str, ...]] = (CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN)
    scopes_needed: ClassVar[dict[str, tuple[str, ...]]] = {"post": (SCOPE,), "find": (SCOPE,), "delete": (SCOPE,)}
    renewal = ("the refresh token lasts until revoked or unused for six months (7 days while the OAuth "
               "consent screen is in Testing); to renew, authorize again with the business.manage scope "
               "and store the new GOOGLE_BUSINESS_REFRESH_TOKEN")
    link_in_text = False  # the LEARN_MORE call-to-action button carries the link
    uses_hashtags = False  # hashtags are not a feature of local posts; they would show as text
    default_limit = 1500
    idempotent = False  # localPosts.create has no request id
    find_scope = "https://www.googleapis.com/auth/business.manage"

    def __init__(self, options: dict | None = None, env: dict | None = None,
                 session: requests.Session | None = None):
        super().__init__(options, env, session)
        self._access: dict | None = None  # the token endpoint's answer, once per run

    def count(self, text: str) -> int:
        return len(text)

    def secrets(self) -> list[str]:
        minted = [self._access["access_token"]] if getattr(self, "_access", None) else []
        return super().secrets() + minted

    def _exchange(self) -> dict:
        """Trades the refresh token for an access token (an hour's worth), once per run."""
        if self._access is None:
            response = send(self, "POST", self.options.token_url, "exchanging the refresh token",
                            ok=(200, 400, 401), auth=None, data={
                                "grant_type": "refresh_token", "client_id": self.secret(CLIENT_ID),
                                "client_secret": self.secret(CLIENT_SECRET), "refresh_token": self.secret(REFRESH_TOKEN)})
            answer = json_of(response)
            if response.status_code != 200 or not answer.get("access_token"):
                error = str(answer.get("error") or response.status_code)
                detail = self.scrub(str(answer.get("error_description") or response.text[:200]))
                # invalid_grant: the refresh token is expired, revoked or not this client's.
                var = REFRESH_TOKEN if error == "invalid_grant" else f"{CLIENT_ID} and {CLIENT_SECRET}"
                raise PlatformError(self.label, f"the token endpoint refused the refresh token ({error}: {detail}); "
                                                f"{self.renewal}", env_var=var, status=response.status_code)
            self._access = answer
            hide_in_logs([answer["access_token"]])
        return self._access

    @property
    def _location(self) -> str:
        return f"accounts/{self.options.account}/locations/{self.options.location}"

    def auth(self) -> BearerAuth:
        return BearerAuth(self._exchange()["access_token"])

    def fail(self, response: requests.Response, action: str, *, env_var: str | None = None) -> PlatformError:
        # A refused access token was minted just now from the refresh token: that is what to fix.
        return super().fail(response, action, env_var=env_var or REFRESH_TOKEN)

    def check_credentials(self) -> Credentials:
        scopes = frozenset(str(self._exchange().get("scope") or "").split()) or None
        send(self, "GET", f"/{self._location}/localPosts", "listing the local posts", ok=(200,),
             params={"pageSize": 1})
        return Credentials(account=self._location, scopes=scopes, expires_at=None)

    def post(self, teaser: Teaser, key: str) -> Posted:
        body = {
            "languageCode": teaser.lang,  # the article's language (LocalPost.languageCode)
            "summary": teaser.text,
            "topicType": "STANDARD",
            "callToAction": {"actionType": "LEARN_MORE", "url": teaser.link},
        }
        if teaser.image_url:
            # Google fetches the photo itself from the practice's public site.
            body["media"] = [{"mediaFormat": "PHOTO", "sourceUrl": teaser.image_url}]
        answer = json_of(send(self, "POST", f"/{self._location}/localPosts", "creating the local post",
                              ok=(200,), json=body))
        if not answer.get("name"):
            raise PlatformError(self.label, "the post was accepted but no name came back; "
                                            "check the profile before retrying")
        return Posted(answer["name"], answer.get("searchUrl", ""), {"state": answer.get("state")})

    def find(self, teaser: Teaser, key: str) -> Posted | None:
        response = self.once("posts", lambda: send(
            self, "GET", f"/{self._location}/localPosts", "listing the local posts",
            ok=(200,), params={"pageSize": 100}))
        for item in json_of(response).get("localPosts", []):
            if item.get("name") and same_article((item.get("callToAction") or {}).get("url"), teaser.link):
                return Posted(item["name"], item.get("searchUrl", ""), {"state": item.get("state")})
        return None

    def delete(self, post: Posted) -> None:
        delete_request(self, f"/{post.id}", "deleting the local post")
