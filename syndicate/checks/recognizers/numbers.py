"""Labelled and checksummed identifiers: record, plan, account, licence, device, vehicle,
room/claim codes, and unlabelled long numbers."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterator

from ..allowlist import AllowList
from ..context import Doc, standalone
from ..findings import Finding, make_finding
from .contact import practice_or_public_number
from .cues import PERSON_CUE
from .digits import digit_led

# What may sit between a label and its value: "MRN is 00482913", "Chart #A-55821",
# "Medicare card number, 1EG4-TE5-MK73", "account ending in 0937".
_SEPARATOR = (r"(?i:(?:\s*(?:numbers?|no\.|#|ID|card|is|was|reads?|as|(?:listed|shown)\s+as|:|,|\)|\(|[\"“'‘]|ending(?:\s+in)?"
              r"|last\s+(?:four|4)(?:\s+digits)?))*)\s*")
# A value is one token of letters, digits, dashes and dots holding at least one digit
# ("D400-7751-2290", "051.0299134").
_VALUE = r"(?=[A-Za-z0-9.-]*\d)[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?"
# Ids are often printed in groups ("XOF 8827 1940", "W 3349 8812 01") or after a short issuer
# or state prefix ("HAR 700233418", "IL D400-7751-2290", "RN 041.398821").
_GROUPED_VALUE = (rf"(?-i:[A-Z0-9]+(?:-[ \t]*\n\s*[A-Z0-9]+)+(?:-[A-Z0-9]+)*(?<=\d)\b"
                  rf"|[A-Z0-9]{{1,}}(?:\s[A-Z0-9]{{2,}}){{1,3}}(?<=\d)\b|(?:[A-Z]{{1,4}}\s+)?{_VALUE})")
# Letters and digits, or digits alone in two groups ("55 2718"): a lone small number is not a plate.
_PLATE_VALUE = (r"(?:(?=[A-Z0-9\s-]*\d)(?=[A-Z0-9\s-]*[A-Z])[A-Z0-9]{1,4}(?:[ -]|\s*\n\s*)?[A-Z0-9]{1,5}|\d{1,4}[ -]\d{3,5})(?![\w])")
_ROOM_VALUE = (r"\d{1,4}[A-Z]?\b"
               r"(?!\s*(?:-|–|to|or|and)\s*\d)"          # "bed 2 to 3 days" is a duration
               r"(?!\s*(?:days?|nights?|hours?|weeks?|minutes?|times?|%|degrees?)\b)")
_YEAR = re.compile(r"(?:19|20)\d\d")


def _long_enough(value: str) -> bool:
    core = value.replace("-", "").replace(" ", "").replace(".", "")
    return len(core) >= 4 and not _YEAR.fullmatch(core)


@dataclass(frozen=True)
class LabelledId:
    rule: str
    starts: tuple[str, ...]  # lowercase text every label begins with: the only places worth matching at
    pattern: re.Pattern[str]
    valid: Callable[[str], bool] = _long_enough


def _labelled(rule: str, starts: str, label: str, value: str = _VALUE,
              valid: Callable[[str], bool] = _long_enough) -> LabelledId:
    pattern = re.compile(rf"(?<![\w-])(?i:{label}){_SEPARATOR}(?P<value>{value})")
    return LabelledId(rule, tuple(starts.split("|")), pattern, valid)


_LABELLED = (
    _labelled("phi.mrn", "mr|medical|record|chart|patient|med rec|med. rec|unit no|unit num|unit #|pt id|pt. id|pt #|pt number"
                         "|hospital", r"MRN|MR\s?#|medical\s+record|chart|record\s+(?=number|no\.|#)"
              # abbreviated labels: "Med Rec No. 448 219", "unit no. 0093 3317"
              r"|med\.?\s+rec(?:ord)?\.?\s+(?=number|no\.|#)|unit\s+(?=number|no\.|#)|pt\.?\s+(?=id|#|number|no\.)"
              r"|hospital\s+(?=id|#|number|no\.)"
              r"|patient\s+(?=ID|number|no\.|#)|(?:patient|medical|health)\s+(?:file|folder|record|chart)|(?:MRN|medical\s+record\s+number)(?:\s+[\w'’-]+){1,6}?\s*:", _GROUPED_VALUE),
    _labelled("phi.plan_id", "member|subscriber|policy|group|insurance|health|medica|beneficiary|mbi|hicn|bcbs|blue"
                             "|aetna|cigna|humana|unitedhealthcare|uhc|kaiser|anthem|tricare",
              r"member|subscriber|policy|group|insurance|health\s+plan|Medicaid|Medicare|beneficiary|MBI|HICN"
                             r"|BCBS|Blue\s+Cross|Aetna|Cigna|Humana|UnitedHealthcare|UHC|Kaiser|Anthem|Tricare", _GROUPED_VALUE),
    _labelled("phi.account", "acc|credit|debit|card", r"account|acct\.?|(?:credit|debit)\s+card|card\s+(?=number|no\.|#|ending)",
              _GROUPED_VALUE),
    _labelled("phi.license", "driver|licen|dl|cdl|dea|passport|badge|employee|student|military|certificate|permit|npi"
                             "|state id|state identification|ccw|tin |tin:|tin#|ein |ein:|ein#|itin|taxpayer|lic#|lic.|lic #"
                             "|lic no|lic number|credential|certification|registration",
              r"driver'?s?\s+licen[cs]e|licen[cs]e|(?-i:DL|CDL|DEA|NPI|CCW|TIN|EIN|ITIN)|passport|badge|employee\s+(?=ID|number|no\.|#)"
              r"|state\s+(?=ID|identification)|taxpayer\s+(?=ID|identification)|lic\.?(?=\s*#|\s+(?:no\.|number))"
              r"|(?:credential|certification|certificate|registration)\s*\((?:[A-Z]{2,5}\s*)?"
              r"|(?:student|military)\s+ID|certificate|permit", _GROUPED_VALUE),
    _labelled("phi.vehicle", "vin", r"(?-i:VIN)", r"[A-HJ-NPR-Z0-9]{17}\b", valid=lambda v: True),
    _labelled("phi.vehicle", "licen|plate|tag|reg.|vehicle registration", r"licen[cs]e\s+plate|plates?|tag\s+number|reg\.|vehicle\s+registration"
                             r"|(?:plates?|tags?)\b(?:\s+[\w-]+){0,5}?\s+(?=read|reads|said|says)", _PLATE_VALUE),
    _labelled("phi.device", "serial|s/n|sn|udi|imei|lot|device|transmitter|pump|pacemaker|sensor|monitor|implant"
                            "|defibrillator|meter|receiver|hearing", r"(?:serial|(?-i:S/N|SN)|UDI|IMEI|lot)(?:\s+(?:number|no\.|#))?"
                            r"(?:\s+(?:for|of|on)\s+(?:[\w'’-]+\s+){0,3}?[\w'’-]+\s*:)?"
                            r"|(?:device|transmitter|pump|pacemaker|sensor|monitor|implant"
                            r"|defibrillator|meter|receiver|hearing\s+aid)\s+(?=ID|number|no\.|#)", _GROUPED_VALUE),
    _labelled("phi.code", "room|rm.|bed|bay", r"(?<!exam\s)(?<!waiting\s)(?<!emergency\s)(?<!operating\s)(?<!living\s)(?:room|rm\.|bed|bay)",
              _ROOM_VALUE, valid=lambda v: True),
    _labelled("phi.code", "claim|accession|specimen|rx|prescription|order|confirmation|ticket|encounter|invoice"
                          "|case|reference|id", r"claim|accession|specimen|Rx|prescription|order|confirmation|ticket|encounter|invoice|case"
                          r"|reference|(?-i:ID)", _GROUPED_VALUE,
              valid=lambda v: len(re.sub(r"[\s.-]", "", v)) >= 5 and not _YEAR.fullmatch(v)),
)

# "VIN ends in ...5JC048": the last characters of a VIN are its serial part, unique to the vehicle.
_PARTIAL_VIN = re.compile(r"(?-i:VIN)(?:\s+(?:number|no\.|#))?\s+(?:ends?|ending)\s+(?:in|with)\s*(?:\.{2,3}|…)?\s*(?=[A-Z0-9]*\d)[A-HJ-NPR-Z0-9]{5,8}\b")
# A payment handle is an account: "send to Venmo acct @Sam-Surgery-Fund-Ortiz", "Cash App $JaneDoe".
_PAYMENT_HANDLE = re.compile(r"(?i)\b(?:venmo|cash\s*app|paypal(?:\.me)?|zelle)\b[^.\n]{0,25}?(?P<value>[@$][A-Za-z][\w-]{2,})")
# A user name names an account: "username: jdelaney", "portal username + account: jdelaney / 44-918-307".
_USERNAME = re.compile(r"(?i)\b(?:user\s*name|log-?in(?:\s+name)?|user\s+ID|screen\s+name)\b[^:\n]{0,15}:\s*(?P<value>[A-Za-z][\w.-]{2,})")
# Medicare Beneficiary Identifier: 11 characters in a fixed letter/digit pattern (no S, L, O, I, B, Z).
_MBI_LETTER = "[AC-HJKMNP-RT-Y]"
_MBI = re.compile(rf"[1-9]{_MBI_LETTER}[{_MBI_LETTER[1:-1]}0-9]\d-?{_MBI_LETTER}[{_MBI_LETTER[1:-1]}0-9]\d-?"
                  rf"{_MBI_LETTER}{{2}}\d{{2}}\b")
# One character class first, not a repeat ({17}): the engine skips to candidates fast.
_VIN = re.compile(r"[A-HJ-NPR-Z0-9][A-HJ-NPR-Z0-9]{16}")
_GS1_UDI = re.compile(r"\(01\)\d{14}(?:\(\d{2,4}\)[A-Za-z0-9-]+)*")
_LONG_NUMBER = re.compile(r"\d{7,}")
# A payment card number printed in groups: "4111 1111 1111 4821", "3782-822463-10005".
_CARD_NUMBER = re.compile(r"\d{4}[ -](?:\d{4}[ -]\d{4}[ -]\d{4}(?:[ -]\d{1,3})?|\d{6}[ -]\d{5})")
# "NCPDP SCRIPT 2017071 standard", "HL7 release 2019031 format": the number names a version of a standard.
_NAMES_A_STANDARD = re.compile(r"(?i)\s+(?:standard|version|release|edition|specification|spec|format|protocol|schema)\b")
_CITATION_LABEL = re.compile(r"(?i)\b(?:PMID|PMCID|ISBN|NCT|DOI)[:#\s]*$")

_VIN_VALUES = {**{str(d): d for d in range(10)},
               **dict(zip("ABCDEFGH", range(1, 9))), **dict(zip("JKLMN", range(1, 6))), "P": 7, "R": 9,
               **dict(zip("STUVWXYZ", range(2, 10)))}
_VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)


def vin_check_digit_ok(vin: str) -> bool:
    total = sum(_VIN_VALUES[c] * w for c, w in zip(vin, _VIN_WEIGHTS))
    expected = "X" if total % 11 == 10 else str(total % 11)
    return vin[8] == expected


# A batch or a product, not a person's: "recalled … from lot 2023B", an organisation's donation account.
_PRODUCT_RECALL = re.compile(r"(?i)\b(?:recall(?:s|ed)?|model|batch|manufacturer|lots)\b")
_ORGANISATION_ACCOUNT = re.compile(r"(?i)\b(?:donat\w+|foundation|tax-deductible|fundraising\s+for\s+our|our\s+free\s+clinic)\b")


def _not_a_persons(doc: Doc, rule: str, label: str, start: int) -> bool:
    if rule == "phi.device" and label.lower().startswith("lot"):
        frame = _PRODUCT_RECALL
    elif rule == "phi.account":
        frame = _ORGANISATION_ACCOUNT
    else:
        return False
    sentence = doc.sentence(start)
    return bool(frame.search(doc.text, *sentence)) and not doc.cue_between(PERSON_CUE, *sentence)


def _leading_word(start: str) -> tuple[str, bool]:
    """The letters a label's start opens with, and whether they are all of it ("patient" may go on as
    "patients", "pt #" is the word "pt")."""
    word = re.match(r"[a-z]*", start).group()
    return word, word == start


# Every label pattern opens with (?<![\w-]): a label starts a word, so its leading letters begin a word of
# the text (Doc.words), a check far cheaper than looking for each start with str.find.
_LEADING_WORDS = {start: _leading_word(start) for labelled in _LABELLED for start in labelled.starts}


def _label_starts_present(doc: Doc) -> set[str]:
    """The label starts whose leading letters are a word of the page, or begin one."""
    words = doc.words
    joined = " " + " ".join(words)  # " " + letters in joined: some word begins with them
    return {start for start, (word, whole) in _LEADING_WORDS.items()
            if not word or (" " + word in joined if whole else word in words)}


def find_labelled_ids(doc: Doc, allow: AllowList) -> Iterator[Finding]:
    present = _label_starts_present(doc)
    for labelled in _LABELLED:
        for at in sorted({p for start in labelled.starts if start in present for p in doc.positions_of(start)}):
            m = labelled.pattern.match(doc.text, at)
            if m and labelled.valid(m.group("value")) and not _not_a_persons(doc, labelled.rule, m.group(), at):
                yield make_finding(labelled.rule, m.start(), m.end("value"), doc.text)


def find_shaped_ids(doc: Doc, allow: AllowList) -> Iterator[Finding]:
    """Identifiers recognisable without a label because of their format or checksum."""
    text = doc.text
    for m in _PARTIAL_VIN.finditer(text) if doc.mentions("vin") else ():
        yield make_finding("phi.vehicle", m.start(), m.end(), text)
    for m in _PAYMENT_HANDLE.finditer(text) if doc.mentions("venmo", "cash app", "cashapp", "paypal", "zelle") else ():
        yield make_finding("phi.account", m.start(), m.end("value"), text,
                           message="A payment handle identifies a person's account.")
    for m in _USERNAME.finditer(text) if doc.mentions("user", "login", "log-in", "screen name") else ():
        yield make_finding("phi.account", m.start(), m.end("value"), text,
                           message="A user name identifies a person's account.")
    for m in digit_led(_MBI, doc):
        if standalone(text, m.start(), m.end()):
            yield make_finding("phi.plan_id", m.start(), m.end(), text)
    for m in _VIN.finditer(text):
        vin = m.group()
        if standalone(text, m.start(), m.end()) and not vin.isdigit() and not vin.isalpha() and vin_check_digit_ok(vin):
            yield make_finding("phi.vehicle", m.start(), m.end(), text)
    for m in _GS1_UDI.finditer(text) if doc.mentions("(01)") else ():
        yield make_finding("phi.device", m.start(), m.end(), text)
    for m in digit_led(_CARD_NUMBER, doc):
        if standalone(text, m.start(), m.end()):
            yield make_finding("phi.account", m.start(), m.end(), text,
                               message="This looks like a payment card number, which identifies a person's account.")


def _bare_number(text: str, start: int, end: int) -> bool:
    """Not part of a word, a decimal, a path or a number with thousands separators."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or before in ".,/-_") and not (after.isalnum() or after in ",_")


