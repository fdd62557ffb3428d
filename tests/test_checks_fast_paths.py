"""The checker's fast paths find exactly what the plain code they replace finds.

Speed work on the recognizers (issue 10) replaced page-wide regex passes with cheaper routes to the same
matches: patterns tried only where a digit or a trigger word is (recognizers/digits.py), word gates
before dear scans, and a cheaper prose test in the learned model. Each test here runs the fast route and
the plain one (the code as it was) over the labelled development sets, the sample content and texts
built to hit their edge cases (digits of other scripts, a phone inside a longer token, letters that
(?i) folds to ASCII, apostrophes), and requires the very same matches, windows and scores.
"""
from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest

from syndicate.checks.context import Doc
from syndicate.checks.learned import FUNCTION_WORDS, MIN_TOKENS, WINDOW, _prose_flags, load_model, suspect_windows
from syndicate.checks.recognizers import advice, contact, images, numbers, personal_advice, places, ssn, web
from syndicate.checks.recognizers.digits import digit_led
from tests.sample_practice import sample_allow_list

ROOT = Path(__file__).resolve().parents[1]
ALLOW = sample_allow_list()

EDGE_CASES = [
    "Call (217) 555-0142 or x(217) 555-0142, a217-555-0142, +44 20 7946 0958 ext 12, 2175550142.",
    "SSN ٣٤٥-٦٧-٨٩٠١ and 123-45-6789; ZIP ٦٢٧٠٤ and IL 62704-1234; card ４１１１ 1111 1111 1111.",
    "Server 10.0.0.214, version 1.2.3.4, 1234.5.6.7.8, fe80::1ff:fe23:4567:890a at 08:00:00.",
    "She lives at 1450 N. Commerce Blvd., Apt 4B, next to 22 Elm St and the 2900 block of South Grand.",
    "MRN 00482913, Chart #A-55821, account ending in 0937, acct. 4411, vin 1HGCM82633A004352, pt # 12 3456.",
    "Spread 0 2 0 7 9 4 6 0 8 3 1, five one two five five five zero one eight eight, 587-\n  30-1129.",
    "A Rochester Hills teen, the Auburn farmer, McDonald teen, X.Auburn man, Springfield\n\twoman and Loami family.",
    "Out in Pawnee, near Tallula, from the village of Loami, In Chatham we met; in  Springfield twice.",
    "In Springfield the patient from Rochester said it's fine.",
    "Attached is a close-up photo of our patient's face. ſelfie of our patient. PHOTO of our Patient, pictured above: our patient.",
    "Swipe to see Corbin's face before and after. Showing her scar; LOOK AT his smile. Shown here: the patient's smile.",
    "It's here. x'the cat. 'the dog. don't go, rock'n'roll. a1 b2. Café au lait with the crème.",
    "Hi Sam, at 40 lbs your daughter should take 5 ml. Whoever asked: the reader with the rash should rest.",
    "Stop your lisinopril and co-trimoxazole now; double the vitamin d dose. Baby aspirin, the pill, fish oil.",
]


def _texts() -> list[str]:
    texts = list(EDGE_CASES)
    for name in ("phi_corpus", "phi_dev", "phi_dev2", "phi_dev3", "phi_dev4", "phi_dev_es"):
        texts += [json.loads(line)["text"] for line in (ROOT / "tests" / f"{name}.jsonl").open(encoding="utf-8")]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "content").rglob("*.md"))]
    return texts


TEXTS = _texts()


def _spans(matches) -> list[tuple[int, int]]:
    return [m.span() for m in matches]


@pytest.mark.parametrize("pattern", [web._IPV4, numbers._MBI, numbers._CARD_NUMBER, numbers._SPREAD_RUN,
                                     numbers._LONG_NUMBER, ssn._FULL, places._ZIP, places._STREET])
def test_digit_led_patterns_find_what_finditer_finds(pattern):
    for text in TEXTS:
        assert _spans(digit_led(pattern, Doc(text))) == _spans(pattern.finditer(text)), text[:80]


def test_phones_tried_at_their_starts_are_the_phones_finditer_finds():
    for text in TEXTS:
        assert _spans(contact._phone_matches(Doc(text))) == _spans(contact._PHONE.finditer(text)), text[:80]


def test_town_people_tried_before_their_person_words_are_the_ones_finditer_finds():
    for text in TEXTS:
        assert _spans(places._town_person_matches(Doc(text))) == _spans(places._TOWN_PERSON.finditer(text)), text[:80]


def test_photo_mentions_tried_at_their_trigger_words_are_the_ones_finditer_finds():
    for text in TEXTS:
        assert _spans(images._photo_mention_matches(Doc(text))) == _spans(images._PHOTO_MENTION.finditer(text)), text[:80]


