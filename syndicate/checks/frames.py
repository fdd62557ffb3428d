"""Frames that make a person in the text not a patient: public life, history, and fiction.

Safe Harbor protects the identifiers of the individual the health information is about. A
former president who chose hospice publicly, Edward Jenner in 1796, or "Maria, a composite
patient we created for this post" are not that individual, so their names, dates and ages
are not PHI. The recognizers find them like any other; this module drops those findings when
the sentence (or, for fiction, the paragraph) carries the frame and says nothing about the
practice's own patients. Numbers that identify (phones, record numbers) are never dropped: a
"fictional" SSN may still be a real one.
"""
from __future__ import annotations

import re

from .context import Doc
from .findings import Finding

# Narrative findings a frame can explain; identifiers with digits always stand.
_FRAMED_RULES = frozenset({"phi.name", "phi.date", "phi.age", "phi.address", "phi.unique", "phi.zip"})

# A public role right before the name: "CDC Director Mandy Cohen", "Former President Jimmy Carter",
# "Olympic swimmer Michael Phelps", "insulin co-discoverer Frederick Banting".
_PUBLIC_TITLE = re.compile(
    r"(?:President|Governor|Gov\.|Senator|Sen\.|Representative|Rep\.|Congress(?:wo)?man|Secretary|Surgeon\s+General"
    r"|Director|Commissioner|Chancellor|Minister|First\s+Lady|Pope|Prince|Princess|King|Queen|Justice|Speaker"
    r"|Olympian|Olympic\s+[a-z]+|[Ss]inger|[Aa]ctor|[Aa]ctress|[Rr]apper|[Cc]omedian|[Qq]uarterback|[Pp]itcher"
    r"|[Nn]ovelist|[Aa]uthor|[Ss]cientist|[Pp]hysicist|[Cc]hemist|(?:co-)?discoverer|[Ii]nventor|[Pp]ioneer|[Ll]egend"
    r"|[Aa]thlete|[Ss]tar|[Ss]wimmer|[Gg]ymnast|[Tt]ennis\s+(?:star|player)|[Bb]asketball\s+(?:star|player)"
    # "Earl" and "Duke" are given names too: as titles they come with their place ("the Duke of Sussex")
    r"|[Aa]stronaut|(?:Duke|Duchess|Earl|Countess)(?=\s+of\s))"
    r"\s+(?:of\s+)?(?:[A-Z]\.\s+)*(?:[A-Z][a-z]+\s+){0,2}$")  # "singer Naomi Judd's": the finding may be the surname alone
# Public life and history in the sentence itself.
_PUBLIC_LIFE = re.compile(
    r"(?i)(?:\b|(?=['’]))(?:publicly|public\s+(?:discussion|announcement|statement)|press\s+(?:briefing|conference|release)"
    r"|foundation|nobel|olympics?|famous|memoir|autobiography|interview|advisory|signed\s+(?:the|into\s+law)"
    # a speech someone gave, not a child's speech
    r"|(?:gave|giving|delivered|delivering)\s+(?:a|the|his|her|their)\s+(?:[\w-]+\s+)?speech|speech\s+(?:at|to|before)"
    r"|historians?|biograph\w+|legacy|laid\s+the\s+groundwork|(?:research|discoveries|experiments)\s+(?:on|in|into|with)"
    # a life lived in public: on television, in the national news, at the head of an institution
    r"|famously|on\s+(?:live\s+|national\s+)?(?:tv|television|air|camera|stage)|national\s+(?:conversation|attention|headlines"
    r"|news|debate|spotlight)|made\s+headlines|(?:led|headed|directed|chaired|ran)\s+the\s+(?-i:[A-Z])\w*"
    r"|(?:has|have|had)\s+(?:talked|spoken|written|opened\s+up)\s+(?:publicly\s+|openly\s+)?about"
    r"|discover(?:ing|y\s+of)\s+the|introduced\s+(?:the\s+|his\s+|her\s+|their\s+)?(?:first\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:system|score|scale|test|method|technique|vaccine|procedure|treatment|theory)"
    r"|founded|invented|discovered|pioneered|co-discoverer|longtime|prizes?|celebrity|stadium|spoken\s+(?:publicly|openly)"
    r"|openness|openly|history|historic|historical|awareness|talk\s+show|(?:his|her|their|a|the|['’]s)\s+(?:new\s+|latest\s+|best-?selling\s+)?book|memoir"
    r"|novel|film|movie|album|(?:world|concert|music|farewell)\s+tour|on\s+tour|founder|essay|op-ed|on-air|video\s+message"
    r"|co-?founded|often\s+called|known\s+as\s+the|bce?|b\.c\.|century|grammy|oscar|emmy|espys?|nfl|nba|mlb|nhl|wnba"
    r"|world\s+series|super\s+bowl|hall\s+of\s+fame|helped\s+(?:reveal|discover|develop|prove|show)"
    r"|(?:developed|created|invented|discovered|isolated|pioneered|described)\s+(?:the\s+)?(?:first\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:vaccine|treatment|test|drug|therapy|technique|structure|procedure|cure|score|scale|theory|method))\b")
