"""A list answer reads only the passages its search returns (ListSettings.depth, 100), so a list may
be partial: "Which councils are heavily reliant on agency staff?" found 11 councils on the full index
while ~70 councils' letters say "reliant on agency" or "reliance on agency". The answer now says so in
its summary line (CLI text, --json, the app's list label) when passages that could hold a row were left
unread, and only then. Real letters, the real model: five letters on agency staff."""
from __future__ import annotations

import dataclasses
import json

import pytest

from corpus_slice import open_slice_index
from indexer.keywords import keyword_tokens
from search.list_answer import ListSettings, answer_list, topic_weights
from search.list_summary import cut_off_note, no_rows_line

IDS = ("ilacs-tameside-2024-02-13", "fv-bradford-2021-02-12", "sif-brent-2015-11-30", "sif-darlington-2018-05-21",
       "fv-bexley-2025-03-14")
CUT_OFF = "Which councils are heavily reliant on agency staff?"


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    return open_slice_index(tmp_path_factory, "cut-off", IDS)


def anchors(index, answer) -> set[str]:
    """The topic's terms a row's sentence must hold one of (on this slice "reliant" and "staff" weigh alike),
    or a one-word synonym of one ("reliance", "dependent")."""
    from search.list_quotes import synonym_aliases

    weights = topic_weights(answer.signals["topic"], index.bm25)
    terms = {t for t, w in weights.items() if w >= ListSettings().anchor_ratio * max(weights.values())}
    return terms | {t for t, term in synonym_aliases(weights).items() if term in terms}


def unread_holding(index, answer, wanted: set[str]) -> int:
    """Passages of the index the answer did not read that hold one of `wanted` (brute force over the text)."""
    read = {h.chunk_id for h in answer.hits}
    return sum(1 for i in range(len(index.chunk_doc))
               if i not in read and wanted & set(keyword_tokens(index.chunk_text(i))))


def test_a_list_cut_off_by_its_depth_says_so(index):
    answer = index.ask(CUT_OFF)
    assert "reliant" in anchors(index, answer)
    unread = unread_holding(index, answer, anchors(index, answer))
    assert unread > 0 and answer.signals["passages_unread"] == unread
    assert answer.signals["passages_read"] == len(answer.hits) == 100
    assert answer.message == (f"{len(answer.rows)} councils, {len(answer.rows)} letters; found in the 100 passages "
                              f"read, {unread} more hold its words: the list may be incomplete")


def test_a_list_that_read_every_passage_holding_its_words_says_nothing_more(index):
    answer = answer_list(index, CUT_OFF, settings=dataclasses.replace(ListSettings(), depth=len(index.chunk_doc)))
    assert unread_holding(index, answer, anchors(index, answer)) == answer.signals["passages_unread"] == 0
    assert answer.message == f"{len(answer.rows)} councils, {len(answer.rows)} letters"
    named = index.ask("Which letters mention Signs of Safety?")  # a name: every passage holding it is read
    assert named.rows and named.signals["passages_unread"] == 0 and "incomplete" not in named.message


def test_a_shallower_search_reads_fewer_and_says_how_many(index):
    answer = answer_list(index, CUT_OFF, settings=dataclasses.replace(ListSettings(), depth=10))
    assert answer.signals["passages_read"] == 10
    assert answer.signals["passages_unread"] == unread_holding(index, answer, anchors(index, answer)) > 0
    assert "; found in the 10 passages read, " in answer.message


def test_a_list_with_no_row_says_whether_it_read_everything(index):
    none = index.ask("Which councils use the Mockingbird model?")  # no passage of these letters holds it
    assert not none.answered and none.signals["passages_unread"] == 0
    assert none.message == "No letter says this. The closest passages are shown below."
    cut = index.ask("Which councils were praised for their reliance on agency staff?")  # none read says it
    unread = cut.signals["passages_unread"]
    assert not cut.answered and not cut.rows and unread > 0
    assert cut.message == (f"No letter says this in the 100 passages read ({unread} more hold its words: the list "
                           "may be incomplete). The closest passages are shown below.")


def test_the_note():
    assert no_rows_line(100, 1).startswith("No letter says this in the 100 passages read (1 more holds its words")
    assert cut_off_note(100, 0) == ""
    assert cut_off_note(100, 1) == "; found in the 100 passages read, 1 more holds its words: the list may be incomplete"
    assert cut_off_note(300, 57) == "; found in the 300 passages read, 57 more hold its words: the list may be incomplete"


def test_cli_text_json_and_app_label_say_it(index, capsys):
    from search.cli import main
    from webapp.list_view import list_table_html

    folder = str(index.folder)
    assert main(["ask", CUT_OFF, "--index-dir", folder]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.endswith("the list may be incomplete") and "found in the 100 passages read" in first
    assert main(["ask", CUT_OFF, "--index-dir", folder, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["message"] == first and data["signals"]["passages_unread"] > 0
    label = list_table_html(index.ask(CUT_OFF), lambda hit: "#").split("</div>")[0]
    assert "the list may be incomplete" in label