def _located_by_every_capital(doc: Doc) -> list[tuple[int, int]]:
    """places._located as it was: every capitalised word after a space, then the word before it."""
    text, found = doc.text, []
    for c in re.finditer(r"(?<= )[A-Z][a-z]", text):
        s = c.start()
        word_start = text.rfind(" ", max(0, s - 24), s - 1) + 1
        if text[word_start:s - 1].lower() not in places._LOCATING_WORDS:
            continue
        for m in places._LOCATED.finditer(text, max(0, s - 45), min(len(text), s + 80)):
            if m.start("place") == s:
                found.append(m.span())
                break
    return found


def test_located_places_found_from_their_locating_words_are_the_ones_every_capital_finds():
    for text in TEXTS:
        assert _spans(places._located(Doc(text))) == _located_by_every_capital(Doc(text)), text[:80]


def test_a_page_the_you_gate_turns_away_has_no_sentence_you_could_find():
    for text in TEXTS + [sentence for text in TEXTS for sentence in re.split(r"(?<=[.!?])\s+", text)]:
        doc = Doc(text)
        if not personal_advice._may_speak_to_someone(doc):
            assert not personal_advice._YOU.search(doc.lower), text[:80]


def test_a_page_the_drug_phrase_gate_turns_away_has_no_drug_phrase():
    for phrase in advice.DRUG_PHRASES:
        assert any(all(w in Doc(f"Try the {phrase}, then rest.").words for w in words) for words in advice._DRUG_PHRASE_WORDS)
    for text in TEXTS:
        doc = Doc(text)
        if not any(all(w in doc.words for w in words) for words in advice._DRUG_PHRASE_WORDS):
            assert not advice._DRUG_PHRASE.search(doc.lower), text[:80]


def _sentences_naming_a_treatment_plainly(doc: Doc) -> list[tuple[int, int]]:
    lower = doc.lower
    words = set(advice._WORD.findall(lower))
    present = (words & advice.medicines()) | {w for w in words if w.endswith(advice.DRUG_SUFFIXES)}
    hits = [m.start() for m in advice._DRUG_PHRASE.finditer(lower)]
    if present:
        located = re.compile(r"\b(?:" + "|".join(map(re.escape, present)) + r")\b")
        hits += [m.start() for m in located.finditer(lower)]
    return list(dict.fromkeys(doc.sentence(p) for p in sorted(hits)))


def test_sentences_naming_a_treatment_are_the_ones_the_plain_scan_finds():
    for text in TEXTS:
        assert advice._sentences_naming_a_treatment(Doc(text)) == _sentences_naming_a_treatment_plainly(Doc(text)), text[:80]


def _labelled_ids_at_every_start(doc: Doc) -> list[tuple[str, int, int]]:
    found = []
    for labelled in numbers._LABELLED:
        for at in sorted({p for start in labelled.starts for p in doc.positions_of(start)}):
            m = labelled.pattern.match(doc.text, at)
            if m and labelled.valid(m.group("value")) and not numbers._not_a_persons(doc, labelled.rule, m.group(), at):
                found.append((labelled.rule, m.start(), m.end("value")))
    return found


def test_labelled_ids_looked_for_only_at_starts_of_words_are_the_ones_every_start_finds():
    every_start = " ".join(f"({start} 004829{i:02d})" for i, start in enumerate(numbers._LEADING_WORDS))
    for text in TEXTS + [every_start, every_start.upper()]:
        doc = Doc(text)
        assert [(f.rule, f.start, f.end) for f in numbers.find_labelled_ids(doc, ALLOW)] == _labelled_ids_at_every_start(doc)
    assert len(_labelled_ids_at_every_start(Doc(every_start))) > 40  # the made-up page does reach the labels


def test_the_prose_test_on_a_page_is_the_per_token_test_of_each_sentence():
    token = re.compile(r"[A-Za-z\u00C0-\u024F]+(?:['’][A-Za-z]+)?|\d+")
    for text in TEXTS:
        sentences = Doc(text).sentences()
        expected = [any(t.lower() in FUNCTION_WORDS for t in token.findall(text[s:e])) for s, e in sentences]
        assert _prose_flags(text, sentences) == expected, text[:80]


def _windows_plainly(text: str, sentences, model) -> list[tuple[int, int, float]]:
    """suspect_windows as it was: every sentence summed, every window of one to three scored."""
    sums = [model.sentence_sums(text[s:e]) for s, e in sentences]
    flagged = []
    for i in range(len(sums)):
        total, count, tokens = 0.0, 0, 0
        for j in range(i, min(i + WINDOW, len(sums))):
            total, count, tokens = total + sums[j][0], count + sums[j][1], tokens + sums[j][2]
            if tokens >= MIN_TOKENS:
                score = model.bias + total / math.sqrt(count)
                if score >= model.threshold:
                    flagged.append((sentences[i][0], sentences[j][1], score))
    return flagged


def test_suspect_windows_and_their_scores_are_the_plain_ones_to_the_last_bit():
    model = load_model()
    flagged = 0
    for text in TEXTS:
        sentences = Doc(text).sentences()
        windows = suspect_windows(text, sentences, model)
        assert windows == _windows_plainly(text, sentences, model), text[:80]
        flagged += len(windows)
    assert flagged > 100  # the comparison covers windows that are flagged, not only empty lists
