"""How common a Spanish word is, from wordfreq's shipped Spanish list (read as wordlist.py reads the
English one, without importing wordfreq): "martínez" after "doña" is a name, "por" is not."""
from __future__ import annotations

from ..wordlist import zipf_table

_LIST = "small_es.msgpack.gz"  # every Spanish word at Zipf 3 or above
EVERYDAY = 4.5  # function words and everyday words ("por", "que", "del", "trajo"); given names sit below


def zipf_es(word: str) -> float:
    return zipf_table(_LIST).get(word.lower(), 0.0)


def everyday(word: str) -> bool:
    return zipf_es(word) >= EVERYDAY
