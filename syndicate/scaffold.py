"""`syndicate new`: a new article with every required field filled in, ready to edit."""
from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path

import yaml

from .errors import InputError, Problem
from .practice import Practice


def slug_for(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60].strip("-") or "article"


def new_article(practice: Practice, title: str, *, author: str | None, category: str, when: datetime | None,
                now: datetime) -> Path:
    if not practice.clinicians:
        raise InputError([Problem(practice.config_path, None, "clinicians", "the clinician roster is empty",
                                  "add your clinicians under 'clinicians:' in site_config.yml first")])
    author = author or next(iter(practice.clinicians))
    if author not in practice.clinicians:
        raise InputError([Problem(practice.config_path, None, "clinicians", f"'{author}' is not in the roster",
                                  f"use one of: {', '.join(practice.clinicians)}")])
    slug = slug_for(title)
    path = practice.docs_dir / practice.articles_dir / f"{slug}.md"
    if path.exists():
        raise InputError([Problem(path, None, None, "an article with this name already exists",
                                  "choose a different title, or edit the existing file")])
    local_now = now.astimezone(practice.timezone)
    when = when or (local_now + timedelta(days=1)).replace(hour=8, minute=0, second=0, microsecond=0)
    reviewer = next((c for c in practice.clinicians if c != author), author)
    front = {
        "title": title,
        "date": when.strftime("%Y-%m-%d %H:%M"),
        "summary": "One or two plain sentences: what a patient learns here. Shown in search results and teasers.",
        "authors": [author],
        "reviewed_by": reviewer,
        "last_reviewed": local_now.strftime("%Y-%m-%d"),
        "categories": [category],
        "tags": [],
        "draft": True,
    }
    body = (
        "Write for a patient reading on a phone: short sentences, everyday words, one idea per paragraph.\n\n"
        "## A heading patients would search for\n\n"
        "Keep it general: never describe a real patient, and never tell readers to change their own treatment.\n"
        "End with what to do next, such as calling the practice.\n"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("---\n" + yaml.safe_dump(front, sort_keys=False, allow_unicode=True) + "---\n\n" + body,
                    encoding="utf-8")
    return path
