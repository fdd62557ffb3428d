"""Identifiers without a number: biometrics, and the "unique identifying characteristic" of
Safe Harbor's 18th item, a rare role, a one-off event or a public role in a small place that
narrows a story down to one person ("the only blacksmith in Pleasant Plains", "the mayor of
Loami", "the sole survivor of last week's grain-bin collapse").

Each needs the sentence to be about someone the practice cares for (cues.about_someone), so "the only
trauma centre in the county" or "fingerprint scanners protect your account" stay clean.
"""
from __future__ import annotations

import re
from typing import Iterator

from ..allowlist import AllowList
from ..context import Doc
from ..findings import Finding, make_finding
from .cues import PERSON_CUE, about_someone

_BIOMETRIC = re.compile(
    r"(?:finger|thumb|hand|palm|foot|ear|voice|face)[- ]?prints?\b|palm[- ]vein|(?:retinal?|retina|iris)\s+(?:scan|image|photo|pattern)"
    r"|(?:face|facial)[- ](?:recognition|scan|geometry|template|id)\b|biometric|gait[- ](?:analysis|signature|pattern)"
    r"|(?:dna|genome|genetic|genomic)\s+(?:report|profile|sequence|results?|data|sample|panel|test\s+(?:results?|report|showed|shows))"
    r"|voice\s+(?:recordings?|samples?|clips?|prints?)|recording\s+of\s+(?:her|his|their|the\s+patient['’]s|our\s+patient['’]s)\s+voice"
    r"|(?:enrollment|enrolment)\s+template|vein\s+(?:pattern|scan)"
    # a body signal used as a key: "his unique ECG signature was used to log him in", keystroke dynamics
    r"|(?:ecg|ekg|heartbeat|heart[- ]rhythm|cardiac|typing|keystroke|signature)\s+(?:signature|pattern|dynamics|id)\b"
    r"|(?:signature|pattern|print|scan|x-?rays?|records?|code|sample)\s+(?:was|were|is|are)\s+(?:used|stored|enrolled|captured|saved|kept)"
    r"(?:\s+by\s+(?:[\w-]+\s+){1,3}?)?\s*(?:to\s+(?:log|sign|unlock|verify|identify)|at\s+enrol)"
    r"|iris\s+(?:code|template)|dental\s+(?:x-?ray\s+)?(?:pattern|record)s?\s+(?:was|were)\s+used"
    r"|voice\s+(?:sample|recording|print)\s+(?:for\s+(?:[\w-]+\s+){1,3}?)?(?:is|was)\s+(?:saved|stored|kept)\s+under\s+(?:your|his|her)\s+name")  # on Doc.lower

# A person noun: who the rare role or the event belongs to.
_PERSON_NOUN = (r"(?:[a-z-]+(?:smith|man|woman|wright|ist|ian|er|or|ess|ant|ent)|chief|coach|mayor|sheriff|pastor|priest|rabbi"
                r"|imam|judge|principal|superintendent|clerk|postmaster|survivor|winner|veteran|triplets|quadruplets"
                r"|quintuplets|twins|nun|monk|athlete|player|chef|owner|alderman|councilwoman|councilman|resident|person"
                r"|girl|boy|child|kid|teen|mother|father|mom|dad|grandmother|grandfather|women|men|people|captain|skipper"
                r"|pilot|ranger|guide|hermit|keeper)s?")
