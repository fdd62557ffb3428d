"""Facebook Page, through the Graph API: a link post, or optionally a photo post with alt text.

Credentials (environment):
    FACEBOOK_PAGE_ACCESS_TOKEN  a Page access token with pages_manage_posts and
                                pages_read_engagement (the CREATE_CONTENT task on the Page).
                                One taken from a long-lived user token (GET /me/accounts)
                                does not expire, but the app's data access lapses after 90
                                days without use; `debug_token` tells both, and `post`
                                warns 14 days ahead.
Options: `FacebookOptions` below (page_id, photo, api_base ending in the Graph version).

Docs (developers.facebook.com/docs/graph-api/...): reference/page/feed (publish with
`message` and `link`; read with `fields`), reference/photo (publish with `url`, `caption`,
`alt_text_custom`; answers id and post_id), reference/post (DELETE answers success),
guides/error-handling (error codes, read in _graph.py: a bad token is HTTP 400, code 190).

The token goes in the Authorization header, not in the URL: requests quotes URLs in its
exception messages, and a URL query is what logs keep. The one exception is `debug_token`
(doctor and the expiry warning), whose `input_token` is the token itself; those calls go
through `_rest.send`, which scrubs errors, and the log filter masks it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import requests

from . import versions
from ._graph import debug_token, graph_error, version_of
from ._rest import BearerAuth, delete_request, json_of, mentions, same_article, send
from .base import Credentials, Platform, PlatformError, Posted, Teaser
from .options import Options, setting

TOKEN = "FACEBOOK_PAGE_ACCESS_TOKEN"


@dataclass(frozen=True, kw_only=True)
class FacebookOptions(Options):
    api_base: str = setting(f"https://graph.facebook.com/{versions.DEFAULTS[versions.GRAPH]}", kind="url",
                            hosts=("graph.facebook.com",),
                            doc="The Graph API's address; its last segment is the version `syndicate doctor` "
                                "checks against the retirement dates.")
    page_id: str = setting(kind="id", doc="The Page's numeric id (the Page's About section, Page transparency).")
    photo: bool = setting(False, doc="`true`: a photo post of the share image with its alt text, the link in "
                                     "the caption, instead of a link card.")


class FacebookPage(Platform):
    name = "facebook"
    label = "Facebook"
    Options = FacebookOptions
    env_vars: ClassVar[tuple[str, ...]] = (TOKEN,)
    # The Graph reference states no limit; 63,206 characters is the long-standing, widely cited cap.
    default_limit = 63206
    idempotent = False  # Graph API publishing has no idempotency key
    find_scope = "pages_read_engagement"
    scopes_needed: ClassVar[dict[str, tuple[str, ...]]] = {
        "post": ("pages_manage_posts",), "find": ("pages_read_engagement",), "delete": ("pages_manage_posts",)}
    reports_expiry = True
    renewal = ("get a new long-lived user token (Graph API Explorer, then GET /oauth/access_token with "
               "grant_type=fb_exchange_token), read the Page token from GET /me/accounts, and store it "
               "as FACEBOOK_PAGE_ACCESS_TOKEN")

    @property
    def link_in_text(self) -> bool:
        # A link post carries the link in `link`, shown as a card; a photo post has no card, so
        # the link goes in the caption, and compose counts it there.
        return self.options.photo

    def count(self, text: str) -> int:
        return len(text)

    # --- plumbing -------------------------------------------------------------
    def auth(self) -> BearerAuth:
        return BearerAuth(self.secret(TOKEN))

    def _url(self, post_id: str) -> str:
        page, _, story = post_id.partition("_")
        return f"https://www.facebook.com/{page}/posts/{story}" if story else f"https://www.facebook.com/{post_id}"

    def fail(self, response: requests.Response, action: str, *, env_var: str | None = None) -> PlatformError:
        # Graph reports a bad token as HTTP 400 with code 190, which a status check would miss.
        return graph_error(self, response, action, TOKEN) or super().fail(response, action, env_var=env_var)

    def pinned_versions(self) -> dict[str, str]:
        version = version_of(self.base_url)
        return {versions.GRAPH: version} if version else {}

    def check_credentials(self) -> Credentials:
        token = self.secret(TOKEN)
        info = debug_token(self, token, TOKEN, params={"input_token": token})
        # debug_token proves the token; reading the Page proves it is this Page's.
        page = json_of(send(self, "GET", f"/{self.options.page_id}", "reading the Page", ok=(200,),
                            params={"fields": "id,name"}))
        return Credentials(account=str(page.get("name") or self.options.page_id), scopes=info.scopes, expires_at=info.expires_at)

    # --- operations -------------------------------------------------------------
    def post(self, teaser: Teaser, key: str) -> Posted:
        if self.options.photo and teaser.image_url:
            data = {"url": teaser.image_url, "caption": teaser.text}
            if teaser.image_alt:
                data["alt_text_custom"] = teaser.image_alt
            answer = json_of(send(self, "POST", f"/{self.options.page_id}/photos", "publishing the photo",
                                  ok=(200,), data=data))
            post_id = answer.get("post_id") or answer.get("id")
            extra = {"photo_id": answer.get("id")}
        else:
            data = {"message": teaser.text}
            if not self.link_in_text:
                data["link"] = teaser.link
            answer = json_of(send(self, "POST", f"/{self.options.page_id}/feed", "publishing the post",
                                  ok=(200,), data=data))
            post_id, extra = answer.get("id"), {}
        if not post_id:
            raise PlatformError(self.label, "the post was accepted but no id came back; check the Page before retrying")
        return Posted(post_id, self._url(post_id), extra)

    def find(self, teaser: Teaser, key: str) -> Posted | None:
        # `link` is no longer a readable Post field (deprecated in v3.3); link posts expose the
        # target as attachments.unshimmed_url (attachments.url is Facebook's l.php redirect).
        response = self.once("posts", lambda: send(
            self, "GET", f"/{self.options.page_id}/published_posts", "listing the Page's posts",
            ok=(200,),
            params={"fields": "id,permalink_url,message,attachments{unshimmed_url,url}", "limit": 50}))
        for item in json_of(response).get("data", []):
            targets = [a.get("unshimmed_url") or a.get("url") for a in (item.get("attachments") or {}).get("data", [])]
            if item.get("id") and (mentions(item.get("message"), teaser.link)
                                   or any(same_article(t, teaser.link) for t in targets)):
                return Posted(item["id"], item.get("permalink_url") or self._url(item["id"]))
        return None

    def delete(self, post: Posted) -> None:
        delete_request(self, f"/{post.id}", "deleting the post")
