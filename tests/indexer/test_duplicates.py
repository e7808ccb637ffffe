"""A letter copied into the corpus under a second name is indexed once, the copy named in the skip report;
a file of a type the loader cannot read is named too. Real Ofsted PDFs (tests/data/realdocs)."""
from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfWriter

from corpus_slice import TEST_CACHE
from indexer.build import BuildError, build_index
from indexer.duplicates import looks_like_copy, preferred_order
from indexer.load import load_document, scan_paths
from search.index import open_index

ROOT = Path(__file__).resolve().parents[2]
PDF = ROOT / "tests" / "data" / "realdocs" / "fv-westminster-2022-07-20.pdf"
SUPPORTED = "(supported: .htm, .html, .md, .pdf, .txt)"


def isearch(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "search.cli", *args], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "ISEARCH_CACHE": str(TEST_CACHE)}, timeout=600)


def saved_again(source: Path) -> bytes:
    """The PDF written out again by pypdf with another title in its metadata: other bytes, same text."""
    writer = PdfWriter(clone_from=source)
    writer.add_metadata({"/Title": "Saved again"})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_copies_of_a_real_pdf_are_indexed_once_and_named(tmp_path):
    folder = tmp_path / "letters"
    folder.mkdir()
    original, copy, resaved = folder / "a-westminster.pdf", folder / "b-westminster-copy.pdf", folder / "c-westminster-resaved.pdf"
    shutil.copy(PDF, original)
    shutil.copy(PDF, copy)
    resaved.write_bytes(saved_again(PDF))
    assert resaved.read_bytes() != PDF.read_bytes()
    assert load_document(resaved)[0].text == load_document(original)[0].text
    index_dir = tmp_path / "index"
    lines = [f"{copy}: same content as {original}, skipped", f"{resaved}: same content as {original}, skipped"]

    first = build_index([folder], index_dir, cache_path=TEST_CACHE, progress=False)
    assert (first.documents, first.added, first.warnings) == (1, ["a-westminster"], lines)
    assert [d.id for d in open_index(index_dir).documents] == ["a-westminster"]

    again = build_index([folder], index_dir, cache_path=TEST_CACHE, progress=False)
    assert again.up_to_date and again.documents == 1 and again.warnings == lines

    other = tmp_path / "later"  # a copy in a folder indexed afterwards: the letter indexed before stays
    other.mkdir()
    shutil.copy(PDF, other / "0-first-by-name.pdf")
    built = os.readlink(index_dir)
    with pytest.raises(BuildError) as info:  # its only file skipped: an error, and the index is not rewritten
        build_index([other], index_dir, cache_path=TEST_CACHE, progress=False)
    assert str(info.value) == f"no documents to index (1 file skipped); the index at {index_dir} is unchanged"
    assert info.value.warnings == [f"{other / '0-first-by-name.pdf'}: same content as {original}, skipped"]
    assert os.readlink(index_dir) == built
    assert [d.id for d in open_index(index_dir).documents] == ["a-westminster"]

    original.unlink()  # the original gone: the first copy left is indexed
    resaved.unlink()
    gone = build_index([folder], index_dir, cache_path=TEST_CACHE, progress=False)
    assert gone.added == ["b-westminster-copy"] and gone.removed == ["a-westminster"] and gone.warnings == []


def test_of_two_copies_in_one_folder_the_name_not_like_a_copy_is_the_id(tmp_path):
    """Newcomer: "tameside-letter.pdf" and "Tameside copy (2).pdf" in one folder: the copy's name
    became the document id, as upper case sorts first and the first by path was kept. The name that
    does not look like a copy is kept, for a copy of the same bytes or the same text (saved again);
    the skip line names the copy."""
    for make_copy in (lambda target: shutil.copy(PDF, target), lambda target: target.write_bytes(saved_again(PDF))):
        folder = tmp_path / f"letters-{len(list(tmp_path.iterdir()))}"
        folder.mkdir()
        letter, copy = folder / "westminster-letter.pdf", folder / "Westminster copy (2).pdf"
        shutil.copy(PDF, letter)
        make_copy(copy)
        assert sorted(folder.iterdir())[0] == copy  # first by path
        report = build_index([folder], folder.with_name(folder.name + "-idx"), cache_path=TEST_CACHE, progress=False)
        assert report.added == ["westminster-letter"] and report.documents == 1
        assert report.warnings == [f"{copy}: same content as {letter}, skipped"]


