"""Articles in Spanish (issue 13): SLUG.es.md pairs with SLUG.md and is published at /es/articles/SLUG/;
the page, its interface, byline, review box, disclaimer and footer are in Spanish; Spanish articles
have their own listings and feeds; they pass the same gate; the teasers carry the language.

The sample practice has two Spanish versions (flu-shots-2026.es.md, hand-washing-cold-season.es.md):
most tests read the sample site, built once."""
from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import feedparser
import pytest

from syndicate.article import load_articles
from syndicate.build import build_site
from syndicate.errors import InputError, SyndicateError
from syndicate.platforms import platform_class
from syndicate.practice import load_practice
from syndicate.site import csp
from syndicate.teasers import compose

from .conftest import SPANISH_SAMPLE, VALID_FRONT, copy_project, write_article

NOW = "2026-11-26T12:00:00+00:00"
SPANISH = Path(__file__).parent / "data" / "flu-shots-2026.es.md"  # the README's example, translated
SITE_URL = "https://blog.riverbend-family.example/"
EN_FLU, ES_FLU = "articles/flu-shots-2026/", "es/articles/flu-shots-2026/"
ES_HANDS = "es/articles/hand-washing-cold-season/"


def add_spanish_version(project: Path) -> Path:
    return Path(shutil.copy(SPANISH, project / "content" / "articles" / SPANISH.name))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv("SYNDICATE_NOW", NOW)
    project = copy_project(tmp_path_factory.mktemp("languages") / "project")
    built = build_site(project / "site_config.yml").site_dir
    mp.undo()
    return built


