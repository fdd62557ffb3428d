"""Typed config for the `syndicate` MkDocs plugin: the practice, validated with messages that name the key.

Everything `site_config.yml` holds is checked here, once, when it is read: the time zone (a
`TimeZone` option), the platform names (`PlatformName`, whose choices are the platform registry)
and each platform's settings (`platform_settings`, from the platform's own declaration).
"""
from __future__ import annotations

import functools
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError

from ..locales import DEFAULT, LANGUAGES
from ..platforms import options as settings
from ..platforms import platform_names, registry


class PlatformName(c.Choice):
    """One of the platforms in the registry, read when validating: a platform module added later
    is a choice without an edit here."""

    def __init__(self, **kwargs):
        super().__init__(("bluesky",), **kwargs)  # Choice insists on choices; the property below answers

    @property
    def choices(self) -> tuple[str, ...]:
        return platform_names()

    @choices.setter
    def choices(self, _value) -> None:
        pass


class TimeZone(c.Type):
    """An IANA time zone name, validated by loading it; the value is the ZoneInfo."""

    def __init__(self, default: str):
        super().__init__(str, default=default)

    def run_validation(self, value: object) -> ZoneInfo:
        name = super().run_validation(value)
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValidationError(f"unknown time zone {name!r}: use an IANA name such as America/Chicago") from None


class Typed(c.Type):
    """c.Type with a reader's message, and no `true` where a number is wanted (bool is an int in Python)."""

    NAMES = {str: "text", int: "a whole number", float: "a number", bool: "true or false"}

    def run_validation(self, value: object):
        kinds = self._type if isinstance(self._type, tuple) else (self._type,)
        if isinstance(value, kinds) and not (isinstance(value, bool) and bool not in kinds):
            return value
        wanted = " or ".join(self.NAMES.get(k, k.__name__) for k in kinds)
        raise ValidationError(f"expected {wanted}, not {value!r}")


def _config_option(field: settings.Field) -> c.BaseConfigOption:
    """A platform setting as the MkDocs config option that checks it."""
    default = None if field.required else field.default
    if field.choices:
        option = c.Choice(field.choices, default=default)
    elif field.kind == "url":
        option = c.URL(default=default)
    elif field.kind == "id":
        option = Typed((str, int), default=default)  # YAML reads `page_id: 1234` as a number
    elif field.type is float:
        option = Typed((int, float), default=default)
    else:
        option = Typed(field.type, default=default)
    option.required = field.required
    return c.Optional(option) if field.optional else option


@functools.cache
def options_config(options_class: type[settings.Options]) -> type[base.Config]:
    """The platform's settings declaration as a MkDocs Config class (as Material's PostConfig is for posts)."""
    schema = {f.name: _config_option(f) for f in settings.fields(options_class)}
    return type(f"{options_class.__name__}Config", (base.Config,), schema)


def platform_settings(name: str, raw: object) -> tuple[settings.Options | None, list[settings.OptionProblem]]:
    """The platform's settings from `platform_options.<name>`, or every problem with them.

    Each option of the Config class validates its own key; `Config.validate()` would stop at the
    first failure, and a practice should see every wrong setting at once."""
    options_class = registry()[name].Options
    if not isinstance(raw, dict):
        return None, [settings.OptionProblem("", f"the {name} settings are not a mapping",
                                             f"write them as 'key: value' lines under platform_options.{name}")]
    schema = options_config(options_class)
    declared = {f.name: f for f in settings.fields(options_class)}
    problems = [settings.unknown_key(name, key, options_class) for key in raw if key not in declared]
    values = {}
    for key, option in schema._schema:
        try:
            values[key] = option.validate(raw.get(key))
        except ValidationError as exc:
            field = declared[key]
            problems.append(settings.missing_key(name, field) if raw.get(key) is None else
                            settings.OptionProblem(key, f"'{key}': {exc}",
                                                   f"correct '{key}:' under platform_options.{name}: {field.doc}"))
    if problems:
        return None, problems
    try:
        return settings.build(name, options_class, values), []
    except settings.OptionsError as exc:  # a required setting given as empty text
        return None, exc.option_problems


class Clinician(base.Config):
    name = c.Type(str)
    credentials = c.Type(str, default="")
    role = c.Type(str, default="")
    photo = c.Optional(c.Type(str))  # a picture inside content/, shown on the profile page
    photo_alt = c.Optional(c.Type(str))  # required with photo: what it shows, for screen readers
    bio = c.Type(str, default="")
    languages = c.ListOfItems(c.Type(str), default=[])
    accepting_new_patients = c.Optional(c.Type(bool))  # unset: the profile says nothing either way
    # Credentials as schema.org hasCredential, e.g. ["Board certified in family medicine"].
    qualifications = c.ListOfItems(c.Type(str), default=[])


