"""How common an English word is, from wordfreq's shipped word list (no network, no model).

The checker asks two questions of a capitalised token: is it an everyday English word ("Home",
"Hope", "Normal" are also US towns), and is it rare enough to be a surname or a place
("Kowalski", "Tuscola")? wordfreq answers both from frequencies it ships inside the package.

Importing `wordfreq` itself costs about half a second (it loads ftfy, langcodes and its
tokenizers), which would be a tenth of the whole `check` budget, so this module reads the
package's shipped English list directly. The file format ("cBpack") is documented in
wordfreq's `read_cBpack`: a gzipped msgpack list whose first item is a header and whose item
i + 1 holds the words at a frequency of -i centibels; the Zipf value is 9 - i / 100.
"""
from __future__ import annotations

import gzip
import importlib.util
from functools import cache
from pathlib import Path

import msgpack

# The "small" English list holds every word at Zipf 3 or above (once per million words),
# about 29,000 words, and loads in a few milliseconds.
_LIST = "small_en.msgpack.gz"


def _data_dir() -> Path:
    spec = importlib.util.find_spec("wordfreq")  # locates the package without importing it
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the wordfreq package is missing: run `pip install -e .` (it ships the English word list)")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


@cache
def zipf_table(list_name: str = _LIST) -> dict[str, float]:
    """word -> Zipf value for one of wordfreq's shipped lists ("small_en.msgpack.gz", "small_es.msgpack.gz")."""
    with gzip.open(_data_dir() / list_name, "rb") as packed:
        header, *buckets = msgpack.unpackb(packed.read(), raw=False)
    if header.get("format") != "cB" or header.get("version") != 1:
        raise RuntimeError(f"unexpected wordfreq list format {header!r}")
    return {word: 9 - index / 100 for index, bucket in enumerate(buckets) for word in bucket}


def zipf(word: str) -> float:
    """Zipf frequency of the lowercased word (0.0 when it is rarer than once per million words)."""
    return zipf_table().get(word.lower(), 0.0)


def everyday_word(word: str, threshold: float = 4.0) -> bool:
    """Common enough in English that a capitalised use is more likely a word than a name."""
    return zipf(word) >= threshold
