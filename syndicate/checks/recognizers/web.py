"""URLs and IP addresses."""
from __future__ import annotations

import ipaddress
import re
from typing import Iterator
from urllib.parse import urlsplit

from ..allowlist import AllowList
from ..context import Doc
from ..findings import WARNING, Finding, make_finding
from .cues import PERSON_CUE, about_someone
from .digits import digit_led

_URL_CHARS = r"[^\s<>()\[\]\"'`]"
_URL = re.compile(rf"(?:https?://|www\.){_URL_CHARS}+")
# Bare domains ("caringbridge.org/visit/x") are found from the top-level domain, a literal the
# engine finds quickly, then extended back over the host name and forward over the path.
_TOP_LEVEL = re.compile(r"\.(?:com|org|net|gov|edu|int|io|info|health|care|example|tv|me|co|us|ly|app|blog|page|site|link|fm"
                        r"|gg|live|social)\b(?!@)")
_HOST_BEFORE = re.compile(r"(?:[A-Za-z0-9-]+\.)*[A-Za-z0-9-]+$")
_PATH_AFTER = re.compile(rf"(?:/{_URL_CHARS}*)?")
_TRAILING_PUNCTUATION = ".,;:!?"
# A path or query that names a patient, record or account and carries an id with a digit in it.
_PERSONAL_PATH = re.compile(
    r"(?i)(?:patient|mrn|chart|record|member|person|user|profile|account|pid|uid|subject|visit)[\w-]*[=/][\w-]*\d"
    r"|[?&](?:id|p|u)=[\w-]*\d"
    # one person's list: a wish list or a registry ("amazon.com/hz/wishlist/ls/3KQ2P8ZV1M0X")
    r"|(?:^|/)(?:wishlists?|wish-lists?|registry|registries|gift-?lists?|babylist)/[\w/-]*[\w]{4,}")
# Pages that are by nature about one person: fundraisers, care journals, meal trains, personal
# blogs and podcasts, social profiles. Matched by the site's own name whatever the top-level
# domain or subdomain (kellysnewkidney.blogspot.com, gofundme.co.uk).
_PERSONAL_SITES = frozenset("""
gofundme caringbridge mealtrain lotsahelpinghands givesendgo fundly giveforward youcaring gogetfunding
mightycause givebutter spotfund fund takethemameal carecalendar sharingtree
blogspot wordpress substack medium tumblr weebly wixsite squarespace ghost
anchor podbean buzzsprout spotify patreon ko-fi kofi linktr linktree
facebook fb instagram tiktok twitter x threads bsky linkedin venmo paypal cash youtube youtu twitch
snapchat pinterest vimeo soundcloud onlyfans reddit
""".split())
# A link in a sentence that says whose page it is: "our patient's recovery blog", "her personal site".
_PERSONAL_PAGE_CUE = re.compile(
    r"(?i)\b(?:patient|patients|her|his|their|family|mom|dad|son|daughter|wife|husband)(?:['’]s?)?\s+(?:own\s+|personal\s+)?"
    r"(?:[\w-]+\s+){0,3}?(?:blog|site|website|page|fundraiser|fund|journal|diary|podcast|channel|account|instagram|tiktok"
    r"|youtube|facebook|profile|updates|story|journey|campaign|registry|post|posts|meal\s+train|gofundme|feed)\b"
    r"|\b(?:donate|fundraiser|meal\s+train|caring\s*bridge|go\s*fund\s*me)\b")


_PERSONAL_PAGE_CUE_LOWER = re.compile(_PERSONAL_PAGE_CUE.pattern.removeprefix("(?i)"))


def _personal_site(host: str) -> bool:
    labels = host.split(".")
    return any(label in _PERSONAL_SITES for label in labels[:-1])

# "@jenny.beats.cancer": a handle is as unique as a URL; it is an error when the sentence is
# about a person ("her Instagram"), a warning otherwise (it may be the practice's own account).
_HANDLE = re.compile(r"(?<![\w.@])@(?=[A-Za-z0-9_.]*[A-Za-z])[A-Za-z0-9_](?:[A-Za-z0-9_.]{1,28}[A-Za-z0-9_])")

_IPV4 = re.compile(r"\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?![\w]|\.\d)")
# Cheap tests an IPv6 candidate passes: a hex digit, a colon and another ("a:b"), and two colons at most four
# hex digits apart (a time such as "08:00" has one). Both open with the rare ":", which the engine skips to fast.
_HEX_PAIR = re.compile(r":(?<=[0-9a-f]:)[0-9a-f:]")
_TWO_COLONS = re.compile(r":[0-9A-Fa-f]{0,4}:")
_IPV6_CANDIDATE = re.compile(r"(?<![\w:])(?=[0-9A-Fa-f:]*[A-Fa-f:]{2})[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![\w:])")


def _host_and_rest(url: str) -> tuple[str, str]:
    parts = urlsplit(url if "://" in url else "http://" + url)
    return (parts.hostname or ""), parts.path + ("?" + parts.query if parts.query else "")


def _link_spans(doc: Doc) -> list[tuple[int, int]]:
    text, spans = doc.text, []
    for m in _URL.finditer(text):
        if not (m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] in "@.-_")):
            spans.append((m.start(), m.start() + len(m.group().rstrip(_TRAILING_PUNCTUATION))))
    for m in _TOP_LEVEL.finditer(doc.lower):
        host = _HOST_BEFORE.search(text, max(0, m.start() - 80), m.start())
        if not host or (host.start() and text[host.start() - 1] in "@./-_:") or doc.in_url(m.start()):
            continue  # part of an e-mail address, a file path, or a link already found
        path = _PATH_AFTER.match(text, m.end())
        spans.append((host.start(), m.end() + len(path.group().rstrip(_TRAILING_PUNCTUATION))))
    return sorted(spans)


