"""Real overall-effectiveness grades per authority and inspection, from the published history CSV."""
from __future__ import annotations

import csv
import datetime as dt
from functools import lru_cache
from pathlib import Path

from indexer.authorities import authority_key, canonical_authority

HISTORY_CSV = Path(__file__).resolve().parent.parent / "data" / "meta_ofsted_csc_ilacs_history.csv"
_GRADES = {"outstanding", "good", "requires improvement", "inadequate"}


def _parse(value: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(value.strip(), "%d/%m/%y").date()
    except ValueError:
        return None


@lru_cache(maxsize=1)
def _history() -> dict[str, list[tuple[dt.date, str]]]:
    table: dict[str, list[tuple[dt.date, str]]] = {}
    if not HISTORY_CSV.exists():
        return table
    with HISTORY_CSV.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            grade = row.get("overall_effectiveness_grade", "").strip().lower()
            published = _parse(row.get("publication_date", ""))
            if grade in _GRADES and published:
                key = authority_key(canonical_authority(row["local_authority"]))
                table.setdefault(key, []).append((published, grade))
    return table


def lookup_judgement(authority: str, date: str, window_days: int = 45) -> str:
    """The grade published for `authority` within `window_days` of `date`; "" if none."""
    if not authority or len(date) != 10:
        return ""
    try:
        when = dt.date.fromisoformat(date)
    except ValueError:
        return ""
    rows = _history().get(authority_key(canonical_authority(authority)), [])
    best = min(rows, key=lambda row: abs((row[0] - when).days), default=None)
    if best and abs((best[0] - when).days) <= window_days:
        return best[1]
    return ""
