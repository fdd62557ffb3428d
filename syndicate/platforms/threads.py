"""Threads, through the Threads API (graph.threads.net): the teaser as a text post, or an image post if asked.

Credentials (environment):
    THREADS_ACCESS_TOKEN  a long-lived Threads user access token (60 days) with threads_basic,
                          threads_content_publish and threads_delete. `debug_token` tells
                          its expiry and `post` warns 14 days ahead; refresh it with GET
                          /refresh_access_token?grant_type=th_refresh_token (docs:
                          get-started/long-lived-tokens) and store the new token.
Options: `ThreadsOptions` below; `image_mode: card` (the default) makes a text post whose link
Threads previews, `attach` an image post, which shows no link preview.

Topic tags: a post takes one, so the teaser carries at most one hashtag (`max_hashtags`).

Docs (developers.facebook.com/docs/threads): posts (two steps: POST /{threads-user-id}/threads
with media_type TEXT or IMAGE, text, image_url, then POST /{threads-user-id}/threads_publish
with creation_id; text at most 500 characters, emoji counted as their UTF-8 bytes; at most 5
links), posts/accessibility (alt_text, image and video only), troubleshooting (GET
/{container-id}?fields=status,error_message: IN_PROGRESS, FINISHED, PUBLISHED, ERROR, EXPIRED),
retrieve-and-discover-posts (GET /{threads-user-id}/threads?fields=id,permalink,text),
posts/delete-posts (DELETE /{threads-media-id}, threads_delete, 100 a day).

The docs pass the token as the `access_token` parameter: `_rest.AccessTokenAuth` puts it in the
form body of a POST and only in the query of a GET or DELETE, which have no body. requests quotes URLs in
its exception messages, so every call goes through `_rest.send`, which scrubs them.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import requests

from . import _text
from ._graph import debug_token, graph_error
from ..http import poll
from ._rest import AccessTokenAuth, delete_request, json_of, mentions, send
from .base import Credentials, Platform, PlatformError, Posted, Teaser
from .options import ImageModeOptions, setting

TOKEN = "THREADS_ACCESS_TOKEN"


@dataclass(frozen=True, kw_only=True)
class ThreadsOptions(ImageModeOptions):
    api_base: str = setting("https://graph.threads.net/v1.0", kind="url", hosts=("graph.threads.net",), doc="The Threads API's address.")
    user_id: str = setting("me", kind="id", doc="The Threads user id to post as (`me`: the token's own account).")
    publish_wait: float = setting(300.0, at_least=0.1, at_most=3600, doc="Seconds to wait for Threads to get a post ready before publishing it.")
    poll_interval: float = setting(2.0, at_least=0.01, at_most=60, doc="Seconds before the first check on a post being readied (doubling after).")


def count_characters(text: str) -> int:
    """Characters as Threads counts them: a grapheme is one, an emoji its UTF-8 length (docs: posts)."""
    return sum(len(c.encode("utf-8")) if _text.is_emoji(c) else 1 for c in _text.clusters(text))


class Threads(Platform):
    name = "threads"
    label = "Threads"
    Options = ThreadsOptions
    env_vars: ClassVar[tuple[str, ...]] = (TOKEN,)
    default_limit = 500
    # Not documented as safe to repeat: a second threads_publish after a lost answer might post
    # twice, so POSTs are never retried; a rerun's `find` recovers a post that did go out.
    idempotent = False
    find_scope = "threads_basic"
    scopes_needed: ClassVar[dict[str, tuple[str, ...]]] = {
        "post": ("threads_basic", "threads_content_publish"), "find": ("threads_basic",),
        "delete": ("threads_basic", "threads_delete")}
    reports_expiry = True
    renewal = ("refresh it with GET https://graph.threads.net/refresh_access_token?grant_type=th_refresh_token"
               "&access_token=<token> (any time after its first day) and store the new THREADS_ACCESS_TOKEN")
    max_hashtags = 1  # one topic tag per post

    def count(self, text: str) -> int:
        return count_characters(text)

    # --- plumbing -------------------------------------------------------------
    def auth(self) -> AccessTokenAuth:
        return AccessTokenAuth(self.secret(TOKEN))

    def fail(self, response: requests.Response, action: str, *, env_var: str | None = None) -> PlatformError:
        return graph_error(self, response, action, TOKEN) or super().fail(response, action, env_var=env_var)

    def _wait_until_ready(self, container: str) -> None:
        """Meta asks clients to wait until the container is FINISHED before publishing it."""
        def finished() -> bool:
            state = json_of(send(self, "GET", f"/{container}", "checking the post container", ok=(200,),
                                 params={"fields": "status,error_message"}))
            status = state.get("status")
            if status in ("ERROR", "EXPIRED", "PUBLISHED"):
                raise PlatformError(self.label, f"the post container is {status}: {self.scrub(str(state.get('error_message') or ''))}")
            return status == "FINISHED"

        wait = self.options.publish_wait
        if not poll(finished, within=wait, every=self.options.poll_interval, at_most=30.0):
            raise PlatformError(self.label, f"the post container was not ready after {wait:g} s", retryable=True)

    def check_credentials(self) -> Credentials:
        token = self.secret(TOKEN)
        info = debug_token(self, token, TOKEN, params={"input_token": token})
        me = json_of(send(self, "GET", f"/{self.options.user_id}", "reading the account", ok=(200,),
                          params={"fields": "id,username"}))
        return Credentials(account="@" + str(me.get("username") or me.get("id") or info.account),
                           scopes=info.scopes, expires_at=info.expires_at)

    # --- operations -------------------------------------------------------------
    def post(self, teaser: Teaser, key: str) -> Posted:
        data = {"media_type": "TEXT", "text": teaser.text}
        if teaser.image_url and self.attaches_image:  # Threads fetches the image, so it must be public already
            data.update(media_type="IMAGE", image_url=teaser.image_url)
            if teaser.image_alt:
                data["alt_text"] = teaser.image_alt
        container = json_of(send(self, "POST", f"/{self.options.user_id}/threads", "creating the post container",
                                 ok=(200,), data=data)).get("id")
        if not container:
            raise PlatformError(self.label, "creating the post container answered no id")
        self._wait_until_ready(str(container))
        media_id = json_of(send(self, "POST", f"/{self.options.user_id}/threads_publish", "publishing the post",
                                ok=(200,), data={"creation_id": container})).get("id")
        if not media_id:
            raise PlatformError(self.label, "the post was published but no id came back; check the account before retrying")
        media_id = str(media_id)
        return Posted(media_id, self._permalink(media_id), {"container_id": str(container)})

    def _permalink(self, media_id: str) -> str:
        try:
            answer = send(self, "GET", f"/{media_id}", "reading the post's permalink", ok=(200,),
                          params={"fields": "permalink"})
        except PlatformError:
            return ""  # the post exists; a missing link must not turn success into failure
        return str(json_of(answer).get("permalink") or "")

    def find(self, teaser: Teaser, key: str) -> Posted | None:
        response = self.once("posts", lambda: send(
            self, "GET", f"/{self.options.user_id}/threads", "listing the account's posts", ok=(200,),
            params={"fields": "id,permalink,text", "limit": 50}))
        for item in json_of(response).get("data") or []:
            if item.get("id") and mentions(item.get("text"), teaser.link):
                return Posted(str(item["id"]), str(item.get("permalink") or ""))
        return None

    def delete(self, post: Posted) -> None:
        delete_request(self, f"/{post.id}", "deleting the post")
