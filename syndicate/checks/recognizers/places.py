"""Street addresses, PO boxes, places smaller than a state, and ZIP codes."""
from __future__ import annotations

import re
from typing import Iterator

from ..allowlist import AllowList
from ..context import Doc, matches_from, standalone
from ..findings import Finding, make_finding
from ..gazetteers import STATE_ABBREVIATIONS, STATE_NAMES, us_places
from .cues import INSTITUTION_NAME, OWN_SITE_BEFORE, PERSON_CUE, about_someone
from .digits import digit_led
from ..wordlist import everyday_word, zipf
from .quasi import names_clinician

_STREET_TYPES = (r"Street|St|Avenue|Ave|Av|Road|Rd|Boulevard|Blvd|Drive|Dr|Lane|Ln|Court|Ct|Way|Place|Pl|Terrace|Ter"
                 r"|Circle|Cir|Parkway|Pkwy|Highway|Hwy|Trail|Trl|Square|Sq|Loop|Pike|Row")
_DIRECTION = r"(?:[NSEW]|North|South|East|West|NE|NW|SE|SW)\.?"
_STREET_WORD = r"(?:[A-Z][a-z]+|\d{1,3}(?:st|nd|rd|th))"
_STREET = re.compile(
    rf"(?P<street>\d{{1,6}}[A-Z]?\s+(?:{_DIRECTION}\s+)?(?:{_STREET_WORD}\s+){{1,3}}(?:{_STREET_TYPES})\b\.?)"
    rf"(?:,?\s*(?:Apt|Apartment|Suite|Ste|Unit|#)\.?\s*[A-Z0-9-]+\b)?")
# The street types _NAMED_STREET ends with, as Doc.words holds them (whole words: a space before, \b after).
_STREET_WORDS = ("street", "avenue", "road", "boulevard", "drive", "lane", "court", "terrace", "circle", "parkway",
                 "trail", "way", "place")
# "lives over on Sycamore Lane": a street without a number, in a sentence about a person.
_NAMED_STREET = re.compile(rf"\b(?:on|off|along|near)\s+(?P<street>(?:{_DIRECTION}\s+)?(?:{_STREET_WORD}\s+){{1,3}}"
                           rf"(?:Street|Avenue|Road|Boulevard|Drive|Lane|Court|Terrace|Circle|Parkway|Trail|Way|Place)\b)")
# "The WIC office at 200 S. 2nd Street": an institution's public address, unless it is
# "his office" or "her school" (an individual's workplace is still theirs), or "our office",
# which must match the allow-list like any other mention of the practice.
_INSTITUTION_BEFORE = re.compile(
    r"(?i)(?<!his\s)(?<!her\s)(?<!their\s)(?<!our\s)\b(?:office|clinic|center|centre|library|hospital|pharmacy|department|church"
    r"|school|YMCA|shelter|pantry|hall|agency|station)\s+(?:is\s+)?(?:at|on|located\s+at)\s+$")
# "on the 2900 block of South Grand", "the 400 block of Elm": a street located by its block needs no street type.
_BLOCK = re.compile(rf"\b\d{{1,5}}\s+block\s+of\s+(?:{_DIRECTION}\s+)?(?:{_STREET_WORD})(?:\s+(?:{_STREET_WORD}|{_STREET_TYPES}))?\b")
_PO_BOX = re.compile(r"\bP\.?\s?O\.?\s+Box\s+\d+\b", re.IGNORECASE)
_CORNER = re.compile(rf"\bcorner\s+of\s+{_STREET_WORD}(?:\s+[A-Z][a-z]+)?\s+(?:and|&)\s+{_STREET_WORD}(?:\s+(?:{_STREET_TYPES}))?\b")
# "lives in the Willow Creek subdivision", "moved to Chatham": a town or neighbourhood tied to a person.
_RESIDENCE = re.compile(
    r"\b(?:lives|living|lived|resides|resided|moved|grew\s+up|raised)\s+(?:in|on|at|to|near|outside(?:\s+of)?)\s+"
    r"(?:the\s+)?(?P<place>[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,3})")
