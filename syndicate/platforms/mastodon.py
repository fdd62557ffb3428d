"""Mastodon, through its REST API: the teaser as a public status (with the share image and alt text if asked).

Credentials (environment):
    MASTODON_ACCESS_TOKEN  a user token for the account, with write:statuses, write:media
                           and read:accounts (Preferences > Development > New application).
Options: `MastodonOptions` below. `api_base` is the instance and required; `limit` is the
instance's configuration.statuses.max_characters; `image_mode: card` (the default) attaches
nothing, so the link keeps its preview card, which Mastodon drops when a status has media
(mastodon/mastodon#34770).

Docs (docs.joinmastodon.org; stored copy mastodon/documentation): methods/statuses
(POST /api/v1/statuses with `language`, the ISO 639 code of the article; Idempotency-Key kept for 1 hour;
GET and DELETE /api/v1/statuses/:id),
methods/media (POST /api/v2/media answers 200, or 202 while processing, then poll
GET /api/v1/media/:id: 206 while processing, 200 with `url`; `description` is the alt text),
methods/accounts (verify_credentials, :id/statuses), api/rate-limits (X-RateLimit-* headers,
no Retry-After), user/posting (links count 23, a mention counts without its domain).
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import ClassVar

import requests

from . import _text
from ..http import poll
from ._rest import BearerAuth, delete_request, json_list, json_of, mentions, send, share_image
from .base import Credentials, Platform, PlatformError, Posted, Teaser
from .options import ImageModeOptions, setting

TOKEN = "MASTODON_ACCESS_TOKEN"
DESCRIPTION_LIMIT = 1500  # configuration.media_attachments.description_limit (entities/Instance)
# Account::MENTION_RE: "@user@domain" counts as "@user" (StatusLengthValidator).
_MENTION = re.compile(r"(?<![=/\w])@(\w+(?:[\w.-]+\w)?)@\w+(?:[.-]+\w+)*")


@dataclass(frozen=True, kw_only=True)
class MastodonOptions(ImageModeOptions):
    api_base: str = setting(kind="url", doc="The instance's address, e.g. `https://mastodon.social`.")
    media_wait: float = setting(60.0, at_least=0.1, at_most=3600, doc="Seconds to wait for the instance to process an attached image.")
    poll_interval: float = setting(0.5, at_least=0.01, at_most=60, doc="Seconds before the first check on an image being processed (doubling after).")


def countable_length(text: str) -> int:
    """StatusLengthValidator: graphemes, after each URL becomes 23 x's and mentions lose the domain."""
    spans = _text.url_spans(text)
    for start, end, _ in reversed(spans):
        text = text[:start] + "x" * _text.URL_LENGTH + text[end:]
    return _text.grapheme_count(_MENTION.sub(r"@\1", text))


