"""Person names found through cues: honorifics, "my patient X", possessives, hashtags, and
given names from a list. A bare capitalised word is never enough on its own (that is how
dictionary-only detectors reach 9% precision)."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

from ..allowlist import AllowList
from ..context import Doc, matches_from
from ..findings import Finding, make_finding
from ..gazetteers import (AMBIGUOUS_FIRST_NAMES, DRUG_NAMES, DRUG_SUFFIXES, FIRST_NAMES, NAMED_BRANDS,
                          NON_PERSON_FOLLOWERS, STATE_NAMES, census_first_names, us_places)
from ..wordlist import zipf, zipf_table
from .cues import PERSON_CUE

_CAP = r"[A-Z][a-zA-Z'’-]*[a-z](?:['’]s)?"
_INITIALS = r"[A-Z]\.?(?:\s?[A-Z]\.?){0,2}(?![\w])"
# Every alternative opens with a plain capital (no group around "Mr|Mrs|..."), so the engine skips
# ahead to the few capitals that can start one instead of trying the pattern at every character.
_HONORIFIC = re.compile(
    rf"(?P<hon>Mr\.?|Mrs\.?|Ms\.?|Mx\.?|Dr\.?|Prof\.?|Rev\.?|Miss|Doctor|Professor|Nurse|Grandma|Grandpa|Granny|Nana|Aunt|Auntie"
    rf"|Uncle|Coach|Pastor)\s+(?P<name>{_CAP}(?:\s+{_CAP})?|[A-Z]\.?(?![\w]))")
_RELATION_WORDS = tuple("""patient patients client neighbor neighbour friend coworker colleague husband wife son daughter
mom mother dad father brother sister grandson granddaughter grandmother grandfather grandma grandpa partner boy girl man
woman lady gentleman teen toddler baby kid child fighter veteran""".split())
# "my patient Rosa", "a patient named Deshawn", "her husband, Raj Mehta": found from the relation
# word (a literal the engine finds fast), then checked backwards for the determiner.
_RELATION_WORD = re.compile(rf"(?<![a-z])(?:{'|'.join(_RELATION_WORDS)})\b")  # on Doc.lower, via Doc.matches_at_words
_DETERMINER_BEFORE = re.compile(r"(?i:\b(?:my|our|a|one|the|this|her|his|their)\s+(?:[\w'’-]+\s+){0,2}?)$")
_NAME_AFTER_RELATION = re.compile(rf",?\s+(?P<named>(?i:named|called)\s+)?(?P<name>{_CAP}(?:\s+{_CAP})?)")
_CAPITALISED_WORD = re.compile(r"[A-Z][a-z]+")
_GIVEN_NAME = re.compile(rf"(?P<name>[A-Z][a-z]+(?:['’]s)?(?:\s+{_CAP})?)")
# "Kevin, 58, came in", "Ezekiel, 8: …", "Cricket, age 7, who …": the word before is the name.
_APPOSITIVE_AGE = re.compile(r",\s+(?:\d{1,3}[,:;)]\s|aged?\s+\d{1,3}\b|\d{1,3}[- ](?:years?[- ]old|yo|y/o)\b)")
# "we'll call him J.R.", "let's call her Ms. G": a pseudonym still points at a real patient.
_PSEUDONYM = re.compile(rf"(?i:\b(?:call|calling|called|name)\s+(?:him|her|them))\s+(?P<name>{_INITIALS}|{_CAP})")
_PSEUDONYM_STARTS = ("call", "calling", "called", "name")  # for Doc.matches_at_words
# Initials such as "J.R." in a sentence about a person; not "U.S." or "a.m.".
_BARE_INITIALS = re.compile(r"(?P<name>[A-Z]\.\s?[A-Z]\.(?:\s?[A-Z]\.)?)")
_PERIOD_AFTER_CAPITAL = re.compile(r"\.(?<=[A-Z]\.)")
_NOT_INITIALS = frozenset({"U.S.", "D.C.", "U.K.", "E.U.", "A.M.", "P.M.", "B.C.", "A.D.", "N.Y.", "L.A.", "R.N.",
                           "M.D.", "D.O.", "P.A.", "N.P."})
# A capitalised word doing something only people do, after "little", "baby", "young"...
_ADJECTIVE = re.compile(r"(?:little|baby|young|sweet|brave|poor|dear|old)\s")  # on lowercase text
_ADJECTIVE_PERSON = re.compile(
    r"[A-Za-z]+\s+(?P<name>[A-Z][^\W\d_A-Z]+)\s+"
    r"(?=(?:[a-z]+ed|is|was|has|had|told|asked|came|went|got|said|says|loves|cried|ran|sat|wore|began)\b)")
# The "#" before the look-behind: the engine jumps from one "#" to the next instead of trying every character.
_HASHTAG = re.compile(r"#(?<![\w&]#)(?P<tag>[A-Za-z][A-Za-z0-9_]+)")
_POSSESSIVE_RELATION = re.compile(  # "Kowalski's wife": the word before is the name
    r"['’]s\s+(?=(?:mom|mother|dad|father|husband|wife|son|daughter|kids|children"
    r"|family|sister|brother|grandson|granddaughter|caregiver|partner|baby|diagnosis|surgery|chart|A1c|recovery"
    r"|parents|grandmother|grandfather|grandma|grandpa|grandparents|nana|aunt|uncle|cousin|twin|stepmom|stepdad"
    r"|boyfriend|girlfriend|fianc[ée]e?|spouse|youngest|oldest|kid|teacher|classmates)\b)")
_WORD_BEFORE = re.compile(r"(?<![\w'’.-])(?P<name>[A-Z][a-z]+)$")
_NAME_TOKEN = re.compile(r"[A-Z][a-z]+|[a-z]+|\d+")
_NOT_A_PERSON = frozenset("""
today women men children america medicare medicaid illinois god life nature mother father valentine patient people
doctor everyone nobody parkinson alzheimer crohn hodgkin hashimoto raynaud addison cushing huntington graves bell
tourette asperger sjogren meniere kawasaki lyme barrett paget down achilles baker gehrig hirschsprung peyronie
dupuytren kaposi ewing wilms burkitt marfan turner klinefelter heimlich apgar kegel world year week month
""".split())
_LEADING_PLACE_WORDS = re.compile(r"(?:\b(?:St|Saint|Mt|Mount|Lake|Fort|Port|San|Santa)\.?\s+)$")
_TAG_PREFIXES = ("prayfor", "pray4", "prayersfor", "justicefor", "rip", "getwell", "welcomehome", "lovefor", "hugsfor",
                 "team", "support", "standwith")
_TAG_SUFFIXES = ("strong", "sarmy", "army", "warrior", "fight", "journey", "tough", "nation", "crew", "squad", "love")
_TAG_ALWAYS_PERSONAL = ("prayfor", "pray4", "prayersfor", "justicefor", "rip")
_LISTED_GIVEN_NAMES = FIRST_NAMES | AMBIGUOUS_FIRST_NAMES
_ALL_GIVEN_NAMES = frozenset(n.lower() for n in _LISTED_GIVEN_NAMES)
_UNAMBIGUOUS_GIVEN_NAMES = frozenset(n.lower() for n in FIRST_NAMES)


def _bare(word: str) -> str:
    return re.sub(r"['’]s$", "", word)


def _followed_by_non_person(text: str, end: int) -> bool:
    """'Parkinson's disease', 'Mercy Hospital', 'Lincoln Ave': an eponym or institution."""
    rest = re.match(r"['’]?s?\s+([A-Za-z]+)", text[end:end + 30])
    return bool(rest) and rest.group(1).lower() in NON_PERSON_FOLLOWERS