# Nouns that end like a person's role but are not one.
_NOT_A_PERSON = frozenset("""center centre water number cancer disorder order border member letter paper computer
monitor doctor elevator ventilator indicator inhaler counter corner river fever shelter quarter chapter calendar
meter master answer matter summer winter weather dinner power tower error factor sector vendor department
government management environment equipment treatment appointment payment development apartment restaurant plant
event parent student""".split())
# "the only blacksmith in Pleasant Plains", "the first triplets born at Memorial", "the sole survivor of …".
_ONLY_ONE = re.compile(
    # "the only female coal miner still working": only, sole and lone need no place after them
    rf"\b(?:the|our|their)\s+(?:only|sole|lone|one\s+and\s+only)\s+(?:[a-z-]+\s+){{0,3}}?(?P<only>{_PERSON_NOUN})\b"
    rf"(?!\s+(?:in\s+(?:the\s+)?(?:room|office|family|house|group|class)))"
    # one of a handful: "one of the only two women who captain fishing boats in our harbor"
    rf"|\b(?:one\s+of\s+)?the\s+only\s+(?:two|three|four|five|few|handful\s+of)\s+(?:[a-z-]+\s+){{0,3}}?(?P<few>{_PERSON_NOUN})\b"
    rf"|\b(?:the|an?|our|their)\s+(?:only|sole|lone|first|last|oldest|youngest|one\s+and\s+only)\s+"
    rf"(?:[a-z-]+\s+){{0,3}}?(?P<who>{_PERSON_NOUN})\b(?:\s+(?:\w+\s+){{0,4}}?(?:in|at|of|from|near|on|for)\s+"
    rf"(?:[a-z'’-]+\s+){{0,4}}?(?:(?-i:[A-Z])|town|village|county|school|our\s+(?:town|county|area)|the\s+(?:town|county|area)))",
    re.IGNORECASE)
# A public role in a small place: "the mayor of Loami", "the local fire chief", "the town's pastor",
# "the head football coach at Lanphier High".
_ROLE = (r"mayor|sheriff|(?:fire|police)\s+chief|chief\s+of\s+police|principal|superintendent|pastor|priest|rabbi|imam"
         r"|(?:head\s+)?(?:[a-z]+\s+)?coach|judge|alderman|council(?:wo)?man|town\s+clerk|postmaster|police\s+officer"
         r"|game\s+warden|school\s+nurse|librarian|band\s+director|(?:tribal\s+)?(?:council\s+)?chair(?:wo)?man|chairperson"
         r"|tribal\s+chair|commander|fire\s+captain|harbou?r\s?master|postmistress")
_LOCAL_ROLE = re.compile(
    rf"\b(?:the|our|a)\s+(?:local|town['’]s|city['’]s|village['’]s|county['’]s|school['’]s|high\s+school['’]s|only)\s+"
    rf"(?:{_ROLE})\b|\bthe\s+(?:(?:current|former|longtime|long-time|new|retired|interim|beloved)\s+)?(?:{_ROLE})\s+(?:of|at|for|in)\s+"
    rf"(?:(?:the\s+)?(?-i:[A-Z])|(?:a|our|the)\s+(?:small\s+|tiny\s+|little\s+|nearby\s+|local\s+)?(?:town|village|community)\b"
    rf"|(?:our|the)\s+(?:town|city|village|county)['’]s)"
    rf"|\b(?:the|our)\s+(?:reservation|tribe|pueblo|nation|district|base|port|island|harbou?r)['’]s\s+(?:[\w-]+\s+){{0,2}}?(?:{_ROLE})\b"
    rf"|\b(?:the|our)\s+(?:town|city|village|county|school|church)['’]s\s+(?:only\s+|longtime\s+|beloved\s+|favorite\s+"
    rf"|favourite\s+|one\s+)?(?:[\w-]+\s+)?(?P<who>{_PERSON_NOUN})\b"
    # "Springfield's longtime Channel 20 weatherman": a place's own well-known somebody.
    # "the lighthouse keeper on Harbor Point Island": a role tied to a small named place
    rf"|\bthe\s+(?:[\w-]+\s+){{0,2}}?(?P<keeper>{_PERSON_NOUN})\s+(?:on|of|at|for)\s+(?:(?-i:[A-Z][a-z]+)\s+){{1,3}}"
    rf"(?-i:Island|Point|Harbor|Harbour|Lake|Creek|Valley|Ridge|Hollow|Bay|Beach|Landing|Springs|Falls|Township|Village|Farm"
    rf"|Ranch|Station|Lighthouse|Marina|Mill|Mine)\b"
    rf"|(?-i:\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?['’]s)\s+(?:only|longtime|long-time|beloved|favorite|favourite|own|famous)\s+"
    rf"(?:[\w-]+\s+){{0,3}}?(?P<placed>{_PERSON_NOUN})\b", re.IGNORECASE)
