"""scan_text: run every recognizer over a Markdown text and settle overlaps and acceptances."""
from __future__ import annotations

import dataclasses
import re
from typing import Callable, Iterable

from .accept import apply_markers, mask_markers, marker_errors, parse_markers
from .allowlist import AllowList
from .context import Doc
from .findings import ERROR, Finding
from .frames import drop_framed
from .recognizers.advice import find_advice
from .recognizers.ages import find_ages
from .recognizers.contact import find_emails, find_masked_phones, find_phones
from .recognizers.dates import find_dates
from .recognizers.images import find_images, image_findings
from .recognizers.names import find_names
from .recognizers.numbers import find_labelled_ids, find_long_numbers, find_shaped_ids, find_spread_numbers
from .recognizers.places import find_addresses, find_zips
from .recognizers.quasi import find_quasi_identifiers
from .recognizers.spanish import find_spanish, is_spanish, keep_english_name
from .recognizers.ssn import find_ssns
from .recognizers.suspect import find_suspects
from .recognizers.web import find_handles, find_ips, find_urls
from .normalize import folded_view
from .visible import reader_view

Recognizer = Callable[[Doc, AllowList], Iterable[Finding]]

# Order matters only for ties: when two rules match the very same span, the earlier one wins
# (a ten-digit phone number is reported as a phone, not as an anonymous long number).
RECOGNIZERS: tuple[Recognizer, ...] = (
    find_phones, find_masked_phones, find_emails, find_ssns, find_labelled_ids, find_shaped_ids, find_urls, find_handles, find_ips,
    find_addresses, find_zips, find_dates, find_ages, find_names, find_long_numbers, find_spread_numbers, find_advice, find_images,
    find_quasi_identifiers,
)

# Article metadata in front matter is about the article, not a patient.
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<body>.*?\n)---[ \t]*(?:\n|\Z)", re.DOTALL)
_METADATA_LINE = re.compile(r"^(?:date|updated|lastmod|published|modified|author|authors|reviewer|reviewed_by|reviewed)"
                            r"\s*:.*$", re.MULTILINE | re.IGNORECASE)


def _blank(text: str, spans: Iterable[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _mask_front_matter_metadata(text: str) -> str:
    front = _FRONT_MATTER.match(text)
    if not front:
        return text
    offset = front.start("body")
    return _blank(text, ((offset + m.start(), offset + m.end()) for m in _METADATA_LINE.finditer(front.group("body"))))


def _settle_overlaps(findings: list[Finding], text: str) -> list[Finding]:
    """One finding per piece of PHI: a PHI finding inside a larger PHI error (the digits of an
    MRN, a name inside an address) adds nothing, and overlapping findings of one rule ("at 91"
    and "91 years old") merge. Findings of other kinds, and anything inside a warning, stay."""
    findings.sort(key=lambda f: (f.start, -(f.end - f.start)))  # stable: recognizer order breaks ties
    kept: list[Finding] = []
    last_of_rule: dict[str, int] = {}
    covered_to = -1
    for f in findings:
        is_phi = f.rule.startswith("phi.")
        if is_phi and f.end <= covered_to:
            continue
        previous = last_of_rule.get(f.rule)
        if previous is not None and f.start < kept[previous].end:
            merged_end = max(f.end, kept[previous].end)
            kept[previous] = dataclasses.replace(kept[previous], end=merged_end,
                                                 excerpt=text[kept[previous].start:merged_end])
            f = kept[previous]
        else:
            last_of_rule[f.rule] = len(kept)
            kept.append(f)
        if is_phi and f.severity == ERROR:
            covered_to = max(covered_to, f.end)
    return kept


def scan_text(text: str, allow: AllowList, lang: str = "en") -> list[Finding]:
    """All findings in a Markdown snippet or article, sorted by start offset, read in Unicode NFC with
    look-alike letters folded (normalize.py: "do\u0303na", Cyrillic "о"), and placed back in the source."""
    folded = folded_view(text)
    if folded is None:
        return _scan_text(text, allow, lang)
    return _placed_back(_scan_text(folded.text, allow, lang), folded, text)


def _placed_back(findings: list[Finding], view, source: str) -> list[Finding]:
    """Findings made on a derived text (the NFC-folded text, the reader's view), moved to their place in the source."""
    placed = []
    for f in findings:
        start, end = view.source_span(f.start, f.end)
        placed.append(dataclasses.replace(f, start=start, end=end, excerpt=source[start:end]))
    return placed


def _scan_text(text: str, allow: AllowList, lang: str = "en") -> list[Finding]:
    """All findings in a Markdown snippet or article, sorted by start offset.

    Code blocks are scanned too (PHI in a code block is still PHI), and so are image alt
    texts, image file names and link targets. When character references, inline tags or
    in-word emphasis change what a reader sees ("M&#97;ria", "Ma<span></span>ria"), the
    reader's view is what is scanned, and its findings are placed back in the source; the
    source adds only what sits inside the removed tags (an <img> alt text, an href).

    `lang` is the text's language: Spanish ("es", "es-MX") adds the Spanish cues (recognizers/spanish.py)
    to the recognizers, whose numbers, contacts and addresses need no words."""
    view = reader_view(text)
    if view is None:
        return _scan_source(text, allow, lang)
    found = _placed_back(_scan_source(view.text, allow, lang), view, text)
    for f in _scan_source(text, allow, lang):
        # Elsewhere the source is the view cut up ("Dr. Ok**afor" would read as "Dr. Ok"): the view decides.
        if view.in_tag(f.start, f.end) and not any(g.rule == f.rule and g.start < f.end and f.start < g.end for g in found):
            found.append(f)
    return sorted(found, key=lambda f: (f.start, f.end, f.rule))


def _recognized(doc: Doc, allow: AllowList, lang: str) -> list[Finding]:
    found = [f for recognize in RECOGNIZERS for f in recognize(doc, allow)]
    if is_spanish(lang):
        found = [f for f in found if f.rule != "phi.name" or keep_english_name(doc, f)] + list(find_spanish(doc, allow))
    return found


def _scan_source(text: str, allow: AllowList, lang: str = "en") -> list[Finding]:
    markers = parse_markers(Doc(text))
    doc = Doc(_mask_front_matter_metadata(mask_markers(text, markers)))
    found = _settle_overlaps(drop_framed(_recognized(doc, allow, lang), doc), text)
    if not is_spanish(lang):  # the learned second opinion knows English only; where no rule flagged anything
        # It stands even where a frame explained a name away: titles and years are held by patients too ("Radio
        # host Gary Pruett had his second knee replacement"), and the model is the net under them (docs/checks.md).
        found += find_suspects(doc, found)
    findings = apply_markers(found, markers, doc) + marker_errors(markers, text)
    return sorted(findings, key=lambda f: (f.start, f.end, f.rule))


def scan_image(src: str, alt: str | None, caption: str | None = None, allow: AllowList | None = None) -> list[Finding]:
    """Findings for a front-matter image (offsets are 0; the excerpt is the image path)."""
    return list(image_findings(src, alt, caption, allow or AllowList(), 0, 0, src))
