"""Councils a user's own documents name that indexer/data/authorities.csv does not know are found
in questions too (search/own_councils.py). Newcomer report: with the ingest cases indexed (five
letters to the fictional "Wexbridge", one to "Northfold"), "What did inspectors say about care
leavers in Wexbridge?" quoted Northfold's letter, because the question's council went unrecognised
and the rule that a question naming a council is answered from its letters only did not apply.
The index is built from tests/data/ingest (copies of ../shared/cases/ingest) with the real model."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from corpus_slice import ROOT, TEST_CACHE
from search.filters import Filters
from search.own_councils import own_councils
from search.places import without_letters
from search.query import analyse

INGEST = ROOT / "tests" / "data" / "ingest"
# b05, b06 and b13 (HTML and PDF, no header) take Wexbridge from their titles (indexer/title_authority.py)
WEXBRIDGE = {"b05-unclosed-head", "b06-table-cells", "b07-vertical-tab-formfeed", "b08-yaml-front-matter",
             "b09-abbreviations", "b10-min-a", "b13-hyphenated-lines"}
NORTHFOLD = "b10-min-b"
CARE_LEAVERS = "What did inspectors say about care leavers in Wexbridge?"


@pytest.fixture(scope="module")
def ingest_dir(tmp_path_factory) -> Path:
    from indexer.build import build_index

    corpus = tmp_path_factory.mktemp("own-corpus")
    for path in INGEST.iterdir():
        shutil.copy(path, corpus / path.name)
    index_dir = tmp_path_factory.mktemp("own-idx") / "index"
    build_index([corpus], index_dir, cache_path=TEST_CACHE, progress=False)
    return index_dir


@pytest.fixture(scope="module")
def index(ingest_dir):
    from search.index import open_index

    return open_index(ingest_dir)


def test_the_index_knows_its_own_councils_and_no_placeholder(index):
    assert {d.id for d in index.documents if d.authority == "Wexbridge"} == WEXBRIDGE
    assert {d.authority for d in index.documents} >= {"Kirklees", "Northfold"}
    assert "" not in {d.authority for d in index.documents}  # b05, b06, b13 had none before their titles counted
    names = index.own_councils.names
    assert {"Wexbridge", "Northfold"} <= set(names)
    assert "Kirklees" not in names and "" not in names  # the bundled list's councils keep their own handling
    assert len(names) == 42  # + b04's forty fictional partnership boards, each whole


def test_a_question_naming_an_own_council_is_answered_from_its_letters_only(index):
    assert analyse(CARE_LEAVERS, index.own_councils).authorities == ("Wexbridge",)
    assert analyse(CARE_LEAVERS).authorities == ()  # the bundled list alone does not know it
    answer = index.ask(CARE_LEAVERS)
    assert NORTHFOLD in [h.doc_id for h in answer.hits]  # Northfold's "Care leavers are well supported" is a hit
    assert answer.sentences, answer.message
    assert {s.doc_id for s in answer.sentences} <= WEXBRIDGE
    # "Inspectors looked at the arrangements for care leavers." says what the visit looked at, not
    # what inspectors found (boilerplate, like "Inspectors looked at the local authority's
    # arrangements ..." and "Inspectors looked at a range of evidence ..." in the letters)
    assert answer.sentences[0].text.startswith("Too few care leavers are in education, employment or training")
    assert not any(s.text.startswith("Inspectors looked at") for s in answer.sentences)


def test_the_newcomer_command_quotes_only_wexbridge(ingest_dir):
    result = subprocess.run([sys.executable, "-m", "search.cli", "ask", CARE_LEAVERS, "--index-dir", str(ingest_dir),
                             "--json"], capture_output=True, text=True, cwd=ROOT, env=dict(os.environ))
    assert result.returncode == 0, result.stderr
    quoted = {s["doc_id"] for s in json.loads(result.stdout)["sentences"]}
    assert quoted and quoted <= WEXBRIDGE


def test_a_year_without_its_letters_is_a_context_mismatch(index):
    """Wexbridge has letters from 2023 only: a question about 2015 quoted Kirklees's 2021 letter."""
    answer = index.ask("What did inspectors say about supervision in Wexbridge in 2015?")
    assert answer.signals["context_mismatch"] == 1.0
    assert not answer.answered and not answer.sentences
    current = index.ask("What did inspectors say about supervision in Wexbridge?")
    assert current.signals["context_mismatch"] == 0.0
    assert [s.text for s in current.sentences] == ["Inspectors found that supervision is regular and reflective."]


