"""Pick the fusion defaults and the abstention threshold by measuring on a question set.

    python -m eval.tune [--questions eval/questions/dev.jsonl] [--index-dir DIR]

Prints passage Hit@5 / MRR@10 and document Hit@1 for reciprocal rank fusion and for
weighted fusion over a grid of weights and metadata boosts, then the answer confidence of
answerable and unanswerable questions with the threshold that separates them best.
The chosen values are written by hand into search/fuse.py and search/answer.py.
"""
from __future__ import annotations

import argparse
import dataclasses
import itertools
from pathlib import Path

from eval.questions import load_questions
from eval.relevance import RelevanceJudge
from search import open_index
from search.answer import AnswerSettings, combine
from search.fuse import FusionSettings


def _score(index, questions, judges, k: int = 10) -> dict[str, float]:
    hit5 = mrr = doc1 = 0.0
    for q in questions:
        hits = index.search(q.question, k=k)
        judge = judges[q.id]
        ranks = [h.rank for h in hits if judge.is_relevant(h.doc_id, h.start, h.end, h.text)]
        hit5 += bool(ranks and ranks[0] <= 5)
        mrr += 1 / ranks[0] if ranks else 0.0
        doc1 += bool(hits and hits[0].doc_id == q.doc)
    n = len(questions) or 1
    return {"hit@5": hit5 / n, "mrr@10": mrr / n, "doc@1": doc1 / n}


def tune_fusion(index, questions) -> list[tuple[FusionSettings, dict]]:
    """Every grid point with its figures, best (by Hit@5 then MRR) first."""
    answerable = [q for q in questions if q.answerable and q.doc in index.doc_row]
    judges = {q.id: RelevanceJudge(q.doc, q.evidence, index.document(q.doc).text) for q in answerable}
    grid = [FusionSettings(method="rrf", rrf_k=k, authority_boost=a, date_boost=d)
            for k, a, d in itertools.product((10, 60), (0.0, 0.3, 0.6), (0.0, 0.1, 0.2))]
    grid += [FusionSettings(method="weighted", dense_weight=w, authority_boost=a, date_boost=d)
             for w, a, d in itertools.product((0.3, 0.4, 0.5, 0.6, 0.7), (0.0, 0.15, 0.3, 0.6), (0.0, 0.1, 0.2))]
    results = []
    for settings in grid:
        index.fusion = settings
        results.append((settings, _score(index, answerable, judges)))
    results.sort(key=lambda r: (-r[1]["hit@5"], -r[1]["mrr@10"], -r[1]["doc@1"]))
    return results


def signals(index, questions) -> list[tuple[bool, dict, str]]:
    """(answerable, evidence signals, id) for every question, using `ask`."""
    return [(q.answerable, index.ask(q.question).signals, q.id) for q in questions]


def tune_abstention(rows: list[tuple[bool, dict, str]]) -> list[tuple[float, float, AnswerSettings]]:
    """(balanced accuracy, threshold, weights) for a grid of confidence weights, best first."""
    out = []
    for dense, coverage, unknown, missing in itertools.product((0.0, 0.25, 0.5, 0.75), (0.0, 0.25, 0.5, 0.75),
                                                               (0.0, 0.25, 0.5, 1.0), (0.0, 0.25, 0.5)):
        if dense == coverage == 0:
            continue
        settings = AnswerSettings(weight_dense=dense, weight_coverage=coverage, weight_unknown=unknown,
                                  weight_missing=missing)
        scored = [(a, combine(s, settings), i) for a, s, i in rows]
        threshold, accuracy = best_threshold(scored)
        out.append((accuracy, threshold, settings))
    out.sort(key=lambda r: (-r[0], r[2].weight_unknown + r[2].weight_missing))
    return out


def best_threshold(rows: list[tuple[bool, float, str]]) -> tuple[float, float]:
    """The threshold with the best balanced accuracy (abstain below it), and that accuracy."""
    positives = [c for a, c, _ in rows if a]
    negatives = [c for a, c, _ in rows if not a]
    best = (0.0, 0.0)
    for t in sorted({round(c, 4) for _, c, _ in rows}):
        tpr = sum(c >= t for c in positives) / len(positives)
        tnr = sum(c < t for c in negatives) / len(negatives)
        best = max(best, ((tpr + tnr) / 2, t))
    return best[1], best[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", default="eval/questions/dev.jsonl")
    parser.add_argument("--index-dir", default=None)
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args()
    index = open_index(Path(args.index_dir) if args.index_dir else None)
    questions = load_questions(args.questions)
    results = tune_fusion(index, questions)
    print(f"{'method':8} {'k/w':>4} {'auth':>5} {'date':>5}  hit@5  mrr@10  doc@1")
    for settings, figures in results[: args.top]:
        knob = settings.rrf_k if settings.method == "rrf" else settings.dense_weight
        print(f"{settings.method:8} {knob:>4} {settings.authority_boost:>5} {settings.date_boost:>5}  "
              f"{figures['hit@5']:.3f}  {figures['mrr@10']:.3f}  {figures['doc@1']:.3f}")
    index.fusion = FusionSettings()
    current = next(figures for settings, figures in results if settings == index.fusion) if any(
        settings == index.fusion for settings, _ in results) else None
    print("current default:", dataclasses.asdict(index.fusion), current)
    rows = signals(index, questions)
    ranked = tune_abstention(rows)
    for accuracy, threshold, settings in ranked[:8]:
        print(f"balanced accuracy {accuracy:.3f} at threshold {threshold:.4f}: dense {settings.weight_dense} "
              f"coverage {settings.weight_coverage} unknown {settings.weight_unknown} missing {settings.weight_missing}")
    best = ranked[0][2]
    for answerable, s, qid in sorted(rows, key=lambda r: combine(r[1], best)):
        print(f"  {qid} {'answerable  ' if answerable else 'UNANSWERABLE'} {combine(s, best):.4f} {s}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
