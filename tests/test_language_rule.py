"""One rule for a file's language (syndicate/locales.py), shared by the loader, the gate and the site:
a Spanish file however its language is spelled is checked with the Spanish cues, a name's last dotted
part is a language only when it is one, a page under content/es/ is Spanish to the gate as to the
site, and an article has one version per language (attacks 01, 03, 12, 14, 15)."""
from __future__ import annotations

from pathlib import Path

import pytest

from syndicate.article import load_articles
from syndicate.checks.recognizers.spanish import is_spanish
from syndicate.errors import InputError
from syndicate.locales import named_language, page_language
from syndicate.practice import load_practice

from .conftest import run_cli

PHI = "Gracias a doña Rosario Meléndez por traernos tamales después de su cirugía de cadera.\n"
NOW = "2026-12-01T12:00:00+00:00"


def spanish_front(project: Path) -> str:
    text = (project / "content" / "articles" / "flu-shots-2026.es.md").read_text(encoding="utf-8")
    return text.split("\n---\n", 1)[0] + "\n---\n"


@pytest.mark.parametrize("stem, expected", [
    ("flu.es", ("flu", "es")), ("flu.ES", ("flu", "es")), ("flu.es-MX", ("flu", "es")), ("flu.es_MX", ("flu", "es")),
    ("covid.faq", None), ("notes.old", None), ("flu", None),
])
def test_a_name_ends_in_a_language_only_when_it_is_one(stem, expected):
    assert named_language(stem) == expected


@pytest.mark.parametrize("code", ["es", "ES", "es-MX", "es_MX", " es", "spa"])
def test_every_spelling_of_spanish_gets_the_spanish_cues(code):
    assert is_spanish(code)


@pytest.mark.parametrize("name, extra", [
    ("tamales-x.ES.md", ""), ("tamales-y.es-MX.md", ""), ("tamales-z.es_MX.md", ""), ("tamales-spa.md", "lang: spa\n"),
])
def test_a_spanish_file_however_named_is_checked_in_spanish(project, monkeypatch, name, extra):
    monkeypatch.setenv("SYNDICATE_NOW", NOW)
    front = spanish_front(project)
    (project / "content" / "articles" / name).write_text(front.replace("\n---\n", "\n" + extra + "---\n", 1)
                                                         if extra else front, encoding="utf-8")
    path = project / "content" / "articles" / name
    path.write_text(path.read_text(encoding="utf-8") + "\n" + PHI, encoding="utf-8")
    result = run_cli(project, "check")
    assert result.exit_code == 1 and f"{name}:" in result.output and "[phi.name]" in result.output, result.output
    article = next(a for a in load_articles(load_practice(project / "site_config.yml")) if a.path.name == name)
    assert article.lang == "es"


def test_a_dotted_name_that_is_no_language_is_an_english_article(project, monkeypatch):
    monkeypatch.setenv("SYNDICATE_NOW", NOW)
    articles = project / "content" / "articles"
    (articles / "covid.faq.md").write_text((articles / "healthy-sleep.md").read_text(encoding="utf-8")
                                           .replace("title:", "slug: covid-faq\ntitle:", 1), encoding="utf-8")
    article = next(a for a in load_articles(load_practice(project / "site_config.yml")) if a.path.name == "covid.faq.md")
    assert (article.lang, article.translation_of, article.address) == ("en", None, "articles/covid-faq/")


def test_a_page_under_the_spanish_folder_is_checked_in_spanish(project, monkeypatch):
    monkeypatch.setenv("SYNDICATE_NOW", NOW)
    assert page_language("es/aviso.md") == page_language("aviso.es.md") == "es"
    page = project / "content" / "es" / "aviso.md"
    page.parent.mkdir(exist_ok=True)
    page.write_text("# Aviso\n\n" + PHI, encoding="utf-8")
    result = run_cli(project, "check")
    assert result.exit_code == 1 and "es/aviso.md:3" in result.output and "[phi.name]" in result.output, result.output


def problems_of(project: Path) -> str:
    with pytest.raises(InputError) as exc:
        load_articles(load_practice(project / "site_config.yml"))
    return str(exc.value)


def test_the_site_language_as_a_suffix_is_a_second_version_and_refused(project):
    articles = project / "content" / "articles"
    (articles / "healthy-sleep.en.md").write_text((articles / "healthy-sleep.md").read_text(encoding="utf-8"), encoding="utf-8")
    message = problems_of(project)
    assert "healthy-sleep.en.md:1" in message and "second 'en' version of 'healthy-sleep'" in message


def test_a_second_spanish_version_is_refused_at_its_translation_of_line(project):
    articles = project / "content" / "articles"
    text = (articles / "flu-shots-2026.es.md").read_text(encoding="utf-8")
    (articles / "gripe-otra.md").write_text(text.replace("---\n", "---\nlang: es\ntranslation_of: flu-shots-2026\n", 1),
                                            encoding="utf-8")
    message = problems_of(project)
    assert "gripe-otra.md:3" in message and "second 'es' version of 'flu-shots-2026'" in message, message


@pytest.mark.parametrize("target, says", [("no-such-article", "names no article"),
                                          ("hand-washing-cold-season-es", "itself a translation")])
def test_translation_of_must_name_an_original(project, target, says):
    articles = project / "content" / "articles"
    text = (articles / "healthy-sleep.md").read_text(encoding="utf-8")
    (articles / "sleep-copy.md").write_text(text.replace("---\n", f"---\ntranslation_of: {target}\nlang: es\n", 1),
                                            encoding="utf-8")
    message = problems_of(project)
    assert "sleep-copy.md:2" in message and says in message, message


@pytest.mark.parametrize("src", ["tags/index.md", "es/tags/index.md", "categories/vaccines.md", "es/categories/index.md",
                                 "feed.xml.md", "es/feed.xml.md", "rss.xml.md"])
def test_a_page_at_a_generated_address_is_refused_naming_the_file(project, monkeypatch, src):
    monkeypatch.setenv("SYNDICATE_NOW", NOW)
    page = project / "content" / src
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text("---\ntitle: Not the list\n---\n\nMine.\n", encoding="utf-8")
    for command in ("check", "build"):
        result = run_cli(project, command)
        assert result.exit_code == 1 and f"content/{src}: its address" in result.output, result.output
        assert "where the site publishes" in result.output and "Errno" not in result.output