_STATE_BEFORE = "|".join([*sorted(STATE_ABBREVIATIONS), *(re.escape(n).replace(r"\ ", r"\s+") for n in STATE_NAMES)])
_ZIP = re.compile(r"\d{5}(?:-\d{4})?")
# What must come right before a ZIP: a state ("IL 62704") or a cue ("ZIP code", "lives in").
# "the gentleman from the 62707 ZIP": the cue after the number.
_AFTER_ZIP = re.compile(r"(?i)\s+(?:zip|zip\s+code|postal\s+code|zip-code)\b")
# "the farmer out past the Chatham co-op": a town located by what lies beyond it.
_PAST = re.compile(r"\b(?:out|just|way|right)\s+past\s+(?:the\s+)?(?P<place>[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2})")
_BEFORE_ZIP = re.compile(
    rf"(?:\b(?:{_STATE_BEFORE}),?\s+"
    r"|(?i:\b(?:zip(?:\s*code)?|postal\s+code|lives?\s+in|living\s+in|resides\s+in|moved\s+to|from)\b[:,\s]+(?:code\s+)?(?:is\s+)?))$")


_OUR_MAIL = re.compile(r"(?i)\bour\s+(?:[\w-]+\s+){0,2}?(?:office|department|clinic|practice|billing|records|mailing\s+address)\b")


def _own_other_site(doc: Doc, allow: AllowList, m: re.Match[str]) -> bool:
    """ "Our Northside location (1450 Commerce Blvd)": another site of the practice's, on a street
    none of its configured addresses is on (a different number on its own street is a near miss)."""
    text = doc.text
    if not OWN_SITE_BEFORE.search(text, max(0, m.start() - 50), m.start()) or doc.cue_in_sentence(PERSON_CUE, m.start()):
        return False
    number_free = re.sub(r"^\d+[A-Z]?\s+", "", m.group("street"))
    return not allow.allows_street(number_free)


def find_addresses(doc: Doc, allow: AllowList) -> Iterator[Finding]:
    text = doc.text
    for m in digit_led(_STREET, doc):
        if m.start() and text[m.start() - 1].isalnum():
            continue
        if _own_other_site(doc, allow, m):
            continue
        if not allow.allows_street(m.group("street")) and not _INSTITUTION_BEFORE.search(text, max(0, m.start() - 40), m.start()):
            yield make_finding("phi.address", m.start(), m.end(), text)
    for m in _NAMED_STREET.finditer(text) if doc.has_word(*_STREET_WORDS) else ():
        if about_someone(doc, *doc.sentence(m.start())) and not allow.allows_street(m.group("street")):
            yield make_finding("phi.address", m.start("street"), m.end("street"), text)
    # Trigger words (Doc.words: one set lookup each, not a scan of the page): each pattern has its word whole.
    for pattern, trigger in ((_PO_BOX, "box"), (_CORNER, "corner")):
        for m in pattern.finditer(text) if doc.has_word(trigger) else ():
            sentence = doc.sentence(m.start())
            # an organisation's mailing address: "mailed to Maple Ridge Family Medicine, Attn: …, PO Box 4400"
            if (pattern is _PO_BOX and (INSTITUTION_NAME.search(text, *sentence) or _OUR_MAIL.search(text, *sentence))
                    and not doc.cue_between(PERSON_CUE, *sentence)):
                continue
            yield make_finding("phi.address", m.start(), m.end(), text)
    for m in _BLOCK.finditer(text) if doc.has_word("block") else ():
        if about_someone(doc, *doc.sentence(m.start())):
            yield make_finding("phi.address", m.start(), m.end(), text)
    for m in _RESIDENCE.finditer(text) if doc.has_word("lives", "living", "lived", "resides", "resided", "moved", "grew",
                                                        "raised") else ():
        if m.group("place") not in STATE_NAMES and not names_clinician(doc, allow, *doc.sentence(m.start())):
            yield make_finding("phi.address", m.start("place"), m.end("place"), text)
    yield from find_places(doc, allow)


# Roads outside town: "the rescue out on Route 4", "her farm on County Road 1200N".
_ROAD = re.compile(r"\b(?:Route|Rte\.?|Highway|Hwy\.?|County\s+Road|County\s+Rd\.?|CR|State\s+(?:Road|Route)|Farm\s+Road"
                   r"|Rural\s+Route|RR)\s+\d{1,5}[NSEW]?\b")
