"""The metric arithmetic (ranx) against figures worked out by hand."""
from __future__ import annotations

import math

import pytest

from eval.metrics import (abstention, cutoffs, first_relevant_rank, latency, mean_over, metric_names, per_question,
                          token_f1)


def test_cutoffs_and_names():
    assert cutoffs(10) == (1, 5, 10)
    assert cutoffs(3) == (1, 3)
    assert cutoffs(20) == (1, 5, 10, 20)
    assert metric_names(10) == ["recall@1", "recall@5", "recall@10", "mrr@10", "ndcg@10"]


def test_retrieval_metrics_match_a_hand_computed_case():
    qrels = {"q1": {"a", "b"}, "q2": {"c"}, "q3": {"d"}, "q4": set()}
    runs = {"q1": ["x", "a", "y", "b"], "q2": ["c", "z"], "q3": [], "q4": ["e"]}
    scores = per_question(qrels, runs, k=10)
    # q1: first relevant at rank 2; relevant at ranks 2 and 4 of an ideal set of two.
    dcg = 1 / math.log2(3) + 1 / math.log2(5)
    idcg = 1 + 1 / math.log2(3)
    assert scores["recall@1"] == {"q1": 0.0, "q2": 1.0, "q3": 0.0, "q4": 0.0}
    assert scores["recall@5"]["q1"] == 1.0
    assert scores["mrr@10"]["q1"] == pytest.approx(0.5)
    assert scores["ndcg@10"]["q1"] == pytest.approx(dcg / idcg)  # 0.65092
    assert scores["ndcg@10"]["q2"] == pytest.approx(1.0)
    means = mean_over(scores, ["q1", "q2", "q3", "q4"])
    assert means["recall@1"] == pytest.approx(1 / 4)
    assert means["recall@5"] == pytest.approx(2 / 4)
    assert means["mrr@10"] == pytest.approx((0.5 + 1) / 4)
    assert means["ndcg@10"] == pytest.approx((0.6509209 + 1) / 4, abs=1e-6)
    assert mean_over(scores, ["q2"])["recall@1"] == 1.0
    assert mean_over(scores, [])["mrr@10"] is None


def test_cut_off_ignores_items_below_k():
    scores = per_question({"q": {"r"}}, {"q": ["a", "b", "c", "r"]}, k=3)
    assert scores["recall@3"]["q"] == 0.0 and scores["mrr@3"]["q"] == 0.0
    scores = per_question({"q": {"r"}}, {"q": ["a", "b", "c", "r"]}, k=5)
    assert scores["recall@5"]["q"] == 1.0 and scores["mrr@5"]["q"] == pytest.approx(0.25)


def test_first_relevant_rank():
    assert first_relevant_rank(["a", "b", "c"], {"c", "b"}) == 2
    assert first_relevant_rank(["a"], {"z"}) is None


def test_token_f1_by_hand():
    # answer tokens: the, visit, was, good (4); evidence: the, visit, was, late (4); common 3
    assert token_f1("The visit was good.", "the visit was late") == pytest.approx(0.75)
    assert token_f1("", "anything") == 0.0
    assert token_f1("same words", "Same, words!") == 1.0


def test_abstention_precision_and_recall():
    # abstained on: an unanswerable (right), an answerable (wrong); missed one unanswerable
    figures = abstention(abstained=[True, True, False, False], answerable=[False, True, False, True])
    assert figures == {"abstention_precision": 0.5, "abstention_recall": 0.5}
    assert abstention([False], [True]) == {"abstention_precision": None, "abstention_recall": None}


def test_latency_percentiles():
    figures = latency([float(x) for x in range(1, 101)])
    assert figures["p50"] == pytest.approx(50.5) and figures["p95"] == pytest.approx(95.05)
    assert latency([])["p50"] is None
