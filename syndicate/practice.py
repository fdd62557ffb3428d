"""The practice as every stage sees it, read from site_config.yml and nowhere else."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError

from .errors import InputError, Problem


@dataclass(frozen=True)
class Clinician:
    id: str
    name: str
    credentials: str
    role: str
    photo: str | None

    @property
    def display(self) -> str:
        return f"{self.name}, {self.credentials}" if self.credentials else self.name


@dataclass(frozen=True)
class Practice:
    """Plain data: later stages never reach back into MkDocs' config objects."""

    config_path: Path
    root: Path
    name: str
    url: str  # always ends with "/"
    docs_dir: Path
    site_dir: Path
    articles_dir: str
    timezone: ZoneInfo
    clinicians: dict[str, Clinician]
    contact: dict[str, str]
    social: dict[str, str]
    platforms: tuple[str, ...]
    platform_options: dict[str, dict]
    review_interval_months: int
    reading_grade: float
    cadence_days: int
    allow: dict[str, tuple[str, ...]]
    ledger_path: Path
    share_card_font: str
    disclaimer: str
    preview: bool
    allow_self_review: bool = False

    def article_url(self, slug: str) -> str:
        return f"{self.url}{self.articles_dir}/{slug}/"


class LogCollector(logging.Handler):
    """Keeps MkDocs' log messages so they can be shown as one clear error, not a log stream."""

    def __init__(self, level=logging.WARNING):
        super().__init__(level)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def load_mkdocs_config(config_path: Path) -> MkDocsConfig:
    """Validates site_config.yml with MkDocs' own config_options, collecting its messages."""
    if not config_path.is_file():
        raise InputError([Problem(config_path, None, None, "the site config file does not exist",
                                  "run from the project folder, or pass --config PATH to site_config.yml")])
    collector = LogCollector()
    log = logging.getLogger("mkdocs.config")
    log.addHandler(collector)
    try:
        return load_config(config_file=str(config_path))
    except (Abort, ConfigurationError) as exc:
        messages = collector.messages or [str(exc)]
        raise InputError([Problem(config_path, None, None, m,
                                  "correct the key named above; see docs/site-config.md")
                          for m in messages]) from None
    finally:
        log.removeHandler(collector)


def practice_from_config(config: MkDocsConfig, *, preview: bool | None = None) -> Practice:
    config_path = Path(config.config_file_path).resolve()
    plugin = config.plugins.get("syndicate")
    if plugin is None:
        raise InputError([Problem(config_path, None, "plugins", "the syndicate plugin is not enabled",
                                  "add '- syndicate' under 'plugins:' in site_config.yml")])
    opts = plugin.config
    try:
        tz = ZoneInfo(opts.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError([Problem(config_path, None, "plugins.syndicate.timezone",
                                  f"unknown time zone {opts.timezone!r}",
                                  "use an IANA name such as America/Chicago")]) from None
    site_url = config.site_url or ""
    if not site_url:
        raise InputError([Problem(config_path, None, "site_url", "site_url is empty",
                                  "set site_url to the blog's public address, e.g. https://clinic.example/")])
    if not site_url.endswith("/"):
        site_url += "/"
    clinicians = {
        cid: Clinician(cid, c.name, c.credentials, c.role, c.photo) for cid, c in opts.clinicians.items()
    }
    extra = opts.checks.allow
    root = config_path.parent
    return Practice(
        config_path=config_path,
        root=root,
        name=config.site_name,
        url=site_url,
        docs_dir=Path(config.docs_dir),
        site_dir=Path(config.site_dir),
        articles_dir=opts.articles_dir.strip("/"),
        timezone=tz,
        clinicians=clinicians,
        contact=dict(opts.contact),
        social=dict(opts.social),
        platforms=tuple(opts.platforms),
        platform_options={k: dict(v) for k, v in opts.platform_options.items()},
        review_interval_months=opts.checks.review_interval_months,
        reading_grade=float(opts.checks.reading_grade),
        cadence_days=opts.checks.cadence_days,
        allow={k: tuple(extra[k]) for k in ("phones", "emails", "addresses", "names", "domains")},
        ledger_path=root / opts.ledger,
        share_card_font=opts.share_card_font,
        disclaimer=opts.disclaimer,
        preview=bool(preview),
        allow_self_review=opts.checks.allow_self_review,
    )


def load_practice(config_path: Path | str = "site_config.yml", *, preview: bool | None = None) -> Practice:
    return practice_from_config(load_mkdocs_config(Path(config_path)), preview=preview)
