"""A letter to a partnership of many authorities (../shared/cases/ingest/b04-long-authority-header.txt,
copied to tests/data/ingest: forty "Fictional Borough N Children and Families Partnership Board" in
its `authority:` line, a two-sentence body).

Newcomer report: "its 40 bodies are stored as two with no warning". The letter was one document with
all forty authorities and its whole body; what named only two was the context line embedded with
each passage (indexer.context_line), cut at 160 characters mid-list ("Fictional Borough 0 ... Board;
Fictional Borough 1 ... Board; Fictional Borough 2…, JTAI, May 2023"), silently. The line now names the whole authorities that
fit and how many more there are, and the loader says so in one line."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from indexer.context_line import CONTEXT_MAX_CHARS, context_line
from indexer.load import load_document
from indexer.schema import Document
from search.filters import Filters
from search.index import open_index

ROOT = Path(__file__).resolve().parents[2]
B04 = ROOT / "tests" / "data" / "ingest" / "b04-long-authority-header.txt"
BOARDS = [f"Fictional Borough {i} Children and Families Partnership Board" for i in range(40)]
LAST_SENTENCE = "Partners shared information quickly."
WARNING = (f"{B04}: 40 authorities in the header; the context line embedded with each passage names 2 of them "
           "and '38 more' (council filters and keyword search use all 40)")


def test_b04_is_one_letter_with_all_forty_authorities_its_whole_body_and_one_warning():
    doc, warnings = load_document(B04)
    assert doc.authority == "; ".join(BOARDS)
    assert (doc.kind, doc.date, doc.title) == ("JTAI", "2023-05-01", "Joint targeted area inspection of a fictional partnership")
    assert doc.text == f"Inspectors found that the multi-agency front door was effective. {LAST_SENTENCE}\n"
    assert warnings == [WARNING]


def test_the_context_line_names_whole_authorities_and_how_many_more():
    doc, _ = load_document(B04)
    line = context_line(doc)
    assert line.text == f"{BOARDS[0]}; {BOARDS[1]} and 38 more, JTAI, May 2023"
    assert (line.named, line.total) == (2, 40) and len(line.text) <= CONTEXT_MAX_CHARS


def test_a_real_letter_to_seven_councils_keeps_its_whole_context_line():
    doc, warnings = load_document(ROOT / "corpus" / "news-communitycare-2021-10-27-inadequate-councils-progress.txt")
    line = context_line(doc)
    assert line.text == "Surrey; Newham; West Sussex; Medway; Bradford; Bromley; Gateshead, news article, October 2021"
    assert (line.named, line.total) == (7, 7) and warnings == []


def test_one_overlong_authority_name_is_cut_at_a_word_with_an_ellipsis():
    name = " ".join(["Very"] * 40) + " Council"  # 204 characters, one authority
    doc = Document(id="x", title="t", authority=name, date="2023-05-01", kind="JTAI", judgement="", source="", text="x")
    line = context_line(doc)
    assert line.text.endswith("Very…, JTAI, May 2023") and len(line.text) <= CONTEXT_MAX_CHARS
    assert (line.named, line.total) == (0, 1)


def test_isearch_index_on_b04_alone_stores_one_letter_whose_last_sentence_is_found(tmp_path):
    """The newcomer's command, with the real model; an own embedding cache (one passage)."""
    index_dir = tmp_path / "b04_idx"
    result = subprocess.run([sys.executable, "-m", "search.cli", "index", str(B04), "--index-dir", str(index_dir)],
                            capture_output=True, text=True, cwd=ROOT,
                            env={**os.environ, "ISEARCH_CACHE": str(tmp_path / "cache.sqlite")}, timeout=600)
    assert result.returncode == 0, result.stderr
    assert "indexed 1 document" in result.stdout and "into 1 chunk" in result.stdout, result.stdout
    assert [line for line in result.stderr.splitlines() if line.startswith("warning: ")] == [f"warning: {WARNING}"]

    index = open_index(index_dir)
    assert [(d.id, d.authority) for d in index.documents] == [("b04-long-authority-header", "; ".join(BOARDS))]
    for mode in ("keyword", "dense", "hybrid"):
        hits = index.search(LAST_SENTENCE, k=3, mode=mode)
        assert [h.doc_id for h in hits] == ["b04-long-authority-header"] and LAST_SENTENCE in hits[0].text, mode
    last_board = Filters.parse(authority=BOARDS[39])  # a board the context line does not name
    assert [h.doc_id for h in index.search("information sharing", k=3, filters=last_board)] == ["b04-long-authority-header"]
