"""Measuring post text the way X, Mastodon and Threads do; shared by those three clients.

URLs: X is twitter-text, and Mastodon finds the URLs it counts as 23 characters with
twitter-text's Extractor (app/validators/status_length_validator.rb), so both need the
URLs twitter-text would find. This is a compact version of twitter-text's rules
(twitter/twitter-text, js/src/regexp/extractUrl.js and friends): a URL does not follow a
letter, digit, @, $ or #; its host is dot-separated labels of at most 63 characters; and
its path or query ends on a letter, digit or one of = _ # / + - & (a closing parenthesis
only when balanced), so the full stop after a link is text, not URL. The full TLD list is
left out; `url_spans` tells bare domains ("cdc.gov") apart so a caller can count them safely.

Emoji: twitter-text v3 (emojiParsingEnabled) and Threads treat an emoji sequence as one
unit; a sequence is one extended grapheme cluster, and `grapheme` knows which code points
are Extended_Pictographic.
"""
from __future__ import annotations

import re

import grapheme
from grapheme.grapheme_property_group import GraphemePropertyGroup, get_group

URL_LENGTH = 23  # X: transformedURLLength in twitter-text config v3; Mastodon: URL_PLACEHOLDER

_LETTER = r"0-9A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u024F\u0300-\u036F\u0400-\u04FF\u1E00-\u1EFF"
_LABEL = r"[^\W_](?:[\w-]*[^\W_])?"  # \w is Unicode: internationalised domain names count
_HOST = rf"(?:{_LABEL}\.)+{_LABEL}(?::\d{{1,5}})?"
_PATH = rf"[/?#][{_LETTER}!*';:=+,.$/%#\[\]\-\u2013_~&|@()?]*"
_ENDING = re.compile(rf"[{_LETTER}=_#/+\-&]$")
_PRECEDING = r"(?<![A-Za-z0-9@\uFF20$#\uFF03])"

_WITH_SCHEME = re.compile(rf"{_PRECEDING}https?://({_HOST})(?:{_PATH})?", re.IGNORECASE)
# twitter-text also refuses a bare domain right after - _ . or / (invalidUrlWithoutProtocolPrecedingChars)
_BARE = re.compile(rf"(?<![A-Za-z0-9@\uFF20$#\uFF03\-_./:])({_HOST})(?:{_PATH})?", re.IGNORECASE)
_TLD = re.compile(r"\.[^\W\d_]{2,}(?::\d+)?$")


def _trim(url: str) -> str:
    """Drops trailing punctuation, keeping a ')' that closes a '(' inside the URL."""
    while url and not _ENDING.search(url):
        if url.endswith(")") and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    return url


def _valid_host(host: str) -> bool:
    return all(len(label) <= 63 for label in host.split(":")[0].split("."))


def url_spans(text: str, *, bare_domains: bool = False) -> list[tuple[int, int, bool]]:
    """(start, end, is_bare) of each URL twitter-text would extract, in order."""
    spans: list[tuple[int, int, bool]] = []
    for m in _WITH_SCHEME.finditer(text):
        if _valid_host(m.group(1)):
            spans.append((m.start(), m.start() + len(_trim(m.group(0))), False))
    if bare_domains:
        taken = [range(s, e) for s, e, _ in spans]
        for m in _BARE.finditer(text):
            if any(m.start() in r for r in taken) or not _valid_host(m.group(1)):
                continue
            if _TLD.search(m.group(1)) and not text[m.end():m.end() + 1] == "@":
                spans.append((m.start(), m.start() + len(_trim(m.group(0))), True))
        spans.sort()
    return spans


def is_emoji(cluster: str) -> bool:
    """Whether a grapheme cluster is an emoji (sequence): pictograph, flag or keycap."""
    for ch in cluster:
        group = get_group(ch)
        if group in (GraphemePropertyGroup.EXTENDED_PICTOGRAPHIC, GraphemePropertyGroup.REGIONAL_INDICATOR):
            return True
        if ch == "\u20e3":  # combining enclosing keycap: 1️⃣, #️⃣
            return True
    return False


def clusters(text: str):
    # ASCII is one cluster per character except CR LF (UAX #29, rule GB3); `grapheme` is pure
    # Python and dominates counting time on long texts, so the common case skips it.
    if text.isascii() and "\r\n" not in text:
        return iter(text)
    return grapheme.graphemes(text)


def grapheme_count(text: str) -> int:
    if text.isascii():
        return len(text) - text.count("\r\n")
    return grapheme.length(text)