# Seven or more digits spread out so that no shape above sees them: spaced ("0 2 0 7 9 4 6 0 8 3 1"),
# broken over a line ("587-\n  30-1129"), in groups ("0161 496 0732"), spelled ("five one two, five five
# five, zero one eight eight"), or joined by dashes of any kind ("144–62–0937"). The run goes on while
# only spaces, line breaks, dashes, dots, commas or slashes stand between the digits.
_DIGIT_WORD = {"zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
               "eight": "8", "nine": "9"}
_DIGIT_TOKEN = r"(?:\d+|(?i:zero|one|two|three|four|five|six|seven|eight|nine)\b)"
_SEPARATOR_RUN = r"(?:[ \t]*[-–—./,][ \t]*|\s+|[ \t]*[-–—./][ \t]*\n\s*)(?<!\n\n)"
# Numerals (the engine skips to digits fast) and spelled digits (seven in a row, so most text fails at once)
# are looked for apart; mixed runs are rare.
# No leading look-behind: the engine then skips straight to digits; the character before is checked in Python.
_SPREAD_RUN = re.compile(rf"\d+(?:{_SEPARATOR_RUN}\d+)+(?![\w-]|[.,]\d)")
_DIGIT_WORDS = r"(?:zero|one|two|three|four|five|six|seven|eight|nine)"
# On Doc.lower, without a leading \b or (?i), so the engine skips to the words' first letters; boundaries are checked after.
_SPELLED_RUN = re.compile(rf"{_DIGIT_WORDS}(?:[ \t]*[-,]?[ \t]+{_DIGIT_WORDS}|-{_DIGIT_WORDS}){{6,}}(?![a-z])")
_SPREAD_CHARS = frozenset(" \t\n–—abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_YEARS = re.compile(r"(?:19|20)\d\d")
_STATISTIC = re.compile(r"\d{1,3}(?:,\d{3})+(?!\d)")


def _spread_digits(run: str) -> str:
    return "".join(_DIGIT_WORD.get(t.lower(), t) for t in re.findall(r"\d+|[A-Za-z]+", run))


def _identifier_shaped(run: str) -> bool:
    """Spaced single digits, a few groups with one of three or more digits, or digits spelled out;
    not a list ("12 14 16 18", "3, 5, 120/80"), years ("2024 2025"), or counting ("one, two, three")."""
    tokens = re.findall(r"\d+|[A-Za-z]+", run)
    if all(t.isalpha() for t in tokens):
        digits = [int(_DIGIT_WORD[t.lower()]) for t in tokens]
        return any(b != a + 1 for a, b in zip(digits, digits[1:]))  # counting out loud is no number
    if re.search(r"\d\s*,\s*\d", run) or all(_YEARS.fullmatch(t) for t in tokens if t.isdigit()):
        return False
    numerals = [t for t in tokens if t.isdigit()]
    return all(len(t) == 1 for t in numerals) or (len(numerals) <= 4 and any(len(t) >= 3 for t in numerals))


def find_spread_numbers(doc: Doc, allow: AllowList) -> Iterator[Finding]:
    text = doc.text
    spelled = ([m for m in _SPELLED_RUN.finditer(doc.lower) if not m.start() or not doc.lower[m.start() - 1].isalpha()]
               if len(doc.words & _DIGIT_WORD.keys()) >= 2 else ())
    for m in (*digit_led(_SPREAD_RUN, doc), *spelled):
        if m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] in "_.,/-"):
            continue
        run = m.group()
        # most runs are one plain token ("120/80", "11/14/2023"): the other rules' shapes
        if sum(map(str.isdigit, run)) < 7 and not run[0].isalpha() or not _SPREAD_CHARS.intersection(run):
            continue
        digits = _spread_digits(run)
        words = len(re.findall(r"[A-Za-z]+", run))
        if len(digits) < 7 or (words and words < 7 and not re.search(r"\d", run)) or _STATISTIC.fullmatch(run.strip()):
            continue
        if (allow.allows_phone(digits) or digits.startswith(("1800", "1888", "1877", "1866", "1855",
                                                             "1844", "1833", "800", "888", "877", "866", "855", "844", "833"))
                or _CITATION_LABEL.search(text, max(0, m.start() - 12), m.start())):
            continue
        # A range ("2023–2024", "10 – 20") is two numbers, not one identifier.
        if not words and re.fullmatch(r"\d+\s*[-–—]\s*\d+", run):
            continue
        if len(digits) in (7, 10, 11) and practice_or_public_number(doc, allow, digits, m.start()):
            continue
        # Last: the page's links are found (a pass over the page) only when a run gets this far.
        if not _identifier_shaped(run) or doc.in_url(m.start()):
            continue
        yield make_finding("phi.code", m.start(), m.end(), text,
                           message="These digits, spaced out, spelled or broken over lines, still read as an identifier "
                                   "(a phone, record or account number).")


def find_long_numbers(doc: Doc, allow: AllowList) -> Iterator[Finding]:
    """Seven or more digits in a row are almost always an identifier of some kind (deduce does
    the same); statistics are written with thousands separators, citations are labelled."""
    for m in digit_led(_LONG_NUMBER, doc):
        if (not _bare_number(doc.text, m.start(), m.end()) or doc.in_url(m.start())
                or _CITATION_LABEL.search(doc.text, max(0, m.start() - 12), m.start())
                or _NAMES_A_STANDARD.match(doc.text, m.end())):
            continue
        yield make_finding("phi.code", m.start(), m.end(), doc.text,
                           message="This long number has no label but looks like an identifier (record, claim or account number).")
