"""Ages over 89, which Safe Harbor requires to be folded into "90 or older"."""
from __future__ import annotations

import datetime
import re
from typing import Iterator

from ..allowlist import AllowList
from ..context import Doc
from ..findings import Finding, make_finding
from .cues import PERSON_CUE

_UNITS = ("one two three four five six seven eight nine ten".split())
_NUMBER_WORDS = (rf"ninety(?:[- ](?:{'|'.join(_UNITS[:9])}))?"
                 rf"|(?:a|one)\s+hundred(?:\s+(?:and\s+)?(?:{'|'.join(_UNITS)}))?")
_AGE = rf"(?P<n>\d{{2,3}}|(?i:{_NUMBER_WORDS}))"
# Words after a number that make it a measurement, not an age.
_NOT_AN_AGE = (r"(?!\s*(?:%|percent|mg|mcg|units|mmHg|/|over\b|\.\d|bpm|beats|degrees|mph|kg|lbs?|pounds|minutes|hours|days"
               r"|weeks|months|miles|feet|inches|years?\s+(?:of\s+(?!age)|ago|later|since)))")
# "90 and older", "90+" are the aggregate Safe Harbor itself allows.
_AGGREGATE = re.compile(r"\s*(?:\+|and\s+(?:older|over|up|above)|or\s+(?:older|over|more|above))", re.IGNORECASE)

_AGE_FORMS = (
    rf"\b{_AGE}[- ](?:years?|yrs?)[- ]old\b",
    rf"\b{_AGE}\s+years?\s+of\s+age\b",
    rf"(?i:\b(?:age|aged)\b)[:\s]+{_AGE}\b{_NOT_AN_AGE}",
    rf"(?i:\b(?:turned|turns|turning|reached|reaching|celebrated|celebrating)\b)\s+{_AGE}\b{_NOT_AN_AGE}",
    r"\b(?P<n>\d{2,3})(?:st|nd|rd|th)\s+birthday\b",
    rf"\b{_AGE}[- ]?(?:y/o|y\.o\.|yo|yrs?\.?(?:[- ]old)?)(?![\w/])",
    r"(?i:\bhappy)\s+(?P<n>\d{2,3})(?:st|nd|rd|th)\b",
    rf"(?i:\bthe\s+age\s+of)\s+{_AGE}\b",
    r"(?i:\b(?:his|her|their)\s+)(?P<n>\d{2,3})(?:st|nd|rd|th)\s+year\b",
    rf"(?i:\b(?:gentleman|man|woman|lady|patient|grandmother|grandfather|grandma|grandpa|mom|mother|dad|father|husband"
    rf"|wife|veteran|widow|widower|neighbou?r)\b[^.;:\n]{{0,40}}?\b(?:is|was|just\s+turned)\s+(?:now\s+)?){_AGE}\b{_NOT_AN_AGE}",
    rf"(?<=[A-Za-z]),\s+{_AGE},",
    rf"(?i:\b(?:he|she|who)(?:'s|’s|\s+is|\s+was)\s+(?:now\s+|only\s+|just\s+)?){_AGE}\b{_NOT_AN_AGE}",
    rf"(?i:\b(?:he|she|who|they)(?:'ll|’ll|\s+will|\s+would)\s+be\s+){_AGE}\b{_NOT_AN_AGE}",
    rf"(?i:\b(?:oldest|eldest)\b[^.\n]{{0,60}}?\b(?:is|was|turned|at))\s+{_AGE}\b{_NOT_AN_AGE}",
    rf"(?i:\b(?:woman|man|lady|gentleman|patient|widow|widower|veteran|grandmother|grandfather)\s+of)\s+{_AGE}\b",
)
# One alternation, so each sentence is scanned once; each form's number group is renamed n0, n1...
_ALWAYS = re.compile("|".join(f"(?:{form.replace('(?P<n>', f'(?P<n{i}>')})" for i, form in enumerate(_AGE_FORMS)))
_WITH_PERSON = re.compile(rf"(?i:\b(?:at|now|aged?))\s+{_AGE}\b{_NOT_AN_AGE}")
_DECADE = re.compile(r"(?i)\b(?:his|her|my)\s+(?:early\s+|mid-?\s*|late\s+)?(?:nineties|90s|90's|hundreds)\b"
                     r"|\b(?:a|the|our|my)\s+(?:\w+\s+)?(?:nonagenarian|centenarian|supercentenarian)\b"
                     r"|\bhundredth\s+birthday\b")


# Every age pattern contains one of these, so only sentences holding one are searched. Each alternative
# opens with a plain character (no group around "9\d|1[0-2]\d"), so the engine skips ahead to 9, 1, n, h, c.
_OLD_AGE_HINT = re.compile(r"9\d(?!\d)|1[0-2]\d(?!\d)|ninet|hundred|centenarian|nonagenarian")

_WORD_VALUES = {**{w: i + 1 for i, w in enumerate(_UNITS)}, "a": 1, "ninety": 90}


def _years(value: str) -> int:
    if value.isdigit():
        return int(value)
    total = 0
    for word in re.findall(r"[a-z]+", value.lower()):
        if word == "hundred":
            total = (total or 1) * 100
        else:
            total += _WORD_VALUES.get(word, 0)
    return total


def _over_89(m: re.Match[str], text: str) -> bool:
    number = next(value for name, value in m.groupdict().items() if name.startswith("n") and value)
    return 89 < _years(number) <= 125 and not _AGGREGATE.match(text, m.end())


# "A patient born in 1929": a birth year more than 89 years ago is an age over 89 (unless the
# person has died or the sentence is history, which frames.py handles for dates and names).
_BIRTH_YEAR = re.compile(r"(?i)\bborn\s+(?:in\s+|back\s+in\s+)?(?:the\s+(?:spring|summer|fall|autumn|winter)\s+of\s+)?(?P<year>1[89]\d\d)\b")
_DEATH = re.compile(r"(?i)\b(?:died|passed\s+away|death|late|history|historic|founded|invented|discovered)\b")


def find_ages(doc: Doc, allow: AllowList) -> Iterator[Finding]:
    text = doc.text
    this_year = datetime.date.today().year
    for m in _BIRTH_YEAR.finditer(text) if doc.has_word("born") else ():
        if 89 < this_year - int(m.group("year")) <= 115 and not _DEATH.search(text, *doc.sentence(m.start())):
            yield make_finding("phi.age", m.start(), m.end(), text,
                               message="A birth year this long ago gives an age over 89, which must be written as '90 or older'.")
    for start, end in doc.sentences_with(_OLD_AGE_HINT):
        for m in _ALWAYS.finditer(text, start, end):
            if _over_89(m, text):
                yield make_finding("phi.age", m.start(), m.end(), text)
        for m in _WITH_PERSON.finditer(text, start, end):
            if _over_89(m, text) and doc.cue_in_sentence(PERSON_CUE, m.start()):
                yield make_finding("phi.age", m.start(), m.end(), text)
        for m in _DECADE.finditer(text, start, end):
            yield make_finding("phi.age", m.start(), m.end(), text)