def _trim_trailing_non_person(name: str) -> str:
    words = name.split()
    if len(words) == 2 and (_bare(words[1]).lower() in NON_PERSON_FOLLOWERS or _bare(words[1]).lower() in _NOT_A_PERSON):
        return words[0]
    return name


# The names forms and examples use for nobody in particular: "if a patient named Jane Doe calls".
_PLACEHOLDER_NAME = re.compile(r"(?:John|Jane|Baby|Richard|Mary)\s+(?:Q\.\s+)?(?:Doe|Roe|Public)\b")


def _is_brand(text: str, start: int) -> bool:
    return text.startswith(NAMED_BRANDS, start) or bool(_PLACEHOLDER_NAME.match(text, start))


# "Hannah Cole, RD", "Luis Ortega, PharmD": a professional signing or introduced by credential.
_CREDENTIAL_AFTER = re.compile(
    r",?\s+(?:MD|M\.D\.|DO|D\.O\.|RN|BSN|MSN|NP|FNP(?:-C)?|APRN|PA(?:-C)?|RD|RDN|LD|LPN|LCSW|LPC|PharmD|DDS|DMD|DPT|PT"
    r"|OT|OTR|CNM|CRNA|PhD|MPH|CDCES|CDE|IBCLC|MA|CMA)\b")


# Staff and other professionals named in their professional role: "Pharmacist Samuel Ortiz will host",
# "Our lab manager, Priya Nair, explains", "Dr. Aisha Raman, our newest pediatrician", "midwife Hannah
# Grewal". Health-care roles are a closed class, and most are built on a few endings (-ologist, -iatrist,
# -ician, -ist), so the endings stand for the many specialties a list would miss.
_ROLE = (r"(?:[a-z]+(?:ologist|iatrist|ician|ist|apist)|nurse(?:\s+practitioner|\s+midwife|\s+manager|\s+educator)?|midwife"
         r"|doula|surgeon|physician(?:\s+assistant)?|dentist|pharmacist|dietitian|director|manager|coordinator|administrator"
         r"|supervisor|educator|counsel(?:l)?or|navigator|chaplain|paramedic|technician|tech|resident|fellow|intern|scribe"
         r"|receptionist|assistant|provider|clinician|doctor|chief|founder|partner|owner|lead|coach|trainer|instructor"
         r"|(?:rn|np|pa|pa-c|cna|lpn|md|do|emt|ma)(?![\w-]))")
_ROLE_TITLES = ("dr", "doctor", "prof", "professor", "nurse")
_ROLE_BEFORE = re.compile(rf"(?i:\b(?:{_ROLE}(?:\s+[a-z]+)?,?|(?:dr|drs|prof)\.?)\s+)$")
_ROLE_AFTER = re.compile(
    rf",\s+(?:(?:our|the|a|an|his|her|their)\s+)?(?:(?:new|newest|former|longtime|lead|head|chief|senior|staff|clinic|practice"
    rf"|medical|nursing|office|lab|pediatric|family|[a-z]+-certified|board-certified|certified|registered|licensed)\s+)*"
    rf"(?i:{_ROLE})\b")
# What makes a professional someone's patient or a case: then the role does not clear the name.
_CARED_FOR = re.compile(
    r"(?i)\b(?:patient(?!s|\s+(?:portal|education|experience|safety|care|advocate)|-)|came\s+in|came\s+to\s+see|admitted"
    r"|discharged|diagnosed|recovering|passed\s+away|died|in\s+memory|our\s+care|(?:we|i)\s+(?:treated|saw))\b")