# Named housing: "the Prairie Oaks subdivision", "Maple Court Apartments", "Lakeview Terrace mobile home park".
_HOUSING = re.compile(
    r"\b(?:[A-Z][a-z]+\s+){1,3}(?:[Ss]ubdivision|[Aa]partments?(?:\s+complex)?|Apts\b\.?|Estates|[Tt]ownhomes|[Cc]ondominiums"
    r"|[Cc]ondos|[Cc]ondo(?:minium)?\s+(?:complex|building|tower)|[Tt]railer\s+court|[Hh]ousing\s+(?:project|complex)|[Ss]enior\s+(?:apartments|living)"
    r"|Manor|Heights|Commons|Gardens|Acres|Meadows|neighbou?rhood|[Dd]uplex(?:es)?|[Tt]ownhouses|[Ll]ofts|[Cc]ottages|[Bb]ungalows|(?:[Mm]obile\s+[Hh]ome|[Tt]railer|RV)\s+(?:[Pp]ark|[Cc]ourt))\b"
    r"(?!\s+(?:Clinic|Hospital|Pharmacy|Library|Center|Centre|School|Church|Health|Medical"
    r"|Nursing|Rehab|Park\s+District|Fire|Police))")
_SMALLER_THAN_STATE = r"(?:County|Parish|Township|Borough|Village|Twp\.?)"
# A named small place by its kind, which no gazetteer of towns lists: "Swan's Island", "the Rosedale Quarter mom",
# "out past Tesson Bayou". Like the housing names, it counts only in a sentence about someone in the practice's care.
_SMALL_PLACE_KINDS = ("Island", "Isle", "Key", "Bayou", "Cove", "Hollow", "Creek", "Landing", "Crossing", "Quarter", "Flats",
                      "Bottoms", "Hamlet", "Corners", "Junction", "Ridge", "Point", "Holler", "Ranch", "Reservation", "Pueblo",
                      "Rancheria", "Colonia")
_SMALL_PLACE = re.compile(
    r"\b(?:[A-Z][a-z]+(?:['’]s)?\s+){1,2}(?:" + "|".join(_SMALL_PLACE_KINDS) + r")\b"
    r"(?!\s+(?:Clinic|Hospital|Pharmacy|Library|Center|Centre|School|Church|Health|Medical|Nursing|Rehab|Park|Fire|Police|Road"
    r"|Rd|Street|St|Avenue|Ave|Drive|Dr|Lane|Boulevard|Blvd|Way|Mall|Market))")
# A place after a word that locates a person: "a patient from Loami", "out in Pawnee", "tiny Loami, IL".
_LOCATED = re.compile(
    r"\b(?:(?P<strong>near|outside(?:\s+of)?|out\s+(?:in|by|near)|just\s+(?:outside|north|south|east|west)\s+of"
    r"|(?:drives?|driving|drove|comes?|coming|came|commutes?|travels?|traveled|moved)\s+(?:in\s+|over\s+|down\s+|up\s+)?from)"
    r"|in|from|of|to|at|around)\s+"
    r"(?:(?:tiny|small|rural|little|nearby|downtown|unincorporated|northern|southern|eastern|western|central"
    r"|(?P<named>the\s+(?:(?:tiny|small|little|rural|nearby)\s+)?(?:town|village|city|hamlet|community|settlement)\s+of))\s+)?"
    rf"(?P<place>[A-Z][a-z]+(?:[ -][A-Z][a-z]+){{0,2}}(?:\s+{_SMALLER_THAN_STATE})?)")
# "A Sangamon County farmer", "the Springfield woman": a person labelled by a county.
_COUNTY_PERSON = re.compile(
    rf"\b(?P<place>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?\s+{_SMALLER_THAN_STATE})\s+(?:[a-z]+\s+)?"
    r"(?:[a-z]+['’]s\s+)?(?:farmer|resident|woman|man|teen|girl|boy|family|mother|father|child|kid|veteran|worker|patient"
    r"|deputy|officer|trooper|firefighter|paramedic|teacher|sheriff|coach|pastor|nurse|clerk|judge)s?\b")
# "A Rochester teen we see", "the Auburn farmer": a person labelled by a GeoNames town.
_TOWN_PERSON_WORDS = ("teen", "teenager", "woman", "man", "farmer", "resident", "family", "girl", "boy", "mom", "dad",
                      "mother", "father", "veteran", "student", "couple", "grandmother", "grandfather", "toddler", "baby",
                      "widow", "widower", "retiree")
_TOWN_PERSON = re.compile(
    r"(?<![\w.])(?P<place>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\s+(?:" + "|".join(_TOWN_PERSON_WORDS) + r")\b")
