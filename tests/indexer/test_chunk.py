"""Chunking real letters: exact offsets, token limits, the model's 256 word-piece limit, no text lost."""
from __future__ import annotations

from pathlib import Path

import pytest

from indexer.chunk import chunk_text
from indexer.config import MODEL_MAX_WORDPIECES, ChunkSettings
from indexer.embed import passage_text, wordpiece_counts
from indexer.load import load_document
from indexer.tokens import count_tokens

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
SAMPLE = sorted(CORPUS.glob("*.txt"))[::25]  # 40 letters of every kind, news included


@pytest.fixture(scope="module")
def chunked():
    out = []
    for path in SAMPLE:
        doc, _ = load_document(path)
        out.append((doc, chunk_text(doc.id, doc.text)))
    return out


def test_offsets_reproduce_chunk_text(chunked):
    for doc, chunks in chunked:
        assert chunks
        for chunk in chunks:
            assert doc.text[chunk.start:chunk.end] == chunk.text
            assert chunk.text == chunk.text.strip()


def test_chunks_respect_the_token_budget(chunked):
    limit = ChunkSettings().max_tokens
    for _, chunks in chunked:
        assert max(count_tokens(c.text) for c in chunks) <= limit + 2  # +joins between sentences


def test_every_passage_fits_the_models_word_piece_limit(chunked):
    texts = [passage_text(doc, c) for doc, chunks in chunked for c in chunks]
    counts = wordpiece_counts(texts)
    assert len(counts) > 500
    assert max(counts) <= MODEL_MAX_WORDPIECES


def test_no_text_lost_between_chunks(chunked):
    for doc, chunks in chunked:
        covered = bytearray(len(doc.text))
        for chunk in chunks:
            covered[chunk.start:chunk.end] = b"\1" * (chunk.end - chunk.start)
        lost = "".join(ch for ch, c in zip(doc.text, covered) if not c and not ch.isspace())
        assert lost == "", doc.id


def test_consecutive_chunks_overlap_and_move_forward(chunked):
    for _, chunks in chunked:
        for before, after in zip(chunks, chunks[1:]):
            assert after.start > before.start
            assert after.start <= before.end + 2


def test_chunks_are_sentence_aligned():
    doc, _ = load_document(CORPUS / "fv-merton-2020-11-20.txt")
    chunks = chunk_text(doc.id, doc.text)
    ends = [c.text[-1] for c in chunks[:-1]]
    assert sum(e in ".!?:;”’)" or e.isalnum() for e in ends) == len(ends)
    assert sum(e in ".!?”’)" for e in ends) / len(ends) >= 0.7