class Page(HTMLParser):
    """The parts of a built page these tests read: <html lang>, <link>s, <a>s (with the text inside),
    elements by class, inline scripts and the CSP."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.lang = None
        self.links: list[dict] = []
        self.anchors: list[dict] = []
        self.csp = None
        self._open: list[tuple[str, dict]] = []
        self.feed(text)

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "link":
            self.links.append(a)
        elif tag == "meta" and a.get("http-equiv") == "Content-Security-Policy":
            self.csp = a["content"]
        elif tag == "a":
            a["text"] = ""
            a["inside"] = [o.get(k, "") for _, o in self._open for k in ("class", "aria-label")]
            self.anchors.append(a)
        if tag not in self.VOID:
            self._open.append((tag, a))

    def handle_endtag(self, tag):
        while any(t == tag for t, _ in self._open):  # closes what the page left open inside it
            if self._open.pop()[0] == tag:
                break

    def handle_data(self, data):
        for tag, o in self._open:
            if tag == "a":
                o["text"] += data

    def hreflangs(self) -> dict[str, str]:
        return {link["hreflang"]: link["href"] for link in self.links if link.get("hreflang")}

    def switch(self) -> list[dict]:
        return [a for a in self.anchors if "syn-languages" in a["inside"]]


def read(site: Path, address: str) -> tuple[str, Page]:
    text = (site / address / "index.html").read_text(encoding="utf-8")
    return text, Page(text)


def visible_text(html_text: str) -> str:
    without_scripts = re.sub(r"<script.*?</script>", "", html_text, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", without_scripts))


# --- 1. the address, <html lang>, hreflang both ways, the language switch ---

def test_the_spanish_version_is_published_under_es_with_its_language(site):
    _, spanish = read(site, ES_FLU)
    _, english = read(site, EN_FLU)
    assert spanish.lang == "es" and english.lang == "en"
    assert not (site / "articles" / "flu-shots-2026-es").exists()  # the old address is gone
    sitemap = (site / "sitemap.xml").read_text()
    assert f"{SITE_URL}{ES_FLU}" in sitemap and f"{SITE_URL}{ES_HANDS}" in sitemap


def test_both_versions_link_each_other_with_hreflang_and_x_default(site):
    pair = {"en": SITE_URL + EN_FLU, "es": SITE_URL + ES_FLU, "x-default": SITE_URL + EN_FLU}
    for address in (EN_FLU, ES_FLU):
        assert read(site, address)[1].hreflangs() == pair, address
    assert read(site, "articles/healthy-sleep/")[1].hreflangs() == {}  # no translation, no alternates


def test_both_versions_show_a_language_switch_that_is_a_real_link(site):
    for here, there, label, lang in ((EN_FLU, ES_FLU, "Leer en español", "es"),
                                     (ES_FLU, EN_FLU, "Read in English", "en")):
        [link] = read(site, here)[1].switch()
        assert link["text"].strip() == label and link["lang"] == lang and link["hreflang"] == lang, link
        assert urljoin(SITE_URL + here, link["href"]) == SITE_URL + there  # relative: works on any host
        assert "tabindex" not in link  # in the tab order like any link
    assert read(site, "articles/healthy-sleep/")[1].switch() == []


def test_a_translation_can_be_named_by_lang_and_translation_of(project, monkeypatch):
    monkeypatch.setenv("SYNDICATE_NOW", NOW)
    (project / "content" / "articles" / "hand-washing-cold-season.es.md").unlink()
    write_article(project, "manos-limpias.md", """
        title: Manos limpias, menos resfriados
        date: 2026-10-22 08:00
        summary: Lavarse las manos evita muchos resfriados.
        authors: [whitfield]
        reviewed_by: raman
        last_reviewed: 2026-10-20
        lang: es
        translation_of: hand-washing-cold-season
        """, "Lávese las manos con agua y jabón.\n")
    site = build_site(project / "site_config.yml").site_dir
    _, page = read(site, "es/articles/manos-limpias/")
    assert page.lang == "es" and page.hreflangs()["en"] == SITE_URL + "articles/hand-washing-cold-season/"
    assert read(site, "articles/hand-washing-cold-season/")[1].hreflangs()["es"] == SITE_URL + "es/articles/manos-limpias/"


# --- 2. Material's Spanish strings; byline, review box, disclaimer and footer in Spanish ---

def material_translations(text: str) -> dict:
    return json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', text, re.S)[1])["translations"]


def test_spanish_pages_use_materials_spanish_interface_strings(site):
    spanish, _ = read(site, ES_FLU)
    english, _ = read(site, EN_FLU)
    assert "Saltar a contenido" in spanish and "Skip to content" not in spanish
    assert 'placeholder="Búsqueda"' in spanish and 'placeholder="Search"' in english
    assert material_translations(spanish)["search.result.none"] == "No se encontraron documentos"
    assert material_translations(english)["search.result.none"] == "No matching documents"
    listing, page = read(site, "es/articles/")
    assert page.lang == "es" and "Saltar a contenido" in listing


def test_the_byline_review_box_and_disclaimer_are_in_spanish(site):
    text = visible_text(read(site, ES_FLU)[0])
    assert "Escrito por Ada Okafor, MD (Family physician)" in text
    assert "Publicado el 15 de septiembre de 2026" in text
    assert "Revisado médicamente por Marcus Lee, DO el 10 de septiembre de 2026." in text
    assert "Este artículo es solo para educación general y no es un consejo médico para usted." in text
    assert "Temas: Vacunas · Recordatorios de temporada" in text
    html_text = read(site, ES_FLU)[0]
    assert 'aria-label="Revisión médica"' in html_text and 'aria-label="Aviso médico"' in html_text
    for english in ("Medically reviewed by", "This article is for general education", "Published", "Topics:"):
        assert english not in text, english
    # The English page keeps its English words.
    english = visible_text(read(site, EN_FLU)[0])
    assert "Medically reviewed by Marcus Lee, DO on September 10, 2026." in english


def test_the_footer_is_in_the_pages_language(site):
    html_text, page = read(site, ES_FLU)
    footer = html_text[html_text.index('class="md-copyright syn-footer"'):]
    assert "Para pedir una cita, llame al (217) 555-0142. En caso de emergencia, llame al 911." in footer
    policies = [a for a in page.anchors if "Políticas del consultorio" in a["inside"]]
    assert [a["text"] for a in policies] == ["Aviso de prácticas de privacidad",
                                             "Política de redes sociales y comentarios", "Privacidad"]
    assert all(a["hreflang"] == "en" for a in policies)  # the policies themselves are in English
    english, _ = read(site, EN_FLU)
    assert "Call (217) 555-0142 for appointments." in english and "Para pedir una cita" not in english


def test_the_footer_links_the_language_assistance_notice_in_both_languages(site):
    for address in ("", ES_FLU, "categories/vaccines/", "es/articles/"):
        _, page = read(site, address)
        links = {a["lang"]: a["text"] for a in page.anchors
                 if a.get("hreflang") and "syn-footer__language" in a["inside"]}
        assert links == {"en": "Language assistance", "es": "Si necesita ayuda en español, llame al (217) 555-0142"}, address
    assert "Si necesita ayuda en español" in read(site, "policies/language-assistance/")[0]


def test_a_missing_language_assistance_page_is_a_clear_error(project, monkeypatch):
    monkeypatch.setenv("SYNDICATE_NOW", NOW)
    config = project / "site_config.yml"
    config.write_text(config.read_text().replace("page: policies/language-assistance.md", "page: policies/nope.md"))
    with pytest.raises(SyndicateError) as caught:
        build_site(config)
    assert "language_assistance.page names policies/nope.md, which is not a page of content/" in str(caught.value)


# --- the disclaimer per language, from site_config.yml ---

def set_disclaimer(project: Path, yaml_text: str) -> Path:
    """Replaces the sample's disclaimer block (an `en:` and an `es:` text) with `disclaimer: YAML_TEXT`."""
    config = project / "site_config.yml"
    text, count = re.subn(r"      disclaimer:\n(?:        .*\n)+", f"      disclaimer: {yaml_text}\n", config.read_text())
    assert count == 1
    config.write_text(text)
    return config


