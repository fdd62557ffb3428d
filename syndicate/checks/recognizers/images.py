"""Images: missing alt text, and photos that may show a patient (routed to a person)."""
from __future__ import annotations

import re
from typing import Iterator

from ..allowlist import AllowList
from ..context import Doc, matches_from
from ..findings import Finding, make_finding
from ..gazetteers import FIRST_NAMES

_MARKDOWN_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]*)(?:\s+[\"“](?P<title>[^\"”]*)[\"”])?\)")
_HTML_IMAGE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_HTML_ATTRIBUTE = re.compile(r"(\w+)\s*=\s*[\"']([^\"']*)[\"']")
_PERSON_WORDS = re.compile(r"(?i)\b(?:patients?|faces?|facial|selfie|portrait|headshot|mugshot|toddler|baby|infant|newborn"
                           r"|child|kid|boy|girl|man|woman|teen|teenager|person|grandmother|grandfather|mom|dad|family|couple"
                           r"|twins|son|daughter|husband|wife|mother|father|brother|sister|grandson|granddaughter)(?:['’]s)?\b"
                           r"|\b(?:rash|wound|lesion|mole|ulcer|swollen|swelling|bruise|burn|scar|sore|eyelid|tattoo)\b")
# Drawings and charts show no one.
_ILLUSTRATION = re.compile(r"(?i)\b(?:diagram|illustration|drawing|chart|infographic|graph|model|icon|cartoon|logo)\b")
_BEFORE_AND_AFTER = re.compile(r"(?is)\bbefore\b.*\bafter\b|\bafter\b.*\bbefore\b")
_HONORIFIC_NAME = re.compile(r"\b(?:Mr|Mrs|Ms|Mx|Dr)\.?\s+(?P<name>[A-Z][a-zA-Z'’-]+)")
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+\b")
# Straight off a phone or camera: nobody chose what the picture shows.
_CAMERA_FILE = re.compile(r"(?i)(?:^|/)(?:IMG|DSC|DSCN|PXL|MVIMG|Screenshot|Photo)[_ -]?\d")
_FILE_TOKEN = re.compile(r"[A-Z]?[a-z]+|\d+")
_FILE_PERSON_WORDS = frozenset("patient face faces selfie portrait headshot before after".split())
_GIVEN_NAMES_LOWER = frozenset(n.lower() for n in FIRST_NAMES)


def _file_name(src: str) -> str:
    return src.rsplit("/", 1)[-1].rsplit(".", 1)[0]


def photo_review_reason(src: str, alt: str | None, caption: str | None, allow: AllowList) -> str | None:
    """Why this image may show a patient, in words for the message; None when nothing suggests it."""
    words = " ".join(filter(None, (alt, caption)))
    roster = allow.roster_words()
    if (m := _PERSON_WORDS.search(words)) and not _ILLUSTRATION.search(words):
        return f"its description mentions \u201c{m.group()}\u201d"
    if _BEFORE_AND_AFTER.search(words):
        return "it is described as a before/after picture"
    for m in _HONORIFIC_NAME.finditer(words):
        if not allow.allows_name(m.group("name"), m.group().split()[0]):
            return f"its description names \u201c{m.group()}\u201d"
    for m in _CAPITALISED.finditer(words):
        if m.group() in FIRST_NAMES and m.group().lower() not in roster:
            return f"its description names \u201c{m.group()}\u201d"
    if _CAMERA_FILE.search(src):
        return "its file name comes straight from a phone or camera"
    for token in (t.lower() for t in _FILE_TOKEN.findall(_file_name(src))):
        if token in _FILE_PERSON_WORDS or (token in _GIVEN_NAMES_LOWER and token not in roster):
            return f"its file name contains \u201c{token}\u201d"
    return None


def image_findings(src: str, alt: str | None, caption: str | None, allow: AllowList,
                   start: int, end: int, excerpt: str) -> Iterator[Finding]:
    if not (alt or "").strip():
        yield make_finding("image.alt_missing", start, end, "", excerpt=excerpt)
    if reason := photo_review_reason(src, alt, caption, allow):
        yield make_finding("photo.review", start, end, "", excerpt=excerpt,
                           message=f"This image may show a patient ({reason}); a person must confirm consent before it is published.")


# A photo or video of a patient described in the prose ("Attached is a close-up photo of our
# patient's face"), whether or not the image itself is in this text.
_PHOTO_MENTION = re.compile(
    r"(?i)\b(?:photos?|pictures?|pics?|images?|headshots?|selfies?|portraits?|videos?|footage|close-ups?)\b"
    r"[^.\n]{0,60}?(?:\b(?:our|the|this|a)\s+(?:[\w'’-]+\s+)?(?:patient|survivor|warrior|graduate|grad|champ|hero|preemie"
    r"|participant|resident|client|member(?!\s+of\s+(?:our|the)\s+(?:[\w-]+\s+)?(?:staff|team)))\b"
    r"|\bpatient['’]s\b|\b(?:her|his)\s+face\b)"
    r"|\bpatient['’]s\s+(?:face|headshot|photo|portrait|selfie)"
    # one person's face or results on show: "swipe to see Corbin's face before and after his acne treatment"
    r"|\b(?:see|showing|shows|look\s+at)\s+(?:[\w-]+['’]s|(?:her|his|their))\s+(?:face|smile|skin|scar|before[- ](?:and|&)[- ]after)\b"
    # the person in the picture, with no word for the picture: "Pictured above: our heart transplant patient"
    r"|\b(?:pictured|photographed|shown\s+(?:here|above|below)|seen\s+(?:here|above|below))\b[^.\n]{0,40}?"
    r"(?:\b(?:our|the|this|a)\s+(?:[\w-]+\s+){0,2}patient\b|\bpatient['’]s\b)")
# What says the picture is in the post: "attached", "swipe to see", "these selfies", "pictured".
_SHOWN_HERE = re.compile(r"(?i)\b(?:attached|below|above|here|this\s+post|posted|shared?|sharing|included|top\s+of|swipe|scroll"
                         r"|see\s+(?:the|these|our|this|her|his)|check\s+out|take\s+a\s+look|look\s+at|these|pictured|featured"
                         r"|carousel|gallery)\b|(?:^|\[)\s*(?:photo|video|image|picture|pic|clip)\s*:")


# The words a _PHOTO_MENTION match starts with, as Doc.lower holds them: the pattern is tried only there
# instead of at every position of the page. That holds while the page has none of the four letters
# outside ASCII that (?i) matches to ASCII ones (İ, ı, ſ, the Kelvin sign); with one, the whole page is scanned.
_PHOTO_MENTION_STARTS = ("photo", "pic", "image", "headshot", "selfie", "portrait", "video", "footage", "close-up", "patient",
                         "show", "see", "look")
_FOLDS_TO_ASCII = re.compile("[\u0130\u0131\u017f\u212a]")


def _photo_mention_matches(doc: Doc) -> Iterator[re.Match[str]]:
    if _FOLDS_TO_ASCII.search(doc.text):
        return _PHOTO_MENTION.finditer(doc.text)
    starts = sorted({at for word in _PHOTO_MENTION_STARTS for at in doc.positions_of(word)})
    return matches_from(_PHOTO_MENTION, doc.text, starts)


def find_photo_mentions(doc: Doc, allow: AllowList) -> Iterator[Finding]:
    for m in _photo_mention_matches(doc) if doc.has_word("photo", "photos", "picture", "pictures", "pic", "pics",
                                                                  "image", "images", "headshot", "selfie", "portrait",
                                                                  "video", "videos", "footage", "close", "pictured",
                                                                  "photographed", "selfies", "headshots", "portraits",
                                                                  "close-ups", "face", "smile", "scar") or doc.mentions(
                                                                      "shown here", "shown above", "shown below", "seen here",
                                                                      "seen above", "seen below") else ():
        if _SHOWN_HERE.search(doc.text, *doc.sentence(m.start())):
            yield make_finding("photo.review", m.start(), m.end(), doc.text,
                               message="This text says a photo or video of a patient is shown; a person must confirm "
                                       "the patient's written consent before it is published.")


def find_images(doc: Doc, allow: AllowList) -> Iterator[Finding]:
    yield from find_photo_mentions(doc, allow)
    text = doc.text
    for m in _MARKDOWN_IMAGE.finditer(text):
        yield from image_findings(m.group("src"), m.group("alt"), m.group("title"), allow, m.start(), m.end(), m.group())
    for m in _HTML_IMAGE.finditer(text):
        attributes = {k.lower(): v for k, v in _HTML_ATTRIBUTE.findall(m.group())}
        yield from image_findings(attributes.get("src", ""), attributes.get("alt"), attributes.get("title"), allow,
                                  m.start(), m.end(), m.group())
