"""Each platform's settings (`platform_options.<name>` in site_config.yml), declared once as a dataclass.

A platform module declares `class Options(options.Options)` with one field per setting: its type
(str, int, float, bool, a `Literal[...]` choice, or `T | None`), its default (none: the setting is
required) and a line saying what it does. Everything else reads that declaration:

- the config layer (`syndicate/site/config.py`) maps the fields onto MkDocs `config_options` and
  validates `site_config.yml` with them when it is read, each problem named by key and line, as
  mkdocs-material's blog plugin validates a post's front matter with its `PostConfig`;
- `scripts/site_config_doc.py` writes the fields into docs/site-config.md;
- a platform's constructor takes only a complete, known set (`build`), so no client checks its
  own settings lazily at post time.

`build` also checks what types alone cannot (docs/security.md, "Platform addresses"): a number
must be finite and within its field's `at_least`..`at_most` (a NaN wait would never end, a zero
interval would poll in a tight loop); an address must be https, since every address a platform
takes receives its credentials, and where the platform has one fixed host (`hosts`) it must be
that host. site_config.yml can be edited in a pull request, so it must not be able to send a
token elsewhere. Plain http, and any host, are allowed only on loopback: the tests' fakes and peers.

The core must not import MkDocs, which is why the declaration is plain dataclass fields and the
mapping onto `config_options` lives in the site layer.
"""
from __future__ import annotations

import dataclasses
import difflib
import math
import typing
from collections.abc import Mapping
from dataclasses import MISSING, dataclass
from typing import Any, Literal
from urllib.parse import urlsplit

from ..errors import InputError, Problem

ImageMode = Literal["card", "attach"]


# The tests' fakes and peers listen here; nothing else may be reached over plain http.
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "::1", "localhost"})


def setting(default: Any = MISSING, *, doc: str, kind: str = "", hosts: tuple[str, ...] = (),
            at_least: float | None = None, at_most: float | None = None) -> Any:
    """One setting. No default: required. `kind` narrows a text setting: "url" (an https address,
    checked as MkDocs checks URLs, then by `address_problem`) or "id" (an identifier, which YAML
    may give as a number). `hosts`: a url setting's only allowed hosts (none: any https host).
    `at_least`/`at_most`: a number setting's range (it must also be finite)."""
    return dataclasses.field(default=default, metadata={"doc": doc, "kind": kind, "hosts": hosts,
                                                        "at_least": at_least, "at_most": at_most})


@dataclass(frozen=True, kw_only=True)
class Options:
    """What every platform takes; a platform's own class adds its settings."""

    # Each platform sets its own default (or none, making it required, as Mastodon's instance).
    api_base: str = setting("", doc="The address of the platform's API.", kind="url")
    limit: int | None = setting(None, at_least=1, at_most=100_000,
                                doc="The most a post may hold, counted the platform's way "
                                    "(default: the platform's own limit).")


@dataclass(frozen=True, kw_only=True)
class ImageModeOptions(Options):
    """For platforms where an attached image replaces the link card (Mastodon, X, Threads)."""

    image_mode: ImageMode = setting("card", doc="`card`: no attachment, so the link shows its preview card; "
                                                "`attach`: the share image with its alt text, which replaces the card.")


@dataclass(frozen=True)
class Field:
    """A setting as readers of the declaration see it."""

    name: str
    type: Any  # the annotation, `None` stripped from optional ones
    optional: bool  # may be left unset (None) even when it has no other default
    default: Any  # MISSING when required
    doc: str
    kind: str
    hosts: tuple[str, ...] = ()
    at_least: float | None = None
    at_most: float | None = None

    @property
    def required(self) -> bool:
        return self.default is MISSING

    @property
    def choices(self) -> tuple | None:
        return typing.get_args(self.type) if typing.get_origin(self.type) is Literal else None


def fields(options_class: type[Options]) -> list[Field]:
    hints = typing.get_type_hints(options_class)
    out = []
    for f in dataclasses.fields(options_class):
        kind = hints[f.name]
        args = typing.get_args(kind)
        optional = type(None) in args
        if optional:
            kind = next(a for a in args if a is not type(None))
        meta = f.metadata
        out.append(Field(f.name, kind, optional, f.default, meta.get("doc", ""), meta.get("kind", ""),
                         meta.get("hosts", ()), meta.get("at_least"), meta.get("at_most")))
    return out


@dataclass(frozen=True)
class OptionProblem:
    key: str  # the setting's name, e.g. "page_id"
    message: str
    fix: str


class OptionsError(InputError):
    """A platform was given settings it does not take, or lacks one it needs: a problem of
    site_config.yml (exit 1), each named by its key."""

    def __init__(self, platform: str, problems: list[OptionProblem]):
        self.platform, self.option_problems = platform, problems
        super().__init__([Problem("site_config.yml", None, f"plugins.syndicate.platform_options.{platform}.{p.key}",
                                  p.message, p.fix) for p in problems])


