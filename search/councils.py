"""Every council's judgements at a glance: one row per local authority, from the index's
documents and the grades read from its letters (indexer/judgements.py).

Pure functions over `Index.documents` and `Index.judgements`: one pass to group the letters
by authority, then a sort of each authority's few letters, so the view is O(documents).
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from indexer.authorities import authority_key, canonical_authority, lineage, related_councils, split_authorities
from indexer.judgements import ALL_AREAS, AREA_LABELS, AREAS, FRAMEWORK_OF_KIND, GRADED, AreaJudgement
from indexer.schema import DocumentInfo
from search.wording import counted

VISIT_KINDS = ("focused visit", "monitoring visit")
# grades in order, worst first: a higher number is a better grade
GRADE_ORDER = {"inadequate": 1, "requires improvement": 2, "good": 3, "outstanding": 4}
IMPROVED, DECLINED, SAME = "improved", "declined", "same"
NO_PREVIOUS = "no previous inspection"
NOT_COMPARABLE = "not comparable"  # one side has no grade for the area


@dataclass(frozen=True)
class Inspection:
    """An ILACS or SIF inspection letter."""

    doc_id: str
    kind: str
    framework: str  # "ILACS" or "SIF"
    date: str  # YYYY-MM-DD


@dataclass(frozen=True)
class Visit:
    """A focused or monitoring visit letter."""

    doc_id: str
    kind: str
    date: str


@dataclass(frozen=True)
class CouncilRow:
    """One council: its latest inspection with the grade per area (each with the span of the
    letter that states it), the inspection before, the direction per area, and the focused and
    monitoring visits since the latest inspection (oldest first)."""

    authority: str
    latest: Inspection
    grades: dict[str, AreaJudgement]  # area -> judgement (every area of ALL_AREAS)
    previous: Inspection | None = None
    previous_grades: dict[str, AreaJudgement] = field(default_factory=dict)
    direction: dict[str, str] = field(default_factory=dict)  # area -> IMPROVED | DECLINED | SAME | ...
    visits_since: tuple[Visit, ...] = ()

    def grade(self, area: str) -> str:
        """The area's grade, or the explicit reason there is none (never blank)."""
        judgement = self.grades[area]
        return judgement.grade if judgement.status == GRADED else judgement.status

    def previous_grade(self, area: str) -> str:
        if self.previous is None:
            return NO_PREVIOUS
        judgement = self.previous_grades.get(area)
        if judgement is None:
            return NOT_COMPARABLE
        return judgement.grade if judgement.status == GRADED else judgement.status

    def to_dict(self) -> dict:
        """Nested, JSON-ready: the areas of the latest inspection's framework only."""
        areas = {}
        for area in AREAS[self.latest.framework]:
            judgement = self.grades[area]
            areas[area] = {"grade": self.grade(area), "grade_text": judgement.grade_text,
                           "span": [judgement.start, judgement.end] if judgement.end else None,
                           "previous": self.previous_grade(area), "direction": self.direction.get(area, "")}
        return {"authority": self.authority, "latest": vars(self.latest),
                "previous": vars(self.previous) if self.previous else None, "areas": areas,
                "visits_since": [vars(v) for v in self.visits_since]}


def direction(before: AreaJudgement | None, after: AreaJudgement) -> str:
    """IMPROVED, DECLINED or SAME between two graded judgements of an area; NOT_COMPARABLE when
    either has no grade (not judged, not in that framework)."""
    if before is None or before.status != GRADED or after.status != GRADED:
        return NOT_COMPARABLE
    change = GRADE_ORDER[after.grade] - GRADE_ORDER[before.grade]
    return IMPROVED if change > 0 else DECLINED if change < 0 else SAME


def council_rows(documents: Sequence[DocumentInfo], judgements: Mapping[str, list[AreaJudgement]],
                 authority: str | None = None) -> list[CouncilRow]:
    """One row per council that has at least one dated ILACS or SIF letter, sorted by name.

    `authority` keeps only that council (matched as the index matches authority names, so
    "Tameside Council" finds Tameside) and, as a filter does, the councils it replaced or was
    replaced by (indexer.authorities.lineage: Cumbria gives Cumberland's and Westmorland and
    Furness's rows; related_note says so). Inspections and visits with no full date are left out.
    """
    wanted = {authority_key(name) for name in lineage(authority)} if authority else None
    letters: dict[str, tuple[str, list[DocumentInfo]]] = {}
    for doc in documents:
        if len(doc.date) != 10 or (doc.kind not in FRAMEWORK_OF_KIND and doc.kind not in VISIT_KINDS):
            continue
        for name in split_authorities(doc.authority):
            key = authority_key(name)
            if wanted is None or key in wanted:
                letters.setdefault(key, (name, []))[1].append(doc)
    rows = []
    for name, docs in letters.values():
        row = _council_row(name, docs, judgements)
        if row is not None:
            rows.append(row)
    return sorted(rows, key=lambda r: r.authority.lower())