# "a 41-year-old Somali-born female surgeon at our county hospital": traits that together leave one person.
_TRAIT_STACK = re.compile(
    r"\b\d{1,3}-year-old\s+(?:[\w-]+\s+){1,4}?(?:[a-z-]*(?:ist|ian|er|or|surgeon|nurse|dentist|doctor|pastor|chef))\s+"
    r"(?:from|at|in|of)\s+(?:our|the|this)\s+(?:[\w-]+\s+)?(?:town|village|county|community|harbor|island|hospital|area"
    r"|school|church|plant|mill|factory|valley)", re.IGNORECASE)
# One-off events that made someone known: the news, a lottery, lightning, a rescue, a record.
_EVENT = re.compile(
    r"\b(?:struck\s+by\s+lightning|winner\s+of|(?:state|county|national|world)\s+champion"
    r"|won\s+(?:the|a|this\s+\w+['’]s|last\s+\w+['’]s)\s+(?:[\w-]+\s+){0,4}?(?:contest|award|competition|championship|race|title|pageant"
    r"|battle|tournament|bake-off|show|prize|medal|derby|rodeo|spelling\s+bee|fair)"
    # a named one-off event: "last weekend's Main Street apartment fire", "last month's bus crash"
    r"|(?:last|this)\s+\w+['’]s\s+(?:[\w-]+\s+){0,4}?(?:fire|crash|shooting|explosion|flood|tornado|collapse|accident|rescue|derailment"
    r"|pileup|pile-up|storm)|injured\s+(?:while\s+)?(?:pulling|rescuing|saving|fighting|responding)"
    # a rare condition: "one of only about 30 people worldwide"
    r"|one\s+of\s+(?:only\s+)?(?:about\s+|around\s+|roughly\s+|fewer\s+than\s+|less\s+than\s+)?(?:\d+|a\s+(?:few|handful|dozen))\s+"
    r"(?:[\w-]+\s+)?(?:people|patients|children|kids|cases|women|men|babies|persons)\s+(?:worldwide|in\s+the\s+(?:world|country|state|us)|ever|known|alive)"
    # an athlete at the top of a sport, from here: "the Olympic bobsledder from our county"
    r"|(?:olympic|olympian|paralympic|professional|pro|nfl|nba|mlb|nhl|wnba|mls|nascar)\s+[\w-]+\s+(?:from|in|of)\s+(?:our|the|this)\s+"
    r"(?:county|town|area|village|community|city|valley)"
    r"|who\s+(?:owns|runs|manages|founded|started|opened)\s+the\s+(?:only|one)\b|won\s+(?:the\s+|last\s+\w+['’]s\s+|this\s+\w+['’]s\s+|a\s+)?(?:[\w-]+\s+){0,2}?lottery"
    r"|(?:from|in|on|made)\s+the\s+(?:local\s+)?news|went\s+viral|viral\s+[\w-]+|sole\s+survivor|only\s+survivor"
    r"|world\s+record|record[- ]breaking|(?:first|only)\s+(?:set\s+of\s+)?(?:triplets|quadruplets|quintuplets|twins)"
    r"|quadruplets|quintuplets|sextuplets|in\s+the\s+line\s+of\s+duty"
    r"|conjoined\s+twins|well[- ]known\s+(?:at|in|around|for)|everyone\s+in\s+town\s+knows|known\s+(?:all\s+)?around\s+town"
    r"|full[- ]sleeve|(?:face|neck|hand)\s+tattoo|tattoo\s+(?:of|on)\s"
    r"|set\s+(?:the|a|this\s+year['’]s)\s+(?:[\w-]+\s+){0,4}?record|(?:state|school|county|national|district)\s+(?:[\w-]+\s+){0,2}?record"
    # a small business in a named place: "who runs the hardware store downtown"
    r"|who\s+(?:owns|runs|manages|founded|started|opened)\s+(?:the|a)\s+(?:[\w'’-]+\s+){0,3}?(?:store|shop|diner|cafe|café"
    r"|restaurant|bakery|bar|garage|salon|barbershop|pharmacy|farm|ranch|gym|studio|station|market|bookstore|funeral\s+home)"
    r"\s+(?:downtown|in\s+town|on\s+main|across\s+from|next\s+to|on\s+(?-i:[A-Z])|in\s+(?-i:[A-Z]))"
    # a build no one else in town has: "the 7-foot-2 former college center"
    r"|\b(?:7|seven)[- ](?:foot|ft)\b|\b(?:6|six)[- ](?:foot|ft)[- ](?:[7-9]|1[01]|seven|eight|nine|ten|eleven)\b"
    # a titled one-off: "the 2024 Polar Plunge champion", "last year's rodeo queen"
    r"|\b(?:19|20)\d\d\s+(?:[\w'’-]+\s+){1,4}?(?:champion|winner|queen|king|mvp|valedictorian)\b"
    r")", re.IGNORECASE)