def test_the_practice_writes_the_disclaimer_in_each_language(project, monkeypatch):
    monkeypatch.setenv("SYNDICATE_NOW", NOW)
    config = set_disclaimer(project, '{en: "General education only. Call 911 in an emergency.", '
                                     'es: "Solo educación general. En una emergencia, llame al 911."}')
    site = build_site(config).site_dir
    assert "Solo educación general. En una emergencia, llame al 911." in read(site, ES_FLU)[0]
    assert "General education only. Call 911 in an emergency." in read(site, EN_FLU)[0]
    entry = feedparser.parse((site / "es" / "feed.xml").read_bytes()).entries[0]
    assert "Solo educación general." in entry.content[0].value


def test_an_english_only_disclaimer_with_spanish_articles_names_the_key_and_the_file(project):
    config = set_disclaimer(project, '"General education only."')  # a plain string: English only
    practice = load_practice(config)
    with pytest.raises(InputError) as caught:
        load_articles(practice)
    text = str(caught.value)
    assert "site_config.yml" in text and "plugins.syndicate.disclaimer" in text
    assert "there is no disclaimer in 'es'" in text and ".es.md" in text and "es: " in text


@pytest.mark.parametrize("value, message", [
    ('{en: "Education.", spanish: "Educación."}', "'spanish' is not a language the site publishes in"),
    ('{es: "Educación."}', "there is no 'en' text"),
    ('{en: "Education.", es: ""}', "the 'es' text is empty"),
    ("[Education]", "expected text, or one text per language"),
])
def test_a_wrong_disclaimer_is_refused_when_the_config_loads(project, value, message):
    config = set_disclaimer(project, value)
    with pytest.raises(InputError) as caught:
        load_practice(config)
    assert "disclaimer" in str(caught.value) and message in str(caught.value)


# --- 3. listings and feeds per language ---

def card_links(site: Path, address: str) -> set[str]:
    text, page = read(site, address)
    cards = text[text.index('class="md-content"'):]
    return {urljoin(SITE_URL + address, a["href"]) for a in Page(cards).anchors
            if "syn-card__title" in a["inside"]}


def test_the_spanish_list_holds_the_spanish_articles_and_the_english_one_does_not(site):
    assert card_links(site, "es/articles/") == {SITE_URL + ES_FLU, SITE_URL + ES_HANDS}
    english = card_links(site, "articles/")
    assert SITE_URL + EN_FLU in english and not any("/es/" in url for url in english)
    text, page = read(site, "es/articles/")
    assert page.lang == "es" and "<h1" in text and "Todos los artículos" in text
    assert "15 de septiembre de 2026" in text


