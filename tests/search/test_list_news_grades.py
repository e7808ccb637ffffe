"""A list question asking which councils were in the news for a grade reads the grade word as its
topic however it names it: "Which councils were in the news for inadequate ratings?" kept "ratings"
as the topic with "inadequate" only as a polarity, so it listed Cheshire West ("... one of the
strongest performing councils in the country, with only a small number of others achieving similar
ratings") and missed Tameside, Wakefield and Dudley, which "... reported in the news as inadequate?"
finds. Real news articles, the real model."""
from __future__ import annotations

import pytest

from corpus_slice import open_slice_index
from search.list_answer import grade_topic

INADEQUATE = {"seed-tameside-2018-09-18-monitoring-visit-news": "Tameside",
              "news-cypnow-wakefield-first-inadequate-under-ilacs": "Wakefield",
              "news-localgov-2016-04-06-dudley-inadequate": "Dudley",
              "seed-cumbria-requires-improvement-news": "Cumbria"}
GOOD = {"news-fosteringwestcheshire-2016-02-22-cheshire-west-good": "Cheshire West and Chester"}


@pytest.fixture(scope="module")
def news_index(tmp_path_factory):
    return open_slice_index(tmp_path_factory, "news-grades", (*INADEQUATE, *GOOD))


@pytest.mark.parametrize("question", [
    "Which councils were in the news for inadequate ratings?",
    "Which councils were in the news for being rated inadequate?",
    "Which councils were reported in the news as inadequate?",
])
def test_a_news_row_states_the_grade_asked_about(news_index, question):
    answer = news_index.ask(question)
    councils = {r.authority for r in answer.rows}
    assert {"Tameside", "Wakefield", "Dudley"} <= councils, councils
    assert "Cheshire West and Chester" not in councils
    for sentence in answer.sentences:
        assert "inadequate" in sentence.text.lower(), sentence.text


def test_the_two_phrasings_find_the_same_councils(news_index):
    rows = [{r.authority for r in news_index.ask(q).rows} for q in (
        "Which councils were in the news for inadequate ratings?", "Which councils were reported in the news as inadequate?")]
    assert rows[0] == rows[1]


@pytest.mark.parametrize("topic, kept", [
    ("for inadequate ratings?", "for inadequate?"),
    ("for being rated inadequate?", "for being inadequate?"),
    ("for ratings of inadequate", "for inadequate"),
    ("judged to be requires improvement to be good", "requires improvement to be good"),
    ("for their ratings", "for their ratings"),  # no grade named: the ratings are the topic
    ("for good practice", "for good practice"),
])
def test_the_words_saying_a_grade_is_one(topic, kept):
    assert grade_topic(topic) == kept
