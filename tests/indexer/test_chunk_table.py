"""Passage positions stored as arrays: written and read back exactly, refused when out of range."""
from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from indexer.chunk_table import read_chunk_table, write_chunk_table
from indexer.schema import CHUNKS, HEADINGS
from search.index import IndexOpenError, open_index


def test_round_trip_with_headings_stored_once(tmp_path):
    headings = ["", "Summary of findings", "Summary of findings", "Children in care", ""]
    write_chunk_table(tmp_path, [0, 0, 1, 1, 2], [0, 90, 0, 400, 10], [120, 300, 410, 800, 11], headings)
    table = read_chunk_table(tmp_path, n_documents=3)
    assert table.doc.tolist() == [0, 0, 1, 1, 2] and table.doc.dtype == np.int32
    assert table.start.tolist() == [0, 90, 0, 400, 10] and table.end.tolist() == [120, 300, 410, 800, 11]
    assert [table.headings[h] for h in table.heading] == headings
    assert json.loads((tmp_path / HEADINGS).read_text())["headings"] == ["", "Summary of findings", "Children in care"]


@pytest.mark.parametrize("rows, n_documents", [([0, 3], 3), ([-1, 0], 3)])
def test_rows_outside_the_documents_are_refused(tmp_path, rows, n_documents):
    write_chunk_table(tmp_path, rows, [0, 0], [5, 5], ["", ""])
    with pytest.raises(ValueError, match="outside"):
        read_chunk_table(tmp_path, n_documents)


def test_index_passages_match_their_documents(small_index):
    for chunk_id in (0, len(small_index) // 2, len(small_index) - 1):
        doc = small_index.documents[small_index.chunk_doc[chunk_id]]
        text = small_index.document(doc.id).text
        assert small_index.chunk_text(chunk_id) == text[small_index.chunk_start[chunk_id]: small_index.chunk_end[chunk_id]]
        assert small_index.chunk_text(chunk_id).strip()
    assert any(small_index.chunk_heading(i) for i in range(len(small_index)))


def test_a_damaged_table_opened_without_checksums_is_still_refused(small_index_dir, tmp_path):
    folder = tmp_path / "copy"
    shutil.copytree(small_index_dir.resolve(), folder)
    table = np.load(folder / CHUNKS)
    table[5, 2] = table[5, 1] - 1  # end before start
    np.save(folder / CHUNKS, table)
    with pytest.raises(IndexOpenError, match="corrupt"):
        open_index(folder, verify=False)
