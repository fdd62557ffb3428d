"""Batch checking of {"id", "text"} records, one JSON object per line."""
from __future__ import annotations

import json
from typing import Iterable, Iterator

from .allowlist import AllowList
from .findings import Finding, blocks_publication
from .scan import scan_text


def _parse(line: str, number: int) -> dict:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise ValueError(f"line {number}: not valid JSON ({error.msg} at column {error.colno})") from error
    except RecursionError:  # "[[[[…": nested deeper than the parser goes; no record is nested at all
        raise ValueError(f"line {number}: not a flat {{\"id\", \"text\"}} object (nested too deeply to read)") from None
    if not isinstance(record, dict):
        raise ValueError(f"line {number}: expected a JSON object with \"id\" and \"text\", got {type(record).__name__}")
    missing = [key for key in ("id", "text") if key not in record]
    if missing:
        raise ValueError(f"line {number}: missing {' and '.join(repr(k) for k in missing)}")
    if not isinstance(record["text"], str):
        raise ValueError(f"line {number}: \"text\" must be a string, got {type(record['text']).__name__}")
    if not isinstance(record.get("lang", "en"), str):
        raise ValueError(f"line {number}: \"lang\" must be a language code such as \"es\", got {record['lang']!r}")
    return record


def _as_dict(finding: Finding) -> dict:
    return {"start": finding.start, "end": finding.end, "rule": finding.rule, "message": finding.message,
            "severity": finding.severity, "accepted": finding.accepted}


def check_jsonl(lines: Iterable[str], allow: AllowList) -> Iterator[dict]:
    """Yield {"id", "flag", "findings"} per record; flag is true when an unaccepted error remains.
    A record's optional "lang" ("es") is its text's language: Spanish text gets the Spanish cues too.
    Blank lines are skipped; a malformed line raises ValueError naming its line number."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        record = _parse(line, number)
        findings = scan_text(record["text"], allow, record.get("lang", "en"))
        yield {"id": record["id"], "flag": any(blocks_publication(f) for f in findings),
               "findings": [_as_dict(f) for f in findings]}
