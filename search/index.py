"""An opened index: documents, passages, the FAISS and BM25 sides, and hybrid search over them.

`open_index(path)` checks the manifest (format, model, checksums), loads the documents'
metadata and the passages' positions, and maps the FAISS and BM25 files; document bodies
stay on disk and are read when a passage is shown. An `Index` is then read-only and safe
to share between threads.
"""
from __future__ import annotations

import dataclasses
import functools
import os
import re
import threading
import time
from collections import OrderedDict
from pathlib import Path
from typing import NamedTuple

import numpy as np

from indexer import store
from indexer.authorities import authority_key, field_authorities, lineage, with_canonical_names
from indexer.bm25 import BM25Index, top_positive
from indexer.config import MODEL_DIM, MODEL_ID, BM25Settings
from indexer.keywords import KEYWORD_TOKENS, joined_pairs, keyword_tokens
from indexer.chunk_table import read_chunk_table
from indexer.doc_store import TextStore, read_infos, with_text
from indexer.encoder import EncoderError, query_encoder_file
from indexer.chunk import Unit, sentence_units
from indexer.judgements import AreaJudgement, load_judgements
from indexer.name_vectors import read_name_vectors
from indexer.schema import AREA_JUDGEMENTS, FORMAT_VERSION, TEXTS, VECTORS, Document, DocumentInfo
from indexer.token_table import TokenTable, read_token_table
from indexer.unit_table import UnitTable, read_unit_table
from indexer.vectors import StoredVectors
from search.filters import Filters
from search.flat_scan import HalfScan
from search.passage_terms import sentence_and_proximity
from search.fuse import FusionSettings, min_max, ranks, rrf, weighted
from search.glossary import expand_keyword_query, spelled_out
from search.own_councils import OwnCouncils, own_councils
from search.grades import stated_grade
from search.last_inspection import StatedDates, asks_when_inspected, latest_dates
from search.outlets import named_outlet_docs, outlet_index
from search.query import LATEST, MONTH_NAMES, QueryContext, analyse, clean_query
from search.reorganisations import grade_record, own_letter_rows, with_reorganisation_note
from search.inspectors import inspector_question
from search.rerank import GRADE_QUESTION, Candidate, FeatureReranker, Reranker, apply_reranker, question_kind
from search.terms import QueryTerms, expanded_tokens, query_terms
from search.types import MODES, Answer, Hit

# Up to this many allowed chunks (a filter or the authority a query names), dense search scans
# just their vectors exactly rather than filtering a search over the whole index.
EXACT_SUBSET_MAX = 20_000
NO_WORDS = "The question has no words to look for in the letters: ask about a topic, a council or a grade."
NO_COUNCIL = ("The question refers to a council (\"{word}\") without naming it: each question is answered on "
              "its own, so ask it again with the council's name in it.")
# a follow-on question pointing at a council asked about before ("and what about care leavers there?")
# (not "there" of "were there?", "is there?": "What concerns about agency staff were there?" names no place)
UNNAMED_COUNCIL = re.compile(r"(?<!\bis )(?<!\bare )(?<!\bwas )(?<!\bwere )(?<!\bbe )(?<!\bbeen )"
                             r"\b(?P<word>there)\s*(?:in \d{4}\s*)?[?.!]?\s*$|"
                             r"\b(?P<named>(?:that|this|the same) (?:council|local authority|authority|borough|county))\b",
                             re.IGNORECASE)
TOPIC_PASSAGES = 5  # the top hits whose closeness to the question's topic the abstention model weighs
# Document bodies kept decoded: a search reads ~50 passages from a few letters (second-stage
# candidates, then hits), each read was a pread and a UTF-8 decode of the whole letter (~6 us).
DOC_TEXT_CACHE = 32
FILTER_MASKS = 64  # document masks kept per Filters (a "no news" filter is the same every time)
GRADED_KINDS = ("ILACS inspection", "SIF inspection")  # the inspections that grade a council


class Searched(NamedTuple):
    """What one search found: the hits, what the query names, its weighted terms, and the grade
    its letter states when the query asks for one, or the dates of the latest inspection when it
    asks when a council was last inspected (None otherwise)."""

    hits: list[Hit]
    ctx: QueryContext
    terms: QueryTerms
    stated: AreaJudgement | StatedDates | None
    topic_weighted: bool = False  # the keyword side weighed the query's context words less (_context_weight)


