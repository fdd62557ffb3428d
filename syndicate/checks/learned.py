"""A learned second opinion for the safety gate: a linear text classifier over short windows.

The hand rules score near 1.0 on the cases they were tuned on and about 0.8 on cases nobody tuned
them to (docs/checks.md, "Measured generalisation"). This recognizer is trained offline by
`scripts/train_phi_model.py` on the labelled development sets only, and flags a window of one to
three sentences that reads like the flagged cases there: a private person identified, or advice
aimed at one reader. A finding from it blocks publication like any other error.

It cannot say which word is the problem, only that the passage as a whole looks like one that
identifies someone or advises one person, so its message names the kinds of thing it suspects.

Features are hashed (no vocabulary file): lowercased words and word pairs, character 3-5-grams
inside words (so unseen names and misspellings share pieces with seen ones), digits folded to 0,
and a few word shapes the rules also use (a capitalised word no English word list knows, a run of
digits). The hash is CRC-32, which is stable across Python runs and machines, so the weights
trained by the script mean the same thing here. The weights ship as a small `.npz` of plain
arrays (never a pickle), read once.
"""
from __future__ import annotations

import math
import os
import re
import zlib
from functools import cache, lru_cache
from pathlib import Path
from typing import Iterable, Iterator

from ..workers import stop_signals_held

MODEL_PATH = Path(__file__).parent / "data" / "phi_model.npz"
N_FEATURES = 1 << 18
WINDOW = 3  # the training cases are one to four sentences long
# A window much shorter than the cases the threshold was calibrated on (median 17 tokens, a quarter under
# 13) is scored on a handful of words: "Sleep helps your heart, your mood and your immune system." scored
# as high as a case of advice, on "your" alone. Such windows are scored only with their neighbours, and a
# text shorter than that (a slug, a tag, a one-line case) is left to the rules: scored alone, short clean
# sentences such as "She has been on Social Security since 2019." were flagged. 12 was set after seeing
# the sentence above in the sample content (docs/checks.md says so); 8 let it through.
MIN_TOKENS = 12
# A sentence without a single function word is a list of keywords (a tag line, a table row, a string of
# random words such as the benchmarks' synthetic articles), not the prose the model learned from; it is
# left to the rules. "patient patient walk" must not read as a story about a patient.
FUNCTION_WORDS = frozenset("""
a an the to of and in on at by for with from as is are was were be been has have had do does did not no but or
if so it its he she him her his hers they them their we us our you your i me my this that these those who will
would can could should may might must there here what when which while than then
""".split())

_TOKEN = re.compile(r"[A-Za-z\u00C0-\u024F]+(?:['’][A-Za-z]+)?|\d+")
_DIGIT = re.compile(r"\d")
# Each token with the characters before it (findall is much faster than a loop over match objects).
_GAP_AND_TOKEN = re.compile(r"([^A-Za-z\u00C0-\u024F\d]*)(" + _TOKEN.pattern + ")")
# Whether a sentence is prose is decided on its letter tokens ASCII-lowercased, in C: lowercasing only ASCII
# finds the same tokens (both cases are in every class above) and the same function words (they are
# ASCII, and no other letter a token holds lowercases to ASCII alone); digit tokens are never function words.
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_LOWERED_LETTER_TOKEN = re.compile(r"[a-z\u00C0-\u024F]+(?:['’][a-z]+)?")


def _is_prose(lowered: str, start: int = 0, end: int | None = None) -> bool:
    """Has the sentence lowered[start:end] (ASCII-lowercased) a function word? Tested before any per-token
    work, so sentences that fail it (headings, tag lines, table rows) cost one findall."""
    return not FUNCTION_WORDS.isdisjoint(_LOWERED_LETTER_TOKEN.findall(lowered, start, len(lowered) if end is None else end))


def _bucket(feature: str) -> int:
    return zlib.crc32(feature.encode("utf-8")) & (N_FEATURES - 1)


@lru_cache(maxsize=65536)
def _word_features(token: str, sentence_initial: bool) -> tuple[int, ...]:
    """The hashed features of one token; cached because articles repeat their words."""
    from .wordlist import zipf

    lower = _DIGIT.sub("0", token.lower())
    features = ["w:" + lower]
    padded = f" {lower} "
    for n in (3, 4, 5):
        features.extend("c:" + padded[i:i + n] for i in range(len(padded) - n + 1))
    if token.isdigit():
        features.append(f"s:digits{min(len(token), 8)}")
    elif token[0].isupper():
        known = zipf(token) > 0
        if not known:
            features.append("s:cap_unknown" if not sentence_initial else "s:cap_unknown_initial")
        elif not sentence_initial:
            features.append("s:cap_known")
    return tuple(_bucket(f) for f in features)