def find_urls(doc: Doc, allow: AllowList) -> Iterator[Finding]:
    text = doc.text
    for start, end in _link_spans(doc):
        url = text[start:end]
        host, rest = _host_and_rest(url)
        if _PERSONAL_PATH.search(rest):
            yield make_finding("phi.url", start, end, text,
                               message="This link carries what looks like a patient or account id, so it may open a person's own data.")
        elif (_personal_site(host) and (rest.strip("/") or host.removeprefix("www.").count(".") > 1)
              or not allow.allows_domain(host) and doc.cue_in_sentence(_PERSONAL_PAGE_CUE_LOWER, start)):
            yield make_finding("phi.url", start, end, text,
                               message="This link goes to a personal page (fundraiser, journal or social profile), which identifies a person.")
        elif not allow.allows_domain(host):
            yield make_finding("phi.url", start, end, text, severity=WARNING,
                               message="This link is not on the practice's allow-list of public sites; check it is a public page, not a person's.")


def find_handles(doc: Doc, allow: AllowList) -> Iterator[Finding]:
    text = doc.text
    for m in _HANDLE.finditer(text) if doc.mentions("@") else ():
        about_a_person = doc.cue_in_sentence(PERSON_CUE, m.start())
        yield make_finding("phi.url", m.start(), m.end(), text, severity=None if about_a_person else WARNING,
                           message="This social media handle identifies a person's account." if about_a_person else
                           "This social media handle is not known to be the practice's; check it is not a patient's.")


# "firmware 4.1.0.22", "version 10.2.1.4", "v2.0.0.1": a version number shaped like an address.
_VERSION_BEFORE = re.compile(
    r"(?i)(?:§\s*|\b(?:version|ver\.?|firmware|release|build|driver|software|app|update|updated|patch|ios|android|portal"
    # an operating system by its name ("KioskOS 172.16.4.2"), an upgrade ("upgraded to 10.4.2.1"); not just any
    # capitalised word or device before it ("LaToya 73.14.22.9", "her tablet 73.14.22.9" are addresses)
    r"|moved\s+to|upgraded\s+to|updated\s+to|(?-i:[A-Za-z]+OS)"
    r"|os|windows|macos|chrome|zoom|hl7|snomed|changelog|v"
    # a numbered part of a document: "Section 4.2.1.3 of the guidance", "Table 2.1.4.1"
    r"|sections?|chapters?|clauses?|paragraphs?|parts?|articles?|appendix|tables?|figures?|fig\.?|steps?|items?|rules?"
    r"|standards?|guidelines?|criteria|criterion|annex|chap\.?|sec\.?|para\.?)\b[\s:]*(?:[\w'’-]+[\s,:]+){0,3}?|\bv)$")
# "the 6.1.0.2 update", "4.1.0.22 firmware": the version word may come after.
_VERSION_AFTER = re.compile(r"(?i)\s+(?:update|upgrade|release|version|build|patch|firmware|software|app|or\s+(?:later|newer|higher|above))\b")
# "build 11.0.0.0", "v2.0.0.1": the word right before the number says what it is, whatever else the sentence says.
_VERSION_RIGHT_BEFORE = re.compile(r"(?i)\b(?:version|ver\.?|build|release|firmware|patch|v)\s*$")
_IP_WORDS = re.compile(r"(?i)\b(?:ip|address|addresses|logged|login|connected|server|host)\b")


# A private address (192.168.x.x, 10.x.x.x) is the same in millions of homes and offices: a router's page,
# an example, a guest network's login page or an error message ("the '10.0.0.1 timeout' message") points to
# no one. In a sentence about someone ("from 10.0.0.214 at her home") it still counts.
def _example_private_address(doc: Doc, m: re.Match[str]) -> bool:
    try:
        address = ipaddress.IPv4Address(m.group())
    except ValueError:
        return False
    if not (address.is_private or address.is_unspecified) or address.is_global:
        return False
    start, end = doc.sentence(m.start())
    return not about_someone(doc, start, end)


def find_ips(doc: Doc, allow: AllowList) -> Iterator[Finding]:
    text = doc.text
    for m in digit_led(_IPV4, doc):
        if m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] == "."):
            continue
        if _VERSION_RIGHT_BEFORE.search(text, max(0, m.start() - 12), m.start()):
            continue
        if ((_VERSION_BEFORE.search(text, max(0, m.start() - 30), m.start()) or _VERSION_AFTER.match(text, m.end()))
                and not _IP_WORDS.search(text, *doc.sentence(m.start()))):
            continue
        if _example_private_address(doc, m):
            continue
        if all(int(octet) <= 255 and (octet == "0" or not octet.startswith("0")) for octet in m.group().split(".")):
            yield make_finding("phi.ip", m.start(), m.end(), text)
    for m in _IPV6_CANDIDATE.finditer(text) if _HEX_PAIR.search(doc.lower) and _TWO_COLONS.search(text) else ():
        try:
            ipaddress.IPv6Address(m.group())
        except ValueError:
            continue
        yield make_finding("phi.ip", m.start(), m.end(), text)
