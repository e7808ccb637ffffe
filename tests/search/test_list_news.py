"""A list answer from the news (third newcomer: "Which councils were reported in the news for agency
staff?" said "15 councils, 14 letters" above 12 rows, counting "England (multiple; Birmingham, ...
named)" and "England (national, ...)" as councils, and its rows came from any sentence with "new",
the keyword token of "news"); and what a list answer's `confidence` is (it was the best row's
ranking score, above 1). Real news articles and letters, the real model."""
from __future__ import annotations

import json

import pytest

from corpus_slice import open_slice_index
from indexer.keywords import keyword_tokens
from search.list_answer import news_topic
from search.list_summary import summary_line
from webapp.list_view import list_table_html

NEWS = {
    "news-publicsectorexecutive-ofsted-critical-of-council-run-childrens-services":
        "England (multiple; Birmingham, Buckinghamshire, Coventry, Knowsley, Manchester, Rotherham, Slough named)",
    "news-familylaw-2013-10-21-one-in-seven-inadequate": "England (national, Ofsted social care annual report 2013)",
    "news-lgcplus-2018-12-19-leeds-outstanding-calderdale-good": "Leeds; Calderdale",
    "news-cypnow-wakefield-first-inadequate-under-ilacs": "Wakefield",
    "news-localgov-2016-04-06-dudley-inadequate": "Dudley",
    "seed-tameside-2018-09-18-monitoring-visit-news": "Tameside",
    "news-communitycare-2021-10-27-inadequate-councils-progress": "Surrey; Newham; West Sussex; Medway; Bradford; Bromley; Gateshead",
}
LETTERS = ("fv-tameside-2021-06-25", "ilacs-wakefield-2018-07-17")  # letters: no rows when the news is asked for


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    return open_slice_index(tmp_path_factory, "list-news", (*NEWS, *LETTERS))


@pytest.fixture(scope="module")
def inadequate(index):
    return index.ask("Which councils were reported in the news as inadequate?")


def test_the_summary_counts_the_councils_and_articles_shown(inadequate):
    rows = inadequate.rows
    assert {d for r in rows for d in r.doc_ids} <= set(NEWS)  # the news asked for: no letter
    assert [r.authority for r in rows if r.authority.startswith("England")] == [
        NEWS["news-publicsectorexecutive-ofsted-critical-of-council-run-childrens-services"],
        NEWS["news-familylaw-2013-10-21-one-in-seven-inadequate"]]  # national articles are rows, not councils
    councils = {part for r in rows if not r.authority.startswith("England") for part in r.authority.split("; ")}
    assert councils == {"Tameside", "Wakefield", "Dudley", *NEWS["news-communitycare-2021-10-27-inadequate-councils-progress"].split("; ")}
    assert len(rows) == 6 and len({d for r in rows for d in r.doc_ids}) == 6
    assert inadequate.message == summary_line(rows) == (
        "10 councils in 4 rows, 2 rows not about one council (England), 6 articles")


def test_the_words_asking_for_the_news_are_not_the_topic(index):
    answer = index.ask("Which councils were reported in the news for agency staff?")
    assert answer.signals["topic"] == "for agency staff?"
    assert answer.rows and all(kind == "news article" for r in answer.rows for kind in r.kinds)
    for sentence in answer.sentences:  # "new" alone ("... under the new inspection framework") is no row
        assert {"agency", "staf", "worker", "locum", "interim"} & set(keyword_tokens(sentence.text)), sentence.text
    assert news_topic("in the news?") == "in the news?"  # nothing else to ask about: unchanged


def test_the_app_says_the_rows_are_quoted_from_news_articles(inadequate):
    html = list_table_html(inadequate, lambda hit: "#")
    assert "quoted from the news articles:" in html and "<th>Articles</th>" in html
    assert "quoted from the letters" not in html


def test_a_list_answer_has_no_confidence_and_says_why(index, capsys):
    from search.cli import main

    folder = str(index.folder)
    assert main(["ask", "Which councils were reported in the news as inadequate?", "--index-dir", folder, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["rows"] and data["confidence"] is None
    assert "not scored" in data["signals"]["confidence"] and "rows[].score" in data["signals"]["confidence"]
    assert all(isinstance(row["score"], float) for row in data["rows"])
    assert main(["ask", "What did inspectors say about agency staff in Tameside?", "--index-dir", folder, "--json"]) == 0
    prose = json.loads(capsys.readouterr().out)
    assert not prose["rows"] and 0.0 <= prose["confidence"] <= 1.0  # a prose answer's calibrated probability
