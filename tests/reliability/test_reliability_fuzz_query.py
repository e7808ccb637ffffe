"""Property tests for the query path on the real slice index: any text in, well-formed results out.

A query is either refused with QueryError (nothing searchable left) or answered with hits whose
text is the document's own span, and answers whose every sentence is quoted from the hit it cites.
Keyword mode gets most examples; dense and hybrid (the model, about 20 passages/s here) a few.
"""
from __future__ import annotations

import string

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from indexer.keywords import STOP_WORDS
from reliability_support import check_answer, check_hits, one_line_error, record
from search.cli import main as cli_main
from search.filters import FilterError, Filters
from search.query import MAX_QUERY_CHARS, QueryError, clean_query

PUNCTUATION = string.punctuation + "“”‘’«»–—…·•¡¿§¶†‡※‽。、「」（）！？"
QUERIES = st.one_of(
    st.text(max_size=200),
    st.text(alphabet=st.characters(exclude_categories=()), max_size=50),  # any code point: controls, surrogates, private use
    st.text(alphabet=PUNCTUATION + " \t\n", max_size=80),
    st.lists(st.sampled_from(sorted(STOP_WORDS)), min_size=1, max_size=30).map(" ".join),
    st.lists(st.sampled_from(["agency", "staff", "Tameside", "Merton", "PLO", "front", "door", "2021", "July",
                              "focused", "visit", "ILACS", "<script>alert(1)</script>", "**bold**", "[n](x)",
                              "\u202e", "\x00", "\ud800", "😀", "e\u0301"]), max_size=25).map(" ".join),
)
SEEN = {"n": 0, "refused": 0, "hits": 0}


def fast(examples: int) -> settings:
    return settings(max_examples=examples, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def run_query(index, query: str, mode: str, k: int, filters: Filters | None = None) -> None:
    SEEN["n"] += 1
    try:
        cleaned = clean_query(query)
    except QueryError:
        SEEN["refused"] += 1
        with pytest.raises(QueryError):
            index.search(query, k=k, mode=mode)
        return
    assert len(cleaned) <= MAX_QUERY_CHARS and cleaned == cleaned.strip()
    hits = index.search(query, k=k, mode=mode, filters=filters)
    check_hits(index, hits, k, filters)
    SEEN["hits"] += len(hits)
    if mode == "keyword" or hits:
        check_answer(index, index.ask(query, k=k, mode=mode, filters=filters), k)


@fast(400)
@given(QUERIES, st.integers(1, 25))
@example("a" * 100_000, 5)
@example(" ".join(["agency staff"] * 20_000), 10)
@example("!!! ??? ... ,,, ;;; :::", 3)
@example("the of and to in a is that for it", 3)
@example("\x00\x01\x02\u200b\ufeff", 3)
@example("\ud800\udfff lone surrogates", 3)
def test_keyword_queries_of_any_text(small_index, query, k):
    run_query(small_index, query, "keyword", k)


@fast(12)
@given(QUERIES, st.sampled_from(["dense", "hybrid"]), st.integers(1, 10))
@example("x" * 50_000, "hybrid", 5)
@example("...", "dense", 3)
@example("the and of", "hybrid", 3)
def test_dense_and_hybrid_queries_of_any_text(small_index, query, mode, k):
    run_query(small_index, query, mode, k)


_FILTER_TEXT = st.one_of(st.none(), st.text(max_size=20), st.sampled_from(
    ["Merton", "Tameside Metropolitan Borough Council", "london borough of haringey", "focused visit", "ILACS",
     "jtai", "good", "RI", "inadequate", "2019", "2021-06", "2020-01-21", "2022", "9999-12", "0000"]))


@fast(200)
@given(_FILTER_TEXT, _FILTER_TEXT, _FILTER_TEXT, _FILTER_TEXT, _FILTER_TEXT,
       st.sampled_from(["agency staff caseloads", "Merton", "help and protection", "!!!"]))
def test_filtered_queries_return_only_matching_documents(small_index, authority, kind, since, until, judgement, query):
    try:
        filters = Filters.parse(authority=authority, kind=kind, since=since, until=until, judgement=judgement)
    except FilterError:
        return
    run_query(small_index, query, "keyword", 10, filters)


@pytest.mark.parametrize("query", ["<b>", "--", "\u0000", "   ", "—", "the", "a" * 5000, "Merton\nTameside"])
def test_cli_query_and_ask_never_trace_back(small_index_dir, capsys, query):
    """Through the CLI handler: exit 0 (results), 1 (none) or 2 (one-line error), and --json parses."""
    import json

    for command in ("query", "ask"):
        code = cli_main([command, "--index-dir", str(small_index_dir), "--mode", "keyword", "--json", "--", query])
        out, err = capsys.readouterr()
        assert code in (0, 1, 2), (code, err)
        if code == 2:
            one_line_error(err)
        else:
            json.loads(out)


def test_cli_names_an_authority_the_index_has_no_letters_for(small_index_dir, capsys):
    """--authority Narnia is a usage error naming it (exit 2), not a silent "no passages match";
    a council the slice holds (Tameside) still answers."""
    for command in ("query", "ask"):
        code = cli_main([command, "--index-dir", str(small_index_dir), "--authority", "Narnia", "agency staff"])
        _, err = capsys.readouterr()
        assert code == 2 and "no letters for authority 'Narnia'" in one_line_error(err)
    assert cli_main(["query", "--index-dir", str(small_index_dir), "--authority", "Tameside", "agency staff"]) == 0
    capsys.readouterr()


def test_record_query_figures():
    record("fuzz_queries", dict(SEEN))