def _in_professional_role(doc: Doc, start: int, end: int, honorific: str | None) -> bool:
    text = doc.text
    role = ((honorific or "").lower().rstrip(".") in _ROLE_TITLES or _ROLE_BEFORE.search(text, max(0, start - 40), start))
    if not role:
        # the role may follow the surname the finding left out ("Beatriz Souza, RN", "Priya Nair, our lab manager")
        surname = re.match(r"(?:\s+[A-Z][a-zA-Z'’-]+)?", text[end:end + 30])
        at = end + surname.end()
        role = _ROLE_AFTER.match(text, at) or _CREDENTIAL_AFTER.match(text, at)
    return bool(role) and not _CARED_FOR.search(text, *doc.sentence(start))


def _name_finding(doc: Doc, allow: AllowList, name_start: int, name: str, *,
                  honorific: str | None = None, span_start: int | None = None) -> Finding | None:
    """A finding for the name at name_start, unless it is an eponym, an institution, a clinician,
    or a professional named with a credential."""
    name = _bare(_trim_trailing_non_person(name))  # "Maria's" -> "Maria"
    end = name_start + len(name)
    if _CREDENTIAL_AFTER.match(doc.text, end) and not (honorific or "").lower().startswith(("mr", "mrs", "ms", "miss")):
        return None
    if _bare(name.split()[0]).lower() in _NOT_A_PERSON or _followed_by_non_person(doc.text, end):
        return None
    if _is_brand(doc.text, name_start if span_start is None else span_start):
        return None
    if allow.allows_name(name, honorific):
        return None
    if _in_professional_role(doc, name_start if span_start is None else span_start, end, honorific) and not (
            allow.resembles_clinician(name)):
        return None
    if not honorific and name.lower() in doc.introduced_first_names(allow):
        return None
    if not honorific and name.lower() in allow.roster_words() and _listed_with_staff(doc.text, allow, name_start, end):
        return None
    return make_finding("phi.name", name_start if span_start is None else span_start, end, doc.text)


_TAG_RELATIONS = frozenset("grandpa grandma granny nana papa pops uncle aunt auntie baby little mama mom dad coach "
                           "miss mister mr mrs sister brother cousin".split())


# A roll call of the team: "from Dr. Okafor, Dr. Lee, Priya, Sam", "book with Dr. Okafor or Priya".
_STAFF_BEFORE = re.compile(r"(?:(?P<hon>Dr|Nurse|Doctor)\.?\s+)?(?P<who>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\s*(?:,|\s+or|\s+and|\s*&)\s+$")
_STAFF_AFTER = re.compile(r"\s*(?:,|\s+or|\s+and|\s*&)\s+(?:(?P<hon>Dr|Nurse|Doctor)\.?\s+)?(?P<who>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)")


def _listed_with_staff(text: str, allow: AllowList, start: int, end: int) -> bool:
    """A clinician's first name in a list next to another of the practice's clinicians is that clinician."""
    for m in (_STAFF_BEFORE.search(text, max(0, start - 40), start), _STAFF_AFTER.match(text, end)):
        if m and (allow.allows_name(m.group("who"), m.group("hon")) or m.group("who").lower() in allow.roster_words()):
            return True
    return False


def _hashtag_is_personal(tag: str) -> bool:
    lowered = tag.lower()
    tokens = _NAME_TOKEN.findall(tag)
    # "#GoGrandpaWalt", "#TeamAuntieRo": a relation followed by a name is one person.
    if any(t.lower() in _TAG_RELATIONS and i + 1 < len(tokens) and tokens[i + 1][0].isupper()
           for i, t in enumerate(tokens)):
        return True
    if lowered.startswith(_TAG_ALWAYS_PERSONAL) and len(lowered) > 4:
        return True
    # A lone "#Summer" or "#Hope" is a season or a feeling far more often than a person: names
    # that are also words count only inside a personal frame (#PrayForHope, #HopeStrong) below.
    if any(t.lower() in _UNAMBIGUOUS_GIVEN_NAMES for t in _NAME_TOKEN.findall(tag) if t[0].isupper()):
        return True
    # "#StrongLikeBenny": any Census given name that is not also an everyday word
    if any(t in census_first_names() and zipf(t) < 3.8 for t in _NAME_TOKEN.findall(tag)[1:] if t[0].isupper()):
        return True
    core = lowered
    for prefix in _TAG_PREFIXES:
        core = core.removeprefix(prefix)
    for suffix in _TAG_SUFFIXES:
        core = core.removesuffix(suffix)
    return core != lowered and (core in _ALL_GIVEN_NAMES or core.capitalize() in census_first_names())


_WORD_JOINERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'’.-_")


def _relation_cues(doc: Doc) -> Iterator[re.Match[str]]:
    text, lower = doc.text, doc.lower
    for word in doc.matches_at_words(_RELATION_WORD, _RELATION_WORDS, on_lower=True):
        start, end = word.span()
        if start and lower[start - 1].isalpha():
            continue
        # The anchored look for a name after the word fails at once on most occurrences, so it
        # goes before the (dearer) search backwards for the determiner.
        m = _NAME_AFTER_RELATION.match(text, end)
        if m and _DETERMINER_BEFORE.search(text, max(0, start - 40), start):
            yield m


# "mrs. delacroix, thank you": an honorific typed in lower case, before a word no dictionary knows.
_LOWER_HONORIFIC = re.compile(r"(?<![\w.])(?:mr|mrs|ms|mx|miss)\.?\s+(?P<name>[a-z][a-z'’-]{2,})")
# A greeting, thanks or congratulations spoken to one person, named at the end of the clause:
# "Happy 1-year cancer-free anniversary, Sunny Park!", "Thanks for the review, Deb from the Tuesday class".
_GREETING = re.compile(
    r"(?i)^\W*(?:happy|congrat\w*|thanks?|thank\s+you|welcome|well\s+done|great\s+job|way\s+to\s+go|cheers|kudos|hats\s+off"
    r"|proud\s+of\s+you|hugs|love\s+you|good\s+luck|get\s+well|best\s+wishes|we\s+miss\s+you|so\s+glad|glad)\b[^,.!?]{0,80},\s+$")
