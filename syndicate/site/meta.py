"""What an article page says about itself to machines: Open Graph, Twitter card, JSON-LD."""
from __future__ import annotations

import json

from ..article import Article
from ..practice import Practice
from ..share import share_image, share_image_url

CARD_SIZE = (1200, 630)


def person(practice: Practice, cid: str) -> dict:
    c = practice.clinicians[cid]
    data = {"@type": "Person", "name": c.name}
    if c.credentials:
        data["honorificSuffix"] = c.credentials
    if c.role:
        data["jobTitle"] = c.role
    return data


def json_ld(article: Article, practice: Practice) -> str:
    """schema.org MedicalWebPage: it, not BlogPosting, carries reviewedBy and lastReviewed."""
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "headline": article.title,
        "name": article.title,
        "description": article.summary,
        "url": article.url,
        "mainEntityOfPage": article.url,
        "image": share_image_url(article, practice),
        "datePublished": article.date.isoformat(),
        "dateModified": article.modified.isoformat(),
        "author": [person(practice, a) for a in article.authors],
        "publisher": {"@type": "MedicalClinic", "name": practice.name, "url": practice.url},
        "keywords": list(article.tags),
        "about": list(article.categories),
    }
    if article.reviewed_by:
        data["reviewedBy"] = person(practice, article.reviewed_by)
    if article.last_reviewed:
        data["lastReviewed"] = article.last_reviewed.isoformat()
    # Markup characters as JSON escapes: a title can then never end or open elements inside <script>.
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def social_meta(article: Article, practice: Practice) -> list[tuple[str, str, str]]:
    """(attribute, name, content) triples; the template escapes the content."""
    image_rel, alt = share_image(article, practice)
    image = practice.url + image_rel
    names = [practice.clinicians[a].display for a in article.authors]
    tags = [
        ("property", "og:type", "article"),
        ("property", "og:site_name", practice.name),
        ("property", "og:title", article.title),
        ("property", "og:description", article.summary),
        ("property", "og:url", article.url),
        ("property", "og:image", image),
        ("property", "og:image:alt", alt),
        ("property", "article:published_time", article.date.isoformat()),
        ("property", "article:modified_time", article.modified.isoformat()),
        *[("property", "article:author", n) for n in names],
        *[("property", "article:tag", t) for t in article.tags],
        ("name", "twitter:card", "summary_large_image"),
        ("name", "twitter:title", article.title),
        ("name", "twitter:description", article.summary),
        ("name", "twitter:image", image),
        ("name", "twitter:image:alt", alt),
        ("name", "author", ", ".join(names)),
    ]
    if not article.image:
        tags[6:6] = [("property", "og:image:width", str(CARD_SIZE[0])), ("property", "og:image:height", str(CARD_SIZE[1]))]
    return tags
