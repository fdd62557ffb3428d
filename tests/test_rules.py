"""Every rule id a finding can carry is in the catalogue (syndicate/checks/findings.py RULES), with
its severity, message and fix, so accept markers and SARIF know every one of them."""
from __future__ import annotations

import ast
import json
from pathlib import Path

from syndicate.checks.accept import marker_errors, parse_markers
from syndicate.checks.context import Doc
from syndicate.checks.findings import ERROR, RULES, WARNING
from syndicate.report import as_sarif

from .conftest import run_cli

PACKAGE = Path(__file__).resolve().parents[1] / "syndicate"


def rule_ids_used() -> dict[str, list[str]]:
    """rule id -> where: every `make_finding("…")`, `Finding("…")`/`Finding(rule="…")` and table entry
    (`_labelled("…", …)` in the number recognizers) in the package."""
    used: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", None))
            if name not in ("make_finding", "Finding", "_labelled"):
                continue
            arg = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "rule"), None)
            where = f"{path.relative_to(PACKAGE.parent)}:{node.lineno}"
            if path.name == "findings.py" and isinstance(arg, ast.Name):
                continue  # make_finding itself: Finding(rule=rule, …)
            if isinstance(arg, ast.Attribute) and arg.attr == "rule":
                continue  # a rule carried by a table entry, whose literal is scanned where the table is built
            assert isinstance(arg, ast.Constant), f"{where}: a rule id must be a literal, so this test can see it"
            used.setdefault(arg.value, []).append(where)
    return used


def test_every_rule_id_used_anywhere_is_in_the_catalogue():
    used = rule_ids_used()
    assert {"link.broken", "review.due", "topic.variant", "html.removed", "phi.name"} <= set(used)
    missing = {rule: where for rule, where in used.items() if rule not in RULES}
    assert not missing, f"rule ids outside RULES: {missing}"


def test_every_rule_has_a_severity_a_message_and_a_fix():
    for rule, spec in RULES.items():
        assert spec.severity in (ERROR, WARNING) and spec.message.strip() and spec.fix.strip(), rule


def test_findings_are_made_only_through_the_catalogue():
    """A Finding built by hand would carry wording and severity the catalogue does not know."""
    direct = [w for rule, places in rule_ids_used().items() for w in places if "Finding(" in _line(w)]
    assert not direct, direct


def _line(where: str) -> str:
    path, line = where.rsplit(":", 1)
    return (PACKAGE.parent / path).read_text(encoding="utf-8").splitlines()[int(line) - 1]


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
