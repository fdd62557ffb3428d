"""Typed config for the `syndicate` MkDocs plugin: the practice, validated with messages that name the key."""
from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

PLATFORM_NAMES = ("bluesky", "mastodon", "x", "linkedin", "facebook", "threads", "google_business")


class Clinician(base.Config):
    name = c.Type(str)
    credentials = c.Type(str, default="")
    role = c.Type(str, default="")
    photo = c.Optional(c.Type(str))


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