class Contact(base.Config):
    phone = c.Type(str, default="")
    fax = c.Type(str, default="")
    email = c.Type(str, default="")
    address = c.Type(str, default="")


class AllowExtra(base.Config):
    """Public facts beyond the contact block that the PHI check must not flag."""

    phones = c.ListOfItems(c.Type(str), default=[])
    emails = c.ListOfItems(c.Type(str), default=[])
    addresses = c.ListOfItems(c.Type(str), default=[])
    names = c.ListOfItems(c.Type(str), default=[])
    domains = c.ListOfItems(c.Type(str), default=[])


class Checks(base.Config):
    review_interval_months = c.Type(int, default=12)
    reading_grade = c.Type((int, float), default=8)
    cadence_days = c.Type(int, default=14)
    # A one-clinician practice has nobody else to review: let authors review their own articles
    # (the page then says "Written and reviewed by"). Off by default: a second reader is the point.
    allow_self_review = c.Type(bool, default=False)
    allow = c.SubConfig(AllowExtra)


class LanguageAssistance(base.Config):
    # The language-assistance notice (Section 1557, 45 CFR 92.11): a page in content/ or an https://
    # address, linked from every page's footer once per language, each link in its own language.
    page = c.Type(str, default="")
    links = c.DictOfItems(c.Type(str), default={"en": "Language assistance",
                                                "es": "Ayuda en español: asistencia de idiomas gratuita"})


class TextPerLanguage(c.BaseConfigOption[dict]):
    """Text the practice writes once per language: `{en: ..., es: ...}`. A plain string is the
    English text alone (how the key was written before there were translations)."""

    def __init__(self, default: dict[str, str]):
        super().__init__()
        self.default = default

    def run_validation(self, value) -> dict[str, str]:
        if isinstance(value, str):
            value = {DEFAULT: value}
        if not isinstance(value, dict):
            found = "nothing" if value is None else type(value).__name__
            raise c.ValidationError(f"expected text, or one text per language such as {{{DEFAULT}: ..., es: ...}}, "
                                    f"not {found}")
        texts = {}
        for lang, text in value.items():
            if lang not in LANGUAGES:
                raise c.ValidationError(f"'{lang}' is not a language the site publishes in: use "
                                        + " or ".join(LANGUAGES) + " as the key")
            if not isinstance(text, str) or not text.strip():
                raise c.ValidationError(f"the '{lang}' text is empty or not text: write the sentence after '{lang}:'")
            texts[lang] = text.strip()
        if DEFAULT not in texts:
            raise c.ValidationError(f"there is no '{DEFAULT}' text: every page in the site's main language needs one")
        return texts


DISCLAIMERS = {
    "en": ("This article is for general education and is not medical advice for you. "
           "Talk with your own clinician about your health. In an emergency, call 911."),
    "es": ("Este artículo es solo para educación general y no es un consejo médico para usted. "
           "Hable de su salud con su propio médico. En caso de emergencia, llame al 911."),
}


class SyndicateConfig(base.Config):
    timezone = TimeZone(default="UTC")
    articles_dir = c.Type(str, default="articles")
    clinicians = c.DictOfItems(c.SubConfig(Clinician), default={})
    contact = c.SubConfig(Contact)
    social = c.DictOfItems(c.Type(str), default={})
    platforms = c.ListOfItems(PlatformName(), default=[])
    platform_options = c.DictOfItems(c.Type(dict), default={})
    checks = c.SubConfig(Checks)
    ledger = c.Type(str, default="ledger.yml")
    # The HIPAA Notice of Privacy Practices (45 CFR 164.520(c)(3)(i)): a page in content/
    # (e.g. policies/notice-of-privacy-practices.md) or the https:// address of the practice's own copy.
    privacy_notice = c.Type(str, default="")
    language_assistance = c.SubConfig(LanguageAssistance)
    # How search engines should read the practice: a schema.org MedicalOrganization type.
    organization_type = c.Choice(("MedicalClinic", "MedicalOrganization", "Physician", "Hospital", "Dentist",
                                  "Pharmacy", "DiagnosticLab"), default="MedicalClinic")
    logo = c.Optional(c.Type(str))  # a picture inside content/
    specialty = c.Type(str, default="")  # a schema.org MedicalSpecialty, e.g. PrimaryCare
    # Articles in these categories are time-bound notices: `check` warns when one has no 'expires:'.
    notice_categories = c.ListOfItems(c.Type(str), default=["Outbreak notices"])
    # Large sites build on every core: 0 means all of them, 1 turns parallel building off.
    workers = c.Type(int, default=0)
    parallel_from = c.Type(int, default=40)  # below this many articles, forking costs more than it saves
    share_card_font = c.Type(str, default="/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
    # One text per language an article is written in (`check` and `build` stop when one is missing).
    disclaimer = TextPerLanguage(default=DISCLAIMERS)
