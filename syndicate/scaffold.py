"""`syndicate new`: a new draft article with the fields a clinician fills in, ready to edit.

It never fills in the medical review: `reviewed_by` and `last_reviewed` are left empty for the
reviewer, and the gate refuses to publish without them. Its sample sentences are placeholders
the gate refuses to publish too (PLACEHOLDER_SENTENCES).
"""
from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import yaml

from .errors import InputError, Problem
from .practice import Practice
from .slugs import slugify


# The template's sample text: every sentence of it blocks publication until it is replaced.
PLACEHOLDER_SUMMARY = ("One or two plain sentences: what a patient learns here.", "Shown in search results and teasers.")
PLACEHOLDER_BODY = (
    "Write for a patient reading on a phone: short sentences, everyday words, one idea per paragraph.",
    "A heading patients would search for",
    "Keep it general: never describe a real patient, and never tell readers to change their own treatment.",
    "End with what to do next, such as calling the practice.",
)
PLACEHOLDER_SENTENCES = PLACEHOLDER_SUMMARY + PLACEHOLDER_BODY
# Left empty on purpose, with a comment saying who fills them in (YAML reads an empty value as null).
_REVIEW_FIELDS = (
    "reviewed_by:     # the medical reviewer's id (not an author), filled in by the reviewer\n"
    "last_reviewed:   # the date of that review, YYYY-MM-DD, filled in by the reviewer\n"
)


def slug_for(title: str) -> str:
    return slugify(title, limit=60) or "article"


def new_article(practice: Practice, title: str, *, author: str | None, category: str, when: datetime | None,
                now: datetime) -> Path:
    if not practice.clinicians:
        raise InputError([Problem(practice.config_path, None, "clinicians", "the clinician roster is empty",
                                  "add your clinicians under 'clinicians:' in site_config.yml first")])
    author = author or next(iter(practice.clinicians))
    if author not in practice.clinicians:
        raise InputError([Problem(practice.config_path, None, "clinicians", f"'{author}' is not in the roster",
                                  f"use one of: {', '.join(practice.clinicians)}")])
    for option, value in (("TITLE", title), ("--category", category), ("--author", author)):
        if any(0xD800 <= ord(ch) <= 0xDFFF for ch in value):  # Python's stand-in for bytes that are not UTF-8
            raise InputError([Problem("syndicate new", None, option, "contains bytes that are not UTF-8 text "
                                      "(nothing was written)", "type it again in a UTF-8 terminal (most are), or "
                                      "write a plain one now and edit it in the new file")])
    slug = slug_for(title)
    path = practice.docs_dir / practice.articles_dir / f"{slug}.md"
    if path.exists():
        raise InputError([Problem(path, None, None, "an article with this name already exists",
                                  "choose a different title, or edit the existing file")])
    local_now = now.astimezone(practice.timezone)
    when = when or (local_now + timedelta(days=1)).replace(hour=8, minute=0, second=0, microsecond=0)
    front = {
        "title": title,
        "date": when.strftime("%Y-%m-%d %H:%M"),
        "summary": " ".join(PLACEHOLDER_SUMMARY),
        "authors": [author],
        "categories": [category],
        "tags": [],
        "draft": True,
    }
    first, heading, general, last = PLACEHOLDER_BODY
    body = f"{first}\n\n## {heading}\n\n{general}\n{last}\n"
    notice = category.lower() in {c.lower() for c in practice.notice_categories}
    expires = "expires:         # when this notice stops applying, YYYY-MM-DD\n" if notice else ""
    text = ("---\n" + yaml.safe_dump(front, sort_keys=False, allow_unicode=True) + _REVIEW_FIELDS + expires
            + "---\n\n" + body)
    _refuse_what_check_would(text, path, practice)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _refuse_what_check_would(text: str, path: Path, practice: Practice) -> None:
    """Reads the new article with `check`'s own rules (syndicate.article.load_article) before it
    is written, so `new` never leaves a file `check` refuses (a title typed with bytes that are
    not UTF-8, a date in year 1)."""
    import tempfile
    from .article import load_article
    data = text.encode("utf-8")
    with tempfile.TemporaryDirectory() as folder:
        draft = Path(folder) / path.name
        draft.write_bytes(data)
        try:
            load_article(draft, practice)
        except InputError as exc:
            raise InputError([Problem(path, None, p.field, p.message + " (nothing was written)",
                                      p.fix.replace(str(draft), str(path))) for p in exc.problems]) from None
