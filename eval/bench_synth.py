"""Synthetic index directories for the benchmarks: 10^5-10^6 chunks in the real on-disk format.

No embedding is needed: vectors are random unit vectors (by default scattered around real
passage embeddings, see `synthetic_vectors`) and text is Zipf-distributed words. The folder
is written exactly as `isearch index` writes one (documents.jsonl + texts.bin, chunks.npy,
vectors.faiss, BM25 arrays via BM25Index.save, manifest via store.finish_manifest), so
`search.open_index` opens it and queries go through the real code path.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from indexer import store
from indexer.bm25 import BM25Index
from indexer.chunk_table import read_chunk_table, write_chunk_table
from indexer.config import MODEL_DIM, MODEL_ID, MODEL_MAX_WORDPIECES, TIKTOKEN_ENCODING, encoder_dir, settings_dict
from indexer.doc_store import read_documents, write_documents
from indexer.judgements import write_judgements
from indexer.embed import human_date
from indexer.encoder import ensure_encoder
from indexer.keywords import keyword_tokens
from indexer.schema import AREA_JUDGEMENTS, FORMAT_VERSION, KINDS, VECTORS, Document
from indexer.vectors import build_faiss, save_faiss

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / ".isearch" / "bench"
GENERATOR_VERSION = 1  # bump when the generated data changes, so cached folders are rebuilt

# Shape of the real corpus (988 letters, ~43,000 chunks): measured on corpus/ with the
# default ChunkSettings; a chunk holds ~125 words, ~78 of them BM25 keyword tokens.
CHUNKS_PER_DOC = 44
WORDS_PER_CHUNK = (108, 162)
STOP_SHARE = 0.38
TAIL_MASS = 0.02  # share of tokens drawn from a Zipf tail of made-up rare words
TAIL_WORDS = 200_000
FILLER = ("the", "and", "of", "to", "in", "for", "that", "is", "are", "with", "have", "has", "be", "by", "on")


@dataclass(frozen=True)
class SynthSpec:
    """What to generate. `vectors`: 'clustered' (around real embeddings) or 'uniform'."""

    chunks: int
    seed: int = 0
    vectors: str = "clustered"

    @property
    def name(self) -> str:
        return (f"synth-v{GENERATOR_VERSION}-f{FORMAT_VERSION}-{self.chunks}-{self.vectors}-s{self.seed}"
                f"-t{tokenizer_fingerprint()}")

    @property
    def vectors_name(self) -> str:
        """The vectors depend on size, kind and seed only (not on the tokeniser)."""
        return f"vectors-v{GENERATOR_VERSION}-{self.chunks}-{self.vectors}-s{self.seed}"


def tokenizer_fingerprint() -> str:
    """A short hash of the keyword tokeniser's source: generated BM25 data depends on it."""
    import hashlib
    import inspect

    import indexer.keywords

    return hashlib.sha256(inspect.getsource(indexer.keywords).encode()).hexdigest()[:10]


def corpus_vocabulary(corpus: Path = ROOT / "corpus") -> tuple[list[str], np.ndarray]:
    """Keyword tokens of the real corpus and their counts, most frequent first.

    Only words that `keyword_tokens` maps to themselves are kept, so the generated text
    tokenises back to exactly the generated token ids.
    """
    cache = BENCH_DIR / f"vocab-v{GENERATOR_VERSION}-{tokenizer_fingerprint()}.json"
    if cache.exists():
        data = json.loads(cache.read_text(encoding="utf-8"))
        return data["words"], np.asarray(data["counts"], dtype=np.int64)
    counts: Counter[str] = Counter()
    for path in sorted(corpus.glob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        counts.update(keyword_tokens(text.split("\n---\n", 1)[-1]))
    pairs = [(w, c) for w, c in counts.most_common() if keyword_tokens(w) == [w]]
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps({"words": [w for w, _ in pairs], "counts": [c for _, c in pairs]}), encoding="utf-8")
    return [w for w, _ in pairs], np.asarray([c for _, c in pairs], dtype=np.int64)


def _tail_word(i: int) -> str:
    digits = "bcdfghjklmnpqrtvwxz"  # no vowels, no 's': fixed points of keyword_tokens
    out = ""
    i += 1
    while i:
        i, r = divmod(i, len(digits))
        out += digits[r]
    return "zz" + out + "0"  # "zz...0" occurs in no real letter


