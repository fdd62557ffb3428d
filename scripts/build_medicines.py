#!/usr/bin/env python3
"""Regenerate syndicate/checks/data/medicines.txt from drug-named-entity-recognition's dictionary.

    python scripts/build_medicines.py [--check]

The advice rules need to know that "Macrobid", "Afrin", "MiraLAX" or "clotrimazole" is a medicine:
"toss the rest of your Macrobid" changes a treatment. A hand list of a hundred names misses most
brands. The drug-named-entity-recognition package ships a dictionary of about 20,000 medicines and
their brand names and synonyms, compiled from MeSH, DrugBank and Wikipedia (MIT licence), as a
compressed pickle that takes over a second to load. This script keeps what the checker needs, the
one-word names, so the data stays the package's and the checker loads it in milliseconds.
Words that are everyday English (wordfreq Zipf 4 or more: "caps", "sits", "diamonds") are left
out: they name a medicine far less often than they mean the word. `--check` exits 1 if the
committed file is out of date.
"""
from __future__ import annotations

import bz2
import importlib.util
import pickle
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from derived_file import write_or_check  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "syndicate" / "checks" / "data" / "medicines.txt"
_ONE_WORD = re.compile(r"[a-z][a-z0-9-]{3,}")


def medicines() -> list[str]:
    sys.path.insert(0, str(ROOT))
    from syndicate.checks.wordlist import zipf

    spec = importlib.util.find_spec("drug_named_entity_recognition")  # a build-time input only
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("pip install drug-named-entity-recognition (a build-time input of this script)")
    data = Path(next(iter(spec.submodule_search_locations))) / "drug_ner_dictionary.pkl.bz2"
    with bz2.open(data) as handle:
        variants = pickle.load(handle)["drug_variant_to_canonical"]  # noqa: S301 - the package's own shipped file
    return sorted(w for w in variants if _ONE_WORD.fullmatch(w) and not w.endswith("-") and zipf(w) < 4.0)


def render(words: list[str]) -> str:
    header = ("# One-word medicine names (generic, brand and synonym) from the drug-named-entity-recognition\n"
              "# package's dictionary (MeSH, DrugBank, Wikipedia). Regenerate with scripts/build_medicines.py.\n")
    return header + "".join(f"{w}\n" for w in words)


def main(argv: list[str] | None = None) -> int:
    return write_or_check(argv, __file__, OUT, lambda: render(medicines()), "names")


if __name__ == "__main__":
    sys.exit(main())
