"""`isearch ask/query` with misspelt ordinary words, on the real slice index: the question is
searched as spelt right, with one line saying so (with a misspelt council, one line for both),
and --json carries the question as typed and the corrections. Names, acronyms, quoted words and
real words are searched as typed, with no line."""
from __future__ import annotations

import json

import pytest
from corpus_slice import open_slice_index

from search.cli import main
from search.spelling import corrected_question, question_corrections

TYPED = "waht did inspecotrs say about care leavres in Tameside?"
MEANT = "what did inspectors say about care leavers in Tameside?"
NOTE = 'Showing results for "what", "inspectors" and "leavers" (the question says "waht", "inspecotrs" and "leavres").'


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    return open_slice_index(tmp_path_factory, "word-spelling")


def run(index, capsys, *args: str) -> tuple[int, str, str]:
    code = main([*args, "--index-dir", str(index.folder)])
    out, err = capsys.readouterr()
    return code, out, err


def test_ask_answers_the_question_spelt_right_and_says_so(index, capsys):
    typed, meant = index.ask(TYPED), index.ask(MEANT)
    assert not typed.answered and typed.confidence < 0.05  # the fault: three unknown words decline it
    assert meant.answered and meant.confidence > 0.8
    code, out, err = run(index, capsys, "ask", TYPED)
    assert code == 0 and err == ""
    first, rest = out.split("\n", 1)
    assert first == NOTE
    assert run(index, capsys, "ask", MEANT) == (0, rest, "")  # the answer to the question spelt right


def test_ask_json_has_the_question_as_typed_and_the_corrections(index, capsys):
    code, out, err = run(index, capsys, "ask", TYPED, "--json")
    data = json.loads(out)
    assert code == 0 and err == NOTE + "\n"
    assert data["query"] == MEANT and data["question"] == TYPED and data["answered"]
    assert data["corrections"] == [{"typed": "waht", "word": "what"}, {"typed": "inspecotrs", "word": "inspectors"},
                                   {"typed": "leavres", "word": "leavers"}]
    expected = json.loads(run(index, capsys, "ask", MEANT, "--json")[1])
    assert data["confidence"] == expected["confidence"] and data["text"] == expected["text"]


def test_query_and_a_misspelt_council_share_one_line(index, capsys):
    code, out, err = run(index, capsys, "query", "agnecy staff in Tamesid", "--json", "-k", "5")
    data = json.loads(out)
    assert code == 0
    assert err == 'Showing results for "agency" and Tameside (the question says "agnecy" and "Tamesid").\n'
    assert data["query"] == "agency staff in Tameside" and data["question"] == "agnecy staff in Tamesid"
    assert data["corrections"] == [{"typed": "agnecy", "word": "agency"}, {"typed": "Tamesid", "council": "Tameside"}]
    expected = json.loads(run(index, capsys, "query", "agency staff in Tameside", "--json", "-k", "5")[1])
    assert [h["chunk_id"] for h in data["hits"]] == [h["chunk_id"] for h in expected["hits"]]


def test_ask_reads_cair_leavers_as_care_leavers(index, capsys):
    """The fault: "cair" was read as "chair" (one edit; "care" is two), so the answer searched
    for chair leavers; the letters write "care leavers", never "chair leavers"."""
    typed = "What did inspectors say about cair leavers in Tameside?"
    meant = "What did inspectors say about care leavers in Tameside?"
    code, out, err = run(index, capsys, "ask", typed)
    first, rest = out.split("\n", 1)
    assert first == 'Showing results for "care" (the question says "cair").' and err == ""
    assert (code, rest) == run(index, capsys, "ask", meant)[:2] and code == 0
    data = json.loads(run(index, capsys, "ask", typed, "--json")[1])
    assert data["query"] == meant and data["corrections"] == [{"typed": "cair", "word": "care"}]


@pytest.mark.parametrize("question", [
    'What did inspectors say about "chidren in nede" in Tameside?',  # quoted
    "Did Tameside use the Mockingbrd model for foster carers?",  # a name, capitalised mid-sentence
    "What did inspectors say about UKVI delays for children in Tameside?",  # an acronym
    "Were care leaves supported in Tameside?",  # a real word
])
def test_names_acronyms_quotes_and_real_words_are_searched_as_typed(index, capsys, question):
    code, out, err = run(index, capsys, "ask", question)
    assert err == "" and out.startswith(("Confidence ", "The letters do not answer"))
    json_code, out, _ = run(index, capsys, "ask", question, "--json")
    data = json.loads(out)
    assert data["query"] == question and "corrections" not in data and "question" not in data
    assert code == json_code == (0 if data["answered"] else 1)


HERTFORDSHIRE = ("sif-hertfordshire-2015-11-27", "ilacs-hertfordshire-2023-03-10", "fv-hertfordshire-2021-08-31",
                 "ilacs-tameside-2019-07-01", "fv-merton-2020-11-20")
REPORTED = "wat did inspectrs say abot cair leavers in Hertfordshir"
REPORTED_MEANT = "what did inspectors say about care leavers in Hertfordshire"


@pytest.fixture(scope="module")
def hertfordshire(tmp_path_factory):
    return open_slice_index(tmp_path_factory, "word-spelling-herts", HERTFORDSHIRE)


@pytest.mark.parametrize("typed", [
    REPORTED,
    "wat did inspectors say about care leavers in Hertfordshire",  # "wat": three letters
    "what did inspectrs say about care leavers in Hertfordshire",  # "inspectrs": inspectors or inspects
])
def test_the_reported_question_is_answered_as_spelt_right(hertfordshire, typed):
    """The fault (newcomer, full index): each of these declined (confidence 0.00, 0.05, 0.09) though
    the question spelt right is answered at 0.96 from Hertfordshire's 2015 SIF report; on this
    slice 0.00, 0.06, 0.12 and 0.96."""
    assert not hertfordshire.ask(typed).answered  # as typed: unknown words decline it
    searched = corrected_question(typed, question_corrections(typed))
    assert searched == REPORTED_MEANT
    answer = hertfordshire.ask(searched)
    assert answer.answered and answer.confidence > 0.9
    assert answer.sentences[0].doc_id == "sif-hertfordshire-2015-11-27"
    assert all("care leavers" in s.text.lower() for s in answer.sentences[:3])


def test_ask_answers_the_reported_question_and_names_its_five_corrections(hertfordshire, capsys):
    code, out, err = run(hertfordshire, capsys, "ask", REPORTED)
    first, rest = out.split("\n", 1)
    assert code == 0 and err == ""
    assert first == ('Showing results for "what", "inspectors", "about", "care" and Hertfordshire '
                     '(the question says "wat", "inspectrs", "abot", "cair" and "Hertfordshir").')
    assert run(hertfordshire, capsys, "ask", REPORTED_MEANT) == (0, rest, "")
