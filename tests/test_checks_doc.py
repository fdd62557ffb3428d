"""Doc's fast paths give exactly what the plain scans they replace give: a shortcut that dropped a
match would silently drop a finding, so each is checked against the slow way over the development
texts and cases made to hit its edges."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from syndicate.checks.context import _ABBREVIATIONS, _CUE_FIRST_WORDS, Doc, matches_from
from syndicate.checks.recognizers import names
from syndicate.checks.recognizers.cues import PERSON_CUE

_TESTS = Path(__file__).parent
# Development sets only (never the blind ones) plus edge cases for the shortcuts below.
TEXTS = [json.loads(line)["text"] for name in ("phi_dev", "phi_dev2", "phi_dev3", "phi_dev4", "phi_dev5")
         for line in (_TESTS / f"{name}.jsonl").read_text().splitlines()] + [
    "Mrs. Alvarez came in. She is fine.", "Dr\n. Next", "Seen by Mr.\n. Then", "e.g. this", "Approx. ten. J. R. came.",
    "İ. ſt. Kt. é. x.. ab.. Ave.\n\nNew", "abcdefghijklmnop. Next", "we'll call him J.R. today", "CALLıNG her Ann",
    "a patient named Deshawn", "her husband, Raj Mehta", "xbig thank-you to bob", "big thank-you to bob", "person Bob",
    "mrs. delacroix, thank you", "the Nguyen-Lee family", "ofThe Lo family", "congrats to oluwaseun on finishing rehab",
    "my son Tom", "she", "x_he was", "2he said", "éhe", "mr. x", "sent to the er", "the mom who delivered", "he-man",
]


def _person_cue_starts(doc: Doc) -> list[int]:
    lower = doc.lower
    return [m.start() for m in PERSON_CUE.finditer(lower) if m.start() == 0 or not lower[m.start() - 1].isalnum()]


@pytest.mark.parametrize("text", TEXTS[-28:] + ["he " * 5, "The patient was admitted. " * 3])
def test_person_cue_found_from_its_first_words_as_by_a_full_scan(text):
    doc = Doc(text)
    assert doc._cue_starts(PERSON_CUE) == _person_cue_starts(Doc(text))


def test_person_cue_first_words_cover_every_match():
    """Forced onto the first-words path whatever the budget says: a PERSON_CUE alternative added
    without its first word fails here."""
    _, words = _CUE_FIRST_WORDS[id(PERSON_CUE)]
    for text in TEXTS:
        doc = Doc(text)
        lower = doc.lower
        via_words = [m.start() for m in doc.matches_at_words(PERSON_CUE, words, on_lower=True)
                     if m.start() == 0 or not lower[m.start() - 1].isalnum()]
        assert via_words == _person_cue_starts(doc), text


@pytest.mark.parametrize("pattern, words, on_lower", [
    (names._RELATION_WORD, names._RELATION_WORDS, True),
    (names._LOWER_NAME_CUE, names._LOWER_NAME_CUE_STARTS, True),
    (names._PSEUDONYM, names._PSEUDONYM_STARTS, False),
    (names._FAMILY, ("the",), False),
    (names._LOWER_HONORIFIC, ("mr", "mrs", "ms", "mx", "miss"), False),
])
def test_matches_at_words_is_finditer(pattern, words, on_lower):
    for text in TEXTS:
        doc = Doc(text)
        target = doc.lower if on_lower else text
        assert [m.span() for m in doc.matches_at_words(pattern, words, on_lower=on_lower)] == [
            m.span() for m in pattern.finditer(target)], text


_WORD_BEFORE = re.compile(r"([A-Za-z]+)\.?$")


def _ends_abbreviation(text: str, period: int) -> bool:
    """The plain way: the run of letters before the period (or before a newline just before it)."""
    word = _WORD_BEFORE.search(text, max(0, period - 12), period)
    return bool(word) and (word.group(1).lower() in _ABBREVIATIONS or len(word.group(1)) == 1)


def test_abbreviation_periods_by_the_reversed_text():
    for text in TEXTS[-28:]:
        doc = Doc(text)
        for period in (i for i, ch in enumerate(text) if ch == "."):
            assert (period in doc._abbreviation_periods) == _ends_abbreviation(text, period), (text, period)


def test_sentences_do_not_end_at_abbreviations():
    doc = Doc("Mrs. Alvarez came in at 9 a.m. on Feb. 3. She is fine. Dr\n. Okafor saw her.")
    assert [doc.text[s:e].strip() for s, e in doc.sentences()] == [
        "Mrs. Alvarez came in at 9 a.m. on Feb. 3.", "She is fine.", "Dr\n. Okafor saw her."]


def test_words_are_the_runs_of_ascii_letters():
    for text in TEXTS + ["a\u2028b\xa0c", "ÀBC déf_ghi2jkl", "x\x00y", ""]:
        assert Doc(text).words == frozenset(re.findall(r"[a-z]+", Doc(text).lower))


GREETINGS = ["Happy 1-year cancer-free anniversary, Sunny Park!", "Thanks for the review, Deb from the Tuesday class.",
             "CONGRATULATIONS, Kwame!", "Way to go, Ruthie!", "Hats off to you, Bo!", "We miss you, Dot!", "So glad, Ann!"]
LOWER_CASE_POSTS = ["jamal wanted everyone to know his hernia repair went well", "rosa and her mom came by. she smiled",
                    "kenji was back today and he is fine"]


def test_greeting_gate_hides_no_greeting():
    """_may_greet is false only for a text none of whose sentences opens with a greeting."""
    for text in TEXTS + GREETINGS:
        doc = Doc(text)
        if any(names._GREETING_START.match(text, start, end) for start, end in doc.sentences()):
            assert names._may_greet(doc), text
    assert all(names._may_greet(Doc(text)) for text in GREETINGS)
    assert not names._may_greet(Doc("Blood pressure checks are free in March."))


def test_lower_case_name_gate_hides_no_frame():
    for text in TEXTS + LOWER_CASE_POSTS:
        doc = Doc(text)
        if any(names._LOWER_GIVEN_NAME.match(text, start) for start, _ in doc.sentences()):
            assert names._may_open_with_lower_case_name(doc), text
    assert all(names._may_open_with_lower_case_name(Doc(text)) for text in LOWER_CASE_POSTS)


def test_links_found_as_by_the_grouped_pattern():
    grouped = re.compile(r"""(?:https?://|www\.)[^\s<>()\[\]"']+|\]\([^)\s]+""")
    for text in TEXTS + ["see www.example.org/a?b=1.", "[notes](https://x.org/p) and ](y)", "hhttps://q.com", "www."]:
        assert Doc(text)._url_spans == [m.span() for m in grouped.finditer(text)], text


def test_positions_of_found_once_and_overlapping():
    doc = Doc("Aaa patient, PATIENT and aaaa")
    assert doc.positions_of("aa") == (0, 1, 25, 26, 27)
    assert doc.positions_of("patient") == (4, 13) and doc.positions_of("patient") is doc.positions_of("patient")


def test_possessives_and_initials_found_from_their_first_characters():
    for text in TEXTS + ["Kowalski's wife", "Ruiz’s son and Lee's daughter", "J.R. and A. B. C. met", "U.S. J.R."]:
        doc = Doc(text)
        apostrophes = sorted([*doc.positions_of("'s"), *doc.positions_of("’s")])
        assert [m.span() for m in matches_from(names._POSSESSIVE_RELATION, text, apostrophes)] == [
            m.span() for m in names._POSSESSIVE_RELATION.finditer(text)], text
        initials = [period.start() - 1 for period in names._PERIOD_AFTER_CAPITAL.finditer(text)]
        assert [m.span() for m in matches_from(names._BARE_INITIALS, text, initials)] == [
            m.span() for m in names._BARE_INITIALS.finditer(text)], text


def test_frame_gate_knows_every_frame_word_and_hides_no_framed_word():
    verbs = re.search(r"\(\?:finally\\s\+\|just\\s\+\)\?\(\?:([a-z|]+)\)", names._PERSON_DOES.pattern).group(1).split("|")
    assert {*verbs, "who", "was", "is", "finally", "just"} <= names._FRAME_WORDS
    for text in TEXTS + ["Pepper (yes, her real name!) brought cookies", "Marguerite's hip is better", "Sunny, who quit vaping"]:
        doc = Doc(text)
        if names._TOKEN_WITH_FRAME_AFTER.search(text):
            assert names._may_have_frames(doc), text
