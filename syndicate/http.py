"""The one place for HTTP behaviour: session, timeouts, retries with backoff, secret redaction.

Modelled on requests' Session/adapter split: platforms get a ready session and never
configure retries themselves, so every platform backs off the same way.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Iterable

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from . import __name__ as _package

DEFAULT_TIMEOUT = (5.0, 30.0)  # connect, read (seconds)
RETRY_STATUSES = (429, 500, 502, 503, 504)
USER_AGENT = f"{_package}/0.1 (+practice blog syndication)"


class _TimeoutAdapter(HTTPAdapter):
    """Applies a default timeout: requests has none, and a hung platform must not hang CI."""

    def __init__(self, *args, timeout=DEFAULT_TIMEOUT, **kwargs):
        self._timeout = timeout
        super().__init__(*args, **kwargs)

    def send(self, request, **kwargs):
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self._timeout
        return super().send(request, **kwargs)


class _Retry(Retry):
    """urllib3's Retry, plus: a 429 is retried even for a POST that must not repeat.

    A 429 means the platform did not act on the request, so repeating it cannot double-post;
    a 5xx after a POST may have been acted on, so those are retried only where the platform
    is idempotent.
    """

    def is_retry(self, method: str, status_code: int, has_retry_after: bool = False) -> bool:
        if status_code == 429 and self.total:
            return True
        return super().is_retry(method, status_code, has_retry_after)


def make_session(
    *,
    retries: int = 3,
    backoff: float = 0.5,
    max_backoff: float = 30.0,
    retry_posts: bool = True,
    timeout=DEFAULT_TIMEOUT,
) -> requests.Session:
    """A session that retries timeouts, 5xx and 429 with exponential backoff.

    Retry-After is honoured (urllib3 sleeps for it) but capped by `max_backoff`
    so a platform cannot park CI for an hour. POST is retried on 5xx and read
    timeouts only when `retry_posts` is set: callers pass False where a repeat
    could double-post and the platform offers no idempotency.
    """
    methods = {"GET", "HEAD", "DELETE", "PUT", "OPTIONS"}
    if retry_posts:
        methods.add("POST")
    retry = _Retry(
        total=retries,
        connect=retries,
        read=retries,
        status=retries,
        backoff_factor=backoff,
        backoff_max=max_backoff,
        status_forcelist=RETRY_STATUSES,
        allowed_methods=frozenset(methods),
        respect_retry_after_header=True,
        raise_on_status=False,
    )
    session = requests.Session()
    adapter = _TimeoutAdapter(max_retries=retry, timeout=timeout)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = USER_AGENT
    return session


def redact(text: str, secrets: Iterable[str | None]) -> str:
    """Replaces every secret (and its URL-encoded form) with a fixed marker."""
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, "[redacted]")
            text = text.replace(requests.utils.quote(secret, safe=""), "[redacted]")
    return re.sub(r"(?i)(bearer\s+)[A-Za-z0-9._~+/=-]{8,}", r"\1[redacted]", text)


class _ScrubLogs(logging.Filter):
    """urllib3 logs a retried request's URL, query string included, at WARNING and DEBUG: mask secrets there."""

    def __init__(self):
        super().__init__()
        self.secrets: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        if self.secrets:
            record.msg, record.args = redact(record.getMessage(), self.secrets), None
        return True


_SCRUB = _ScrubLogs()
for _logger in ("urllib3.connectionpool", "urllib3.util.retry", "urllib3.poolmanager", "requests"):
    logging.getLogger(_logger).addFilter(_SCRUB)


def hide_in_logs(secrets: Iterable[str | None]) -> None:
    """Every platform registers its credentials here, so no library log line can print them."""
    _SCRUB.secrets.update(s for s in secrets if s and len(s) >= 4)
