"""Page bodies through an allow-list sanitiser (nh3, the Rust `ammonia` library), so no script from
content reaches a page or a feed.

Markdown lets an author write raw HTML, and `attr_list` lets them add any attribute to an element,
so refusing a list of bad patterns in the source would always miss one. Sanitising the rendered
HTML keeps what ordinary Markdown produces (headings with ids, admonitions, tables, images, links)
and drops everything else: <script>, <style>, <iframe>, <object>, <embed>, forms, event handlers
(onerror=...), style attributes, and links or images whose address is javascript:, data: or any
scheme but http(s), mailto and tel. HTML comments go too (accept-reasons are not for patients).
"""
from __future__ import annotations

import nh3

TAGS = set(nh3.ALLOWED_TAGS)
# Dropped together with their content: what is inside them is code or a foreign document, not text.
DROP_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "noscript", "template", "svg", "math",
                     "textarea", "select"}
ATTRIBUTES = {
    **{tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()},
    # What Python-Markdown and its extensions put on elements: toc ids, admonition and attr_list classes.
    "*": {"class", "id", "title", "lang", "dir"},
    "a": {"href", "hreflang", "rel"},
    "img": {"src", "alt", "width", "height", "loading"},
    "time": {"datetime"},
    "abbr": {"title"},
    "details": {"open"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def clean(html_text: str) -> str:
    return nh3.clean(html_text, tags=TAGS, clean_content_tags=DROP_WITH_CONTENT, attributes=ATTRIBUTES,
                     url_schemes=URL_SCHEMES, link_rel=None, strip_comments=True)
