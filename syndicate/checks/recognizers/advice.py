"""Individual medical advice: the reader is told to start, stop or change a specific treatment.

A sentence is flagged when it has (1) a directive aimed at the reader (a "you should" modal
or an imperative at the start of a clause), (2) a verb that changes a treatment, and (3) a
named medicine or "your dose/medication". Sentences that send the reader to their own
clinician or pharmacist, and label language ("do not take two doses"), are general education.
"""
from __future__ import annotations

import re
from typing import Iterator

from ..allowlist import AllowList
from ..context import Doc
from ..findings import Finding, make_finding
from ..gazetteers import DRUG_PHRASES, DRUG_SUFFIXES, medicines
from .personal_advice import find_personal_advice

# Verbs that change a treatment, with their -ing forms ("try cutting", "start taking").
_CHANGE_VERB = (r"(?:stop(?:ping)?|quit(?:ting)?|discontinu(?:e|ing)|skip(?:ping)?|hold(?:ing)?\s+off\s+on"
                r"|hold(?:ing)?(?=\s+(?:your|the|it|them|off))|start(?:ing)?|begin(?:ning)?|doubl(?:e|ing)|halv(?:e|ing)"
                r"|cut(?:ting)?|increas(?:e|ing)|decreas(?:e|ing)|lower(?:ing)?|rais(?:e|ing)|reduc(?:e|ing)|chang(?:e|ing)"
                r"|switch(?:ing)?|bump(?:ing)?|up(?=\s+your)|taper(?:ing)?|wean(?:ing)?\s+off|drop(?:ping)?(?!\s+(?:it\s+|them\s+)?off\b)"
                r"|(?:come|coming|go|going)\s+off|add(?:ing)?|paus(?:e|ing)|toss(?:ing)?|throw(?:ing)?\s+out|ditch(?:ing)?)")
_MODAL = (r"you\s+(?:should|need\s+to|must|have\s+to|can|could|may\s+want\s+to|might\s+want\s+to|ought\s+to)"
          r"|you(?:'ll|’ll)\s+(?:need|want)\s+to|I(?:'d|’d|\s+would)?\s+(?:recommend|suggest|advise)(?:\s+that)?\s+you"
          r"|I\s+want\s+you\s+to|(?:we|I)(?:['’]d|\s+would)\s+like\s+you\s+to|we\s+want\s+you\s+to|make\s+sure\s+(?:you|to)|be\s+sure\s+to|go\s+ahead\s+and|try(?:\s+to)?"
          # someone else's treatment changed through the reader: "have your husband stop", "let's have you switch"
          r"|(?:let['’]s\s+)?(?:have|let|make|get)\s+(?:your\s+[\w'’-]+|him|her|them|you)(?:\s+to)?"
          r"|we(?:'ll|’ll|\s+will|['’]re\s+going\s+to)\s+(?:go\s+ahead\s+and\s+)?(?=\w+\s+(?:you|your|him|her|them)\b)")
# A directive then the change verb: "you should stop", "Skip ...", "..., halve ...", "go ahead and stop".
_DIRECTIVE = re.compile(
    rf"(?i)(?:\b(?:{_MODAL})\s+(?:(?:just|simply|also|then|probably)\s+)?(?P<verb>{_CHANGE_VERB}|take|taking)"
    rf"|(?:^[\s*_>\"“'-]*|[,;:—–]\s+|\b(?:and|then|so|just)\s+)(?P<imperative>{_CHANGE_VERB})"
    rf"|\btake\s+(?:an?\s+)?(?:extra|double|another)"
    # a clinician's plan for one reader: "let's try you on melatonin", "we'll put him back on the inhaler"
    rf"|\b(?:let['’]s|we['’]ll|we\s+will|I['’]ll)\s+(?:try|put|start|get|keep|switch)\s+(?:you|him|her|them|your\s+[\w'’-]+)\s+(?:back\s+)?(?:on|to))\b")
# "Your metformin can be stopped ...": the same instruction in the passive voice.
_PASSIVE = re.compile(
    r"(?i)\byour\s+(?P<object>(?:[\w-]+\s+){0,2}?[\w-]+)\s+(?:can|should|could|may|must|needs?\s+to)\s+be\s+"
    r"(?:stopped|skipped|cut|doubled|halved|increased|decreased|lowered|raised|reduced|changed|switched|held|paused"
    r"|tapered|dropped)\b")
