"""Each passage's sentence units on disk: sentence_units.npy and sentence_units_indptr.npy.

The units are what `indexer.chunk.sentence_units(passage_text)` returns (sentences, headings and
list items with offsets relative to the passage), computed once at build time: splitting a passage
with syntok costs ~0.8 ms, which every answer paid once per passage per process. Stored as CSR
(like the BM25 postings): sentence_units.npy is an int32 array with one row per unit, (start, end,
heading 0/1); the units of passage i are rows indptr[i]:indptr[i + 1] of it
(sentence_units_indptr.npy, int64, one entry per passage plus one). No pickle.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from indexer.chunk import Unit, split_units
from indexer.schema import SENTENCE_UNITS, SENTENCE_UNITS_INDPTR


def passage_units(text: str) -> tuple[Unit, ...]:
    """The sentence units of one passage text: equal to indexer.chunk.sentence_units(text),
    without filling its per-process cache (a build meets each passage once)."""
    return tuple(split_units(text, count=lambda _: 0))


def write_unit_table(folder: Path, units: Iterable[Sequence[Unit]]) -> None:
    """Write the units of every passage (in index order) as sentence_units.npy + its indptr."""
    rows: list[tuple[int, int, int]] = []
    indptr = [0]
    for passage in units:
        rows.extend((u.start, u.end, int(u.heading)) for u in passage)
        indptr.append(len(rows))
    table = np.asarray(rows, dtype=np.int64).reshape(-1, 3)
    if len(table) and table.max() > np.iinfo(np.int32).max:
        raise ValueError("a passage offset does not fit in int32")
    np.save(folder / SENTENCE_UNITS, table.astype(np.int32), allow_pickle=False)
    np.save(folder / SENTENCE_UNITS_INDPTR, np.asarray(indptr, dtype=np.int64), allow_pickle=False)


class UnitTable:
    """The stored units of every passage; `units(i)` gives passage i's as indexer.chunk.Unit
    (tokens 0, as sentence_units gives them)."""

    def __init__(self, table: np.ndarray, indptr: np.ndarray) -> None:
        self.table = table
        self.indptr = indptr

    def __len__(self) -> int:
        return len(self.indptr) - 1

    def units(self, i: int) -> tuple[Unit, ...]:
        """The units of passage `i`, in order (IndexError if there is no passage i)."""
        if not 0 <= i < len(self):
            raise IndexError(f"no passage {i}")
        rows = self.table[self.indptr[i]: self.indptr[i + 1]].tolist()
        return tuple(Unit(start, end, 0, bool(heading)) for start, end, heading in rows)


def read_unit_table(folder: Path, n_passages: int, passage_lengths: np.ndarray) -> UnitTable:
    """Read what `write_unit_table` wrote; ValueError if it is malformed or does not fit the
    `n_passages` passages of lengths `passage_lengths` (characters)."""
    table = np.load(folder / SENTENCE_UNITS, allow_pickle=False)
    indptr = np.load(folder / SENTENCE_UNITS_INDPTR, allow_pickle=False)
    if table.ndim != 2 or table.shape[1] != 3 or table.dtype != np.int32:
        raise ValueError(f"{SENTENCE_UNITS} has shape {table.shape} and type {table.dtype}, not (n, 3) int32")
    if indptr.shape != (n_passages + 1,) or indptr.dtype != np.int64:
        raise ValueError(f"{SENTENCE_UNITS_INDPTR} has shape {indptr.shape}, not ({n_passages + 1},)")
    if indptr[0] != 0 or indptr[-1] != len(table) or (np.diff(indptr) < 0).any():
        raise ValueError(f"{SENTENCE_UNITS_INDPTR} does not point into {SENTENCE_UNITS}")
    if len(table):
        limit = np.repeat(np.asarray(passage_lengths, dtype=np.int64), np.diff(indptr))
        start, end = table[:, 0], table[:, 1]
        if start.min() < 0 or (end < start).any() or (end > limit).any():
            raise ValueError(f"{SENTENCE_UNITS} has a unit outside its passage")
    return UnitTable(table, indptr)
