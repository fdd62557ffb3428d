#!/usr/bin/env python3
"""Score the PHI checker on a labelled corpus.

    python scripts/score_phi.py [CORPUS] [--allow-config site_config.yml]

Prints recall on the cases that should be flagged, the false-positive rate on the clean ones,
and every miss by category. Always exits 0: it measures, the tests decide.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from syndicate.checks.allowlist import AllowList  # noqa: E402
from tests.sample_practice import sample_practice  # noqa: E402
from tests.scoring import score_corpus  # noqa: E402

DEFAULT_CORPUS = Path(__file__).resolve().parents[1] / "tests" / "phi_corpus.jsonl"


def load_allow_list(config: Path | None) -> AllowList:
    """The sample practice (tests/sample_practice.py) by default. A site config (a `plugins:`
    list with `syndicate`) gives the very allow-list `syndicate check` uses; any other YAML file
    holds the allow-list keys at the top level, under `practice:`, or under `extra: practice:`."""
    if config is None:
        return AllowList.from_mapping(sample_practice())
    data = yaml.safe_load(config.read_text(encoding="utf-8")) or {}
    if any(p == "syndicate" or isinstance(p, dict) and "syndicate" in p for p in data.get("plugins") or ()):
        from syndicate.gate import allow_list
        from syndicate.practice import load_practice
        return allow_list(load_practice(config))
    for key in ("extra", "practice"):
        if isinstance(data.get(key), dict):
            data = data[key]
    return AllowList.from_mapping(data)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--allow-config", type=Path, help="YAML with phones, emails, addresses, clinicians, domains")
    args = parser.parse_args(argv)
    with args.corpus.open(encoding="utf-8") as lines:
        score = score_corpus(lines, load_allow_list(args.allow_config))
    print(f"recall on flag cases:       {score.recall:.3f} "
          f"({score.flagged_cases - len(score.missed)}/{score.flagged_cases})")
    print(f"false-positive rate (clean): {score.false_positive_rate:.3f} "
          f"({len(score.false_positives)}/{score.clean_cases})")
    if score.missed or score.false_positives:
        print("\nper-category misses:")
        for category, count in sorted(score.misses_by_category().items()):
            print(f"  {category}: {count}")
        for case in score.missed:
            print(f"  MISSED  {case['id']}: {case['text'][:100]!r}")
        for case in score.false_positives:
            rules = ", ".join(sorted({f['rule'] for f in case['findings'] if f['severity'] == 'error' and not f['accepted']}))
            print(f"  FALSE+  {case['id']} [{rules}]: {case['text'][:100]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
