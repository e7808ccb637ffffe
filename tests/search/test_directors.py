"""Director questions ("Who is the director of children's services in Merton?"): the name and title
of the director a letter's address block names, quoted verbatim from the letter the question means,
on real Merton, Barnsley, Haringey and Cumbria/Cumberland letters; questions about what the director
did keep the usual answer."""
from __future__ import annotations

import dataclasses
import re

import pytest

from corpus_slice import CORPUS, assert_quoted_in_cited, open_slice_index, quoted_by_rule_line
from search.abstain import abstention_model, confidence_label
from search.directors import addressed_director, asks_director, directors_answer
from search.query import analyse

LETTERS = ("fv-merton-2020-11-20", "ilacs-merton-2022-05-09", "jtai-barnsley-2022-07-18",
           "fv-haringey-2020-01-21", "jtai-haringey-2018-01-30",
           "ilacs-cumberland-2024-11-26", "seed-cumbria-2017-06-13-monitoring-visit-letter")
MERTON = "Rachael Wardell\nDirector of Children, Schools and Families"
BARNSLEY = "Sophie Wales, Interim Executive Director of Children’s Services, Barnsley\nMetropolitan Borough Council"
HARINGEY = "Margaret Dennison, Interim Director of Children’s Services, Haringey Council"
NOTE = "the post may have changed since."


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    return open_slice_index(tmp_path_factory, "directors", LETTERS)


def quoted(answer) -> list[tuple[str, str]]:
    return [(s.doc_id, s.text) for s in answer.sentences]


def test_the_newest_letter_with_an_address_block(index):
    """Merton's newest letter is its 2022 ILACS report, which has no address block: the 2020 focused
    visit's director is quoted, and the message says which letter, and that the post may have changed."""
    answer = index.ask("Who is the director of children's services in Merton?")
    assert answer.answered and quoted(answer) == [("fv-merton-2020-11-20", MERTON)]
    assert answer.message == (
        "This is the director named in the address block of the focused visit of 20 November 2020 "
        "(fv-merton-2020-11-20), whom the letter was addressed to then; the post may have changed since. "
        "The newest letter the question can mean, the ILACS inspection of 9 May 2022 (ilacs-merton-2022-05-09), "
        "names no director in an address block (an inspection report has none); this answer quotes the newest "
        "letter that does.")
    assert_quoted_in_cited(index, answer)


def test_a_year_named(index):
    answer = index.ask("Who was the DCS in Merton in 2020?")
    assert quoted(answer) == [("fv-merton-2020-11-20", MERTON)]
    assert answer.message.endswith(NOTE)  # the letter asked for is the one quoted: no fallback line


def test_a_year_whose_letters_have_no_address_block_is_not_answered_from_another(index):
    """2022's only Merton letter is the ILACS report: no director is quoted from the 2020 letter."""
    question = "Who was the DCS in Merton in 2022?"
    assert asks_director(question, analyse(question))
    assert directors_answer(index, question) is None
    answer = index.ask(question)
    assert not answer.answered and not answer.sentences  # the usual answer: no sentence names anyone
    assert directors_answer(index, "Who was the DCS at Merton's latest inspection?") is None  # "latest": that letter only
    assert directors_answer(index, "Who was the DCS in Merton in 2019?") is None  # no letter of 2019 in the slice


def test_a_jtai_letter_names_its_addressees_one_a_line(index):
    answer = index.ask("Who was Barnsley's director of children's services at the 2022 JTAI?")
    assert quoted(answer) == [("jtai-barnsley-2022-07-18", BARNSLEY)]
    assert "the JTAI of 18 July 2022 (jtai-barnsley-2022-07-18)" in answer.message and answer.message.endswith(NOTE)
    assert_quoted_in_cited(index, answer)


def test_a_visit_letter_naming_no_title_falls_back(index):
    """Haringey's 2020 focused visit is addressed to "Ann Graham" / "Haringey", with no title: the
    2018 JTAI's director (first of its ten addressees; the CCG's "Director of Nursing and Quality"
    further down is not the council's) is quoted, and the message names both letters."""
    answer = index.ask("Who runs children's services in Haringey?")
    assert quoted(answer) == [("jtai-haringey-2018-01-30", HARINGEY)]
    assert ("The newest letter the question can mean, the focused visit of 21 January 2020 (fv-haringey-2020-01-21), "
            "names no director in an address block; this answer quotes the newest letter that does.") in answer.message


def test_a_predecessors_director_is_not_a_successors(index):
    """Cumbria's 2017 monitoring visit was addressed to its Corporate Director for Children's Services;
    Cumberland (from April 2023) is not answered with him, Cumbria is."""
    assert directors_answer(index, "Who is the director of children's services in Cumberland?") is None
    answer = index.ask("Who is the director of children's services in Cumbria?")
    assert quoted(answer) == [("seed-cumbria-2017-06-13-monitoring-visit-letter",
                               "Mr John Macilwraith Corporate Director for Children's Services")]


