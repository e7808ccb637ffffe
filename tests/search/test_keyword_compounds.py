"""Hyphenated compounds match in their joined, hyphenated and split forms, on real letters.

The curated corpus lost line-end hyphens in conversion: some letters write "preproceedings"
or "longterm", others "pre-proceedings" or "long-term". A search in any form finds them all.
"""
from __future__ import annotations

import re

import pytest

from corpus_slice import open_slice_index
from indexer.keywords import joined_pairs, keyword_tokens

SOLID = ("fv-lincolnshire-2022-04-22", "fv-stoke-on-trent-2023-11-08")  # "preproceedings" only
HYPHENATED = ("fv-calderdale-2023-06-22", "fv-dorset-2019-10-24")  # "pre-proceedings" only
LONGTERM = "fv-knowsley-2020-02-13"  # "longterm" only
OTHER = "fv-herefordshire-2020-01-21"  # "proceedings" once, no compound
PRE_PROCEEDINGS = re.compile(r"pre-?proceedings", re.IGNORECASE)


def test_hyphenated_word_yields_parts_and_joined_form():
    assert keyword_tokens("pre-proceedings") == ["pre", "proceeding", "preproceeding"]
    assert keyword_tokens("preproceedings") == ["preproceeding"]
    assert keyword_tokens("pre proceedings") == ["pre", "proceeding"]
    assert keyword_tokens("out-of-hours service") == ["hour", "outofhour", "service"]
    assert keyword_tokens("long\u2011term plans") == ["long", "term", "longterm", "plan"]  # non-breaking hyphen
    assert keyword_tokens("co-ordinated") == ["co", "ordinat", "coordinat"] and keyword_tokens("coordinated") == ["coordinat"]


def test_numbers_and_codes_are_not_joined():
    assert keyword_tokens("2019-20 covid-19 12-month") == ["2019", "20", "covid", "19", "12", "month"]


def test_joined_pairs_only_for_terms_the_index_has():
    vocabulary = {"preproceeding", "longterm", "pre", "proceeding"}
    assert joined_pairs("pre proceedings and long term plans", vocabulary) == ["preproceeding", "longterm"]
    assert joined_pairs("pre-proceedings work", vocabulary) == []  # the hyphenated word joins itself
    assert joined_pairs("care plans", vocabulary) == []


@pytest.fixture(scope="module")
def compound_index(tmp_path_factory):
    return open_slice_index(tmp_path_factory, "compounds", (*SOLID, *HYPHENATED, LONGTERM, OTHER))


@pytest.mark.parametrize("query", ["pre-proceedings", "preproceedings", "pre proceedings", "Pre-Proceedings"])
def test_every_form_finds_letters_written_either_way(compound_index, query):
    hits = compound_index.search(query, k=50, mode="keyword")
    assert set(SOLID) | set(HYPHENATED) <= {hit.doc_id for hit in hits}
    for doc_id in (*SOLID, *HYPHENATED):  # found through the passage that uses the word
        assert any(hit.doc_id == doc_id and PRE_PROCEEDINGS.search(hit.text) for hit in hits), (query, doc_id)


def test_compound_outranks_its_parts_alone(compound_index):
    # OTHER says "proceedings" but not the compound: the compound's letters come first
    hits = compound_index.search("pre-proceedings", k=50, mode="keyword")
    assert {hit.doc_id for hit in hits[:4]} <= set(SOLID) | set(HYPHENATED)
    assert OTHER in {hit.doc_id for hit in hits}


@pytest.mark.parametrize("query", ["long-term", "long term", "longterm"])
def test_long_term_finds_the_letter_that_writes_longterm(compound_index, query):
    hits = [hit for hit in compound_index.search(query, k=50, mode="keyword") if hit.doc_id == LONGTERM]
    assert hits and "longterm" in hits[0].text.lower()


def test_ascii_text_skips_unicode_folding_with_the_same_words():
    """_words takes a fast path for ASCII text; it must give what NFKD folding gives."""
    import unicodedata

    from corpus_slice import CORPUS
    from indexer.keywords import _WORD, _words

    lines = [line for path in sorted(CORPUS.glob("*.txt"))[:20]
             for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    ascii_lines = [line for line in lines if line.isascii()]
    assert len(ascii_lines) > 100 and len(ascii_lines) < len(lines)  # both paths are exercised
    for line in lines:
        slow = unicodedata.normalize("NFKD", line.replace("\u2010", "-").replace("\u2011", "-"))
        assert _words(line) == _WORD.findall(slow.encode("ascii", "ignore").decode().lower())