def _tokens(sentence: str) -> list[tuple[str, bool]]:
    """Each token, and whether it starts the sentence or a line (where capitals say nothing)."""
    return [(token, i == 0 or "\n" in gap) for i, (gap, token) in enumerate(_GAP_AND_TOKEN.findall(sentence))]


def _pair(previous: str, token: str) -> int:
    return _bucket(f"b:{previous} {token}")


def sentence_counts(sentence: str) -> tuple[dict[int, int], int]:
    """Raw hashed feature counts of one sentence (its tokens' features and its word pairs), and its
    number of tokens. Pairs never cross a sentence end, so a window's counts are the sum of its sentences'."""
    counts: dict[int, int] = {}
    previous = None
    tokens = 0
    found = _tokens(sentence)
    if not any(token.lower() in FUNCTION_WORDS for token, _ in found):
        return {}, 0
    for token, initial in found:
        tokens += 1
        for index in _word_features(token, initial):
            counts[index] = counts.get(index, 0) + 1
        lower = _DIGIT.sub("0", token.lower())
        if previous is not None:
            index = _pair(previous, lower)
            counts[index] = counts.get(index, 0) + 1
        previous = lower
    return counts, tokens


def passage_features(text: str) -> dict[int, float]:
    """The feature vector of a passage (a training case or a window): its sentences' counts summed,
    divided by the square root of the number of features counted. That scale depends only on a
    total, so a window's score is a sum over its sentences (fast), and a long passage is not
    scored higher just for being long."""
    from .context import Doc

    counts: dict[int, int] = {}
    for start, end in Doc(text).sentences():
        for index, n in sentence_counts(text[start:end])[0].items():
            counts[index] = counts.get(index, 0) + n
    scale = math.sqrt(sum(counts.values())) or 1.0
    return {k: v / scale for k, v in counts.items()}


class Model:
    """The shipped weights, with per-token partial sums cached (articles repeat their words)."""

    def __init__(self, weights, bias: float, threshold: float):
        self.weights = weights.tolist()  # plain floats: indexing a list is faster than numpy scalars
        self.bias = bias
        self.threshold = threshold
        # token -> (sum of its features' weights, number of features, its lower-cased form), one table
        # for tokens inside a sentence and one for tokens that start a sentence or a line.
        self._token_cache: dict[str, tuple[float, int, str]] = {}
        self._initial_cache: dict[str, tuple[float, int, str]] = {}
        self._pair_cache: dict[tuple[str, str], float] = {}

    def _token(self, token: str, initial: bool) -> tuple[float, int, str]:
        indices = _word_features(token, initial)
        weights = self.weights
        stats = (sum(weights[i] for i in indices), len(indices), _DIGIT.sub("0", token.lower()))
        (self._initial_cache if initial else self._token_cache)[token] = stats
        return stats

    def sentence_sums(self, sentence: str) -> tuple[float, int, int]:
        """(sum of weight x count, number of features counted, number of tokens) for one sentence."""
        if not _is_prose(sentence.translate(_ASCII_LOWER)):
            return 0.0, 0, 0
        return self._prose_sums(sentence)

    def _prose_sums(self, sentence: str) -> tuple[float, int, int]:
        """sentence_sums of a sentence known to be prose.
        The hot loop of the recognizer: it runs over every word of every page, so it is written flat."""
        total, count, previous = 0.0, 0, None
        pairs, within, starting, weights = self._pair_cache, self._token_cache, self._initial_cache, self.weights
        found = _GAP_AND_TOKEN.findall(sentence)
        for i, (gap, token) in enumerate(found):
            initial = i == 0 or "\n" in gap
            stats = (starting if initial else within).get(token)
            if stats is None:
                stats = self._token(token, initial)
            total += stats[0]
            count += stats[1]
            lower = stats[2]
            if previous is not None:
                pair = pairs.get((previous, lower))
                if pair is None:
                    pair = pairs[(previous, lower)] = weights[_pair(previous, lower)]
                total += pair
                count += 1
            previous = lower
        return total, count, len(found)

    def score(self, text: str) -> float:
        """The model's log-odds that the passage should be flagged (as `passage_features` sees it)."""
        from .context import Doc

        sums = [self.sentence_sums(text[s:e]) for s, e in Doc(text).sentences()]
        return self._combine(sums)

    def _combine(self, sums: list[tuple[float, int, int]]) -> float:
        total = sum(s for s, _, _ in sums)
        count = sum(n for _, n, _ in sums)
        return self.bias + (total / math.sqrt(count) if count else 0.0)


