"""Score the checker against a labelled corpus: {"id", "category", "flag", "text"} per line."""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

from syndicate.checks.allowlist import AllowList
from syndicate.checks.jsonl import check_jsonl


@dataclass
class Score:
    flagged_cases: int = 0
    clean_cases: int = 0
    missed: list[dict] = field(default_factory=list)            # labelled flag, not flagged
    false_positives: list[dict] = field(default_factory=list)   # labelled clean, flagged

    @property
    def recall(self) -> float:
        return 1 - len(self.missed) / self.flagged_cases if self.flagged_cases else 1.0

    @property
    def false_positive_rate(self) -> float:
        return len(self.false_positives) / self.clean_cases if self.clean_cases else 0.0

    def misses_by_category(self) -> Counter[str]:
        return Counter(case["category"] for case in self.missed + self.false_positives)


def score_corpus(lines: Iterable[str], allow: AllowList) -> Score:
    cases = [json.loads(line) for line in lines if line.strip()]
    results = check_jsonl((json.dumps(c) for c in cases), allow)
    score = Score()
    for case, result in zip(cases, results):
        if case["flag"]:
            score.flagged_cases += 1
            if not result["flag"]:
                score.missed.append(case)
        else:
            score.clean_cases += 1
            if result["flag"]:
                score.false_positives.append({**case, "findings": result["findings"]})
    return score