def test_spanish_topics_and_tags_have_their_own_listings(site):
    assert card_links(site, "es/categories/vacunas/") == {SITE_URL + ES_FLU}
    assert card_links(site, "es/categories/recordatorios-de-temporada/") == {SITE_URL + ES_FLU, SITE_URL + ES_HANDS}
    assert card_links(site, "es/tags/otono/") == {SITE_URL + ES_FLU}  # accents leave the address, not the word
    assert read(site, "es/tags/otono/")[1].lang == "es"
    assert "otoño" in read(site, "es/tags/")[0] and "Etiquetas" in read(site, "es/tags/")[0]
    assert not any("/es/" in url for url in card_links(site, "categories/vaccines/"))
    # The article's topic links lead to the Spanish listings.
    topics = [a["href"] for a in read(site, ES_FLU)[1].anchors if "syn-topics" in a["inside"]]
    assert topics == [SITE_URL + "es/categories/vacunas/", SITE_URL + "es/categories/recordatorios-de-temporada/"]


def test_the_lists_link_their_other_language_and_the_home_page_links_the_spanish_list(site):
    _, english = read(site, "articles/")
    _, spanish = read(site, "es/articles/")
    pair = {"en": SITE_URL + "articles/", "es": SITE_URL + "es/articles/", "x-default": SITE_URL + "articles/"}
    assert english.hreflangs() == pair and spanish.hreflangs() == pair
    assert [(a["text"].strip(), a["lang"]) for a in english.switch()] == [("Leer en español", "es")]
    home = read(site, "")[1]
    [link] = [a for a in home.anchors if a.get("lang") == "es" and a["text"] == "Artículos en español"]
    assert urljoin(SITE_URL, link["href"]) == SITE_URL + "es/articles/"


def test_the_spanish_feeds_hold_the_spanish_articles_in_spanish(site):
    spanish = {SITE_URL + ES_FLU, SITE_URL + ES_HANDS}
    for name in ("feed.xml", "rss.xml"):
        parsed = feedparser.parse((site / "es" / name).read_bytes())
        assert not parsed.bozo, parsed.bozo_exception
        assert parsed.feed.language == "es" and {e.link for e in parsed.entries} == spanish, name
    data = json.loads((site / "es" / "feed.json").read_text())
    assert data["language"] == "es" and data["feed_url"] == SITE_URL + "es/feed.json"
    assert {i["url"] for i in data["items"]} == spanish and {i["language"] for i in data["items"]} == {"es"}
    entry = next(e for e in feedparser.parse((site / "es" / "feed.xml").read_bytes()).entries if e.link == SITE_URL + ES_FLU)
    body = entry.content[0].value
    assert "Escrito por" in body and "Revisado médicamente por" in body and "el 10 de septiembre de 2026" in body
    assert "Este artículo es solo para educación general" in body
    topic = feedparser.parse((site / "es" / "categories" / "vacunas" / "feed.xml").read_bytes())
    assert topic.feed.language == "es" and [e.link for e in topic.entries] == [SITE_URL + ES_FLU]


def test_the_english_feeds_stay_english(site):
    for name in ("feed.xml", "rss.xml"):
        parsed = feedparser.parse((site / name).read_bytes())
        assert parsed.feed.language == "en" and not any("/es/" in e.link for e in parsed.entries), name
    data = json.loads((site / "feed.json").read_text())
    assert data["language"] == "en" and {i["language"] for i in data["items"]} == {"en"}
    assert not any("/es/" in e.link for e in feedparser.parse((site / "categories" / "vaccines" / "feed.xml")
                                                              .read_bytes()).entries)


def test_spanish_pages_advertise_the_spanish_feeds(site):
    feeds = [link["href"] for link in read(site, ES_FLU)[1].links if link.get("type", "").endswith(("xml", "json"))]
    assert feeds[:3] == [SITE_URL + "es/feed.xml", SITE_URL + "es/rss.xml", SITE_URL + "es/feed.json"]
    assert SITE_URL + "es/categories/vacunas/feed.xml" in feeds


