"""Opening an index folder: `open_index`, the checks an index must pass (manifest, checksums, model,
keyword tokens, query encoder) and the tables read into memory or mapped (`IndexFiles._open`).

Every failure to open is an `IndexOpenError` with a one-line message saying what to do.
"""
from __future__ import annotations

import functools
import os
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

import numpy as np

from indexer import store
from indexer.authorities import authority_key, field_authorities, lineage
from indexer.bm25 import BM25Index
from indexer.config import MODEL_DIM, MODEL_ID, BM25Settings
from indexer.chunk_table import read_chunk_table
from indexer.doc_store import TextStore, read_infos
from indexer.encoder import EncoderError, query_encoder_file
from indexer.keywords import KEYWORD_TOKENS
from indexer.name_vectors import read_name_vectors
from indexer.schema import FORMAT_VERSION, TEXTS, VECTORS, DocumentInfo
from indexer.token_table import TokenTable, read_token_table
from indexer.unit_table import UnitTable, read_unit_table
from indexer.vectors import StoredVectors
from search.own_councils import OwnCouncils, own_councils

if TYPE_CHECKING:
    from search.index import Index

# Document bodies kept decoded: a search reads ~50 passages from a few letters (second-stage
# candidates, then hits), each read was a pread and a UTF-8 decode of the whole letter (~6 us).
DOC_TEXT_CACHE = 32

# One index loads at a time per process: np.load parses each array's header with ast.literal_eval,
# and CPython 3.11 can fail two AST constructions running in two threads at once ("SystemError: AST
# constructor recursion depth mismatch", python/cpython#106905; seen on 3.11.7 with 8 readers
# opening an index while it was rebuilt). Loading takes ~0.1 s; queries never take this lock.
_LOAD_LOCK = threading.Lock()


class IndexOpenError(Exception):
    """The index cannot be opened: missing, corrupt, or built with another model/format."""


def open_index(path: str | os.PathLike | None = None, verify: bool = True) -> "Index":
    """Open the index at `path` (default $ISEARCH_INDEX or .isearch/index).

    Resolves the index symlink once, so a rebuild that swaps it meanwhile is not seen
    half-way. `verify` checks every file's sha256 against the manifest.
    """
    from indexer.config import default_index_dir
    from search.index import Index

    link = Path(path) if path else default_index_dir()
    for attempt in range(3):
        folder = Path(os.path.realpath(link))
        if not link.exists():
            raise IndexOpenError(f"no index at {link}; run `isearch index`")
        try:
            return Index(folder, verify=verify)
        except FileNotFoundError:
            if attempt == 2:  # the build it pointed to was pruned while we read it
                raise IndexOpenError(f"index at {link} changed while opening; try again") from None
            time.sleep(0.05)
    raise IndexOpenError(f"cannot open index at {link}")


def _date_numbers(dates: Iterable[str], start: int, stop: int) -> np.ndarray:
    """The whole numbers at dates[start:stop] ("2021-06-25"[:4] -> 2021), 0 where not digits."""
    return np.asarray([int(d[start:stop]) if d[start:stop].isdigit() else 0 for d in dates])


