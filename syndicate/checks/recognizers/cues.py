"""Context cues shared by several recognizers: is this sentence about one particular person?"""
from __future__ import annotations

import re

# A sentence about one person, or about a visit, rather than about people in general.
# Written to run on Doc.lower (the pattern starts with literals, which the regex engine can
# skip to quickly); the honorific alternative needs the original case.
PERSON_CUE = re.compile(
    r"(?:she|he|her|him|his|hers|herself|himself"
    r"|(?:my|our|the|a|this|one)\s+(?:\w+\s+)?patient(?!s)|patient\s+named"
    r"|came\s+(?:in|back|to\s+see)|walked\s+in(?:to)?|brought\s+(?:in|her|him)|was\s+(?:admitted|seen|discharged)"
    r"|admitted|discharged|(?:i|we)\s+(?:saw|met|visited)|passed\s+away|died|date\s+of\s+birth|dob|born|birthday"
    r"|(?:mr|mrs|ms|mx)\.?\s)\b")

# Bylines and edit stamps carry dates and names that belong to the article, not to a patient.
BYLINE_CUE = re.compile(r"(?:published|updated|posted|reviewed|modified|last\s+edited)\b")
