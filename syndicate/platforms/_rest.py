"""Shared by the JSON/REST clients (LinkedIn, Facebook, Google Business Profile).

`send` is the one request path: a transport error or a refusal becomes a PlatformError
built from scrubbed text, so no token can ride out on an exception. `mentions` and
`same_article` are the link matching `find` uses for crash recovery.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import requests

from .base import Platform, PlatformError


def send(platform: Platform, method: str, url: str, action: str, *,
         ok: tuple[int, ...] = (200, 201, 204), **kwargs) -> requests.Response:
    """Sends through the platform's session (retries live there) and raises on anything not in `ok`."""
    if method != "GET":
        platform.forget()  # a write may change what `find` would list: the next find lists again
    try:
        response = platform.session.request(method, url, **kwargs)
    except requests.RequestException as exc:
        # `from None`: the original exception (and its traceback) may quote URLs and headers.
        raise PlatformError(platform.label, f"{action} failed: {platform.scrub(str(exc))}",
                            retryable=True) from None
    if response.status_code not in ok:
        raise platform.fail(response, action)
    return response


def json_of(response: requests.Response) -> dict:
    """The body as a dict; {} for an empty or non-JSON body (e.g. 204, an HTML error page)."""
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def article_url(link: str) -> str:
    """The article URL without our UTM query: a post made by hand links there."""
    return urlsplit(link)._replace(query="", fragment="").geturl()


def same_article(candidate: str | None, link: str) -> bool:
    return bool(candidate) and candidate in (link, article_url(link))


def mentions(text: str | None, link: str) -> bool:
    """Whether free text contains the article URL, with or without a query; not a longer URL."""
    boundary = r"(?=$|[\s?#)\]>\"'])"
    return bool(text) and re.search(re.escape(article_url(link)) + boundary, text) is not None
