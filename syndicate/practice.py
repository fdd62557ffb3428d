"""The practice as every stage sees it, read from site_config.yml and nowhere else."""
from __future__ import annotations

import difflib
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError

from .bounded_yaml import check_config_file, line_of
from .errors import InputError, Problem, SetupError
from .platforms import platform_names
from .platforms.options import Options


@dataclass(frozen=True)
class Clinician:
    id: str
    name: str
    credentials: str
    role: str
    photo: str | None
    photo_alt: str | None = None
    bio: str = ""
    languages: tuple[str, ...] = ()
    accepting_new_patients: bool | None = None
    qualifications: tuple[str, ...] = ()

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
    platform_options: dict[str, Options]  # each chosen or configured platform's checked settings
    review_interval_months: int
    reading_grade: float
    cadence_days: int
    allow: dict[str, tuple[str, ...]]
    ledger_path: Path
    share_card_font: str
    disclaimers: dict[str, str]  # language code -> the disclaimer printed under its articles
    preview: bool
    allow_self_review: bool = False
    privacy_notice: str = ""  # a page of content/ (its path there) or an https:// address; "" = not set
    organization_type: str = "MedicalClinic"
    logo: str | None = None  # relative to content/
    specialty: str = ""
    notice_categories: tuple[str, ...] = ("Outbreak notices",)
    language: str = "en"  # the site's own language (theme.language): articles without `lang:` are in it

    def lang_prefix(self, lang: str | None) -> str:
        """The folder a language's pages live under: "" for the site's own language, "es/" for Spanish."""
        return f"{lang}/" if lang and lang != self.language else ""

    def article_path(self, slug: str, lang: str | None = None) -> str:
        """Site-relative folder of an article: articles/SLUG/, or es/articles/SLUG/ for another language."""
        return f"{self.lang_prefix(lang)}{self.articles_dir}/{slug}/"

    def article_url(self, slug: str, lang: str | None = None) -> str:
        return f"{self.url}{self.article_path(slug, lang)}"

    def clinician_url(self, cid: str) -> str:
        return f"{self.url}{CLINICIANS_DIR}/{cid}/"


CLINICIANS_DIR = "clinicians"  # profile pages live at /clinicians/<id>/
_CLINICIAN_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _roster_problems(config_path: Path, docs_dir: Path, clinicians: dict[str, Clinician]) -> list[Problem]:
    """The roster as the profile pages need it: ids usable in an address, photos inside content/ with alt text."""
    from .paths import content_image
    problems = []
    for cid, c in clinicians.items():
        key = f"plugins.syndicate.clinicians.{cid}"
        if not _CLINICIAN_ID.match(cid):
            problems.append(Problem(config_path, None, key, f"the clinician id '{cid}' cannot be part of a web address",
                                    "use lower-case letters, digits and hyphens, e.g. okafor or ada-okafor"))
        if c.photo:
            _, why = content_image(c.photo, docs_dir, docs_dir)
            if why:
                problems.append(Problem(config_path, None, f"{key}.photo", *why))
            if not (c.photo_alt or "").strip():
                problems.append(Problem(config_path, None, f"{key}.photo_alt", "the photo has no alt text",
                                        f"add 'photo_alt:' under {cid} describing the photo, e.g. "
                                        f"\"{c.name} smiling in a white coat\""))
    return problems


def privacy_notice_problem(practice: "Practice") -> tuple[str, str] | None:
    """(what is wrong, how to fix it) with the privacy_notice setting, or None when it points somewhere real."""
    notice = practice.privacy_notice.strip()
    if not notice:
        return ("the practice has no Notice of Privacy Practices on its website (HIPAA, 45 CFR 164.520(c)(3)(i))",
                "set 'privacy_notice:' under the syndicate plugin in site_config.yml to a page in content/ "
                "(e.g. policies/notice-of-privacy-practices.md) or the https:// address of your notice")
    if "://" in notice:
        if not notice.startswith("https://"):
            return (f"privacy_notice '{notice}' is not an https:// address",
                    "use the https:// address of the notice, or a page in content/")
        return None
    page = Path(os.path.normpath(practice.docs_dir / notice.lstrip("/")))
    if not page.is_relative_to(Path(os.path.normpath(practice.docs_dir))) or page.suffix not in (".md", ".markdown"):
        return (f"privacy_notice '{notice}' is not a Markdown page in content/",
                "name a page inside content/, e.g. policies/notice-of-privacy-practices.md")
    if not page.is_file():
        return (f"privacy_notice names {notice}, which does not exist in content/",
                f"create content/{notice.lstrip('/')} or correct the path")
    return None


class LogCollector(logging.Handler):
    """Keeps MkDocs' log messages so they can be shown as one clear error, not a log stream."""

    def __init__(self, level=logging.WARNING):
        super().__init__(level)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def require_config_file(config_path: Path) -> None:
    """No site config is a setup failure (exit 4): the command was run in the wrong folder."""
    try:
        found = config_path.is_file()
    except OSError:  # a name longer than the system allows: no such file either
        found = False
    if not found:
        raise SetupError(str(Problem(config_path, None, None, "the site config file does not exist",
                                     "run from the project folder, or pass --config PATH to site_config.yml")))


# MkDocs names the key of a failed option in its message: "Config value 'plugins': Plugin
# 'syndicate' option 'checks': Sub-option 'reading_grade': ...".
_MKDOCS_KEYS = re.compile(r"^(?:(?:Config value|Plugin|option|Sub-option) '[^']+':? )+")


