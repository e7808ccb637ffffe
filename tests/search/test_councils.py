"""The councils view (search/councils.py) and CSV export (search/export.py, isearch councils/query --csv),
on real letters and on the real slice index."""
from __future__ import annotations

import csv
import io
from urllib.parse import parse_qs, urlparse

from corpus_slice import CORPUS

from indexer.judgements import CARE_LEAVERS_COMBINED, GRADED, NOT_IN_FRAMEWORK, read_judgements
from indexer.load import load_document
from search.cli import main
from search.councils import (DECLINED, IMPROVED, NO_PREVIOUS, NOT_COMPARABLE, SAME, council_rows, councils_csv,
                             related_note)
from search.export import HIT_COLUMNS, hits_csv, letter_url

TAMESIDE = ("sif-tameside-2016-12-09", "ilacs-tameside-2019-07-01", "fv-tameside-2021-06-25",
            "fv-tameside-2022-06-06", "ilacs-tameside-2024-02-13")
MERTON = ("fv-merton-2019-02-08", "sif-merton-2017-08-25", "ilacs-merton-2022-05-09", "jtai-merton-2024-02-12")


def documents(ids):
    docs = [load_document(CORPUS / f"{doc_id}.txt")[0] for doc_id in ids]
    return docs, {doc.id: read_judgements(doc) for doc in docs if read_judgements(doc)}


def test_latest_inspection_previous_grades_direction_and_visits_since():
    docs, judgements = documents(TAMESIDE[:4])  # as it stood before the 2024 inspection
    [row] = council_rows(docs, judgements)
    assert (row.authority, row.latest.doc_id, row.latest.framework, row.latest.date) == \
        ("Tameside", "ilacs-tameside-2019-07-01", "ILACS", "2019-07-01")
    assert row.previous.doc_id == "sif-tameside-2016-12-09"
    assert row.grade("overall_effectiveness") == "requires improvement"
    assert row.previous_grade("overall_effectiveness") == "inadequate"
    assert row.direction["overall_effectiveness"] == IMPROVED
    assert row.direction["help_and_protection"] == IMPROVED  # SIF inadequate -> ILACS requires improvement
    # impact of leaders is not a SIF judgement: no direction is made up
    assert row.previous_grade("impact_of_leaders") == NOT_IN_FRAMEWORK
    assert row.direction["impact_of_leaders"] == NOT_COMPARABLE
    assert row.grade("care_leavers") == CARE_LEAVERS_COMBINED
    assert [(v.kind, v.date) for v in row.visits_since] == [("focused visit", "2021-06-25"), ("focused visit", "2022-06-06")]
    overall = row.grades["overall_effectiveness"]
    text = docs[1].text
    assert "Requires improvement to be good" in text[overall.start:overall.end]


def test_decline_and_no_visits_after_the_latest_inspection():
    docs, judgements = documents(TAMESIDE)
    [row] = council_rows(docs, judgements, authority="Tameside Metropolitan Borough Council")
    assert row.latest.doc_id == "ilacs-tameside-2024-02-13" and row.previous.date == "2019-07-01"
    assert row.direction["overall_effectiveness"] == DECLINED  # requires improvement -> inadequate
    assert row.grade("care_leavers") == "requires improvement"
    assert row.direction["care_leavers"] == NOT_COMPARABLE  # judged with children in care in 2019
    assert row.visits_since == ()
    assert row.to_dict()["areas"]["overall_effectiveness"]["direction"] == DECLINED


def test_one_row_per_council_sorted_and_filtered():
    docs, judgements = documents(TAMESIDE + MERTON)
    rows = council_rows(docs, judgements)
    assert [r.authority for r in rows] == ["Merton", "Tameside"]
    merton = rows[0]
    assert (merton.latest.doc_id, merton.previous.doc_id) == ("ilacs-merton-2022-05-09", "sif-merton-2017-08-25")
    assert merton.grade("overall_effectiveness") == "outstanding"
    assert merton.previous_grade("overall_effectiveness") == "good"
    assert merton.direction["overall_effectiveness"] == IMPROVED
    assert merton.visits_since == ()  # the 2019 focused visit came before; a JTAI is not a visit
    assert council_rows(docs, judgements, authority="Merton")[0].authority == "Merton"
    assert council_rows(docs, judgements, authority="Nowhere") == []
    only_visits, none = documents(("fv-tameside-2021-06-25",))
    assert council_rows(only_visits, none) == []


