"""`isearch ask/query/councils` with a misspelt council, on the real slice index: a question's
misspelt council is searched as that council, with one line saying so; an --authority value that
names no council but is close to one is a one-line usage error (exit 2) that names it, as any
unknown authority is."""
from __future__ import annotations

import json

import pytest
from corpus_slice import open_slice_index

from search.cli import main

TYPED = "What did inspectors say about agency staff in Tamesid?"
MEANT = "What did inspectors say about agency staff in Tameside?"
NOTE = 'Showing results for Tameside (the question says "Tamesid").'


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    return open_slice_index(tmp_path_factory, "spelling")


def run(index, capsys, *args: str) -> tuple[int, str, str]:
    code = main([*args, "--index-dir", str(index.folder)])
    out, err = capsys.readouterr()
    return code, out, err


def test_ask_searches_the_council_meant_and_says_so(index, capsys):
    code, out, err = run(index, capsys, "ask", TYPED)
    assert code == 0 and err == ""
    first, rest = out.split("\n", 1)
    assert first == NOTE
    assert run(index, capsys, "ask", MEANT) == (0, rest, "")  # the answer to the question spelt right
    answer = index.ask(MEANT)
    assert answer.answered and {answer.hits[s.citation - 1].authority for s in answer.sentences} == {"Tameside"}


def test_query_json_and_csv_keep_stdout_for_data(index, capsys):
    code, out, err = run(index, capsys, "query", "agency staff in Tamesid", "--json", "-k", "5")
    data = json.loads(out)
    assert code == 0 and err == NOTE + "\n"
    assert data["query"] == "agency staff in Tameside" and data["question"] == "agency staff in Tamesid"
    assert data["corrections"] == [{"typed": "Tamesid", "council": "Tameside"}]
    expected = json.loads(run(index, capsys, "query", "agency staff in Tameside", "--json", "-k", "5")[1])
    assert [h["chunk_id"] for h in data["hits"]] == [h["chunk_id"] for h in expected["hits"]]
    assert data["hits"][0]["authority"] == "Tameside"
    code, out, err = run(index, capsys, "query", "agency staff in Tamesid", "--csv", "-k", "5")
    assert code == 0 and err == NOTE + "\n" and out == run(index, capsys, "query", "agency staff in Tameside",
                                                          "--csv", "-k", "5")[1]


def test_a_misspelt_council_the_index_has_no_letters_for_is_named(index, capsys):
    # before: Sunderland's and Herefordshire's passages, "The letters do not answer this question"
    code, out, _ = run(index, capsys, "ask", "How was Hertfordshir graded?")
    assert out.splitlines()[:2] == ['Showing results for Hertfordshire (the question says "Hertfordshir").',
                                    "No letters for Hertfordshire in the index."]
    assert code == 1


@pytest.mark.parametrize("command", [["ask", "agency staff"], ["query", "agency staff"], ["councils"]])
def test_a_misspelt_authority_filter_is_an_error_that_names_the_council(index, capsys, command):
    code, out, err = run(index, capsys, *command, "--authority", "Tamesid")
    assert (code, out) == (2, "")
    assert err == "isearch: error: no council called 'Tamesid'; did you mean Tameside? (`isearch councils` lists them)\n"


def test_no_note_or_suggestion_without_a_misspelt_council(index, capsys):
    code, out, err = run(index, capsys, "query", "agency staff", "--authority", "Atlantis")
    assert code == 2 and err == "isearch: error: no letters for authority 'Atlantis' in the index " \
                                "(`isearch councils` lists them)\n"
    question = "Did managers check the chronologies in Tameside?"  # (a misspelt word: test_word_spelling_cli)
    code, out, err = run(index, capsys, "ask", question)
    assert err == "" and out.startswith("Confidence ")
    json_code, out, _ = run(index, capsys, "ask", question, "--json")
    data = json.loads(out)
    assert data["query"] == question and "corrections" not in data and "question" not in data
    assert code == json_code == (0 if data["answered"] else 1)  # 1: the letters do not answer
