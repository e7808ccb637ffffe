"""Two newcomer faults in list answers, on real letters and the real model.

A row's letters were in the order of their best sentence, so one council read 2016, 2020 and the
next 2018, 2015 ("which councils were told their chronologies were poor?" on the full index: Torbay,
Dudley, West Berkshire and Wiltshire oldest first, Darlington and Bury newest first). A row now lists
its letters newest first, as the app lists a council's letters (the Authorities tab's timeline and
the grades under it; the Councils tab leads with the latest inspection): the terminal, --json, the
CSV and the app's table in the same order. A grade list over a period does the same.

The summary line printed big counts bare ("7561 more hold its words"); every count a person reads
is thousands separated ("7,561"), while --json keeps the number."""
from __future__ import annotations

import csv
import io
import json

import pytest

from corpus_slice import open_slice_index
from indexer.keywords import keyword_tokens
from search.list_summary import cut_off_note, no_rows_line, summary_line

CHRONOLOGIES = "Which councils were told their chronologies were poor?"
# councils whose letters of two dates each say their chronologies were poor, newest first
TWO_LETTERS = {"Luton": ("fv-luton-2019-06-04", "fv-luton-2018-07-05"),
               "Bury": ("fv-bury-2018-08-17", "sif-bury-2016-05-16"),
               "Darlington": ("sif-darlington-2018-05-21", "sif-darlington-2015-09-01"),
               "Dudley": ("fv-dudley-2020-01-21", "sif-dudley-2016-04-05")}
# long SIF reports (100-190 passages each), so that a common word is in well over 1,000 passages
LONG = ("sif-leeds-2015-03-27", "sif-kingston-upon-hull-2015-02-10", "sif-tameside-2016-12-09",
        "sif-brent-2015-11-30", "sif-hampshire-2014-04-22", "sif-merton-2017-08-25", "sif-isle-of-wight-2014-11-19",
        "sif-bromley-2016-06-27")
COMMON = "Which letters mention children?"


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    return open_slice_index(tmp_path_factory, "row-order", (*(d for ids in TWO_LETTERS.values() for d in ids), *LONG))


@pytest.fixture(scope="module")
def chronologies(index):
    return index.ask(CHRONOLOGIES)


def test_a_rows_letters_are_newest_first(index, chronologies):
    rows = {row.authority: row for row in chronologies.rows}
    assert TWO_LETTERS.keys() <= rows.keys()
    for council, ids in TWO_LETTERS.items():
        row = rows[council]
        assert row.doc_ids == ids, council  # Dudley was 2016, 2020 and Darlington 2018, 2015
        assert row.dates == tuple(index.document(d).date for d in ids)
        # the sentences follow the letters: each letter's sentences together, in the row's letter order
        assert list(dict.fromkeys(s.doc_id for s in row.sentences)) == list(ids)
    for row in chronologies.rows:
        assert list(row.dates) == sorted(row.dates, reverse=True)
    # the rows themselves stay strongest first
    assert [row.score for row in chronologies.rows] == sorted((row.score for row in chronologies.rows), reverse=True)


def test_terminal_json_csv_and_app_show_the_same_order(index, chronologies, capsys):
    from search.cli import main
    from webapp.list_view import list_table_html

    folder = str(index.folder)
    assert main(["ask", CHRONOLOGIES, "--index-dir", folder]) == 0
    out = capsys.readouterr().out
    assert "Dudley: fv-dudley-2020-01-21 (2020-01-21), sif-dudley-2016-04-05 (2016-04-05)\n" in out
    assert "Luton: fv-luton-2019-06-04 (2019-06-04), fv-luton-2018-07-05 (2018-07-05)\n" in out

    assert main(["ask", CHRONOLOGIES, "--index-dir", folder, "--json"]) == 0
    rows = {row["authority"]: row for row in json.loads(capsys.readouterr().out)["rows"]}
    for council, ids in TWO_LETTERS.items():
        assert tuple(rows[council]["doc_ids"]) == ids

    assert main(["ask", CHRONOLOGIES, "--index-dir", folder, "--csv"]) == 0
    records = list(csv.DictReader(io.StringIO(capsys.readouterr().out, newline="")))
    assert [(r["authority"], r["doc_id"], r["sentence"]) for r in records] == [
        (row.authority, s.doc_id, s.text) for row in chronologies.rows for s in row.sentences]
    for council, ids in TWO_LETTERS.items():
        assert list(dict.fromkeys(r["doc_id"] for r in records if r["authority"] == council)) == list(ids)

    html = list_table_html(chronologies, lambda hit: "#")
    dudley = html[html.index("<b>Dudley</b>"):]
    assert dudley.index("21 January 2020") < dudley.index("5 April 2016")


def test_a_grade_list_over_a_period_lists_a_councils_letters_newest_first(index):
    answer = index.ask("Which councils were judged inadequate or requires improvement since 2014?")
    darlington = next(row for row in answer.rows if row.authority == "Darlington")
    assert darlington.doc_ids == ("sif-darlington-2018-05-21", "sif-darlington-2015-09-01")  # was 2015, 2018
    assert [s.doc_id for s in darlington.sentences] == list(darlington.doc_ids)
    assert [s.text for s in darlington.sentences] == [
        "Children's services in Darlington require improvement to be good",  # 2018
        "Children’s services in Darlington Borough Council are inadequate"]  # 2015


def test_a_count_over_999_is_thousands_separated(index, capsys):
    answer = index.ask(COMMON)
    read = {h.chunk_id for h in answer.hits}
    unread = sum(1 for i in range(len(index.chunk_doc))  # brute force: unread passages holding "children"
                 if i not in read and "children" in keyword_tokens(index.chunk_text(i)))
    assert unread > 999 and answer.signals["passages_unread"] == unread  # the number itself, for machines
    assert answer.message == (f"{summary_line(answer.rows)}; found in the 100 passages read, {unread:,} more hold "
                              "its words: the list may be incomplete")
    assert f"{unread:,}" != str(unread) and f" {unread} " not in answer.message
    from search.cli import main

    assert main(["ask", COMMON, "--index-dir", str(index.folder)]) == 0
    assert capsys.readouterr().out.splitlines()[0] == answer.message
    assert main(["ask", COMMON, "--index-dir", str(index.folder), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["signals"]["passages_unread"] == unread  # a plain number in JSON


def test_the_notes_separate_thousands():
    assert cut_off_note(100, 7561) == ("; found in the 100 passages read, 7,561 more hold its words: the list may be "
                                       "incomplete")
    assert no_rows_line(1000, 7561) == ("No letter says this in the 1,000 passages read (7,561 more hold its words: "
                                        "the list may be incomplete). The closest passages are shown below.")
    assert cut_off_note(100, 999) == "; found in the 100 passages read, 999 more hold its words: the list may be incomplete"