def related_note(authority: str, rows: Sequence[CouncilRow]) -> str:
    """A line naming the rows council_rows(..., authority) gave for councils other than `authority`
    (its predecessors or successors, authority_changes.csv), e.g. "Cumbria: showing its successors
    Cumberland, Westmorland and Furness (Cumbria has no ILACS or SIF inspection of its own in the index)";
    "" when every row is `authority`'s own."""
    name = canonical_authority(authority)
    own = authority_key(name)
    relation = {authority_key(other): kind for other, kind in related_councils(name).items()}
    others = [row for row in rows if authority_key(row.authority) != own]
    if not others:
        return ""
    groups: dict[str, list[str]] = {}
    for row in others:
        groups.setdefault(relation.get(authority_key(row.authority), "related council"), []).append(row.authority)
    shown = "; ".join(f"its {kind}{'s' if len(names) > 1 else ''} {', '.join(names)}" for kind, names in groups.items())
    if len(others) < len(rows):
        return f"{name}: showing {shown} as well"
    return f"{name}: showing {shown} ({name} has no ILACS or SIF inspection of its own in the index)"


def _council_row(name: str, docs: list[DocumentInfo], judgements: Mapping[str, list[AreaJudgement]]) -> CouncilRow | None:
    inspections = sorted((d for d in docs if d.kind in FRAMEWORK_OF_KIND and d.id in judgements),
                         key=lambda d: (d.date, d.id))
    if not inspections:
        return None
    latest, previous = inspections[-1], inspections[-2] if len(inspections) > 1 else None
    grades = {j.area: j for j in judgements[latest.id]}
    previous_grades = {j.area: j for j in judgements[previous.id]} if previous else {}
    trend = {area: direction(previous_grades.get(area), grades[area]) if previous else NO_PREVIOUS
             for area in ALL_AREAS}
    visits = tuple(Visit(d.id, d.kind, d.date) for d in sorted(docs, key=lambda d: (d.date, d.id))
                   if d.kind in VISIT_KINDS and d.date > latest.date)
    return CouncilRow(name, _inspection(latest), grades, _inspection(previous) if previous else None,
                      previous_grades, trend, visits)


def _inspection(doc: DocumentInfo) -> Inspection:
    return Inspection(doc.id, doc.kind, FRAMEWORK_OF_KIND[doc.kind], doc.date)


def flat_row(row: CouncilRow, link=None) -> dict[str, str]:
    """One council as a flat record of strings (the CSV's and the app table's columns).

    `link(doc_id, start, end) -> str`, when given, fills each area's `<area> link` column.
    """
    record = {"authority": row.authority, "latest inspection": row.latest.framework,
              "latest date": row.latest.date, "latest document": row.latest.doc_id}
    for area in ALL_AREAS:
        label = AREA_LABELS[area].lower()
        judgement = row.grades[area]
        record[label] = row.grade(area)
        record[f"{label} previous"] = row.previous_grade(area)
        record[f"{label} direction"] = row.direction.get(area, "")
        if link is not None:
            record[f"{label} link"] = link(judgement.doc_id, judgement.start, judgement.end) if judgement.end else ""
    record["previous inspection"] = row.previous.framework if row.previous else ""
    record["previous date"] = row.previous.date if row.previous else ""
    record["previous document"] = row.previous.doc_id if row.previous else ""
    for kind in VISIT_KINDS:
        record[f"{kind}s since"] = "; ".join(v.date for v in row.visits_since if v.kind == kind)
    return record


def councils_csv(rows: Iterable[CouncilRow], link=None) -> str:
    """The rows as CSV text (header line first), written with the csv module."""
    records = [flat_row(row, link) for row in rows]
    out = io.StringIO()
    columns = list(records[0]) if records else list(flat_row(_EMPTY, link))
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(records)
    return out.getvalue()


_EMPTY = CouncilRow("", Inspection("", "ILACS inspection", "ILACS", ""),
                    {area: AreaJudgement("", "ILACS", area, "") for area in ALL_AREAS})


def render_councils(rows: Sequence[CouncilRow]) -> str:
    """A plain-text table for the terminal: council, latest inspection, overall grade and its
    direction, and the visits since."""
    lines = [f"{'council':28} {'latest inspection':22} {'overall effectiveness':34} {'direction':16} visits since"]
    for row in rows:
        visits = ", ".join(f"{v.kind.split()[0]} {v.date}" for v in row.visits_since) or "-"
        lines.append(f"{row.authority[:28]:28} {row.latest.framework + ' ' + row.latest.date:22} "
                     f"{row.grade('overall_effectiveness')[:34]:34} {row.direction['overall_effectiveness'][:16]:16} {visits}")
    lines.append(counted(len(rows), "council"))
    return "\n".join(lines)
