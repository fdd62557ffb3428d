"""The one place for HTTP behaviour: session, timeouts, retries with backoff, secret redaction.

Modelled on requests' Session/adapter split: platforms get a ready session and never
configure retries themselves, so every platform backs off the same way.
"""
from __future__ import annotations

import email.utils
import functools
import json
import logging
import math
import re
import time
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta, timezone

import requests
from dateutil import parser as dateparser
from requests.adapters import HTTPAdapter
from urllib3.exceptions import MaxRetryError, ResponseError
from urllib3.util.retry import Retry

from . import __name__ as _package

DEFAULT_TIMEOUT = (5.0, 30.0)  # connect, read (seconds)
RETRY_STATUSES = (429, 500, 502, 503, 504)
DEFAULT_WAIT_BUDGET = 60.0  # seconds one platform may spend waiting in one run, all retries together
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


class WaitBudget:
    """The seconds one platform may spend sleeping between retries in one run.

    urllib3 honours Retry-After but caps it only at `retry_after_max` (6 hours), not at
    `backoff_max`: a platform answering `Retry-After: 3600` would park CI for hours. Every
    planned wait is charged here first; a wait the budget cannot pay is not slept, and the
    platform's answer goes back to the caller, who defers the platform to a later run.
    """

    def __init__(self, seconds: float = DEFAULT_WAIT_BUDGET):
        self.seconds = self.left = float(seconds)

    def reset(self, seconds: float) -> None:
        self.seconds = self.left = float(seconds)

    def take(self, wait: float) -> bool:
        if wait > self.left:
            return False
        self.left -= wait
        return True


class _Retry(Retry):
    """urllib3's Retry, plus two rules:

    - A 429 is retried even for a POST that must not repeat: a 429 means the platform did not
      act on the request, so repeating it cannot double-post; a 5xx after a POST may have been
      acted on, so those are retried only where the platform is idempotent.
    - Every wait (Retry-After, a rate-limit reset, backoff) is paid from the session's
      WaitBudget; one it cannot pay ends the retries at once, with the platform's answer.
    """

    budget: WaitBudget | None = None
    _wait: float | None = None

    def new(self, **kw):
        retry = super().new(**kw)
        retry.budget = self.budget
        return retry

    def is_retry(self, method: str, status_code: int, has_retry_after: bool = False) -> bool:
        if status_code == 429 and self.total:
            return True
        return super().is_retry(method, status_code, has_retry_after)

    def increment(self, method=None, url=None, response=None, error=None, _pool=None, _stacktrace=None):
        retry = super().increment(method, url, response, error, _pool, _stacktrace)
        hint = seconds_to_wait(response) if response is not None else None
        wait = hint if hint is not None else retry.get_backoff_time()
        if self.budget is not None and not self.budget.take(wait):
            reason = ResponseError(f"the platform asked to wait {wait:.0f} s, more than the "
                                   f"{self.budget.left:.0f} s left of this run's wait budget")
            raise MaxRetryError(_pool, url, reason) from (error or reason)
        retry._wait = wait
        return retry

    def sleep(self, response=None) -> None:
        if self._wait is None:
            return super().sleep(response)
        if self._wait > 0:
            time.sleep(self._wait)


def poll(attempt: Callable[[], object], *, within: float, every: float, at_most: float | None = None,
         sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic):
    """Calls `attempt` until it answers something truthy, and returns that; None once the next wait
    would pass `within` seconds from the start. Waits `every` seconds, doubling up to `at_most`
    (None: the same wait each time). The one polling loop: upload processing, post containers,
    the article's page going live.

    A NaN or infinite `within` would never end and a zero `every` would spin: the settings are
    range-checked at load, and this refuses them anyway (ValueError: a caller's bug). A `within`
    of 0 means one attempt."""
    if not (math.isfinite(within) and within >= 0):
        raise ValueError(f"poll: within must be a finite number of seconds >= 0, not {within!r}")
    if not (math.isfinite(every) and every > 0):
        raise ValueError(f"poll: every must be a finite number of seconds > 0, not {every!r}")
    if at_most is not None and not (math.isfinite(at_most) and at_most > 0):
        raise ValueError(f"poll: at_most must be a finite number of seconds > 0, not {at_most!r}")
    deadline = clock() + within
    delay = every
    while True:
        answer = attempt()
        if answer:
            return answer
        if clock() + delay > deadline:
            return None
        sleep(delay)
        if at_most is not None:
            delay = min(delay * 2, at_most)