def test_the_confidence_line_says_why_it_was_quoted(index):
    """The answer is quoted whatever the abstention model's confidence; under its threshold the line says why."""
    answer = index.ask("Who is the director of children's services in Merton?")
    assert answer.answered and answer.confidence is not None and 0.0 < answer.confidence < 1.0
    strict = dataclasses.replace(abstention_model(), threshold=0.999)
    assert answer.signals["quoted_by"] == "director"
    assert confidence_label(answer, strict).text == quoted_by_rule_line(answer, strict, "the director it is addressed to")


@pytest.mark.parametrize("question", [
    "What did inspectors say about the director of children's services in Merton?",
    "What did inspectors say about the DCS's leadership in Merton?",
    "Who did the DCS in Merton appoint?", "Who reports to the DCS in Merton?",
    "How long has the DCS in Merton been in post?", "Who is the chief executive of Merton?",
    "Who is the director of children's services?", "Who was the DCS in Merton when it was judged inadequate?",
])
def test_other_questions_about_the_director_keep_the_usual_answer(index, question):
    assert not asks_director(question, analyse(question))
    assert directors_answer(index, question) is None
    assert not any(s.text == MERTON for s in index.ask(question).sentences)


@pytest.mark.parametrize("question", [
    "Who is Merton's DCS?", "who's the DCS at Merton",
    "What is the name of the director of children's services in Merton?",
    "Who is the current executive director of children’s services in Merton?",
    "Who is in charge of children's services in Merton?", "Who heads Merton children's services?",
    "Name the director of children's services in Merton",
])
def test_ways_of_asking(index, question):
    assert asks_director(question, analyse(question))
    assert quoted(index.ask(question)) == [("fv-merton-2020-11-20", MERTON)]


@pytest.mark.parametrize("doc_id, name, title", [
    ("fv-merton-2020-11-20", "Rachael Wardell", "Director of Children, Schools and Families"),
    ("jtai-barnsley-2022-07-18", "Sophie Wales",
     "Interim Executive Director of Children’s Services, Barnsley Metropolitan Borough Council"),
    ("fv-north-yorkshire-2021-07-26", "Stuart Carlton",  # the title runs on after its comma
     "Corporate Director of Children and Young People’s Service, Education and Skills"),
    ("fv-telford-wrekin-2022-05-26", "Jo Britton", "Director of Children & Adult Services"),  # the council's line between
    ("fv-bolton-2021-08-09", "Ms Bernie Brown", "Director of Children’s Services"),  # name and title on one line
    ("fv-northumberland-2022-08-31", "Graham Reiter and Audrey Kingham", "Interim Joint Directors of Children’s Services"),
    ("jtai-norfolk-2025-02-27", "Sara Tough OBE",  # second, after the chief executive
     "Executive Director Children’s Services, Norfolk County Council"),
    ("jtai-southend-on-sea-2018-05-09", "Simon Leftley",
     "Deputy Chief Executive (People) & Statutory Director of Children’s Services, Southend-on-Sea Borough Council"),
    ("fv-darlington-2021-11-30", "James Stroyan", "Group director of people"),
])
def test_address_blocks_of_real_letters(doc_id, name, title):
    director = addressed_director(_body(doc_id))
    assert (director.name, director.title) == (name, title)


@pytest.mark.parametrize("doc_id", [
    "ilacs-merton-2022-05-09",  # an inspection report: no address block
    "fv-hounslow-2020-02-07",  # addressed to the chief executive
    "fv-haringey-2020-01-21",  # a name with no title
    "fv-devon-2018-10-05",  # "Chief Officer" alone
])
def test_letters_naming_no_director(doc_id):
    assert addressed_director(_body(doc_id)) is None


def test_every_visit_letters_director_is_the_one_it_greets():
    """Over the corpus: every focused or monitoring visit letter whose address block names a director
    greets that person ("Dear Ms Wardell"), but for two greeted by a short first name ("Dear Sal",
    "Dear Cath"); the count is what the address blocks hold (326 of the 371 focused visits, the one monitoring visit)."""
    found, greeted = 0, 0
    for path in sorted(CORPUS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        if not re.search(r"^kind: (?:focused|monitoring) visit$", text, re.MULTILINE):
            continue
        director = addressed_director(_body(path.stem))
        if director is None:
            continue
        found += 1
        dear = re.search(r"^[ \t]*Dear\b[^\n]*", text, re.MULTILINE).group(0)
        greeted += any(word in dear for word in director.name.split() if word not in ("Mr", "Mrs", "Ms", "Dr", "OBE"))
    assert found == 327 and greeted == found - 2


def _body(doc_id: str) -> str:
    """A corpus letter's text after its header block."""
    return (CORPUS / f"{doc_id}.txt").read_text(encoding="utf-8").split("\n---\n", 1)[1]
