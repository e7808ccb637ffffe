"""Page furniture left in the curated .txt letters (running headers, page lines, Ofsted's address
blocks) is removed when a letter is loaded, joining the sentences it cut; nothing else is lost."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from corpus_slice import CORPUS
from eval.questions import load_questions
from eval.relevance import collapse_ws
from indexer.chunk import chunk_text
from indexer.header import split_header
from indexer.load import load_document, scan_paths
from indexer.txt_clean import clean_letter_text

ROOT = Path(__file__).resolve().parents[2]


def body(doc_id: str) -> str:
    return split_header((CORPUS / f"{doc_id}.txt").read_text(encoding="utf-8"))[1]


def test_ilacs_running_headers_go_and_the_sentences_they_cut_are_joined():
    doc, _ = load_document(CORPUS / "ilacs-liverpool-2023-05-25.txt")
    raw = body("ilacs-liverpool-2023-05-25")
    header = "Inspection of Liverpool local authority children’s services"
    assert raw.count(header + "\n") == 13 and raw.count("\n13 to 24 March 2023\n") == 12
    assert doc.text.startswith(header + "\nInspection dates: 13 to 24 March 2023\n")  # the title stays
    assert doc.text.count(header) == 1 and "\n13 to 24 March 2023" not in doc.text
    # headers in mid-sentence, with and without blank lines around them
    assert "Plans are routinely reviewed and amended through child-friendly meetings, which are well attended." in doc.text
    assert "When there is a potential crime and there are child protection concerns, joint enquiries" in doc.text
    assert "appointments following the COVID-19 pandemic, getting children to dental appointments" in doc.text
    # a header between paragraphs leaves the paragraph break
    assert "ensure that children are protected.\n\n11. When the risks of criminal" in doc.text
    passages = chunk_text(doc.id, doc.text)
    assert [i for i, p in enumerate(passages) if header in p.text] == [0]


def test_words_removed_are_exactly_the_furniture_lines():
    for doc_id, headers, addresses in (("ilacs-liverpool-2023-05-25", 24, 9), ("sif-kingston-upon-hull-2015-02-10", 14, 18),
                                       ("fv-barking-and-dagenham-2022-06-10", 0, 8)):
        raw = body(doc_id)
        cleaned = clean_letter_text(raw)
        kinds = [r.kind for r in cleaned.removed]
        assert (kinds.count("running header"), kinds.count("address")) == (headers, addresses), doc_id
        assert len(raw.split()) - len(cleaned.text.split()) == sum(len(r.line.split()) for r in cleaned.removed)
        assert sorted(cleaned.text.split()) == sorted(w for line in _kept_lines(raw, cleaned) for w in line.split())


def _kept_lines(raw: str, cleaned) -> list[str]:
    removed = [r.line for r in cleaned.removed]
    kept = []
    for line in raw.split("\n"):
        if removed and line == removed[0]:
            removed.pop(0)
        else:
            kept.append(line)
    return kept


def test_ofsted_letterhead_goes_and_the_addressee_stays():
    doc, _ = load_document(CORPUS / "fv-barking-and-dagenham-2022-06-10.txt")
    assert doc.text.startswith("10 June 2022\nElaine Allegretti\nDirector of People and Resilience\n"
                               "The London Borough of Barking and Dagenham\n1 Town Square\nBarking\nIG11 7LU\n")
    assert not re.search(r"Piccadilly|Store Street|M1 2WD|Textphone|enquiries@ofsted", doc.text)


def test_back_matter_address_goes_but_sentences_naming_ofsted_contacts_stay():
    doc, _ = load_document(CORPUS / "ilacs-liverpool-2023-05-25.txt")
    assert "Piccadilly Gate" not in doc.text and "© Crown copyright" not in doc.text
    assert "please telephone 0300 123 1231, or email enquiries@ofsted.gov.uk." in doc.text
    assert doc.text.endswith("updates: http://eepurl.com/iTrDn.\n")


def test_a_partners_address_is_not_ofsteds():
    doc, _ = load_document(CORPUS / "send-bury-2024-05-07.txt")
    assert "NHS Greater Manchester ICB\nMark Fisher, Chief Executive www.gmintegratedcare.org.uk\n4th Floor\n" \
           "Piccadilly Place\nManchester\nM1 3BN" in doc.text


@pytest.mark.parametrize("doc_id, joined, gone", [
    ("ilacs-portsmouth-2023-07-03", "children are able to receive the right level of support", "\n15 to 19 May 2023."),
    ("ilacs-trafford-2026-08-03", "the strengthening practice programme is developing", "8 June to 19 June 26"),
    ("fv-southend-on-sea-2023-06-28", "plans do not contain specific, time-bound actions", "Page 2 of 4"),
    ("send-telford-wrekin-2023-07-03", "What is the area partnership doing that is effective?",
     "Area SEND inspection report: Telford and Wrekin Local Area Partnership, 20 to 24 March\n2023"),
])
def test_other_header_forms(doc_id, joined, gone):
    doc, _ = load_document(CORPUS / f"{doc_id}.txt")
    assert gone in body(doc_id) and gone not in doc.text
    assert joined in doc.text


def test_bare_page_numbers_go_like_page_x_of_y():
    raw = body("fv-southend-on-sea-2023-06-28")
    numbered = re.sub(r"\nPage (\d) of 4\n", r"\n\1\n", raw)
    assert numbered != raw and "\n3\n" in numbered
    assert clean_letter_text(numbered).text == clean_letter_text(raw).text


def test_letter_without_furniture_is_unchanged():
    raw = body("news-bournemouthecho-bcp-second-monitoring-visit-letter")
    assert clean_letter_text(raw).text == raw and clean_letter_text(raw).removed == ()


def test_evidence_of_the_scored_question_sets_is_still_in_its_letter():
    for name in ("dev.jsonl", "grades.jsonl", "own.jsonl"):
        for q in load_questions(ROOT / "eval" / "questions" / name):
            if not q.doc:
                continue
            text = collapse_ws(load_document(CORPUS / f"{q.doc}.txt")[0].text)
            for evidence in q.evidence:
                assert collapse_ws(evidence) in text, (name, q.id, evidence)


def test_folder_readme_and_sources_are_skipped_with_a_note(tmp_path):
    shutil.copy(CORPUS / "fv-tameside-2021-06-25.txt", tmp_path / "fv-tameside-2021-06-25.txt")
    (tmp_path / "SOURCES.md").write_text(  # as ../shared/realdocs/SOURCES.md begins; tests never read ../shared
        "# Sources of the real Ofsted PDFs\n\nEach file was downloaded from reports.ofsted.gov.uk.\n", encoding="utf-8")
    (tmp_path / "README.txt").write_text("Letters downloaded from reports.ofsted.gov.uk.\n", encoding="utf-8")
    (tmp_path / "readme.md").write_text("# Notes\n", encoding="utf-8")
    scan = scan_paths([tmp_path])
    assert [p.name for p in scan.files] == ["fv-tameside-2021-06-25.txt"]
    assert sorted(scan.warnings) == sorted(f"{tmp_path / n}: the folder's {n}, not a letter: skipped"
                                           for n in ("SOURCES.md", "README.txt", "readme.md"))
    assert [p.name for p in scan_paths([tmp_path / "SOURCES.md"]).files] == ["SOURCES.md"]  # named: read


def test_markdown_heading_markers_never_reach_passages(tmp_path):
    raw = (CORPUS / "ilacs-liverpool-2023-05-25.txt").read_text(encoding="utf-8")
    headings = ("What needs to improve?", "The experiences and progress of children who need help and protection: inadequate")
    assert all(f"\n{h}\n" in raw for h in headings)
    marked = raw.replace(f"\n{headings[0]}\n", f"\n## {headings[0]} ##\n").replace(f"\n{headings[1]}\n", f"\n### {headings[1]}\n")
    marked = marked.replace("---\nInspection of Liverpool local authority children’s services\n",
                            "---\n# Inspection of Liverpool local authority children’s services\n")
    path = tmp_path / "ilacs-liverpool-2023-05-25.md"
    path.write_text(marked, encoding="utf-8")
    doc, _ = load_document(path)
    assert doc.text == load_document(CORPUS / "ilacs-liverpool-2023-05-25.txt")[0].text
    chunks = chunk_text(doc.id, doc.text)
    assert not any("#" in c.text or "#" in c.heading for c in chunks)
    assert headings[1] in {c.heading for c in chunks}


def test_setext_underlines_are_dropped_from_markdown(tmp_path):
    raw = (CORPUS / "fv-tameside-2021-06-25.txt").read_text(encoding="utf-8")
    assert "\nFindings\n" in raw
    path = tmp_path / "fv-tameside-2021-06-25.md"
    path.write_text(raw.replace("\nFindings\n", "\nFindings\n--------\n"), encoding="utf-8")
    assert load_document(path)[0].text == load_document(CORPUS / "fv-tameside-2021-06-25.txt")[0].text


def test_cp1252_letter_is_read_with_a_warning(tmp_path):
    raw = (CORPUS / "fv-tameside-2021-06-25.txt").read_text(encoding="utf-8")
    lines = raw.split("\n")[:60]  # header, letterhead, addressee and the first findings
    lines = [line for line in lines if line.encode("cp1252", "ignore").decode("cp1252") == line]  # "◼" has no cp1252 byte
    sliced = "\n".join(lines) + "\n"
    assert "’" in sliced and len(lines) > 40  # U+2019: byte 0x92 in cp1252, not valid UTF-8
    (tmp_path / "utf8").mkdir()
    (tmp_path / "utf8" / "fv-tameside-2021-06-25.txt").write_text(sliced, encoding="utf-8")
    path = tmp_path / "fv-tameside-2021-06-25.txt"
    path.write_bytes(sliced.encode("cp1252"))
    doc, warnings = load_document(path)
    assert doc.text == load_document(tmp_path / "utf8" / "fv-tameside-2021-06-25.txt")[0].text
    assert doc.authority == "Tameside" and "Children’s Services" in doc.text
    assert len(warnings) == 1 and warnings[0].startswith(f"{path}: not UTF-8") and "Windows-1252" in warnings[0]