_GREETING_START = re.compile(_GREETING.pattern.split(r"\b[^,.!?]")[0].replace("^", "", 1) + r"\b")  # match() anchors at pos
_VOCATIVE_NAME = re.compile(r"(?:(?:baby|little|lil|sweet|miss|mister|our)\s+)?(?P<name>[A-Z][a-z]+(?:-[A-Z][a-z]+)?(?:\s+[A-Z][a-z]+(?:-[A-Z][a-z]+)?)?)(?=\s*(?:[!.?,;:—–]|$|\s+(?:from|in|of|and)\b|\s+\W))")


# The first word of every greeting _GREETING_START knows, but "congrat…".
_GREETING_WORDS = frozenset("happy thanks thank welcome well great way cheers kudos hats proud hugs love good get best we so glad"
                            .split())


def _may_greet(doc: Doc) -> bool:
    """Can any sentence open with a greeting? In an ASCII text, where (?i) matches only ASCII letters, the
    greeting's first word is then in Doc.words: one set test spares an anchored match per sentence."""
    return not doc.text.isascii() or doc.has_word(*_GREETING_WORDS) or doc.mentions("congrat")


def _greeted_names(doc: Doc, allow: AllowList) -> Iterator[Finding]:
    text = doc.text
    roster = allow.roster_words()
    for start, end in doc.sentences() if _may_greet(doc) else ():
        if not _GREETING_START.match(text, start, end):  # most sentences start otherwise: one anchored match rules them out
            continue
        for comma in re.finditer(r",\s+", text[start:end]):
            at = start + comma.end()
            if not _GREETING.search(text[start:at]):
                continue
            m = _VOCATIVE_NAME.match(text, at)
            if not m or m.end() > end:
                continue
            words = m.group("name").split()
            first = words[0]
            if first.lower() in roster or first.lower() in _NOT_A_PERSON or first in STATE_NAMES:
                continue
            listed = first in _LISTED_GIVEN_NAMES or first in census_first_names()
            # a name that is also a word ("Sunny") needs its surname; an unknown word counts alone
            if (listed and (zipf(first) < _EVERYDAY or len(words) == 2)) or _unknown_word(first, places_too=False, max_zipf=2.5):
                # spoken to, so "Sunny Park" is a person, not a park: no eponym or institution check
                if not allow.allows_name(m.group("name")) and not _in_professional_role(doc, m.start(), m.end(), None):
                    yield make_finding("phi.name", m.start("name"), m.end(), text)


def find_names(doc: Doc, allow: AllowList) -> Iterator[Finding]:
    yield from _listed_and_cued_names(doc, allow)
    yield from _greeted_names(doc, allow)
    for m in doc.matches_at_words(_LOWER_HONORIFIC, ("mr", "mrs", "ms", "mx", "miss")):
        # "ms. henrietta": after a typed honorific a given name counts however common the word is
        if ((zipf(m.group("name")) < 3.0 or m.group("name").capitalize() in census_first_names())
                and m.group("name") not in DRUG_NAMES):
            yield make_finding("phi.name", m.start(), m.end(), doc.text)
    yield from find_name_candidates(doc, allow)
    yield from _given_names_in_person_frames(doc, allow)


def _listed_and_cued_names(doc: Doc, allow: AllowList) -> Iterator[Finding]:
    text = doc.text
    for m in _HONORIFIC.finditer(text):
        if m.start() and text[m.start() - 1].isalnum():
            continue
        if finding := _name_finding(doc, allow, m.start("name"), m.group("name"), honorific=m.group("hon"),
                                    span_start=m.start()):
            yield finding
    for m in _relation_cues(doc):
        name = m.group("name")
        words = name.split()
        if (m.group("named") or len(words) == 2 or _bare(words[0]) in _LISTED_GIVEN_NAMES
                or _candidate_name((_bare(words[0]),), places_too=True, max_zipf=4.0)):
            if finding := _name_finding(doc, allow, m.start("name"), name):
                yield finding
    consumed_to = 0  # "Jenny Craig": the surname is part of the name already seen, not a new one
    # The loop acts only on listed given names: findall and one set intersection (C loops) skip it in a
    # text that has none, instead of a Python step per capitalised word.
    has_given_names = not FIRST_NAMES.isdisjoint(_CAPITALISED_WORD.findall(text))
    for word in _CAPITALISED_WORD.finditer(text) if has_given_names else ():
        if word.group() not in FIRST_NAMES or word.start() < consumed_to:
            continue
        m = _GIVEN_NAME.match(text, word.start())
        consumed_to = m.end()
        name = m.group("name")
        first = name.split()[0]
        if _bare(first) not in FIRST_NAMES or (m.start() and text[m.start() - 1] in _WORD_JOINERS) or _LEADING_PLACE_WORDS.search(text, max(0, m.start() - 8), m.start()):
            continue
        if "'" in first or "’" in first:  # "Maria's A1c": the possessive ends the name
            name = first
        if finding := _name_finding(doc, allow, m.start(), name):
            yield finding
    # every match opens with a capital and a period: the periods (few, found at C speed) say where to try
    initials_at = (period.start() - 1 for period in _PERIOD_AFTER_CAPITAL.finditer(text))
    for m in matches_from(_BARE_INITIALS, text, initials_at):
        if m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] == "."):
            continue
        if m.group("name").replace(" ", "") not in _NOT_INITIALS and doc.cue_in_sentence(PERSON_CUE, m.start()):
            yield make_finding("phi.name", m.start(), m.end(), text)
    adjectives = doc.has_word("little", "baby", "young", "sweet", "brave", "poor", "dear", "old")
    for adjective in _ADJECTIVE.finditer(doc.lower) if adjectives else ():
        m = _ADJECTIVE_PERSON.match(text, adjective.start())
        if m and m.group("name").lower() not in DRUG_NAMES:
            if finding := _name_finding(doc, allow, m.start("name"), m.group("name")):
                yield finding
    for m in doc.matches_at_words(_PSEUDONYM, _PSEUDONYM_STARTS):
        if finding := _name_finding(doc, allow, m.start("name"), m.group("name")):
            yield finding
    # a possessive opens with an apostrophe and "s": tried only where str.find finds one (few in most texts)
    possessives = matches_from(_POSSESSIVE_RELATION, text, sorted([*doc.positions_of("'s"), *doc.positions_of("’s")]))
    for matches in (_APPOSITIVE_AGE.finditer(text), possessives):
        for m in matches:
            before = _WORD_BEFORE.search(text, max(0, m.start() - 30), m.start())
            if before and (finding := _name_finding(doc, allow, before.start("name"), before.group("name"))):
                yield finding
    for m in _HASHTAG.finditer(text) if doc.mentions("#") else ():
        if _hashtag_is_personal(m.group("tag")):
            yield make_finding("phi.name", m.start(), m.end(), text,
                               message="This hashtag names a person, which can identify a patient.")