# "The Springfield woman who won …": a place-qualified person doing one notable thing.
_PLACED_PERSON = re.compile(r"\b[Tt]he\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?\s+(?:woman|man|teen|girl|boy|resident|farmer)\s+who\b")


_CAPITALISED = re.compile(r"[A-Z][a-z]+")
# Words that make a sentence naming a clinician about the care of someone else.
_CARE_WORDS = re.compile(r"patient(?!s)|came\s+(?:in|to\s+see)|visit|treat|\bsaw\b|\bseen\b|admitted|discharged|diagnos|appointment"
                         r"|passed\s+away|\bdied\b|hospice|at\s+(?:his|her|their)\s+(?:bed)?side|sent\s+(?:him|her|them)\s+to"
                         r"|\bthe\s+(?:er|ed|icu)\b|heart\s+attack|stroke|surgery|delivered|gave\s+birth")


# Staff named in their role: "Our front desk lead, Tamara Jenkins, won this year's patient-choice award".
_STAFF_IN_ROLE = re.compile(
    r"\bour\s+(?:[\w-]+\s+){0,3}?(?:lead|manager|director|coordinator|nurse|physician|doctor|pharmacist|receptionist|assistant"
    r"|staff|team\s+member|employee|clinician|provider|midwife|therapist|dietitian|technician|scheduler|biller|educator)s?"
    r",?\s+(?-i:[A-Z])|\b(?:dr|nurse)\.?\s+(?-i:[A-Z])", re.IGNORECASE)
# A clinician's professional biography: "She trained in Albuquerque", "joins us from the University of Iowa".
_PROFESSIONAL_BIO = re.compile(
    r"\b(?:trained|studied|did\s+(?:her|his|their)\s+(?:residency|fellowship|training)|completed\s+(?:her|his|their)\s+"
    r"(?:residency|fellowship|training)|graduated\s+from\s+(?:medical|nursing|pa)\s+school|joins\s+us\s+from|comes\s+to\s+us\s+from"
    r"|board[- ]certified|is\s+accepting\s+new\s+patients|now\s+seeing\s+patients)\b")
_CARE_OF_STAFF = re.compile(r"patient(?![s-])|came\s+(?:in|to\s+see)|admitted|discharged|diagnos|recovering|in\s+our\s+care"
                            r"|passed\s+away|\bdied\b|hospice|at\s+(?:his|her|their)\s+(?:bed)?side|surgery|funeral")


# "patient-choice award" is about the staff member's work, not someone's care.
_STAFF_CARE_WORDS = re.compile(_CARE_WORDS.pattern.replace("patient(?!s)", "patient(?![s-])"))


def names_clinician(doc: Doc, allow: AllowList, start: int, end: int) -> bool:
    """A sentence about one of the practice's own clinicians ("Dr. Lee was the first physician
    in his family") or a staff member named in their role describes a professional, not a patient."""
    roster = allow.roster_words()
    if ((_STAFF_IN_ROLE.search(doc.text, start, end) or _PROFESSIONAL_BIO.search(doc.lower, start, end))
            and not _CARE_OF_STAFF.search(doc.lower, start, end) and not _STAFF_CARE_WORDS.search(doc.lower, start, end)):
        return True
    return (bool(roster) and any(w.lower() in roster for w in _CAPITALISED.findall(doc.text, start, end))
            and not _CARE_WORDS.search(doc.lower, start, end))  # "Dr. Lee's patient from Loami" is still a patient


