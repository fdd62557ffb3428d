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

The core must not import MkDocs, which is why the declaration is plain dataclass fields and the
mapping onto `config_options` lives in the site layer.
"""
from __future__ import annotations

import dataclasses
import difflib
import typing
from collections.abc import Mapping
from dataclasses import MISSING, dataclass
from typing import Any, Literal

from ..errors import InputError, Problem

ImageMode = Literal["card", "attach"]


def setting(default: Any = MISSING, *, doc: str, kind: str = "") -> Any:
    """One setting. No default: required. `kind` narrows a text setting: "url" (an http(s) address,
    checked as MkDocs checks URLs) or "id" (an identifier, which YAML may give as a number)."""
    return dataclasses.field(default=default, metadata={"doc": doc, "kind": kind})


@dataclass(frozen=True, kw_only=True)
class Options:
    """What every platform takes; a platform's own class adds its settings."""

    # Each platform sets its own default (or none, making it required, as Mastodon's instance).
    api_base: str = setting("", doc="The address of the platform's API.", kind="url")
    limit: int | None = setting(None, doc="The most a post may hold, counted the platform's way "
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
        out.append(Field(f.name, kind, optional, f.default, f.metadata.get("doc", ""), f.metadata.get("kind", "")))
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


def build(platform: str, options_class: type[Options], values: Mapping[str, Any] | None) -> Options:
    """The settings as the platform's dataclass, refusing unknown and missing keys.

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
    return options_class(**{k: v for k, v in values.items() if v is not None or declared[k].optional})
