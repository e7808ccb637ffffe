"""Cross-check the grades read from the letters against the published history CSV.

    python -m eval.judgements_check [CORPUS ...] [--verdicts FILE]

Loads every ILACS and SIF letter under the corpus folders (no index, no embedding), reads
its grades per area (indexer/judgements.py) and compares them with
data/meta_ofsted_csc_ilacs_history.csv (the LA data collaborative's scrape of the same
letters). A letter is matched to the CSV row of the same authority published within 45 days
of the letter's date. Prints agreement per area over the (letter, area) pairs that both
sides grade, then every disagreement: letter, area, ours, the CSV's, and which side is wrong
(from eval/judgements_verdicts.json, written after reading each letter; "unchecked" until then).
Exit code 0 when agreement is at least 98%, 1 below it, 2 on bad input.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from indexer.authorities import authority_key, canonical_authority
from indexer.judgements import GRADED, HISTORY_CSV, ILACS, AreaJudgement, normalise_grade, read_judgements
from indexer.load import LoadError, load_document, scan_paths

# the CSV's columns for each area we read (the CSV holds ILACS grades only)
CSV_COLUMNS = {
    "overall_effectiveness": "overall_effectiveness_grade",
    "impact_of_leaders": "impact_of_leaders_grade",
    "help_and_protection": "help_and_protection_grade",
    "children_in_care": "in_care_grade",
    "care_leavers": "care_leavers_grade",
}
WINDOW_DAYS = 45
TARGET = 0.98
VERDICTS = Path(__file__).resolve().parent / "judgements_verdicts.json"


@dataclass(frozen=True)
class Disagreement:
    """One (letter, area) pair the two sides grade differently."""

    doc_id: str
    area: str
    ours: str
    ours_text: str
    csv: str
    wrong: str  # "CSV", "ours" or "unchecked", with the reason


def history_rows(path: Path = HISTORY_CSV) -> dict[str, list[dict]]:
    """The CSV's rows by authority key, each with its publication date parsed (`_date`)."""
    rows: dict[str, list[dict]] = {}
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            try:
                row["_date"] = dt.datetime.strptime(row["publication_date"].strip(), "%d/%m/%y").date()
            except ValueError:
                continue
            rows.setdefault(authority_key(canonical_authority(row["local_authority"])), []).append(row)
    return rows


def csv_row_for(rows: dict[str, list[dict]], authority: str, date: str) -> dict | None:
    """The CSV row for a letter: same authority, published within WINDOW_DAYS of `date`."""
    try:
        when = dt.date.fromisoformat(date)
    except ValueError:
        return None
    candidates = rows.get(authority_key(canonical_authority(authority)), [])
    best = min(candidates, key=lambda row: abs((row["_date"] - when).days), default=None)
    return best if best is not None and abs((best["_date"] - when).days) <= WINDOW_DAYS else None


def compare(judgements: dict[str, list[AreaJudgement]], rows_for: dict[str, dict | None],
            verdicts: dict[str, str]) -> tuple[dict[str, list[int]], list[Disagreement], list[str]]:
    """Per area [agreements, pairs both grade], the disagreements, and the CSV cells that are
    not a grade where we read one. A pair counts when our status is GRADED and the CSV cell
    normalises to a grade."""
    tally = {area: [0, 0] for area in CSV_COLUMNS}
    wrong: list[Disagreement] = []
    unusable: list[str] = []
    for doc_id, areas in judgements.items():
        row = rows_for.get(doc_id)
        if row is None:
            continue
        for judgement in areas:
            column = CSV_COLUMNS.get(judgement.area)
            if column is None or judgement.status != GRADED:
                continue
            theirs = row[column].strip()
            if not normalise_grade(theirs):
                if theirs not in ("", "inspection_pre_dates_judgement"):
                    unusable.append(f"{doc_id} | {judgement.area} | ours: {judgement.grade} | CSV: {theirs!r}")
                continue
            tally[judgement.area][1] += 1
            if normalise_grade(theirs) == judgement.grade:
                tally[judgement.area][0] += 1
            else:
                wrong.append(Disagreement(doc_id, judgement.area, judgement.grade, judgement.grade_text, theirs,
                                          verdicts.get(f"{doc_id}|{judgement.area}", "unchecked")))
    return tally, wrong, unusable


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.judgements_check", description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="*", default=["corpus"], help="corpus files or folders (default corpus/)")
    parser.add_argument("--verdicts", default=str(VERDICTS), help="JSON {'doc|area': 'which side is wrong, why'}")
    args = parser.parse_args(argv)
    try:
        scan = scan_paths([Path(p) for p in args.corpus])
        verdicts = json.loads(Path(args.verdicts).read_text(encoding="utf-8")) if Path(args.verdicts).exists() else {}
        rows = history_rows()
    except (FileNotFoundError, ValueError, OSError) as exc:
        print(f"judgements_check: error: {exc}", file=sys.stderr)
        return 2
    judgements: dict[str, list[AreaJudgement]] = {}
    rows_for: dict[str, dict | None] = {}
    frameworks = {"ILACS": 0, "SIF": 0}
    for path in scan.files:
        try:
            doc, _ = load_document(path)
        except LoadError as exc:
            print(f"warning: {exc}", file=sys.stderr)
            continue
        areas = read_judgements(doc)
        if not areas:
            continue
        frameworks[areas[0].framework] += 1
        judgements[doc.id] = areas
        rows_for[doc.id] = csv_row_for(rows, doc.authority, doc.date) if areas[0].framework == ILACS else None
    tally, wrong, unusable = compare(judgements, rows_for, verdicts)
    statuses: dict[str, int] = {}
    for areas in judgements.values():
        for judgement in areas:
            statuses[judgement.status] = statuses.get(judgement.status, 0) + 1
    matched = sum(row is not None for row in rows_for.values())
    print(f"letters read: {frameworks['ILACS']} ILACS, {frameworks['SIF']} SIF; "
          f"ILACS letters matched to a CSV row: {matched} (the CSV grades no SIF letter)")
    print("statuses of (letter, area) pairs: " + "; ".join(f"{n} {s}" for s, n in sorted(statuses.items())))
    print(f"\n{'area':24} {'agree':>6} {'pairs':>6} {'agreement':>9}")
    for area, (agree, total) in tally.items():
        print(f"{area:24} {agree:6d} {total:6d} {agree / total if total else 0:9.1%}")
    agree, total = sum(t[0] for t in tally.values()), sum(t[1] for t in tally.values())
    share = agree / total if total else 0.0
    print(f"{'all areas':24} {agree:6d} {total:6d} {share:9.1%}")
    print(f"\n{len(wrong)} disagreements (letter, area, ours [letter's words], CSV, which side is wrong):")
    for item in wrong:
        print(f"- {item.doc_id} | {item.area} | {item.ours} [{item.ours_text!r}] | CSV: {item.csv} | {item.wrong}")
    print(f"\n{len(unusable)} pairs where the CSV cell is not a grade (left out of the agreement):")
    for line in unusable:
        print(f"- {line}")
    return 0 if share >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
