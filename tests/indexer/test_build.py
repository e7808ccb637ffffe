"""`isearch index`: incremental builds, what it reports, bad files, interrupted builds."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from indexer.build import BuildError, build_index
from indexer.encoder import encoder_name
from indexer.tuned_model import TUNED
from search.index import open_index

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
SMALL = ["news-localgov-2016-04-06-dudley-inadequate", "news-cypnow-wakefield-first-inadequate-under-ilacs",
         "news-lgcplus-2018-12-19-leeds-outstanding-calderdale-good"]
EXTRA = "news-familylaw-2013-10-21-one-in-seven-inadequate"


def isearch(*args: str, env: dict | None = None, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "search.cli", *args], capture_output=True, text=True,
                          cwd=ROOT, env={**os.environ, **(env or {})}, **kw)


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for doc_id in SMALL:
        shutil.copy(CORPUS / f"{doc_id}.txt", folder)
    return folder


def test_incremental_add_change_remove(tmp_path, corpus):
    index_dir, cache = tmp_path / "index", tmp_path / "cache.sqlite"
    first = build_index([corpus], index_dir, cache_path=cache, progress=False)
    assert first.added == sorted(SMALL) and first.embedded == first.chunks > 0

    again = build_index([corpus], index_dir, cache_path=cache, progress=False)
    assert again.up_to_date and again.embedded == 0 and again.chunks == first.chunks

    shutil.copy(CORPUS / f"{EXTRA}.txt", corpus)
    added = build_index([corpus], index_dir, cache_path=cache, progress=False)
    assert added.added == [EXTRA] and added.changed == [] and added.removed == []
    assert 0 < added.embedded < added.chunks

    path = corpus / f"{SMALL[0]}.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\nInspectors later found that agency staff had all left.\n",
                    encoding="utf-8")
    changed = build_index([corpus], index_dir, cache_path=cache, progress=False)
    assert changed.changed == [SMALL[0]] and changed.embedded <= 2

    (corpus / f"{SMALL[1]}.txt").unlink()
    removed = build_index([corpus], index_dir, cache_path=cache, progress=False)
    assert removed.removed == [SMALL[1]] and removed.embedded == 0

    index = open_index(index_dir)
    assert {d.id for d in index.documents} == {SMALL[0], SMALL[2], EXTRA}
    hits = index.search("agency staff had all left", k=3, mode="keyword")
    assert hits[0].doc_id == SMALL[0] and "agency staff had all left" in hits[0].text


def test_indexing_another_folder_adds_to_the_index(tmp_path, corpus):
    """Newcomer: `isearch index NEWFOLDER --index-dir EXISTING` removed the 23 documents indexed
    before from another folder, exit 0. Documents from other folders are kept; a file gone from a
    folder indexed again is removed; --replace indexes only the paths given."""
    index_dir, cache = tmp_path / "index", tmp_path / "cache.sqlite"
    build_index([corpus], index_dir, cache_path=cache, progress=False)
    more = tmp_path / "more"
    more.mkdir()
    shutil.copy(CORPUS / f"{EXTRA}.txt", more)
    added = build_index([more], index_dir, cache_path=cache, progress=False)
    assert added.added == [EXTRA] and added.removed == [] and added.kept == sorted(SMALL)
    assert {d.id for d in open_index(index_dir).documents} == {*SMALL, EXTRA}
    assert build_index([more], index_dir, cache_path=cache, progress=False).up_to_date

    (corpus / f"{SMALL[1]}.txt").unlink()
    again = build_index([corpus], index_dir, cache_path=cache, progress=False)
    assert again.removed == [SMALL[1]] and again.kept == [EXTRA] and again.embedded == 0
    assert {d.id for d in open_index(index_dir).documents} == {SMALL[0], SMALL[2], EXTRA}

    result = isearch("index", str(more), "--index-dir", str(index_dir), "--replace", "-q",
                     env={"ISEARCH_CACHE": str(cache)})
    assert result.returncode == 0, result.stderr
    assert f"removed 2: {', '.join(sorted([SMALL[0], SMALL[2]]))}" in result.stdout
    assert {d.id for d in open_index(index_dir).documents} == {EXTRA}


def test_cli_reports_changes_and_bad_files(tmp_path, corpus):
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(b"\x00\xff" * 100)
    (corpus / "latin1.txt").write_bytes("title: x\n---\ncaf\xe9".encode("latin-1"))  # read as cp1252, with a warning
    (corpus / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    env = {"ISEARCH_CACHE": str(tmp_path / "cache.sqlite")}
    result = isearch("index", str(corpus), "--index-dir", str(tmp_path / "index"), "-q", env=env)
    assert result.returncode == 0, result.stderr
    assert "added 4" in result.stdout and "indexed 4 documents" in result.stdout
    for name in ("empty.txt", "binary.txt", "latin1.txt", "broken.pdf"):
        assert any(name in line and line.startswith("warning:") for line in result.stderr.splitlines()), name
    assert "4 warnings above" in result.stderr
    assert "Traceback" not in result.stderr
    again = isearch("index", str(corpus), "--index-dir", str(tmp_path / "index"), "-q", env=env)
    assert again.returncode == 0 and "up to date" in again.stdout


@pytest.mark.parametrize("make_path, message", [
    (lambda tmp: tmp / "does-not-exist", "no such file or folder"),
    (lambda tmp: (tmp / "empty-folder").mkdir() or tmp / "empty-folder", "no documents to index"),
])
def test_missing_path_or_empty_corpus_is_a_one_line_error(tmp_path, make_path, message):
    result = isearch("index", str(make_path(tmp_path)), "--index-dir", str(tmp_path / "index"))
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and message in result.stderr
    assert not (tmp_path / "index").exists()


def test_a_folder_of_bad_files_only_says_why_each_was_skipped(tmp_path):
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.md").write_text("   \n", encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x00\xff" * 100)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    result = isearch("index", str(folder), "--index-dir", str(tmp_path / "index"), "-q")
    assert result.returncode == 2 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert lines[-1] == "isearch: error: no documents to index (4 files skipped)"
    assert lines[:-1] == [f"warning: {folder / 'binary.txt'}: binary file, skipped",
                          f"warning: {folder / 'blank.md'}: empty file, skipped",
                          f"warning: {folder / 'broken.pdf'}: malformed PDF (Failed to load document (PDFium: Data "
                          "format error).), skipped",
                          f"warning: {folder / 'empty.txt'}: empty file, skipped"]
    assert not (tmp_path / "index").exists()


def _rows(cache: Path) -> int:
    import sqlite3

    with sqlite3.connect(cache) as db:
        return db.execute("SELECT COUNT(*) FROM vectors").fetchone()[0]


def test_interrupted_build_keeps_old_index_and_resumes_from_cache(tmp_path, corpus):
    """Ctrl-C while embedding, at a point the build itself announces: the build writes the
    marker once its first batch is committed and then waits for it to go, so the signal always
    arrives mid-build, however busy the machine."""
    index_dir, cache = tmp_path / "index", tmp_path / "cache.sqlite"
    build_index([corpus], index_dir, cache_path=cache, progress=False)
    before = json.loads((index_dir / "manifest.json").read_text())
    rows_before = _rows(cache)
    shutil.copy(CORPUS / "sif-brent-2015-11-30.txt", corpus)  # ~130 passages: more than one batch of 64
    marker = tmp_path / "first-batch-committed"
    process = subprocess.Popen([sys.executable, "-m", "search.cli", "index", str(corpus), "--index-dir",
                                str(index_dir), "-q"], cwd=ROOT,
                               env={**os.environ, "ISEARCH_CACHE": str(cache), "ISEARCH_PAUSE_AFTER_BATCH": str(marker)},
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               # a test run started in the background (`cmd &` in a script) ignores SIGINT, and a
                               # child inherits that: the build then never sees the Ctrl-C this test sends
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    waited = 0
    while not marker.exists():  # the event: the build's first batch is in the cache
        if process.poll() is not None:
            pytest.fail(f"build ended (code {process.returncode}) before its first batch: {process.communicate()[1][-500:]}")
        time.sleep(0.05)
        waited += 1
        assert waited < 12_000, "no first batch after 10 minutes"  # a hang guard, not a timing assumption
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 130, err
    assert "Traceback" not in err and "previous index is unchanged" in err
    assert _rows(cache) == rows_before + 64  # the committed batch is kept, nothing half-written
    assert json.loads((index_dir / "manifest.json").read_text())["build_id"] == before["build_id"]
    assert open_index(index_dir).search("Dudley inadequate", k=1)[0].doc_id.startswith("news-")
    resumed = build_index([corpus], index_dir, cache_path=cache, progress=False)
    assert resumed.added == ["sif-brent-2015-11-30"]
    assert resumed.embedded == _rows(cache) - rows_before - 64 > 0
    assert open_index(index_dir).search("Brent", k=1)[0].doc_id == "sif-brent-2015-11-30"


def test_int8_build_keeps_its_vectors_apart_and_records_its_encoder(tmp_path, corpus):
    index_dir, cache = tmp_path / "index", tmp_path / "cache.sqlite"
    fp32 = build_index([corpus], index_dir, cache_path=cache, progress=False)
    manifest = json.loads((index_dir / "manifest.json").read_text())
    assert manifest["encoder"]["name"] == encoder_name("fp32", TUNED) and len(manifest["encoder"]["sha256"]) == 64

    int8 = build_index([corpus], index_dir, cache_path=cache, progress=False, encoder="int8")
    assert not int8.up_to_date and int8.embedded == int8.chunks == fp32.chunks  # no fp32 vector reused
    manifest = json.loads((index_dir / "manifest.json").read_text())
    assert manifest["encoder"]["name"] == encoder_name("int8", TUNED) and manifest["encoder"]["sha256"] != ""
    assert _rows(cache) == fp32.embedded + int8.embedded
    index = open_index(index_dir)
    assert index.encoder.variant == "int8"
    assert index.search("Dudley inadequate", k=1, mode="dense")[0].doc_id == SMALL[0]

    result = isearch("index", str(corpus), "--index-dir", str(index_dir), "--encoder", "int8",
                     env={"ISEARCH_CACHE": str(cache)})
    assert result.returncode == 0 and "up to date" in result.stdout
    refused = isearch("query", "Dudley", "--index-dir", str(index_dir), env={"ISEARCH_ENCODER": "fp32"})
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert refused.stderr.strip().count("\n") == 0 and f"embedded by {encoder_name('int8', TUNED)}," in refused.stderr


def test_build_refuses_to_replace_a_folder_that_is_not_an_index(tmp_path, corpus):
    target = tmp_path / "index"
    target.mkdir()
    (target / "precious.txt").write_text("keep me")
    with pytest.raises(Exception) as info:
        build_index([corpus], target, cache_path=tmp_path / "c.sqlite", progress=False)
    assert "not an index" in str(info.value)
    assert (target / "precious.txt").read_text() == "keep me"


def test_no_documents_raises_build_error(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    with pytest.raises(BuildError):
        build_index([folder], tmp_path / "index", cache_path=tmp_path / "c.sqlite", progress=False)


def test_force_reads_every_letter_again(tmp_path, corpus, monkeypatch):
    """`isearch index --force` after a loader fix must re-read letters whose files did not change
    (it once rebuilt from the stored letters and kept the old text); embeddings come from the cache."""
    import indexer.build as build

    index_dir, cache = tmp_path / "index", tmp_path / "cache.sqlite"
    first = build_index([corpus], index_dir, cache_path=cache, progress=False)
    read: list[str] = []
    real_load = build.load_document

    def counting_load(path, *args, **kwargs):
        read.append(Path(path).stem)
        return real_load(path, *args, **kwargs)

    monkeypatch.setattr(build, "load_document", counting_load)
    plain = build_index([corpus], index_dir, cache_path=cache, progress=False)
    assert plain.up_to_date and read == []
    forced = build_index([corpus], index_dir, cache_path=cache, progress=False, force=True)
    assert sorted(read) == sorted(SMALL)
    assert not forced.up_to_date and forced.embedded == 0 and forced.chunks == first.chunks


def _index_state(index_dir: Path) -> tuple[str, bytes]:
    """The build folder the index points at and its manifest's bytes: equal before and after when
    the index was not rewritten."""
    return os.readlink(index_dir), (index_dir / "manifest.json").read_bytes()


def test_only_unreadable_files_given_leave_an_existing_index_alone(tmp_path, corpus):
    """Newcomer: `isearch index corrupt.pdf --index-dir EXISTING` printed the skip line, then
    'added 0', exit 0, and rebuilt the whole index for nothing (a new build_id); an empty folder said
    'is up to date'. Both now exit 2 with one error line, and the index is not rewritten."""
    index_dir, cache = tmp_path / "index", tmp_path / "cache.sqlite"
    build_index([corpus], index_dir, cache_path=cache, progress=False)
    before = _index_state(index_dir)
    corrupt = tmp_path / "corrupt.pdf"  # a real Ofsted PDF cut at 5 kB
    corrupt.write_bytes((ROOT / "tests" / "data" / "realdocs" / "fv-westminster-2022-07-20.pdf").read_bytes()[:5000])
    env = {"ISEARCH_CACHE": str(cache)}

    result = isearch("index", str(corrupt), "--index-dir", str(index_dir), "-q", env=env)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.splitlines() == [
        f"warning: {corrupt}: malformed PDF (Failed to load document (PDFium: Data format error).), skipped",
        f"isearch: error: no documents to index (1 file skipped); the index at {index_dir} is unchanged"]
    assert _index_state(index_dir) == before

    empty = tmp_path / "empty"
    empty.mkdir()
    result = isearch("index", str(empty), "--index-dir", str(index_dir), "-q", env=env)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.splitlines() == [
        f"isearch: error: no documents to index: {empty} holds no files; the index at {index_dir} is unchanged"]
    assert _index_state(index_dir) == before

    # a new unreadable file beside unchanged letters: up to date, said with its skip line, not rebuilt
    shutil.copy(corrupt, corpus)
    mixed = build_index([corpus], index_dir, cache_path=cache, progress=False)
    assert mixed.up_to_date and mixed.documents == len(SMALL) and mixed.added == []
    assert mixed.warnings == [f"{corpus / 'corrupt.pdf'}: malformed PDF (Failed to load document (PDFium: Data "
                              "format error).), skipped"]
    assert _index_state(index_dir) == before


def test_a_file_skipped_by_an_earlier_build_given_alone_is_an_error(tmp_path, corpus):
    """The manifest records a file skipped by the build that read it; given again on its own it
    takes the up-to-date path, which must refuse it too, not say 'up to date' with exit 0."""
    (corpus / "binary.txt").write_bytes(b"\x00\xff" * 100)
    index_dir, cache = tmp_path / "index", tmp_path / "cache.sqlite"
    build_index([corpus], index_dir, cache_path=cache, progress=False)
    assert list(json.loads((index_dir / "manifest.json").read_text())["skipped"]) == [str(corpus / "binary.txt")]
    before = _index_state(index_dir)
    with pytest.raises(BuildError) as info:
        build_index([corpus / "binary.txt"], index_dir, cache_path=cache, progress=False)
    assert str(info.value) == f"no documents to index (1 file skipped); the index at {index_dir} is unchanged"
    assert info.value.warnings == [f"{corpus / 'binary.txt'}: binary file, skipped"]
    assert _index_state(index_dir) == before


def test_only_the_paths_given_have_their_warnings_said(tmp_path, corpus):
    """Newcomer: indexing a folder into an index that holds letters from other folders reprinted
    those letters' warnings (read again under --force or new settings), about files not given."""
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(ROOT / "tests" / "data" / "ingest" / "b05-unclosed-head.html", other)  # names no council
    index_dir, cache = tmp_path / "index", tmp_path / "cache.sqlite"
    first = build_index([other], index_dir, cache_path=cache, progress=False)
    assert len(first.warnings) == 1 and first.warnings[0].startswith(f"{other / 'b05-unclosed-head.html'}: no local authority")
    added = build_index([corpus], index_dir, cache_path=cache, progress=False)
    assert added.kept == ["b05-unclosed-head"] and added.warnings == []
    result = isearch("index", str(corpus), "--index-dir", str(index_dir), "-q", "--force", env={"ISEARCH_CACHE": str(cache)})
    assert result.returncode == 0 and "kept 1 indexed before" in result.stdout
    assert result.stderr == ""  # was the b05 line and "1 warning above"
