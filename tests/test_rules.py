"""Every rule id a finding can carry is in the catalogue (syndicate/checks/findings.py RULES), with
its severity, message and fix, so accept markers and SARIF know every one of them."""
from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from syndicate.checks.accept import marker_errors, parse_markers
from syndicate.checks.context import Doc
from syndicate.checks.findings import ERROR, RULES, WARNING, make_finding
from syndicate.report import as_sarif

from .conftest import run_cli

PACKAGE = Path(__file__).resolve().parents[1] / "syndicate"


NAMESPACES = {rule.split(".")[0] for rule in RULES}
RULE_SHAPED = re.compile(r"^([a-z]+)\.([a-z_]+)$")


def _calls(tree, name):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == name:
            yield node


def rule_ids_in_source() -> dict[str, list[str]]:
    """rule id -> where: the literal first argument of every make_finding(...) call, and every string
    literal in the package shaped like a rule id of a known namespace ('phi.vehicle' in a table)."""
    found: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = str(path.relative_to(PACKAGE.parent))
        for call in _calls(tree, "make_finding"):
            if call.args and isinstance(call.args[0], ast.Constant):
                found.setdefault(call.args[0].value, []).append(f"{where}:{call.lineno}")
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                shaped = RULE_SHAPED.match(node.value)
                if shaped and shaped.group(1) in NAMESPACES:
                    found.setdefault(node.value, []).append(f"{where}:{node.lineno}")
    return found


def test_every_rule_id_used_anywhere_is_in_the_catalogue():
    used = rule_ids_in_source()
    assert {"link.broken", "review.due", "topic.variant", "html.removed", "phi.vehicle"} <= set(used)
    missing = {rule: where for rule, where in used.items() if rule not in RULES}
    assert not missing, f"rule ids outside RULES: {missing}"


def test_findings_are_made_only_through_the_catalogue():
    """make_finding looks every rule up in RULES; a Finding built by hand would bypass it, with wording
    and a severity the catalogue, accept markers and SARIF do not know."""
    direct = [f"{path.relative_to(PACKAGE.parent)}:{call.lineno}" for path in sorted(PACKAGE.rglob("*.py"))
              if path.name != "findings.py"
              for call in _calls(ast.parse(path.read_text(encoding="utf-8")), "Finding")]
    assert direct == []
    with pytest.raises(KeyError):
        make_finding("phi.vehicel", 0, 0, "")


def test_every_rule_has_a_severity_a_message_and_a_fix():
    for rule, spec in RULES.items():
        assert spec.severity in (ERROR, WARNING) and spec.message.strip() and spec.fix.strip(), rule


def test_a_marker_for_a_catalogued_rule_that_is_fixed_not_accepted_says_so():
    text = "<!-- accept review.due: reviewed by phone -->\nText.\n<!-- accept phi.nmae: typo -->\n"
    errors = marker_errors(parse_markers(Doc(text)), text)
    assert [e.rule for e in errors] == ["accept.unknown_rule", "accept.unknown_rule"]
    assert "is fixed in the file, never accepted" in errors[0].message
    assert "not a rule a marker can accept" in errors[1].message


def test_sarif_describes_every_rule_it_reports_from_the_catalogue(project):
    result = run_cli(project, "check", "--format", "sarif")
    driver = json.loads(result.output)["runs"][0]["tool"]["driver"]
    assert driver["rules"], result.output
    for rule in driver["rules"]:
        spec = RULES[rule["id"]]
        assert rule["shortDescription"]["text"] == spec.message and rule["help"]["text"] == spec.fix
