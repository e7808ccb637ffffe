"""List questions about a change of grade between two inspections ("Which councils improved from
inadequate to good?", "... went from good to requires improvement for care leavers?", "... improved
from inadequate since 2019?"), answered from the grades read from the letters at index time
(indexer/judgements.py, `Index.judgements`), as search/grade_list.py answers "which councils were
judged inadequate?".

Sentences that merely hold the words are no answer: "The quality of services ... has not improved
since the last inspection in 2021, when services were judged ... requires improvement" has
"improved" and a grade, and denies the change. A council is a row when two of its inspections in a
row (ILACS or SIF letters grading the area asked about, overall effectiveness when none is named)
go from a grade asked for to a grade asked for; the row quotes both letters' grade spans (the
judgement table entry or sentence that states each), cited to the passages holding them. Years in
the question or --since/--until bound the later inspection's date.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from indexer.authorities import authority_key
from indexer.judgements import FRAMEWORK_OF_KIND, AreaJudgement
from indexer.schema import DocumentInfo
from search.councils import GRADE_ORDER
from search.filters import Filters
from search.grade_list import grades_answer, question_dates
from search.grades import area_grade, asked_area
from search.list_answer import list_filters
from search.types import Answer

_GRADE = r"outstanding|good|requires\s+improvement(?:\s+to\s+be\s+good)?|inadequate"
_GRADES = rf"(?:{_GRADE})(?:\s*(?:,\s*)?(?:or|and|/|,)\s*(?:{_GRADE}))*"
_UP = r"improv\w*|upgraded|(?:moved|went|gone)\s+up|risen|rose|climbed|progressed"
_DOWN = r"declin\w*|deteriorat\w*|worsen\w*|fell|fallen|dropped|slipped|downgraded|(?:moved|went|gone)\s+down"
_FROM_TO = re.compile(rf"\bfrom\s+(?:being\s+|an?\s+)?({_GRADES})\s+(?:grade\s+|rating\s+)?(?:to|into)\s+(?:being\s+|an?\s+)?({_GRADES})\b",
                      re.IGNORECASE)
_FROM = re.compile(rf"\b({_UP}|{_DOWN})\s+from\s+(?:being\s+|an?\s+)?({_GRADES})\b", re.IGNORECASE)
_TO = re.compile(rf"\b({_UP}|{_DOWN})\s+to\s+(?:being\s+|an?\s+)?({_GRADES})\b", re.IGNORECASE)
NO_CHANGE_ROWS = "No council's letters show this change of grade between two inspections in a row."


@dataclass(frozen=True)
class GradeChange:
    """What a grade-change question asks: the earlier inspection's grades (`before`, empty: any),
    the next one's (`after`, empty: any), the direction ("improved", "declined"; "" when both grades
    are named) and the area (an indexer.judgements area name, as search.grades.asked_area names it)."""

    before: tuple[str, ...]
    after: tuple[str, ...]
    direction: str
    area: str

    def matches(self, earlier: str, later: str) -> bool:
        """Does a move from grade `earlier` to grade `later` (schema.JUDGEMENTS words) answer it?"""
        if self.before and earlier not in self.before or self.after and later not in self.after:
            return False
        change = GRADE_ORDER[later] - GRADE_ORDER[earlier]
        return change > 0 if self.direction == "improved" else change < 0 if self.direction == "declined" else change != 0


def _grades(text: str) -> tuple[str, ...]:
    found = re.findall(_GRADE, text, re.IGNORECASE)
    words = ("requires improvement" if g.lower().startswith("requires") else " ".join(g.lower().split()) for g in found)
    return tuple(dict.fromkeys(words))


def _direction(verb: str) -> str:
    return "declined" if re.fullmatch(_DOWN, verb, re.IGNORECASE) else "improved"


def grade_change_request(query: str) -> GradeChange | None:
    """The change of grade a list question asks about: "Which councils improved from inadequate to
    good?" -> (inadequate -> good); "... went from good or outstanding to inadequate for care
    leavers?" -> (good, outstanding -> inadequate; care_leavers); "... improved from inadequate?"
    -> (inadequate -> any better grade); "... declined to requires improvement?" -> (any better
    grade -> requires improvement). None when it names no such change ("Which councils were judged
    inadequate?", "Which councils improved their chronologies?")."""
    both = _FROM_TO.search(query)
    if both:  # the grades named say which way ("went from good to inadequate")
        return GradeChange(_grades(both.group(1)), _grades(both.group(2)), "", asked_area(query))
    one = _FROM.search(query)
    if one:
        return GradeChange(_grades(one.group(2)), (), _direction(one.group(1)), asked_area(query))
    one = _TO.search(query)
    if one:
        return GradeChange((), _grades(one.group(2)), _direction(one.group(1)), asked_area(query))
    return None


def changed_letters(documents: Sequence[DocumentInfo], judgements: Mapping[str, list[AreaJudgement]],
                    request: GradeChange, filters: Filters) -> dict[str, list[tuple[DocumentInfo, AreaJudgement]]]:
    """{authority key: [(letter, its judgement for the area)]}: for each council, every pair of its
    inspections in a row (ILACS and SIF letters grading `request.area`, by date) whose grades
    `request` matches, the earlier letter then the later, pairs oldest first. `filters` (the user's
    and the question's: dates, kind, judgement, authority) bound the later letter only; the earlier
    one only has to be the council's inspection before it, whatever its kind or grade: a kind filter
    "ILACS inspection" on "improved from inadequate to good" finds the SIF inspection judged
    inadequate before the ILACS one judged good, and a judgement filter "good" the letter before the
    good one (applied to both letters, neither change could be found)."""
    council = Filters(authority=filters.authority)  # the earlier letter: the same councils, any date, kind, grade
    by_council: dict[str, list[tuple[DocumentInfo, AreaJudgement]]] = {}
    for doc in documents:
        if doc.kind not in FRAMEWORK_OF_KIND or doc.id not in judgements or len(doc.date) < 4:
            continue
        if not council.matches(doc.authority, doc.kind, doc.date, doc.judgement):
            continue
        judgement = area_grade(judgements[doc.id], request.area)
        if judgement is not None and judgement.grade in GRADE_ORDER:
            by_council.setdefault(authority_key(doc.authority), []).append((doc, judgement))
    chosen: dict[str, list[tuple[DocumentInfo, AreaJudgement]]] = {}
    for key, letters in by_council.items():
        letters.sort(key=lambda pair: (pair[0].date, pair[0].id))
        for (doc, before), (later, after) in zip(letters, letters[1:]):
            if request.matches(before.grade, after.grade) and filters.matches(later.authority, later.kind, later.date,
                                                                              later.judgement):
                pairs = chosen.setdefault(key, [])
                pairs += [pair for pair in ((doc, before), (later, after)) if pair not in pairs]
    return chosen


def answer_grade_change(index, query: str, request: GradeChange, filters: Filters | None, started: float) -> Answer:
    """The list answer to a grade-change question on an open `Index` (see the module docstring):
    rows in council name order, each quoting the grade span of both letters of each change, cited
    to the passages holding them. `filters`: the user's; the period the question names
    (grade_list.question_dates) and its kind are added as for any list. `started`:
    time.perf_counter() when answering began."""
    filters = list_filters(query, question_dates(query, filters or Filters()))
    chosen = changed_letters(index.documents, index.judgements, request, filters)
    return grades_answer(index, query, list(chosen.values()), filters, started, NO_CHANGE_ROWS,
                         {"grade_change": {"before": list(request.before), "after": list(request.after),
                                           "direction": request.direction}, "area": request.area})
