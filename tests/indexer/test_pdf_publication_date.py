"""A PDF is dated as its corpus twin is: the day Ofsted published it (its listing, the corpus
headers and the file names use that date), on the real PDFs of tests/data/realdocs.

Newcomer: Liverpool's JTAI letter PDF was dated 2016-08-02 (the letter's own date line) and Hull's
SIF report 2015-02-03 (the first of its two "Report published" lines) where their twins and file
names say 2016-08-03 and 2015-02-10. (Tameside's ILACS report, which states only its inspection
dates, was dated by its /CreationDate, 2019-06-28, before 4f41613 took the name's 2019-07-01.)"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from indexer.load import load_document
from indexer.metadata import detect_date, publication_date

ROOT = Path(__file__).resolve().parents[2]
REALDOCS = ROOT / "tests" / "data" / "realdocs"
TWINNED = sorted(p.stem for p in REALDOCS.glob("*.pdf") if (ROOT / "corpus" / f"{p.stem}.txt").is_file())


def load_as(doc_id: str, name: str, folder: Path):
    target = folder / name
    shutil.copy(REALDOCS / f"{doc_id}.pdf", target)
    return load_document(target)[0]


@pytest.mark.parametrize("doc_id", TWINNED)
def test_a_pdf_is_dated_as_its_corpus_twin(doc_id, tmp_path):
    assert len(TWINNED) >= 17
    doc = load_as(doc_id, f"{doc_id}.pdf", tmp_path)
    twin, _ = load_document(ROOT / "corpus" / f"{doc_id}.txt")
    assert doc.date == twin.date == doc_id[-10:]


@pytest.mark.parametrize("doc_id, stated", [("jtai-liverpool-2016-08-03", "2016-08-02"),
                                            ("sif-kingston-upon-hull-2015-02-10", "2015-02-03")])
def test_the_published_date_in_the_name_wins_over_the_date_the_letter_was_signed(doc_id, stated, tmp_path):
    doc = load_as(doc_id, f"{doc_id}.pdf", tmp_path)
    assert detect_date(doc.text) == stated and doc.date == doc_id[-10:]
    # Ofsted's listing names the file by the same date
    listing = load_as(doc_id, "report - " + {"2016-08-03": "03 august 2016", "2015-02-10": "10 february 2015"}[
        doc_id[-10:]] + ".pdf", tmp_path)
    assert listing.date == doc_id[-10:]
    # a name without a date, or dated before the letter (the inspection's days), or long after it
    # (a download date): the date the letter states
    for name in ("letter.pdf", f"x-{stated[:4]}-01-05.pdf", f"downloaded {int(stated[:4]) + 1}-01-05.pdf"):
        assert load_as(doc_id, name, tmp_path).date == stated, name


def test_publication_date_rule():
    assert publication_date("2016-08-02", "2016-08-03", "2016-08-02", 31) == "2016-08-03"
    assert publication_date("", "2019-07-01", "2019-06-28", 31) == "2019-07-01"  # states none: after /CreationDate
    assert publication_date("", "", "2019-06-28", 31) == "2019-06-28"
    assert publication_date("2016-08-02", "2016-06-24", "2016-08-02", 31) == "2016-08-02"  # before it
    assert publication_date("2016-08-02", "2016-09-03", "", 31) == "2016-08-02"  # over 31 days after
    assert publication_date("", "2016-09-03", "", 31) == ""