# A year long past, for names and dates only ("In 1796, Edward Jenner …"); a patient's life story
# told with an old year is caught by the recent-time words below.
# A four-digit number is a year only when it is not an amount: "took 1000 mg", "1500 steps", "$1200", "1,800 calories".
_NOT_A_YEAR = (r"(?<![\d,.$])(?![\d,.]*\s*(?:mg|mcg|µg|ml|g\b|kg|lbs?|units?|iu\b|calories|kcal|steps|mm|cm|feet|ft\b|miles"
               r"|meters|people|patients|cases|%|percent|dollars|hours|minutes|a\s+day|per\b"
               r"|pasos|personas|pacientes|casos|d[oó]lares|horas|minutos|al\s+d[ií]a|por\s+d[ií]a|calor[ií]as))")
# Nor is a house number: "the dad at 1502 W. Sycamore", "1820 Maple Street".
_NOT_A_HOUSE_NUMBER = (r"(?!\s+(?:[NSEW]\.?\s+)?(?:[A-Z][a-z]+\s+){0,2}(?:St|Street|Ave|Avenue|Rd|Road|Dr|Drive|Ln|Lane"
                       r"|Blvd|Boulevard|Way|Ct|Court|Pl|Place|Pkwy|Parkway|Hwy|Highway|Terrace|Circle|Trail|Loop)\b)")
_AFTER_AT = r"(?<![Aa]t\s)"  # "the dad at 1502 W. Sycamore"; not "In 1921 N. Paulescu"
_HISTORIC_YEAR = re.compile(rf"\b{_AFTER_AT}{_NOT_A_YEAR}(?:1[0-8]\d\d|19[0-8]\d|199\d)s?\b{_NOT_A_HOUSE_NUMBER}|\bearly-(?:1[0-9])00s\b")
_RECENT = re.compile(r"(?i)\b(?:last|this|next)\s+(?:week|month|year|spring|summer|fall|winter)|\brecently\b|\byesterday\b"
                     r"|\btoday\b|\bturned\b|\bnow\b")
# What ties a sentence to the practice's own patients: then no frame applies.
_ABOUT_OUR_PATIENT = re.compile(
    r"(?i)\b(?:our|my|a|the|this|one)\s+(?:[\w-]+\s+){0,2}patients?\b|\bpatient\s+(?:named|of)\b"
    r"|\b(?:we|i)\s+(?:treated|treat|saw|see|cared\s+for|diagnosed|operated)\b|\bcame\s+(?:in|to\s+(?:us|see))\b"
    r"|\bour\s+(?:clinic|office|practice)\b|\bborn\b|\bdob\b|\bdate\s+of\s+birth\b|\bvisit|\bappointment"
    r"|\b(?:patient|member|community|hero)\s+spotlight\b|\bspotlight\s*:"
    r"|\blocal\b|\brecovering\b|\bhere\b(?!['’]s)|\bwith\s+us\b|\bour\s+(?:care|team)\b"
    # a care encounter: "was in for her follow-up imaging today with Dr. Thackeray"
    r"|\b(?:was|were|is|came|stopped)\s+in\s+for\b|\bwith\s+(?:Dr\.?|Doctor)\s+(?-i:[A-Z])"
    r"|\bthanks?\b|\bthank\s+you\b|\bcongrat\w*|\bwelcome\b|\bget\s+well\b|\bin\s+memory\s+of\b|\bremembering\b")
_YEAR_BEFORE_1900 = re.compile(rf"\b{_AFTER_AT}{_NOT_A_YEAR}1[0-8]\d\d\b{_NOT_A_HOUSE_NUMBER}")
_FAMILY_STORY = re.compile(
    r"(?i)\b(?:my|your|his|her|their|our)\s+(?:late\s+)?(?:mother|father|mom|dad|wife|husband|son|daughter|brother|sister"
    r"|grand\w+|aunt|uncle|parents?|child|baby|family)\b|\b(?:born|died|passed|married|adopted|diagnosed|dob)\b")