_PRONOUN_OBJECT = re.compile(r"(?i)^\s+(?:it|them)\b")
_EXEMPT = re.compile(
    r"(?i)\b(?:ask|talk\s+(?:to|with)|check\s+with|speak\s+(?:to|with)|call)\s+your\s+(?:doctor|clinician|pharmacist|provider"
    r"|care\s+team|nurse|prescriber|health\s+care)|\bwithout\s+(?:first\s+)?(?:talking|checking|asking|speaking)"
    r"|\bunless\s+(?:your|directed|told)|\bdirected\s+by|\b(?:following|follow|per|according\s+to|as\s+directed\s+on)\s+the"
    r"\s+(?:package|label|box|bottle|directions|instructions)|\bas\s+soon\s+as\s+you\s+remember|\b(?:don't|do\s+not|never)\s+")
_DRUG_PHRASE = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in DRUG_PHRASES) + r")\b")  # on lowercase text
# Each phrase's all-letter words stand whole in the text wherever the phrase does (spaces and \b delimit them),
# so a page lacking them all is not scanned for _DRUG_PHRASE.
_DRUG_PHRASE_WORDS = tuple(tuple(w for w in phrase.split() if w.isalpha()) for phrase in DRUG_PHRASES)
_WORD = re.compile(r"[A-Za-z][A-Za-z-]+")
_HYPHEN_BY_A_LETTER = re.compile(r"-(?<=[a-z]-)|-[a-z]")  # on lowercase text
_OBJECT_REACH = 60  # characters after the verb in which the medicine must be named


def _names_a_treatment(fragment: str) -> bool:
    fragment = fragment.lower()
    if _DRUG_PHRASE.search(fragment):
        return True
    known = medicines()
    return any(w in known or w.endswith(DRUG_SUFFIXES) for w in _WORD.findall(fragment))


def _sentences_naming_a_treatment(doc: Doc) -> list[tuple[int, int]]:
    # Intersecting the set of distinct words with the drug list runs in C; only the few drug
    # words actually present are then located, instead of testing every word of the article.
    lower = doc.lower
    if _HYPHEN_BY_A_LETTER.search(lower):
        words = set(_WORD.findall(lower))
    else:  # no hyphenated words: _WORD finds the runs of two letters or more, which Doc.words has already
        words = {w for w in doc.words if len(w) > 1}
    present = (words & medicines()) | {w for w in words if w.endswith(DRUG_SUFFIXES)}
    may_name = any(all(w in doc.words for w in phrase) for phrase in _DRUG_PHRASE_WORDS)
    hits = [m.start() for m in _DRUG_PHRASE.finditer(lower)] if may_name else []
    if present:
        located = re.compile(r"\b(?:" + "|".join(map(re.escape, present)) + r")\b")
        hits += [m.start() for m in located.finditer(lower)]
    return list(dict.fromkeys(doc.sentence(p) for p in sorted(hits)))


def find_advice(doc: Doc, allow: AllowList) -> Iterator[Finding]:
    yield from _treatment_changes(doc)
    yield from find_personal_advice(doc, allow)


def _treatment_changes(doc: Doc) -> Iterator[Finding]:
    text = doc.text
    for start, end in _sentences_naming_a_treatment(doc):
        sentence = text[start:end]
        if _EXEMPT.search(sentence):
            continue
        for m in _DIRECTIVE.finditer(sentence):
            reach = sentence[m.end():m.end() + _OBJECT_REACH]
            # "If you're on Eliquis, hold it": the pronoun stands for a medicine named earlier.
            if _names_a_treatment(reach) or (_PRONOUN_OBJECT.match(reach) and _names_a_treatment(sentence[:m.start()])):
                yield make_finding("advice.individual", start + m.start(), start + len(sentence.rstrip()), text)
                break
        else:
            passive = _PASSIVE.search(sentence)
            if passive and _names_a_treatment(passive.group("object")):
                yield make_finding("advice.individual", start + passive.start(), start + len(sentence.rstrip()), text)
