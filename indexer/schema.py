"""The records the indexer writes and the search side reads (the only shared module)."""
from __future__ import annotations

from dataclasses import dataclass

FORMAT_VERSION = 5  # 2: document bodies in texts.bin (read on demand); passages in chunks.npy; 3: judgements.jsonl;
# 4: each passage's sentence units and the named councils' embeddings, computed at build time;
# 5: each passage's keyword token ids, sentence by sentence (the second stage's sentence and proximity features)
MANIFEST = "manifest.json"
DOCUMENTS = "documents.jsonl"
TEXTS = "texts.bin"
CHUNKS = "chunks.npy"
HEADINGS = "headings.json"
VECTORS = "vectors.faiss"
BM25_VOCAB = "bm25_vocab.json"
BM25_ARRAYS = ("bm25_indptr.npy", "bm25_docs.npy", "bm25_tf.npy", "bm25_doclen.npy")
AREA_JUDGEMENTS = "judgements.jsonl"  # grades per area read from each ILACS/SIF letter (indexer/judgements.py)
SENTENCE_UNITS = "sentence_units.npy"  # (start, end, heading) of each passage's sentences (indexer/unit_table.py)
SENTENCE_UNITS_INDPTR = "sentence_units_indptr.npy"
NAMES = "names.json"  # the councils the letters name, and their embeddings (indexer/name_vectors.py)
NAME_VECTORS = "name_vectors.npy"
# keyword token ids (BM25 vocabulary) of each passage's sentences, CSR twice (indexer/token_table.py)
SENTENCE_TOKENS = "sentence_tokens.npy"
SENTENCE_TOKENS_INDPTR = "sentence_tokens_indptr.npy"
PASSAGE_SENTENCES_INDPTR = "passage_sentences_indptr.npy"
INDEX_FILES = (DOCUMENTS, TEXTS, CHUNKS, HEADINGS, VECTORS, BM25_VOCAB, *BM25_ARRAYS, AREA_JUDGEMENTS,
               SENTENCE_UNITS, SENTENCE_UNITS_INDPTR, NAMES, NAME_VECTORS,
               SENTENCE_TOKENS, SENTENCE_TOKENS_INDPTR, PASSAGE_SENTENCES_INDPTR)
# the files of each format an index may be opened in: a format 3 index (before the units and the
# name vectors) is still read, splitting and embedding on the fly, and a format 4 one (before the
# token ids) tokenises its passages as the second stage meets them; `isearch index` rebuilds both
FORMAT_FILES = {3: INDEX_FILES[:-7], 4: INDEX_FILES[:-3], FORMAT_VERSION: INDEX_FILES}

NEWS_KIND = "news article"  # a press report of a visit, not a letter from Ofsted: labelled, quoted after letters
KINDS = (
    "monitoring visit",
    "focused visit",
    "ILACS inspection",
    "SIF inspection",
    "JTAI",
    NEWS_KIND,
    "other",
)
JUDGEMENTS = ("outstanding", "good", "requires improvement", "inadequate")


@dataclass(frozen=True)
class DocumentInfo:
    """A letter's or report's metadata: what an opened index keeps in memory for every document
    (the bodies stay on disk and are read when a passage is shown). `id` is the file name
    without extension."""

    id: str
    title: str
    authority: str
    date: str  # YYYY-MM-DD, YYYY-MM or ""
    kind: str
    judgement: str  # one of JUDGEMENTS or ""
    source: str
    path: str = ""
    content_hash: str = ""
    inspection_start: str = ""  # YYYY-MM-DD: first day of the inspection or visit, "" if not stated
    inspection_end: str = ""  # YYYY-MM-DD: last day (the same day for a one-day visit)


@dataclass(frozen=True, kw_only=True)
class Document(DocumentInfo):
    """One letter or report with its body."""

    text: str  # the body; chunk offsets index into it


@dataclass(frozen=True)
class Chunk:
    """A passage of a document: document.text[start:end] == text."""

    doc_id: str
    start: int
    end: int
    text: str
    heading: str = ""
