"""Fusion arithmetic, checked by hand."""
from __future__ import annotations

import pytest

from search.fuse import min_max, ranks, rrf, weighted


def test_rrf_sums_reciprocal_ranks():
    dense = {1: 0.9, 2: 0.8, 3: 0.1}
    keyword = {3: 12.0, 1: 5.0}
    fused = rrf(dense, keyword, k=60)
    assert fused[1] == pytest.approx(1 / 61 + 1 / 62)
    assert fused[2] == pytest.approx(1 / 62)
    assert fused[3] == pytest.approx(1 / 63 + 1 / 61)
    assert max(fused, key=fused.get) == 1


def test_weighted_fusion_of_min_max_scores():
    dense = {1: 0.8, 2: 0.6, 3: 0.4}
    keyword = {1: 2.0, 2: 10.0, 3: 6.0}
    fused = weighted(dense, keyword, dense_weight=0.25)
    assert fused[1] == pytest.approx(0.25 * 1.0 + 0.75 * 0.0)
    assert fused[2] == pytest.approx(0.25 * 0.5 + 0.75 * 1.0)
    assert fused[3] == pytest.approx(0.25 * 0.0 + 0.75 * 0.5)


def test_min_max_and_ranks_edge_cases():
    assert min_max({}) == {}
    assert min_max({4: 2.0, 5: 2.0}) == {4: 1.0, 5: 1.0}
    assert ranks({7: 1.0, 3: 1.0, 9: 2.0}) == {9: 1, 3: 2, 7: 3}
