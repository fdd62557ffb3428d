"""Tag and category names, and the address each one gets.

Two spellings that reduce to one address ("Heart health", "heart-health") are one topic: the
listing, the feed and every link use one page, named with the spelling most articles use, and
`check` warns about the other spelling so it can be made consistent. Without this the second
listing silently replaced the first.
"""
from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict

from . import slugs

RESERVED = {"index"}  # tags/index/ and categories/index/ are the lists of all topics


def slugify(name: str) -> str:
    # Accents come off rather than splitting the word: "Otoño" is otono/, not oto-o/.
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = slugs.slugify(plain) or "topic"
    return f"{slug}-topic" if slug in RESERVED else slug


def topic_path(attr: str, name: str) -> str:
    """'categories/heart-health/': the one address of a category's or tag's page, from the site's root."""
    return f"{attr}/{slugify(name)}/"


def spellings(articles, attr: str) -> dict[str, Counter]:
    """slug -> how often each spelling is used."""
    out: dict[str, Counter] = defaultdict(Counter)
    for a in articles:
        for name in dict.fromkeys(getattr(a, attr)):
            out[slugify(name)][name] += 1
    return out


def canonical(counts: Counter) -> str:
    """The spelling most articles use; ties go to the alphabetically first, so builds are stable."""
    return min(counts, key=lambda name: (-counts[name], name))


def variants(articles, attr: str) -> dict[str, tuple[str, tuple[str, ...]]]:
    """slug -> (the spelling used, the other spellings) for topics written more than one way."""
    return {slug: (canonical(c), tuple(sorted(n for n in c if n != canonical(c))))
            for slug, c in spellings(articles, attr).items() if len(c) > 1}


def variant_warnings(articles, attrs=("categories", "tags")) -> list[tuple[object, str, str, str, str]]:
    """(article, field, spelling, message, fix) for each article that uses a non-canonical spelling."""
    out = []
    for attr in attrs:
        found = variants(articles, attr)
        for a in articles:
            for name in dict.fromkeys(getattr(a, attr)):
                slug = slugify(name)
                if slug in found and name != found[slug][0]:
                    used = found[slug][0]
                    out.append((a, attr, name,
                                f"'{name}' and '{used}' have the same address ({attr}/{slug}/), so they are one topic, shown as '{used}'",
                                f"write it as '{used}' like the other articles (or pick a clearly different name)"))
    return out


def variant_findings(articles, only=None) -> list:
    """The warnings above as check findings, placed on the field's line ('topic.variant')."""
    from .checks.findings import make_finding
    from .gate import Located
    out = []
    for a, attr, name, message, fix in variant_warnings(articles):
        if only is not None and a not in only:
            continue
        line = a.field_lines.get(attr, 1)
        out.append(Located(a.path, line, 1, 0, 0, attr, make_finding("topic.variant", 0, 0, "", excerpt=name,
                                                                    message=message, fix=fix)))
    return out
