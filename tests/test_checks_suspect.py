"""phi.suspect: the learned second opinion (syndicate/checks/learned.py, recognizers/suspect.py).

The figures it reaches on held-out sets are in docs/checks.md ("A learned second opinion"); these tests
pin what must hold for any shipped model: the fast run-time score is the score the trainer trained, the
model file is plain arrays, typical cases the rules miss are caught, plain prose stays clean, and the
finding behaves like the others (markers, lines, blocking)."""
from __future__ import annotations

import json
import math
from pathlib import Path

import numpy
import pytest

from syndicate.checks import scan_text
from syndicate.checks.findings import blocks_publication
from syndicate.checks.learned import MODEL_PATH, N_FEATURES, best_window, load_model, passage_features
from tests.sample_practice import sample_allow_list

from .conftest import VALID_FRONT, run_cli, write_article

ROOT = Path(__file__).resolve().parents[1]
ALLOW = sample_allow_list()
MODEL = load_model()

# Fresh sentences, in none of the labelled sets, that no hand rule flags (when a new rule catches one,
# replace it with another the rules miss: the point is the model's catch).
CAUGHT = [
    "The lady who runs the bakery on the square finally got her thyroid sorted out after three visits with us.",
    "The woman who drives the school bus on the east route has been coming to us for her migraines, and she is feeling much better now.",
    "The twins from the Pine Street daycare both tested positive for strep, so we are treating the whole family.",
    "Keep going with the amoxicillin you got from us for another three days, then stop even if the cough lingers.",
]
CLEAN = [
    "Most adults need seven to nine hours of sleep a night, and naps should stay under half an hour.",
    # The model trained with the fourth and fifth splits flags "Ibuprofen can upset the stomach, so take it with food
    # and follow the dose on the label." (1.02 against 0.683): a known false positive, in docs/checks.md's risks.
    "Read the label on any cold medicine, because many contain the same pain reliever.",
    "Acetaminophen is gentle on the stomach, but more than 3,000 mg a day can harm the liver.",
    "Talk with your doctor before starting any new supplement, especially if you take blood thinners.",
    "The shingles vaccine is recommended for adults fifty and older, given in two doses.",
]


def _suspects(text: str):
    return [f for f in scan_text(text, ALLOW) if f.rule == "phi.suspect"]


def test_the_model_ships_as_plain_arrays_and_loads_offline():
    with numpy.load(MODEL_PATH, allow_pickle=False) as data:  # a pickle would raise here
        assert set(data.files) == {"weights", "bias", "threshold", "n_features"}
        assert data["weights"].shape == (N_FEATURES,) and int(data["n_features"]) == N_FEATURES
    assert MODEL is not None and math.isfinite(MODEL.threshold)


def test_the_fast_score_is_the_score_the_trainer_trained():
    """At run time a window's score is summed per sentence from cached per-word weights; the trainer
    builds the full feature vector. Both must give the same number, or the threshold means nothing."""
    with numpy.load(MODEL_PATH, allow_pickle=False) as data:
        weights, bias = data["weights"].astype("float64"), float(data["bias"])
    for text in CAUGHT + CLEAN + ["## Your rights\n\nYou can ask for a copy of your record.\nCall us any weekday."]:
        direct = bias + sum(weights[k] * v for k, v in passage_features(text).items())
        assert MODEL.score(text) == pytest.approx(direct, abs=1e-6), text


@pytest.mark.parametrize("text", CAUGHT)
def test_catches_typical_cases_no_rule_flags(text):
    findings = scan_text(text, ALLOW)
    assert [f.rule for f in findings if blocks_publication(f)] == ["phi.suspect"], findings
    [finding] = findings
    assert "words that weigh most" in finding.message and finding.severity == "error"


@pytest.mark.parametrize("text", CLEAN)
def test_general_education_stays_clean(text):
    assert not _suspects(text)


def test_sample_content_and_long_general_articles_stay_clean():
    """A long article holds a hundred windows; each must stay under the threshold."""
    pages = sorted((ROOT / "content").rglob("*.md")) + sorted((ROOT / "tests/data/general_articles").glob("*.md"))
    assert len(pages) >= 15
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert not _suspects(text), (page, best_window(text, MODEL))


def test_benchmark_articles_stay_clean():
    """The benchmarks' synthetic articles (random health words) must pass the gate, or the build benchmark fails."""
    import sys
    sys.path.insert(0, str(ROOT / "scripts"))
    from synthetic import generate
    for _, _, body in generate(30):
        assert not _suspects(body)


def test_not_reported_where_a_rule_already_flagged():
    """The rule's finding names the word; a second, vaguer finding on the same passage adds nothing."""
    text = "Big congratulations to Mrs. Kowalczyk, who rang the bell this morning after her last round of chemo!"
    rules = {f.rule for f in scan_text(text, ALLOW)}
    assert "phi.name" in rules and "phi.suspect" not in rules


def test_an_accept_marker_accepts_it():
    text = f"<!-- accept phi.suspect: she agreed in writing to this post -->\n{CAUGHT[0]}\n"
    [finding] = scan_text(text, ALLOW)
    assert finding.rule == "phi.suspect" and finding.accepted == "she agreed in writing to this post"
    assert not blocks_publication(finding)


def test_check_names_the_line_and_blocks(project):
    write_article(project, "story.md", VALID_FRONT, "Water helps on hot days.\n\n" + CAUGHT[1] + "\n")
    result = run_cli(project, "check", "--format", "json", "content/articles/story.md")
    assert result.exit_code == 1
    [row] = [r for r in json.loads(result.output) if r["rule"] == "phi.suspect"]
    lines = (project / "content/articles/story.md").read_text().splitlines()
    assert lines[row["line"] - 1] == CAUGHT[1] and row["blocking"] is True


def test_without_a_model_file_the_rules_still_run(tmp_path):
    assert load_model(tmp_path / "missing.npz") is None


def test_a_model_for_another_feature_space_is_refused(tmp_path):
    path = tmp_path / "other.npz"
    numpy.savez(path, weights=numpy.zeros(16, dtype="float32"), bias=0.0, threshold=1.0, n_features=16)
    with pytest.raises(RuntimeError, match="retrain with scripts/train_phi_model.py"):
        load_model(path)


def test_the_trainer_refuses_a_blind_set():
    import importlib.util
    spec = importlib.util.spec_from_file_location("train_phi_model", ROOT / "scripts/train_phi_model.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with pytest.raises(SystemExit, match="blind sets are scored only by the lead"):
        module.load(["tests/phi_blind.jsonl"])



@pytest.mark.parametrize("text", [
    # a title or a year long past frames the name away, but the model's second opinion stands: patients hold them too
    "Longtime radio host Gary Pruett, 67, had his second knee replacement here in June and is walking his dog again.",
    "Walter Briggs served in Korea in 1951 and has had his leg amputated below the knee after years of diabetes; he "
    "lives alone in the blue house behind the post office.",
    "#WalkWithWalt was a hit! Walter Dembélé-Sato and forty neighbors walked the seawall to raise awareness after his "
    "heart-failure diagnosis.",
])
def test_a_frame_leaves_the_second_opinion_standing(text):
    assert any(blocks_publication(f) for f in scan_text(text, ALLOW)), text
