"""List answers on a slice of real letters: four that mention Healthy Young Minds (the Greater
Manchester children's mental health service) and two look-alikes that mention other "Young
Minds" (Coventry's Guiding Young Minds project, Gloucestershire's "young minds matter")."""
from __future__ import annotations

import csv
import io
import sys

import pytest

from corpus_slice import open_slice_index
from search.filters import Filters
from search.list_answer import is_list_question, names_in, summary_line, topic_of
from search.export import single_line
from search.list_output import CSV_COLUMNS, rows_csv

QUESTION = "Which letters mention Healthy Young Minds, the children's mental health service?"
ANSWERING = {"fv-oldham-2020-11-27": "Oldham", "fv-trafford-2018-08-02": "Trafford",
             "ilacs-bury-2021-12-17": "Bury", "ilacs-tameside-2019-07-01": "Tameside"}
LOOK_ALIKES = {"jtai-coventry-2024-05-17": "Coventry", "send-gloucestershire-2024-03-01": "Gloucestershire"}
OTHERS = ("fv-merton-2020-11-20", "fv-haringey-2020-01-21")  # letters about other things


@pytest.fixture(scope="module")
def list_index(tmp_path_factory):
    return open_slice_index(tmp_path_factory, "list", (*ANSWERING, *LOOK_ALIKES, *OTHERS))


@pytest.fixture(scope="module")
def answer(list_index):
    return list_index.ask(QUESTION)


@pytest.mark.parametrize("question", [
    QUESTION,
    "Which councils were told their chronologies were poor?",
    "which local authorities use Signs of Safety",
    "Which joint inspections describe a violence reduction unit?",
    "Where have inspectors found delays in the front door?",
    "List the letters that mention Kooth",
    "Name the councils with Mockingbird hubs",
    "Which areas were praised for their SEND services?",  # local areas
    "Which letters mention Tameside?",
])
def test_list_questions_are_recognised(question):
    assert is_list_question(question)


@pytest.mark.parametrize("question", [
    "what did inspectors say about agency staff in Tameside?",
    "Which council had the longest waits?",  # one council: an ordinary answer
    "How long did children wait at the front door in Tameside?",
    "listening to children in Merton",
    # one council's areas of practice (newcomer: a 53-council list, none of them Suffolk)
    "What are Suffolk's areas for improvement?",
    "What areas for improvement were given to Tameside?",
    "Which areas did Ofsted say Tameside must improve?",
])
def test_other_questions_are_not_list_questions(question):
    assert not is_list_question(question)


def test_topic_drops_the_frame_and_keeps_the_names():
    assert topic_of(QUESTION) == "Healthy Young Minds, the children's mental health service?"
    assert names_in(topic_of(QUESTION)) == ("Healthy Young Minds",)
    assert topic_of("Which councils were told their chronologies were poor?") == "their chronologies were poor?"
    assert names_in("services provided by The Children's Society in Leeds?") == ("Children’s Society",)


def test_rows_for_the_councils_whose_letters_say_it(answer, list_index):
    assert answer.answered
    councils = {row.authority for row in answer.rows}
    assert councils == set(ANSWERING.values())
    assert not councils & set(LOOK_ALIKES.values())  # "Guiding Young Minds", "young minds matter"
    assert answer.message == "4 councils, 4 letters" == summary_line(answer.rows)
    assert [row.rank for row in answer.rows] == [1, 2, 3, 4]
    assert [row.score for row in answer.rows] == sorted((row.score for row in answer.rows), reverse=True)
    for row in answer.rows:
        assert row.doc_ids == tuple(doc for doc, council in ANSWERING.items() if council == row.authority)
        for sentence in row.sentences:
            body = list_index.document(sentence.doc_id).text
            assert body[sentence.start: sentence.end] == sentence.text  # verbatim, exact span
            assert "young minds" in " ".join(sentence.text.lower().split())
            hit = answer.hits[sentence.citation - 1]
            assert hit.rank == sentence.citation and hit.doc_id == sentence.doc_id
            assert hit.start <= sentence.start < sentence.end <= hit.end
    assert answer.sentences == tuple(s for row in answer.rows for s in row.sentences)


def test_filters_apply_to_list_answers(list_index):
    answer = list_index.ask(QUESTION, filters=Filters.parse(kind="focused visit"))
    assert {row.authority for row in answer.rows} == {"Oldham", "Trafford"}
    assert all(hit.kind == "focused visit" for hit in answer.hits)
    answer = list_index.ask(QUESTION, filters=Filters.parse(since="2021"))
    assert {row.authority for row in answer.rows} == {"Bury"}


def test_no_rows_when_no_letter_says_it(list_index):
    answer = list_index.ask("Which letters mention the Kooth online counselling service?")
    assert answer.rows == () and not answer.answered
    assert answer.hits  # the closest passages are still returned


def test_ordinary_questions_keep_the_short_answer(list_index):
    answer = list_index.ask("How do social workers in Tameside support children's emotional health?")
    assert answer.rows == ()


def test_csv_reads_back_with_the_csv_module(answer, list_index):
    text = rows_csv(answer)
    records = list(csv.DictReader(io.StringIO(text, newline="")))
    assert tuple(records[0]) == CSV_COLUMNS
    assert len(records) == len(answer.sentences)
    assert {r["authority"] for r in records} == set(ANSWERING.values())
    for record in records:
        body = list_index.document(record["doc_id"]).text
        assert single_line(body[int(record["start"]): int(record["end"])]) == record["sentence"]  # one line a cell
        assert int(record["passage_start"]) <= int(record["start"]) < int(record["end"]) <= int(record["passage_end"])


