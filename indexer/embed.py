"""Passage embeddings with the bundled all-MiniLM-L6-v2 on ONNX Runtime, cached in SQLite
by the hash of the encoder's name and the text.

The cache survives interrupted builds: each batch is committed as soon as it is
embedded, so the next build only embeds what is missing.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import sqlite3
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from indexer.config import MODEL_DIM, MODEL_ID, MODEL_MAX_WORDPIECES, build_threads, encoder_dir, encoder_model, encoder_variant
from indexer.context_line import CONTEXT_MAX_CHARS, context_line, human_date  # noqa: F401 (re-exported)
from indexer.encoder import BATCH_SIZE, OnnxEncoder, check_variant, ensure_encoder, shared_encoder, tokenizer
from indexer.schema import Chunk, Document


def passage_text(doc: Document, chunk: Chunk) -> str:
    """What the model embeds: the document's context line (authority, kind, month; see
    indexer.context_line: at most CONTEXT_MAX_CHARS, a long list of authorities shortened to
    "A; B and 38 more") and the chunk text."""
    context = context_line(doc).text
    return f"{context}:\n{chunk.text}" if context else chunk.text


def text_key(text: str, encoder: str) -> str:
    """Cache key of an embedded text: sha256 of the model id, the encoder's name ('onnx-fp32',
    'minilm-ofsted-onnx-fp32', ...) and the text, so vectors of different encoders never mix."""
    return hashlib.sha256(f"{MODEL_ID}\0{encoder}\0{text}".encode()).hexdigest()


def passage_encoder(variant: str | None = None, folder: Path | None = None, model: str | None = None) -> OnnxEncoder:
    """The ONNX encoder a build embeds passages with, on every usable core (exported first if
    needed). variant: 'fp32', 'int8', 'int8-blockwise' or 'int8-blockwise32' (default $ISEARCH_ENCODER, else fp32);
    folder: where exported encoders live (default indexer.config.encoder_dir()); model:
    'minilm-ofsted' or 'minilm' (default $ISEARCH_MODEL, else minilm-ofsted)."""
    found = ensure_encoder(folder or encoder_dir(), check_variant(encoder_variant(variant)), encoder_model(model))
    return shared_encoder(found, threads=build_threads())


def encode(texts: Sequence[str], batch_size: int = BATCH_SIZE, encoder: OnnxEncoder | None = None) -> np.ndarray:
    """Normalised float32 embeddings, shape (len(texts), 384), by `encoder` (default the
    fp32 passage encoder). Texts are cut at 256 word pieces, as sentence-transformers does."""
    if not texts:
        return np.zeros((0, MODEL_DIM), dtype=np.float32)
    return (encoder or passage_encoder()).encode(list(texts), batch_size=batch_size)


def wordpiece_counts(texts: Sequence[str]) -> list[int]:
    """Length of each text in the model's word pieces, [CLS] and [SEP] included (not truncated)."""
    return [len(e.ids) for e in tokenizer(truncate=False).encode_batch(list(texts))]


def _pause_after_first_commit() -> None:
    """Debugging hook for interrupting a build at a known point: when $ISEARCH_PAUSE_AFTER_BATCH
    names a file, write it once the first batch is committed, then wait until it is removed
    (Ctrl-C meanwhile interrupts the build with that batch safely in the cache)."""
    marker = os.environ.get("ISEARCH_PAUSE_AFTER_BATCH")
    if not marker:
        return
    Path(marker).write_text(str(os.getpid()), encoding="utf-8")
    while Path(marker).exists():
        time.sleep(0.05)


class EmbeddingCache:
    """text_key -> vector, in one SQLite file; safe to interrupt at any point."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.db = sqlite3.connect(str(path), timeout=60)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB NOT NULL, added TEXT)")

    def get_many(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        """Cached vectors for those keys that are present."""
        found: dict[str, np.ndarray] = {}
        unique = list(dict.fromkeys(keys))
        for begin in range(0, len(unique), 900):
            batch = unique[begin: begin + 900]
            marks = ",".join("?" * len(batch))
            for key, blob in self.db.execute(f"SELECT key, vector FROM vectors WHERE key IN ({marks})", batch):
                vector = np.frombuffer(blob, dtype=np.float32)
                if vector.shape == (MODEL_DIM,):
                    found[key] = vector
        return found

    def put_many(self, keys: Sequence[str], vectors: np.ndarray) -> None:
        """Store and commit at once."""
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        with self.db:
            self.db.executemany(
                "INSERT OR REPLACE INTO vectors (key, vector, added) VALUES (?, ?, ?)",
                [(k, np.asarray(v, dtype=np.float32).tobytes(), now) for k, v in zip(keys, vectors)],
            )

    def close(self) -> None:
        self.db.close()


def embed_cached(texts: Sequence[str], cache: EmbeddingCache, encoder: OnnxEncoder, batch_size: int = BATCH_SIZE,
                 commit_every: int = 64, progress: bool = True) -> tuple[np.ndarray, int]:
    """Embeddings for `texts` by `encoder`, taking what the cache has and embedding the rest.

    Returns (vectors in input order, number newly embedded). Missing texts are embedded
    longest first by word-piece count, so batches hold texts of near-equal length (~2% padding
    against ~10% sorted by characters), and committed every `commit_every` texts.
    """
    keys = [text_key(t, encoder.encoder.name) for t in texts]
    known = cache.get_many(keys)
    missing = list(dict.fromkeys(k for k in keys if k not in known))
    if missing:
        by_key = dict(zip(keys, texts))
        pieces = dict(zip(missing, wordpiece_counts([by_key[k] for k in missing])))
        missing.sort(key=lambda k: min(pieces[k], MODEL_MAX_WORDPIECES), reverse=True)
        bar = None
        if progress:
            from tqdm import tqdm

            bar = tqdm(total=len(missing), desc="embedding", unit="passage", file=sys.stderr,
                       disable=not sys.stderr.isatty() and os.environ.get("ISEARCH_PROGRESS") != "1")
        for begin in range(0, len(missing), commit_every):
            batch = missing[begin: begin + commit_every]
            vectors = encoder.encode([by_key[k] for k in batch], batch_size=batch_size)
            cache.put_many(batch, vectors)
            if begin == 0:
                _pause_after_first_commit()
            known.update(zip(batch, vectors))
            if bar:
                bar.update(len(batch))
        if bar:
            bar.close()
    out = np.zeros((len(texts), MODEL_DIM), dtype=np.float32)
    for row, key in enumerate(keys):
        out[row] = known[key]
    return out, len(missing)
