"""The arithmetic: retrieval metrics through ranx, answer metrics and latency percentiles.

Retrieval metrics are computed per question by ranx, then averaged over any group of
questions (all, or one style). "Recall@k" here is ranx's `hit_rate@k` (trec_eval's
*success*): 1 when at least one relevant item is in the top k. At document level each
answerable question has exactly one relevant document, so this equals recall; at passage
level it means "a relevant passage is in the top k".
"""
from __future__ import annotations

import re
import warnings
from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np

NO_HIT = "__no_hit__"  # stands in for an empty result list (ranx needs one entry per query)
UNFINDABLE = "__unfindable__"  # stands in for relevant text the index does not hold


def cutoffs(k: int) -> tuple[int, ...]:
    """The recall cut-offs reported for a run of depth k: 1, 5, 10 (those <= k) and k."""
    return tuple(sorted({c for c in (1, 5, 10) if c <= k} | {k}))


def metric_names(k: int) -> list[str]:
    """Report names, e.g. recall@1, recall@5, recall@10, mrr@10, ndcg@10."""
    return [f"recall@{c}" for c in cutoffs(k)] + [f"mrr@{k}", f"ndcg@{k}"]


def _ranx_name(name: str) -> str:
    return name.replace("recall@", "hit_rate@")


def per_question(qrels: dict[str, set[str]], runs: dict[str, Sequence[str]], k: int) -> dict[str, dict[str, float]]:
    """metric name -> question id -> score, for ranked id lists `runs` judged by `qrels`.

    Every question in `qrels` must have a run (possibly empty). A question with no
    relevant id left gets an unretrievable one, so it scores 0 instead of being dropped.
    """
    from ranx import Qrels, Run, evaluate

    qrels_dict = {q: {doc: 1 for doc in (ids or {UNFINDABLE})} for q, ids in qrels.items()}
    run_dict = {}
    for q in qrels:
        ranked = list(dict.fromkeys(runs[q]))[:k]
        run_dict[q] = {doc: float(len(ranked) - i) for i, doc in enumerate(ranked)} or {NO_HIT: 0.0}
    if not qrels_dict:
        return {name: {} for name in metric_names(k)}
    run = Run(run_dict)
    names = metric_names(k)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # numba's uint64 -> int64 cast notice
        evaluate(Qrels(qrels_dict), run, [_ranx_name(n) for n in names], return_mean=False, threads=1)
    return {name: {q: float(run.scores[_ranx_name(name)][q]) for q in qrels} for name in names}


def mean_over(scores: dict[str, dict[str, float]], ids: Iterable[str]) -> dict[str, float | None]:
    """Each metric's mean over the question ids `ids` (None when there are none)."""
    ids = list(ids)
    return {name: (float(np.mean([values[q] for q in ids])) if ids else None) for name, values in scores.items()}


def first_relevant_rank(ranked: Sequence[str], relevant: set[str]) -> int | None:
    """1-based rank of the first relevant id, or None."""
    return next((i for i, doc in enumerate(ranked, start=1) if doc in relevant), None)


# ---- answers ---------------------------------------------------------------------
_TOKEN = re.compile(r"\w+")


def tokens(text: str) -> list[str]:
    """Lower-case word tokens, as used for answer-evidence F1."""
    return _TOKEN.findall(text.lower())


def token_f1(answer: str, evidence: str) -> float:
    """Bag-of-words F1 between an answer and the evidence (SQuAD style); 0 if either is empty."""
    a, e = Counter(tokens(answer)), Counter(tokens(evidence))
    common = sum((a & e).values())
    if not common:
        return 0.0
    precision, recall = common / sum(a.values()), common / sum(e.values())
    return 2 * precision * recall / (precision + recall)


def share(numerator: int, denominator: int) -> float | None:
    """numerator / denominator, or None when nothing was counted."""
    return numerator / denominator if denominator else None


def abstention(abstained: Sequence[bool], answerable: Sequence[bool]) -> dict[str, float | None]:
    """Precision and recall of abstaining, taking unanswerable questions as the positives."""
    right = sum(1 for a, ok in zip(abstained, answerable) if a and not ok)
    return {"abstention_precision": share(right, sum(abstained)),
            "abstention_recall": share(right, sum(1 for ok in answerable if not ok))}


def latency(ms: Sequence[float]) -> dict[str, float | None]:
    """p50, p95 and mean of a list of timings in milliseconds."""
    if not ms:
        return {"p50": None, "p95": None, "mean": None}
    values = np.asarray(ms, dtype=float)
    return {"p50": round(float(np.percentile(values, 50)), 2), "p95": round(float(np.percentile(values, 95)), 2),
            "mean": round(float(values.mean()), 2)}


# ---- list questions ----------------------------------------------------------------
def set_recall_precision(predicted: Iterable[str], gold: Iterable[str]) -> tuple[float | None, float | None]:
    """(recall, precision) of a predicted set against a gold set: recall is None when the gold set
    is empty, precision None when nothing was predicted (an empty answer has no precision)."""
    predicted, gold = set(predicted), set(gold)
    right = len(predicted & gold)
    return share(right, len(gold)), share(right, len(predicted))


def letter_recall(ranked_docs: Sequence[str], gold: Iterable[str], k: int) -> float | None:
    """Share of the gold letters among the distinct letters of the top-k passages
    (`ranked_docs` is each passage's document id, best first)."""
    gold = set(gold)
    return share(len(set(ranked_docs[:k]) & gold), len(gold))
