"""phi.suspect: passages the learned model (`checks/learned.py`) reads as identifying someone or
advising one reader, where the rules found nothing.

It runs after the rules: a passage a rule already flagged (or a marker already accepted for a rule)
has been looked at, and the rule's finding says precisely which word is wrong, which this one cannot.
"""
from __future__ import annotations

from typing import Iterable

from ..context import Doc
from ..findings import ERROR, Finding, make_finding
from ..learned import Model, load_model, suspect_windows, top_words


def find_suspects(doc: Doc, rule_findings: Iterable[Finding], model: Model | None = None) -> list[Finding]:
    model = model or load_model()
    if model is None:
        return []
    reviewed = [(f.start, f.end) for f in rule_findings if f.severity == ERROR]
    groups: list[list[tuple[int, int, float]]] = []
    for window in suspect_windows(doc.text, doc.sentences(), model):
        start, end, _ = window
        if any(a < end and start < b for a, b in reviewed):
            continue
        if groups and start < max(e for _, e, _ in groups[-1]):
            groups[-1].append(window)
        else:
            groups.append([window])
    findings = []
    for group in groups:
        # The best window of a run of overlapping ones: where a marker above its first line accepts it.
        start, end, _ = max(group, key=lambda w: w[2])
        end = start + len(doc.text[start:end].rstrip())
        words = ", ".join(f"“{w}”" for w in top_words(doc.text[start:end], model))
        findings.append(make_finding(
            "phi.suspect", start, end, doc.text,
            message=(f"{_MESSAGE} The words that weigh most: {words}." if words else _MESSAGE)))
    return findings


_MESSAGE = ("This passage reads like the cases a reviewer must stop: a private person made recognisable (a name, a "
            "place, a date, a rare detail, a contact or record number) or advice aimed at one reader's own situation. "
            "The learned check cannot point at one word; no rule matched here.")
