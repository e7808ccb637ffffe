"""Who inspected a council in a year (search.inspectors.letter_of_year): that year's letter, or one
published early the next year about an inspection of the year asked, on Sandwell's real letters."""
from __future__ import annotations

import pytest

from corpus_slice import copy_slice
from search.inspectors import letter_of_year

SANDWELL = ("ilacs-sandwell-2022-07-05", "send-sandwell-2023-09-12", "sif-sandwell-2018-01-29")


@pytest.fixture(scope="module")
def sandwell(tmp_path_factory):
    """Sandwell's 2022 ILACS report, 2023 area SEND report and January 2018 SIF re-inspection report
    (of November 2017), indexed with the real model (embedding cache in a temporary folder)."""
    from indexer.build import build_index
    from search.index import open_index

    corpus = copy_slice(tmp_path_factory.mktemp("sandwell-corpus"), SANDWELL)
    folder = tmp_path_factory.mktemp("sandwell-idx")
    build_index([corpus], folder / "index", cache_path=folder / "cache.sqlite", progress=False)
    return open_index(folder / "index")


def test_a_letter_of_the_next_year_counts_only_early_and_about_the_year_asked():
    assert letter_of_year("2022-07-05", "2022-05-09", (2022,))
    assert letter_of_year("2018-01-29", "2017-11-06", (2017,))  # a November visit, published in January
    assert not letter_of_year("2023-09-12", "2023-07-03", (2022,))  # was admitted: any letter of 2023
    assert not letter_of_year("2023-02-10", "2023-01-09", (2022,))  # early next year, but inspected then
    assert letter_of_year("2023-02-10", "", (2022,))  # no dates stated: the letter's date decides
    assert not letter_of_year("2023-04-03", "", (2022,)) and not letter_of_year("", "", (2022,))


def test_the_2022_lead_inspector_is_not_the_2023_send_team(sandwell):
    """"Who was the lead inspector for Sandwell in 2022?" also quoted the September 2023 area SEND
    report's team ("Wayne Simner, Ofsted HMI, lead inspector Lyndsey McGeary, CQC lead inspector"):
    any letter of the next year was let in."""
    answer = sandwell.ask("Who was the lead inspector for Sandwell in 2022?")
    assert answer.answered
    assert [s.text for s in answer.sentences] == ["Lead inspector: Alison Smale, Her Majesty’s Inspector"]
    assert {s.doc_id for s in answer.sentences} == {"ilacs-sandwell-2022-07-05"}
    # the allowance still holds for a letter published early the next year about that year's visit
    late = sandwell.ask("Who was the lead inspector for Sandwell in 2017?")
    assert late.answered and late.sentences[0].text == "Lead inspector: Karen Wareing HMI"
    assert late.sentences[0].doc_id == "sif-sandwell-2018-01-29"
    send = sandwell.ask("Who was the lead inspector for Sandwell in 2023?")
    assert send.answered and send.sentences[0].doc_id == "send-sandwell-2023-09-12"
    assert "Wayne Simner, Ofsted HMI, lead inspector" in send.sentences[0].text


def test_a_letter_of_the_month_asked_about():
    from search.inspectors import letter_of_month

    assert letter_of_month("2022-06-08", "", (6,))  # the letter of a June visit, or of May's published in June
    assert letter_of_month("2022-07-20", "", (6,))  # published the month after the visit
    assert not letter_of_month("2022-10-05", "", (6,))
    assert letter_of_month("2023-01-10", "", (12,))  # a December visit's letter in January
    assert letter_of_month("2022-08-02", "2022-06-14", (6,))  # the inspection began in the month asked
    assert not letter_of_month("", "", (6,))


def test_the_inspectors_of_the_visit_in_the_month_asked(tmp_path_factory):
    """"Who were the inspectors on BCP Council's first monitoring visit in June 2022?": the Bournemouth
    Echo reproduced the letters of BCP's first (June 2022) and second (October 2022) monitoring
    visits; the answer quoted the October letter's "Steve Lowe and Louise Hocking" (own o011), not
    the June letter's "Anna Gravelle and Steve Lowe"."""
    from corpus_slice import open_slice_index

    first, second = ("news-bournemouthecho-bcp-first-monitoring-visit-letter",
                     "news-bournemouthecho-bcp-second-monitoring-visit-letter")
    index = open_slice_index(tmp_path_factory, "bcp-visits", (first, second))
    assert index.document(first).date == "2022-06-08" and index.document(second).date == "2022-10-05"
    answer = index.ask("Who were the inspectors on BCP Council's first monitoring visit in June 2022?")
    assert answer.answered
    assert answer.sentences[0].doc_id == first
    assert "Anna Gravelle and Steve Lowe" in answer.sentences[0].text
    assert not any("Louise Hocking" in s.text for s in answer.sentences)