# ---- Philter-style candidates ---------------------------------------------------------------
# A token no list knows ("Arceneaux", "Castellanos-Ruiz", "yoakum") is a name when it is not an
# English word (wordfreq's list), not a medicine, a medical term or a place, and something only
# a person does or is sits right beside it.
_NAME_TOKEN_CAP = re.compile(r"[A-Z](?:\.\s[A-Z])?[a-z]+(?:[-'’][A-Z][a-z]+)?(?:\s[A-Z][a-z]+(?:-[A-Z][a-z]+)?)?")
_MEDICAL_ENDINGS = ("itis", "osis", "emia", "ectomy", "otomy", "ostomy", "plasty", "scopy", "gram", "graphy", "pathy",
                    "algia", "oma", "ase", "cillin", "mab", "nib", "vir", "zole", "pam",
                    "azepam", "phen", "profen", "mycin", "cycline", "statin", "pril", "sartan", "gliptin", "glutide")
# Something only a person does, right after the name.
_PERSON_AFTER = re.compile(
    r"(?:\s+[A-Z][a-z]+)?(?:,?\s+(?:who|whose)\b|\s*[,(]\s*(?:our|my|a|the)\s+(?:[\w-]+\s+){0,2}?patient\b"
    r"|\s+(?:agreed|told|said|says|asked|came|walked|shared|wrote|emailed|texted|thanked|loves|wanted|wants|celebrated"
    r"|turned|finished|returned|brought|noticed|smiled|laughed|cried|hiked|completed|graduated|underwent|let\s+us"
    r"|lost|gained|beat|quit|kicked|survived|rang|reached|stopped\s+by|dropped\s+by|ran|walked|delivered|gave\s+birth"
    r"|was\s+(?:diagnosed|admitted|discharged|born|treated|seen)|is\s+(?:recovering|doing\s+well|now|back)"
    r"|has\s+(?:agreed|been\s+(?:coming|seeing|managing|living))|gave\s+us)\b"
    r"|\s+for\s+(?:finishing|completing|sharing|beating|bringing|knitting|baking|running|walking|being\s+so)\b)")
# A cue right before the name that only a person fits.
_PERSON_BEFORE = re.compile(
    r"(?i:\b(?:thanks?\s+(?:you\s+)?to|thank\s+you,?|thanks,|congratulations(?:\s+to|,)|congrats(?:\s+to|,)"
    r"|welcome(?:\s+back)?,?|happy\s+birthday,?|get\s+well\s+soon,?|meet|spotlight:"
    r"|patient\s+of\s+the\s+(?:month|week|year)(?:\s+is)?|named|called|known\s+as|say\s+hello\s+to"
    r"|shout-?out\s+to|(?:our|my|a)\s+patient,?|patient|dear|love\s+you,?|in\s+memory\s+of|remembering"
    r"|welcome\s+home,?(?:\s+to)?|sending\s+(?:our\s+)?(?:love|prayers|hugs|thoughts|wishes)\s+to"
    r"|(?:prayers|hugs|thoughts)\s+for|proud\s+of))\s+$")
# Of those, the ones only a person fits, after which an uncommon word ("Desmond", "Nate") counts too;
# after "thanks to" or "meet" a company or a place is as likely ("thanks to Walgreens").
_PERSONAL_BEFORE = re.compile(
    r"(?i:\b(?:welcome\s+(?:back|home),?(?:\s+to)?|congratulations(?:\s+to|,)|congrats(?:\s+to|,)|happy\s+birthday,?"
    r"|get\s+well\s+soon,?|in\s+memory\s+of|remembering|patient\s+of\s+the\s+(?:month|week|year)(?:\s+is)?|named"
    r"|sending\s+(?:our\s+)?(?:love|prayers|hugs|thoughts|wishes)\s+to|(?:prayers|hugs|thoughts)\s+for|proud\s+of"
    r"|(?:our|my)\s+patient,?))\s+$")