def test_same_and_improved_between_two_ilacs_inspections():
    docs, judgements = documents(("sif-sunderland-2018-07-25", "ilacs-sunderland-2021-08-20", "ilacs-sunderland-2025-03-11"))
    [row] = council_rows(docs, judgements)
    assert (row.latest.date, row.previous.date) == ("2025-03-11", "2021-08-20")
    assert row.direction["overall_effectiveness"] == SAME  # outstanding both times
    assert row.direction["impact_of_leaders"] == SAME
    assert row.direction["help_and_protection"] == IMPROVED  # good -> outstanding
    assert row.direction["care_leavers"] == NOT_COMPARABLE  # not judged on their own in 2021


def test_councils_csv_reads_back_with_the_csv_module():
    docs, judgements = documents(TAMESIDE + MERTON)
    text = councils_csv(council_rows(docs, judgements), link=letter_url)
    records = list(csv.DictReader(io.StringIO(text)))
    assert [r["authority"] for r in records] == ["Merton", "Tameside"]
    tameside = records[1]
    assert tameside["latest inspection"] == "ILACS" and tameside["latest date"] == "2024-02-13"
    assert tameside["overall effectiveness"] == "inadequate"
    assert tameside["overall effectiveness previous"] == "requires improvement"
    assert tameside["overall effectiveness direction"] == DECLINED
    assert tameside["leadership, management and governance"] == NOT_IN_FRAMEWORK  # explicit, never blank
    assert tameside["previous document"] == "ilacs-tameside-2019-07-01"
    link = urlparse(tameside["help and protection link"])
    params = parse_qs(link.query)
    assert params["doc"] == ["ilacs-tameside-2024-02-13"]
    start, end = map(int, params["hl"][0].split("-"))
    body = next(d for d in docs if d.id == "ilacs-tameside-2024-02-13").text
    assert body[start:end].startswith("The experiences and progress of children who need help and protection")
    assert body[start:end].endswith("Inadequate")
    for record in records:
        assert all(value != "" for key, value in record.items()
                   if not key.endswith((" link", "since")) and not key.startswith("previous"))


def run_cli(argv, capsys):
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_isearch_councils_csv_on_the_slice_index(small_index, small_index_dir, capsys):
    code, out, _ = run_cli(["councils", "--csv", "--index-dir", str(small_index_dir)], capsys)
    assert code == 0
    records = {r["authority"]: r for r in csv.DictReader(io.StringIO(out))}
    assert set(records) == {"Merton", "Tameside", "Sunderland"}  # the slice's councils with an ILACS letter
    tameside = records["Tameside"]
    assert (tameside["latest document"], tameside["overall effectiveness"]) == ("ilacs-tameside-2019-07-01",
                                                                               "requires improvement")
    assert tameside["focused visits since"] == "2021-06-25"
    assert tameside["overall effectiveness previous"] == NO_PREVIOUS  # the slice holds no earlier inspection
    assert records["Merton"]["overall effectiveness"] == "outstanding"
    assert small_index.judgements["ilacs-merton-2022-05-09"][0].status == GRADED

    code, out, _ = run_cli(["councils", "--json", "--authority", "Tameside", "--index-dir", str(small_index_dir)], capsys)
    assert code == 0 and '"ilacs-tameside-2019-07-01"' in out
    code, out, err = run_cli(["councils", "--authority", "Nowhere", "--index-dir", str(small_index_dir)], capsys)
    assert code == 2 and "Nowhere" in err and out == ""  # bad input, as `isearch query --authority Nowhere`
    code, out, _ = run_cli(["councils", "--index-dir", str(small_index_dir)], capsys)
    assert code == 0 and out.strip().endswith("3 councils")
    code, out, _ = run_cli(["councils", "--authority", "Tameside", "--index-dir", str(small_index_dir)], capsys)
    assert code == 0 and out.strip().endswith("\n1 council")


