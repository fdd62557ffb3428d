"""The Spanish pages in headless Chromium (issue 13): the language switch is a real link a keyboard
reaches, and the search on a Spanish page searches the Spanish pages, in Spanish."""
from __future__ import annotations

import pytest

from .test_browser import browser, page, served  # noqa: F401  (fixtures: the sample site, built and served)

SWITCH = ".syn-languages a"


def tab_to(page, selector: str, limit: int = 40) -> int:
    """Presses Tab from the top of the page until `selector` has the focus; how many presses it took."""
    page.locator("body").focus()
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return presses
    raise AssertionError(f"{selector} was not reached in {limit} presses of Tab")


@pytest.mark.parametrize("start, label, lang, target", [
    ("/articles/flu-shots-2026/", "Leer en español", "es", "/es/articles/flu-shots-2026/"),
    ("/es/articles/flu-shots-2026/", "Read in English", "en", "/articles/flu-shots-2026/"),
    ("/articles/", "Leer en español", "es", "/es/articles/"),
])
def test_the_language_switch_is_reached_and_followed_with_the_keyboard(served, page, start, label, lang, target):
    page.goto(served + start)
    tab_to(page, SWITCH)
    focused = page.evaluate("""() => {const a = document.activeElement, r = a.getBoundingClientRect();
        return {text: a.textContent.trim(), lang: a.lang, hreflang: a.hreflang,
                visible: r.width > 0 && r.height > 0}}""")
    assert focused["text"] == label and focused["lang"] == lang and focused["hreflang"] == lang
    assert focused["visible"]
    page.keyboard.press("Enter")
    page.wait_for_url(served + target)
    assert page.evaluate("document.documentElement.lang") == lang
    assert page.console_errors == []


def test_the_switch_comes_before_the_article_text(served, page):
    page.goto(served + "/es/articles/flu-shots-2026/")
    order = page.evaluate("""() => {
        const s = document.querySelector('.syn-languages'), body = document.querySelector('.e-content');
        return !!(s.compareDocumentPosition(body) & Node.DOCUMENT_POSITION_FOLLOWING)}""")
    assert order


def search(page, query: str):
    page.wait_for_load_state("networkidle")
    page.keyboard.press("/")  # Material's shortcut: opens the search and focuses it
    page.keyboard.type(query)
    page.wait_for_function("() => !/^(Teclee|Type)/.test(document.querySelector('.md-search-result__meta')"
                           ".textContent.trim())", timeout=15_000)
    page.wait_for_timeout(500)  # the debounced query settles


@pytest.mark.parametrize("page", ["bypass_csp"], indirect=True)  # wait_for_function evaluates a string
def test_a_spanish_page_searches_the_spanish_articles_in_spanish(served, page):
    page.goto(served + "/es/articles/flu-shots-2026/")
    assert page.locator(".md-search__input").get_attribute("placeholder") == "Búsqueda"
    search(page, "enjabónelas")  # only in hand-washing-cold-season.es.md
    titles = page.locator(".md-search-result__item h1").all_inner_texts()
    assert titles == ["Manos limpias, menos resfriados"]
    assert page.locator(".md-search-result__meta").inner_text() == "1 documento encontrado"
    page.keyboard.press("Enter")
    page.wait_for_url(served + "/es/articles/hand-washing-cold-season/")
    assert page.console_errors == []


@pytest.mark.parametrize("page", ["bypass_csp"], indirect=True)
def test_an_english_page_searches_the_english_articles(served, page):
    page.goto(served + "/articles/flu-shots-2026/")
    search(page, "enjabónelas")  # Pagefind searches the index of the page's language only
    links = page.locator(".md-search-result__link").evaluate_all("(links) => links.map(a => a.href)")
    assert not any("/es/" in link for link in links), links
    assert "Manos limpias" not in page.locator(".md-search-result__list").inner_text()
    page.locator(".md-search__input").fill("lather")  # while an English word finds the English article
    page.locator(".md-search-result__item h1", has_text="Clean hands, fewer colds").wait_for(timeout=15_000)
