"""An opened index: documents, passages, the FAISS and BM25 sides, and hybrid search over them.

`open_index(path)` (search/index_open.py) checks the manifest (format, model, checksums), loads
the documents' metadata and the passages' positions, and maps the FAISS and BM25 files; document
bodies stay on disk and are read when a passage is shown. An `Index` is then read-only and safe
to share between threads.
"""
from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from pathlib import Path
from typing import NamedTuple

import numpy as np

from indexer.authorities import authority_key, field_authorities
from indexer.bm25 import top_positive
from indexer.keywords import joined_pairs, keyword_tokens
from indexer.doc_store import with_text
from indexer.chunk import Unit, sentence_units
from indexer.judgements import AreaJudgement, load_judgements
from indexer.schema import AREA_JUDGEMENTS, Document
from search.ask import NO_WORDS, TOPIC_PASSAGES, judged_answer
from search.dense_side import DenseSide
from search.doc_masks import FILTER_MASKS, DocumentMasks
from search.filters import Filters
from search.flat_scan import HalfScan
from search.index_open import IndexFiles, IndexOpenError, open_index
from search.passage_terms import sentence_and_proximity
from search.fuse import FusionSettings, min_max, ranks, rrf, weighted
from search.glossary import expand_keyword_query
from search.grades import stated_grade
from search.last_inspection import StatedDates, asks_when_inspected, latest_dates
from search.outlets import named_outlet_docs, outlet_index
from search.query import MONTH_NAMES, QueryContext, analyse, clean_query
from search.reorganisations import grade_record, own_letter_rows
from search.inspectors import inspector_question
from search.rerank import GRADE_QUESTION, Candidate, FeatureReranker, Reranker, apply_reranker, question_kind
from search.terms import QueryTerms, expanded_tokens, query_terms
from search.types import MODES, Answer, Hit

# (open_index, IndexOpenError, judged_answer, NO_WORDS and TOPIC_PASSAGES live in search/index_open.py
# and search/ask.py; they are imported from here too)
__all__ = ["Index", "Searched", "open_index", "IndexOpenError", "judged_answer", "NO_WORDS", "TOPIC_PASSAGES"]


class Searched(NamedTuple):
    """What one search found: the hits, what the query names, its weighted terms, and the grade
    its letter states when the query asks for one, or the dates of the latest inspection when it
    asks when a council was last inspected (None otherwise)."""

    hits: list[Hit]
    ctx: QueryContext
    terms: QueryTerms
    stated: AreaJudgement | StatedDates | None
    topic_weighted: bool = False  # the keyword side weighed the query's context words less (_context_weight)


class Index(IndexFiles, DenseSide, DocumentMasks):
    """Read-only hybrid index. Use `open_index` to create one. Its parts: opening and loading
    (search/index_open.py), the dense side (search/dense_side.py), the documents' masks and boosts
    (search/doc_masks.py); answering a question is search/ask.py."""

    def __init__(self, folder: Path, verify: bool = True) -> None:
        self._open(folder, verify)  # search/index_open.py: the checks, then the tables
        self.fusion = FusionSettings()
        # the second stage (None for first-stage order); reads the stored token ids of a format 5 index
        self.reranker: Reranker | None = FeatureReranker(stored=None if self._tokens is None else self.sentence_features)
        self._model_lock = threading.Lock()
        self._query_cache: OrderedDict[str, np.ndarray] = OrderedDict()
        # council name -> its embedding: the stored ones (format 4), and any other asked for (a few at most)
        self._name_vectors: dict[str, np.ndarray] = dict(self._stored_names)
        # which documents pass a Filters (search/doc_masks.py), the last FILTER_MASKS kept (thread-safe)
        self._doc_mask = functools.lru_cache(maxsize=FILTER_MASKS)(self._filter_mask)
        self._half: HalfScan | None = None
        self._flat_searches = 0  # full flat searches before the float16 copy was made
        self._half_lock = threading.Lock()

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

    # ---- search ----------------------------------------------------------
    def search(self, query: str, k: int = 10, mode: str = "hybrid", filters: Filters | None = None,
               fusion: FusionSettings | None = None) -> list[Hit]:
        """The k best passages for `query`, best first.

        mode: "hybrid" (dense + keyword, fused), "dense" (embeddings) or "keyword" (BM25).
        filters restrict results; an authority named in the query is favoured, not required.
        fusion: settings for this search only (default `self.fusion`; list answers weigh keywords more).
        """
        return self.searched(query, k, mode, filters, fusion).hits

    def searched(self, query: str, k: int, mode: str, filters: Filters | None,
                 fusion: FusionSettings | None = None) -> Searched:
        """What `search` finds, with what `ask` needs besides the hits: a Searched of the `k` best
        passages (hits, best first), the query's context and weighted terms, the grade or dates
        its letter states, and whether the keyword side weighed the context words less. Raises
        ValueError for an unknown mode or a k that is not a positive whole number."""
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
        dense = self.cosines(query, chunk_ids)
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

    def _keyword(self, scores: np.ndarray, n: int, allowed: np.ndarray | None) -> dict[int, float]:
        """chunk id -> BM25 score of the (up to) `n` best passages with a positive score among those
        `allowed` (a bool mask over passages; None: all)."""
        masked = np.where(allowed, scores, 0.0) if allowed is not None else scores
        return {int(i): float(scores[i]) for i in top_positive(masked, n)}

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

    def compose(self, query: str, found: Searched, filters: Filters, model=None) -> Answer:
        """The answer composed from one search's passages (search/ask.py compose): `found` is what
        `searched(query, ...)` returned under `filters` (its hits may be narrowed); `model` another
        operating point of the abstention model (an AbstentionModel; default the shipped one)."""
        from search.ask import compose

        return compose(self, query, found, filters, model)

    def ask(self, query: str, k: int = 10, filters: Filters | None = None, mode: str = "hybrid") -> Answer:
        """An extractive answer: 1 to 4 sentences quoted from the top passages, each cited [n]
        to one of the returned hits; or a plain statement that the letters do not answer it.
        A question across many councils ("which councils ...", "list ...") gets a list answer
        instead: `Answer.rows`, one per council (search/list_answer.py). See search/ask.py."""
        from search.ask import ask

        return ask(self, query, k, filters, mode)