def judged_answer(judged: Answer, quoted: Answer | None, hits: list[Hit], model) -> Answer:
    """The answer to a topic-weighted question (Index.ask): `judged` is composed from the search that
    counts the council's name like any other word, on which the abstention `model` was fitted;
    `quoted` from the topic-ranked `hits` at any confidence (None when `judged` falls below the
    threshold). Below the threshold: declined, showing `hits`. Otherwise `quoted`'s sentences with
    `judged`'s confidence and signals, or declined when no topic-ranked sentence qualifies: whether
    `judged`'s own passages held a sentence does not matter ("agency social workers in Tameside"
    since 2021: the name-counting search's passages held no sentence about agency staff, the
    topic-ranked ones two)."""
    if quoted is None or (judged.confidence is not None and model.abstains(judged.confidence)):
        return dataclasses.replace(judged, hits=tuple(hits))  # (declined, with its message)
    return dataclasses.replace(quoted, confidence=judged.confidence, signals=judged.signals)


class IndexOpenError(Exception):
    """The index cannot be opened: missing, corrupt, or built with another model/format."""


def open_index(path: str | os.PathLike | None = None, verify: bool = True) -> "Index":
    """Open the index at `path` (default $ISEARCH_INDEX or .isearch/index).

    Resolves the index symlink once, so a rebuild that swaps it meanwhile is not seen
    half-way. `verify` checks every file's sha256 against the manifest.
    """
    from indexer.config import default_index_dir

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


# One index loads at a time per process: np.load parses each array's header with ast.literal_eval,
# and CPython 3.11 can fail two AST constructions running in two threads at once ("SystemError: AST
# constructor recursion depth mismatch", python/cpython#106905; seen on 3.11.7 with 8 readers
# opening an index while it was rebuilt). Loading takes ~0.1 s; queries never take this lock.
_LOAD_LOCK = threading.Lock()


