"""Pick the fusion defaults by measuring on a question set.

    python -m eval.tune [--questions eval/questions/dev.jsonl] [--index-dir DIR]

Prints passage Hit@5 / MRR@10 and document Hit@1 for reciprocal rank fusion and for
weighted fusion over a grid of weights and metadata boosts. The chosen values are written by
hand into search/fuse.py. Abstention is fitted by `python -m eval.fit_abstention`.
"""
from __future__ import annotations

import argparse
import dataclasses
import itertools
from pathlib import Path

from eval.questions import load_questions
from eval.relevance import RelevanceJudge
from search import open_index
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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