def unknown_key(platform: str, key: str, options_class: type[Options]) -> OptionProblem:
    known = [f.name for f in fields(options_class)]
    close = difflib.get_close_matches(str(key), known, n=1)
    return OptionProblem(str(key), f"{platform} has no setting '{key}'",
                         (f"did you mean '{close[0]}'? " if close else "") + f"{platform} takes: {', '.join(known)}")


def missing_key(platform: str, field: Field) -> OptionProblem:
    return OptionProblem(field.name, f"{platform} needs '{field.name}'",
                         f"set '{field.name}:' under platform_options.{platform} in site_config.yml: {field.doc}")


def _number(value: float) -> str:
    return f"{value:g}"


def range_problem(platform: str, field: Field, value: Any) -> OptionProblem | None:
    """A number that is not finite or falls outside the field's range."""
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return None
    low, high = field.at_least, field.at_most
    wanted = (f"between {_number(low)} and {_number(high)}" if low is not None and high is not None else
              f"at least {_number(low)}" if low is not None else f"at most {_number(high)}" if high is not None
              else "a finite number")
    fix = f"set '{field.name}:' under platform_options.{platform} to a number {wanted}: {field.doc}"
    if not math.isfinite(value):
        return OptionProblem(field.name, f"'{field.name}': {value!r} is not a finite number", fix)
    if (low is not None and value < low) or (high is not None and value > high):
        return OptionProblem(field.name, f"'{field.name}': {value!r} is not {wanted}", fix)
    return None


def is_loopback(host: str | None) -> bool:
    return (host or "").lower() in LOOPBACK_HOSTS


def address_problem(platform: str, field: Field, value: Any) -> OptionProblem | None:
    """An address that would send the platform's credentials in clear text or to a host that is
    not the platform's. Loopback (the tests' fakes) may be plain http and any port."""
    if not isinstance(value, str) or not value:
        return None
    parts = urlsplit(value.strip())
    try:
        host = parts.hostname
        parts.port  # noqa: B018 - a port that is not a number raises here
    except ValueError:
        host = None
    where = f"'{field.name}:' under platform_options.{platform}"
    documented = field.default if isinstance(field.default, str) and field.default else None
    back = f"remove {where} to use {documented}" if documented else f"set {where} to the https:// address"
    if not host:
        return OptionProblem(field.name, f"'{field.name}': {value!r} names no host", back)
    if is_loopback(host):
        return None
    if parts.username is not None or parts.password is not None:
        return OptionProblem(field.name, f"'{field.name}': {value!r} carries a user name or password",
                             f"{back}; credentials come only from environment variables")
    if parts.scheme.lower() != "https":
        return OptionProblem(field.name, f"'{field.name}': {value!r} is not https, and {platform}'s credentials "
                                         f"are sent to it in clear text",
                             f"{back}" if field.hosts else
                             f"write https:// (plain http is allowed only for 127.0.0.1, ::1 and localhost, "
                             f"as the tests use); {field.doc}")
    if field.hosts and host.lower() not in field.hosts:
        return OptionProblem(field.name, f"'{field.name}': {host} is not {platform}'s host "
                                         f"({', '.join(field.hosts)}), and {platform}'s credentials are sent to it",
                             f"{back}; only tests point it elsewhere, at 127.0.0.1 or localhost")
    return None


def value_problems(platform: str, declared: Mapping[str, Field], values: Mapping[str, Any]) -> list[OptionProblem]:
    problems = []
    for name, value in values.items():
        field = declared[name]
        problem = (address_problem(platform, field, value) if field.kind == "url" else
                   range_problem(platform, field, value) if field.type in (int, float) else None)
        if problem:
            problems.append(problem)
    return problems


def build(platform: str, options_class: type[Options], values: Mapping[str, Any] | None) -> Options:
    """The settings as the platform's dataclass, refusing unknown and missing keys, numbers out of
    range and addresses that would leak credentials (`value_problems`).

    Types are the config layer's to check (with MkDocs' config_options, at load); here an id
    given as a number becomes text and a whole number where a float is declared becomes a float."""
    values = dict(values or {})
    declared = {f.name: f for f in fields(options_class)}
    problems = [unknown_key(platform, k, options_class) for k in values if k not in declared]
    problems += [missing_key(platform, f) for f in declared.values() if f.required and values.get(f.name) in (None, "")]
    if problems:
        raise OptionsError(platform, problems)
    for name, value in values.items():
        field = declared[name]
        if field.kind == "id" and isinstance(value, int) and not isinstance(value, bool):
            values[name] = str(value)
        elif field.type is float and isinstance(value, int) and not isinstance(value, bool):
            values[name] = float(value)
    problems = value_problems(platform, declared, values)
    if problems:
        raise OptionsError(platform, problems)
    return options_class(**{k: v for k, v in values.items() if v is not None or declared[k].optional})