class Index:
    """Read-only hybrid index. Use `open_index` to create one."""

    def __init__(self, folder: Path, verify: bool = True) -> None:
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
        self.fusion = FusionSettings()
        # the second stage (None for first-stage order); reads the stored token ids of a format 5 index
        self.reranker: Reranker | None = FeatureReranker(stored=None if self._tokens is None else self.sentence_features)
        self._model_lock = threading.Lock()
        self._query_cache: OrderedDict[str, np.ndarray] = OrderedDict()
        # council name -> its embedding: the stored ones (format 4), and any other asked for (a few at most)
        self._name_vectors: dict[str, np.ndarray] = dict(self._stored_names)
        self._masks: OrderedDict[Filters, np.ndarray] = OrderedDict()
        self._masks_lock = threading.Lock()
        self._half: HalfScan | None = None
        self._flat_searches = 0  # full flat searches before the float16 copy was made
        self._half_lock = threading.Lock()

    # ---- loading -------------------------------------------------------
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
        self.doc_year = np.asarray([int(d.date[:4]) if d.date[:4].isdigit() else 0 for d in self.documents])
        self.doc_month = np.asarray([int(d.date[5:7]) if d.date[5:7].isdigit() else 0 for d in self.documents])
        # the year the inspection itself took place (a December visit's letter is dated the next year)
        self.doc_inspection_year = np.asarray([int(d.inspection_start[:4]) if d.inspection_start[:4].isdigit() else 0
                                               for d in self.documents])
        self.doc_inspection_month = np.asarray([int(d.inspection_start[5:7]) if d.inspection_start[5:7].isdigit()
                                                else 0 for d in self.documents])
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

    # ---- small accessors ----------------------------------------------
    @functools.cached_property
    def judgements(self) -> dict[str, list[AreaJudgement]]:
        """Grades per area of every ILACS and SIF letter, by document id, as read from the letters
        at build time (indexer/judgements.py). Read on first use (~80 ms for the whole corpus)."""
        return load_judgements(self.folder / AREA_JUDGEMENTS)

    def __len__(self) -> int:
        return len(self.chunk_doc)

    def document(self, doc_id: str) -> Document:
        """The whole document, body included (KeyError if unknown). `documents` holds every
        document's metadata (DocumentInfo) without the body."""
        row = self.doc_row[doc_id]
        return with_text(self.documents[row], self._doc_text(row))

    def chunk_heading(self, chunk_id: int) -> str:
        """The heading passage `chunk_id` falls under ("" if none)."""
        return self._headings[self._chunk_heading[chunk_id]]

    def chunk_text(self, chunk_id: int) -> str:
        """The text of passage `chunk_id`."""
        text = self._doc_text(int(self.chunk_doc[chunk_id]))
        return text[self.chunk_start[chunk_id]: self.chunk_end[chunk_id]]

    def passage_units(self, hit: Hit) -> tuple[Unit, ...]:
        """The sentence units of `hit`'s passage (indexer.chunk.sentence_units of its text: offsets
        relative to the passage), as the build stored them; split now for an index of format 3,
        or a hit whose text is not its passage's."""
        units = self._units
        if units is not None and 0 <= hit.chunk_id < len(units) and len(hit.text) == (
                self.chunk_end[hit.chunk_id] - self.chunk_start[hit.chunk_id]) and hit.start == self.chunk_start[hit.chunk_id]:
            return units.units(hit.chunk_id)
        return sentence_units(hit.text)

    def sentence_features(self, chunk_ids: list[int], terms: QueryTerms, window: int) -> tuple[np.ndarray, np.ndarray]:
        """The second stage's sentence and proximity features of passages `chunk_ids` (float64
        arrays, in that order) from the stored token ids (search/passage_terms.py); equal to
        search.rerank's sentence_score and proximity_score of their texts. Format 5 only."""
        if self._tokens is None:
            raise ValueError("this index stores no token ids (format 4 or older)")
        return sentence_and_proximity(self._tokens, chunk_ids, terms, self.bm25.term_id, window)

    def authorities(self) -> list[str]:
        """Every council with at least one document, sorted (the councils an authority field names:
        "England (multiple; Leeds, Bury named)" gives Leeds and Bury)."""
        return sorted({a for d in self.documents for a in field_authorities(d.authority)})

    def letters_of(self, names: tuple[str, ...], filters: Filters | None = None) -> list[tuple[str, str]]:
        """(date, kind) of every document of the councils `names` (predecessors and successors
        included) that `filters` pass (all of them when None)."""
        rows = np.flatnonzero(self._authority_docs(names))
        if filters is not None and not filters.is_empty():
            rows = rows[self._doc_mask(filters)[rows]]
        return [(self.documents[r].date, self.documents[r].kind) for r in rows]

    def documents_of(self, names: tuple[str, ...]) -> frozenset[str]:
        """The ids of every document of the councils `names` (predecessors and successors included)."""
        return frozenset(self.documents[r].id for r in np.flatnonzero(self._authority_docs(names)))

    @functools.cached_property
    def _outlets(self) -> dict[str, frozenset[str]]:
        return outlet_index(self.documents)

    def outlet_docs(self, query: str) -> frozenset[str]:
        """Ids of the news articles of the outlets `query` names ("According to CYP Now, ...";
        search/outlets.py); empty when it names none."""
        return named_outlet_docs(query, self._outlets) if query else frozenset()

    def has_letters(self, authority: str) -> bool:
        """Does the index hold a document for this council (or a predecessor or successor)?"""
        return authority_key(authority) in self._authority_rows

    # ---- the two retrievers -------------------------------------------
    def embed_query(self, query: str) -> np.ndarray:
        """The query's normalised embedding (cached; the model is shared under a lock). A council
        it names in another form ("BANES", "BCP") is embedded by its canonical name, as the
        letters name it (indexer.authorities.with_canonical_names), and a short keyword query's
        acronyms are written out (search.glossary.spelled_out)."""
        with self._model_lock:
            cached = self._query_cache.get(query)
            if cached is not None:
                self._query_cache.move_to_end(query)
                return cached
            from indexer.encoder import query_encoder

            vector = query_encoder(self.encoder).encode_one(spelled_out(with_canonical_names(query)))
            self._query_cache[query] = vector
            if len(self._query_cache) > 512:
                self._query_cache.popitem(last=False)
            return vector

    def name_vector(self, name: str) -> np.ndarray:
        """The embedding of a council's name alone: stored at build time for every council the
        letters name (indexer/name_vectors.py), else embedded now and kept for the life of the
        index (councils are few, and the query cache is for questions)."""
        vector = self._name_vectors.get(name)
        if vector is None:
            from indexer.encoder import query_encoder

            with self._model_lock:
                vector = query_encoder(self.encoder).encode_one(name)
            self._name_vectors[name] = vector
        return vector

    def topic_similarity(self, query: str, ctx: QueryContext, hits: list[Hit]) -> float:
        """How close the question's topic is to the closest of `hits` (search/abstain.py topic_cosine):
        cosine with the direction of each council the question names taken out of both vectors.
        0.0 when the question names no council or there are no hits."""
        if not hits or not ctx.authorities:
            return 0.0
        from search.abstain import topic_cosine

        passages = self._stored_vectors().get(np.asarray([h.chunk_id for h in hits], dtype=np.int64))
        names = [self.name_vector(name) for name in ctx.authorities]
        return topic_cosine(self.embed_query(query), passages, names)

    def _dense(self, vector: np.ndarray, n: int, allowed: np.ndarray | None) -> dict[int, float]:
        import faiss

        params = None
        if allowed is not None:
            ids = np.flatnonzero(allowed).astype(np.int64)
            if len(ids) == 0:
                return {}
            if len(ids) <= EXACT_SUBSET_MAX:
                return self._dense_subset(vector, n, ids)
            n = min(n, len(ids))
        n = min(n, len(self))
        half = self._half_scan()
        if half is not None:  # same ids and scores as the flat search below, half the bytes read
            scores, ids = half.search(vector, n, allowed)
            return {int(i): float(s) for i, s in zip(ids, scores) if i >= 0}
        if allowed is not None:
            # a bitmap selector: built in microseconds, where IDSelectorBatch hashes every allowed
            # id (3 ms for a "no news articles" filter over the full index)
            bits = np.packbits(allowed, bitorder="little")
            params = faiss.SearchParameters(sel=faiss.IDSelectorBitmap(len(allowed), faiss.swig_ptr(bits)))
        scores, ids = self.faiss.search(vector.reshape(1, -1), n, params=params)
        return {int(i): float(s) for i, s in zip(ids[0], scores[0]) if i >= 0}

    def _half_scan(self) -> HalfScan | None:
        """The float16 copy of a flat inner-product index (search/flat_scan.py), made on the second
        full dense search of the process (50-100 ms once, 2 bytes per component: a one-question
        `isearch ask` would pay more than it saves, ~1 ms a search); None before that, and for HNSW
        indexes, whose search reads few rows."""
        import faiss

        half = self._half
        if half is not None and half.index is self.faiss:  # (the benchmarks swap in a flat index)
            return half
        if type(self.faiss) is not faiss.IndexFlatIP:
            return None
        self._flat_searches += 1
        if self._flat_searches < 2:
            return None
        with self._half_lock:
            if self._half is None or self._half.index is not self.faiss:
                self._half = HalfScan(self.faiss)
            return self._half

    def _dense_subset(self, vector: np.ndarray, n: int, ids: np.ndarray) -> dict[int, float]:
        """Exact search over a few allowed chunks (an authority's letters): a flat scan of just
        those vectors instead of a filtered search over all of them. Faster at any size, and
        exact where a filtered HNSW search would miss most of a small subset."""
        scores = self._stored_vectors().get(ids) @ vector
        best = np.lexsort((ids, -scores))[:n]  # best first, ties to the lowest chunk
        return dict(zip(ids[best].tolist(), scores[best].astype(float).tolist()))

    def cosines(self, query: str, chunk_ids: list[int]) -> dict[int, float]:
        """chunk id -> cosine similarity (in [-1, 1]) of the query's embedding and the passage's
        stored vector, for the passages `chunk_ids`."""
        return self._dense_exact(self.embed_query(query), [int(i) for i in chunk_ids])

    def _dense_exact(self, vector: np.ndarray, ids: list[int]) -> dict[int, float]:
        if not ids:
            return {}
        vectors = self._stored_vectors().get(np.asarray(ids, dtype=np.int64))
        return dict(zip(ids, (vectors @ vector).astype(float).tolist()))

    def _stored_vectors(self) -> StoredVectors:
        stored = self._stored
        if stored is None or stored.index is not self.faiss:  # (the benchmarks swap in a flat index)
            stored = self._stored = StoredVectors(self.faiss)
        return stored

    def _keyword(self, scores: np.ndarray, n: int, allowed: np.ndarray | None) -> dict[int, float]:
        masked = np.where(allowed, scores, 0.0) if allowed is not None else scores
        return {int(i): float(scores[i]) for i in top_positive(masked, n)}

    # ---- filters and query context --------------------------------------
    def _doc_mask(self, filters: Filters) -> np.ndarray:
        """Which documents pass `filters` (read-only; the last FILTER_MASKS masks are kept)."""
        with self._masks_lock:
            mask = self._masks.get(filters)
            if mask is not None:
                self._masks.move_to_end(filters)
                return mask
        mask = np.fromiter((filters.matches(d.authority, d.kind, d.date, d.judgement) for d in self.documents),
                           dtype=bool, count=len(self.documents))
        mask.flags.writeable = False
        with self._masks_lock:
            self._masks[filters] = mask
            if len(self._masks) > FILTER_MASKS:
                self._masks.popitem(last=False)
        return mask

    def _authority_docs(self, names: tuple[str, ...]) -> np.ndarray:
        mask = np.zeros(len(self.documents), dtype=bool)
        for key in {authority_key(n) for n in names}:  # rows per authority, looked up once at open
            mask[self._authority_rows.get(key, [])] = True
        return mask

    def _doc_boost(self, ctx: QueryContext, filters: Filters, query: str = "") -> np.ndarray:
        settings = self.fusion
        boost = np.zeros(len(self.documents))
        if ctx.authorities and not filters.authority:
            boost += settings.authority_boost * self._authority_docs(ctx.authorities)
        if ctx.years:
            # "the December 2021 ILACS report": the letter of an inspection that year, though it
            # was published in February 2022
            year_match = np.isin(self.doc_year, ctx.years) | np.isin(self.doc_inspection_year, ctx.years)
            boost += settings.date_boost * year_match
            if ctx.months:
                boost += settings.date_boost * 0.5 * self._month_match(ctx.years, ctx.months)
        if ctx.kinds and not filters.kind:
            boost += settings.kind_boost * np.isin(self.doc_kind, ctx.kinds)
        outlet = self.outlet_docs(query)
        if outlet:  # "According to CYP Now, ...": that outlet's articles, as a council named favours its letters
            boost[[self.doc_row[doc_id] for doc_id in outlet]] += settings.authority_boost
        if ctx.authorities and not ctx.years and (GRADE_QUESTION.search(query) or LATEST.search(query)):
            # "how was Bromley graded for care leavers?", "when was Tameside last inspected?": its latest inspection
            boost[self._latest_inspections(ctx.authorities)] += settings.latest_boost
        return boost

    def _month_match(self, years, months) -> np.ndarray:
        """Per document: True when its inspection took place in one of the (year, month) pairs
        asked for, or its letter is dated in that month or up to two months after it (letters
        are published some weeks after the visit; December's visit is dated the next year)."""
        published = self.doc_year * 12 + self.doc_month - 1
        inspected = self.doc_inspection_year * 12 + self.doc_inspection_month - 1
        near = np.zeros(len(self.documents), dtype=bool)
        for year in years:
            for month in months:
                asked = year * 12 + month - 1
                near |= ((published >= asked) & (published <= asked + 2) & (self.doc_month > 0)) | (
                    (inspected == asked) & (self.doc_inspection_month > 0))
        return near

    def stated_grade(self, query: str, ctx: QueryContext, allowed_docs: np.ndarray | None = None) -> AreaJudgement | None:
        """For a question asking how a council it names was graded: the judgement (with its span)
        its letter states for the area asked about (search/grades.py); else None."""
        if not ctx.authorities or not GRADE_QUESTION.search(query):
            return None
        rows = [int(r) for r in np.flatnonzero(self._authority_docs(ctx.authorities))
                if allowed_docs is None or allowed_docs[r]]
        # "Has Cumbria ever been rated outstanding?": Cumbria's own letters, not its successors' latest
        own = own_letter_rows(query, ctx.authorities, [(r, self.documents[r].authority) for r in rows])
        found = stated_grade(self.judgements, [(self.documents[r].id, self.documents[r].date) for r in own or rows],
                             query, ctx.years)
        if found is None and own:
            docs = [self.document(self.documents[r].id) for r in own]
            found = grade_record((d.id, d.date, d.text) for d in docs)
        return found

    def chunk_covering(self, doc_id: str, start: int, end: int) -> int | None:
        """The first passage of `doc_id` that contains the span start:end, if any."""
        row = self.doc_row.get(doc_id)
        if row is None:
            return None
        ids = np.flatnonzero((self.chunk_doc == row) & (self.chunk_start <= start) & (self.chunk_end >= end))
        return int(ids[0]) if len(ids) else None

    def _latest_inspections(self, names: tuple[str, ...]) -> list[int]:
        """Document rows of the latest ILACS or SIF inspection of each authority in `names`."""
        rows = []
        for key in {authority_key(n) for n in names}:
            graded = [r for r in self._authority_rows.get(key, []) if self.documents[r].kind in GRADED_KINDS]
            if graded:
                rows.append(max(graded, key=lambda r: self.documents[r].date))
        return rows

    # ---- search ----------------------------------------------------------
    def search(self, query: str, k: int = 10, mode: str = "hybrid", filters: Filters | None = None,
               fusion: FusionSettings | None = None) -> list[Hit]:
        """The k best passages for `query`, best first.

        mode: "hybrid" (dense + keyword, fused), "dense" (embeddings) or "keyword" (BM25).
        filters restrict results; an authority named in the query is favoured, not required.
        fusion: settings for this search only (default `self.fusion`; list answers weigh keywords more).
        """
        return self._search(query, k, mode, filters, fusion).hits

    def _search(self, query: str, k: int, mode: str, filters: Filters | None,
                fusion: FusionSettings | None = None) -> "Searched":
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}; choose from {', '.join(MODES)}")
        if not isinstance(k, int) or k < 1:
            raise ValueError("k must be a positive whole number")
        query = inspector_question(clean_query(query))  # "Who led Merton's 2022 inspection?": its lead inspector
        filters = filters or Filters()
        ctx = analyse(query, self.own_councils)
        settings = fusion or self.fusion
        n = max(settings.candidates, k)
        allowed_docs = None if filters.is_empty() else self._doc_mask(filters)
        allowed = None if allowed_docs is None else allowed_docs[self.chunk_doc]
        focus = None
        if ctx.authorities and not filters.authority:
            focus = self._authority_docs(ctx.authorities)[self.chunk_doc]
            if allowed is not None:
                focus &= allowed
            if not focus.any():
                focus = None

        dense: dict[int, float] = {}
        keyword: dict[int, float] = {}
        vector = None
        topic_weighted = False
        if mode in ("dense", "hybrid"):
            vector = self.embed_query(query)
            dense = self._dense(vector, n, allowed)
            if focus is not None:
                dense.update(self._dense(vector, n // 2, focus))
        own_tokens, expanded = expanded_tokens(query)
        if mode in ("keyword", "hybrid"):
            # + the joined form of split compounds the index holds ("pre proceedings" -> preproceeding)
            tokens = self._keyword_query(query, ctx, expanded)
            bm25 = self.bm25.scores(tokens)
            # (keyword mode alone keeps them: without the dense side, which carries the council
            # too, dev's passage nDCG@10 in keyword mode fell 0.554 -> 0.411, letter R@5 0.923 -> 0.615)
            weight = self._context_weight(query, settings) if mode == "hybrid" else 1.0
            topic_tokens = self._keyword_query(query, ctx, expanded, context=False) if weight < 1.0 else tokens
            if topic_tokens != tokens:  # BM25 adds up over query words: topic words + weight x context words
                topic = self.bm25.scores(topic_tokens)
                bm25 = topic + weight * (bm25 - topic) if weight else topic
                topic_weighted = True
            keyword = self._keyword(bm25, n, allowed)
            if focus is not None:
                keyword.update(self._keyword(bm25, n // 2, focus))
        dense_rank, keyword_rank = ranks(dense), ranks(keyword)

        candidates = sorted(set(dense) | set(keyword))
        terms = query_terms(query, self.bm25, ctx, own_tokens)
        stated = self.stated_grade(query, ctx, allowed_docs)
        if stated is None and ctx.authorities and asks_when_inspected(query):
            # "When was Sandwell last inspected?": the dates its latest letter states, quoted like a grade
            stated = latest_dates(self, ctx.authorities, ctx.kinds, allowed_docs, ctx.years)
        if not candidates:
            return Searched([], ctx, terms, stated, topic_weighted)
        if mode == "hybrid":  # exact scores on both sides for every candidate
            dense = self._dense_exact(vector, candidates)
            keyword = {i: float(bm25[i]) for i in candidates}
            if settings.method == "rrf":
                fused = min_max(rrf(dense, keyword, settings.rrf_k))
            else:
                fused = weighted(dense, keyword, settings.dense_weight)
        else:
            fused = min_max(dense if mode == "dense" else keyword)
        boost = self._doc_boost(ctx, filters, query)
        final = {i: fused[i] + float(boost[self.chunk_doc[i]]) for i in candidates}
        if self.reranker is not None:
            final = apply_reranker(self.reranker, query, final, terms, self._candidate)
        if stated is not None:  # the passage that states the grade asked for comes first
            i = self.chunk_covering(stated.doc_id, stated.start, stated.end)
            if i is not None:
                final[i] = max(final.values(), default=0.0) + 1.0
                if i not in candidates:
                    candidates.append(i)
        order = sorted(candidates, key=lambda i: (-final[i], i))[:k]
        hits = [self._hit(rank, i, final[i], dense, keyword, dense_rank, keyword_rank)
                for rank, i in enumerate(order, start=1)]
        return Searched(hits, ctx, terms, stated, topic_weighted)

    def chunks_containing(self, terms: list[str], filters: Filters | None = None) -> np.ndarray:
        """Passages (chunk ids, ascending) whose keyword document holds every one of `terms`
        (keyword tokens, as `indexer.keywords.keyword_tokens` makes them): the intersection of
        their BM25 postings, restricted to `filters`. Empty when a term is unknown or none given."""
        found: np.ndarray | None = None
        for term in dict.fromkeys(terms):
            i = self.bm25.term_id.get(term)
            if i is None:
                return np.zeros(0, dtype=np.int64)
            docs = np.asarray(self.bm25.docs[self.bm25.indptr[i]: self.bm25.indptr[i + 1]], dtype=np.int64)
            found = docs if found is None else np.intersect1d(found, docs, assume_unique=True)
        if found is None or not len(found):
            return np.zeros(0, dtype=np.int64)
        if filters is not None and not filters.is_empty():
            found = found[self._doc_mask(filters)[self.chunk_doc[found]]]
        return np.sort(found)

    def hits_for(self, query: str, chunk_ids: list[int], first_rank: int) -> list[Hit]:
        """Hits for the passages `chunk_ids`, in the given order, ranked from `first_rank` on, with
        the query's dense cosine and BM25 score (no fusion, boost or second stage: `score` is the
        BM25 score). For candidates found apart from `search` (list answers' named phrases)."""
        if not chunk_ids:
            return []
        dense = self._dense_exact(self.embed_query(query), [int(i) for i in chunk_ids])
        bm25 = self.bm25.scores(self._keyword_query(query, analyse(query, self.own_councils)))
        keyword = {int(i): float(bm25[i]) for i in chunk_ids}
        return [self._hit(rank, int(i), keyword[int(i)], dense, keyword, {}, {})
                for rank, i in enumerate(chunk_ids, start=first_rank)]

    @staticmethod
    def _context_weight(query: str, settings: FusionSettings) -> float:
        """The share of the context words' BM25 score kept for `query`: `settings.context_weight`,
        or 1.0 for a question asking what a title block or judgement table states (a grade, an
        inspector, dates: search.rerank.question_kind, asks_when_inspected), where the council's
        name in the block is part of the answer."""
        if any(question_kind(query)) or asks_when_inspected(query):
            return 1.0
        return settings.context_weight

    def _keyword_query(self, query: str, ctx: QueryContext, expanded: list[str] | None = None,
                       context: bool = True) -> list[str]:
        """BM25 query tokens: the query's, glossary and synonym expansions, joined compounds. With
        `context` False, the words that name the authority, year, month or kind are left out: every
        passage of a letter carries them (indexer.build.keyword_document), so inside a letter they
        only favour short passages and title blocks, and the document boost already rewards them.
        `expanded`: expand_keyword_query(query) when the caller already has it."""
        if expanded is None:
            expanded = expand_keyword_query(query)
        tokens = expanded + joined_pairs(query, self.bm25.term_id)
        if ctx.authorities:  # a council as the query writes it ("BCP"): its name as the letters' metadata gives it
            canonical = keyword_tokens(" ".join(ctx.authorities))
            written = set(keyword_tokens(" ".join(ctx.written))) - set(canonical)
            if written:
                tokens = [t for t in tokens if t not in written] + [t for t in canonical if t not in tokens]
        if context:
            return tokens
        months = [MONTH_NAMES[m - 1] for m in ctx.months]
        named = set(keyword_tokens(" ".join([*ctx.authorities, *map(str, ctx.years), *ctx.kinds, *months])))
        kept = [t for t in tokens if t not in named]
        return kept or tokens

    def _candidate(self, i: int, score: float) -> Candidate:
        return Candidate(int(i), score, self.chunk_text(i), self.chunk_heading(i), int(self.chunk_doc[i]),
                         int(self.chunk_start[i]), int(self.chunk_end[i]))

    def _hit(self, rank: int, i: int, score: float, dense: dict, keyword: dict, dense_rank: dict, keyword_rank: dict) -> Hit:
        doc = self.documents[self.chunk_doc[i]]
        start, end = int(self.chunk_start[i]), int(self.chunk_end[i])
        return Hit(
            rank=rank, chunk_id=int(i), doc_id=doc.id, title=doc.title, authority=doc.authority, date=doc.date,
            kind=doc.kind, judgement=doc.judgement, text=self.chunk_text(i), start=start, end=end,
            heading=self.chunk_heading(i), score=round(score, 6),
            dense_rank=dense_rank.get(i), dense_score=round(dense[i], 6) if i in dense else None,
            keyword_rank=keyword_rank.get(i), keyword_score=round(keyword[i], 6) if i in keyword else None,
        )

    def _compose(self, query: str, found: "Searched", filters: Filters, model=None) -> Answer:
        """compose_answer for the hits of one search: the evidence features' inputs (the named
        councils' passages, the topic cosine, the context mismatch) computed from them. `model`:
        another operating point of the abstention model (default the shipped one)."""
        from search.abstain import context_mismatch
        from search.answer import compose_answer

        hits = found.hits
        named = self.documents_of(found.ctx.authorities) if found.ctx.authorities else None
        # the evidence for a question naming councils is their passages among the hits (compose_answer)
        evidence = [hit for hit in hits if named is None or hit.doc_id in named] or hits
        top_dense = None
        if evidence and evidence[0].dense_score is None:  # keyword mode: the confidence still needs it
            top_dense = self._dense_exact(self.embed_query(query), [evidence[0].chunk_id])[evidence[0].chunk_id]
        mismatch = context_mismatch(found.ctx, self.letters_of(found.ctx.authorities, filters))
        topic = self.topic_similarity(query, found.ctx, evidence[:TOPIC_PASSAGES])
        return compose_answer(query, hits, self.bm25, found.ctx, top_dense=top_dense, stated=found.stated,
                              terms=found.terms, mismatch=mismatch, topic=topic, units=self.passage_units,
                              named_docs=named, sources=self.outlet_docs(query), model=model,
                              inspected={hit.doc_id: self.documents[self.doc_row[hit.doc_id]].inspection_start
                                         for hit in hits})

    def ask(self, query: str, k: int = 10, filters: Filters | None = None, mode: str = "hybrid") -> Answer:
        """An extractive answer: 1 to 4 sentences quoted from the top passages, each cited [n]
        to one of the returned hits; or a plain statement that the letters do not answer it.
        A question across many councils ("which councils ...", "list ...") gets a list answer
        instead: `Answer.rows`, one per council (search/list_answer.py)."""
        from search.abstain import abstention_model
        from search.answer_check import checked_answer
        from search.list_answer import answer_list, is_list_question
        from search.overview import overview_answer
        from search.places import no_letters_message, without_letters

        filters = filters or Filters()
        query = clean_query(query)
        if not any(any(ch.isalpha() for ch in token) for token in keyword_tokens(query)):
            return Answer(query, False, (), (), 0.0, NO_WORDS)  # "🙂🙂🙂", "1234", "the of and", "?"
        missing, present = without_letters(query, self.has_letters, self.own_councils)
        if missing and not present and not filters.authority:  # not another council's passages
            return Answer(query, False, (), (), 0.0, no_letters_message(missing))
        if is_list_question(query):
            return answer_list(self, query, filters, mode)
        overview = overview_answer(self, query, filters, k, mode)  # "What did the Wirral JTAI find?": its headline findings
        if overview is not None:
            return overview
        started = time.perf_counter()
        asked, query = query, inspector_question(query)  # in the words the letters answer it in (search/inspectors.py)
        found = self._search(query, k, mode, filters)
        hits = found.hits
        unnamed = None if found.ctx.authorities or filters.authority else UNNAMED_COUNCIL.search(query)
        if unnamed:  # the closest passages are of any council: none is quoted
            word = unnamed.group("word") or unnamed.group("named")
            return Answer(asked, False, (), tuple(hits), None, NO_COUNCIL.format(word=word))  # no score: declined by rule
        if not found.topic_weighted:
            answer = self._compose(query, found, filters)
        else:
            # the passages quoted are the topic-weighted ones; whether to answer at all is judged,
            # as the abstention model was fitted, on the search that counts the council's name like
            # any other word (without it, "Who won the football in Leeds last weekend?" finds Leeds
            # passages that happen to say "won" and looks answerable)
            anchored = self._search(query, k, mode, filters, dataclasses.replace(self.fusion, context_weight=1.0))
            judged = self._compose(query, anchored, filters)
            model = abstention_model()
            quoted = None
            if judged.confidence is None or not model.abstains(judged.confidence):
                quoted = self._compose(query, found, filters, dataclasses.replace(model, threshold=0.0))
            answer = judged_answer(judged, quoted, found.hits, model)
        if found.topic_weighted:  # a topic question about one council: its latest letter's view too
            from search.latest_letter import with_latest_letter

            answer = with_latest_letter(self, query, found, filters, answer, mode)
        answer = checked_answer(answer, asked)  # "How much does Surrey pay its foster carers?": no sum quoted, declined
        answer = with_reorganisation_note(answer, found.ctx.authorities)  # Cumbria asked, Cumberland's letter quoted
        elapsed = (time.perf_counter() - started) * 1000
        return dataclasses.replace(answer, query=asked, elapsed_ms=round(elapsed, 2))
