"""What the app says about the index it has open (AppTest, real letters, the real models): the
Corpus tab names the model that embedded the passages (it named the base all-MiniLM-L6-v2 for an
index of minilm-ofsted vectors), a count of one is singular ("1 passages", "1 documents", "of 1
councils" before), and a shared link's misspelt council is read as a council only when this index
has letters for it (one with none is named as having none, never offered)."""
from __future__ import annotations

import re

import pytest
from apptest_support import ask
from corpus_slice import copy_slice

ONE_LETTER = "ilacs-merton-2022-05-09"  # Merton's ILACS: one council, one graded inspection


@pytest.fixture(scope="module")
def one_letter_dir(tmp_path_factory):
    """An index of Merton's ILACS letter alone, embedded with the bundled model (`--model minilm`),
    not the default minilm-ofsted; its own embedding cache (nothing written under .isearch)."""
    from indexer.build import build_index

    tmp = tmp_path_factory.mktemp("one-letter")
    index_dir = tmp / "index"
    build_index([copy_slice(tmp / "corpus", (ONE_LETTER,))], index_dir, cache_path=tmp / "cache.sqlite",
                progress=False, model="minilm")
    return index_dir


def literal(markdown: str) -> str:
    """Text shown for markdown escaped by webapp.markup.md_escape."""
    return re.sub(r"\\(.)", r"\1", markdown)


def htmls(at) -> list[str]:
    return [element.value for element in at.html]


def stats_row(at, label: str) -> str:
    table = next(body for body in htmls(at) if "is-stats" in body)
    return re.search(rf"<tr><td>{label}</td><td><b>(.*?)</b></td></tr>", table).group(1)


def test_the_corpus_tab_names_the_model_the_index_was_built_with(make_app, small_index, one_letter_dir):
    # the test slice is built with the project's default model
    assert small_index.manifest["encoder"]["model"] == "minilm-ofsted"
    at = make_app(view="Corpus").run()
    assert not at.exception
    assert stats_row(at, "Model") == ("minilm-ofsted (all-MiniLM-L6-v2 fine-tuned on the letters; 384 dimensions, "
                                      "ONNX fp32)")  # before: sentence-transformers/all-MiniLM-L6-v2 (384 dimensions)
    at = make_app(one_letter_dir, view="Corpus").run()
    assert not at.exception
    assert stats_row(at, "Model") == "minilm (all-MiniLM-L6-v2 as published; 384 dimensions, ONNX fp32)"


def test_counts_of_one_are_singular(make_app, one_letter_dir):
    at = make_app(one_letter_dir).run()
    assert not at.exception
    assert at.caption[0].value.startswith("Cited answers from 1 Ofsted letter or report on English councils'")
    at = ask(make_app(one_letter_dir, k="1").run(), "What did inspectors say about agency staff in Merton?")
    assert any(re.fullmatch(r"1 passage · hybrid search · \d+ ms", c.value) for c in at.caption), \
        [c.value for c in at.caption]  # before: "1 passages · hybrid search"
    at = make_app(one_letter_dir, view="Authorities", la="Merton").run()
    assert not at.exception
    assert any('<div class="is-meta">1 document, published 2022 to 2022 · ' in body for body in htmls(at))
    at = make_app(one_letter_dir, view="Councils").run()
    assert not at.exception
    assert any(c.value.startswith("1 of 1 council with an ILACS or SIF inspection letter · latest") for c in at.caption), \
        [c.value for c in at.caption]


def test_the_passage_count_of_many_stays_plural(make_app):
    at = ask(make_app(k="3").run(), "What did inspectors say about agency staff in Merton?")
    assert any(re.fullmatch(r"3 passages · hybrid search · \d+ ms", c.value) for c in at.caption)


def test_a_links_misspelt_council_is_offered_only_with_letters_here(make_app, one_letter_dir):
    at = make_app(one_letter_dir, q="agency staff", authority=["tamesid", "mertn"]).run()
    assert not at.exception
    assert at.multiselect(key="authority").value == ["Merton"]  # Merton has letters here: read as Merton
    assert [literal(i.value) for i in at.info] == ['Showing results for Merton (the link says "mertn").']
    assert [literal(w.value) for w in at.warning] == [  # Tameside has none: named as having none, not used
        "Ignored from this link: authority 'tamesid' (no council called that; Tameside, the one it is close to, "
        "has no letters in this index)."]
