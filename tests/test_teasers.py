"""Teasers: composed from front matter, counted the platform's way, never cut inside a word or URL."""
from __future__ import annotations

import dataclasses
from urllib.parse import parse_qs, urlsplit

import pytest

from syndicate.article import load_article
from syndicate.platforms import platform_class
from syndicate.platforms.options import fields
from syndicate.practice import load_practice
from syndicate.teasers import TeaserError, compose, hashtag, utm_link

from .conftest import VALID_FRONT, write_article


@pytest.fixture
def practice(project):
    return load_practice(project / "site_config.yml")


@pytest.fixture
def article(project, practice):
    return load_article(write_article(project, "water.md", VALID_FRONT), practice)


def platform(name, **options):
    """A client for counting only: its required settings (an instance, a Page id) filled with stand-ins."""
    cls = platform_class(name)
    needed = {f.name: "https://social.example" if f.kind == "url" else "1" for f in fields(cls.Options) if f.required}
    return cls(options={**needed, **options}, env={})


def test_link_carries_utm_parameters(article):
    link = utm_link(article, "mastodon")
    parts = urlsplit(link)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == article.url
    assert parse_qs(parts.query) == {"utm_source": ["mastodon"], "utm_medium": ["social"], "utm_campaign": ["water"]}


def test_summary_hashtags_and_link(article, practice):
    t = compose(article, platform("mastodon"), practice)
    assert t.text == f"{article.summary}\n\n#Summer #Hydration\n\n{t.link}"
    assert t.length == len(article.summary) + 2 + len("#Summer #Hydration") + 2 + 23  # Mastodon counts a URL as 23
    assert t.image_url == "https://blog.riverbend-family.example/assets/cards/water.jpg" and t.image_alt


def test_per_platform_override_wins(project, practice):
    a = load_article(write_article(project, "w.md", VALID_FRONT + "teaser: {mastodon: 'Hot out? Drink up.'}"), practice)
    assert compose(a, platform("mastodon"), practice).text.startswith("Hot out? Drink up.\n\n")
    assert compose(a, platform("bluesky"), practice).text.startswith(a.summary)


def test_title_when_no_summary_override(article, practice):
    no_summary = dataclasses.replace(article, summary="")
    assert compose(no_summary, platform("mastodon"), practice).text.startswith("Drink water in the heat\n\n")


def test_link_travels_separately_where_the_platform_takes_it(article, practice):
    t = compose(article, platform("linkedin", organization="urn:li:organization:1"), practice)
    assert t.link not in t.text and "utm_source=linkedin" in t.link
    g = compose(article, platform("google_business", account="1", location="2"), practice)
    assert "#" not in g.text  # local posts take no hashtags


def test_hashtags_drop_before_text_is_cut(article, practice):
    # Room for the summary and the link, not for the hashtags as well.
    limit = len(article.summary) + 2 + 23 + 3
    t = compose(article, platform("mastodon", limit=limit), practice)
    assert "#" not in t.text and t.text.startswith(article.summary) and t.length <= limit


def test_long_text_is_cut_at_a_word_boundary_never_inside_a_word_or_url(project, practice):
    summary = "Heat illness can start quickly on hot days, and drinking water early is one of the simplest ways to stay safe outdoors"
    a = load_article(write_article(project, "w.md", VALID_FRONT.replace(
        "summary: Water helps your body cool down on hot days.", f"summary: {summary}")), practice)
    t = compose(a, platform("mastodon", limit=80), practice)
    body, link = t.text.rsplit("\n\n", 1)
    assert link == t.link  # the URL is whole
    assert body.endswith("…") and summary.startswith(body[:-1]) and summary[len(body) - 1] == " "
    assert t.length <= 80


def test_clinician_teaser_that_does_not_fit_is_an_error_not_a_cut(project, practice):
    a = load_article(write_article(project, "w.md", VALID_FRONT + f"teaser: {{x: '{'word ' * 80}'}}"), practice)
    with pytest.raises(TeaserError) as info:
        compose(a, platform("x"), practice)
    message = str(info.value)
    assert "w.md" in message and "[x]" in message and "280" in message and str(info.value.length) in message


def test_nothing_fits_is_a_clear_error(article, practice):
    with pytest.raises(TeaserError) as info:
        compose(article, platform("mastodon", limit=20), practice)
    assert info.value.limit == 20 and info.value.length > 20 and "water.md" in str(info.value)


def test_x_counts_weighted_length(project, practice):
    a = load_article(write_article(project, "w.md", VALID_FRONT + "teaser: {x: '水を飲みましょう'}"), practice)
    t = compose(a, platform("x"), practice)
    # 8 CJK characters weigh 2 each; the URL counts 23 however long it is.
    assert t.length == 8 * 2 + 2 + len("#Summer #Hydration") + 2 + 23


def test_bluesky_counts_graphemes(project, practice):
    a = load_article(write_article(project, "w.md", VALID_FRONT + "teaser: {bluesky: 'Stay cool 👩‍⚕️🌡️'}"), practice)
    t = compose(a, platform("bluesky"), practice)
    assert t.length == len("Stay cool ") + 2 + 2 + len("#Summer #Hydration") + 2 + len(t.link)


def test_hashtag_forms():
    assert hashtag("blood pressure") == "#BloodPressure" and hashtag("MMR") == "#MMR" and hashtag("—") == ""


def test_same_input_same_teaser(article, practice):
    assert compose(article, platform("mastodon"), practice) == compose(article, platform("mastodon"), practice)