_BIOMETRIC_WORDS = ("code", "dental", "sample", "ecg", "ekg", "heartbeat", "keystroke", "signature", "fingerprint", "fingerprints", "thumbprint", "handprint", "palmprint", "footprint", "voiceprint",
                    "faceprint", "print", "prints", "vein", "retinal", "retina", "iris", "face", "facial", "biometric",
                    "biometrics", "gait", "dna", "genome", "genetic", "genomic", "template", "voice")


_FILED_UNDER_A_NAME = re.compile(
    r"(?:voice|fingerprint|iris|retina|face|dna|genetic)\s+(?:sample|recording|print|scan|data|profile|template)s?\s+"
    r"(?:for\s+(?:[\w-]+\s+){1,3}?)?(?:is|are|was|were)\s+(?:saved|stored|kept|filed)\s+under\s+(?:your|his|her|their)\s+name")


def find_biometrics(doc: Doc, allow: AllowList) -> Iterator[Finding]:
    # One person's data, not a kind of test: "retinal scans help us find eye disease" is clean.
    if not doc.has_word(*_BIOMETRIC_WORDS):
        return
    for start, end in doc.sentences_with(PERSON_CUE):  # shared with the date rule, so already computed
        if m := _BIOMETRIC.search(doc.lower, start, end):
            yield make_finding("phi.biometric", m.start(), m.end(), doc.text)
    # filed under one person's name: "your voice sample … is saved under your name"
    for m in _FILED_UNDER_A_NAME.finditer(doc.lower):
        yield make_finding("phi.biometric", m.start(), m.end(), doc.text)


# Each pattern holds one of its words, so it runs only on the sentences that contain one.
def _words(block: str) -> frozenset[str]:
    return frozenset(block.split())


_HINTS = (
    (_ONLY_ONE, _words("only sole lone first last oldest youngest")),
    (_LOCAL_ROLE, _words("""local only town city village county school church mayor sheriff chief principal superintendent
                            pastor priest rabbi imam coach judge alderman councilman councilwoman clerk postmaster officer
                            warden nurse librarian director longtime long-time beloved favorite favourite own famous
                            island point harbor harbour lake creek valley ridge hollow bay beach landing springs falls
                            reservation tribe tribal pueblo nation district base port chairwoman chairman chairperson
                            commander captain harbormaster postmistress
                            township village farm ranch station lighthouse marina mill mine town community""")),
    (_EVENT, _words("""lightning lottery news viral survivor record triplets quadruplets quintuplets sextuplets twins
                       known sleeve tattoo winner champion won knows owns runs manages founded started opened duty set
                       battle tournament prize medal fire crash shooting explosion flood tornado collapse accident
                       rescue injured worldwide foot ft olympic olympian paralympic nfl nba mlb nhl wnba mls nascar
                       queen king mvp valedictorian""")),
    (_PLACED_PERSON, _words("who")),
    (_TRAIT_STACK, _words("town village county community harbor island hospital area school church plant mill factory valley")),
)


def find_unique_characteristics(doc: Doc, allow: AllowList) -> Iterator[Finding]:
    text = doc.text
    flagged: set[tuple[int, int]] = set()  # one finding per sentence is enough to stop publication
    judged: dict[tuple[int, int], bool] = {}
    for pattern, hints in _HINTS:
        sentences = {doc.sentence(at) for word in doc.words & hints for at in doc.positions_of(word)}
        for span in sorted(sentences - flagged):
            if span not in judged:
                judged[span] = about_someone(doc, *span) and not names_clinician(doc, allow, *span)
            if not judged[span]:
                continue
            m = next((m for m in pattern.finditer(text, *span)
                      if not (m.groupdict().get("who") or m.groupdict().get("placed") or m.groupdict().get("only")
                              or m.groupdict().get("few") or m.groupdict().get("keeper") or "").lower().rstrip("s")
                      in _NOT_A_PERSON), None)
            if m:
                flagged.add(span)
                yield make_finding("phi.unique", m.start(), m.end(), text)


def find_quasi_identifiers(doc: Doc, allow: AllowList) -> Iterator[Finding]:
    yield from find_biometrics(doc, allow)
    yield from find_unique_characteristics(doc, allow)