def word_distribution(words: list[str], counts: np.ndarray) -> tuple[list[str], np.ndarray]:
    """Vocabulary and probabilities: real word frequencies (Zipfian) plus a Zipf tail (s=1.1)."""
    known = set(words)
    tail = [w for w in (_tail_word(i) for i in range(TAIL_WORDS)) if w not in known]
    tail_p = 1.0 / np.arange(1, len(tail) + 1) ** 1.1
    p = np.concatenate([(1 - TAIL_MASS) * counts / counts.sum(), TAIL_MASS * tail_p / tail_p.sum()])
    return words + tail, p / p.sum()


def real_embeddings(limit: int = 50_000) -> np.ndarray:
    """Real passage embeddings, or an empty array when there are none.

    Taken once from the real index (else the embedding cache) and kept in
    .isearch/bench/centres.npy, so later runs generate the same vectors."""
    pinned = BENCH_DIR / f"centres-v{GENERATOR_VERSION}.npy"
    if pinned.exists():
        return np.load(pinned, allow_pickle=False)
    vectors = _read_real_embeddings(limit)
    if len(vectors):
        pinned.parent.mkdir(parents=True, exist_ok=True)
        np.save(pinned, vectors, allow_pickle=False)
    return vectors


def _read_real_embeddings(limit: int) -> np.ndarray:
    index_vectors = ROOT / ".isearch" / "index" / VECTORS
    if index_vectors.exists():
        import faiss

        index = faiss.read_index(str(index_vectors))
        n = min(index.ntotal, limit)
        return index.reconstruct_n(0, n) if n else np.zeros((0, MODEL_DIM), np.float32)
    cache = ROOT / ".isearch" / "embed-cache.sqlite"
    if not cache.exists():
        return np.zeros((0, MODEL_DIM), np.float32)
    db = sqlite3.connect(f"file:{cache}?mode=ro", uri=True, timeout=30)
    try:
        rows = db.execute("SELECT vector FROM vectors LIMIT ?", (limit,)).fetchall()
    finally:
        db.close()
    vectors = [np.frombuffer(b, dtype=np.float32) for (b,) in rows]
    vectors = [v for v in vectors if v.shape == (MODEL_DIM,)]
    return np.vstack(vectors) if vectors else np.zeros((0, MODEL_DIM), np.float32)


def synthetic_vectors(n: int, seed: int, kind: str = "clustered", block: int = 100_000):
    """Yield unit vectors in blocks (float32, shape (<=block, 384)).

    'uniform': uniformly random directions, the worst case for approximate search.
    'clustered': a random real passage embedding plus Gaussian noise of norm ~0.6, then
    normalised (cosine ~0.86 to its centre): text embeddings cluster like this, and
    recall measured on uniform vectors would say little about real queries.
    """
    rng = np.random.default_rng(seed + 1)
    centres = real_embeddings() if kind == "clustered" else np.zeros((0, MODEL_DIM), np.float32)
    for begin in range(0, n, block):
        size = min(block, n - begin)
        v = rng.standard_normal((size, MODEL_DIM), dtype=np.float32)
        if len(centres):
            v *= np.float32(0.6 / np.sqrt(MODEL_DIM))
            v += centres[rng.integers(0, len(centres), size)]
        v /= np.linalg.norm(v, axis=1, keepdims=True)
        yield v


def _authorities() -> list[str]:
    from indexer.authorities import english_authorities

    return english_authorities()


def synthetic_documents(n_docs: int, rng: np.random.Generator) -> list[Document]:
    """Document records with real authority names, kinds and dates (text filled in later)."""
    authorities = _authorities()
    kinds = KINDS[:5]
    out = []
    for i in range(n_docs):
        authority = authorities[int(rng.integers(len(authorities)))]
        kind = kinds[int(rng.integers(len(kinds)))]
        date = f"{int(rng.integers(2013, 2025))}-{int(rng.integers(1, 13)):02d}-{int(rng.integers(1, 29)):02d}"
        out.append(Document(id=f"synth-{i:07d}", title=f"{kind.capitalize()} of {authority} children's services",
                            authority=authority, date=date, kind=kind, judgement="", source="synthetic", text=""))
    return out


