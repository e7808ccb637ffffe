"""PDF text on real Ofsted PDFs (tests/data/realdocs, copied from shared/realdocs as published):
what reaches passages is what a reader sees, and metadata matches the curated .txt twin."""
from __future__ import annotations

import datetime as dt
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from indexer.chunk import chunk_text, split_units
from indexer.hyphens import load_vocabulary
from indexer.judgements import read_judgements
from indexer.load import LoadError, load_document, pdf_created
from indexer.metadata import detect_date
from indexer.pdf_text import pdf_text

ROOT = Path(__file__).resolve().parents[2]
REALDOCS = ROOT / "tests" / "data" / "realdocs"
CORPUS = ROOT / "corpus"
TWINS = ("fv-essex-2021-11-22", "ilacs-merton-2022-05-09", "jtai-liverpool-2016-08-03", "sif-bury-2016-05-16",
         "send-bury-2024-05-07", "send-plymouth-2023-08-22")
_TEXT: dict[str, str] = {}


def text_of(doc_id: str) -> str:
    if doc_id not in _TEXT:
        _TEXT[doc_id] = pdf_text((REALDOCS / f"{doc_id}.pdf").read_bytes())
    return _TEXT[doc_id]


def copy_pdf(doc_id: str, folder: Path) -> Path:
    """A copy with no sidecar beside it, so metadata comes from the PDF alone."""
    target = folder / f"{doc_id}.pdf"
    shutil.copy(REALDOCS / f"{doc_id}.pdf", target)
    return target


@pytest.mark.parametrize("doc_id", TWINS)
def test_no_page_furniture_in_any_passage(doc_id):
    text = text_of(doc_id)
    for chunk in chunk_text(doc_id, text):
        for line in chunk.text.split("\n"):
            line = line.strip()
            assert not re.fullmatch(r"(?:page\s*)?\d{1,3}(?:\s*of\s*\d{1,3})?", line, re.IGNORECASE), (doc_id, line)
            assert not re.search(r"Piccadilly Gate|Store Street|M1 2WD|Textphone", line), (doc_id, line)
    assert "\uf06e" not in text and "\uf02d" not in text


def test_running_header_and_footer_dropped_but_title_kept():
    text = text_of("ilacs-merton-2022-05-09")
    assert text.startswith("Inspection of Merton local authority children’s services\n")
    assert text.count("Inspection of Merton local authority children’s services") == 1
    assert text.count("28 February to 4 March 2022") == 1  # the "Inspection dates" line only
    assert "28 February to 4 March 2022 2" not in text


@pytest.mark.parametrize("doc_id, sentence", [
    ("fv-essex-2021-11-22", "Additional pressures on services during the pandemic have resulted in periodic "
                            "pauses in the audit programme."),
    ("ilacs-merton-2022-05-09", "Dedicated, experienced staff and carers are highly ambitious for children and "
                                "work very well together"),
    ("ilacs-merton-2022-05-09", "When it is in young people’s interests, their PAs remain involved beyond 25 years"),
    ("sif-bury-2016-05-16", "Staff who were spoken to understand the needs of their children and young people "
                            "well, but this is not always reflected in the written file."),
    # a footnote sits between the two halves of this sentence on the page
    ("jtai-liverpool-2016-08-03", "particularly within children’s social care and Merseyside Police – prevent "
                                  "senior managers from understanding"),
])
def test_sentence_across_a_page_break_is_whole(doc_id, sentence):
    assert sentence in text_of(doc_id)


def test_sentence_across_a_page_break_is_one_passage_unit():
    text = text_of("fv-essex-2021-11-22")
    start = text.index("Additional pressures on services during the")
    unit = next(u for u in split_units(text) if u.start <= start < u.end)
    assert text[unit.start:unit.end].endswith("pauses in the audit programme.")
    assert not unit.heading


def test_footnote_markers_detached_and_footnotes_moved_to_the_end():
    text = text_of("sif-bury-2016-05-16")
    assert "Board1" not in text and "area2" not in text
    assert ("\nInspection of services for children in need of help and protection, children looked after and care "
            "leavers And Review of the effectiveness of the Local Safeguarding Children Board\n") in text
    assert "\nInformation about this local authority area\n" in text
    note = ("2 The local authority was given the opportunity to review this section of the report and has "
            "updated it with local unvalidated data where this was available.")
    assert note in text
    assert text.index(note) > text.index("Information about this inspection")
    liverpool = text_of("jtai-liverpool-2016-08-03")
    assert liverpool.index("1 This joint inspection was conducted under section 20 of the Children Act 2004.") \
        > liverpool.index("prevent senior managers from understanding")


