"""The practice's own contact details and clinicians, matched tolerantly.

Safe Harbor is about the identifiers *of the individual*: the practice's phone, address and
clinicians are not PHI. Matching is by normalized form, so "(217) 555-0142" equals
"217.555.0142" and "1200 Riverbend St." equals "1200 Riverbend Street". A different house
number or phone extension is a near miss and stays flagged.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any, Mapping

import phonenumbers

# National numbers every article may print: emergency, crisis and help lines, public-health
# information lines. Each is a published, staffed public service, never a person's number.
NATIONAL_HOTLINES = {
    "911": "emergency",
    "988": "988 Suicide & Crisis Lifeline (also the Veterans Crisis Line)",
    "1-800-273-8255": "National Suicide Prevention Lifeline (the number before 988)",
    "1-800-222-1222": "Poison Control",
    "1-800-662-4357": "SAMHSA National Helpline (1-800-662-HELP)",
    "1-800-784-8669": "National tobacco quitline (1-800-QUIT-NOW)",
    "1-833-852-6262": "National Maternal Mental Health Hotline (1-833-TLC-MAMA)",
    "1-800-799-7233": "National Domestic Violence Hotline",
    "1-800-656-4673": "RAINN National Sexual Assault Hotline",
    "1-800-422-4453": "Childhelp National Child Abuse Hotline",
    "1-888-373-7888": "National Human Trafficking Hotline",
    "1-800-985-5990": "SAMHSA Disaster Distress Helpline",
    "1-800-950-6264": "NAMI HelpLine",
    "1-800-944-4773": "Postpartum Support International HelpLine",
    "1-866-488-7386": "The Trevor Project",
    "1-877-565-8860": "Trans Lifeline",
    "1-800-232-4636": "CDC-INFO",
    "1-800-633-4227": "Medicare (1-800-MEDICARE)",
    "1-800-677-1116": "Eldercare Locator",
    "1-800-822-7967": "Vaccine Adverse Event Reporting System (VAERS)",
    "1-800-332-1088": "FDA MedWatch",
    "1-800-227-2345": "American Cancer Society",
    "1-800-272-3900": "Alzheimer's Association 24/7 Helpline",
    "1-800-342-2383": "American Diabetes Association",
    "1-800-242-8721": "American Heart Association",
    "1-800-931-2237": "National Eating Disorders Association (former helpline, still printed)",
}
# Toll-free prefixes: a business or a public line, never a patient's own phone, so a toll-free
# number is allowed unless the sentence is about a person ("call his cell at 1-888-…").
TOLL_FREE_AREA_CODES = ("800", "833", "844", "855", "866", "877", "888")
BUILTIN_PHONES = tuple(NATIONAL_HOTLINES)
# Public-health and major professional bodies; a "*." entry allows the whole suffix.
BUILTIN_DOMAINS = (
    "*.gov", "*.mil", "who.int", "*.who.int", "nih.gov", "cdc.gov", "fda.gov", "medlineplus.gov",
    "heart.org", "cancer.org", "diabetes.org", "lung.org", "aap.org", "healthychildren.org", "acog.org",
    "aafp.org", "familydoctor.org", "ama-assn.org", "mayoclinic.org", "clevelandclinic.org",
    "uspreventiveservicestaskforce.org", "cochranelibrary.com", "doi.org", "nejm.org", "jamanetwork.com",
    "bmj.com", "thelancet.com", "nhs.uk", "alz.org", "arthritis.org", "kidney.org",
)

_NAME_CREDENTIALS = re.compile(r",.*$")  # "Ada Okafor, MD" -> "Ada Okafor"
_NAME_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’-]*")

# Postal abbreviations folded to one spelling so either form matches.
_ADDRESS_WORDS = {
    "st": "street", "ave": "avenue", "av": "avenue", "rd": "road", "blvd": "boulevard", "dr": "drive",
    "ln": "lane", "ct": "court", "pl": "place", "ter": "terrace", "cir": "circle", "pkwy": "parkway",
    "hwy": "highway", "trl": "trail", "sq": "square", "ste": "suite", "apt": "apartment",
    "n": "north", "s": "south", "e": "east", "w": "west",
}
_ADDRESS_TOKEN = re.compile(r"[a-z0-9]+")
_ZIP = re.compile(r"\b\d{5}\b")


def address_tokens(text: str) -> tuple[str, ...]:
    words = _ADDRESS_TOKEN.findall(text.lower())
    return tuple(_ADDRESS_WORDS.get(w, w) for w in words)


@dataclass(frozen=True)
class PhoneKey:
    digits: str
    extension: str


@lru_cache(maxsize=4096)
def phone_key(number: str) -> PhoneKey | None:
    """National digits plus extension; None when the text is not a phone number at all."""
    digits = re.sub(r"\D", "", number)
    if len(digits) <= 7:  # 911, 988, local 555-0142: nothing for libphonenumber to add
        return PhoneKey(digits, "") if digits else None
    try:
        parsed = phonenumbers.parse(number, "US")
    except phonenumbers.NumberParseException:
        return None
    national = str(parsed.national_number)
    if parsed.country_code != 1:
        national = f"+{parsed.country_code}{national}"
    return PhoneKey(national, parsed.extension or "")


def _same_line(found: PhoneKey, allowed: PhoneKey) -> bool:
    # A local seven-digit number matches the practice line it ends; the main line printed
    # without its extension is still the practice, but a different extension is not.
    digits_match = found.digits == allowed.digits or (len(found.digits) == 7 and allowed.digits.endswith(found.digits))
    return digits_match and (not found.extension or found.extension == allowed.extension)


def _contains_run(haystack: tuple[str, ...], needle: tuple[str, ...]) -> bool:
    return any(haystack[i:i + len(needle)] == needle for i in range(len(haystack) - len(needle) + 1))


def _as_tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


@dataclass(frozen=True)
class AllowList:
    phones: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> "AllowList":
        """Build from a config mapping; singular keys ("phone", "fax", "email", "address",
        "domain") are accepted next to the plural ones so a site config reads naturally."""
        def pick(*keys: str) -> tuple[str, ...]:
            return tuple(v for k in keys for v in _as_tuple(data.get(k)))
        return cls(phones=pick("phones", "phone", "fax", "faxes"), emails=pick("emails", "email"),
                   addresses=pick("addresses", "address"), names=pick("names", "clinicians"),
                   domains=pick("domains", "domain"))

    # ---- phones -------------------------------------------------------------------------
    @cached_property
    def _phone_keys(self) -> tuple[PhoneKey, ...]:
        keys = (phone_key(p) for p in (*BUILTIN_PHONES, *self.phones))
        return tuple(k for k in keys if k)

    def allows_phone(self, number: str) -> bool:
        found = phone_key(number)
        return found is not None and any(_same_line(found, allowed) for allowed in self._phone_keys)

    def near_miss_phone(self, number: str) -> str | None:
        """The practice number this one nearly equals: another extension or the last digits differ."""
        found = phone_key(number)
        if found is None:
            return None
        for original in self.phones:
            allowed = phone_key(original)
            if allowed and len(allowed.digits) == len(found.digits) and allowed.digits[:-2] == found.digits[:-2]:
                return original
        return None

    # ---- e-mail and domains --------------------------------------------------------------
    @cached_property
    def _domain_patterns(self) -> tuple[str, ...]:
        return tuple(d.lower().strip().removeprefix("www.") for d in (*BUILTIN_DOMAINS, *self.domains))

    def allows_domain(self, host: str) -> bool:
        host = host.lower().rstrip(".").removeprefix("www.")
        for pattern in self._domain_patterns:
            bare = pattern.removeprefix("*.")  # "*.gov" and "cdc.gov" both cover their subdomains
            if host == bare or host.endswith("." + bare):
                return True
        return False

    def looks_like_own_domain(self, host: str) -> bool:
        """"riverbend-family.com" for "riverbend-family.example": the practice's name on another
        ending, which a look-alike or a typo would use (configured domains only, not the built-ins)."""
        host = host.lower().rstrip(".").removeprefix("www.")
        label = host.rsplit(".", 2)[-2] if "." in host else host
        return any(d.lower().removeprefix("www.").split(".")[0] == label and not self.allows_domain(host)
                   for d in self.domains) or any(
            e.lower().rpartition("@")[2].split(".")[0] == label and not self.allows_domain(host) for e in self.emails)

    def allows_email(self, address: str) -> bool:
        address = address.lower()
        if address in {e.lower() for e in self.emails}:
            return True
        return self.allows_domain(address.rpartition("@")[2])

    # ---- addresses --------------------------------------------------------------------------
    @cached_property
    def _address_token_lists(self) -> tuple[tuple[str, ...], ...]:
        return tuple(address_tokens(a) for a in self.addresses)

    def allows_street(self, street: str) -> bool:
        """True when the house number, street name and type begin one of the practice's addresses
        (a different house number is a near miss and is not allowed)."""
        tokens = address_tokens(street)
        if not tokens:
            return False
        if not tokens[0][0].isdigit():  # "Riverbend Street": the practice's street, any number
            return any(_contains_run(a, tokens) for a in self._address_token_lists)
        return any(a[:len(tokens)] == tokens for a in self._address_token_lists)

    @cached_property
    def _zips(self) -> frozenset[str]:
        return frozenset(z for a in self.addresses for z in _ZIP.findall(a))

    @cached_property
    def _address_words(self) -> frozenset[str]:
        return frozenset(w for a in self.addresses for w in _ADDRESS_TOKEN.findall(a.lower()))

    def allows_place(self, place: str) -> bool:
        """The practice's own town ("Springfield" in its address): naming it says nothing about
        a patient, since that is where every patient comes."""
        words = _ADDRESS_TOKEN.findall(place.lower())
        return bool(words) and all(w in self._address_words for w in words)

    def allows_zip(self, zip_code: str) -> bool:
        return zip_code[:5] in self._zips

    # ---- clinicians --------------------------------------------------------------------------
    @cached_property
    def _rosters(self) -> tuple[tuple[str, ...], ...]:
        rosters = []
        for full in self.names:
            tokens = tuple(t.lower() for t in _NAME_TOKEN.findall(_NAME_CREDENTIALS.sub("", full)))
            if tokens:
                rosters.append(tokens)
        return tuple(rosters)

    def allows_name(self, name: str, honorific: str | None = None) -> bool:
        """A clinician by full name, or by surname alone or with a professional title.

        "Mrs. Okafor" is not allowed for "Ada Okafor, MD": it may be a patient who shares the
        surname, which is exactly the near miss a reviewer should see.
        """
        tokens = tuple(t.lower() for t in _NAME_TOKEN.findall(name))
        tokens = tuple(t.removesuffix("'s").removesuffix("’s") for t in tokens)
        if not tokens:
            return False
        title = (honorific or "").lower().rstrip(".")
        for roster in self._rosters:
            if tokens == roster or (tokens[0] == roster[0] and tokens[-1] == roster[-1]):
                return True
            if tokens == roster[-1:] and title in ("", "dr", "doctor", "prof", "professor", "nurse"):
                return True
        return False

    def resembles_clinician(self, name: str) -> bool:
        """"Dr. Okafur" for Dr. Okafor: a name one letter off a clinician's is a typo or someone else,
        and a person should look."""
        tokens = [t.lower() for t in _NAME_TOKEN.findall(name)]
        return any(len(t) > 3 and t != part and len(t) == len(part) and sum(a != b for a, b in zip(t, part)) == 1
                   for t in tokens for roster in self._rosters for part in roster)

    def introduced_first_names(self, text: str) -> frozenset[str]:
        """First names of clinicians the text names in full: "Priya Raman, PA-C, joins us … Priya
        enjoys …" refers to the clinician, not a patient who happens to share the name."""
        words = tuple(t.lower() for t in _NAME_TOKEN.findall(text))
        present = set(words)  # the run search is slow in Python; most texts lack the words entirely
        return frozenset(r[0] for r in self._rosters
                         if len(r) > 1 and present.issuperset(r) and _contains_run(words, r))

    def roster_words(self) -> frozenset[str]:
        return frozenset(w for r in self._rosters for w in r)

