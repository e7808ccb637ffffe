"""Metadata detection on real letters with their header removed, checked against the header."""
from __future__ import annotations

import json
from pathlib import Path

from indexer.authorities import canonical_authority, find_authorities
from indexer.header import split_header
from indexer.judgements import lookup_judgement
from indexer.metadata import detect_authority, detect_date, detect_inspection_dates, detect_judgement, detect_kind

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def letters(prefix: str, limit: int = 60):
    for path in sorted(CORPUS.glob(f"{prefix}-*.txt"))[:limit]:
        fields, body = split_header(path.read_text(encoding="utf-8"))
        if ";" not in fields["authority"]:
            yield fields, body


def share(pairs) -> float:
    pairs = list(pairs)
    return sum(a == b for a, b in pairs) / len(pairs)


def test_authority_detected_from_letter_text():
    for prefix in ("fv", "ilacs", "sif", "jtai"):
        assert share((detect_authority(b), canonical_authority(f["authority"])) for f, b in letters(prefix)) >= 0.97, prefix


def test_focused_visit_letter_date_is_the_date_at_the_top():
    assert share((detect_date(b), f["date"]) for f, b in letters("fv", 120)) >= 0.97


def test_kind_detected_from_title_wording():
    for prefix in ("fv", "ilacs", "sif", "jtai"):
        assert share((detect_kind(b), f["kind"]) for f, b in letters(prefix)) >= 0.9, prefix


def test_judgement_wording_matches_published_grade():
    pairs = [(detect_judgement(b), lookup_judgement(f["authority"], f["date"])) for f, b in letters("ilacs", 80)]
    graded = [(a, b) for a, b in pairs if b]
    assert len(graded) >= 70
    assert share(graded) >= 0.97


def test_authority_names_are_tolerant_of_council_suffixes():
    assert canonical_authority("London Borough of Barnet") == "Barnet"
    assert canonical_authority("Telford & Wrekin Council") == "Telford and Wrekin"
    assert canonical_authority("Durham County Council") == "Durham"
    assert find_authorities("agency staff in tameside and Bury, then reading the letter") == ["Tameside", "Bury"]


def _body(doc_id: str) -> str:
    return split_header((CORPUS / f"{doc_id}.txt").read_text(encoding="utf-8"))[1]


def test_inspection_dates_from_report_and_letter_wording():
    assert detect_inspection_dates(_body("ilacs-tameside-2019-07-01")) == ("2019-05-13", "2019-05-24")
    assert detect_inspection_dates(_body("ilacs-cornwall-2024-08-22")) == ("2024-07-01", "2024-07-05")
    assert detect_inspection_dates(_body("sif-bury-2016-05-16")) == ("2016-02-22", "2016-03-17")
    # a letter: "... children's services on 5 and 6 November 2024", the sentence wrapping after the name
    assert detect_inspection_dates(_body("fv-barnsley-2024-12-05")) == ("2024-11-05", "2024-11-06")
    assert detect_inspection_dates(_body("fv-merton-2020-11-20")) == ("2020-10-06", "2020-10-08")
    # an area SEND report also gives its previous inspection's dates: those are not taken
    assert detect_inspection_dates(_body("send-bury-2024-05-07")) == ("2024-02-12", "2024-02-16")


def test_inspection_dates_found_and_before_publication_across_the_corpus():
    found = total = 0
    for prefix in ("fv", "ilacs", "sif", "jtai"):
        for fields, body in letters(prefix, 400):
            start, end = detect_inspection_dates(body)
            total += 1
            if start:
                found += 1
                assert start <= end <= fields["date"], (fields["title"], start, end, fields["date"])
    assert found / total >= 0.95


def test_report_date_is_not_the_inspection_date():
    assert detect_date(_body("ilacs-tameside-2019-07-01")) == ""  # states no date of its own
    assert detect_date(_body("sif-bury-2016-05-16")) == "2016-05-16"  # "Report published: 16 May 2016"
    assert detect_date(_body("fv-merton-2020-11-20")) == "2020-11-20"  # the letter's date line


def test_page_about_many_councils_is_other_with_no_authority():
    for doc_id in ("news-narrativecare-quarter-childrens-services-outstanding",
                   "news-communitycare-2021-10-27-inadequate-councils-progress"):
        body = _body(doc_id)
        assert detect_kind(body) == "other" and detect_authority(body) == "", doc_id
    sandwell = _body("lac-sandwell-2013-08-02")  # names five councils, but opens with its own
    assert detect_authority(sandwell) == "Sandwell"


def test_inspection_dates_written_to_and_read_from_documents_jsonl(tmp_path):
    from indexer.doc_store import read_infos, write_documents
    from indexer.load import load_document
    from indexer.schema import DOCUMENTS

    doc, _ = load_document(CORPUS / "ilacs-tameside-2019-07-01.txt")
    assert (doc.inspection_start, doc.inspection_end) == ("2019-05-13", "2019-05-24")
    write_documents(tmp_path, [doc])
    infos, _ = read_infos(tmp_path)
    assert (infos[0].inspection_start, infos[0].inspection_end, infos[0].date) == ("2019-05-13", "2019-05-24", "2019-07-01")
    # a documents.jsonl written before the fields existed still opens, with them empty
    record = json.loads((tmp_path / DOCUMENTS).read_text(encoding="utf-8"))
    del record["inspection_start"], record["inspection_end"]
    (tmp_path / DOCUMENTS).write_text(json.dumps(record) + "\n", encoding="utf-8")
    old, _ = read_infos(tmp_path)
    assert (old[0].inspection_start, old[0].inspection_end, old[0].authority) == ("", "", "Tameside")