def test_cli_ask_prints_rows_json_and_csv(list_index, capsys, monkeypatch):
    from search.cli import main

    folder = str(list_index.folder)
    assert main(["ask", QUESTION, "--index-dir", folder]) == 0
    out = capsys.readouterr().out
    assert out.startswith("4 councils, 4 letters")
    assert all(council in out for council in ANSWERING.values())
    assert main(["ask", QUESTION, "--index-dir", folder, "--csv"]) == 0
    records = list(csv.DictReader(io.StringIO(capsys.readouterr().out, newline="")))
    assert {r["authority"] for r in records} == set(ANSWERING.values())
    assert main(["ask", QUESTION, "--index-dir", folder, "--json"]) == 0
    import json

    data = json.loads(capsys.readouterr().out)
    assert [row["authority"] for row in data["rows"]] == [row.authority for row in list_index.ask(QUESTION).rows]
    assert data["text"].startswith("4 councils, 4 letters\n1. ")


def test_app_table_escapes_text_and_links_each_passage(answer):
    import dataclasses

    from webapp.list_view import list_table_html

    row = dataclasses.replace(answer.rows[0], authority="<script>x</script>")
    html = list_table_html(dataclasses.replace(answer, rows=(row, *answer.rows[1:])), lambda hit: f"?doc={hit.doc_id}")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert html.count('class="is-cite"') == len(answer.sentences)
    for sentence in answer.sentences:
        assert f'href="?doc={sentence.doc_id}"' in html


if __name__ == "__main__":
    sys.exit(pytest.main([__file__, "-q"]))


def test_a_sentence_saying_every_word_of_the_topic_counts_even_in_a_passage_far_from_it():
    """Halton 2024 says "Chronologies are poor ...", but the passage it sits in is about
    assessments (dense cosine 0.196 to "their chronologies were poor", under min_dense): the
    sentence carries the whole topic, so Halton gets its row."""
    from corpus_slice import CORPUS

    from indexer.bm25 import BM25Index
    from indexer.header import split_header
    from indexer.keywords import keyword_tokens
    from search.list_answer import qualifying_sentences
    from search.types import Hit

    body = split_header((CORPUS / "ilacs-halton-2024-07-12.txt").read_text(encoding="utf-8"))[1]
    start = body.index("The quality of social work assessments")
    end = body.index("Chronologies are poor") + 300
    paragraphs = [p for p in body.split("\n") if p.strip()]
    bm25 = BM25Index.build([keyword_tokens(p) for p in paragraphs])
    hit = Hit(rank=1, chunk_id=0, doc_id="ilacs-halton-2024-07-12", title="", authority="Halton", date="2024-07-12",
              kind="ILACS inspection", judgement="", text=body[start:end], start=start, end=end, heading="",
              score=1.0, dense_score=0.196)
    found = qualifying_sentences("their chronologies were poor?", [hit], bm25)
    assert [c.text[:21] for c in found] == ["Chronologies are poor"]
    assert body[found[0].start:found[0].end] == found[0].text


def test_a_named_passage_ranked_low_still_gets_its_row(list_index):
    """Searched only 2 passages deep, the list search misses councils whose letters name Healthy
    Young Minds; the passages found through the name's postings (phrase_passages) give each its
    row, cited to a hit ranked after the searched ones, and the look-alikes ("Guiding Young
    Minds", "young minds matter") still get none."""
    from search.list_answer import ListSettings, answer_list

    shallow = answer_list(list_index, QUESTION, settings=ListSettings(depth=2, phrase_passages=0))
    assert len(shallow.hits) == 2
    assert {row.authority for row in shallow.rows} < set(ANSWERING.values())
    found = answer_list(list_index, QUESTION, settings=ListSettings(depth=2, phrase_passages=100))
    assert {row.authority for row in found.rows} == set(ANSWERING.values())
    assert len(found.hits) > 2
    assert [hit.rank for hit in found.hits] == list(range(1, len(found.hits) + 1))
    late = [s for s in found.sentences if s.citation > 2]
    assert late  # rows that only the named passages gave
    for sentence in found.sentences:
        hit = found.hits[sentence.citation - 1]
        assert hit.doc_id == sentence.doc_id and hit.start <= sentence.start < sentence.end <= hit.end
        assert list_index.document(sentence.doc_id).text[sentence.start: sentence.end] == sentence.text
    for hit in found.hits[2:]:
        assert "healthy young minds" in " ".join(hit.text.lower().split())
        assert hit.dense_score is not None and hit.doc_id in ANSWERING


def test_chunks_containing_intersects_postings_and_applies_filters(list_index):
    from indexer.keywords import keyword_tokens

    ids = list_index.chunks_containing(keyword_tokens("Healthy Young Minds"))
    assert len(ids) and list(ids) == sorted(ids)
    docs = {list_index.documents[list_index.chunk_doc[i]].id for i in ids}
    assert set(ANSWERING) <= docs  # every letter naming the service has a passage with all three words
    for i in range(len(list_index)):  # and no passage holding the three words is left out
        tokens = set(keyword_tokens(list_index.chunk_text(i)))
        if {"healthy", "young", "mind"} <= tokens:
            assert i in ids
    visits = list_index.chunks_containing(keyword_tokens("Healthy Young Minds"), Filters.parse(kind="focused visit"))
    assert {list_index.documents[list_index.chunk_doc[i]].id for i in visits} == {"fv-oldham-2020-11-27",
                                                                                 "fv-trafford-2018-08-02"}
    assert not len(list_index.chunks_containing(["healthy", "zzzunknownword"]))
