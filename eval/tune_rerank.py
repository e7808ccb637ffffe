"""Choose the second-stage (rerank) weights by measuring passage ranking on a question set.

    python -m eval.tune_rerank [--questions eval/questions/dev.jsonl ...] [--index-dir DIR] [--top 15]

For every setting in a small grid (each feature's weight, one at a time around the defaults, then
the best combination) prints passage recall@5, MRR@10, nDCG@10 and letter recall@5 over the
answerable questions, first stage alone and with the reranker. The chosen values are written by
hand into search/rerank.py (RerankSettings). Tune on dev; check on other sets with --check.
"""
from __future__ import annotations

import argparse
import dataclasses
import itertools
from pathlib import Path

from eval.metrics import per_question
from eval.questions import load_questions
from eval.relevance import RelevanceJudge, relevant_chunks_in_doc
from search import open_index
from search.rerank import FeatureReranker, RerankSettings


def judged(index, questions) -> tuple[list, dict[str, set[str]], dict[str, set[str]]]:
    """The answerable questions whose letter is indexed, with passage and letter qrels."""
    kept, passages, letters = [], {}, {}
    for q in questions:
        if not q.answerable or q.doc not in index.doc_row:
            continue
        judge = RelevanceJudge(q.doc, q.evidence, index.document(q.doc).text)
        kept.append(q)
        passages[q.id] = {str(i) for i in relevant_chunks_in_doc(index, judge)}
        letters[q.id] = {q.doc}
    return kept, passages, letters


def score(index, questions, passages, letters, k: int = 10, mode: str = "hybrid") -> dict[str, float]:
    """Mean passage recall@5, MRR@10, nDCG@10 and letter recall@5 of `index.search`."""
    runs, doc_runs = {}, {}
    for q in questions:
        hits = index.search(q.question, k=k, mode=mode)
        runs[q.id] = [str(h.chunk_id) for h in hits]
        doc_runs[q.id] = [h.doc_id for h in hits]
    p = per_question(passages, runs, k)
    d = per_question(letters, doc_runs, k)
    n = len(questions) or 1
    return {"R@5": sum(p["recall@5"].values()) / n, "MRR@10": sum(p[f"mrr@{k}"].values()) / n,
            "nDCG@10": sum(p[f"ndcg@{k}"].values()) / n, "doc R@5": sum(d["recall@5"].values()) / n}


def grid(base: RerankSettings) -> list[RerankSettings]:
    """One feature at a time around `base`, plus a coarse joint grid of the main three."""
    out = [base]
    for name, values in (("sentence", (0.0, 0.05, 0.1, 0.2, 0.3)), ("proximity", (0.0, 0.05, 0.2, 0.3)),
                         ("heading", (0.0, 0.1, 0.2)), ("grade", (0.0, 0.15, 0.5)),
                         ("title_block", (0.0, 0.3, 0.5)), ("duplicate", (0.0, 0.05, 0.2)), ("depth", (20, 60))):
        out += [dataclasses.replace(base, **{name: v}) for v in values if getattr(base, name) != v]
    out += [dataclasses.replace(base, sentence=s, proximity=p, title_block=t)
            for s, p, t in itertools.product((0.1, 0.2, 0.3), (0.1, 0.2), (0.15, 0.3))]
    return list(dict.fromkeys(out))


def _line(label: str, figures: dict[str, float]) -> str:
    return f"{label:70} " + "  ".join(f"{k} {v:.3f}" for k, v in figures.items())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", nargs="+", default=["eval/questions/dev.jsonl"])
    parser.add_argument("--check", nargs="*", default=[], help="question files scored with the chosen setting only")
    parser.add_argument("--index-dir", default=None)
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args()
    index = open_index(Path(args.index_dir) if args.index_dir else None)
    questions = [q for path in args.questions for q in load_questions(path)]
    kept, passages, letters = judged(index, questions)
    print(f"{len(kept)} answerable questions with their letter in the index")
    index.reranker = None
    first = score(index, kept, passages, letters)
    print(_line("first stage only (hybrid)", first))
    for mode in ("dense", "keyword"):
        print(_line(f"first stage only ({mode})", score(index, kept, passages, letters, mode=mode)))
    results = []
    for settings in grid(RerankSettings()):
        index.reranker = FeatureReranker(settings)
        results.append((settings, score(index, kept, passages, letters)))
    results.sort(key=lambda r: (-r[1]["R@5"] - r[1]["MRR@10"], -r[1]["nDCG@10"]))
    default = next(f for s, f in results if s == RerankSettings())
    print(_line("default RerankSettings()", default))
    for settings, figures in results[: args.top]:
        changed = {f.name: getattr(settings, f.name) for f in dataclasses.fields(settings)
                   if getattr(settings, f.name) != getattr(RerankSettings(), f.name)}
        print(_line(str(changed or "default"), figures))
    for path in args.check:
        check, check_passages, check_letters = judged(index, load_questions(path))
        index.reranker = None
        print(_line(f"{path}: first stage", score(index, check, check_passages, check_letters)))
        index.reranker = FeatureReranker()
        print(_line(f"{path}: default rerank", score(index, check, check_passages, check_letters)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
