"""A news outlet the question names: its articles are searched first and quoted."""
from __future__ import annotations

import pytest

from corpus_slice import open_slice_index
from search.outlets import named_outlet_docs, outlet_index

CYP_NOW = "news-cypnow-stockport-merton-central-bedfordshire-good"
SLICE = (CYP_NOW, "sif-merton-2017-08-25", "ilacs-merton-2022-05-09", "news-bournemouthecho-bcp-second-monitoring-visit-letter",
         "news-guardian-2018-03-29-ilacs-challenging-but-fair")


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    return open_slice_index(tmp_path_factory, "outlets", SLICE)


def test_outlets_are_known_by_their_address_and_the_name_in_the_title(index):
    outlets = outlet_index(index.documents)
    assert outlets["cypnow"] == outlets["childrenyoungpeoplenow"] == {CYP_NOW}
    assert outlets["guardian"] == outlets["theguardian"] == {"news-guardian-2018-03-29-ilacs-challenging-but-fair"}
    assert named_outlet_docs("According to CYP Now, how did Merton do?", outlets) == {CYP_NOW}
    assert named_outlet_docs("What did Children & Young People Now say about Merton?", outlets) == {CYP_NOW}
    assert named_outlet_docs("What did the Bournemouth Echo report?", outlets) == {
        "news-bournemouthecho-bcp-second-monitoring-visit-letter"}
    # a council's own news site is no outlet (review: "Kent" would have put kent.gov.uk's articles first)
    from search.outlets import outlet_keys

    assert outlet_keys("https://www.kent.gov.uk/news/ofsted", "Ofsted rates Kent good (Kent County Council)") == set()
    assert outlet_keys("https://www.cypnow.co.uk/news/x", "A (Children & Young People Now)") == {
        "cypnow", "childrenyoungpeoplenow"}
    # ordinary words are not an outlet; nor is a letter
    assert not named_outlet_docs("what did the guardian of a child in care say?", outlets)
    assert not named_outlet_docs("What did inspectors say about adoption in Merton?", outlets)


def test_a_question_naming_an_outlet_is_answered_from_its_article(index):
    """"According to CYP Now, what has Merton's record been on adoptions falling apart?" was answered
    from the 2017 report's own sentences; the article it names was fourth and never quoted."""
    answer = index.ask("According to CYP Now, how long do Merton's children wait for adoption?")
    assert answer.answered and answer.hits[0].doc_id == CYP_NOW
    assert all(s.doc_id == CYP_NOW for s in answer.sentences)
    plain = index.ask("How long do Merton's children wait for adoption?")  # the report says it first otherwise
    assert plain.answered and plain.hits[0].doc_id == plain.sentences[0].doc_id == "sif-merton-2017-08-25"