# "Loami, IL" / "Loami, Illinois": any place named with its state is below state level.
_STATE_AFTER = re.compile(rf",\s+(?:{_STATE_BEFORE})\b")
_PLACE_BEFORE = re.compile(r"\b(?P<place>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)$")
# What makes a capitalised phrase after "in" or "at" an institution, not where a person lives.
_INSTITUTION_AFTER = re.compile(
    r"\s*(?:['’]s\s+)?(?:Memorial|General|Community|Regional|Medical|Hospital|Clinic|Health|Department|University|College"
    r"|Library|Center|Centre|Police|Fire|YMCA|Public|County\s+(?:Health|Department|Board|Fair|Jail|Court)|Park\b"
    r"|State\s+Fair|Airport|Mall|Zoo|Church|Cathedral|Foodbank|Food\s+Bank)")


# After "near", "outside" or "drives in from", a capitalised word that is no English word is a
# place even when GeoNames lacks it (villages under 500 people): "a farm near Tallula".
def _known_place(name: str) -> str | None:
    """The longest leading run of words that is a US place (or a county), if any."""
    words = name.split()
    places = us_places()
    for n in range(len(words), 0, -1):
        candidate = " ".join(words[:n])
        if n == 1 and everyday_word(candidate):
            return None  # "at Home", "in Hope": an English word first, a town only with its state
        if candidate in places or re.fullmatch(rf"[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?\s+{_SMALLER_THAN_STATE}", candidate):
            return candidate
    return None


def find_places(doc: Doc, allow: AllowList) -> Iterator[Finding]:
    """Towns, counties, subdivisions and roads in a sentence about someone the practice cares for.
    Each pattern runs once over the whole text; only its (rare) matches pay for the sentence check."""
    text = doc.text

    def about_a_patient(pos: int) -> bool:
        sentence = doc.sentence(pos)
        return about_someone(doc, *sentence) and not names_clinician(doc, allow, *sentence)

    road = doc.has_word("route", "rte", "highway", "hwy", "road", "rd", "cr", "rr")
    housing = doc.has_word("condo", "subdivision", "apartment", "apartments", "apts", "estates", "townhomes", "condominiums",
                           "condos", "manor", "heights", "commons", "gardens", "acres", "meadows", "neighborhood",
                           "neighbourhood", "home", "trailer", "park", "court", "housing", "senior", "duplex", "duplexes",
                           "townhouses", "lofts", "cottages", "bungalows")
    small_place = doc.has_word(*(kind.lower() for kind in _SMALL_PLACE_KINDS))
    for pattern in (*(_ROAD,) * road, *(_HOUSING,) * housing, *(_SMALL_PLACE,) * small_place):
        for m in pattern.finditer(text):
            if about_a_patient(m.start()):
                yield make_finding("phi.address", m.start(), m.end(), text)
    county = doc.has_word("county", "parish", "township", "borough", "village", "twp")
    for m in _located(doc):
        strong = m.group("strong")
        place = m.group("place") if (strong and all(zipf(w) == 0 for w in m.group("place").split())
                                     or m.group("named")) else _known_place(m.group("place"))
        if place and _acceptable_place(text, allow, place, m.start("place")) and about_a_patient(m.start()):
            yield make_finding("phi.address", m.start("place"), m.start("place") + len(place), text)
    for m in _PAST.finditer(text) if doc.has_word("past") else ():
        place = _known_place(m.group("place"))
        if place and _acceptable_place(text, allow, place, m.start("place")) and about_a_patient(m.start()):
            yield make_finding("phi.address", m.start("place"), m.start("place") + len(place), text)
    for m in _town_person_matches(doc):
        place = _known_place(m.group("place"))
        if (place == m.group("place") and not _SENTENCE_START_WORD.search(text, max(0, m.start() - 3), m.start())
                and _acceptable_place(text, allow, place, m.start()) and about_a_patient(m.start())):
            yield make_finding("phi.address", m.start(), m.start() + len(place), text)
    for m in _COUNTY_PERSON.finditer(text) if county else ():
        if _acceptable_place(text, allow, m.group("place"), m.start("place")) and about_a_patient(m.start()):
            yield make_finding("phi.address", m.start("place"), m.end("place"), text)
    for m in _STATE_AFTER.finditer(text):  # "Loami, IL": found from the state, then the place before it
        before = _PLACE_BEFORE.search(text, max(0, m.start() - 40), m.start())
        if before and _acceptable_place(text, allow, before.group("place"), before.start("place")) and about_a_patient(m.start()):
            yield make_finding("phi.address", before.start("place"), before.end("place"), text)


