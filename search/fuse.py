"""Score fusion for hybrid retrieval: pure functions over per-retriever scores.

Both take {chunk_id: score} maps for the dense and keyword sides (higher is better)
and return {chunk_id: fused score}.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class FusionSettings:
    """Chosen on eval/questions/dev.jsonl over the full corpus index (43,135 passages, Lucene idf,
    with the second stage of search/rerank.py): weighted fusion with 0.5 dense had the best
    passage R@5 + MRR@10 of dense weights 0.3-0.6 (0.731 / 0.537, against 0.712 / 0.524 at 0.3);
    RRF (k=20) was behind (0.635 / 0.513). Earlier, first stage only, 0.3 had been best."""

    method: Literal["weighted", "rrf"] = "weighted"
    dense_weight: float = 0.5  # weighted: share of the dense side, keyword gets 1 - this
    rrf_k: int = 60
    authority_boost: float = 0.3  # added when the passage's authority is named in the query
    date_boost: float = 0.2  # added when its year (and month) match the query's
    kind_boost: float = 0.05  # added when its kind is named in the query
    latest_boost: float = 0.2  # a grade question naming a council and no year: its latest inspection
    candidates: int = 100  # per retriever
    # the share of BM25's score for the words naming the authority, year, month or kind that the
    # ranking keeps (BM25 sums over query words; every passage's keyword text carries its letter's
    # council, year and kind, so inside a letter they favour short passages and title blocks, and
    # authority_boost / date_boost already favour the letter). Questions asking what a title block
    # or judgement table states keep them whole (Index._context_weight). 0.0 against 1.0 on the
    # full index (eval/BENCHMARKS.md, session 9): passage MRR@10 dev 0.685 -> 0.731, own 0.872 ->
    # 0.876, extra 0.904 -> 0.908, factoid 0.887 -> 0.902, grades 1.000 both.
    context_weight: float = 0.0


def ranks(scores: dict[int, float]) -> dict[int, int]:
    """1-based ranks by descending score (ties broken by id, for determinism)."""
    order = sorted(scores, key=lambda i: (-scores[i], i))
    return {item: position for position, item in enumerate(order, start=1)}


def rrf(dense: dict[int, float], keyword: dict[int, float], k: int = 60) -> dict[int, float]:
    """Reciprocal rank fusion: sum of 1 / (k + rank) over the retrievers that ranked the item."""
    fused: dict[int, float] = {}
    for side in (dense, keyword):
        for item, rank in ranks(side).items():
            fused[item] = fused.get(item, 0.0) + 1.0 / (k + rank)
    return fused


def min_max(scores: dict[int, float]) -> dict[int, float]:
    """Scale to [0, 1]; all-equal scores map to 1 (or 0 if all are zero)."""
    if not scores:
        return {}
    low, high = min(scores.values()), max(scores.values())
    if high - low <= 1e-12:
        return {i: (1.0 if high > 0 else 0.0) for i in scores}
    return {i: (s - low) / (high - low) for i, s in scores.items()}


def weighted(dense: dict[int, float], keyword: dict[int, float], dense_weight: float = 0.5) -> dict[int, float]:
    """Convex combination of min-max normalised scores; an item missing from a side scores 0 there."""
    dense_n, keyword_n = min_max(dense), min_max(keyword)
    return {
        item: dense_weight * dense_n.get(item, 0.0) + (1 - dense_weight) * keyword_n.get(item, 0.0)
        for item in set(dense_n) | set(keyword_n)
    }
