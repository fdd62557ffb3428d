"""How common a Spanish word is, from wordfreq's shipped Spanish list (read as wordlist.py reads the
English one, without importing wordfreq): "martínez" after "doña" is a name, "por" is not."""
from __future__ import annotations

import gzip
from functools import cache

import msgpack

from ..wordlist import _data_dir

_LIST = "small_es.msgpack.gz"  # every Spanish word at Zipf 3 or above
EVERYDAY = 4.5  # function words and everyday words ("por", "que", "del", "trajo"); given names sit below


@cache
def _table() -> dict[str, float]:
    with gzip.open(_data_dir() / _LIST, "rb") as packed:
        header, *buckets = msgpack.unpackb(packed.read(), raw=False)
    if header.get("format") != "cB" or header.get("version") != 1:
        raise RuntimeError(f"unexpected wordfreq list format {header!r}")
    return {word: 9 - index / 100 for index, bucket in enumerate(buckets) for word in bucket}


def zipf_es(word: str) -> float:
    return _table().get(word.lower(), 0.0)


def everyday(word: str) -> bool:
    return zipf_es(word) >= EVERYDAY
