"""Grade questions: "how was Bromley graded for care leavers?" is answered by the sentence or table
entry in which the letter states that grade (read at index time by indexer/judgements.py)."""
from __future__ import annotations

import re

from indexer.judgements import CARE_LEAVERS_COMBINED, GRADED, AreaJudgement

# The judgement area a question asks about, first match wins; none named: overall effectiveness.
# Sources: Ofsted's ILACS framework (2018-) and SIF (2013-2018) judgement areas.
AREA_WORDS = (
    ("care_leavers", re.compile(r"care[- ]leav|care[- ]experienced|leaving care", re.IGNORECASE)),
    ("adoption", re.compile(r"adopt", re.IGNORECASE)),
    ("children_in_care", re.compile(r"children in care|child in care|looked[- ]after|\bCLA\b|\bLAC\b|permanence",
                                    re.IGNORECASE)),
    ("help_and_protection", re.compile(r"help and protection|child protection|need(?:s|ing)? (?:of )?help|protect",
                                       re.IGNORECASE)),
    ("impact_of_leaders", re.compile(r"leaders|leadership|management|governance", re.IGNORECASE)),
)
# the same area under the other framework's name
SIF_AREA = {"children_in_care": "children_looked_after", "impact_of_leaders": "leadership"}


def asked_area(query: str) -> str:
    """The judgement area `query` asks about (an indexer.judgements area name)."""
    return next((area for area, pattern in AREA_WORDS if pattern.search(query)), "overall_effectiveness")


def stated_grade(judgements: dict[str, list[AreaJudgement]], doc_rows: list[tuple[str, str]], query: str,
                 years: tuple[int, ...] = ()) -> AreaJudgement | None:
    """The graded AreaJudgement that answers `query` among the letters `doc_rows` ([(document id,
    date)] of the councils the query names): the letter of a year the query names, else the
    latest; None when no such letter states a grade for the area asked about."""
    letters = [(doc_id, date) for doc_id, date in doc_rows if doc_id in judgements]
    if years:
        letters = [(doc_id, date) for doc_id, date in letters if date[:4].isdigit() and int(date[:4]) in years] or [
            (doc_id, date) for doc_id, date in letters if date[:4].isdigit() and int(date[:4]) - 1 in years]
    if not letters:
        return None
    doc_id = max(letters, key=lambda row: row[1])[0]
    return area_grade(judgements[doc_id], asked_area(query))


def area_grade(letter: list[AreaJudgement], area: str) -> AreaJudgement | None:
    """The graded judgement of one letter (its AreaJudgements) for `area` (an asked_area name):
    care leavers judged with children in care (ILACS before 2023) give the children in care
    grade, an ILACS area name finds its SIF twin (SIF_AREA); None when the letter states no grade
    for it (or no span that states it)."""
    by_area = {j.area: j for j in letter}
    if by_area.get(area) and by_area[area].status == CARE_LEAVERS_COMBINED:
        area = "children_in_care"
    found = by_area.get(area) or by_area.get(SIF_AREA.get(area, ""))
    if found is None or found.status != GRADED:
        found = by_area.get(SIF_AREA.get(area, ""))
    if found is None or found.status != GRADED or found.end <= found.start:
        return None
    return found
