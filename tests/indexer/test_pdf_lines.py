"""PDF lines into paragraphs and list items, on real Ofsted PDFs (tests/data/realdocs, copied from
shared/realdocs as published): symbol-font bullets, a line-end hyphen before a numbered reference,
a footnote marker opening a line, numbered paragraphs with a hanging indent."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from indexer.chunk import split_units
from indexer.load import load_document
from indexer.pdf_text import _starts_item, pdf_text

ROOT = Path(__file__).resolve().parents[2]
REALDOCS = ROOT / "tests" / "data" / "realdocs"
CORPUS = ROOT / "corpus"
_TEXT: dict[str, str] = {}


def text_of(doc_id: str) -> str:
    if doc_id not in _TEXT:
        _TEXT[doc_id] = pdf_text((REALDOCS / f"{doc_id}.pdf").read_bytes())
    return _TEXT[doc_id]


def test_symbol_font_control_code_bullets_become_list_items(tmp_path):
    # Haringey JAR 2009: PDFium reads its Wingdings bullets as the control code U+0083 (the font
    # maps no Unicode), which the loader dropped, so the items ran into one unit
    text = text_of("jar-haringey-2009-07-03")
    twin_marks = (CORPUS / "jar-haringey-2009-07-03.txt").read_text(encoding="utf-8").count("\x83")
    assert twin_marks == 31
    items = [m.start() for m in re.finditer(r"(?m)^• ", text)]
    assert len(items) == twin_marks
    assert not re.search(r"[\x80-\x9f\ue000-\uf8ff]", text)
    assert "following areas:\n\n• managing the backlog of cases from pre-1 December 2008 where insufficient action " \
           "or poor assessments had been made previously\n\n• recording and tracking cases" in text
    starts = {unit.start for unit in split_units(text)}
    assert all(item in starts for item in items)  # each item opens its own unit
    unit = next(u for u in split_units(text) if u.start == text.index("• managing the backlog"))
    assert text[unit.start:unit.end].endswith("had been made previously")
    doc, _ = load_document(REALDOCS / "jar-haringey-2009-07-03.pdf")  # as isearch index reads it
    assert doc.text.count("\n• ") == twin_marks


def test_line_end_hyphen_before_a_numbered_reference_goes_on():
    # Bracknell Forest JTAI 2019: "(MAPPA-" at a line end, "2) meetings" on the next line is
    # the rest of the reference, not a list item "2)"
    text = text_of("jtai-bracknell-forest-2019-03-08")
    assert "multi-agency public protection arrangements (MAPPA-2) meetings in Bracknell Forest." in text
    assert not re.search(r"(?m)^2\) meetings", text)
    assert "referrals to MAPPA-2 are not always considered" in text


@pytest.mark.parametrize("line, before, item", [
    ("2) meetings in Bracknell", "public protection arrangements (MAPPA-", False),  # a hyphen after a word
    ("2) below sets out", "as the plan (see paragraph", False),  # closes the bracket left open
    ("2. The council has", "arrangements (MAPPA-2) are good.", True),
    ("b) the timeliness of", "Inspectors looked at:", True),
    ("2. The next point", "a gap - ", True),  # a dash, not a hyphen after a word
    ("• an item", "the list (see", True),  # a bullet always opens an item
    ("2 December 2008", "since", False),  # no label
])
def test_starts_item_reads_the_line_before(line, before, item):
    assert _starts_item(line, before) is item


def test_footnote_marker_opening_a_line_of_body_text_is_taken_out():
    # Bracknell Forest JTAI 2019: the marker "1" after "Bracknell Forest." is the first character
    # of PDFium's next line; it was kept as if it were a footnote's own number
    text = text_of("jtai-bracknell-forest-2019-03-08")
    assert "abuse and neglect in Bracknell Forest. This inspection included a ‘deep dive’ focus" in text
    assert "Forest. 1 This" not in text
    note = "1 This joint inspection was conducted under section 20 of the Children Act 2004."
    assert text.count(note) == 1  # the footnote keeps its own number, after the body
    assert text.index(note) > text.index("This inspection included a ‘deep dive’")


def test_numbered_paragraphs_with_a_hanging_indent_are_whole():
    # SIF 2014-15: a numbered paragraph's later lines sit under its text, well right of the
    # number (3.8 em in Hampshire); each line after the first became a paragraph of its own
    hampshire = text_of("sif-hampshire-2014-04-22")
    assert "\n27. Children and their families have access to a wide range of good and still improving early " \
           "help services. Partners" in hampshire
    # Hull: the hang is 2.5 em of a line set smaller than the first (11.3 against 11.7 pt)
    hull = text_of("sif-kingston-upon-hull-2015-02-10")
    assert "social workers do not receive Domestic Abuse, Stalking and Harassment and Honour Based Violence " \
           "(DASH) risk" in hull
    for doc_id, text in (("sif-hampshire-2014-04-22", hampshire), ("sif-kingston-upon-hull-2015-02-10", hull)):
        assert not re.search(r"(?m)^\d{1,3}\. .*[^.:;!?]\n\n[a-z]", text), doc_id
        twin, _ = load_document(CORPUS / f"{doc_id}.txt")
        numbered = re.compile(r"(?m)^(\d{1,3})\.\s+(\S+ \S+)")
        assert numbered.findall(text) == numbered.findall(twin.text)
    assert len(re.findall(r"(?m)^\d{1,3}\. ", hampshire)) == 118


def test_heading_at_a_page_top_that_goes_on_below_is_not_a_running_header():
    # Stockton-on-Tees SIF 2016: "The experiences and progress of" opens two section headings at
    # the same height on two pages (pages 10 and 17), so it was dropped as a running header
    text = text_of("sif-stockton-on-tees-2016-08-05")
    assert "\nThe experiences and progress of children who need help and protection: Good\n" in text
    assert "\nThe experiences and progress of children looked after and achieving permanence: Requires " \
           "improvement\n" in text
    twin = (CORPUS / "sif-stockton-on-tees-2016-08-05.txt").read_text(encoding="utf-8")
    assert text.count("The experiences and progress of") == twin.count("The experiences and progress of") == 4
    assert not re.search(r"(?m)^children (?:who need|looked after)", text)