_PRIVATE_HONORIFIC = re.compile(r"^(?:Mr|Mrs|Ms|Mx|Miss)\b")
# Fiction: the author says the person is invented.
_FICTION = re.compile(  # on Doc.lower
    r"\b(?:fictional|fiction|fictitious|made[- ]up|composite|hypothetical|imaginary|pretend|invented|fake\s+data"
    r"|for\s+illustration|illustration\s+only|not\s+(?:a\s+)?real\s+(?:person|people|patient)|role-play|for\s+teaching\s+purposes"
    r"|sample\s+(?:patient|case|story))\b")
_NEGATED = re.compile(r"(?i)\bnot\s+(?:an?\s+)?$")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def _public_frame(doc: Doc, f: Finding, memo: dict) -> bool:
    """`memo` holds what is judged once per sentence: (start, end) -> about a patient (or "history"), and the cues."""
    if f.rule != "phi.name" and f.rule != "phi.date":
        return False
    start, end = doc.sentence(f.start)
    if (start, end) not in memo:  # many findings share a sentence; judge it once
        # before 1900 is no living patient's life, whatever else the sentence says ("Clara Barton, born December 25, 1821")
        memo[(start, end)] = ("history" if _YEAR_BEFORE_1900.search(doc.text, start, end)
                              else bool(_ABOUT_OUR_PATIENT.search(doc.text, start, end)))
    if memo[(start, end)] == "history":
        return True
    if memo[(start, end)]:
        return False
    if f.rule == "phi.name" and _PRIVATE_HONORIFIC.match(f.excerpt):
        return False
    # The finding's own words and digits ("4/2/1951", a name that is also a film) say nothing about history:
    # each cue must lie outside it. The cues are found once per sentence, not once per finding (a long list of
    # names in one "sentence", such as a table, would otherwise cost the square of its length).
    cues = _sentence_cues(doc, start, end, memo)

    def outside(pattern: re.Pattern[str]) -> bool:
        return any(e <= f.start or s >= f.end for s, e in cues[pattern])

    titled = f.rule == "phi.name" and _PUBLIC_TITLE.search(doc.text, max(0, f.start - 40), f.start)
    historic = outside(_HISTORIC_YEAR) and not outside(_RECENT)
    # "On March 26, 1953, Jonas Salk announced …": a full date whose own year is long past is history,
    # unless the sentence is a family's own story ("her father died on May 2, 1987").
    own_year = _HISTORIC_YEAR.search(f.excerpt) if f.rule == "phi.date" else None
    # before 1900 no one alive was born, so even "born May 12, 1820" is history
    historic = historic or (own_year and not outside(_RECENT)
                            and (int(own_year.group()[:4]) < 1900 or not outside(_FAMILY_STORY)))
    return bool(titled or historic or outside(_PUBLIC_LIFE))


def _sentence_cues(doc: Doc, start: int, end: int, memo: dict) -> dict[re.Pattern[str], list[tuple[int, int]]]:
    key = ("cues", start, end)
    if key not in memo:
        memo[key] = {p: [m.span() for m in p.finditer(doc.text, start, end)]
                     for p in (_HISTORIC_YEAR, _RECENT, _FAMILY_STORY, _PUBLIC_LIFE)}
    return memo[key]


def _paragraph(doc: Doc, pos: int) -> tuple[int, int]:
    text = doc.text
    before = [m.end() for m in _PARAGRAPH_BREAK.finditer(text, 0, pos)]
    after = _PARAGRAPH_BREAK.search(text, pos)
    return (before[-1] if before else 0), (after.start() if after else len(text))


def drop_framed(findings: list[Finding], doc: Doc) -> list[Finding]:
    """The findings minus names, dates and ages that a public, historical or fictional frame explains."""
    if not any(f.rule in _FRAMED_RULES for f in findings):
        return findings
    framed = doc.has_word("fictional", "fiction", "fictitious", "made", "composite", "hypothetical", "imaginary", "pretend",
                          "invented", "fake", "illustration", "real", "role", "teaching", "sample")
    fiction_paragraphs = {_paragraph(doc, m.start()) for m in (_FICTION.finditer(doc.lower) if framed else ())
                          if not _NEGATED.search(doc.text, max(0, m.start() - 8), m.start())}
    invented_names = {f.excerpt for f in findings if f.rule == "phi.name"
                      and any(s <= f.start < e for s, e in fiction_paragraphs)}
    kept, memo = [], {}
    for f in findings:
        if f.rule in _FRAMED_RULES:
            if any(s <= f.start < e for s, e in fiction_paragraphs) or (f.rule == "phi.name" and f.excerpt in invented_names):
                continue
            if _public_frame(doc, f, memo):
                continue
        kept.append(f)
    return kept
