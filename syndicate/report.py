"""Output formats for `syndicate check`, kept apart from the rules: text, JSON, GitHub, SARIF."""
from __future__ import annotations

import json
import os
from collections.abc import Iterable

from .checks import RULES
from .checks.findings import ERROR
from .gate import Located


def _rel(path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def as_text(found: list[Located]) -> str:
    if not found:
        return "No problems found."
    errors = sum(l.blocking for l in found)
    accepted = sum(bool(l.finding.accepted) for l in found)
    warnings = len(found) - errors - accepted
    body = "\n\n".join(str(l).replace(str(l.path), _rel(l.path), 1) for l in found)
    return f"{body}\n\n{errors} error(s), {warnings} warning(s), {accepted} accepted."


def as_json(found: list[Located]) -> str:
    return json.dumps([
        {"file": _rel(l.path), "line": l.line, "column": l.col, "field": l.field, "start": l.start, "end": l.end,
         "rule": l.finding.rule, "severity": l.finding.severity, "excerpt": l.finding.excerpt,
         "message": l.finding.message, "fix": l.finding.fix, "accepted": l.finding.accepted,
         "blocking": l.blocking}
        for l in found], ensure_ascii=False, indent=2)


def _escape_property(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A").replace(":", "%3A").replace(",", "%2C")


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def as_github(found: Iterable[Located]) -> str:
    """GitHub Actions workflow commands: each finding becomes an annotation on the pull request."""
    lines = []
    for l in found:
        kind = "error" if l.blocking else ("notice" if l.finding.accepted else "warning")
        props = f"file={_escape_property(_rel(l.path))},line={l.line},col={l.col},title={_escape_property(l.finding.rule)}"
        text = f"“{l.finding.excerpt}”: {l.finding.message} How to fix: {l.finding.fix}"
        lines.append(f"::{kind} {props}::{_escape_data(text)}")
    return "\n".join(lines)


def _sarif_rule(rule: str) -> dict:
    spec = RULES[rule]  # every rule a finding can carry is in the catalogue (tests/test_rules.py)
    return {"id": rule, "shortDescription": {"text": spec.message}, "help": {"text": spec.fix},
            "defaultConfiguration": {"level": "error" if spec.severity == ERROR else "warning"}}


def as_sarif(found: list[Located]) -> str:
    rules = sorted({l.finding.rule for l in found})
    results = []
    for l in found:
        result = {
            "ruleId": l.finding.rule,
            "level": "error" if l.blocking else ("note" if l.finding.accepted else "warning"),
            "message": {"text": f"{l.finding.message} How to fix: {l.finding.fix}"},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": _rel(l.path)},
                "region": {"startLine": l.line, "startColumn": l.col,
                           "snippet": {"text": l.finding.excerpt}}}}],
        }
        if l.finding.accepted:
            result["suppressions"] = [{"kind": "inSource", "justification": l.finding.accepted}]
        results.append(result)
    return json.dumps({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "syndicate check", "informationUri": "https://example.invalid/syndicate",
                                "rules": [_sarif_rule(r) for r in rules]}},
            "results": results,
        }],
    }, ensure_ascii=False, indent=2)


FORMATS = {"text": as_text, "json": as_json, "github": as_github, "sarif": as_sarif}
