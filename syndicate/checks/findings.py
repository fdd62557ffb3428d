"""The Finding record and the catalogue of rule ids, with their severity and wording.

Keeping every message in one table keeps the wording consistent for clinicians and
lets the acceptance markers know which rule ids exist.
"""
from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    start: int
    end: int
    excerpt: str
    message: str
    fix: str
    accepted: str | None = None


@dataclass(frozen=True)
class Rule:
    severity: str
    message: str
    fix: str


_REMOVE = "Remove it or replace it with a general description"
_ACCEPT = "if it is not about a patient, accept it with a marker that says why"

RULES: dict[str, Rule] = {
    "phi.name": Rule(ERROR, "This looks like a person's name, which can identify a patient or a relative.",
                     f"{_REMOVE} (\"a patient in her fifties\"); add clinicians to the roster; {_ACCEPT}."),
    "phi.date": Rule(ERROR, "This date is tied to a person (a visit, admission or birth), and dates of care can identify a patient.",
                     "Drop the day and month, or say \"recently\" or \"last year\" instead."),
    "phi.age": Rule(ERROR, "Ages over 89 are rare enough to identify a patient.",
                    "Say \"over 90\" or \"in their nineties\" instead of the exact age."),
    "phi.phone": Rule(ERROR, "This phone or fax number is not one of the practice's own numbers, so it may belong to a patient.",
                      "Remove it, or add the practice's number to the site allow-list."),
    "phi.email": Rule(ERROR, "This e-mail address is not one of the practice's own, so it may belong to a patient.",
                      "Remove it, or add the practice's address to the site allow-list."),
    "phi.ssn": Rule(ERROR, "This looks like a Social Security number, even a partial one identifies a person.",
                    "Remove the number entirely."),
    "phi.mrn": Rule(ERROR, "This looks like a medical record or chart number, which identifies a patient.",
                    "Remove the number."),
    "phi.plan_id": Rule(ERROR, "This looks like a health plan or Medicare member number, which identifies a patient.",
                        "Remove the number."),
    "phi.account": Rule(ERROR, "This looks like an account number, which identifies a person.",
                        "Remove the number."),
    "phi.license": Rule(ERROR, "This looks like a licence or certificate number, which identifies a person.",
                        "Remove the number."),
    "phi.vehicle": Rule(ERROR, "This looks like a vehicle identifier (VIN or licence plate), which identifies a person.",
                        "Remove the identifier."),
    "phi.device": Rule(ERROR, "This looks like a device serial number or UDI, which can be traced to a patient.",
                       "Remove the serial number; naming the kind of device is fine."),
    "phi.url": Rule(ERROR, "This link may point at a person's own data or page.",
                    "Remove the link, or link to a public page instead."),
    "phi.ip": Rule(ERROR, "IP addresses are identifiers under HIPAA and can point at a patient's device.",
                   "Remove the address."),
    "phi.address": Rule(ERROR, "This looks like a street address or a place smaller than a state, which can identify a patient.",
                        "Remove it, or add the practice's own address to the site allow-list."),
    "phi.zip": Rule(ERROR, "ZIP codes narrow a patient down to a small area.",
                    "Remove the ZIP code or name the state instead."),
    "phi.code": Rule(ERROR, "This looks like a room, bed, claim or other unique number, which can identify a patient.",
                     "Remove the number."),
    "phi.biometric": Rule(ERROR, "This describes a biometric identifier of a person (fingerprint, retina or iris scan, voiceprint, DNA, face template).",
                          "Remove it; describe the test in general terms without the person's data."),
    "phi.unique": Rule(ERROR, "This narrows the text down to one person: a rare role, a one-off event or a public role in a small place, tied to a patient.",
                       "Generalise it (\"a patient who works outdoors\", \"a local resident\") or get the person's written authorization and accept it with a marker."),
    # The learned second opinion (checks/learned.py); it cannot say which word, so the fix says what to look for.
    "phi.suspect": Rule(ERROR, "This passage reads like text that identifies a private person or advises one reader.",
                        "Read the passage on this line: remove or generalise whatever makes a person recognisable "
                        "(\"a patient in her seventies from our area\"), or rephrase advice to one reader as general "
                        "education that points to their own clinician. If it is neither (a public figure, general "
                        "guidance), accept it with <!-- accept phi.suspect: why it is safe --> on the line above."),
    "photo.review": Rule(ERROR, "This image may show a patient (its name, alt text or caption suggests a person, a face or before/after).",
                         "Have a person check the photo and the patient's written consent, then accept it with a marker that says so."),
    "advice.individual": Rule(ERROR, "This tells the reader to change a specific treatment, which is individual medical advice.",
                              "Rephrase as general education and point the reader to their own clinician or pharmacist."),
    "image.alt_missing": Rule(ERROR, "This image has no alt text, so readers using screen readers cannot tell what it shows.",
                              "Add a short alt text that says what the image shows."),
    "readability.grade": Rule(WARNING, "This article reads above the target grade level.",
                              "Use shorter sentences and everyday words; explain medical terms when you first use them."),
    "link.broken": Rule(ERROR, "This link points to a page or file that does not exist in content/, so patients get an error page.",
                        "Fix the path (relative to this file, e.g. ../articles/flu-shots-2026.md) or remove the link."),
    # The medical review (syndicate/review.py): checked on every article that is not a draft.
    "review.missing": Rule(ERROR, "This article has no medical reviewer ('reviewed_by'), so nobody but its author has checked it.",
                           "Ask a clinician who did not write it to review it, then add 'reviewed_by: <their id>' and "
                           "'last_reviewed: YYYY-MM-DD' (the day they reviewed it)."),
    "review.self": Rule(ERROR, "The medical reviewer is one of the article's authors, so no second clinician has checked it.",
                        "Ask another clinician from the roster to review it and put their id in 'reviewed_by'. A practice "
                        "with a single clinician can set 'allow_self_review: true' under 'checks:' in site_config.yml."),
    "review.future": Rule(ERROR, "'last_reviewed' is a date in the future: a review cannot be dated before it happens.",
                          "Write the day the review actually took place (YYYY-MM-DD), today or earlier."),
    "review.placeholder": Rule(ERROR, "This is sample text from the `syndicate new` template, not the article's own words.",
                               "Replace it with your own text (the summary and the body) before publishing."),
    "review.stale": Rule(WARNING, "The article changed after its medical review, so the review may not cover what is published.",
                         "Have the reviewer read the current version, then update 'last_reviewed' to that day."),
    "review.due": Rule(WARNING, "The medical review is older than the practice's review interval.",
                       "Have the reviewer check the article against current guidance, then update 'last_reviewed'."),
    # Coverage (syndicate/public.py): every file in content/ is public unless the gate leaves it out.
    "file.unchecked": Rule(WARNING, "The safety check cannot read this kind of file, so it is left out of the site.",
                           "Turn it into a Markdown page, or into an image or a text file the check can read; "
                           "or remove it from content/."),
    "file.unreadable": Rule(ERROR, "This public file is not UTF-8 text, so the safety check cannot read it.",
                            "Save it as UTF-8, or remove it from content/."),
    # Patients' trust (docs/clinician-guide.md): the privacy notice and notices that end.
    "site.privacy_notice": Rule(ERROR, "The site does not link the practice's Notice of Privacy Practices, which HIPAA "
                                "requires a practice's website to post prominently (45 CFR 164.520(c)(3)(i)).",
                                "Set 'privacy_notice:' under the syndicate plugin in site_config.yml to a page in "
                                "content/ or the https:// address of your notice."),
    "notice.expires": Rule(WARNING, "This is a time-bound notice with no end date, so it will read as current forever.",
                           "Add 'expires: YYYY-MM-DD', the day the notice stops applying; after it the page says the "
                           "notice has ended and it leaves the home page."),
    # Warnings about how the text is published, not about its safety (syndicate/field_rules.py, syndicate/topics.py).
    "html.removed": Rule(WARNING, "This markup is removed from the page and the feeds: scripts, frames, embedded objects, "
                         "event handlers (onclick=...) and javascript:/data: links never reach patients.",
                         "Remove it; to share a video or a form, link to it instead."),
    "topic.variant": Rule(WARNING, "This category or tag is another spelling of one used elsewhere, so both are one topic.",
                          "Write it like the other articles (or pick a clearly different name)."),
    "accept.reason_missing": Rule(ERROR, "This acceptance marker gives no reason, so a reviewer cannot tell why the finding is safe.",
                                  "Write the reason after a colon: <!-- accept phi.name: public figure, not a patient -->."),
    "accept.unknown_rule": Rule(ERROR, "This acceptance marker names a rule that does not exist, so it accepts nothing.",
                                "Use one of the rule ids shown in the checker's findings, e.g. phi.name."),
}

# Rules a marker may accept: the findings in the text. Not the marker's own errors, and not the
# review, coverage and link rules, which are about the file and are fixed, never accepted.
NOT_ACCEPTABLE = ("accept.", "review.", "file.", "link.", "site.", "notice.", "html.", "topic.")
ACCEPTABLE_RULES = frozenset(r for r in RULES if not r.startswith(NOT_ACCEPTABLE))


def make_finding(rule: str, start: int, end: int, text: str, *, message: str | None = None,
                 severity: str | None = None, excerpt: str | None = None, fix: str | None = None) -> Finding:
    """Build a Finding with the catalogue's wording; recognizers override only what they know better.

    The only way findings are made (tests/test_rules.py holds every rule id used to RULES)."""
    spec = RULES[rule]
    return Finding(rule=rule, severity=severity or spec.severity, start=start, end=end,
                   excerpt=text[start:end] if excerpt is None else excerpt,
                   message=message or spec.message, fix=fix or spec.fix)


def blocks_publication(finding: Finding) -> bool:
    """Errors stop the build and the posting unless a clinician accepted them with a reason."""
    return finding.severity == ERROR and finding.accepted is None
