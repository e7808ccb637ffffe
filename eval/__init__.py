"""Evaluation: question sets, relevance, retrieval and answer metrics, reports (`isearch eval`)."""