def _bm25_arrays(sequence: np.ndarray, chunk_len: np.ndarray, n_chunks: int) -> tuple[np.ndarray, ...]:
    """CSR postings exactly as BM25Index.build makes them from the same token lists:
    terms numbered by first occurrence, each term's chunks ascending."""
    terms, first = np.unique(sequence, return_index=True)
    order = np.argsort(first, kind="stable")
    new_id = np.empty(int(terms.max()) + 1 if len(terms) else 0, dtype=np.int64)
    new_id[terms[order]] = np.arange(len(terms))
    chunk_of = np.repeat(np.arange(n_chunks, dtype=np.int64), chunk_len)
    keys, tf = np.unique(new_id[sequence] * n_chunks + chunk_of, return_counts=True)
    del chunk_of
    term = keys // n_chunks
    docs = (keys - term * n_chunks).astype(np.int32)
    indptr = np.zeros(len(terms) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum(np.bincount(term, minlength=len(terms)))
    return terms[order], indptr, docs, tf.astype(np.int32)


def flat_vectors(spec: SynthSpec, path: Path) -> Path:
    """Write an exact (flat) FAISS index of the spec's vectors to `path`, unless it exists."""
    if not path.exists():
        index = build_faiss(np.zeros((0, MODEL_DIM), np.float32), "flat")
        for block in synthetic_vectors(spec.chunks, spec.seed, spec.vectors):
            index.add(block)
        path.parent.mkdir(parents=True, exist_ok=True)
        save_faiss(index, path.with_suffix(".tmp"))
        path.with_suffix(".tmp").rename(path)
    return path


def write_synthetic_index(spec: SynthSpec, folder: Path, vectors_file: Path | None = None, log=print) -> Path:
    """Generate and write a complete index directory for `spec` into `folder` (made if missing).

    `vectors_file` is a ready FAISS file over the spec's vectors (flat or HNSW, hard-linked
    into place); without it, flat vectors are generated.
    """
    rng = np.random.default_rng(spec.seed)
    folder.mkdir(parents=True, exist_ok=True)
    words, counts = corpus_vocabulary()
    vocab, p = word_distribution(words, counts)
    filler_ids = np.arange(len(vocab), len(vocab) + len(FILLER))
    all_words = vocab + list(FILLER)

    n = spec.chunks
    n_docs = max(1, -(-n // CHUNKS_PER_DOC))
    documents = synthetic_documents(n_docs, rng)
    chunk_doc = np.arange(n, dtype=np.int64) * n_docs // n  # contiguous, ~CHUNKS_PER_DOC each
    n_words = rng.integers(WORDS_PER_CHUNK[0], WORDS_PER_CHUNK[1] + 1, n)
    total = int(n_words.sum())
    log(f"  generating {n:,} chunks ({total:,} words) in {n_docs:,} documents")
    stream = rng.choice(len(vocab), size=total, p=p).astype(np.int32)
    is_stop = rng.random(total) < STOP_SHARE
    stream[is_stop] = rng.choice(filler_ids, size=int(is_stop.sum())).astype(np.int32)

    # texts: one chunk after another in its document, separated by a blank line
    bounds = np.concatenate([[0], np.cumsum(n_words)])
    doc_parts: list[list[str]] = [[] for _ in range(n_docs)]
    doc_pos = [0] * n_docs
    starts = np.empty(n, dtype=np.int64)
    ends = np.empty(n, dtype=np.int64)
    for c0 in range(0, n, 20_000):
        c1 = min(n, c0 + 20_000)
        block = stream[bounds[c0]: bounds[c1]].tolist()
        base = int(bounds[c0])
        for c in range(c0, c1):
            text = " ".join([all_words[t] for t in block[bounds[c] - base: bounds[c + 1] - base]])
            d = int(chunk_doc[c])
            if doc_parts[d]:
                doc_parts[d].append("\n\n")
                doc_pos[d] += 2
            starts[c], ends[c] = doc_pos[d], doc_pos[d] + len(text)
            doc_parts[d].append(text)
            doc_pos[d] += len(text)
    documents = [Document(**{**asdict(doc), "text": "".join(parts), "content_hash": f"synthetic-{doc.id}"})
                 for doc, parts in zip(documents, doc_parts)]
    del doc_parts
    write_documents(folder, documents)
    write_judgements(folder / AREA_JUDGEMENTS, documents)  # (synthetic letters state none)
    write_chunk_table(folder, chunk_doc, starts, ends, [""] * n)

    # BM25 tokens per chunk, as indexer.build.keyword_document makes them: the chunk's
    # keyword words, then its document's authority, kind, month and year
    log("  BM25 arrays")
    extra_vocab: dict[str, int] = {w: i for i, w in enumerate(vocab)}
    meta_ids = []
    for doc in documents:
        ids = []
        for token in keyword_tokens(f"{doc.authority} {doc.kind} {human_date(doc.date)}"):
            ids.append(extra_vocab.setdefault(token, len(extra_vocab) + len(FILLER)))
        meta_ids.append(ids)
    id_word = {i: w for w, i in extra_vocab.items()}
    keep = ~is_stop
    kw_chunk = np.repeat(np.arange(n), n_words)[keep]
    kw_terms = stream[keep].astype(np.int64)
    kw_len = np.bincount(kw_chunk, minlength=n)
    meta_len_doc = np.asarray([len(m) for m in meta_ids])
    meta_len = meta_len_doc[chunk_doc]
    chunk_len = kw_len + meta_len
    offsets = np.concatenate([[0], np.cumsum(chunk_len)])
    sequence = np.empty(int(offsets[-1]), dtype=np.int64)
    kw_pos = offsets[kw_chunk] + (np.arange(len(kw_chunk)) - np.concatenate([[0], np.cumsum(kw_len)])[kw_chunk])
    sequence[kw_pos] = kw_terms
    del kw_pos, kw_terms, kw_chunk, stream, is_stop
    meta_doc_flat = np.asarray([t for ids in meta_ids for t in ids], dtype=np.int64)
    meta_doc_start = np.concatenate([[0], np.cumsum(meta_len_doc)])
    meta_chunk = np.repeat(np.arange(n), meta_len)
    meta_rank = np.arange(len(meta_chunk)) - np.concatenate([[0], np.cumsum(meta_len)])[meta_chunk]
    sequence[offsets[meta_chunk] + kw_len[meta_chunk] + meta_rank] = \
        meta_doc_flat[meta_doc_start[chunk_doc[meta_chunk]] + meta_rank]
    del meta_chunk, meta_rank
    term_ids, indptr, docs, tf = _bm25_arrays(sequence, chunk_len, n)
    del sequence
    bm25 = BM25Index([id_word[int(t)] for t in term_ids], indptr, docs, tf, chunk_len.astype(np.int32))
    bm25.save(folder)
    del bm25, docs, tf

    log("  vectors")
    if vectors_file is None:
        flat_vectors(spec, folder / VECTORS)
        kind = "flat"
    else:
        import faiss

        try:
            os.link(vectors_file, folder / VECTORS)
        except OSError:
            shutil.copyfile(vectors_file, folder / VECTORS)
        kind = "hnsw" if "HNSW" in type(faiss.read_index(str(vectors_file), faiss.IO_FLAG_MMAP_IFC)).__name__ else "flat"

    manifest = {
        "format_version": 3,  # no stored sentence units or name vectors: split and embedded when needed
        "build_id": spec.name,
        "built_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "model": {"id": MODEL_ID, "dim": MODEL_DIM, "max_wordpieces": MODEL_MAX_WORDPIECES},
        "tokenizer": TIKTOKEN_ENCODING,
        "settings": settings_dict(),
        # the queries are embedded by the fp32 encoder (the synthetic vectors stand in for its passages)
        "encoder": ensure_encoder(encoder_dir(folder), "fp32").manifest_entry(),
        "faiss": kind,
        "counts": {"documents": len(documents), "chunks": n},
        "documents": {d.id: {"hash": d.content_hash, "path": ""} for d in documents},
        "skipped": {},
        "synthetic": {"generator": GENERATOR_VERSION, **asdict(spec)},
    }
    store.finish_manifest(folder, manifest)
    return folder


def synthetic_tokens(folder: Path, limit: int | None = None) -> list[list[str]]:
    """The BM25 token lists of a synthetic index's chunks, rebuilt from its files
    (what rank_bm25 is given in the comparison)."""
    from indexer.build import keyword_document
    from indexer.schema import Chunk

    documents = read_documents(folder)
    chunks = read_chunk_table(folder, len(documents))
    out = []
    for c in range(min(limit, len(chunks)) if limit else len(chunks)):
        doc, start, end = documents[chunks.doc[c]], int(chunks.start[c]), int(chunks.end[c])
        out.append(keyword_document(doc, Chunk(doc.id, start, end, doc.text[start:end])))
    return out