# "the Villanueva family", "the Nakamura family's": a surname.
_FAMILY_WORDS = ("family", "household", "twins", "triplets", "kids", "clan")
_FAMILY = re.compile(r"\b[Tt]he\s+(?P<name>[A-Z][a-z]+(?:-[A-Z][a-z]+)?)\s+(?:" + "|".join(_FAMILY_WORDS) + r")\b")
# After a strong cue, lower-case names count too ("patient of the month is brenda yoakum").
# Cues strong enough that a lower-case word nobody's dictionary knows after them is a name.
_LOWER_NAME_CUE = re.compile(
    r"(?<![a-z])(?:named|called|patient\s+of\s+the\s+(?:month|week|year)(?:\s+is)?|meet|thanks?(?:\s+again)?\s+to"
    r"|thank\s+you(?:\s+again)?,?|(?:big\s+)?thank-you\s+to|congrats(?:\s+to)?,?|congratulations(?:\s+to)?,?|shout-?outs?\s+to|welcome\s+back,?"
    r"|happy\s+birthday,?|get\s+well\s+soon,?|proud\s+of)\s+")
# Every _LOWER_NAME_CUE starts with one of these words, for Doc.matches_at_words.
_LOWER_NAME_CUE_STARTS = ("named", "called", "patient", "meet", "thank", "thanks", "big", "congrats", "congratulations",
                          "shout", "shoutout", "shoutouts", "welcome", "happy", "get", "proud")
_LOWER_NAME = re.compile(r"[a-z]+(?:[-'’][a-z]+)?(?:\s[a-z]+(?:-[a-z]+)?)?")


def _unknown_word(word: str, places_too: bool, max_zipf: float = 0.0) -> bool:
    """Not an English word, a medicine, a medical term or a state (nor, unless places_too, a US
    town: many surnames are towns, so a strong person cue lets "Yoakum" and "Bao" count): a name
    candidate. After a verb only people do, uncommon words (max_zipf 3.5: "Bao", "Nguyen") count too."""
    lowered = word.lower()
    if zipf(word) > max_zipf or lowered in DRUG_NAMES or lowered.endswith(DRUG_SUFFIXES + _MEDICAL_ENDINGS):
        return False
    return word not in STATE_NAMES and lowered not in _NOT_A_PERSON and (places_too or word not in us_places())


@lru_cache(maxsize=8192)
def _candidate_name(words: tuple[str, ...], places_too: bool = False, max_zipf: float = 0.0) -> bool:
    """At least one word is unknown and the others are given names or uncommon words ("Ruiz" in
    "Castellanos-Ruiz"); names made only of known given names are found above."""
    cores = [w.rstrip(".") for w in words if len(w.rstrip(".")) > 1]
    parts = [p for w in cores for p in re.split(r"[-'’]", w) if p]
    return bool(parts) and any(_unknown_word(p, places_too, max_zipf) for p in parts) and all(
        _unknown_word(p, places_too, max_zipf) or p.lower() in _ALL_GIVEN_NAMES or zipf(p) < 3.5 for p in parts)


@lru_cache(maxsize=1)
def _everyday_words_not_names() -> frozenset[str]:
    """Words more common than Zipf 3.5 that are not also given names: a capitalised one is not a name candidate."""
    return frozenset(word for word, value in zipf_table().items() if value > 3.5 and word not in _ALL_GIVEN_NAMES)


def _opens_with_everyday_word(token: str, everyday: frozenset[str]) -> bool:
    first = token.split(None, 1)[0].rstrip(".")
    return len(first) > 1 and first.lower() in everyday


def find_name_candidates(doc: Doc, allow: AllowList) -> Iterator[Finding]:
    text = doc.text
    roster = allow.roster_words()
    # Most capitalised tokens are everyday words ("The", "Walking"), and they repeat: each distinct token is
    # judged once, each occurrence then costs one dict look-up.
    everyday = _everyday_words_not_names()
    maybe_names: dict[str, bool] = {}
    for m in _NAME_TOKEN_CAP.finditer(text):
        token = m.group()
        maybe = maybe_names.get(token)
        if maybe is None:
            maybe = maybe_names[token] = not _opens_with_everyday_word(token, everyday)
        if not maybe or m.start() and text[m.start() - 1] in _WORD_JOINERS:
            continue
        words = tuple(token.split())
        first_then_surname = len(words) == 2 and _candidate_name(words[:1], places_too=True, max_zipf=3.5)
        if (not (first_then_surname or _candidate_name(words, places_too=True, max_zipf=3.5))
                or all(w.lower() in roster for w in words)):  # "Tobias Nguyen" is not "Tobias Wren"
            continue
        strong_before = _PERSON_BEFORE.search(text, max(0, m.start() - 40), m.start())
        if (_PERSON_AFTER.match(text, m.end())
                or strong_before and (_candidate_name(words, places_too=True) or len(words) == 2
                                      and _candidate_name(words[:1], places_too=True))
                or _PERSONAL_BEFORE.search(text, max(0, m.start() - 40), m.start())
                or len(words) >= 2 and _candidate_name(words) and doc.cue_in_sentence(PERSON_CUE, m.start())):
            if finding := _name_finding(doc, allow, m.start(), m.group()):
                yield finding
    for m in doc.matches_at_words(_FAMILY, ("the",)) if doc.has_word(*_FAMILY_WORDS) else ():
        if (_candidate_name((m.group("name"),), places_too=True, max_zipf=3.5) and m.group("name").lower() not in roster
                and not allow.allows_place(m.group("name"))):  # "the Riverbend family" is the practice
            if finding := _name_finding(doc, allow, m.start("name"), m.group("name")):
                yield finding
    for cue in doc.matches_at_words(_LOWER_NAME_CUE, _LOWER_NAME_CUE_STARTS, on_lower=True):
        m = _LOWER_NAME.match(text, cue.end())
        if not m or m.group() != m.group().lower():
            continue
        words = tuple(w.capitalize() for w in m.group().split())
        # "congrats to oluwaseun on finishing rehab": the name may be one word followed by an everyday one
        # "thank-you to bobby mcallister": a listed given name and an uncommon surname
        given_and_surname = (len(words) == 2 and (words[0] in FIRST_NAMES or words[0] in census_first_names())
                             and zipf(words[1]) < 3.5)
        for taken in (words, words[:1]):
            if ((_candidate_name(taken, places_too=True) or given_and_surname and taken == words)
                    and not all(w.lower() in roster for w in taken)):
                yield make_finding("phi.name", m.start(), m.start() + len(" ".join(taken)), text)
                break