def test_profiles_list_translations_in_their_language(site):
    text, page = read(site, "clinicians/okafor/")
    [link] = [a for a in page.anchors if a.get("hreflang") == "es" and "syn-profile__articles" in a["inside"]]
    assert urljoin(SITE_URL + "clinicians/okafor/", link["href"]) == SITE_URL + ES_FLU
    assert '<li lang="es">' in text


def test_structured_data_says_the_pages_language(site):
    text, _ = read(site, ES_FLU)
    graph = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)[1])["@graph"]
    assert {n["@type"]: n.get("inLanguage") for n in graph if n["@type"] in ("MedicalWebPage", "BlogPosting")} == \
        {"MedicalWebPage": "es", "BlogPosting": "es"}


# --- 4. the same gate, drafts, policy and search index ---

def test_a_spanish_draft_is_published_nowhere(project, monkeypatch):
    monkeypatch.setenv("SYNDICATE_NOW", NOW)
    path = project / "content" / "articles" / "hand-washing-cold-season.es.md"
    path.write_text(path.read_text().replace("tags: [", "draft: true\ntags: [", 1))
    site = build_site(project / "site_config.yml").site_dir
    assert not (site / ES_HANDS).exists()
    assert SITE_URL + ES_HANDS not in (site / "sitemap.xml").read_text()
    assert card_links(site, "es/articles/") == {SITE_URL + ES_FLU}
    assert "hand-washing" not in (site / "es" / "feed.xml").read_text()
    assert "hand-washing" not in (site / "es" / "feed.json").read_text()
    assert read(site, "articles/hand-washing-cold-season/")[1].hreflangs() == {}
    assert not (site / "es" / "categories" / "vida-saludable").exists()


def test_a_spanish_article_with_a_patients_details_stops_the_build(project, monkeypatch):
    monkeypatch.setenv("SYNDICATE_NOW", NOW)
    first = build_site(project / "site_config.yml").site_dir
    before = (first / ES_FLU / "index.html").read_text()
    path = project / "content" / "articles" / "flu-shots-2026.es.md"
    path.write_text(path.read_text() + "\nSu número de seguro social es 123-45-6789 y su teléfono es (312) 555-0199.\n")
    with pytest.raises(SyndicateError) as caught:
        build_site(project / "site_config.yml")
    assert "flu-shots-2026.es.md" in str(caught.value) and "nothing was built" in str(caught.value)
    assert (first / ES_FLU / "index.html").read_text() == before  # the previous site is untouched


def test_a_spanish_article_without_a_medical_review_is_refused(project, monkeypatch):
    monkeypatch.setenv("SYNDICATE_NOW", NOW)
    path = project / "content" / "articles" / "flu-shots-2026.es.md"
    path.write_text(path.read_text().replace("reviewed_by: lee\n", "").replace("last_reviewed: 2026-09-10\n", ""))
    with pytest.raises(SyndicateError) as caught:
        build_site(project / "site_config.yml")
    assert "flu-shots-2026.es.md" in str(caught.value) and "review" in str(caught.value)


def test_spanish_pages_carry_the_same_content_security_policy(site):
    for address in (ES_FLU, "es/articles/", "es/categories/vacunas/"):
        text, page = read(site, address)
        scripts = page.csp.split("script-src ")[1].split(";")[0].split()
        assert scripts[:2] == ["'self'", "'wasm-unsafe-eval'"] and "'unsafe-inline'" not in scripts, address
        inline = [m["body"] for m in csp._INLINE_SCRIPT.finditer(text)
                  if "src=" not in m["attrs"] and csp._is_javascript(m["attrs"])]
        hashes = {"'sha256-" + base64.b64encode(hashlib.sha256(b.encode()).digest()).decode() + "'" for b in inline}
        assert hashes and hashes == set(scripts[2:]), address  # Material's own scripts, nothing else


def test_pages_under_content_es_articles_are_refused(project):
    folder = project / "content" / "es" / "articles"
    folder.mkdir(parents=True)
    (folder / "gripe.md").write_text("# Gripe\n\nUn texto sin revisión médica.\n")
    with pytest.raises(InputError) as caught:
        load_articles(load_practice(project / "site_config.yml"))
    text = str(caught.value)
    assert "es/articles/gripe.md" in text and "content/articles/gripe.es.md" in text