def test_wingdings_bullets_become_list_items_on_their_own_lines():
    text = text_of("jtai-liverpool-2016-08-03")
    items = [line for line in text.split("\n") if line.startswith("• ")]
    assert len(items) >= 20
    assert "\n• Management arrangements for the safeguarding of children and young people when they are " \
           "assessed at adult emergency departments (EDs) in Liverpool are inconsistent and not robust." in text
    item = text.index("• Management arrangements")
    unit = next(u for u in split_units(text) if u.start <= item < u.end)
    assert unit.start == item  # the bullet opens its own unit, not glued to the sentence before


def test_line_end_hyphens_joined_for_one_word_kept_for_compounds():
    b13 = pdf_text((REALDOCS / "b13-hyphenated-lines.pdf").read_bytes())
    assert "arrangements for safeguarding children" in b13
    assert "strategy meetings are held promptly" in b13
    assert "are not completed quickly enough" in b13
    assert "safe-" not in b13
    assert "embed a multi-agency and coordinated response" in text_of("fv-essex-2021-11-22")
    liverpool = text_of("jtai-liverpool-2016-08-03")
    assert "honour-based" in liverpool and "drop-in" in liverpool
    bury = text_of("sif-bury-2016-05-16")
    assert "up-to-date" in bury and "decision-making" in bury


def test_hyphen_vocabulary_decides_from_counts_not_a_list():
    vocabulary = load_vocabulary()
    assert vocabulary.is_one_word("safe", "guarding")
    assert not vocabulary.is_one_word("pre", "proceedings")  # the twins lost this hyphen; the corpus says compound
    assert not vocabulary.is_one_word("long", "term")
    assert not vocabulary.is_one_word("zzqx", "wyvk")  # unknown: keep the hyphen
    assert vocabulary.is_one_word("wyvk", "zzqx", Counter({"wyvkzzqx": 1}))  # the document's own word decides


@pytest.mark.parametrize("doc_id", TWINS)
def test_no_numeric_or_fragment_headings(doc_id):
    text = text_of(doc_id)
    units = split_units(text)
    for i, unit in enumerate(units):
        if not unit.heading:
            continue
        heading = text[unit.start:unit.end]
        following = text[units[i + 1].start:units[i + 1].end] if i + 1 < len(units) else ""
        assert re.search(r"[^\W\d_]", heading), (doc_id, heading)
        assert not heading[:1].islower() and not following[:1].islower(), (doc_id, heading, following[:40])
        assert heading.split()[-1].lower() not in {"and", "or", "of", "the", "to", "in", "for", "with"}, (doc_id, heading)


@pytest.mark.parametrize("doc_id", TWINS)
def test_metadata_equals_the_twin_header(doc_id, tmp_path):
    doc, _ = load_document(copy_pdf(doc_id, tmp_path))
    twin, _ = load_document(CORPUS / f"{doc_id}.txt")
    assert (doc.authority, doc.kind, doc.judgement) == (twin.authority, twin.kind, twin.judgement)
    assert abs((dt.date.fromisoformat(doc.date) - dt.date.fromisoformat(twin.date)).days) <= 7, (doc.date, twin.date)


def test_sif_title_wrapping_over_lines_is_whole_and_its_kind_found(tmp_path):
    doc, _ = load_document(copy_pdf("sif-bury-2016-05-16", tmp_path))
    assert doc.kind == "SIF inspection"
    assert doc.title == ("Bury Borough Council Inspection of services for children in need of help and protection, "
                         "children looked after and care leavers And Review of the effectiveness of the Local "
                         "Safeguarding Children Board")
    assert doc.judgement == "requires improvement"
    assert doc.date == "2016-05-16"  # "Report published: 16 May 2016", not the inspection's dates
    assert (doc.inspection_start, doc.inspection_end) == ("2016-02-22", "2016-03-17")


# Real reports whose text states no date of their own (only the inspection's), with the day their
# PDF was made (/CreationDate). Each was published days later: the date in its file name, its twin's
# header and the publication_date of data/meta_ofsted_csc_ilacs_history.csv (ILACS).
UNDATED = {"ilacs-sunderland-2021-08-20": "2021-08-19", "ilacs-wiltshire-2023-12-12": "2023-12-11",
           "ilacs-merton-2022-05-09": "2022-05-06", "ilacs-derbyshire-2024-01-12": "2024-01-11",
           "send-bury-2024-05-07": "2024-05-03", "sif-hampshire-2014-04-22": "2014-04-16"}


