"""The one small interface every platform implements: post, delete, find, and how it counts."""
from __future__ import annotations

import os
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import ClassVar

import requests

from ..errors import PostingError
from ..http import hide_in_logs, make_session, redact, redact_known, retry_time
from . import options as settings


@dataclass(frozen=True)
class Teaser:
    """One post, exactly as it will be sent: `preview` prints it, `post` sends it."""

    slug: str
    platform: str
    text: str  # the post body; includes the link when the platform puts links in text
    link: str  # the article URL with UTM parameters
    title: str  # the article title, for link cards
    description: str  # the article summary, for link cards
    image_url: str | None  # absolute URL of the share image on the practice's site
    image_path: str | None  # the same image in the built site, for platforms that upload bytes
    image_alt: str | None
    length: int  # counted the platform's way
    limit: int
    lang: str = "en"  # the article's language: Bluesky `langs`, Mastodon `language`, Google `languageCode`

    @property
    def fits(self) -> bool:
        return self.length <= self.limit


@dataclass(frozen=True)
class Posted:
    """What a platform answered: enough to link to the post and to delete it later."""

    id: str
    url: str
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Credentials:
    """What a read-only call tells about the credentials (for `syndicate doctor` and expiry warnings)."""

    account: str  # whom the credentials act as
    scopes: frozenset[str] | None = None  # None: the platform does not say
    expires_at: datetime | None = None  # None: they do not expire, or see `expiry_note`
    expiry_note: str = ""  # why the expiry is unknown, when the platform could tell it


class PlatformError(PostingError):
    """A platform refused or failed. The message never contains a credential."""

    def __init__(self, platform: str, message: str, *, env_var: str | None = None,
                 retryable: bool = False, status: int | None = None, retry_at: datetime | None = None):
        self.platform = platform
        self.env_var = env_var
        self.retryable = retryable
        self.status = status
        self.retry_at = retry_at  # when a rate-limited platform takes requests again
        hint = f" (check the environment variable {env_var})" if env_var else ""
        # Every credential a platform was built with, in any encoding, even where a call site
        # forgot to scrub part of a reply (tests/test_http.py::test_platform_error_*).
        super().__init__(redact_known(f"{platform}: {message}{hint}"))

    @property
    def deferred(self) -> bool:
        """The platform asked us to come back later: it did nothing, and the next run continues."""
        return self.status == 429 or self.retry_at is not None

    @property
    def uncertain(self) -> bool:
        """The request may have been acted on (a 5xx, a timeout, a dropped connection): look before repeating."""
        return (self.status or 0) >= 500 or (self.status is None and self.retryable)


