"""Phone and fax numbers, e-mail addresses."""
from __future__ import annotations

import re
from typing import Iterator

import phonenumbers

from ..allowlist import TOLL_FREE_AREA_CODES, AllowList, phone_key
from ..context import Doc, matches_from
from ..findings import Finding, make_finding
from .cues import CONTACT_HEADING, INSTITUTION_NAME, PERSON_CUE
from .digits import digit_positions

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


def _phone_matches(doc: Doc) -> Iterator[re.Match[str]]:
    """_PHONE.finditer(doc.text), tried only where a phone can start: a digit, "+" or "("."""
    starts = sorted([*digit_positions(doc), *doc.positions_of("+"), *doc.positions_of("(")])
    return matches_from(_PHONE, doc.text, starts)


_EMAIL = re.compile(r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
# Addresses spelled out to dodge spam harvesters are still addresses.
_SPELLED_EMAIL = re.compile(
    r"(?i)\b[\w.+-]+\s*(?:\(at\)|\[at\]|\sat\s)\s*[\w-]+\s*(?:\(dot\)|\[dot\]|\sdot\s)\s*[a-z]{2,}\b")


_EXTENSION_SPLIT = re.compile(r"\s*(?:ext|x)", re.IGNORECASE)

# The practice speaking of its own lines and inboxes: "call us back at", "our sleep team at",
# "our Northside location's fax line", "After-hours nurse advice line:". A practice may have more
# numbers than its config lists (a second site, a department); in a sentence about no one, a number
# it calls its own is no patient's. A near miss of a configured number is still flagged (a typo).
_PRACTICE_VOICE = re.compile(
    r"(?im)(?:\b(?:call|text|fax|reach|contact|email|e-mail|message|phone|ring|page|dial)(?:ing)?\s+us\b"
    r"|\b(?:our|the\s+practice['’]s|the\s+clinic['’]s|the\s+office['’]s)\s+(?:[\w'’-]+\s+){0,3}?(?:line|lines|team|office|desk"
    r"|number|numbers|fax|location|site|clinic|department|nurses?|inbox|staff|scheduler|scheduling|billing|pharmacy|lab"
    r"|portal|address|hotline|helpline|center|centre)\b"
    # "Call 555-010-4400 to schedule": a number to book with is the practice's
    r"|\b(?:call|text|phone|dial|ring)\b[^.!?\n]{0,60}?\bto\s+(?:schedule|book|make\s+an\s+appointment|set\s+up|reschedule|cancel"
    r"|register|sign\s+up|enroll|reserve|request\s+an?\s+appointment)\b"
    r"|^\W*(?:[\w'’-]+\s+){0,3}(?:line|hotline|helpline|desk|scheduling|appointments|billing|fax)\s*:)")
# A number shown as a sample ("our examples use the fictional 555-01XX range, like 555-0100").
_SAMPLE_NUMBER = re.compile(r"(?i)\b(?:fictional|made-up|examples?|sample|placeholder|dummy|not\s+a\s+real)\b")
# Shared mailboxes name a role, not a person: press@, volunteer@, billing@.
_ROLE_MAILBOX = frozenset("""
press media news newsletter communications comms marketing volunteer volunteers info information hello contact contactus
office frontdesk front-desk reception appointments appointment scheduling schedule billing accounts records medicalrecords
medical-records referrals pharmacy lab labs nurse nurses nursing careers jobs hr recruiting feedback privacy compliance
webmaster admin support help helpdesk noreply no-reply donotreply events giving donations donate foundation team staff
clinic practice care patientcare patient-care outreach education community
""".split())
# Placeholders in a how-to or a warning: "an address like yourname@example.com".
_PLACEHOLDER_MAILBOX = frozenset("yourname your.name your-name your_name name firstname first.last firstname.lastname "
                                 "you username user example someone somebody email address".split())


# "Questions? Call (555) 010-4400": a number the reader is told to call, with no one's name or story
# around it, is a service's line; a patient's number comes with whose it is ("text her at").
_CALL_THE_NUMBER = re.compile(r"(?i)\b(?:call|text|fax|phone|dial|ring)\s+(?:us\s+|them\s+)?(?:at\s+|on\s+)?[(+\d]")
# "Call Maple Ridge Family Medicine at …", "fax … to our referral coordinator at …"
_CALL_AN_INSTITUTION = re.compile(
    r"(?i)\b(?:call|text|fax|faxed|reach|contact|phone|email|e-mail|send)\b[^.!?\n]{0,60}?\bto\s+our\s+|\bour\s+(?:[\w-]+\s+){0,2}?"
    r"(?:coordinator|manager|scheduler|receptionist|assistant|director|administrator|navigator|biller|nurses?|pharmacist"
    r"|counsel(?:l)?or|social\s+worker|front\s+desk|records|referrals?|intake)\s+(?:at|on|:)")


def _practice_number(doc: Doc, start: int) -> bool:
    sentence = doc.sentence(start)
    if doc.cue_between(PERSON_CUE, *sentence):
        return False
    text = doc.text
    if (_PRACTICE_VOICE.search(text, *sentence) or _SAMPLE_NUMBER.search(text, *sentence)
            or _CALL_AN_INSTITUTION.search(text, *sentence)
            or _CALL_THE_NUMBER.search(text, max(sentence[0], start - 12), start + 2)):
        return True
    call = re.search(r"(?i)\b(?:call|text|fax|faxed|reach|contact|mail|mailed|send|sent|write)\b", text[sentence[0]:start])
    if call and INSTITUTION_NAME.search(text, sentence[0] + call.end(), start):
        return True
    # a "How to reach us" block: the heading a few lines up, and no person in the block
    block_start = max(0, start - 160)
    heading = CONTACT_HEADING.search(text, block_start, start)
    return bool(heading) and not doc.cue_between(PERSON_CUE, heading.start(), start)


def practice_or_public_number(doc: Doc, allow: AllowList, number: str, start: int) -> bool:
    """A number the practice may print: its own, a hotline, toll-free outside a story about a person,
    or one the sentence gives as the practice's line. A near miss of the practice's number is not."""
    if allow.allows_phone(number):
        return True
    key = phone_key(number)
    if key and key.digits.startswith(TOLL_FREE_AREA_CODES) and not doc.cue_in_sentence(PERSON_CUE, start):
        return True
    return not allow.near_miss_phone(number) and _practice_number(doc, start)


def _shared_mailbox(doc: Doc, allow: AllowList, address: str, start: int) -> bool:
    local, _, domain = address.lower().partition("@")
    if local in _PLACEHOLDER_MAILBOX:
        return True
    return (local in _ROLE_MAILBOX and not allow.looks_like_own_domain(domain)
            and not doc.cue_in_sentence(PERSON_CUE, start))


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
    for m in _phone_matches(doc):
        number = m.group()
        if doc.in_url(m.start()) or not _plausible_phone(number) or allow.allows_phone(number):
            continue
        key = phone_key(number)
        if key and key.digits.startswith(TOLL_FREE_AREA_CODES) and not doc.cue_in_sentence(PERSON_CUE, m.start()):
            continue
        near = allow.near_miss_phone(number)
        if not near and _practice_number(doc, m.start()):
            continue
        message = (f"This number is close to the practice's {near} but not the same, so it may be a patient's "
                   "or a typo." if near else None)
        yield make_finding("phi.phone", m.start(), m.end(), doc.text, message=message)


# "***-555-0181", "XXX-555-0181": with the area code masked the line itself is still printed.
_MASKED_PHONE = re.compile(r"(?<![\w*])(?:[*xX#]{3}|\([*xX#]{3}\))[-.\s]?\d{3}[-.\s]\d{4}(?![\w-])")


def find_masked_phones(doc: Doc, allow: AllowList) -> Iterator[Finding]:
    for m in _MASKED_PHONE.finditer(doc.text) if doc.mentions("***", "xxx", "###", "(**") else ():
        if not _practice_number(doc, m.start()):
            yield make_finding("phi.phone", m.start(), m.end(), doc.text)


def find_emails(doc: Doc, allow: AllowList) -> Iterator[Finding]:
    for m in _EMAIL.finditer(doc.text) if doc.mentions("@") else ():
        if not allow.allows_email(m.group()) and not _shared_mailbox(doc, allow, m.group(), m.start()):
            yield make_finding("phi.email", m.start(), m.end(), doc.text)
    for m in _SPELLED_EMAIL.finditer(doc.text) if doc.mentions(" dot ", "(dot)", "[dot]") else ():
        yield make_finding("phi.email", m.start(), m.end(), doc.text)
