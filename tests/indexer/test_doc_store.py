"""Document bodies live in texts.bin and are read on demand: what goes in comes out exactly,
an opened index holds only metadata, and an index of the old format is rebuilt, not misread."""
from __future__ import annotations

import json
import shutil

import pytest

from corpus_slice import CORPUS, TEST_CACHE
from indexer import store
from indexer.build import build_index
from indexer.doc_store import TextStore, read_documents, read_infos, write_documents
from indexer.load import load_document
from indexer.schema import FORMAT_VERSION, TEXTS
from search.index import IndexOpenError, open_index

LETTERS = sorted(CORPUS.glob("fv-t*.txt"))[:6]


def test_bodies_round_trip_exactly(tmp_path):
    documents = [load_document(path)[0] for path in LETTERS]
    assert any(not doc.text.isascii() for doc in documents)  # curly quotes, dashes: offsets are in bytes
    write_documents(tmp_path, documents)
    assert read_documents(tmp_path) == documents
    infos, spans = read_infos(tmp_path)
    assert [info.id for info in infos] == [doc.id for doc in documents]
    assert not hasattr(infos[0], "text")
    texts = TextStore(tmp_path / TEXTS, spans)
    for row in (3, 0, 5):
        assert texts.text(row) == documents[row].text
    texts.close()


def test_truncated_texts_file_is_refused(tmp_path):
    write_documents(tmp_path, [load_document(path)[0] for path in LETTERS[:2]])
    path = tmp_path / TEXTS
    path.write_bytes(path.read_bytes()[:-10])
    infos, spans = read_infos(tmp_path)
    with pytest.raises(ValueError, match="texts.bin"):
        TextStore(path, spans)


def test_open_index_keeps_metadata_and_reads_passages_from_disk(small_index):
    assert all(not hasattr(doc, "text") for doc in small_index.documents)
    hits = small_index.search("agency staff turnover", k=5)
    assert hits
    for hit in hits:
        doc = small_index.document(hit.doc_id)
        source = load_document(CORPUS / f"{hit.doc_id}.txt")[0]
        assert doc.text == source.text and doc.authority == source.authority
        assert hit.text == doc.text[hit.start: hit.end] == small_index.chunk_text(hit.chunk_id)


def test_an_open_index_still_shows_passages_after_its_folder_is_deleted(small_index_dir, tmp_path):
    """A rebuild prunes old build folders while an app may still hold an index opened from one."""
    folder = tmp_path / "copy"
    shutil.copytree(small_index_dir.resolve(), folder)
    index = open_index(folder)
    before = [(h.doc_id, h.text) for h in index.search("return home interviews", k=5)]
    shutil.rmtree(folder)
    after = [(h.doc_id, h.text) for h in index.search("return home interviews", k=5)]
    assert after == before and all(text for _, text in after)
    assert index.document(after[0][0]).text


def test_an_index_of_the_previous_format_is_rebuilt_from_the_cache(slice_corpus, tmp_path):
    index_dir = tmp_path / "index"
    first = build_index([slice_corpus], index_dir, cache_path=TEST_CACHE, progress=False)
    path = index_dir / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["format_version"] = 1  # as an index written before texts.bin would say
    manifest["manifest_sha256"] = store.manifest_digest(manifest)
    path.write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(IndexOpenError, match=f"format 1 is not {FORMAT_VERSION}; rebuild with `isearch index`"):
        open_index(index_dir)
    again = build_index([slice_corpus], index_dir, cache_path=TEST_CACHE, progress=False)
    assert not again.up_to_date and again.embedded == 0 and again.chunks == first.chunks
    assert open_index(index_dir).search("agency staff", k=1)
