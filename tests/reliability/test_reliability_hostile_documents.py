"""Hostile and odd documents in the corpus folder: each gets a warning naming it, the rest indexes.

One `isearch index` over real letters plus every kind of bad file we could think of, in a
fresh process with a time limit (a FIFO or /dev/zero used to hang the build for ever).
"""
from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest
from pypdf import PdfWriter

from corpus_slice import CORPUS, SLICE_IDS, TEST_CACHE, copy_slice, text_pdf
from indexer.header import split_header
from reliability_support import isearch, record
from search.index import open_index

GOOD = SLICE_IDS[:3]
HEADER = b"title: Focused visit to Bury local authority children's services\nauthority: Bury\ndate: 2021-06-25\nkind: focused visit\n---\n"


def written(writer: PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def sparse(path: Path, size: int, start: bytes = b"") -> None:
    """A file of `size` bytes written in an instant: `start`, then a hole."""
    with open(path, "wb") as handle:
        handle.write(start)
        handle.truncate(size)


@pytest.fixture(scope="module")
def hostile_corpus(tmp_path_factory):
    """(folder, {shown name: expected words in its warning}, good PDF text)."""
    folder = copy_slice(tmp_path_factory.mktemp("hostile") / "corpus", GOOD)
    body = split_header((CORPUS / "fv-tameside-2021-06-25.txt").read_text("utf-8"))[1]
    lines = [line for line in body.split("\n") if line.strip()][:25]
    good_pdf = text_pdf(lines)
    (folder / "letter-scan-ok.pdf").write_bytes(good_pdf)

    expected: dict[str, str] = {}

    def bad(name: str, data: bytes, words: str) -> None:
        (folder / name).write_bytes(data)
        expected[name] = words

    bad("empty.txt", b"", "empty file")
    bad("blank.md", b" \n\t\n  \n", "empty file")
    bad("binary.txt", bytes(range(256)) * 64, "binary file")
    bad("random.html", bytes((i * 151 + 7) % 256 | 0x80 for i in range(4000)), "not UTF-8")
    bad("latin1.txt", HEADER + "Le café était fermé; l'équipe a été réduite.".encode("latin-1"), "not UTF-8")
    bad("cp1252.md", HEADER + "Inspectors said “agency staff” – about 40% – had left.".encode("cp1252"), "not UTF-8")
    bad("utf16.txt", (HEADER.decode() + "Agency staff had left.").encode("utf-16"), "binary file")
    bad("header-only.txt", HEADER + b"\n\n", "no text after the header")
    bad("controls-only.txt", HEADER + b"\x01\x02\x07\x1b\x7f\xef\xbb\xbf\x0c\xc2\x85", "no text after the header")
    bad("script-only.html", b"<html><head><title>x</title><style>p{}</style></head><body><script>alert(1)</script></body></html>",
        "no text after the header")
    blank = PdfWriter()
    blank.add_blank_page(595, 842)
    bad("scanned.pdf", written(blank), "no text layer")
    locked = PdfWriter(clone_from=io.BytesIO(good_pdf))
    locked.encrypt("pw")
    bad("locked.pdf", written(locked), "password-protected")
    bad("truncated.pdf", good_pdf[: len(good_pdf) // 2], "malformed PDF")
    bad("not-a.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <</Type /Catalog>> garbage", "malformed PDF")
    sparse(folder / "huge-text.txt", 50 * 1024 * 1024)
    expected["huge-text.txt"] = "too large"
    sparse(folder / "huge-scan.pdf", 50 * 1024 * 1024, start=b"%PDF-1.4\n")
    expected["huge-scan.pdf"] = "too large"
    shutil.copy(folder / f"{GOOD[0]}.txt", folder / "zz-copy-under-another-name.txt")
    expected["zz-copy-under-another-name.txt"] = f"same content as {folder / GOOD[0]}.txt"
    os.symlink(folder, folder / "loop")
    expected["loop"] = "symlink loop"
    os.mkfifo(folder / "pipe.txt")
    expected["pipe.txt"] = "not a regular file"
    os.symlink("/dev/zero", folder / "zero.txt")
    expected["zero.txt"] = "not a regular file"
    os.symlink(folder / "gone.txt", folder / "dangling.txt")
    expected["dangling.txt"] = "broken symlink"
    shutil.copy(CORPUS / "news-familylaw-2013-10-21-one-in-seven-inadequate.txt", os.fsencode(folder) + b"/caf\xe9.txt")
    expected["caf\ufffd.txt"] = "file name is not valid UTF-8"
    os.mkfifo(folder / f"{GOOD[1]}.meta")  # a sidecar that is a FIFO: ignored with a warning, letter indexed
    expected[f"{GOOD[1]}.meta"] = "not a regular file"
    (folder / "sub.txt").mkdir()  # a folder named like a letter is walked, not read
    return folder, expected, lines


def test_each_bad_file_is_named_and_the_rest_indexes(hostile_corpus, tmp_path):
    folder, expected, pdf_lines = hostile_corpus
    index_dir = tmp_path / "index"
    env = {"ISEARCH_CACHE": str(TEST_CACHE)}
    result = isearch("index", str(folder), "--index-dir", str(index_dir), "-q", env=env, timeout=600)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    for name, words in expected.items():
        lines = [w for w in warnings if f"{folder}/{name}" in w or (name.startswith("caf") and "caf" in w)]
        assert lines and words in lines[0], (name, words, warnings)
    assert len(warnings) == len(expected), "\n".join(warnings)
    # latin1.txt and cp1252.md are read as Windows-1252, with their warning (issue 11)
    assert f"indexed {len(GOOD) + 3} documents" in result.stdout, result.stdout

    index = open_index(index_dir)
    assert sorted(d.id for d in index.documents) == sorted([*GOOD, "letter-scan-ok", "latin1", "cp1252"])
    assert "Le café était fermé" in index.document("latin1").text
    assert "“agency staff” – about 40%" in index.document("cp1252").text
    phrase = " ".join(max(pdf_lines, key=len).split()[:10])
    hits = index.search(phrase, k=3, mode="keyword")
    assert hits and hits[0].doc_id in ("letter-scan-ok", "fv-tameside-2021-06-25")

    again = isearch("index", str(folder), "--index-dir", str(index_dir), "-q", env=env, timeout=600)
    assert again.returncode == 0 and "up to date" in again.stdout and "Traceback" not in again.stderr
    record("hostile_documents", len(expected))


def test_bad_file_given_by_name_is_a_warning_not_a_hang(hostile_corpus, tmp_path):
    """Paths named on the command line get the same checks as files found in a folder."""
    folder, _, _ = hostile_corpus
    names = ["pipe.txt", "zero.txt", "dangling.txt", "huge-text.txt", "locked.pdf", f"{GOOD[2]}.txt"]
    result = isearch("index", *(str(folder / n) for n in names), "--index-dir", str(tmp_path / "index"), "-q",
                     env={"ISEARCH_CACHE": str(TEST_CACHE)}, timeout=600)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    for name in names[:-1]:
        assert any(line.startswith("warning: ") and name in line for line in result.stderr.splitlines()), name
    assert "indexed 1 document (" in result.stdout