class IndexFiles:
    """The opening half of search.index.Index: `_open` checks the folder and reads its tables."""

    def _open(self, folder: Path, verify: bool) -> None:
        """Check the index at `folder` (manifest, every file's size and, with `verify`, sha256; the
        model, keyword tokens and query encoder it was built with), then load it. Raises
        IndexOpenError, or FileNotFoundError when a file vanished meanwhile (open_index retries)."""
        self.folder = folder
        try:
            self.manifest = store.read_manifest(folder)
            store.verify_files(folder, self.manifest, checksums=verify)
        except store.IndexStoreError as exc:
            raise IndexOpenError(str(exc)) from None
        model = self.manifest.get("model", {})
        if model.get("id") != MODEL_ID or model.get("dim") != MODEL_DIM:
            raise IndexOpenError(f"index at {folder} was built with model {model.get('id')!r}, not {MODEL_ID!r}; "
                                 "rebuild with `isearch index --force`")
        bm25_settings = self.manifest.get("settings", {}).get("bm25", {})
        if bm25_settings.get("tokens") != KEYWORD_TOKENS:  # queries must be tokenised as the passages were
            raise IndexOpenError(f"index at {folder} was built with other keyword tokens "
                                 f"({bm25_settings.get('tokens', 'before compounds were joined')!r}); rebuild with `isearch index`")
        try:  # the query encoder must be the one that embedded the passages
            self.encoder = query_encoder_file(self.manifest, folder)
        except EncoderError as exc:
            raise IndexOpenError(str(exc)) from None
        try:
            with _LOAD_LOCK:
                self._load()
        except (ValueError, KeyError, TypeError, RuntimeError) as exc:
            raise IndexOpenError(f"index at {folder} is corrupt ({type(exc).__name__}); rebuild with `isearch index --force`") from None

    def _load(self) -> None:
        from indexer.vectors import load_faiss

        # metadata of every document in memory; bodies are read from texts.bin when shown
        self.documents: list[DocumentInfo]
        self.documents, spans = read_infos(self.folder)
        self._texts = TextStore(self.folder / TEXTS, spans)
        self._doc_text = functools.lru_cache(maxsize=DOC_TEXT_CACHE)(self._texts.text)  # thread-safe
        self.doc_row = {doc.id: row for row, doc in enumerate(self.documents)}
        chunks = read_chunk_table(self.folder, len(self.documents))
        self.chunk_doc, self.chunk_start, self.chunk_end = chunks.doc, chunks.start, chunks.end
        self._chunk_heading, self._headings = chunks.heading, chunks.headings
        # HNSW (large) indexes are memory-mapped: a query touches a few thousand vectors, not all
        self.faiss = load_faiss(self.folder / VECTORS, mmap=self.manifest.get("faiss") == "hnsw")
        self._stored: StoredVectors | None = None
        import faiss

        # one query at a time: a second OpenMP thread costs more to wake than it saves
        # (flat search over 43k vectors: 5.7 ms on one thread, 12-24 ms on two)
        faiss.omp_set_num_threads(1)
        settings = BM25Settings(**self.manifest["settings"]["bm25"])
        self.bm25 = BM25Index.load(self.folder, settings)
        counts = self.manifest["counts"]
        n = len(self.chunk_doc)
        if (self.faiss.ntotal != n or self.bm25.n_docs != n
                or counts["chunks"] != n or counts["documents"] != len(self.documents)):
            raise ValueError("table sizes disagree")
        self.doc_authority_keys = [{authority_key(a) for a in field_authorities(d.authority)} for d in self.documents]
        rows_by_key: dict[str, list[int]] = {}
        for row, doc in enumerate(self.documents):  # a council's rows include its predecessors' and successors'
            for key in {authority_key(n) for a in field_authorities(doc.authority) for n in lineage(a)}:
                rows_by_key.setdefault(key, []).append(row)
        self._authority_rows = {key: np.asarray(rows, dtype=np.int64) for key, rows in rows_by_key.items()}
        # councils the documents name that indexer/data/authorities.csv does not know, found in questions too
        self.own_councils: OwnCouncils = own_councils(d.authority for d in self.documents)
        dates = [d.date for d in self.documents]
        self.doc_year, self.doc_month = _date_numbers(dates, 0, 4), _date_numbers(dates, 5, 7)
        # the year the inspection itself took place (a December visit's letter is dated the next year)
        inspected = [d.inspection_start for d in self.documents]
        self.doc_inspection_year, self.doc_inspection_month = _date_numbers(inspected, 0, 4), _date_numbers(inspected, 5, 7)
        self.doc_kind = np.asarray([d.kind for d in self.documents], dtype=str)
        # built at index time (format 4): each passage's sentence units and the named councils'
        # embeddings; an index of format 3 has neither, and they are made when first needed
        self._units: UnitTable | None = None
        self._stored_names: dict[str, np.ndarray] = {}
        if self.manifest.get("format_version", 0) >= 4:
            self._units = read_unit_table(self.folder, n, self.chunk_end - self.chunk_start)
            self._stored_names = read_name_vectors(self.folder)
        # format 5: each passage's keyword token ids per sentence, for the second stage
        self._tokens: TokenTable | None = None
        if self.manifest.get("format_version") == FORMAT_VERSION:
            self._tokens = read_token_table(self.folder, n, len(self.bm25.vocab))
