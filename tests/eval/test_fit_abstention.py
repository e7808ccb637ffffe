"""eval/fit_abstention.py's figures: a question `ask` declined by rule counts as abstained at any threshold."""
from __future__ import annotations

from eval.fit_abstention import abstention_figures


def test_a_question_settled_by_rule_abstains_at_every_threshold():
    rows = [
        # nothing quotable (e.g. only letters older than the year asked about), though confident
        {"answerable": False, "answered": False, "probability": 0.9, "settled": True},
        {"answerable": False, "answered": True, "probability": 0.8, "settled": False},
        {"answerable": True, "answered": True, "probability": 0.95, "settled": False},
        {"answerable": True, "answered": False, "probability": 0.2, "settled": False},
    ]
    for threshold in (0.1, 0.5, 0.85):
        figures = abstention_figures(rows, threshold)
        abstained = 1 + (threshold > 0.2) + (threshold > 0.8)
        right = 1 + (threshold > 0.8)
        assert figures["precision"] == right / abstained
        assert figures["recall"] == right / 2
    assert abstention_figures(rows, 0.5)["answered"] == 0.5