def test_an_own_council_beside_one_without_letters_is_still_answered(index):
    """Before, only the Isle of Man was recognised, and the question got 'No letters for Isle of Man'."""
    question = "What did inspectors say about care leavers in Wexbridge and the Isle of Man?"
    assert without_letters(question, index.has_letters, index.own_councils) == (["Isle of Man"], ["Wexbridge"])
    answer = index.ask(question)
    assert answer.sentences and {s.doc_id for s in answer.sentences} <= WEXBRIDGE


def test_a_list_question_takes_the_own_council_as_a_place(index):
    """Taken as a name asked about, 'Wexbridge' had to be in the quoted sentence: no row."""
    answer = index.ask("Which letters say chronologies are poor in Wexbridge?")
    assert [(r.authority, r.doc_ids) for r in answer.rows] == [("Wexbridge", ("b10-min-a",))]
    assert answer.rows[0].sentences[0].text == "Chronologies are poor and are not updated."


def test_the_authority_filter_takes_an_own_council(index):
    answer = index.ask("What did inspectors say about care leavers?", filters=Filters(authority=("Wexbridge",)))
    assert {h.doc_id for h in answer.hits} <= WEXBRIDGE
    assert [s.doc_id for s in answer.sentences] == ["b08-yaml-front-matter"]
    assert index.has_letters("Wexbridge") and index.has_letters("Wexbridge Borough Council")
    assert not index.has_letters("Eastmoor")


def test_wexbridge_letters_without_a_header_answer_its_council_questions(index):
    """Newcomer: b06's grade table and b05's caseloads were missed by 'How was Wexbridge graded?' and
    the Wexbridge filter while b05, b06 and b13 had no authority."""
    graded = index.ask("How was Wexbridge graded?")
    assert graded.answered and [s.doc_id for s in graded.sentences] == ["b06-table-cells"]
    assert graded.sentences[0].text == "Overall effectiveness: Requires improvement to be good"
    hits = index.search("caseloads in the assessment teams", filters=Filters(authority=("Wexbridge",)))
    assert hits and hits[0].doc_id == "b05-unclosed-head"


def test_unknown_words_do_not_become_councils(index):
    own = index.own_councils
    for question in ("What did inspectors say about Eastmoor?", "Are unknown risks to care leavers assessed?",
                     "What did the partnership board say about fictional borough plans?",
                     "Was Wexbridge-on-Sea inspected?", "What about Wexbridges?"):
        assert analyse(question, own).authorities == (), question
    assert analyse("What did inspectors say about Northfold and wexbridge?", own).authorities == ("Northfold", "Wexbridge")
    board = "Fictional Borough 1 Children & Families Partnership Board"
    assert own.find(f"What did the {board} find?") == ["Fictional Borough 1 Children and Families Partnership Board"]


def test_placeholders_are_skipped_and_everyday_words_need_a_capital():
    own = own_councils(["Unknown", "", "N/A", "Other", "England (national)", "Leeds City Council", "Haven",
                        "Wexbridge Borough Council; Leeds"], vocabulary=frozenset({"haven"}))
    assert own.names == ("Haven", "Wexbridge Borough Council")
    assert own.find("Is there a safe haven for children?") == []  # an everyday word, written small
    assert own.find("What did inspectors say about Haven?") == ["Haven"]
    assert own.find("care leavers in wexbridge") == ["Wexbridge Borough Council"]  # without its 'Borough Council'
    assert own.find("Unknown and other councils in Leeds") == []
    assert own_councils(["Unknown", "Leeds", ""]).find("Unknown") == []