class Platform(ABC):
    """Strategy per platform, and its declaration: a subclass in a module of this package is the
    whole of a platform (see syndicate.platforms). HTTP behaviour lives in syndicate.http and _rest."""

    name: ClassVar[str]  # id used in config, front matter and the ledger, e.g. "bluesky"
    Options: ClassVar[type[settings.Options]] = settings.Options  # its settings under platform_options
    label: ClassVar[str]  # human name, e.g. "Bluesky"
    env_vars: ClassVar[tuple[str, ...]]  # credentials, all read from the environment
    link_in_text: ClassVar[bool] = True  # False where the link travels as a separate field
    uses_hashtags: ClassVar[bool] = True
    max_hashtags: ClassVar[int | None] = None  # where a post takes only so many tags (Threads: one)
    default_limit: ClassVar[int]
    optional_env_vars: ClassVar[tuple[str, ...]] = ()  # read when set (e.g. to read a token's expiry)
    scopes_needed: ClassVar[dict[str, tuple[str, ...]]] = {}  # operation (post, find, delete) -> scopes
    renewal: ClassVar[str] = ""  # how a practice renews the credentials, for warnings and the README
    reports_expiry: ClassVar[bool] = False  # True where the platform tells when a token stops working

    def __init__(self, options: settings.Options | dict | None = None, env: dict | None = None,
                 session: requests.Session | None = None):
        # Settings are checked here, once (crosspost's model): a client never finds a missing one at post time.
        self.options = options if isinstance(options, self.Options) else settings.build(self.name, self.Options, options)
        self.env = os.environ if env is None else env
        self.session = session or make_session(retry_posts=self.idempotent)
        self._listings: dict[str, object] = {}
        hide_in_logs(self.secrets())

    def set_wait_budget(self, seconds: float) -> None:
        """Seconds this platform may spend waiting for retries in this run (see http.WaitBudget)."""
        budget = getattr(self.session, "wait_budget", None)
        if budget is not None:
            budget.reset(seconds)

    # --- one listing per run ----------------------------------------------
    def once(self, name: str, fetch: Callable[[], object]):
        """`fetch()` the first time in this run, the same answer after: `find` lists the account's
        recent posts once per run, however many teasers it is asked about."""
        if name not in self._listings:
            try:
                self._listings[name] = fetch()
            except PlatformError as exc:  # a refused listing (no read scope) is not asked again this run
                self._listings[name] = exc
        if isinstance(self._listings[name], PlatformError):
            raise self._listings[name]
        return self._listings[name]

    def forget(self) -> None:
        """Drops remembered listings: after a request whose outcome is unknown, look again."""
        self._listings.clear()

    # --- counting -------------------------------------------------------
    @property
    def base_url(self) -> str:
        """The API's address, without a trailing slash: request paths start with one."""
        return self.options.api_base.rstrip("/")

    @property
    def limit(self) -> int:
        return self.default_limit if self.options.limit is None else self.options.limit

    @abstractmethod
    def count(self, text: str) -> int:
        """Length the way the platform counts it."""

    @property
    def attaches_image(self) -> bool:
        """Whether posts carry the share image as an attachment (`image_mode: attach`)."""
        return isinstance(self.options, settings.ImageModeOptions) and self.options.image_mode == "attach"

    # --- credentials ----------------------------------------------------
    idempotent: ClassVar[bool] = False  # True where a repeated request cannot double-post
    # The scope (or permission, or API tier) `find` needs, named when it is refused.
    find_scope: ClassVar[str | None] = None

    def has_credentials(self) -> bool:
        return all(self.env.get(v) for v in self.env_vars)

    def auth(self):
        """What signs this platform's requests (a requests auth object), or None. `_rest.send`
        applies it to every request unless a call passes its own `auth`."""
        return None

    def secret(self, var: str) -> str:
        value = self.env.get(var)
        if not value:
            raise PlatformError(self.label, f"{var} is not set", env_var=var)
        return value

    def secrets(self) -> list[str]:
        return [self.env.get(v) for v in (*self.env_vars, *self.optional_env_vars) if self.env.get(v)]

    def needed_scopes(self) -> dict[str, tuple[str, ...]]:
        """The scopes each operation needs with this configuration."""
        return dict(self.scopes_needed)

    @staticmethod
    def scope_granted(granted: frozenset[str], scope: str) -> bool:
        return scope in granted

    def check_credentials(self) -> Credentials:
        """One read-only call that proves the credentials work; raises PlatformError if refused."""
        raise NotImplementedError

    def token_info(self) -> Credentials:
        """What `post` needs for its expiry warning; platforms with a cheaper call than check_credentials override it."""
        return self.check_credentials()

    def pinned_versions(self) -> dict[str, str]:
        """API name (as in syndicate.platforms.versions) -> the version this client calls."""
        return {}

    def scrub(self, text: str) -> str:
        return redact(text, self.secrets())

    def fail(self, response: requests.Response, action: str, *, env_var: str | None = None) -> PlatformError:
        """Turns a refused response into an error that names the fix and hides the token."""
        status = response.status_code
        body = self.scrub(response.text[:300])
        if status in (401, 403):
            env_var = env_var or (self.env_vars[0] if self.env_vars else None)
            return PlatformError(self.label, f"{action} was refused ({status}): {body}", env_var=env_var, status=status)
        # A 429, or a 503 that names a time, means "not now": the platform did nothing.
        later = status == 429 or (status == 503 and "Retry-After" in response.headers)
        return PlatformError(self.label, f"{action} failed ({status}): {body}",
                             retryable=status == 429 or status >= 500, status=status,
                             retry_at=retry_time(response) if later else None)

    # --- the three operations --------------------------------------------
    @abstractmethod
    def post(self, teaser: Teaser, key: str) -> Posted:
        """Publishes the teaser. `key` is stable per article and platform: use it for idempotency."""

    @abstractmethod
    def delete(self, post: Posted) -> None:
        """Removes a post made earlier (medical corrections)."""

    @abstractmethod
    def find(self, teaser: Teaser, key: str) -> Posted | None:
        """Looks for a post of this teaser already on the account (crash recovery)."""