@pytest.mark.parametrize("doc_id", UNDATED)
def test_report_without_a_stated_date_is_dated_by_its_publication_not_its_pdf_or_inspection(doc_id, tmp_path):
    """Newcomer: Sunderland's and Wiltshire's reports were dated a day before their file names say:
    the day the PDF was made (as written in /CreationDate, the same day in UTC), not the day Ofsted
    published it, which the file name carries."""
    pdf = copy_pdf(doc_id, tmp_path)
    doc, _ = load_document(pdf)
    twin, _ = load_document(CORPUS / f"{doc_id}.txt")
    assert detect_date(doc.text) == "" and doc.inspection_end < UNDATED[doc_id]  # nothing else dates it
    assert pdf_created(pdf.read_bytes()) == UNDATED[doc_id]
    assert doc.date == twin.date == doc_id[-10:]


def test_a_file_name_dated_otherwise_is_not_taken_for_the_publication_date(tmp_path):
    source = REALDOCS / "ilacs-sunderland-2021-08-20.pdf"  # made 2021-08-19, inspected 28 June to 9 July 2021
    for name, date in (("children's services inspection - 20 august 2021.pdf", "2021-08-20"),  # Ofsted's listing
                       ("sunderland-ilacs-2021-07-09.pdf", "2021-08-19"),  # the inspection's last day
                       ("sunderland downloaded 2022-01-05.pdf", "2021-08-19"),  # long after it was made
                       ("sunderland 2021-08-20 to 2021-08-24.pdf", "2021-08-19"),  # which one?
                       ("sunderland.pdf", "2021-08-19")):
        target = tmp_path / name
        shutil.copy(source, target)
        assert load_document(target)[0].date == date, name
        target.unlink()


def test_letter_date_and_visit_dates(tmp_path):
    doc, _ = load_document(copy_pdf("fv-essex-2021-11-22", tmp_path))
    assert doc.date == "2021-11-22"
    assert (doc.inspection_start, doc.inspection_end) == ("2021-10-18", "2021-10-19")


def test_sidecar_overrides_every_field_of_a_pdf(tmp_path):
    pdf = copy_pdf("ilacs-merton-2022-05-09", tmp_path)
    pdf.with_suffix(".meta").write_text(
        "authority: Sutton\ndate: 2022-05-09\nkind: other\ninspection_start: 2022-02-27\ninspection_end: 2022-03-05\n",
        encoding="utf-8")
    doc, warnings = load_document(pdf)
    assert (doc.authority, doc.date, doc.kind) == ("Sutton", "2022-05-09", "other")
    assert (doc.inspection_start, doc.inspection_end) == ("2022-02-27", "2022-03-05")
    assert not warnings


def test_encrypted_pdf_with_empty_password_is_read_aes_too(tmp_path):
    pypdf = pytest.importorskip("pypdf")
    pytest.importorskip("cryptography")  # pypdf writes AES with it
    plain = text_of("fv-essex-2021-11-22")
    for algorithm in ("AES-256", "AES-128", "RC4-128"):
        writer = pypdf.PdfWriter(clone_from=str(REALDOCS / "fv-essex-2021-11-22.pdf"))
        writer.encrypt(user_password="", owner_password="owner-secret", algorithm=algorithm)
        target = tmp_path / f"fv-essex-2021-11-22-{algorithm}.pdf"
        with open(target, "wb") as handle:
            writer.write(handle)
        assert pypdf.PdfReader(str(target)).is_encrypted
        doc, _ = load_document(target)
        assert doc.text == plain, algorithm
        assert doc.authority == "Essex"


def test_pdf_with_a_user_password_is_a_one_line_load_error(tmp_path):
    pypdf = pytest.importorskip("pypdf")
    pytest.importorskip("cryptography")
    writer = pypdf.PdfWriter(clone_from=str(REALDOCS / "fv-essex-2021-11-22.pdf"))
    writer.encrypt(user_password="secret", owner_password="secret", algorithm="AES-256")
    target = tmp_path / "locked.pdf"
    with open(target, "wb") as handle:
        writer.write(handle)
    with pytest.raises(LoadError) as caught:
        load_document(target)
    assert str(caught.value) == f"{target}: password-protected PDF, skipped"


def test_truncated_pdf_is_a_load_error_naming_the_file(tmp_path):
    target = tmp_path / "cut.pdf"
    target.write_bytes((REALDOCS / "fv-essex-2021-11-22.pdf").read_bytes()[:2000])
    with pytest.raises(LoadError) as caught:
        load_document(target)
    assert str(caught.value).startswith(f"{target}: ") and "\n" not in str(caught.value)


def test_raised_ordinal_suffix_joins_its_number():
    # "4<sup>th</sup> Floor": PDFium puts the raised "th" on a line of its own; it read "4 th Floor"
    text = text_of("send-bury-2024-05-07")
    assert "4th Floor" in text
    assert not re.search(r"\b\d+ (?:st|nd|rd|th)\b", text)