REORGANISED = ("ilacs-cumberland-2024-11-26", "ilacs-westmorland-and-furness-2024-07-12",
               "seed-cumbria-2017-06-13-monitoring-visit-letter", "ilacs-north-northamptonshire-2022-11-25",
               "ilacs-west-northamptonshire-2022-11-25", "ilacs-tameside-2019-07-01")


def test_an_abolished_council_gives_its_successors_rows_and_says_so():
    docs, judgements = documents(REORGANISED)
    cumbria = council_rows(docs, judgements, authority="Cumbria")  # a visit letter only: no row of its own
    assert [row.authority for row in cumbria] == ["Cumberland", "Westmorland and Furness"]
    assert related_note("Cumbria", cumbria) == ("Cumbria: showing its successors Cumberland, Westmorland and Furness "
                                                "(Cumbria has no ILACS or SIF inspection of its own in the index)")
    northants = council_rows(docs, judgements, authority="northamptonshire county council")
    assert [row.authority for row in northants] == ["North Northamptonshire", "West Northamptonshire"]
    assert related_note("Northamptonshire", northants).startswith(
        "Northamptonshire: showing its successors North Northamptonshire, West Northamptonshire")
    # a successor's rows are its own (Cumbria, its predecessor, has no inspection): no note
    [cumberland] = council_rows(docs, judgements, authority="Cumberland")
    assert cumberland.authority == "Cumberland" and related_note("Cumberland", [cumberland]) == ""
    assert [row.authority for row in council_rows(docs, judgements, authority="Tameside")] == ["Tameside"]


def test_isearch_councils_for_an_abolished_council(tmp_path_factory, capsys):
    from corpus_slice import build_slice_index

    folder = str(build_slice_index(tmp_path_factory, "reorganised", REORGANISED[:3]))
    code, out, err = run_cli(["councils", "--authority", "Cumbria", "--index-dir", folder], capsys)
    assert code == 0 and out.strip().endswith("2 councils")
    assert "Cumberland" in out and "Westmorland and Furness" in out
    assert err.strip() == ("Cumbria: showing its successors Cumberland, Westmorland and Furness "
                           "(Cumbria has no ILACS or SIF inspection of its own in the index)")
    code, out, err = run_cli(["councils", "--authority", "Atlantis", "--index-dir", folder], capsys)
    assert (code, out) == (2, "") and err.count("\n") == 1 and "'Atlantis'" in err
    code, out, err = run_cli(["councils", "--authority", "Tameside", "--index-dir", folder], capsys)  # known, no letters
    assert (code, out) == (2, "") and "'Tameside'" in err


def test_isearch_query_csv_reads_back(small_index, small_index_dir, capsys):
    code, out, _ = run_cli(["query", "agency", "staff", "in", "Merton", "-k", "4", "--csv",
                            "--index-dir", str(small_index_dir)], capsys)
    assert code == 0
    reader = csv.DictReader(io.StringIO(out))
    records = list(reader)
    assert tuple(reader.fieldnames) == HIT_COLUMNS
    assert len(records) == 4 and [r["rank"] for r in records] == ["1", "2", "3", "4"]
    for record in records:
        body = small_index.document(record["document"]).text
        start, end = int(record["span start"]), int(record["span end"])
        assert record["passage"] == body[start:end]  # verbatim, newlines and commas survive the round trip
        assert record["authority"] == small_index.documents[small_index.doc_row[record["document"]]].authority
        assert parse_qs(urlparse(record["link"]).query) == {"doc": [record["document"]], "hl": [f"{start}-{end}"]}
    assert hits_csv([]).strip() == ",".join(HIT_COLUMNS)