def _town_person_matches(doc: Doc) -> Iterator[re.Match[str]]:
    """_TOWN_PERSON.finditer(doc.text), tried only where a match can start: every match ends with one of
    its person words (whole, after whitespace), and starts at one of the two capitalised words before it."""
    text, starts = doc.text, set()
    for word in _TOWN_PERSON_WORDS:
        for at in doc.positions_of(word) if doc.has_word(word) else ():
            for _ in range(2):
                at = _capitalised_word_before(text, at)
                if at is None:
                    break
                starts.add(at)
    return matches_from(_TOWN_PERSON, text, sorted(starts))


def _capitalised_word_before(text: str, end: int) -> int | None:
    """Where the [A-Z][a-z]+ word that whitespace separates from `end` starts, if there is one."""
    i = end
    while i > 0 and text[i - 1].isspace():
        i -= 1
    j = i
    while j > 0 and "a" <= text[j - 1] <= "z":
        j -= 1
    if i == end or j == i or j == 0 or not "A" <= text[j - 1] <= "Z":
        return None
    return j - 1


# The last word before a place _LOCATED can find (what lies between the space before the capital and
# the space before that, or the text's start, lowercased), so the pattern itself only runs around the few
# capitalised words that follow one. Found on Doc.lower from the space before it (the engine skips to a
# literal fast); none of the words has a letter that only a non-ASCII letter lowercases to.
_LOCATING_WORDS = frozenset("""in from of to at around near outside by tiny small rural little nearby downtown
unincorporated northern southern eastern western central""".split())
_LOCATING_WORD = "(?:" + "|".join(sorted(_LOCATING_WORDS)) + ")(?= )"
_LOCATING_WORD_AFTER_SPACE = re.compile(" " + _LOCATING_WORD)
_LOCATING_WORD_FIRST = re.compile(_LOCATING_WORD)


def _located(doc: Doc) -> Iterator[re.Match[str]]:
    text = doc.text
    first = _LOCATING_WORD_FIRST.match(doc.lower)
    for w in (*((first,) if first else ()), *_LOCATING_WORD_AFTER_SPACE.finditer(doc.lower)):
        s = w.end() + 1
        if not (text[s:s + 1].isascii() and text[s:s + 1].isupper() and text[s + 1:s + 2].isascii()
                and text[s + 1:s + 2].islower()):
            continue  # not a capitalised word ([A-Z][a-z]) after the space
        for m in _LOCATED.finditer(text, max(0, s - 45), min(len(text), s + 80)):
            if m.start("place") == s:
                yield m
                break


# A capitalised word at a sentence start may just be its first word ("Young woman …"):
# _TOWN_PERSON needs the town after "a", "the" or mid-sentence.
_SENTENCE_START_WORD = re.compile(r"(?:^|[.!?]\s+|\n\s*)$")


def _acceptable_place(text: str, allow: AllowList, place: str, start: int) -> bool:
    """Below state level, not the practice's own town, not the start of an institution's name, and not part of a
    title ("Meghan, Duchess of Sussex")."""
    return (place not in STATE_NAMES and not allow.allows_place(place)
            and not _INSTITUTION_AFTER.match(text, start + len(place))
            and not (_PEERAGE_BEFORE.search(text, max(0, start - 20), start)
                     and not _NAMES_A_PLACE_AFTER.match(text, start + len(place))))


_PEERAGE_BEFORE = re.compile(r"\b(?:Duke|Duchess|Earl|Countess|Prince|Princess|Baron|Baroness|Marquess|Viscount)\s+of\s+$")
# "Duke of Gloucester Street" is a street, "the Prince of Wales pub" a pub: places, for all the title before them
_NAMES_A_PLACE_AFTER = re.compile(r"(?i)\s+(?:street|st\b|road|rd\b|avenue|ave\b|lane|drive|way|court|place|square|terrace"
                                  r"|close|row|hotel|inn|arms|pub|tavern|estate|park)")


def find_zips(doc: Doc, allow: AllowList) -> Iterator[Finding]:
    text = doc.text
    for m in digit_led(_ZIP, doc):
        if not standalone(text, m.start(), m.end()) or text.startswith(",", m.end()) and text[m.end() + 1:m.end() + 2].isdigit():
            continue
        if ((_BEFORE_ZIP.search(text, max(0, m.start() - 30), m.start()) or _AFTER_ZIP.match(text, m.end()))
                and not allow.allows_zip(m.group())):
            yield make_finding("phi.zip", m.start(), m.end(), text)