def _mkdocs_problem(config_path: Path, lines: dict[str, int], message: str) -> Problem:
    """One of MkDocs' config messages, placed on the line of the key it names."""
    head = _MKDOCS_KEYS.match(message)
    key = ".".join(re.findall(r"'([^']+)'", head.group())) if head else None
    return Problem(config_path, line_of(lines, key) if key else None, key, message,
                   "correct the key named above; docs/site-config.md says what each key takes")


def platform_problems(config_path: Path, lines: dict[str, int], chosen, configured: dict) -> tuple[dict, list[Problem]]:
    """Each platform's settings checked against its declaration: (name -> Options, problems).
    Every chosen platform is checked (its required settings must be there) and every one configured
    (a misspelt setting of a platform not chosen yet is still a mistake)."""
    from .site.config import platform_settings
    built, problems = {}, []
    for name in sorted(set(chosen) | set(configured)):
        key = f"plugins.syndicate.platform_options.{name}"
        if name not in platform_names():
            close = difflib.get_close_matches(name, platform_names(), n=1)
            problems.append(Problem(config_path, line_of(lines, key), key, f"there is no platform '{name}'",
                                    (f"did you mean '{close[0]}'? " if close else "")
                                    + f"the platforms are: {', '.join(platform_names())}"))
            continue
        options, wrong = platform_settings(name, configured.get(name, {}))
        for p in wrong:
            where = f"{key}.{p.key}" if p.key else key
            line = line_of(lines, where) if name in configured else line_of(lines, "plugins.syndicate.platforms")
            problems.append(Problem(config_path, line, where, p.message, p.fix))
        if options is not None:
            built[name] = options
    return built, sorted(problems, key=lambda p: p.line or 0)


def load_mkdocs_config(config_path: Path) -> MkDocsConfig:
    """Validates site_config.yml with MkDocs' own config_options, collecting its messages."""
    require_config_file(config_path)
    # MkDocs loads the file with PyYAML's full loader: refuse what must never reach it first.
    lines = check_config_file(config_path)
    collector = LogCollector()
    log = logging.getLogger("mkdocs.config")
    log.addHandler(collector)
    try:
        return load_config(config_file=str(config_path))
    except (Abort, ConfigurationError) as exc:
        messages = collector.messages or [str(exc)]
        raise InputError([_mkdocs_problem(config_path, lines, m) for m in messages]) from None
    finally:
        log.removeHandler(collector)


def practice_from_config(config: MkDocsConfig, *, preview: bool | None = None) -> Practice:
    config_path = Path(config.config_file_path).resolve()
    lines = check_config_file(config_path)  # again for a plain `mkdocs build`, which did not come through here
    plugin = config.plugins.get("syndicate")
    if plugin is None:
        raise InputError([Problem(config_path, None, "plugins", "the syndicate plugin is not enabled",
                                  "add '- syndicate' under 'plugins:' in site_config.yml")])
    opts = plugin.config
    # MkDocs checked site_url's form (and ends it with "/"), the plugin's options the time zone;
    # MkDocs lets site_url be left out, which this project cannot work without.
    if not config.site_url:
        raise InputError([Problem(config_path, line_of(lines, "site_url"), "site_url", "site_url is empty",
                                  "set site_url to the blog's public address, e.g. https://clinic.example/")])
    clinicians = {
        cid: Clinician(cid, c.name, c.credentials, c.role, c.photo, c.photo_alt, c.bio.strip(), tuple(c.languages),
                       c.accepting_new_patients, tuple(c.qualifications))
        for cid, c in opts.clinicians.items()
    }
    roster = _roster_problems(config_path, Path(config.docs_dir), clinicians)
    if opts.logo:
        from .paths import content_image
        _, why = content_image(opts.logo, Path(config.docs_dir), Path(config.docs_dir))
        if why:
            roster.append(Problem(config_path, None, "plugins.syndicate.logo", *why))
    platform_options, wrong = platform_problems(config_path, lines, opts.platforms, opts.platform_options)
    roster += wrong
    from .paths import ledger_problem
    ledger_why = ledger_problem(config_path.parent, opts.ledger)
    if ledger_why:
        key = "plugins.syndicate.ledger"
        roster.append(Problem(config_path, line_of(lines, key), key, *ledger_why))
    if roster:
        raise InputError(roster)
    extra = opts.checks.allow
    root = config_path.parent
    return Practice(
        config_path=config_path,
        root=root,
        name=config.site_name,
        url=config.site_url,
        docs_dir=Path(config.docs_dir),
        site_dir=Path(config.site_dir),
        articles_dir=opts.articles_dir.strip("/"),
        timezone=opts.timezone,
        clinicians=clinicians,
        contact=dict(opts.contact),
        social=dict(opts.social),
        platforms=tuple(opts.platforms),
        platform_options=platform_options,
        review_interval_months=opts.checks.review_interval_months,
        reading_grade=float(opts.checks.reading_grade),
        cadence_days=opts.checks.cadence_days,
        allow={k: tuple(extra[k]) for k in ("phones", "emails", "addresses", "names", "domains")},
        ledger_path=root / opts.ledger,
        share_card_font=opts.share_card_font,
        disclaimers=dict(opts.disclaimer),
        preview=bool(preview),
        allow_self_review=opts.checks.allow_self_review,
        privacy_notice=opts.privacy_notice.strip(),
        organization_type=opts.organization_type,
        logo=opts.logo,
        specialty=opts.specialty,
        notice_categories=tuple(opts.notice_categories),
        language=str(config.theme["language"] or "en") if config.theme else "en",
    )


def load_practice(config_path: Path | str = "site_config.yml", *, preview: bool | None = None) -> Practice:
    return practice_from_config(load_mkdocs_config(Path(config_path)), preview=preview)