def test_ruled_table_is_read_row_by_row_with_cells_apart():
    # the partnership details table: two ruled columns whose cells PDFium ran together
    # ("Executive Director of Mark Fisher, Chief Executive Children's Services"), and whose
    # name and address cells became headings of their own
    text = text_of("send-bury-2024-05-07")
    assert ("Local area partnership details\n\n"
            "Local Authority: Integrated Care Board\n"
            "Bury Metropolitan Borough Council: NHS Greater Manchester ICB\n"
            "Jeanette Richards, Executive Director of Children’s Services: Mark Fisher, Chief Executive\n"
            "www.bury.gov.uk: www.gmintegratedcare.org.uk\n"
            "3 Knowsley Place, Duke Street, Bury, BL9 0EL: 4th Floor, Piccadilly Place, Manchester, M1 3BN\n\n"
            "Information about this inspection\n") in text
    plymouth = text_of("send-plymouth-2023-08-22")
    assert ("Sharon Muldoon, Director of Children’s Services: Jane Milligan, CEO Devon Integrated Care Board\n"
            "www.plymouth.gov.uk: www.onedevon.org.uk\n"
            "Plymouth City Council, Plymouth, PL1 3BJ: NHS Devon, County Hall, Topsham Road, Exeter, Devon, EX2 4QD\n"
            ) in plymouth
    heading_texts = [plymouth[u.start:u.end] for u in split_units(plymouth) if u.heading]
    assert "Jane Milligan, CEO Devon Integrated Care Board" not in heading_texts


def test_grade_table_rows_are_label_value_lines_and_grades_read_as_from_the_twin(tmp_path):
    text = text_of("ilacs-merton-2022-05-09")
    assert "\nOverall effectiveness: Outstanding\n" in text
    doc, _ = load_document(copy_pdf("ilacs-merton-2022-05-09", tmp_path))
    twin, _ = load_document(CORPUS / "ilacs-merton-2022-05-09.txt")
    assert [(j.area, j.status, j.grade) for j in read_judgements(doc)] == \
           [(j.area, j.status, j.grade) for j in read_judgements(twin)]


def test_prose_in_a_ruled_box_stays_paragraphs():
    # SEND "areas for priority action": ruled rows of (responsible body, action); an action of
    # paragraphs and bullets stays paragraphs, a one-sentence action is its row's value
    text = text_of("send-bury-2024-05-07")
    assert "\n• children’s access to support from education, health and social care to improve the early" in text
    assert ("\nBury Metropolitan Borough Council and NHS Greater Manchester ICB: Leaders across the partnership "
            "should establish and implement a strategic approach to high-quality transitions for children and "
            "young people with SEND from birth to 25.\n") in text


def test_paragraph_numbers_at_a_tab_stop_are_set_apart_from_their_text():
    # Derbyshire ILACS 2024: from "10." on, PDFium draws no space between a paragraph's number and
    # its first word at the tab stop ("10.Emerging"), so the word was lost to keyword search
    text = text_of("ilacs-derbyshire-2024-01-12")
    assert "\n10. Emerging risks to children and young people missing" in text
    assert not re.search(r"(?m)^\d{1,3}\.[^\W\d_]", text)
    twin, _ = load_document(CORPUS / "ilacs-derbyshire-2024-01-12.txt")
    numbered = re.compile(r"(?m)^(\d{1,3})\.\s+(\S+)")
    assert numbered.findall(text) == numbered.findall(twin.text)  # all 54, each with its first word
    assert len(numbered.findall(text)) == 54


@pytest.mark.parametrize("doc_id", ["send-plymouth-2023-08-22", "fv-essex-2021-11-22", "ilacs-merton-2022-05-09",
                                    "jtai-liverpool-2016-08-03", "sif-bury-2016-05-16"])
def test_list_items_open_with_the_twins_mark(doc_id, tmp_path):
    # a visible bullet ("◼") stays as printed, as in the .txt twin; a Wingdings one (private use,
    # Liverpool JTAI and Bury SIF) becomes "•", as the loader reads it in the twin (indexer.bullets)
    doc, _ = load_document(copy_pdf(doc_id, tmp_path))
    twin, _ = load_document(CORPUS / f"{doc_id}.txt")
    item = re.compile(r"(?m)^[ \t]*([◼•▪●])[ \t]*(\S+ \S+)")
    assert item.findall(doc.text) == item.findall(twin.text)
    assert len(item.findall(doc.text)) >= 1
    assert not re.search(r"[\ue000-\uf8ff]", doc.text)
