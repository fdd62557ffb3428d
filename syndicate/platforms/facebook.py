"""Facebook Page, through the Graph API: a link post, or optionally a photo post with alt text.

Credentials (environment):
    FACEBOOK_PAGE_ACCESS_TOKEN  a Page access token with pages_manage_posts and
                                pages_read_engagement (the CREATE_CONTENT task on the Page).
                                One taken from a long-lived user token (GET /me/accounts)
                                does not expire, but the app's data access lapses after 90
                                days without use; `debug_token` tells both, and `post`
                                warns 14 days ahead.
Options (site config): page_id (required), photo (true: post the share image with alt text
instead of a link card), api_base (default https://graph.facebook.com/v25.0: the version is
the last segment; see versions.py for its retirement date), limit.

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

from typing import ClassVar

import requests

from . import versions
from ._graph import debug_token, graph_error, version_of
from ._rest import json_of, mentions, same_article, send
from .base import Credentials, Platform, PlatformError, Posted, Teaser

TOKEN = "FACEBOOK_PAGE_ACCESS_TOKEN"


class FacebookPage(Platform):
    name = "facebook"
    label = "Facebook"
    env_vars: ClassVar[tuple[str, ...]] = (TOKEN,)
    link_in_text = False  # a link post carries the link in `link`, shown as a card
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

    def __init__(self, options: dict | None = None, env: dict | None = None,
                 session: requests.Session | None = None):
        super().__init__(options, env, session)
        if self.options.get("photo"):
            # A photo post has no link card, so the link must go in the caption: compose
            # reads this attribute from the instance, and then counts the link too.
            self.link_in_text = True

    def count(self, text: str) -> int:
        return len(text)

    # --- plumbing -------------------------------------------------------------
    @property
    def _base(self) -> str:
        return self.options.get("api_base", f"https://graph.facebook.com/{versions.DEFAULTS[versions.GRAPH]}").rstrip("/")

    @property
    def _page(self) -> str:
        page = str(self.options.get("page_id") or "")
        if not page:
            raise PlatformError(self.label, "set 'page_id' in the facebook options")
        return page

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.secret(TOKEN)}"}

    def _url(self, post_id: str) -> str:
        page, _, story = post_id.partition("_")
        return f"https://www.facebook.com/{page}/posts/{story}" if story else f"https://www.facebook.com/{post_id}"

    def fail(self, response: requests.Response, action: str, *, env_var: str | None = None) -> PlatformError:
        # Graph reports a bad token as HTTP 400 with code 190, which a status check would miss.
        return graph_error(self, response, action, TOKEN) or super().fail(response, action, env_var=env_var)

    def pinned_versions(self) -> dict[str, str]:
        version = version_of(self._base)
        return {versions.GRAPH: version} if version else {}

    def check_credentials(self) -> Credentials:
        token = self.secret(TOKEN)
        info = debug_token(self, self._base, token, TOKEN, params={"input_token": token}, headers=self._headers())
        # debug_token proves the token; reading the Page proves it is this Page's.
        page = json_of(send(self, "GET", f"{self._base}/{self._page}", "reading the Page", ok=(200,),
                            params={"fields": "id,name"}, headers=self._headers()))
        return Credentials(account=str(page.get("name") or self._page), scopes=info.scopes, expires_at=info.expires_at)

    # --- operations -------------------------------------------------------------
    def post(self, teaser: Teaser, key: str) -> Posted:
        if self.options.get("photo") and teaser.image_url:
            data = {"url": teaser.image_url, "caption": teaser.text}
            if teaser.image_alt:
                data["alt_text_custom"] = teaser.image_alt
            answer = json_of(send(self, "POST", f"{self._base}/{self._page}/photos", "publishing the photo",
                                  ok=(200,), data=data, headers=self._headers()))
            post_id = answer.get("post_id") or answer.get("id")
            extra = {"photo_id": answer.get("id")}
        else:
            data = {"message": teaser.text}
            if not self.link_in_text:
                data["link"] = teaser.link
            answer = json_of(send(self, "POST", f"{self._base}/{self._page}/feed", "publishing the post",
                                  ok=(200,), data=data, headers=self._headers()))
            post_id, extra = answer.get("id"), {}
        if not post_id:
            raise PlatformError(self.label, "the post was accepted but no id came back; check the Page before retrying")
        return Posted(post_id, self._url(post_id), extra)

    def find(self, teaser: Teaser, key: str) -> Posted | None:
        # `link` is no longer a readable Post field (deprecated in v3.3); link posts expose the
        # target as attachments.unshimmed_url (attachments.url is Facebook's l.php redirect).
        response = self.once("posts", lambda: send(
            self, "GET", f"{self._base}/{self._page}/published_posts", "listing the Page's posts",
            ok=(200,), headers=self._headers(),
            params={"fields": "id,permalink_url,message,attachments{unshimmed_url,url}", "limit": 50}))
        for item in json_of(response).get("data", []):
            targets = [a.get("unshimmed_url") or a.get("url") for a in (item.get("attachments") or {}).get("data", [])]
            if item.get("id") and (mentions(item.get("message"), teaser.link)
                                   or any(same_article(t, teaser.link) for t in targets)):
                return Posted(item["id"], item.get("permalink_url") or self._url(item["id"]))
        return None

    def delete(self, post: Posted) -> None:
        send(self, "DELETE", f"{self._base}/{post.id}", "deleting the post", ok=(200,), headers=self._headers())
