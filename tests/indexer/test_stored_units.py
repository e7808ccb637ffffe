"""What the build stores for queries (index format 4): each passage's sentence units and the named
councils' embeddings equal what the search side would compute; a format 3 index is still read
(computing them on the fly, with the same answers) and `isearch index` rebuilds it from the cache."""
from __future__ import annotations

import dataclasses
import json
import os
import shutil

import numpy as np
import pytest
from corpus_slice import TEST_CACHE, index_as_format

from indexer import store
from indexer.authorities import field_authorities
from indexer.build import build_index
from indexer.chunk import sentence_units
from indexer.encoder import query_encoder
from indexer.schema import FORMAT_VERSION, MANIFEST, SENTENCE_UNITS
from search.index import IndexOpenError, open_index

QUESTIONS = ("What did inspectors say about agency staff in Tameside?",
             "How were return home interviews in Merton?",
             "Which councils were told their chronologies were poor?",
             "What is the weather in Tameside?")


def test_stored_units_equal_sentence_units_of_every_passage(small_index):
    assert small_index.manifest["format_version"] == FORMAT_VERSION >= 4
    assert len(small_index._units) == len(small_index) > 200
    for i in range(len(small_index)):
        stored = small_index._units.units(i)
        assert stored == sentence_units(small_index.chunk_text(i)), i
    assert sum(len(small_index._units.units(i)) for i in range(len(small_index))) > 5 * len(small_index)
    assert any(u.heading for i in range(len(small_index)) for u in small_index._units.units(i))


def test_hits_get_the_stored_units_of_their_passage(small_index):
    hits = small_index.search("agency staff caseloads", k=10)
    for hit in hits:
        assert small_index.passage_units(hit) == sentence_units(hit.text)
        assert small_index.passage_units(hit) is not sentence_units(hit.text)  # read from the table
    other = dataclasses.replace(hits[1], text=hits[1].text[:-1])
    assert small_index.passage_units(other) == sentence_units(other.text)  # not its passage's text: split


def test_stored_name_vectors_equal_the_query_encoders(small_index):
    councils = {c for d in small_index.documents for c in field_authorities(d.authority)}
    stored = small_index._stored_names
    assert councils <= set(stored) and "Poole" in stored  # BCP's predecessors are named too
    encoder = query_encoder(small_index.encoder)
    for name, vector in stored.items():
        assert np.array_equal(vector, encoder.encode_one(name)), name
        assert small_index.name_vector(name) is vector
    assert "Leeds" not in stored  # no letter of the slice: embedded when asked for
    assert np.array_equal(small_index.name_vector("Leeds"), encoder.encode_one("Leeds"))


def _as_format_3(folder, copy):
    return index_as_format(folder, copy, 3)


def _answers(index):
    out = []
    for question in QUESTIONS:
        answer = index.ask(question)
        out.append((answer.answered, answer.confidence, answer.message, answer.signals,
                     [(s.doc_id, s.start, s.end, s.text) for s in answer.sentences],
                     [(r.authority, r.doc_ids, [(s.start, s.end) for s in r.sentences]) for r in answer.rows]))
    return out


def test_a_format_3_index_gives_the_same_answers_and_is_rebuilt_from_the_cache(small_index, small_index_dir,
                                                                               slice_corpus, tmp_path):
    old = open_index(_as_format_3(small_index_dir, tmp_path / "v3"))
    assert old._units is None and old._stored_names == {}
    assert _answers(old) == _answers(small_index)

    index_dir = tmp_path / "index"
    build_index([slice_corpus], index_dir, cache_path=TEST_CACHE, progress=False)
    built = os.path.realpath(index_dir)
    os.unlink(index_dir)
    _as_format_3(built, index_dir)  # a plain folder, as an old index may be
    again = build_index([slice_corpus], index_dir, cache_path=TEST_CACHE, progress=False)
    assert not again.up_to_date and again.embedded == 0
    rebuilt = open_index(index_dir)
    assert rebuilt.manifest["format_version"] == FORMAT_VERSION and rebuilt._units is not None
    assert build_index([slice_corpus], index_dir, cache_path=TEST_CACHE, progress=False).up_to_date


def test_a_malformed_unit_table_is_refused_in_one_line(small_index_dir, tmp_path):
    copy = tmp_path / "bad"
    shutil.copytree(os.path.realpath(small_index_dir), copy)
    units = np.load(copy / SENTENCE_UNITS)
    units[0, 1] = 10 ** 6  # a unit ending far past its passage
    np.save(copy / SENTENCE_UNITS, units)
    manifest = json.loads((copy / MANIFEST).read_text(encoding="utf-8"))
    manifest["files"][SENTENCE_UNITS] = {"bytes": (copy / SENTENCE_UNITS).stat().st_size,
                                         "sha256": store.sha256_file(copy / SENTENCE_UNITS)}
    manifest["manifest_sha256"] = store.manifest_digest(manifest)
    (copy / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(IndexOpenError, match=r"is corrupt \(ValueError\); rebuild") as caught:
        open_index(copy)
    assert "\n" not in str(caught.value)
