"""Clinician profile pages (/clinicians/<id>/) and the roster page (/clinicians/), generated from
site_config.yml: who wrote and who reviewed each article, with their credentials, so bylines and
review boxes can link somewhere patients (and search engines) can check.

Every value from the config is HTML-escaped here: the pages are generated Markdown with HTML inside.
"""
from __future__ import annotations

import html

from mkdocs.utils import get_relative_url

from ..article import Article
from ..practice import CLINICIANS_DIR, Clinician, Practice
from .listing import human_date


def profile_src(cid: str) -> str:
    return f"{CLINICIANS_DIR}/{cid}.md"


INDEX_SRC = f"{CLINICIANS_DIR}/index.md"


def _article_list(articles: list[Article], practice: Practice, from_url: str) -> str:
    items = "\n".join(_article_item(a, practice, from_url) for a in articles)
    return f'<ul class="syn-profile__articles">\n{items}\n</ul>\n'


def _article_item(a: Article, practice: Practice, from_url: str) -> str:
    # A translation is listed in its own language: its title and date say so to screen readers.
    lang = f' lang="{a.lang}"' if a.lang != practice.language else ""
    hreflang = f' hreflang="{a.lang}"' if lang else ""
    return (f'<li{lang}><a href="{html.escape(get_relative_url(a.address, from_url))}"{hreflang}>'
            f'{html.escape(a.title)}</a> <span class="syn-profile__date">({human_date(a)})</span></li>')


def _facts(c: Clinician) -> str:
    rows = []
    if c.role:
        rows.append(("Role", c.role))
    if c.credentials:
        rows.append(("Credentials", c.credentials))
    rows += [("Qualification", q) for q in c.qualifications]
    if c.languages:
        rows.append(("Languages spoken", ", ".join(c.languages)))
    if c.accepting_new_patients is not None:
        rows.append(("New patients", "Accepting new patients" if c.accepting_new_patients
                     else "Not accepting new patients at this time"))
    if not rows:
        return ""
    body = "\n".join(f"<dt>{html.escape(k)}</dt><dd>{html.escape(v)}</dd>" for k, v in rows)
    return f'<dl class="syn-profile__facts">\n{body}\n</dl>\n'


def profile_markdown(c: Clinician, articles: list[Article], practice: Practice) -> str:
    """articles: the visible ones, newest first; the page lists those this clinician wrote or reviewed."""
    from_url = f"{CLINICIANS_DIR}/{c.id}/"
    parts = [f"# {html.escape(c.display)}\n\n"]
    if c.photo:
        src = get_relative_url(c.photo.lstrip("/"), from_url)
        parts.append(f'<img class="syn-profile__photo" src="{html.escape(src)}" alt="{html.escape(c.photo_alt or "")}" '
                     'width="240">\n\n')
    parts.append(_facts(c) + "\n")
    if c.bio:
        parts.append(f'<p class="syn-profile__bio">{html.escape(c.bio)}</p>\n\n')
    written = [a for a in articles if c.id in a.authors]
    reviewed = [a for a in articles if a.reviewed_by == c.id and c.id not in a.authors]
    if written:
        parts.append(f"## Articles by {html.escape(c.name)}\n\n" + _article_list(written, practice, from_url) + "\n")
    if reviewed:
        parts.append(f"## Articles reviewed by {html.escape(c.name)}\n\n"
                     + _article_list(reviewed, practice, from_url) + "\n")
    return "".join(parts)


def index_markdown(practice: Practice) -> str:
    items = "\n".join(
        f'<li><a href="{html.escape(get_relative_url(f"{CLINICIANS_DIR}/{cid}/", f"{CLINICIANS_DIR}/"))}">'
        f"{html.escape(c.display)}</a>{' · ' + html.escape(c.role) if c.role else ''}</li>"
        for cid, c in practice.clinicians.items())
    return f"# Our clinicians\n\n<ul class=\"syn-index\">\n{items}\n</ul>\n"


def generated_pages(articles: list[Article], practice: Practice) -> dict[str, str]:
    """src_uri -> Markdown for the roster page and every clinician's profile."""
    if not practice.clinicians:
        return {}
    pages = {INDEX_SRC: index_markdown(practice)}
    for cid, c in practice.clinicians.items():
        pages[profile_src(cid)] = profile_markdown(c, articles, practice)
    return pages


def profile_links(practice: Practice, from_url: str) -> dict[str, str]:
    """clinician id -> the profile's address relative to the page at from_url (for bylines)."""
    return {cid: get_relative_url(f"{CLINICIANS_DIR}/{cid}/", from_url) for cid in practice.clinicians}