def test_two_articles_at_one_address_are_refused(project):
    write_article(project, "gripe.md", VALID_FRONT + "lang: es\nslug: flu-shots-2026\n")
    practice = load_practice(project / "site_config.yml")
    with pytest.raises(InputError) as caught:
        load_articles(practice)
    assert "already used by" in str(caught.value)


def test_a_language_without_the_sites_words_names_the_field(project):
    write_article(project, "grippe.md", VALID_FRONT + "lang: fr\n")
    with pytest.raises(InputError) as caught:
        load_articles(load_practice(project / "site_config.yml"))
    text = str(caught.value)
    assert "grippe.md" in text and "'fr' is not a language the site publishes in" in text and "lang: es" in text


def test_a_bad_language_code_names_the_field(project):
    path = write_article(project, "water.md", VALID_FRONT + "lang: Spanish\n")
    practice = load_practice(project / "site_config.yml")
    with pytest.raises(InputError) as caught:
        load_articles(practice)
    text = str(caught.value)
    assert "water.md" in text and "'Spanish' is not a language code" in text and "lang: es" in text
    assert path.exists()


def test_the_search_index_holds_the_spanish_articles_as_spanish(site):
    languages = json.loads((site / "pagefind" / "pagefind-entry.json").read_text())["languages"]
    assert list(languages) == ["en", "es"]  # sorted: Pagefind's own order changes from run to run
    assert languages["es"]["page_count"] >= len(SPANISH_SAMPLE)
    assert read(site, ES_FLU)[0].count("data-pagefind-body") == 1


# --- teasers (the posting side is tests/test_teasers.py and the platforms') ---

def test_the_spanish_teaser_is_spanish_and_links_the_spanish_page(project):
    practice = load_practice(project / "site_config.yml")
    [article] = [a for a in load_articles(practice) if a.slug == "flu-shots-2026-es"]
    assert article.lang == "es" and article.translation_of == "flu-shots-2026"
    teaser = compose(article, platform_class("bluesky")(env={}), practice)
    assert teaser.lang == "es" and teaser.text.startswith("Desde el 15 de septiembre")
    assert "/es/articles/flu-shots-2026/" in teaser.link


def test_a_spanish_article_is_not_graded_with_english_reading_formulas(project):
    from datetime import datetime

    from syndicate.gate import allow_list, check_article
    practice = load_practice(project / "site_config.yml")
    now = datetime.fromisoformat(NOW)
    hard = "Los procedimientos inmunológicos preventivos proporcionan extraordinariamente beneficios considerables. " * 12
    path = project / "content" / "articles" / "hand-washing-cold-season.es.md"
    path.write_text(path.read_text() + "\n" + hard + "\n")
    articles = {a.slug: a for a in load_articles(practice)}
    rules = {f.finding.rule for f in check_article(articles["hand-washing-cold-season-es"], practice,
                                                    allow_list(practice), now)}
    assert "readability.grade" not in rules
    english = project / "content" / "articles" / "hand-washing-cold-season.md"
    english.write_text(english.read_text() + "\nImmunological preventive procedures provide extraordinarily "
                       "considerable advantages for everybody participating. " * 12 + "\n")
    articles = {a.slug: a for a in load_articles(practice)}
    rules = {f.finding.rule for f in check_article(articles["hand-washing-cold-season"], practice,
                                                    allow_list(practice), now)}
    assert "readability.grade" in rules


def test_a_page_the_practice_writes_under_content_es_is_a_spanish_page(project, monkeypatch):
    monkeypatch.setenv("SYNDICATE_NOW", NOW)
    (project / "content" / "es").mkdir()
    (project / "content" / "es" / "index.md").write_text("# Bienvenidos\n\nArtículos de salud para su familia.\n")
    site = build_site(project / "site_config.yml").site_dir
    text, page = read(site, "es/")
    assert page.lang == "es" and "Saltar a contenido" in text and "Para pedir una cita" in text