class Mastodon(Platform):
    name = "mastodon"
    label = "Mastodon"
    Options = MastodonOptions
    env_vars: ClassVar[tuple[str, ...]] = (TOKEN,)
    default_limit = 500  # Mastodon's default; instances may allow more (option `limit`)
    # Not idempotent, although statuses carry an Idempotency-Key: Takahē and GoToSocial ignore the
    # header and Mastodon keeps keys for an hour only, so a status POST is never repeated blindly;
    # after a 5xx or a timeout the caller looks for the status first (syndication.post_one).
    idempotent = False
    find_scope = "read:accounts and read:statuses"
    scopes_needed: ClassVar[dict[str, tuple[str, ...]]] = {
        "post": ("write:statuses",), "find": ("read:accounts", "read:statuses"), "delete": ("write:statuses",)}
    renewal = "Mastodon tokens do not expire; make a new one under Preferences > Development if it is revoked"

    def needed_scopes(self) -> dict[str, tuple[str, ...]]:
        needed = dict(self.scopes_needed)
        if self.attaches_image:
            needed["post"] = (*needed["post"], "write:media")
        return needed

    @staticmethod
    def scope_granted(granted: frozenset[str], scope: str) -> bool:
        # "write" grants every "write:…" scope (Mastodon's OAuth scopes are hierarchical).
        return scope in granted or scope.split(":")[0] in granted

    def check_credentials(self) -> Credentials:
        me = json_of(send(self, "GET", "/api/v1/accounts/verify_credentials", "reading the account",
                          ok=(200,)))
        app = json_of(send(self, "GET", "/api/v1/apps/verify_credentials", "reading the app",
                           ok=(200,)))
        scopes = app.get("scopes")  # Mastodon 4.3 and later say which scopes the token has
        return Credentials(account="@" + str(me.get("acct") or me.get("username") or me.get("id")),
                           scopes=frozenset(scopes) if isinstance(scopes, list) else None)

    def count(self, text: str) -> int:
        return countable_length(text)

    # --- plumbing -------------------------------------------------------------
    def auth(self) -> BearerAuth:
        return BearerAuth(self.secret(TOKEN))

    def fail(self, response: requests.Response, action: str, *, env_var: str | None = None) -> PlatformError:
        error = super().fail(response, action, env_var=env_var)
        reset = response.headers.get("X-RateLimit-Reset")
        if response.status_code == 429 and reset:
            # Mastodon sends no Retry-After; the reset time is what tells the operator when to rerun.
            return PlatformError(self.label, f"{action} was rate limited until {reset}", retryable=True, status=429,
                                 retry_at=error.retry_at)
        return error

    def _wait_for_media(self, media_id: str) -> None:
        """Polls a 202-accepted upload until processed: a status cannot attach unprocessed media."""
        def processed() -> bool:
            response = send(self, "GET", f"/api/v1/media/{media_id}", "checking the image upload", ok=(200, 206))
            return response.status_code == 200 and bool(json_of(response).get("url"))

        if not poll(processed, within=self.options.media_wait, every=self.options.poll_interval, at_most=5.0):
            raise PlatformError(self.label, f"the image was still processing after {self.options.media_wait:g} s",
                                retryable=True)

    def _upload(self, teaser: Teaser) -> str | None:
        image = share_image(teaser)
        if image is None:
            return None
        data = {"description": teaser.image_alt[:DESCRIPTION_LIMIT]} if teaser.image_alt else {}
        response = send(self, "POST", "/api/v2/media", "uploading the share image", ok=(200, 202),
                        data=data, files={"file": (image.name, image.data, image.mime)})
        media_id = str(json_of(response).get("id") or "")
        if not media_id:
            raise PlatformError(self.label, "the image upload answered no media id")
        if response.status_code == 202:
            self._wait_for_media(media_id)
        return media_id

    # --- operations -------------------------------------------------------------
    def post(self, teaser: Teaser, key: str) -> Posted:
        media_id = self._upload(teaser) if self.attaches_image else None
        # `language`: ISO 639 code of the status (methods/statuses), so readers' language filters see it right.
        data: dict = {"status": teaser.text, "visibility": "public", "language": teaser.lang}
        if media_id:
            data["media_ids[]"] = [media_id]
        # A second line of defence only: Mastodon answers a repeated key with the first status for an
        # hour; servers that ignore the header are covered by looking first (syndication.post_one).
        headers = {"Idempotency-Key": key}
        answer = json_of(send(self, "POST", "/api/v1/statuses", "publishing the status",
                              ok=(200,), headers=headers, data=data))
        if not answer.get("id"):
            raise PlatformError(self.label, "the status was accepted but no id came back; check the account before retrying")
        return Posted(str(answer["id"]), answer.get("url") or answer.get("uri") or "",
                      {"media_id": media_id} if media_id else {})

    def _recent(self) -> list:
        me = json_of(send(self, "GET", "/api/v1/accounts/verify_credentials", "reading the account",
                          ok=(200,)))
        if not me.get("id"):
            raise PlatformError(self.label, "verify_credentials answered no account id")
        response = send(self, "GET", f"/api/v1/accounts/{me['id']}/statuses", "listing the account's statuses",
                        ok=(200,),
                        params={"limit": 40, "exclude_replies": "true", "exclude_reblogs": "true"})
        return json_list(response)

    def find(self, teaser: Teaser, key: str) -> Posted | None:
        for status in self.once("statuses", self._recent):
            # `content` is HTML: the link sits in href="…" with & escaped as &amp;.
            if status.get("id") and mentions(html.unescape(status.get("content") or ""), teaser.link):
                return Posted(str(status["id"]), status.get("url") or status.get("uri") or "")
        return None

    def delete(self, post: Posted) -> None:
        # Mastodon answers 404 for another account's status too (its destroy looks only among the
        # token's own statuses): a status that still reads was not deleted.
        delete_request(self, f"/api/v1/statuses/{post.id}", "deleting the status", recheck=True)
