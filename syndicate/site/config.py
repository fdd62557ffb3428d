"""Typed config for the `syndicate` MkDocs plugin: the practice, validated with messages that name the key."""
from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

PLATFORM_NAMES = ("bluesky", "mastodon", "x", "linkedin", "facebook", "threads", "google_business")


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


class SyndicateConfig(base.Config):
    timezone = c.Type(str, default="UTC")
    articles_dir = c.Type(str, default="articles")
    clinicians = c.DictOfItems(c.SubConfig(Clinician), default={})
    contact = c.SubConfig(Contact)
    social = c.DictOfItems(c.Type(str), default={})
    platforms = c.ListOfItems(c.Choice(PLATFORM_NAMES), default=[])
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
    disclaimer = c.Type(
        str,
        default=(
            "This article is for general education and is not medical advice for you. "
            "Talk with your own clinician about your health. In an emergency, call 911."
        ),
    )
