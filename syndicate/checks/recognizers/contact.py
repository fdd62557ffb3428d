"""Phone and fax numbers, e-mail addresses."""
from __future__ import annotations

import re
from typing import Iterator

import phonenumbers

from ..allowlist import TOLL_FREE_AREA_CODES, AllowList, phone_key
from ..context import Doc
from ..findings import Finding, make_finding
from .cues import PERSON_CUE

_EXTENSION = r"(?:\s*(?:ext\.?|extension|x)\s*\d{1,5})?"
# libphonenumber does the validating; the regex only proposes candidates, including the
# fictional 555 numbers libphonenumber's own matcher refuses.
_PHONE = re.compile(
    r"(?<![\w/.-])(?:"
    r"(?:\+?1[-.\s]?)?(?:\(\d{3}\)\s?|\d{3}[-.\s/])\d{3}[-.\s]\d{4}"  # 217-555-0142, (217) 555-0142
    r"|\d{10}"                                                       # 2175550142
    r"|\d{3}-\d{4}"                                                  # 555-0142
    r"|\+\d{1,3}(?:[\s.-]?\(?\d{1,4}\)?){2,5}"                        # +44 20 7946 0958
    r")" + _EXTENSION + r"(?![\w-])", re.IGNORECASE)
_EMAIL = re.compile(r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
# Addresses spelled out to dodge spam harvesters are still addresses.
_SPELLED_EMAIL = re.compile(
    r"(?i)\b[\w.+-]+\s*(?:\(at\)|\[at\]|\sat\s)\s*[\w-]+\s*(?:\(dot\)|\[dot\]|\sdot\s)\s*[a-z]{2,}\b")


_EXTENSION_SPLIT = re.compile(r"\s*(?:ext|x)", re.IGNORECASE)


def _plausible_phone(candidate: str) -> bool:
    main = _EXTENSION_SPLIT.split(candidate)[0]
    if main.startswith("+") and not main.startswith("+1"):
        try:
            return phonenumbers.is_possible_number(phonenumbers.parse(main, None))
        except phonenumbers.NumberParseException:
            return False
    digits = re.sub(r"\D", "", main)
    national = digits[1:] if len(digits) == 11 and digits[0] == "1" else digits
    # North American area codes and exchanges never start with 0 or 1.
    return len(national) in (7, 10) and national[0] not in "01"


def find_phones(doc: Doc, allow: AllowList) -> Iterator[Finding]:
    for m in _PHONE.finditer(doc.text):
        number = m.group()
        if doc.in_url(m.start()) or not _plausible_phone(number) or allow.allows_phone(number):
            continue
        key = phone_key(number)
        if key and key.digits.startswith(TOLL_FREE_AREA_CODES) and not doc.cue_in_sentence(PERSON_CUE, m.start()):
            continue
        near = allow.near_miss_phone(number)
        message = (f"This number is close to the practice's {near} but not the same, so it may be a patient's "
                   "or a typo." if near else None)
        yield make_finding("phi.phone", m.start(), m.end(), doc.text, message=message)


def find_emails(doc: Doc, allow: AllowList) -> Iterator[Finding]:
    for m in _EMAIL.finditer(doc.text) if doc.mentions("@") else ():
        if not allow.allows_email(m.group()):
            yield make_finding("phi.email", m.start(), m.end(), doc.text)
    for m in _SPELLED_EMAIL.finditer(doc.text) if doc.mentions(" dot ", "(dot)", "[dot]") else ():
        yield make_finding("phi.email", m.start(), m.end(), doc.text)
