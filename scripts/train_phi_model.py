"""Train the learned safety recognizer (`syndicate/checks/learned.py`) from the labelled development sets.

    python scripts/train_phi_model.py --train tests/phi_dev.jsonl tests/phi_corpus.jsonl \
        --test tests/phi_dev2.jsonl --out /tmp/model.npz      # a cross-writer fold
    python scripts/train_phi_model.py --train tests/phi_dev.jsonl tests/phi_dev2.jsonl \
        tests/phi_dev3.jsonl tests/phi_corpus.jsonl --out syndicate/checks/data/phi_model.npz   # the shipped model

Each case (one to four sentences, labelled as a whole) is one training example. At run time the model scores
every window of one to three sentences and a case or article is flagged when any window reaches the threshold,
so the held-out figures here score a case the same way (its highest window).

Besides the cases, windows of the project's own documentation (GENERAL_PROSE) are clean examples of
plain prose, since an article is a hundred windows of it and the cases are a few hundred tricky ones.

The threshold is chosen on the training data only: out-of-fold scores from a cross-validation over the
training sets (one fold per set and per prose file, so each fold's scores come from text by other
writers), and the lowest threshold whose out-of-fold false-positive rate on the cases the model judges
(those long enough to hold a window) stays at or below --max-fpr. Nothing here reads tests/phi_blind.jsonl; the script refuses any file named like a blind set.

Needs scikit-learn and numpy (training only; the run-time recognizer needs numpy alone).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from syndicate.checks.context import Doc  # noqa: E402
from syndicate.checks.learned import N_FEATURES, passage_features, sentence_counts, window_spans  # noqa: E402


# Plain prose the model must leave alone: the project's own documentation (not docs/checks.md, which is
# mostly quoted patient text). Relative to the repository root.
# The sample practice's English pages are there too: pre- and post-op instructions and the privacy notice address
# the reader ("You cannot drive yourself after anesthesia", "You have the right to …") as general guidance, the
# model's likeliest false positive.
GENERAL_PROSE = ["docs/clinician-guide.md", "docs/design.md", "docs/security.md", "docs/site-config.md",
                 "docs/benchmarks.md", "README.md",
                 *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "content").rglob("*.md") if p.suffixes == [".md"])]
GENERAL_WEIGHT = 3.0


def half(case_id: str) -> str:
    """The development half a case belongs to: "even" (tuned and trained on) or "odd" (scored only)."""
    return "even" if int(hashlib.sha256(case_id.encode()).hexdigest(), 16) % 2 == 0 else "odd"


def load(paths: list[str]) -> list[dict]:
    """Labelled cases; a path ending in "#even" or "#odd" takes one half of that set (see `half`)."""
    rows = []
    for spec in paths:
        path, _, wanted = spec.partition("#")
        if "blind" in Path(path).name:
            sys.exit(f"{path}: blind sets are scored only by the lead, never trained or tuned on")
        for line in open(path, encoding="utf-8"):
            if line.strip():
                row = json.loads(line)
                if wanted and half(row["id"]) != wanted:
                    continue
                row["set"] = Path(path).stem + (f"#{wanted}" if wanted else "")
                rows.append(row)
    return rows


def general_windows(paths: list[str]) -> list[dict]:
    """Windows of ordinary prose as extra clean examples: a case set holds a few hundred short tricky
    cases, while an article holds a hundred windows of plain prose, so the model must also learn what
    plain prose looks like. Windows the rules flag (the docs quote examples of patient text) are left
    out. Each file is its own cross-validation group."""
    from syndicate.checks import scan_text
    from syndicate.checks.findings import blocks_publication
    from tests.sample_practice import sample_allow_list

    texts = [(path, (ROOT / path).read_text(encoding="utf-8")) for path in paths]
    rows = []
    for name, text in texts:
        flagged = [(f.start, f.end) for f in scan_text(text, sample_allow_list()) if blocks_publication(f)]
        doc = Doc(text)
        spans = doc.sentences()
        for i, j in window_spans([sentence_counts(text[s:e])[1] for s, e in spans]):
            start, end = spans[i][0], spans[j][1]
            if not any(a < end and start < b for a, b in flagged):
                rows.append({"id": f"{name}:{start}", "text": text[start:end], "flag": False, "set": f"general:{name}",
                             "category": "general_prose"})
    return rows


def matrix(vectors: list[dict[int, float]]) -> csr_matrix:
    data, indices, indptr = [], [], [0]
    for feats in vectors:
        indices.extend(feats.keys())
        data.extend(feats.values())
        indptr.append(len(indices))
    return csr_matrix((np.array(data, dtype=np.float64), np.array(indices, dtype=np.int64), np.array(indptr)),
                      shape=(len(vectors), N_FEATURES))


def window_vectors(text: str) -> list[dict[int, float]]:
    """The feature vector of every window the run-time recognizer scores in this text."""
    doc = Doc(text)
    sentences = [sentence_counts(text[s:e]) for s, e in doc.sentences()]
    vectors = []
    for i, j in window_spans([n for _, n in sentences]):
        counts: dict[int, float] = {}
        for part, _ in sentences[i:j + 1]:
            for k, n in part.items():
                counts[k] = counts.get(k, 0) + n
        scale = math.sqrt(sum(counts.values())) or 1.0
        vectors.append({k: v / scale for k, v in counts.items()})
    return vectors


def fit(rows: list[dict], c: float, general_weight: float = GENERAL_WEIGHT) -> LogisticRegression:
    """Cases weigh one each (positives and negatives balanced); the plain-prose windows together weigh
    general_weight times the clean cases."""
    labels = np.array([bool(r["flag"]) for r in rows])
    general = np.array([r["set"].startswith("general") for r in rows])
    weights = np.where(labels, (~labels & ~general).sum() / max(labels.sum(), 1), 1.0)
    if general.any():
        weights[general] = general_weight * (~labels & ~general).sum() / general.sum()
    model = LogisticRegression(C=c, max_iter=2000, solver="liblinear")
    model.fit(matrix([passage_features(r["text"]) for r in rows]), labels, sample_weight=weights)
    return model


def case_scores(model: LogisticRegression, rows: list[dict]) -> np.ndarray:
    """Each case's highest window score (log-odds), as the run-time recognizer scores it; -inf for a case
    too short to hold a window (the run-time recognizer leaves those to the rules)."""
    all_windows, owner = [], []
    for i, r in enumerate(rows):
        ws = window_vectors(r["text"])
        all_windows.extend(ws)
        owner.extend([i] * len(ws))
    scores = model.decision_function(matrix(all_windows))
    best = np.full(len(rows), -np.inf)
    np.maximum.at(best, np.array(owner), scores)
    return best


def out_of_fold(rows: list[dict], c: float, general_weight: float = GENERAL_WEIGHT) -> np.ndarray:
    sets = sorted({r["set"] for r in rows})
    if len(sets) > 1:
        folds = [([i for i, r in enumerate(rows) if r["set"] != s], [i for i, r in enumerate(rows) if r["set"] == s])
                 for s in sets]
    else:
        labels = [bool(r["flag"]) for r in rows]
        folds = list(StratifiedKFold(5, shuffle=True, random_state=0).split(rows, labels))
    scores = np.zeros(len(rows))
    for train, test in folds:
        model = fit([rows[i] for i in train], c, general_weight)
        scores[test] = case_scores(model, [rows[i] for i in test])
    return scores


def pick_threshold(scores: np.ndarray, labels: np.ndarray, max_fpr: float) -> float:
    negatives = np.sort(scores[~labels])[::-1]
    allowed = int(np.floor(max_fpr * len(negatives)))  # this many negatives may score at or above it
    # Just above the (allowed+1)-th highest negative score.
    return float(np.nextafter(negatives[allowed], np.inf)) if allowed < len(negatives) else float(negatives[-1])


def rates(flags: np.ndarray, labels: np.ndarray) -> str:
    tp, p = int((flags & labels).sum()), int(labels.sum())
    fp, n = int((flags & ~labels).sum()), int((~labels).sum())
    return f"recall {tp / p:.3f} ({tp}/{p})  FPR {fp / n:.3f} ({fp}/{n})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--train", nargs="+", required=True, help="labelled JSONL sets to learn from")
    parser.add_argument("--test", nargs="*", default=[], help="held-out sets to report the model alone on")
    parser.add_argument("--out", help="where to write the model (.npz)")
    parser.add_argument("--max-fpr", type=float, default=0.025, help="out-of-fold false-positive rate the threshold allows")
    parser.add_argument("--c", type=float, default=10.0, help="inverse regularisation strength")
    parser.add_argument("--general-weight", type=float, default=GENERAL_WEIGHT,
                        help="how much the plain-prose windows weigh together, in multiples of the clean cases")
    parser.add_argument("--general", nargs="*", default=GENERAL_PROSE, help="Markdown files of plain prose: extra clean windows")
    args = parser.parse_args()

    rows = load(args.train) + general_windows(args.general)
    labels = np.array([bool(r["flag"]) for r in rows])
    general = np.array([r["set"].startswith("general") for r in rows])
    oof = out_of_fold(rows, args.c, args.general_weight)
    # Cases too short to hold a window are never flagged by the model (the rules judge them alone), so the
    # false-positive rate that sets the threshold is counted over the cases the model does judge.
    judged = ~general & np.isfinite(oof)
    threshold = pick_threshold(oof[judged], labels[judged], args.max_fpr)
    print(f"trained on {(~general).sum()} cases from {', '.join(args.train)} and {general.sum()} windows of plain prose")
    print(f"threshold {threshold:.3f}; out-of-fold on the training sets: {rates(oof[~general] >= threshold, labels[~general])}")
    if general.any():
        print(f"plain-prose windows flagged out of fold at that threshold: {(oof[general] >= threshold).sum()}/{general.sum()}")
    model = fit(rows, args.c, args.general_weight)
    for path in args.test:
        test = load([path])
        test_labels = np.array([bool(r["flag"]) for r in test])
        flags = case_scores(model, test) >= threshold
        print(f"held out {path}, model alone: {rates(flags, test_labels)}")
    if args.out:
        weights = model.coef_[0].astype(np.float32)
        np.savez_compressed(args.out, weights=weights, bias=np.float32(model.intercept_[0]),
                            threshold=np.float32(threshold), n_features=np.int64(N_FEATURES))
        print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