# ---- Given names in a person frame ------------------------------------------------------------
# A Census given name, or a word no English list knows ("Lupe", "Kwame"), is a person when a frame
# only people fit sits beside it: something people do right after it ("Precious stopped skipping
# her pills", "Sunny, who quit vaping"), a possessive of a body part, a relative or their care
# ("Marguerite's hip", "Cosmo's parents"), or a personal cue before it ("congrats to Joy",
# "give it up for Sunny"). A name that is also an everyday word ("Bill", "Hope", "Joy") must also
# be taken up by a personal pronoun in the same sentence, so "Hope was in short supply" stays a word.
_WORD_TOKEN = re.compile(r"(?P<name>[A-Z](?<![\w'’.@#/-].)[^\W\d_A-Z]+(?:-[A-Za-z][^\W\d_A-Z]+)?)(?P<close>[*_]{0,3})")
# A parenthesis between the name and what the person does: "Pepper (yes, her real name!) brought …"
_ASIDE = re.compile(r"\s*\([^()\n]{1,60}\)")
# An aside that says the word is a name: "Pepper (yes, that's her real name!)", "Jojo (not his real name)".
_NAME_ASIDE = re.compile(r"(?i)\s*\((?:[^()\n]{0,20}\b)?(?:his|her|their|a|the)\s+(?:real\s+|actual\s+|given\s+|legal\s+)?name\b")
# Lower-case given names in an all-lower-case post: "jamal wanted everyone to know his hernia repair went well".
_LOWER_GIVEN_NAME = re.compile(
    r"[\s*_>\"“-]*(?P<name>[a-z]{3,})(?=\s+(?:wanted|wants|was\s+back|is\s+back|finally|just|came|stopped|quit|finished"
    r"|turned|told|asked|said|says|brought|sent|dropped|completed|beat|rang|walked|had|got|made|hit|celebrated)\b"
    r"|\s+and\s+(?:his|her|their)\s+(?:mom|mother|dad|father|wife|husband|son|daughter|kids|grandma|grandpa|family|parents)\b)")
# The words right after the name in _LOWER_GIVEN_NAME, but "and his/her/their": without one, no sentence is tried.
_LOWER_GIVEN_NAME_VERBS = frozenset("""wanted wants was is finally just came stopped quit finished turned told asked said says
brought sent dropped completed beat rang walked had got made hit celebrated""".split())


def _may_open_with_lower_case_name(doc: Doc) -> bool:
    """Does the text have a word _LOWER_GIVEN_NAME needs after the name? One set test spares a match per sentence."""
    return doc.has_word(*_LOWER_GIVEN_NAME_VERBS) or doc.has_word("and") and doc.has_word("his", "her", "their")


_PERSON_DOES = re.compile(
    r"(?:\s+[A-Z]\.(?=\s))?(?:,\s+who\b|\s+(?:was|is)\s+(?:so\s+\w+\b|back|home|healing|recovering|doing|finally|now|out|up|discharged|admitted|born"
    r"|diagnosed|treated|seen|cleared|cancer-free|here|in\s+for)\b|['’]s\s+(?:back|home|healing|recovering|doing)\b"
    r"|\s+(?:finally\s+|just\s+)?(?:stopped|quit|kicked|turned|finished|beat|rang|agreed|walked|ran|completed|graduated"
    r"|celebrated|told|asked|brought|sent|dropped|came|stopped|started|survived|welcomed|lost|gained|got|had|made|took"
    r"|hit|reached|waved|hugged|thanked|shared|wrote|baked|knitted|knit|donated|visited|says|said|wants|loves|hates)\b)")
_POSSESSIVE_CARE = re.compile(
    r"['’]s\s+(?:new\s+|first\s+|latest\s+|last\s+)?(?:hip|knee|shoulder|back|heart|lungs?|kidneys?|liver|hearing|speech|sight"
    r"|vision|eyes?|ears?|skin|blood|sugar|a1c|labs?|scan|biopsy|results?|cancer|tumou?r|chemo|rehab|therapy|treatment"
    r"|recovery|surgery|procedure|operation|transplant|stitches|cast|cough|fever|rash|asthma|diabetes|seizures?|symptoms"
    r"|appointment|visit|follow-up|checkup|check-up|stroke|fall|fracture|pregnancy|due\s+date|delivery|birthday|funeral"
    r"|wedding|story|journey|fight|battle|smile)\b")
_PERSONAL_CUE_BEFORE = re.compile(
    r"(?i:\b(?:thanks?(?:\s+(?:again|so\s+much))?(?:\s+to)?|thank\s+you(?:\s+(?:again|so\s+much))?(?:\s+to)?|congrats(?:\s+to)?"
    r"|congratulations(?:\s+to)?|shout-?outs?\s+to|big\s+hugs?\s+to|give\s+it\s+up\s+for|cheers\s+to|kudos\s+to"
    r"|(?:comes|came)\s+from|proud\s+of|welcome\s+(?:back|home)|happy\s+birthday|get\s+well\s+soon|go|love\s+you"
    r"|thank-you\s+to|hi|hello|hey|dear|(?:star|hero|champ|champion|warrior|mvp|winner|patient)\s+(?:of\s+the\s+\w+|this\s+\w+)\s+is"
    r"|(?:helping|helped|help|teaching|taught|showing|showed|coaching|coached|treating|treated|giving|gave"
    r"|letting|let|driving|drove|taking|took|bringing|brought|cheering\s+on|cheered\s+on|hugging|hugged|visiting|visited"
    r"|welcoming|welcomed))"
    r",?\s+(?:to\s+)?(?:[*_]{1,3})?)$")
