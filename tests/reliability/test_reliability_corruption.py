"""Corruption: damage each file of an index directory in turn.

Opening must fail with one line that names the damaged file and says to rebuild (no traceback,
no results from a damaged index), and `isearch index` must then rebuild it (not call it up to date).
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from corpus_slice import SLICE_IDS, TEST_CACHE, copy_slice
from indexer.build import BuildError, build_index
from indexer.schema import INDEX_FILES, MANIFEST
from reliability_support import isearch, one_line_error, record
from search.cli import main as cli_main
from search.index import IndexOpenError, open_index

IDS = SLICE_IDS[:4]
QUERIES = ("agency social workers caseloads", "management oversight of supervision", "Merton early help")


def truncate_half(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def truncate_empty(path: Path) -> None:
    path.write_bytes(b"")


def flip_middle(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))


def flip_early(path: Path) -> None:  # the magic number or header of .npy / .faiss, the JSON opening
    data = bytearray(path.read_bytes())
    data[min(10, len(data) - 1)] ^= 0x01
    path.write_bytes(bytes(data))


def append_byte(path: Path) -> None:  # not white space: a JSON file with a trailing newline is still the same JSON
    with open(path, "ab") as handle:
        handle.write(b"\0")


def delete(path: Path) -> None:
    path.unlink()


DAMAGE = (truncate_half, truncate_empty, flip_middle, flip_early, append_byte, delete)
FILES = (*INDEX_FILES, MANIFEST)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    """(corpus, index dir, keyword results per query) of an index over a few real letters."""
    root = tmp_path_factory.mktemp("pristine")
    corpus = copy_slice(root / "corpus", IDS)
    index_dir = root / "store" / "index"
    build_index([corpus], index_dir, cache_path=TEST_CACHE, progress=False)
    index = open_index(index_dir)
    results = {q: [(h.doc_id, h.start, h.end, h.score) for h in index.search(q, k=5, mode="keyword")] for q in QUERIES}
    assert all(results.values())
    return corpus, index_dir, results


def copy_index(pristine_dir: Path, tmp_path: Path) -> Path:
    """A private copy of the index folder, symlink and builds, to damage."""
    shutil.copytree(pristine_dir.parent, tmp_path / "store", symlinks=True)
    return tmp_path / "store" / pristine_dir.name


def assert_refused(index_dir: Path, name: str, capsys) -> str:
    """Opening fails with one line naming `name` and suggesting a rebuild; so does the CLI."""
    with pytest.raises(IndexOpenError) as info:
        open_index(index_dir)
    message = str(info.value)
    assert "\n" not in message and name in message and "isearch index" in message, message
    code = cli_main(["query", "agency staff", "--mode", "keyword", "--index-dir", str(index_dir)])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    line = one_line_error(err)
    assert name in line and "isearch index" in line
    return message


def assert_rebuilt(corpus: Path, index_dir: Path, results: dict) -> None:
    """`isearch index` (no --force) replaces the damaged index, and it answers as before."""
    report = build_index([corpus], index_dir, cache_path=TEST_CACHE, progress=False)
    assert not report.up_to_date and report.embedded == 0
    index = open_index(index_dir)
    for query, expected in results.items():
        assert [(h.doc_id, h.start, h.end, h.score) for h in index.search(query, k=5, mode="keyword")] == expected


def test_each_damaged_file_is_named_and_rebuilt(pristine, tmp_path, capsys):
    corpus, pristine_dir, results = pristine
    cases = 0
    for name in FILES:
        for damage in DAMAGE:
            case = tmp_path / f"{name}-{damage.__name__}"
            index_dir = copy_index(pristine_dir, case)
            damage(index_dir / name)
            try:
                assert_refused(index_dir, name, capsys)
                assert_rebuilt(corpus, index_dir, results)
            except AssertionError as exc:
                raise AssertionError(f"{name} / {damage.__name__}: {exc}") from exc
            cases += 1
    record("corruption_cases", cases)


MANIFEST_EDITS = {
    "chunk count": lambda m: m["counts"].update(chunks=m["counts"]["chunks"] + 1),
    "bm25 k1": lambda m: m["settings"]["bm25"].update(k1=0.9),
    "a file checksum": lambda m: m["files"]["chunks.npy"].update(sha256="0" * 64),
    "a file size": lambda m: m["files"]["vectors.faiss"].update(bytes=m["files"]["vectors.faiss"]["bytes"] - 1),
    "model id": lambda m: m["model"].update(id="sentence-transformers/other"),
    "build id": lambda m: m.update(build_id="x"),
    "a document hash": lambda m: next(iter(m["documents"].values())).update(hash="0" * 64),
    "file list removed": lambda m: m.pop("files"),
    "format version": lambda m: m.update(format_version=m["format_version"] + 1),
}


@pytest.mark.parametrize("edit", list(MANIFEST_EDITS))
def test_manifest_edited_into_other_valid_json_is_refused(pristine, tmp_path, capsys, edit):
    """A manifest still valid JSON but with a changed value (wrong counts, settings that
    would score differently) fails its own checksum instead of giving wrong results."""
    corpus, pristine_dir, results = pristine
    index_dir = copy_index(pristine_dir, tmp_path)
    path = index_dir / MANIFEST
    manifest = json.loads(path.read_text(encoding="utf-8"))
    MANIFEST_EDITS[edit](manifest)
    path.write_text(json.dumps(manifest, indent=1, ensure_ascii=False), encoding="utf-8")
    assert_refused(index_dir, MANIFEST, capsys)
    assert_rebuilt(corpus, index_dir, results)


def test_manifest_rewritten_without_changes_still_opens(pristine, tmp_path):
    """Re-serialising the same content (other indentation, key order) is not corruption."""
    _, pristine_dir, results = pristine
    index_dir = copy_index(pristine_dir, tmp_path)
    path = index_dir / MANIFEST
    manifest = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(dict(reversed(manifest.items())), indent=4), encoding="utf-8")
    index = open_index(index_dir)
    assert [(h.doc_id, h.start, h.end, h.score) for h in index.search(QUERIES[0], k=5, mode="keyword")] == results[QUERIES[0]]


def test_manifest_from_before_self_checksums_still_opens(pristine, tmp_path):
    """Indexes built before the manifest carried `manifest_sha256` keep working (data files are still checked)."""
    _, pristine_dir, _ = pristine
    index_dir = copy_index(pristine_dir, tmp_path)
    path = index_dir / MANIFEST
    manifest = json.loads(path.read_text(encoding="utf-8"))
    del manifest["manifest_sha256"]
    path.write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    assert len(open_index(index_dir)) == manifest["counts"]["chunks"]
    flip_middle(index_dir / "vectors.faiss")
    with pytest.raises(IndexOpenError, match="vectors.faiss"):
        open_index(index_dir)


def test_build_folder_deleted_under_the_symlink(pristine, tmp_path, capsys):
    corpus, pristine_dir, results = pristine
    index_dir = copy_index(pristine_dir, tmp_path)
    shutil.rmtree(index_dir.resolve())
    with pytest.raises(IndexOpenError, match="isearch index"):
        open_index(index_dir)
    assert cli_main(["ask", "agency staff", "--index-dir", str(index_dir)]) == 2
    assert str(index_dir) in one_line_error(capsys.readouterr().err)
    assert_rebuilt(corpus, index_dir, results)


def test_damaged_index_through_the_real_cli(pristine, tmp_path):
    """The same refusal from a fresh process: exit 2, one line, no traceback."""
    _, pristine_dir, _ = pristine
    for name, damage in (("vectors.faiss", flip_middle), (MANIFEST, truncate_half), ("bm25_tf.npy", truncate_empty)):
        index_dir = copy_index(pristine_dir, tmp_path / name)
        damage(index_dir / name)
        result = isearch("query", "agency staff", "--index-dir", str(index_dir))
        assert result.returncode == 2 and result.stdout == ""
        assert name in one_line_error(result.stderr)


def test_corrupt_embedding_cache_is_a_one_line_error(pristine, tmp_path):
    """The cache lives beside the index; garbage there stops the build with one line, not a traceback."""
    corpus, _, _ = pristine
    cache = tmp_path / "embed-cache.sqlite"
    cache.write_bytes(b"this is not a database" * 500)
    with pytest.raises(BuildError, match="embedding cache"):
        build_index([corpus], tmp_path / "index", cache_path=cache, progress=False)
    result = isearch("index", str(corpus), "--index-dir", str(tmp_path / "index"), "-q",
                     env={"ISEARCH_CACHE": str(cache)})
    assert result.returncode == 2 and str(cache) in one_line_error(result.stderr)
    assert not (tmp_path / "index").exists()
