"""Context cues shared by several recognizers: is this sentence about one particular person?"""
from __future__ import annotations

import re

from ..context import cue_first_words

# A sentence about one person, or about a visit, rather than about people in general.
# Written to run on Doc.lower. The leading look-behind rejects positions inside a word at once
# (measured: 2-3 times faster than trying every alternative at every letter); Doc.cue_between
# keeps only word starts anyway.
PERSON_CUE = re.compile(
    r"(?<![a-z0-9])(?:she|he|her|him|his|hers|herself|himself"
    r"|(?:my|our|the|a|this|one)\s+(?:[\w-]+\s+){0,2}patient(?!s)"
    # "our patient portal", "the patient education handout": a thing for patients, not one patient
    r"(?!\s+(?:portal|education|experience|safety|services?|advocates?|forms?|handbook|rights|satisfaction|parking|lounge"
    r"|entrance|line|survey|information|resources|center|centre|navigator|privacy|billing|account|app|guide|handouts?))|patient\s+(?:named|[a-z]\.\s?[a-z](?=\.))"
    r"|(?:we|i)\s+(?:\w+ly\s+)?(?:treated|operated\s+on|diagnosed|cared\s+for)|operated\s+on"
    r"|came\s+(?:in|back|to\s+see)|walked\s+in(?:to)?|brought\s+(?:in|her|him)|was\s+(?:admitted|seen|discharged)"
    r"|admitted|discharged|(?:i|we)\s+(?:saw|met|visited)|passed\s+away|died|date\s+of\s+birth|dob|born|birthday"
    r"|(?:mr|mrs|ms|mx)\.?\s"
    # someone the practice sent on for care: "the man we sent to the ER", "a teen we rushed to Mercy"
    r"|(?:the|a|this|one)\s+family\s+(?:with|who|whose)"
    # one particular person by description: "the mom who delivered in our birthing center"
    r"|(?:the|this|our)\s+(?:[\w-]+\s+){0,2}?(?:mom|mother|dad|father|man|woman|lady|gentleman|teen|boy|girl|baby|couple|grandmother"
    r"|grandfather|widow|widower|toddler|newborn)\s+who"
    r"|(?:we|i)\s+(?:sent|rushed|referred|transferred|transported)(?:\s+(?:him|her|them))?\s+to|sent\s+to\s+the\s+(?:er|ed|icu|hospital))\b")
# Every alternative above opens with one of these words, whole: a new alternative's first word goes here too.
cue_first_words(PERSON_CUE, """she he her him his hers herself himself my our the a this one patient we i operated came walked
brought was admitted discharged passed died date dob born birthday mr mrs ms mx sent""".split())

# Bylines and edit stamps carry dates and names that belong to the article, not to a patient.
BYLINE_CUE = re.compile(r"(?<![a-z0-9])(?:published|updated|posted|reviewed|modified|last\s+edited)\b")

# What else ties a town, a role or an event to someone the practice cares for, beyond
# PERSON_CUE's pronouns and visits: "a patient", "three patients", "a farmer we see", "told us",
# "a resident", "who runs". Patients in general ("we see patients from Chatham") are no one.
# On Doc.lower; use about_someone(), which checks both.
CARE_CUE = re.compile(
    r"(?<![a-z0-9])(?:patient|one\s+of\s+our\s+patients|(?:two|three|four|five|six|seven|eight|nine|ten|\d+)\s+(?:[\w-]+\s+)?patients"
    r"|(?:we|i)\s+(?:\w+ly\s+)?(?:treated|saw|helped|(?:treat|see)(?!\s+(?:patients|people|families|kids|children|adults|many"
    r"|all|lots|most|more|a\s+lot)))|came\s+to\s+us|told\s+us|with\s+us|(?:a|one|the)\s+resident"
    r"|our\s+(?:first\s+|latest\s+|last\s+)?(?:[\w-]+\s+)?case|tested\s+positive"
    r"|who\s+(?:lives|runs|owns|works|won|was|is)"
    # one particular person described: "the mom who gave birth to …", "a man who collapsed at …"
    r"|(?:the|a|one|our)\s+(?:[\w-]+\s+)?(?:mom|mother|dad|father|man|woman|lady|gentleman|teen|boy|girl|grandmother"
    r"|grandfather|couple|widow|widower|family|household)\s+who\s+(?!\w+\s+(?:often|usually|typically))\w+"
    # one person placed somewhere: "a young mom in the Briarwood Estates subdivision", "a woman from rural Pike County"
    r"|(?:a|an|one|the|our)\s+(?:[\w'’-]+\s+){0,2}?(?:mom|mother|dad|father|man|woman|lady|gentleman|teen|boy|girl|grandmother"
    r"|grandfather|couple|widow|widower|farmer|veteran|retiree|family|household|child|kids|baby|newborn|twins|triplets"
    r"|survivor|warrior|graduate|caregiver|camper|fighter)"
    r"\s+(?:in|from|of|out\s+in|near|on|at)\s+(?!(?:her|his|their)\s+\d)"
    # a visit to someone's home: "our home-visit nurse loved meeting the newborn triplets at …"
    r"|home[- ]visits?|house\s+calls?"
    # in the practice's care now: "recovering from a hernia repair", "walking again in our rehab program"
    r"|(?:is|was|now)\s+(?:recovering|healing)|recovering\s+(?:from|after)|(?:in|with|through)\s+our\s+(?:[\w-]+\s+){0,2}?(?:support\s+group"
    r"|program|programme|practice|rehab|class|care|unit|ward|icu|nicu|clinic)"
    # someone who just went through care: "the … dentist from our town who just finished chemo"
    r"|who\s+(?:just\s+|recently\s+|finally\s+)?(?:finished|completed|beat|survived|rang\s+the\s+bell|underwent|got\s+(?:his|her|their)))\b")


# An organisation speaking or spoken of: "Call Maple Ridge Family Medicine at", "mailed to … Attn: Health
# Information", "our Northside location (1450 Commerce Blvd)", a "How to reach us" block.
INSTITUTION_NAME = re.compile(
    r"\b(?:[A-Z][\w'’&-]*\s+){1,5}(?:Medicine|Clinic|Health|Hospital|Pharmacy|Center|Centre|Practice|Associates|Foundation"
    r"|Department|Services|Medical\s+Group|Bank|Church|School|Library|University|College)\b|\b(?i:attn|attention)\s*:")
CONTACT_HEADING = re.compile(
    r"(?i)(?:how\s+to\s+(?:reach|find|contact)\s+us|contact\s+us|contact\s+information|our\s+(?:contact|locations?|hours)"
    r"|find\s+us|get\s+in\s+touch)")
# "Our Northside location (1450 Commerce Blvd)": the practice's own sites.
OWN_SITE_BEFORE = re.compile(
    r"(?i)\bour\s+(?:[\w-]+\s+){0,2}?(?:location|site|branch|campus|clinic|office|building|satellite|annex)s?\s*"
    r"(?:\(|is\s+at|is\s+on|at|on|:|,)\s*$")


def about_someone(doc, start: int, end: int) -> bool:
    """Is the text in [start, end) about one particular person or a patient?"""
    return doc.cue_between(PERSON_CUE, start, end) or bool(CARE_CUE.search(doc.lower, start, end))

