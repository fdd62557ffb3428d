"""Articles in Spanish (issue 13): SLUG.es.md pairs with SLUG.md; the page, its links, the feeds and
the teasers carry the article's language; the footer links the language-assistance notice."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from syndicate.article import load_articles
from syndicate.build import build_site
from syndicate.errors import InputError, SyndicateError
from syndicate.platforms import platform_class
from syndicate.practice import load_practice
from syndicate.teasers import compose

from .conftest import VALID_FRONT, write_article

NOW = "2026-11-26T12:00:00+00:00"
SPANISH = Path(__file__).parent / "data" / "flu-shots-2026.es.md"  # the README's example, translated


def add_spanish_version(project: Path) -> Path:
    return Path(shutil.copy(SPANISH, project / "content" / "articles" / SPANISH.name))
SITE = "https://blog.riverbend-family.example/"
BASE = SITE + "articles/"


@pytest.fixture
def site(project, monkeypatch):
    monkeypatch.setenv("SYNDICATE_NOW", NOW)
    add_spanish_version(project)
    return build_site(project / "site_config.yml").site_dir


def test_the_spanish_version_has_its_language_and_links_both_ways(site):
    spanish = (site / "es" / "articles" / "flu-shots-2026" / "index.html").read_text()
    english = (site / "articles" / "flu-shots-2026" / "index.html").read_text()
    assert spanish.lstrip().startswith('<!doctype html>\n<html lang="es"') and '<html lang="en"' in english
    pair = [f'<link rel="alternate" hreflang="en" href="{BASE}flu-shots-2026/">',
            f'<link rel="alternate" hreflang="es" href="{SITE}es/articles/flu-shots-2026/">',
            f'<link rel="alternate" hreflang="x-default" href="{BASE}flu-shots-2026/">']
    for page in (spanish, english):
        assert all(link in page for link in pair)
    assert "hreflang=" not in (site / "articles" / "healthy-sleep" / "index.html").read_text().split("</head>")[0]


def test_feeds_carry_each_articles_language(site):
    items = {i["id"]: i for i in json.loads((site / "feed.json").read_text())["items"]}
    assert items[f"{SITE}es/articles/flu-shots-2026/"]["language"] == "es"
    assert items[f"{BASE}flu-shots-2026/"]["language"] == "en"


def test_the_spanish_teaser_is_spanish_and_says_so(project):
    add_spanish_version(project)
    practice = load_practice(project / "site_config.yml")
    [article] = [a for a in load_articles(practice) if a.slug == "flu-shots-2026-es"]
    assert article.lang == "es" and article.translation_of == "flu-shots-2026"
    teaser = compose(article, platform_class("bluesky")(env={}), practice)
    assert teaser.lang == "es" and teaser.text.startswith("Desde el 15 de septiembre")
    assert teaser.link.startswith(f"{SITE}es/articles/flu-shots-2026/?")


def test_a_bad_language_code_names_the_field(project):
    path = write_article(project, "water.md", VALID_FRONT + "lang: Spanish\n")
    practice = load_practice(project / "site_config.yml")
    with pytest.raises(InputError) as caught:
        load_articles(practice)
    text = str(caught.value)
    assert "water.md" in text and "'Spanish' is not a language code" in text and "lang: es" in text
    assert path.exists()


def test_the_footer_links_the_language_assistance_notice_in_both_languages(site):
    for page in ("index.html", "es/articles/flu-shots-2026/index.html", "categories/vaccines/index.html"):
        text = (site / page).read_text()
        footer = re.search(r'<nav aria-label="Language assistance".*?</nav>', text, re.DOTALL)[0]
        assert 'lang="en" hreflang="en">Language assistance</a>' in footer, page
        assert 'lang="es" hreflang="es">Si necesita ayuda en español, llame al (217) 555-0142</a>' in footer, page
    assert "Si necesita ayuda en español" in (site / "policies" / "language-assistance" / "index.html").read_text()


def test_a_missing_language_assistance_page_is_a_clear_error(project, monkeypatch):
    monkeypatch.setenv("SYNDICATE_NOW", NOW)
    config = project / "site_config.yml"
    config.write_text(config.read_text().replace("page: policies/language-assistance.md", "page: policies/nope.md"))
    with pytest.raises(SyndicateError) as caught:
        build_site(config)
    assert "language_assistance.page names policies/nope.md, which is not a page of content/" in str(caught.value)
