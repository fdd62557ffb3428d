"""The languages the site publishes in, and the words it writes itself around an article in each.

An article's own text is the clinicians'; the byline, the review box, the listings' headings, the
footer and the feed entries' closing lines are the site's, and a Spanish page must not wrap a
Spanish article in English. Material's interface strings (search, "skip to content") come from
Material's own translations (theme_overrides/partials/language.html); these are the rest.

The site's own language is `theme.language` (English in the sample): its articles live at
/articles/SLUG/, and an article in another language at /<lang>/articles/SLUG/ (Practice.lang_prefix).
A translation's language is publishable when it has words here; pages in a language without them
get the English words. DEFAULT is that fallback, and the language of a plain `disclaimer:` text.
Dates are written by Babel (which Material already depends on), in each language's long form.
"""
from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import PurePosixPath

from babel import localedata
from babel.dates import format_date

DEFAULT = "en"

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "read_in": "Read in English",
        "other_languages": "Other languages",
        "by": "By",
        "published": "Published",
        "updated": "Updated",
        "reviewed_by": "Medically reviewed by",
        "written_and_reviewed_by": "Written and reviewed by",
        "reviewed_on": "on",
        "review_label": "Medical review",
        "disclaimer_label": "Medical disclaimer",
        "topics": "Topics:",
        "also_on": "Also on:",
        "draft_title": "Preview only:",
        "draft_text": "this article is a draft or scheduled for later, and is not on the public site.",
        "ended": "This notice ended on {date}. It is kept here for reference; it may no longer apply.",
        "all_articles": "All articles",
        "articles_in": "Articles in English",
        "latest_articles": "Latest articles",
        "topics_title": "Topics",
        "tags_title": "Tags",
        "no_articles": "No articles yet.",
        "policies_label": "Practice policies",
        "privacy_notice": "Notice of Privacy Practices",
        "social_media_policy": "Social media and comment policy",
        "privacy_policy": "Privacy",
        "language_assistance_label": "Language assistance",
        "follow_us": "Follow us",
        "call": "Call {phone} for appointments. In an emergency, call 911.",
        "feed_title": "{name}",
        "feed_description": "Health articles from {name}",
    },
    "es": {
        "read_in": "Leer en español",
        "other_languages": "Otros idiomas",
        "by": "Escrito por",
        "published": "Publicado el",
        "updated": "Actualizado el",
        "reviewed_by": "Revisado médicamente por",
        "written_and_reviewed_by": "Escrito y revisado por",
        "reviewed_on": "el",
        "review_label": "Revisión médica",
        "disclaimer_label": "Aviso médico",
        "topics": "Temas:",
        "also_on": "También en:",
        "draft_title": "Solo vista previa:",
        "draft_text": "este artículo es un borrador o está programado para más adelante, y no está en el sitio público.",
        "ended": "Este aviso terminó el {date}. Lo dejamos aquí como referencia; es posible que ya no se aplique.",
        "all_articles": "Todos los artículos",
        "articles_in": "Artículos en español",
        "latest_articles": "Artículos recientes",
        "topics_title": "Temas",
        "tags_title": "Etiquetas",
        "no_articles": "Todavía no hay artículos.",
        "policies_label": "Políticas del consultorio",
        "privacy_notice": "Aviso de prácticas de privacidad",
        "social_media_policy": "Política de redes sociales y comentarios",
        "privacy_policy": "Privacidad",
        "language_assistance_label": "Asistencia lingüística",
        "follow_us": "Síganos",
        "call": "Para pedir una cita, llame al {phone}. En caso de emergencia, llame al 911.",
        "feed_title": "{name} (en español)",
        "feed_description": "Artículos de salud de {name}",
    },
}
LANGUAGES = tuple(WORDS)


def words(lang: str) -> dict[str, str]:
    """The site's words in `lang`; the main language's for one it has none in (a page outside the articles)."""
    return WORDS.get(lang, WORDS[DEFAULT])


def long_date(when: date | datetime, lang: str = DEFAULT) -> str:
    """"September 15, 2026" / "15 de septiembre de 2026"."""
    day = when.date() if isinstance(when, datetime) else when
    return format_date(day, format="long", locale=lang if lang in WORDS else DEFAULT)


def prefix(lang: str) -> str:
    """The folder a language's pages live under: "" for the main language, "es/" for Spanish."""
    return "" if lang == DEFAULT else f"{lang}/"


# ---- which language a file is in ----------------------------------------------------------------
# One rule for the loader, the gate and the site (attacks 03, 12, 15): a language is written as its
# ISO 639-1 code, in any case, and a region ("es-MX", "es_MX") or the ISO 639-2 code ("spa") names
# the same language. A name's last dotted part is a language only when it is one ("notes.old.md" is
# a page called "notes.old", not a page in a language "old").
_ISO_639_2 = {"spa": "es", "eng": "en"}
_SUFFIX = re.compile(r"(?P<name>.+)\.(?P<code>[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,4})?)")


def base_language(code: str | None) -> str:
    """"es", "ES", "es-MX", "es_MX", " es", "spa" -> "es"; anything else lower-cased, as written."""
    base = re.split(r"[-_]", (code or "").strip().lower(), maxsplit=1)[0]
    return _ISO_639_2.get(base, base)


def _is_language(code: str, site_language: str) -> bool:
    base = base_language(code)
    return base in LANGUAGES or base == site_language or localedata.exists(code.replace("-", "_").lower())


def named_language(stem: str, site_language: str = DEFAULT) -> tuple[str, str] | None:
    """(name, language) when a file name's stem ends in a language ("flu.es", "flu.ES", "flu.es-MX"), else None."""
    m = _SUFFIX.fullmatch(stem)
    if not m or not _is_language(m["code"], site_language):
        return None
    return m["name"], base_language(m["code"])


def page_language(src: str, site_language: str = DEFAULT) -> str:
    """The language of a page of content/ that is not an article: its top folder ("es/aviso.md"), else its
    name ("privacy.es.md"), else the site's. The gate checks and the site publishes a page by this one answer."""
    top, sep, _ = src.replace("\\", "/").partition("/")
    if sep and top in LANGUAGES:
        return top
    named = named_language(PurePosixPath(src).stem, site_language)
    return named[1] if named else site_language
