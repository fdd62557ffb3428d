"""Articles in more than one language: a page's `<html lang>`, and the hreflang links that pair
an article with its translations (`SLUG.es.md` or `lang:`/`translation_of:` in the front matter)."""
from __future__ import annotations

import re

from mkdocs.exceptions import PluginError

from ..article import Article

_HTML_LANG = re.compile(r'<html lang="[^"]*"')


def versions(article: Article, articles: list[Article]) -> list[Article]:
    """The article and every published translation of the same original, original first."""
    original = article.translation_of or article.slug
    group = [a for a in articles if a.slug == original or a.translation_of == original]
    return sorted(group, key=lambda a: (a.slug != original, a.lang))


def alternates(article: Article, articles: list[Article]) -> list[tuple[str, str]]:
    """(hreflang, absolute URL) for every version, with x-default on the original; none for a lone article."""
    group = versions(article, articles)
    if len(group) < 2:
        return []
    return [(a.lang, a.url) for a in group] + [("x-default", group[0].url)]


def set_html_lang(html: str, lang: str) -> str:
    """Material writes the theme's language into <html lang>; an article in another language says its own."""
    return _HTML_LANG.sub(f'<html lang="{lang}"', html, count=1)


def assistance_links(setting, files) -> list[tuple[str, str, str]]:
    """(lang, link text, href) for the footer's language-assistance links; [] when no page is set.

    The href is site-relative for a page of content/ (the template's `url` filter makes it relative)."""
    page = (setting.page or "").strip()
    if not page:
        return []
    if "://" in page:
        if not page.startswith("https://"):
            raise PluginError(f"site_config.yml: language_assistance.page '{page}' is not an https:// address; "
                              "write a page of content/ (e.g. policies/language-assistance.md) or an https:// address")
        href = page
    else:
        file = files.get_file_from_path(page.lstrip("/"))
        if file is None:
            raise PluginError(f"site_config.yml: language_assistance.page names {page}, which is not a page of content/; "
                              "create it or correct the path (relative to content/)")
        href = file.url
    return [(lang, text, href) for lang, text in setting.links.items()]
