"""Dates tied to a person (visits, admissions, births), including relative ones."""
from __future__ import annotations

import re
from typing import Iterator

from ..allowlist import AllowList
from ..context import Doc
from ..findings import Finding, make_finding
from .cues import BYLINE_CUE, PERSON_CUE
from .quasi import names_clinician

_MONTH_NAMES = r"January|February|March|April|May|June|July|August|September|October|November|December"
_MONTH = rf"(?:{_MONTH_NAMES}|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?)"
_ORDINAL = r"\d{1,2}(?:st|nd|rd|th)?"
_DATE_FORMS = (
    rf"\b{_MONTH}\s+{_ORDINAL}\b(?:,?\s+\d{{4}})?",                          # March 3, 2024
    rf"\b{_ORDINAL}\s+(?:of\s+)?{_MONTH}(?:,?\s+\d{{4}})?",                   # 3 March, the 4th of July
    r"\b(?P<m1>\d{1,2})[/-](?P<d1>\d{1,2})[/-](?:\d{4}|\d{2})\b",               # 11/14/2023
    r"\b\d{4}-(?P<m2>\d{2})-(?P<d2>\d{2})\b",                                   # 2023-11-14
    r"\b(?P<m4>\d{1,2})\.(?P<d4>\d{1,2})\.(?:\d{4}|\d{2})\b(?!\.\d)",                # 7.4.2023
    r"(?<![\d/.])(?P<m3>\d{1,2})/(?P<d3>\d{1,2})(?![\d/])"                      # 4/12 (not 1/2 tablet)
    r"(?!\s*(?:of|tab|tablet|pill|cup|tsp|tbsp|teaspoon|inch|mile|dose|strength))",
    rf"(?i:\b(?:in|on|since|until|by|last|this|next|early|late|mid-?|during|through|of))\s+(?:early\s+|late\s+|mid-?)?"
    rf"(?:{_MONTH_NAMES})\b(?!\s+\d)",                                        # back in June
    r"\bthe\s+\d{1,2}(?:st|nd|rd|th)\s+of\s+(?:next|this|last|the\s+(?:next|coming|following))\s+month\b",  # the 8th of next month
    r"\b(?:on|since|until|by|for|before|after|from)\s+the\s+\d{1,2}(?:st|nd|rd|th)\b"  # on the 22nd, not "the 3rd floor"
    r"(?!\s+(?:floor|grade|time|trimester|place|day|week|month|year|dose|shot|child|baby|kid|round|cycle|edition"
    r"|century|street|avenue|ave|st|try|attempt|percentile|birthday|anniversary|of\s+(?![A-Z])))",
    r"(?<!every\s)(?<!Every\s)\b(?:(?:last|this\s+past|this|next|that|on)\s+)?"
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b(?!s)"
    r"(?!\s*(?:through|to|-|–)\s)(?:\s+(?:morning|afternoon|evening|night))?",  # last Tuesday, not Monday-Friday
    r"(?i:\b(?:yesterday|the\s+other\s+day|last\s+(?:night|week|weekend|month)|this\s+(?:morning|afternoon|evening|past\s+weekend)"
    r"|(?:a|one|two|three|four|five|six|a\s+few|several|\d+)\s+(?:days?|weeks?|months?|weekends?|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)days?)\s+ago|earlier\s+this\s+(?:week|month)"
    r"|over\s+the\s+weekend|tonight|today(?!\s+show\b))(?:\s+(?:morning|afternoon|evening|night))?\b)",  # not NBC's "Today show"
    r"\b(?:Christmas(?:\s+(?:Eve|Day))?|New\s+Year's(?:\s+(?:Eve|Day))?|Thanksgiving(?:\s+Day)?|Easter(?:\s+Sunday)?"
    r"|Halloween|Valentine's\s+Day|Independence\s+Day|(?:the\s+)?Fourth\s+of\s+July|Memorial\s+Day|Labor\s+Day"
    r"|Mother's\s+Day|Father's\s+Day)\b",
)
# One alternation, so each sentence is scanned once; the numeric forms number their groups.
_DATE = re.compile("|".join(f"(?:{form})" for form in _DATE_FORMS))


def _valid_day(m: re.Match[str]) -> bool:
    for i in "1234":
        if m.group("m" + i):
            return 1 <= int(m.group("m" + i)) <= 12 and 1 <= int(m.group("d" + i)) <= 31
    return True


# A date under a label of care ("Admission: 2024-01-17", "DOS: 3/4/24") is a patient's whatever the sentence says.
_CARE_DATE_LABEL = re.compile(  # on Doc.lower: the look-behind rules out positions inside words at once
    r"(?<![a-z])(?:admission|admit|admitted|discharge|discharged|date\s+of\s+(?:service|admission|discharge|death|surgery|visit)"
    r"|dos|surgery|procedure|delivery|death|deceased|transfer)(?:\s+date)?\s*[:=]\s*")


def find_dates(doc: Doc, allow: AllowList) -> Iterator[Finding]:
    text = doc.text
    for label in _CARE_DATE_LABEL.finditer(doc.lower) if (doc.mentions(":", "=") and doc.has_word(
            "admission", "admit", "admitted", "discharge", "discharged", "service", "dos", "surgery", "procedure", "delivery",
            "death", "deceased", "transfer")) else ():
        m = _DATE.match(text, label.end())
        if m and _valid_day(m) and not doc.cue_between(BYLINE_CUE, *doc.line(m.start())):
            yield make_finding("phi.date", m.start(), m.end(), text)
    for start, end in doc.sentences_with(PERSON_CUE):  # a date is PHI only when tied to a person
        if names_clinician(doc, allow, start, end):  # "Dr. Okafor joined us on March 3, and she …"
            continue
        for m in _DATE.finditer(text, start, end):
            if _valid_day(m) and not doc.in_url(m.start()) and not doc.cue_between(BYLINE_CUE, *doc.line(m.start())):
                yield make_finding("phi.date", m.start(), m.end(), text)