def test_copy_names_then_the_shortest_then_path_order():
    assert [looks_like_copy(stem) for stem in ("Tameside copy (2)", "tameside - Copy", "letter (2)", "letter copy",
                                               "Copy of letter", "letter_copy 3")] == [True] * 6
    assert not any(looks_like_copy(stem) for stem in ("tameside-letter", "ilacs-tameside-2019-07-01",
                                                      "copyright", "scopy", "letter 2019"))
    names = ["A copy.pdf", "Tameside copy (2).pdf", "tameside-letter (1).pdf", "tameside-letter-final.pdf",
             "tameside-letter.pdf", "tameside-letter.txt", "zz.pdf"]
    assert [p.name for p in preferred_order(Path(n) for n in names)] == [
        "zz.pdf", "tameside-letter.pdf", "tameside-letter.txt", "tameside-letter-final.pdf", "A copy.pdf",
        "Tameside copy (2).pdf", "tameside-letter (1).pdf"]


def test_cli_names_each_copy_and_unsupported_file_on_its_own_line(tmp_path):
    folder = tmp_path / "letters"
    folder.mkdir()
    shutil.copy(PDF, folder / "a.pdf")
    shutil.copy(PDF, folder / "b.pdf")
    (folder / "notes.docx").write_bytes(b"PK\x03\x04 a Word file")
    (folder / "a.meta").write_text("authority: Westminster\n", encoding="utf-8")  # a sidecar: read, not reported
    result = isearch("index", str(folder), "--index-dir", str(tmp_path / "index"), "-q")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert result.stderr.splitlines() == [
        f"warning: {folder / 'notes.docx'}: unsupported file type .docx {SUPPORTED}, skipped",
        f"warning: {folder / 'b.pdf'}: same content as {folder / 'a.pdf'}, skipped",
        "2 warnings above, each naming its file and what was done with it"]
    assert "indexed 1 document (0 unchanged)" in result.stdout  # was "1 documents"


def test_unsupported_files_in_a_folder_are_named(tmp_path):
    """A .docx (or any type the loader cannot read) found in a folder was passed over without a word."""
    shutil.copy(PDF, tmp_path / "letter.pdf")
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / "scan.JPG").write_bytes(b"\xff\xd8\xff")
    (tmp_path / "Makefile").write_text("all:\n", encoding="utf-8")
    (tmp_path / "letter.meta").write_text("kind: focused visit\n", encoding="utf-8")
    (tmp_path / ".DS_Store").write_bytes(b"\0")  # hidden: passed over
    scan = scan_paths([tmp_path])
    assert [p.name for p in scan.files] == ["letter.pdf"]
    assert scan.warnings == [f"{tmp_path / 'Makefile'}: unsupported file type (no extension) {SUPPORTED}, skipped",
                             f"{tmp_path / 'notes.docx'}: unsupported file type .docx {SUPPORTED}, skipped",
                             f"{tmp_path / 'scan.JPG'}: unsupported file type .jpg {SUPPORTED}, skipped"]
    assert scan_paths([tmp_path / "notes.docx"]).warnings == scan.warnings[1:2]  # named on its own: the same line


def test_a_folder_of_unsupported_files_only_says_so(tmp_path):
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    result = isearch("index", str(tmp_path), "--index-dir", str(tmp_path / "index"), "-q")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.splitlines() == [
        f"warning: {tmp_path / 'notes.docx'}: unsupported file type .docx {SUPPORTED}, skipped",
        "isearch: error: no documents to index (1 file skipped)"]  # was "1 files"
