"""Fit the abstention model (search/abstain.py) and write search/data/abstention.json.

    python -m eval.fit_abstention [--index-dir .isearch/index] [--dry-run]

Method: every question of the fitting sets goes through `Index.ask` (hybrid); its evidence
features (search.abstain.FEATURES, in `Answer.signals`) and whether it is answerable make one
row. Questions `ask` settles by rule (a place with no letters, a list question) are left out of
the fit. A logistic regression (L2 penalty 1.0 on standardised features, as scikit-learn's
default C=1; fitted by Newton's method, Hastie, Tibshirani and Friedman, The Elements of
Statistical Learning, 2nd ed., section 4.4.1) gives p(answerable | features); its weights are
stored on the raw features. The threshold is the one with the best abstention F1 on the fitting
rows (unanswerable questions as positives) among those that answer at least MIN_ANSWERED of
the answerable ones.

Fitting sets: eval/questions/dev.jsonl, own.jsonl, grades.jsonl and the odd-numbered half of
unanswerable.jsonl (u001, u003, ...). Held out, never fitted on: the even-numbered half of
unanswerable.jsonl, extra.jsonl and factoid.jsonl. The script prints precision, recall, F1 and answered-rate
per set for the fitted model.

The "unknown" feature reads search/data/letter_vocab.txt: when the corpus or the keyword
tokenisation changes, run `python -m eval.letter_vocab` first, then this.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from eval.questions import Question, load_questions
from search.abstain import FEATURES, MODEL_FILE, AbstentionModel, abstention_model

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ROOT / "eval" / "questions"
FIT_SETS = ("dev", "own", "grades")
HELD_OUT_SETS = ("extra", "factoid")
UNANSWERABLE = "unanswerable"
MIN_ANSWERED = 0.95  # share of answerable fitting questions the threshold must answer
L2 = 1.0


def in_fitting_half(question: Question) -> bool:
    """unanswerable.jsonl is split by id: odd numbers are fitted on, even numbers held out."""
    digits = "".join(ch for ch in question.id if ch.isdigit())
    return bool(digits) and int(digits) % 2 == 1


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = L2, iterations: int = 50) -> tuple[np.ndarray, float]:
    """(weights, bias) of an L2-penalised logistic regression of y (0/1, shape n) on x (n, d),
    in the raw units of x. Standardises x, penalises the weights (not the bias), Newton steps."""
    mean, std = x.mean(axis=0), x.std(axis=0)
    std[std == 0] = 1.0
    z = np.hstack([(x - mean) / std, np.ones((len(x), 1))])
    beta = np.zeros(z.shape[1])
    penalty = np.full(z.shape[1], l2)
    penalty[-1] = 0.0
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-(z @ beta)))
        gradient = z.T @ (p - y) + penalty * beta
        hessian = (z * (p * (1 - p))[:, None]).T @ z + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.abs(step).max() < 1e-10:
            break
    weights = beta[:-1] / std
    return weights, float(beta[-1] - (weights * mean).sum())


def abstention_figures(rows: list[dict], threshold: float | None) -> dict[str, float | int | None]:
    """Abstention precision, recall, F1 (unanswerable = positive) and the answered-rate on
    answerable rows. A row abstains when `ask` settled it by rule and did not answer, or its
    probability is under `threshold` (None: as `ask` decided)."""
    def abstains(row: dict) -> bool:
        if row["probability"] is None or threshold is None or row.get("settled"):
            return not row["answered"]
        return row["probability"] < threshold

    flags = [(abstains(r), not r["answerable"]) for r in rows]
    right = sum(a and u for a, u in flags)
    n_abstained, n_unanswerable = sum(a for a, _ in flags), sum(u for _, u in flags)
    answerable = [a for a, u in flags if not u]
    precision = right / n_abstained if n_abstained else None
    recall = right / n_unanswerable if n_unanswerable else None
    f1 = (2 * precision * recall / (precision + recall) if precision and recall else 0.0) \
        if precision is not None and recall is not None else None
    answered = (len(answerable) - sum(answerable)) / len(answerable) if answerable else None
    return {"n": len(rows), "unanswerable": n_unanswerable, "precision": precision, "recall": recall,
            "f1": f1, "answered": answered}


def best_threshold(rows: list[dict]) -> float:
    """The probability threshold with the best F1 on `rows` whose answered-rate is >= MIN_ANSWERED
    (ties: the lower threshold, which answers more)."""
    candidates = sorted({round(r["probability"], 6) for r in rows if r["probability"] is not None})
    cuts = [0.0] + [(a + b) / 2 for a, b in zip(candidates, candidates[1:])]
    best = (-1.0, 0.0)
    for cut in cuts:
        figures = abstention_figures(rows, cut)
        if (figures["answered"] or 0.0) >= MIN_ANSWERED and (figures["f1"] or 0.0) > best[0]:
            best = (figures["f1"] or 0.0, cut)
    return best[1]


def collect(index, questions: list[Question], name: str) -> list[dict]:
    """One row per question: its set, id, answerable, what ask did, and the features."""
    rows = []
    for q in questions:
        answer = index.ask(q.question)
        signals = answer.signals or {}
        features = [float(signals[f]) for f in FEATURES] if all(f in signals for f in FEATURES) else None
        # settled: ask quoted nothing although the confidence was above its threshold (no sentence
        # qualified), so no threshold makes it answer
        settled = answer.confidence is None or (not answer.answered and not abstention_model().abstains(answer.confidence))
        rows.append({"set": name, "id": q.id, "answerable": q.answerable, "answered": answer.answered,
                     "features": features, "probability": None, "settled": settled})
    return rows


def _fmt(value) -> str:
    return "  -  " if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index-dir", default=None, help="index to run the questions on (default .isearch/index)")
    parser.add_argument("--dry-run", action="store_true", help="print the fit, do not write abstention.json")
    args = parser.parse_args()
    from search import open_index

    index = open_index(Path(args.index_dir) if args.index_dir else None)
    unanswerable = load_questions(QUESTIONS / f"{UNANSWERABLE}.jsonl")
    sets = {name: load_questions(QUESTIONS / f"{name}.jsonl") for name in (*FIT_SETS, *HELD_OUT_SETS)}
    sets[f"{UNANSWERABLE} (fit half)"] = [q for q in unanswerable if in_fitting_half(q)]
    sets[f"{UNANSWERABLE} (held-out half)"] = [q for q in unanswerable if not in_fitting_half(q)]
    rows = {name: collect(index, qs, name) for name, qs in sets.items()}
    fitting = [r for name in (*FIT_SETS, f"{UNANSWERABLE} (fit half)") for r in rows[name]]
    usable = [r for r in fitting if r["features"] is not None]
    x = np.asarray([r["features"] for r in usable])
    y = np.asarray([1.0 if r["answerable"] else 0.0 for r in usable])
    weights, bias = fit_logistic(x, y)
    model = AbstentionModel({f: round(float(w), 6) for f, w in zip(FEATURES, weights)}, round(bias, 6), 0.5)
    for r in (r for rs in rows.values() for r in rs):
        if r["features"] is not None:
            r["probability"] = model.probability(dict(zip(FEATURES, r["features"])))
    threshold = round(best_threshold(fitting), 6)
    n_pos, n_neg = int(y.sum()), int(len(y) - y.sum())
    source = (f"python -m eval.fit_abstention: L2 logistic regression on {len(usable)} questions "
              f"({n_pos} answerable, {n_neg} unanswerable) of {', '.join(FIT_SETS)} and the odd-numbered half "
              f"of {UNANSWERABLE}.jsonl, hybrid search on the index built {index.manifest.get('built_at', '?')} "
              f"({len(index)} passages); threshold: best abstention F1 answering >= {MIN_ANSWERED:.0%} of the answerable")
    held_out = abstention_figures(rows[f"{UNANSWERABLE} (held-out half)"], threshold)
    slips = None if held_out["recall"] is None else round(1.0 - held_out["recall"], 4)
    model = AbstentionModel(model.weights, model.bias, threshold, source, len(usable), slips)
    print("weights (raw features):", json.dumps(model.weights), "bias", model.bias, "threshold", threshold)
    print(f"{'set':32} {'n':>4} {'unans':>5} {'prec':>6} {'recall':>6} {'F1':>6} {'answered':>8}")
    for name, rs in [*rows.items(), ("fitting sets together", fitting),
                     ("held out together", rows["extra"] + rows[f"{UNANSWERABLE} (held-out half)"]),
                     ("held out, factoid too", [r for name in (*HELD_OUT_SETS, f"{UNANSWERABLE} (held-out half)")
                                                for r in rows[name]])]:
        f = abstention_figures(rs, threshold)
        print(f"{name:32} {f['n']:>4} {f['unanswerable']:>5} {_fmt(f['precision']):>6} {_fmt(f['recall']):>6} "
              f"{_fmt(f['f1']):>6} {_fmt(f['answered']):>8}")
    if not args.dry_run:
        out = ROOT / "search" / "data" / MODEL_FILE
        out.write_text(json.dumps(model.to_dict(), indent=1) + "\n", encoding="utf-8")
        print("wrote", out.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
