"""Each passage's keyword token ids, sentence by sentence, on disk (index format 5).

The second stage scores a passage by its best sentence's share of the query's terms and by how
close the query's terms sit (search/rerank.py); both need the passage's keyword tokens per
sentence (indexer.passage_sentences.sentence_tokens), which cost ~150 us a passage to compute
and were computed once per passage per process. The build stores them as ids into the BM25
vocabulary (bm25_vocab.json), CSR twice, no pickle:

- sentence_tokens.npy: the ids of every sentence of every passage, in order (uint16 when the
  vocabulary has fewer than 65,535 terms, else uint32); a token the vocabulary lacks (none does:
  the vocabulary is made from the same passages) gets the id len(vocab), which no term has;
- sentence_tokens_indptr.npy (int64, one entry per sentence plus one): sentence s's ids are
  sentence_tokens[indptr[s]:indptr[s + 1]];
- passage_sentences_indptr.npy (int64, one entry per passage plus one): passage i's sentences
  are rows passage_indptr[i]:passage_indptr[i + 1] of the sentences.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import numpy as np

from indexer.schema import PASSAGE_SENTENCES_INDPTR, SENTENCE_TOKENS, SENTENCE_TOKENS_INDPTR


def write_token_table(folder: Path, passages: Iterable[Sequence[Sequence[str]]], term_id: Mapping[str, int]) -> None:
    """Write the token ids of every passage's sentences (passages in index order, each a list of
    sentences, each a list of keyword tokens) into `folder`."""
    unknown = len(term_id)
    ids: list[int] = []
    sentence_ptr = [0]
    passage_ptr = [0]
    for passage in passages:
        for tokens in passage:
            ids.extend(term_id.get(t, unknown) for t in tokens)
            sentence_ptr.append(len(ids))
        passage_ptr.append(len(sentence_ptr) - 1)
    dtype = np.uint16 if unknown < np.iinfo(np.uint16).max else np.uint32
    np.save(folder / SENTENCE_TOKENS, np.asarray(ids, dtype=dtype), allow_pickle=False)
    np.save(folder / SENTENCE_TOKENS_INDPTR, np.asarray(sentence_ptr, dtype=np.int64), allow_pickle=False)
    np.save(folder / PASSAGE_SENTENCES_INDPTR, np.asarray(passage_ptr, dtype=np.int64), allow_pickle=False)


class TokenTable:
    """The stored token ids; `sentences(i)` gives passage i's as one id array per sentence."""

    def __init__(self, ids: np.ndarray, sentence_ptr: np.ndarray, passage_ptr: np.ndarray) -> None:
        self.ids = ids
        self.sentence_ptr = sentence_ptr
        self.passage_ptr = passage_ptr

    def __len__(self) -> int:
        return len(self.passage_ptr) - 1

    def sentences(self, i: int) -> list[np.ndarray]:
        """The token ids of each sentence of passage `i`, in order (IndexError if there is none)."""
        if not 0 <= i < len(self):
            raise IndexError(f"no passage {i}")
        ptr = self.sentence_ptr
        return [self.ids[ptr[s]: ptr[s + 1]] for s in range(self.passage_ptr[i], self.passage_ptr[i + 1])]

    def gather(self, chunk_ids: Sequence[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(ids, sentence, first) for the passages `chunk_ids` taken together: the token ids of all
        their sentences one after the other (int64), the sentence (0..S-1 over all of them) each
        token belongs to, and the first sentence of each passage (len(chunk_ids) + 1 entries, the
        last S)."""
        sp, pp = self.sentence_ptr, self.passage_ptr
        rows = np.asarray(chunk_ids, dtype=np.int64)
        first_s, last_s = pp[rows], pp[rows + 1]
        counts = last_s - first_s
        first = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum(counts, out=first[1:])
        sentence_rows = np.repeat(first_s - first[:-1], counts) + np.arange(first[-1])
        starts, ends = sp[sentence_rows], sp[sentence_rows + 1]
        lengths = ends - starts
        total = int(lengths.sum())
        offsets = np.zeros(len(lengths) + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        positions = np.repeat(starts - offsets[:-1], lengths) + np.arange(total)
        return self.ids[positions].astype(np.int64), np.repeat(np.arange(len(lengths)), lengths), first


def read_token_table(folder: Path, n_passages: int, vocabulary_size: int) -> TokenTable:
    """Read what `write_token_table` wrote; ValueError if it is malformed or does not fit the
    `n_passages` passages and a vocabulary of `vocabulary_size` terms."""
    ids = np.load(folder / SENTENCE_TOKENS, allow_pickle=False)
    sentence_ptr = np.load(folder / SENTENCE_TOKENS_INDPTR, allow_pickle=False)
    passage_ptr = np.load(folder / PASSAGE_SENTENCES_INDPTR, allow_pickle=False)
    if ids.ndim != 1 or ids.dtype not in (np.uint16, np.uint32):
        raise ValueError(f"{SENTENCE_TOKENS} has shape {ids.shape} and type {ids.dtype}, not (n,) uint16/uint32")
    for name, ptr, size, length in ((SENTENCE_TOKENS_INDPTR, sentence_ptr, None, len(ids)),
                                    (PASSAGE_SENTENCES_INDPTR, passage_ptr, n_passages + 1, len(sentence_ptr) - 1)):
        if ptr.ndim != 1 or ptr.dtype != np.int64 or len(ptr) < 1 or (size is not None and len(ptr) != size):
            raise ValueError(f"{name} has shape {ptr.shape} and type {ptr.dtype}")
        if ptr[0] != 0 or ptr[-1] != length or (np.diff(ptr) < 0).any():
            raise ValueError(f"{name} does not point into its table")
    if len(ids) and int(ids.max()) > vocabulary_size:
        raise ValueError(f"{SENTENCE_TOKENS} holds an id outside the vocabulary")
    return TokenTable(ids, sentence_ptr, passage_ptr)