_PRONOUN = re.compile(r"\b(?:he|she|his|her|hers|him|himself|herself)\b", re.IGNORECASE)
_EVERYDAY = 4.0  # Zipf at which a capitalised given name is as likely an everyday word ("Bill", "Joy", "Sunny")


# The last word of every _PERSONAL_CUE_BEFORE cue: a set look-up rules out most words before the
# (dearer) backwards search runs.
_CUE_LAST_WORDS = frozenset("""is to you thanks thank congrats congratulations for from of back home birthday soon go hi hello hey dear
thank-you helping helped help teaching taught showing showed coaching coached treating treated giving gave letting let
driving drove taking took bringing brought on hugging hugged visiting visited welcoming welcomed""".split())
_LAST_WORD = re.compile(r"([\w-]+)\W*$")


def _cue_word_before(text: str, start: int) -> bool:
    m = _LAST_WORD.search(text, max(0, start - 20), start)
    return bool(m) and m.group(1).lower() in _CUE_LAST_WORDS


def _given_name_like(word: str) -> bool:
    if word in _LISTED_GIVEN_NAMES or word in census_first_names():
        return True
    return _unknown_word(word, places_too=False, max_zipf=2.5)


# The regex engine, not a Python loop over every capitalised word, finds the few tokens with a frame
# after them (an action, a possessive, an aside) or a cue word before them; each is then judged in full.
# Every frame opens with a space, "(", "," or an apostrophe. Checking that first spares the frame's many
# alternatives at each shorter word the engine backtracks to ("Bloo" in "Blood"), which a letter follows.
_TOKEN_WITH_FRAME_AFTER = re.compile(
    _WORD_TOKEN.pattern + r"(?=[\s(,'’])(?=\s*\(|['’]s\s|" + _PERSON_DOES.pattern + ")")
# A capital that may follow a cue word: once the spaces, commas, "*" and "_" before it are stripped, a letter
# must end what is left. So a letter then one such gap character, or at least two of them (the loop checks
# the rest). The sentence starts and line starts that are most capitals are thus passed over by the regex
# engine, not by Python. The capital first: the engine skips ahead to capitals fast.
# The first word of every _PERSON_DOES frame but the possessive ones (an apostrophe is checked instead).
_FRAME_WORDS = frozenset("""who was is finally just stopped quit kicked turned finished beat rang agreed walked ran completed
graduated celebrated told asked brought sent dropped came started survived welcomed lost gained got had made took hit reached
waved hugged thanked shared wrote baked knitted knit donated visited says said wants loves hates""".split())
_CAPITAL_AFTER_LETTER = re.compile(r"[A-Z](?:(?<=[^\W\d_][ ,*\t].)|(?<=[ ,*_\t][ ,*\t].))")


def _may_have_frames(doc: Doc) -> bool:
    """Can any word have a frame after it? Every frame needs a "(", an apostrophe and "s", or one of its words."""
    return doc.mentions("(", "'s", "’s") or doc.has_word(*_FRAME_WORDS)


def _framed_tokens(doc: Doc) -> list[re.Match[str]]:
    text = doc.text
    found = {m.start(): m for m in _TOKEN_WITH_FRAME_AFTER.finditer(text)} if _may_have_frames(doc) else {}
    for capital in _CAPITAL_AFTER_LETTER.finditer(text):
        at = capital.start()
        before = text[max(0, at - 24):at].rstrip(" ,*_\t")
        if (at not in found and before and before[-1:].isalpha() and before.rsplit(None, 1)[-1].lower() in _CUE_LAST_WORDS
                and (m := _WORD_TOKEN.match(text, at))):
            found[at] = m
    return [found[k] for k in sorted(found)]


def _given_names_in_person_frames(doc: Doc, allow: AllowList) -> Iterator[Finding]:
    text = doc.text
    roster = allow.roster_words()
    for m in _framed_tokens(doc):
        name = m.group("name")
        lowered = name.lower()
        if _NAME_ASIDE.match(text, m.end()) and lowered not in roster and lowered not in _NOT_A_PERSON:
            if finding := _name_finding(doc, allow, m.start("name"), name):
                yield finding
            continue
        if (lowered in roster or lowered in _NOT_A_PERSON or lowered in DRUG_NAMES or name in STATE_NAMES
                or not _given_name_like(name)):
            continue
        after = m.end()
        if aside := _ASIDE.match(text, after):
            after = aside.end()
        framed = (_PERSON_DOES.match(text, after) or _POSSESSIVE_CARE.match(text, m.end("name"))
                  or _POSSESSIVE_RELATION.match(text, m.end("name"))
                  or _cue_word_before(text, m.start()) and _PERSONAL_CUE_BEFORE.search(text, max(0, m.start() - 40), m.start()))
        if not framed:
            continue
        if zipf(name) >= _EVERYDAY:
            start, end = doc.sentence(m.start())
            if not _PRONOUN.search(text, m.end(), end) and not text.startswith(", who", m.end("name")):
                continue
        if finding := _name_finding(doc, allow, m.start("name"), name):
            yield finding
    for start, end in doc.sentences() if _may_open_with_lower_case_name(doc) else ():
        # an all-lower-case post starts its sentences with the name
        m = _LOWER_GIVEN_NAME.match(text, start)
        if not m:
            continue
        name = m.group("name")
        if ((name.capitalize() in FIRST_NAMES or name.capitalize() in census_first_names() and zipf(name) < _EVERYDAY)
                and name not in roster
                and _PRONOUN.search(text, m.end(), end)):
            yield make_finding("phi.name", m.start("name"), m.end("name"), text)
