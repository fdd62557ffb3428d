"""Articles in more than one language: the hreflang links that pair an article with its
translations (`SLUG.es.md` or `lang:`/`translation_of:` in the front matter), and the visible
switch between them. A page's `<html lang>` and Material's interface strings follow
`page.meta.syndicate_lang` (theme_overrides/partials/language.html)."""
from __future__ import annotations

import html
from collections import defaultdict

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

from ..article import Article
from ..locales import words


def translation_groups(articles: list[Article]) -> dict[str, list[Article]]:
    """The original's slug -> every published version of it, original first. Built once per build:
    looking each article's versions up in the whole list would grow with the square of the articles."""
    groups: dict[str, list[Article]] = defaultdict(list)
    for a in articles:
        groups[a.translation_of or a.slug].append(a)
    return {original: sorted(group, key=lambda a: (a.slug != original, a.lang)) for original, group in groups.items()}


def alternates(article: Article, groups: dict[str, list[Article]]) -> list[tuple[str, str]]:
    """(hreflang, absolute URL) for every version, with x-default on the original; none for a lone article."""
    group = groups.get(article.translation_of or article.slug, [])
    if len(group) < 2:
        return []
    return [(a.lang, a.url) for a in group] + [("x-default", group[0].url)]


def page_languages(links: list[tuple[str, str]], site_url: str, from_url: str, lang: str) -> dict:
    """What a page's templates need about its other versions: the <link hreflang> tags (absolute, as
    search engines want them) and the visible switch (relative, so it works under `serve` and on any
    host), each switch link labelled in its own language ("Leer en español")."""
    switch = [(other, get_relative_url(url.removeprefix(site_url), from_url), words(other)["read_in"])
              for other, url in links if other not in (lang, "x-default") and url.startswith(site_url)]
    return {"links": links, "switch": switch, "label": words(lang)["other_languages"]}


def switch_html(versions: dict) -> str:
    """The switch as theme_overrides/partials/syndicate-languages.html writes it, for a page whose
    heading is in its own Markdown (the lists), where the template cannot reach under the heading."""
    links = " · ".join(f'<a href="{html.escape(href)}" hreflang="{code}" lang="{code}" rel="alternate">'
                       f"{html.escape(label)}</a>" for code, href, label in versions["switch"])
    if not links:
        return ""
    return f'<nav class="syn-languages" aria-label="{html.escape(versions["label"])}" data-pagefind-ignore>{links}</nav>\n'


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
