"""The request plumbing every client shares, so each decision about it is made once.

- `send` is the one request path: a path starting with "/" is joined to the platform's
  `base_url`, the platform's `auth()` signs the request unless the call says otherwise, and a
  transport error or a refusal becomes a PlatformError built from scrubbed text, so no token can
  ride out on an exception.
- `delete_request`: a post that is already gone (404) counts as deleted, on every platform.
- `json_of` / `json_list`: a body that is not the JSON expected reads as empty, never a traceback.
- `share_image`: the built share image's bytes and type, for the platforms that upload it.
- `mentions` and `same_article` are the link matching `find` uses for crash recovery.
"""
from __future__ import annotations

import mimetypes
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import requests
from requests.auth import AuthBase

from .base import Platform, PlatformError, Teaser

GONE = 404  # what a platform answers for a post that no longer exists


class BearerAuth(AuthBase):
    """`Authorization: Bearer <token>` (RFC 6750), as requests' own auth classes add their headers."""

    def __init__(self, token: str):
        self.token = token

    def __call__(self, request):
        request.headers["Authorization"] = f"Bearer {self.token}"
        return request


class AccessTokenAuth(AuthBase):
    """Meta's `access_token` parameter (Threads): in the form body of a POST, where no URL log
    keeps it, and in the query of a GET or DELETE, which have no body."""

    def __init__(self, token: str):
        self.token = token

    def __call__(self, request):
        field = urlencode({"access_token": self.token})
        if request.method == "POST":
            body = request.body or ""
            body = body.decode("utf-8") if isinstance(body, bytes) else body
            request.body = f"{body}&{field}" if body else field
            request.headers["Content-Type"] = "application/x-www-form-urlencoded"
            request.headers["Content-Length"] = str(len(request.body.encode("utf-8")))
        else:
            request.prepare_url(request.url, {"access_token": self.token})
        return request


def send(platform: Platform, method: str, url: str, action: str, *,
         ok: tuple[int, ...] = (200, 201, 204), **kwargs) -> requests.Response:
    """Sends through the platform's session (retries live there) and raises on anything not in `ok`."""
    if method != "GET":
        platform.forget()  # a write may change what `find` would list: the next find lists again
    if url.startswith("/"):
        url = platform.base_url + url
    if "auth" not in kwargs:
        kwargs["auth"] = platform.auth()
    try:
        response = platform.session.request(method, url, **kwargs)
    except requests.RequestException as exc:
        # `from None`: the original exception (and its traceback) may quote URLs and headers.
        raise PlatformError(platform.label, f"{action} failed: {platform.scrub(str(exc))}",
                            retryable=True) from None
    if response.status_code not in ok:
        raise platform.fail(response, action)
    return response


def delete_request(platform: Platform, url: str, action: str, *, ok: tuple[int, ...] = (200, 202, 204),
                   recheck: bool = False, **kwargs) -> requests.Response:
    """A DELETE whose post may be gone already (deleted by hand, or by our own attempt whose answer
    was lost): 404 is success too, on every platform, so a rerun of `retract` finishes.

    `recheck`: where the platform also answers 404 for a post this account may not delete
    (Mastodon hides other accounts' statuses that way), a GET of the same URL tells the two apart:
    a post anyone can still read was not deleted, and saying so matters for a medical correction."""
    response = send(platform, "DELETE", url, action, ok=(*ok, GONE), **kwargs)
    if response.status_code == GONE and recheck:
        look = send(platform, "GET", url, f"checking that the post is gone after {action}", ok=(200, GONE))
        if look.status_code == 200:
            raise PlatformError(platform.label, f"{action} was refused (404), but the post is still there: "
                                                "these credentials belong to another account than the one that "
                                                "posted it", env_var=platform.env_vars[0] if platform.env_vars else None,
                                status=403)
    return response


def _json(response: requests.Response):
    try:
        return response.json()
    except ValueError:
        return None


def json_of(response: requests.Response) -> dict:
    """The body as a dict; {} for an empty or non-JSON body (e.g. 204, an HTML error page)."""
    body = _json(response)
    return body if isinstance(body, dict) else {}


def json_list(response: requests.Response) -> list:
    """The body as a list; [] for anything else."""
    body = _json(response)
    return body if isinstance(body, list) else []


@dataclass(frozen=True)
class Image:
    name: str
    data: bytes
    mime: str


def share_image(teaser: Teaser) -> Image | None:
    """The share image from the built site, for upload; None when the teaser has none.

    `compose` already resolved `image_path` inside the built site (syndicate/paths.py)."""
    path = Path(teaser.image_path) if teaser.image_path else None
    if not path or not path.is_file():
        return None
    return Image(path.name, path.read_bytes(), mimetypes.guess_type(path.name)[0] or "application/octet-stream")


def article_url(link: str) -> str:
    """The article URL without our UTM query: a post made by hand links there."""
    return urlsplit(link)._replace(query="", fragment="").geturl()


def same_article(candidate: str | None, link: str) -> bool:
    return bool(candidate) and candidate in (link, article_url(link))


def mentions(text: str | None, link: str) -> bool:
    """Whether free text contains the article URL, with or without a query; not a longer URL."""
    boundary = r"(?=$|[\s?#)\]>\"'])"
    return bool(text) and re.search(re.escape(article_url(link)) + boundary, text) is not None
