"""Loading each format from real letters: header files, Markdown, HTML, PDF, sidecar metadata."""
from __future__ import annotations

import html
import shutil
from pathlib import Path

import pytest

from corpus_slice import text_pdf
from indexer.header import split_header
from indexer.load import LoadError, load_document, scan_paths

ROOT = Path(__file__).resolve().parents[2]
LETTER = ROOT / "corpus" / "fv-tameside-2021-06-25.txt"


def letter_body() -> tuple[dict, str]:
    return split_header(LETTER.read_text(encoding="utf-8"))


def test_text_file_with_header_block():
    doc, warnings = load_document(LETTER)
    assert warnings == []
    assert doc.id == "fv-tameside-2021-06-25"
    assert doc.authority == "Tameside"
    assert doc.date == "2021-06-25"
    assert doc.kind == "focused visit"
    assert doc.title.startswith("Focused visit")
    assert doc.text.startswith("25 June 2021\nRichard Hancock\n")  # Ofsted's letterhead left out (loader 5)
    assert "title:" not in doc.text[:200]


def test_markdown_file_reads_like_text(tmp_path):
    target = tmp_path / "fv-tameside-2021-06-25.md"
    shutil.copy(LETTER, target)
    assert load_document(target)[0].text == load_document(LETTER)[0].text


def test_html_letter_text_and_detected_metadata(tmp_path):
    _, body = letter_body()
    paragraphs = [p for p in body.split("\n") if p.strip()]
    page = ("<html><head><title>Ofsted</title><style>p {color: red}</style>"
            "<script>alert('x')</script></head><body><h1>Focused visit to Tameside local authority children’s services</h1>"
            + "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs) + "</body></html>")
    path = tmp_path / "tameside-letter.html"
    path.write_text(page, encoding="utf-8")
    doc, _ = load_document(path)
    assert doc.title == "Focused visit to Tameside local authority children’s services"
    assert doc.authority == "Tameside"
    assert doc.kind == "focused visit"
    assert doc.date == "2021-06-25"
    assert "alert(" not in doc.text and "color: red" not in doc.text
    assert paragraphs[30] in doc.text


def test_pdf_letter_text_and_detected_metadata(tmp_path):
    _, body = letter_body()
    lines = [line.strip() for line in body.split("\n") if line.strip()][:45]
    path = tmp_path / "tameside.pdf"
    path.write_bytes(text_pdf(lines))
    doc, _ = load_document(path)
    assert doc.authority == "Tameside"
    assert doc.kind == "focused visit"
    assert doc.date == "2021-06-25"
    assert "Her Majesty’s Chief Inspector" in body  # the letter's own wording, curly apostrophe
    assert lines[20] in doc.text


def test_sidecar_meta_overrides_detection(tmp_path):
    path = tmp_path / "letter.pdf"
    _, body = letter_body()
    path.write_bytes(text_pdf([line for line in body.split("\n") if line.strip()][:30]))
    (tmp_path / "letter.meta").write_text("authority: Oldham\ndate: 2021-07\nkind: monitoring visit\n", encoding="utf-8")
    doc, _ = load_document(path)
    assert (doc.authority, doc.date, doc.kind) == ("Oldham", "2021-07", "monitoring visit")


@pytest.mark.parametrize("name, data, reason", [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\n ", "empty file"),
    ("binary.txt", b"\x00\x01\x02binary\x00" * 50, "binary file"),
    ("neither.txt", b"title: Cafe\n---\nLe caf\xe9 \x81\x8d na\xefve", "nor Windows-1252"),
    ("broken.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\nthis is not a pdf", "PDF"),
    ("header-only.txt", b"title: Nothing\nauthority: Bury\n---\n\n", "no text after the header"),
])
def test_bad_files_raise_load_error_naming_the_file(tmp_path, name, data, reason):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(LoadError) as info:
        load_document(path)
    assert str(path) in str(info.value) and reason in str(info.value)


def test_impossible_header_date_warns_and_keeps_document(tmp_path):
    path = tmp_path / "odd.txt"
    path.write_text(LETTER.read_text(encoding="utf-8").replace("date: 2021-06-25", "date: 2021-02-30"), encoding="utf-8")
    doc, warnings = load_document(path)
    assert doc.date == ""
    assert len(warnings) == 1 and str(path) in warnings[0] and "2021-02-30" in warnings[0]


def test_scan_finds_supported_files_and_survives_symlink_loops(tmp_path):
    (tmp_path / "sub").mkdir()
    shutil.copy(LETTER, tmp_path / "sub" / "a.txt")
    (tmp_path / "notes.docx").write_bytes(b"x")
    (tmp_path / "sub" / "loop").symlink_to(tmp_path)
    scan = scan_paths([tmp_path])
    assert [p.name for p in scan.files] == ["a.txt"]
    assert any("symlink loop" in w for w in scan.warnings)
    with pytest.raises(FileNotFoundError):
        scan_paths([tmp_path / "missing"])
