"""Google Business Profile local posts ("updates"), through the My Business API v4.

Access: the Business Profile APIs are not open to every Google Cloud project. Google must
approve the project first (the "Business Profile API access" request form); until then
every call answers 403 PERMISSION_DENIED even with a valid token.

Credentials (environment):
    GOOGLE_BUSINESS_ACCESS_TOKEN  an OAuth 2.0 access token with the scope
                                  https://www.googleapis.com/auth/business.manage, for a
                                  user who manages the location. Google access tokens
                                  last about an hour: mint one per run (e.g. from a
                                  refresh token in CI) rather than storing one.
Options (site config): account and location (the numeric ids in accounts/{a}/locations/{l};
required), language (languageCode, default "en"), api_base, limit.

Docs (developers.google.com/my-business/reference/rest/v4/accounts.locations.localPosts):
create/list/delete, LocalPost (summary, languageCode, topicType, callToAction {actionType,
url}, media [{mediaFormat, sourceUrl}], name, searchUrl). Google's Business Profile help
limits a post's text to 1,500 characters. The "Learn more" button carries the link, so it
is not in the text, and posts do not use hashtags. Local posts take a photo by URL but
have no alt-text field.
"""
from __future__ import annotations

from typing import ClassVar

from ._rest import json_of, same_article, send
from .base import Platform, PlatformError, Posted, Teaser

TOKEN = "GOOGLE_BUSINESS_ACCESS_TOKEN"


class GoogleBusinessProfile(Platform):
    name = "google_business"
    label = "Google Business Profile"
    env_vars: ClassVar[tuple[str, ...]] = (TOKEN,)
    link_in_text = False  # the LEARN_MORE call-to-action button carries the link
    uses_hashtags = False  # hashtags are not a feature of local posts; they would show as text
    default_limit = 1500
    idempotent = False  # localPosts.create has no request id
    find_scope = "https://www.googleapis.com/auth/business.manage"

    def count(self, text: str) -> int:
        return len(text)

    @property
    def _base(self) -> str:
        return self.options.get("api_base", "https://mybusiness.googleapis.com/v4").rstrip("/")

    @property
    def _location(self) -> str:
        account, location = self.options.get("account"), self.options.get("location")
        if not (account and location):
            raise PlatformError(self.label, "set 'account' and 'location' (numeric ids) in the google_business options")
        return f"accounts/{account}/locations/{location}"

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.secret(TOKEN)}"}

    def post(self, teaser: Teaser, key: str) -> Posted:
        body = {
            "languageCode": self.options.get("language", "en"),
            "summary": teaser.text,
            "topicType": "STANDARD",
            "callToAction": {"actionType": "LEARN_MORE", "url": teaser.link},
        }
        if teaser.image_url:
            # Google fetches the photo itself from the practice's public site.
            body["media"] = [{"mediaFormat": "PHOTO", "sourceUrl": teaser.image_url}]
        answer = json_of(send(self, "POST", f"{self._base}/{self._location}/localPosts", "creating the local post",
                              ok=(200,), json=body, headers=self._headers()))
        if not answer.get("name"):
            raise PlatformError(self.label, "the post was accepted but no name came back; "
                                            "check the profile before retrying")
        return Posted(answer["name"], answer.get("searchUrl", ""), {"state": answer.get("state")})

    def find(self, teaser: Teaser, key: str) -> Posted | None:
        response = self.once("posts", lambda: send(
            self, "GET", f"{self._base}/{self._location}/localPosts", "listing the local posts",
            ok=(200,), params={"pageSize": 100}, headers=self._headers()))
        for item in json_of(response).get("localPosts", []):
            if item.get("name") and same_article((item.get("callToAction") or {}).get("url"), teaser.link):
                return Posted(item["name"], item.get("searchUrl", ""), {"state": item.get("state")})
        return None

    def delete(self, post: Posted) -> None:
        # 404: already gone (e.g. a retried DELETE whose first attempt did succeed).
        send(self, "DELETE", f"{self._base}/{post.id}", "deleting the local post", ok=(200, 204, 404),
             headers=self._headers())
