"""Errors of Meta's Graph-style APIs (graph.facebook.com, graph.threads.net), for their clients.

Graph answers {"error": {"message", "type", "code", "error_subcode", "fbtrace_id"}} and
reports a bad or expired token as HTTP 400 with code 190, which a status check alone would
not recognise as an auth failure (developers.facebook.com/docs/graph-api/guides/error-handling:
190 = access token invalid or expired, 10 and 200-299 = permission, 4/17/32/613 = rate limits).
"""
from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone

import requests

from ._rest import json_of, send
from .base import Credentials, Platform, PlatformError

AUTH_CODES = frozenset({102, 190, 10, *range(200, 300)})  # fixed by a new or better-scoped token
RATE_CODES = frozenset({4, 17, 32, 613})


def graph_error(platform: Platform, response: requests.Response, action: str, env_var: str) -> PlatformError | None:
    """The PlatformError a Graph error code calls for, or None to fall back on the HTTP status."""
    error = json_of(response).get("error") or {}
    if not isinstance(error, dict):
        return None
    code, status = error.get("code"), response.status_code
    detail = platform.scrub(str(error.get("error_user_msg") or error.get("message") or response.text[:300]))
    if code in AUTH_CODES:
        # 190 is an invalid or expired token: say how to get a new one.
        renew = f"; to renew: {platform.renewal}" if code == 190 and platform.renewal else ""
        return PlatformError(platform.label, f"{action} was refused ({status}, code {code}): {detail}{renew}",
                             env_var=env_var, status=status)
    if code in RATE_CODES:
        # A rate limit: the platform did nothing, so it is deferred until Meta says access returns.
        return PlatformError(platform.label, f"{action} was throttled ({status}, code {code}): {detail}",
                             retryable=True, status=status, retry_at=_regained_at(response))
    if error.get("is_transient"):
        return PlatformError(platform.label, f"{action} failed for now ({status}, code {code}): {detail}",
                             retryable=True, status=status)
    return None


def _regained_at(response: requests.Response) -> datetime:
    """When a throttled app or Page may call again: the largest `estimated_time_to_regain_access`
    (minutes) in X-Business-Use-Case-Usage (graph-api/overview/rate-limiting), else now."""
    minutes = 0
    try:
        usage = json.loads(response.headers.get("X-Business-Use-Case-Usage") or "{}")
        for entries in usage.values() if isinstance(usage, dict) else []:
            for entry in entries if isinstance(entries, list) else []:
                minutes = max(minutes, int(entry.get("estimated_time_to_regain_access") or 0))
    except (ValueError, TypeError, AttributeError):
        pass
    return datetime.now(timezone.utc).replace(microsecond=0) + timedelta(minutes=minutes)


def debug_token(platform: Platform, token: str, env_var: str, **request) -> Credentials:
    """GET /debug_token: who the token acts for, its scopes and when it stops working.

    Documented for graph.facebook.com (reference/debug_token) and graph.threads.net
    (threads/troubleshooting/debug-access-token); both take the token to inspect as
    `input_token`, and an access token of the same app, for which the token itself serves.
    `expires_at` 0 means the token does not expire (e.g. a Page token from a long-lived user
    token), but `data_access_expires_at` still ends the app's access to the data, so the
    earlier non-zero of the two is the date that matters.
    """
    answer = json_of(send(platform, "GET", "/debug_token", "reading the token's expiry", ok=(200,),
                          **request)).get("data") or {}
    if not answer.get("is_valid"):
        error = answer.get("error") or {}
        raise PlatformError(platform.label, "the access token is no longer valid"
                            + (f": {platform.scrub(str(error.get('message')))}" if error.get("message") else "")
                            + f"; {platform.renewal}", env_var=env_var, status=400)
    ends = [int(t) for t in (answer.get("expires_at"), answer.get("data_access_expires_at")) if t]
    return Credentials(
        account=str(answer.get("profile_id") or answer.get("user_id") or answer.get("application") or "?"),
        scopes=frozenset(answer.get("scopes") or []),
        expires_at=datetime.fromtimestamp(min(ends), timezone.utc) if ends else None,
    )


def version_of(api_base: str) -> str | None:
    """The version segment at the end of a Graph base URL (…/v25.0), if there is one."""
    match = re.search(r"/(v\d+\.\d+)$", api_base.rstrip("/"))
    return match.group(1) if match else None
