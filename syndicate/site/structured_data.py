"""What each page tells search engines, as one schema.org `@graph` of JSON-LD.

Health pages are what Google calls "Your Money or Your Life": it looks for who wrote them, their
credentials, who reviewed them and when. The shapes follow Google's Article structured data
(BlogPosting: headline, image, dates, each author with a url) and schema.org's medical vocabulary
(MedicalWebPage carries reviewedBy and lastReviewed; the practice is a MedicalClinic). Nodes refer
to each other by `@id`, so the practice and each clinician are one entity across the whole site.
Nothing is invented: `about` appears only where the article's front matter names a subject.

Plain data in, a JSON string out: no MkDocs here.
"""
from __future__ import annotations

import json
import re

from ..article import Article
from ..practice import Practice
from ..share import share_image_url

CONTEXT = "https://schema.org"
# "1200 Riverbend Street, Suite 4, Springfield, IL 62704": street parts, city, state and ZIP.
_US_ADDRESS = re.compile(r"^(?P<street>.+),\s*(?P<city>[^,]+),\s*(?P<region>[A-Z]{2})\s+(?P<zip>\d{5}(?:-\d{4})?)$")


def organization_id(practice: Practice) -> str:
    return practice.url + "#organization"


def person_id(practice: Practice, cid: str) -> str:
    return practice.clinician_url(cid) + "#person"


def website_id(practice: Practice) -> str:
    return practice.url + "#website"


def postal_address(address: str) -> dict | str:
    """A PostalAddress where the text is a plain US address; otherwise the text itself (schema.org allows it)."""
    m = _US_ADDRESS.match(address.strip())
    if not m:
        return address
    return {"@type": "PostalAddress", "streetAddress": m["street"], "addressLocality": m["city"],
            "addressRegion": m["region"], "postalCode": m["zip"], "addressCountry": "US"}


def organization(practice: Practice) -> dict:
    node = {"@type": practice.organization_type, "@id": organization_id(practice),
            "name": practice.name, "url": practice.url}
    if practice.logo:
        node["logo"] = {"@type": "ImageObject", "url": practice.url + practice.logo.lstrip("/")}
    contact = practice.contact
    if contact.get("address"):
        node["address"] = postal_address(contact["address"])
    for key, prop in (("phone", "telephone"), ("fax", "faxNumber"), ("email", "email")):
        if contact.get(key):
            node[prop] = contact[key]
    if practice.specialty:
        node["medicalSpecialty"] = f"{CONTEXT}/{practice.specialty}"
    if practice.social:
        node["sameAs"] = list(practice.social.values())
    return node


def person(practice: Practice, cid: str) -> dict:
    c = practice.clinicians[cid]
    node = {"@type": "Person", "@id": person_id(practice, cid), "name": c.name, "url": practice.clinician_url(cid)}
    if c.credentials:
        node["honorificSuffix"] = c.credentials
    if c.role:
        node["jobTitle"] = c.role
    if c.photo:
        node["image"] = practice.url + c.photo.lstrip("/")
    if c.bio:
        node["description"] = c.bio
    if c.languages:
        node["knowsLanguage"] = list(c.languages)
    if c.qualifications:
        node["hasCredential"] = [{"@type": "EducationalOccupationalCredential", "name": q} for q in c.qualifications]
    node["worksFor"] = {"@id": organization_id(practice)}
    return node


def website(practice: Practice) -> dict:
    return {"@type": "WebSite", "@id": website_id(practice), "url": practice.url, "name": practice.name,
            "publisher": {"@id": organization_id(practice)}}


def _ref(node_id: str) -> dict:
    return {"@id": node_id}


def article_graph(article: Article, practice: Practice) -> dict:
    """A MedicalWebPage whose mainEntity is the BlogPosting; people and the practice by @id."""
    page_id, post_id = article.url + "#webpage", article.url + "#article"
    people = list(dict.fromkeys([*article.authors, *([article.reviewed_by] if article.reviewed_by else [])]))
    page = {
        "@type": "MedicalWebPage", "@id": page_id, "url": article.url, "name": article.title,
        "description": article.summary, "isPartOf": _ref(website_id(practice)), "mainEntity": _ref(post_id),
        "audience": {"@type": "MedicalAudience", "audienceType": "Patient"},
        "inLanguage": article.lang,
    }
    if article.reviewed_by:
        page["reviewedBy"] = _ref(person_id(practice, article.reviewed_by))
    if article.last_reviewed:
        page["lastReviewed"] = article.last_reviewed.isoformat()
    if practice.specialty:
        page["specialty"] = f"{CONTEXT}/{practice.specialty}"
    post = {
        "@type": "BlogPosting", "@id": post_id, "url": article.url, "mainEntityOfPage": _ref(page_id),
        "headline": article.title, "description": article.summary,
        "image": [share_image_url(article, practice)],
        "datePublished": article.date.isoformat(), "dateModified": article.modified.isoformat(),
        "author": [_ref(person_id(practice, a)) for a in article.authors],
        "publisher": _ref(organization_id(practice)),
        "inLanguage": article.lang,
    }
    if article.tags:
        post["keywords"] = list(article.tags)
    if article.categories:
        post["articleSection"] = list(article.categories)
    if article.about:
        post["about"] = [{"@type": kind, "name": name} for kind, name in article.about]
    if article.expires:
        post["expires"] = article.expires.isoformat()
    nodes = [page, post, *[person(practice, p) for p in people], organization(practice), website(practice)]
    return {"@context": CONTEXT, "@graph": nodes}


def practice_graph(practice: Practice, page_url: str, *, about_page: bool = False) -> dict:
    """The home page and the about page: the practice itself, with address, phone and profiles."""
    page = {"@type": "AboutPage" if about_page else "WebPage", "@id": page_url + "#webpage", "url": page_url,
            "name": practice.name, "isPartOf": _ref(website_id(practice)), "about": _ref(organization_id(practice)),
            "inLanguage": "en"}
    return {"@context": CONTEXT, "@graph": [page, organization(practice), website(practice)]}


def profile_graph(practice: Practice, cid: str) -> dict:
    """A clinician's profile page: a ProfilePage whose mainEntity is the Person."""
    url = practice.clinician_url(cid)
    page = {"@type": "ProfilePage", "@id": url + "#webpage", "url": url, "name": practice.clinicians[cid].display,
            "isPartOf": _ref(website_id(practice)), "mainEntity": _ref(person_id(practice, cid)), "inLanguage": "en"}
    return {"@context": CONTEXT, "@graph": [page, person(practice, cid), organization(practice), website(practice)]}


def to_script_text(data: dict) -> str:
    """JSON for inside <script type="application/ld+json">: markup characters as JSON escapes, so a
    title can never end or open elements there."""
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