def seconds_to_wait(response) -> float | None:
    """What the platform asked us to wait: Retry-After (seconds or an HTTP date), or on a 429 the
    rate-limit reset time (Mastodon's X-RateLimit-Reset is ISO 8601, X's x-rate-limit-reset is
    epoch seconds). None when it said nothing."""
    headers = response.headers
    now = datetime.now(timezone.utc)
    value = headers.get("Retry-After")
    if value is not None:
        value = value.strip()
        if value.isdigit():
            return float(value)
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            when = None
        if when is not None:
            when = when if when.tzinfo else when.replace(tzinfo=timezone.utc)
            return max((when - now).total_seconds(), 0.0)
    status = getattr(response, "status", None) or getattr(response, "status_code", None)
    reset = headers.get("X-RateLimit-Reset") or headers.get("x-rate-limit-reset")
    if status == 429 and reset:
        try:
            reset = reset.strip()
            when = (datetime.fromtimestamp(float(reset), timezone.utc) if reset.replace(".", "", 1).isdigit()
                    else dateparser.isoparse(reset))
        except (ValueError, OverflowError):
            return None
        when = when if when.tzinfo else when.replace(tzinfo=timezone.utc)
        return max((when - now).total_seconds(), 0.0)
    return None


def retry_time(response) -> datetime:
    """The wall-clock time a refusing platform takes requests again (now, if it did not say)."""
    wait = seconds_to_wait(response)
    return datetime.now(timezone.utc).replace(microsecond=0) + timedelta(seconds=round(wait or 0))


def make_session(
    *,
    retries: int = 3,
    backoff: float = 0.5,
    max_backoff: float = 30.0,
    retry_posts: bool = True,
    timeout=DEFAULT_TIMEOUT,
    wait_budget: float = DEFAULT_WAIT_BUDGET,
) -> requests.Session:
    """A session that retries timeouts, 5xx and 429 with exponential backoff.

    Retry-After and rate-limit resets are honoured, but every wait is paid from one budget
    per session (`session.wait_budget`, `wait_budget` seconds): a wait it cannot pay ends the
    retries and hands the refusal to the caller instead of parking CI. POST is retried on 5xx
    and read timeouts only when `retry_posts` is set: callers pass False where a repeat
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
    retry.budget = WaitBudget(wait_budget)
    session = requests.Session()
    session.wait_budget = retry.budget
    adapter = _TimeoutAdapter(max_retries=retry, timeout=timeout)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = USER_AGENT
    return session


def _hex(digits: str) -> str:
    """A regex for hex digits in either case (quote() writes upper case, some servers lower)."""
    return "".join(f"[{d.upper()}{d.lower()}]" if d.isalpha() else d for d in digits)


def _char_forms(char: str) -> str:
    """Every way a URL, a form body, JSON, HTML or XML may write one character of a secret."""
    code = ord(char)
    forms = [
        re.escape(char),
        # quote(), quote_plus(), and double-encoded (%25XX: an encoded URL quoted inside another)
        "".join(f"%(?:25)?{_hex(f'{b:02x}')}" for b in char.encode("utf-8", "surrogatepass")),
        re.escape(json.dumps(char)[1:-1]),                   # json.dumps, ensure_ascii
        f"&#0*{code};", f"&#[xX]0*{_hex(f'{code:x}')};",    # HTML/XML character references
    ]
    if code <= 0xFFFF:
        forms.append(r"\\u" + _hex(f"{code:04x}"))           # JSON may escape any character
    named = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"}.get(char)
    if named:
        forms.append(re.escape(named))
    if char == " ":
        forms.append(r"\+")                                  # quote_plus
    if char == "/":
        forms.append(r"\\/")                                 # JSON's optional escape of "/"
    return "(?:" + "|".join(forms) + ")"


@functools.lru_cache(maxsize=256)
def _secret_pattern(secret: str) -> re.Pattern:
    """Matches a secret however it was written out: literally, percent-encoded (quote, quote_plus,
    either hex case, double-encoded), JSON-escaped, HTML-escaped, or any mix of these per
    character (a URL may keep some characters and encode others)."""
    return re.compile("".join(_char_forms(c) for c in secret))


def redact(text: str, secrets: Iterable[str | None]) -> str:
    """Replaces every secret, in every encoded form, with a fixed marker."""
    # Longest first, so a secret containing another is masked whole.
    for secret in sorted({s for s in secrets if s and len(s) >= 4}, key=len, reverse=True):
        text = _secret_pattern(secret).sub("[redacted]", text)
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
# requests-oauthlib and oauthlib log the signed Authorization header and base string at DEBUG.
for _logger in ("urllib3.connectionpool", "urllib3.util.retry", "urllib3.poolmanager", "requests",
                "requests_oauthlib.oauth1_auth", "oauthlib", "oauthlib.oauth1.rfc5849",
                "oauthlib.oauth1.rfc5849.signature"):
    logging.getLogger(_logger).addFilter(_SCRUB)


def hide_in_logs(secrets: Iterable[str | None]) -> None:
    """Every platform registers its credentials here, so no library log line can print them."""
    _SCRUB.secrets.update(s for s in secrets if s and len(s) >= 4)


def redact_known(text: str) -> str:
    """`redact` with every credential registered so far: a last line of defence for messages
    built outside a platform's own `scrub` (an error field quoted raw, a library's exception)."""
    return redact(text, _SCRUB.secrets)