@cache
def load_model(path: Path = MODEL_PATH) -> Model | None:
    """The shipped model, or None when no model file is installed (the rules still run)."""
    if not path.is_file():
        return None
    # numpy's OpenBLAS starts a thread per core as numpy is imported. The model needs none (it indexes arrays;
    # `check` already runs a process per core), and a thread started outside our control would take SIGINT and
    # SIGTERM while the main thread holds them (workers.stop_signals_held): the handler would then run inside a
    # block that must not be interrupted, as the swap's flaky test showed. One thread, and the signals held for any.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    with stop_signals_held():
        import numpy

    with numpy.load(path, allow_pickle=False) as data:
        if int(data["n_features"]) != N_FEATURES:
            raise RuntimeError(f"{path}: trained for {int(data['n_features'])} features, this code hashes into {N_FEATURES}; "
                               "retrain with scripts/train_phi_model.py")
        return Model(data["weights"].astype("float64"), float(data["bias"]), float(data["threshold"]))


def window_spans(tokens: list[int], size: int = WINDOW) -> Iterator[tuple[int, int]]:
    """Every run of one to `size` consecutive sentences with at least MIN_TOKENS tokens, as (first, last)
    sentence indices, given each sentence's token count."""
    for i in range(len(tokens)):
        length = 0
        for j in range(i, min(i + size, len(tokens))):
            length += tokens[j]
            if length >= MIN_TOKENS:
                yield i, j


# Every ASCII character but a letter made a space, and the letters lowercased: in an ASCII sentence without
# an apostrophe the letter tokens are then just its split() (no token can join letters across anything else).
_LETTERS_APART = str.maketrans({**{c: " " for c in range(128) if not chr(c).isalpha()},
                                **{c: chr(c).lower() for c in range(128) if chr(c).isupper()}})


def _prose_flags(text: str, sentences: list[tuple[int, int]]) -> list[bool]:
    """_is_prose for each sentence of a page, with the page lowercased once."""
    lowered = text.translate(_ASCII_LOWER)
    letter_tokens, function_words = _LOWERED_LETTER_TOKEN.findall, FUNCTION_WORDS
    if not text.isascii():
        return [not function_words.isdisjoint(letter_tokens(lowered, start, end)) for start, end in sentences]
    apart, find = text.translate(_LETTERS_APART), text.find
    if "'" not in text:
        return [not function_words.isdisjoint(apart[start:end].split()) for start, end in sentences]
    return [not function_words.isdisjoint(apart[start:end].split() if find("'", start, end) == -1
                                          else letter_tokens(lowered, start, end)) for start, end in sentences]


def suspect_windows(text: str, spans: Iterable[tuple[int, int]], model: Model) -> list[tuple[int, int, float]]:
    """The windows whose score reaches the model's threshold: (start, end, score). The windows are
    `window_spans`'s, scored as `Model.score` scores them, with running sums instead of slices."""
    # A sentence that is not prose (no tokens, or no function word) still takes its place, so a window
    # never joins two headings across the keyword lines between them.
    sentences = list(spans)
    sums = [model._prose_sums(text[start:end]) if prose else (0.0, 0, 0)
            for (start, end), prose in zip(sentences, _prose_flags(text, sentences))]
    lengths = [part[2] for part in sums]
    flagged, bias, threshold, n = [], model.bias, model.threshold, len(sums)
    for i in range(n):
        if sum(lengths[i:i + WINDOW]) < MIN_TOKENS:
            continue  # no window from here is long enough to be scored (a run of headings or keyword lines)
        total, count, tokens = 0.0, 0, 0
        for j in range(i, min(i + WINDOW, n)):
            part = sums[j]
            total += part[0]
            count += part[1]
            tokens += part[2]
            if tokens >= MIN_TOKENS:
                score = bias + total / math.sqrt(count)
                if score >= threshold:
                    flagged.append((sentences[i][0], sentences[j][1], score))
    return flagged


def top_words(passage: str, model: Model, n: int = 3) -> list[str]:
    """The passage's words that push its score up most, to tell the writer where to look."""
    seen: dict[str, float] = {}
    for token, initial in _tokens(passage):
        weight, _, _ = model._token(token, initial)
        if weight > 0 and weight > seen.get(token, 0.0):
            seen[token] = weight
    return [w for w, _ in sorted(seen.items(), key=lambda item: -item[1])[:n]]


def best_window(text: str, model: Model) -> tuple[float, int, int]:
    """The highest-scoring window of a text: (score, start, end); how a case or article is judged."""
    from .context import Doc

    sentences = Doc(text).sentences()
    sums = [model.sentence_sums(text[s:e]) for s, e in sentences]
    best = (-math.inf, 0, 0)
    for i, j in window_spans([n for _, _, n in sums]):
        score = model._combine(sums[i:j + 1])
        if score > best[0]:
            best = (score, sentences[i][0], sentences[j][1])
    return best
