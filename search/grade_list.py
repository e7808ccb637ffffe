"""List questions about grades ("Which councils were judged inadequate in 2023?", "Which councils
were rated outstanding for care leavers?") answered from the grades read from the letters at index
time (indexer/judgements.py, `Index.judgements`), not from retrieved sentences: a 2023 letter
recalling "when they were judged to be inadequate" in 2019 is not a 2023 inadequate grade.

One row per council whose letter has the grade asked for in the area asked about, quoting the
table entry or sentence that states it (the judgement's span), cited to the passage holding it.
Which letters count:
- years in the question ("in 2023", "between 2019 and 2021", "since 2020", "before 2018") or the
  --since/--until filters: every inspection letter published then (a council with two is one row
  quoting both);
- no years: each council's latest inspection that grades the area, its current grade as
  `isearch councils` shows it ("Which councils are rated outstanding?" is about today, not any
  council that was once outstanding; a letter from mid-2026 with no overall grade leaves the
  previous inspection's grade standing).
The area is search.grades.asked_area's (overall effectiveness when none is named); care leavers
judged with children in care (ILACS before 2023) count with that grade, as grade answers do.
"""
from __future__ import annotations

import dataclasses
import re
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from indexer.authorities import authority_key
from indexer.judgements import FRAMEWORK_OF_KIND, AreaJudgement
from indexer.schema import DocumentInfo
from search.filters import Filters, parse_date_bound
from search.grades import area_grade, asked_area
from search.list_answer import list_filters, newest_first
from search.list_summary import LIST_CONFIDENCE_NOTE, summary_line
from search.rerank import GRADE_QUESTION, GRADE_STATED
from search.types import Answer, AnswerSentence, ListRow

_GRADE = r"outstanding|good|requires\s+improvement(?:\s+to\s+be\s+good)?|inadequate"
_MORE_GRADES = re.compile(rf"\s*(?:,\s*)?(?:or|and|/|,)\s*({_GRADE})\b", re.IGNORECASE)
# a grade named before the word for it: "an inadequate rating", "outstanding overall judgement"
# (GRADE_QUESTION leaves "outstanding rating" out: there the grade is given, not asked for)
_GRADE_NOUN = re.compile(rf"\b({_GRADE})\s+(?:overall\s+)?(?:grades?|ratings?|judgements?|judgments?)\b", re.IGNORECASE)
_SINCE = re.compile(r"\b(since|after|from)\s+((?:19|20)\d{2})\b", re.IGNORECASE)
_UNTIL = re.compile(r"\b(until|till|before|up\s+to|to)\s+((?:19|20)\d{2})\b", re.IGNORECASE)
NO_GRADE_ROWS = "No council's letter states this grade for the inspections asked about."


@dataclass(frozen=True)
class GradeRequest:
    """What a grade list question asks: the grades (schema.JUDGEMENTS words) and the area
    (an indexer.judgements area name, as search.grades.asked_area names it)."""

    grades: tuple[str, ...]
    area: str


def _grade_word(text: str) -> str:
    text = " ".join(text.lower().split())
    return "requires improvement" if text.startswith("requires") else text


# what may follow the grade asked for: the end, an area ("for care leavers"), a time or the inspection
_GRADE_TAIL = re.compile(r"(?i)\s*(?:$|[?.!,;:]|(?:for|in|between|since|after|before|until|by|overall|during|from|"
                         r"when|and|or|now|currently|today|at\s+(?:the|their|its|a|an)\b|(?:by\s+)?ofsted)\b)")
_FOR = re.compile(r"(?i)\s*for\b")
# "Which councils are (currently) outstanding?": the grade they have now
_ARE_GRADE = re.compile(rf"^\s*(?:which|what)\s+(?:councils|local\s+authorities|authorities|las)\s+(?:are|is)\s+"
                        rf"(?:currently\s+|now\s+|still\s+)?({_GRADE})\b", re.IGNORECASE)


def grade_request(query: str) -> GradeRequest | None:
    """The grades and area a list question asks councils to have been given: "Which councils were
    judged inadequate in 2023?" -> (inadequate, overall_effectiveness); "... rated good or
    outstanding for care leavers?" -> (good, outstanding; care_leavers). None when the question
    does not ask for a grade (no grade verb of rerank.GRADE_QUESTION with a grade stated after it
    as rerank.GRADE_STATED reads one, nor "an inadequate rating"): "Which councils were told
    their plans were good?" is a topic question."""
    found: list[str] = []
    matches = [m for m in GRADE_STATED.finditer(query) if re.match(r"(?i)(?:judged|rated|graded|as\b|be\b)", m.group(0))]
    if not GRADE_QUESTION.search(query):
        matches = []  # "were good": a finding, not a grade
    matches += list(_ARE_GRADE.finditer(query))  # "Which councils are outstanding?": their grade now
    for match in matches:
        grades = [_grade_word(match.group(1))]
        rest = query[match.end():]
        while more := _MORE_GRADES.match(rest):
            grades.append(_grade_word(more.group(1)))
            rest = rest[more.end():]
        if _GRADE_TAIL.match(rest) and not (_FOR.match(rest) and asked_area(rest) == "overall_effectiveness"
                                            and not re.search(r"(?i)\boverall\b", rest)):
            found.extend(grades)
        # else "rated good at involving children", "judged good for their work with schools": a
        # grade word describing a topic, not an inspection's grade
    for match in _GRADE_NOUN.finditer(query):
        found.append(_grade_word(match.group(1)))
    if not found:
        return None
    return GradeRequest(tuple(dict.fromkeys(found)), asked_area(query))


def question_dates(query: str, filters: Filters) -> Filters:
    """`filters` with the period the question names when the filters name none: "since 2020"
    (from 2020 on), "after 2020" (2021 on), "before 2018" (to 2017), "until 2018", "between 2019
    and 2021", "in 2023" (that year: first to last year named)."""
    if filters.since or filters.until:
        return filters
    years = [int(y) for y in re.findall(r"\b((?:19|20)\d{2})\b", query)]
    if not years:
        return filters
    since, until = _SINCE.search(query), _UNTIL.search(query)
    low = int(since.group(2)) + (since.group(1).lower() == "after") if since else None
    high = int(until.group(2)) - (until.group(1).lower() == "before") if until else None
    if low is None and high is None:
        low, high = min(years), max(years)
    return dataclasses.replace(filters, since=parse_date_bound(str(low), end=False) if low else "",
                               until=parse_date_bound(str(high), end=True) if high else "")


def graded_letters(documents: Sequence[DocumentInfo], judgements: Mapping[str, list[AreaJudgement]],
                   request: GradeRequest, filters: Filters) -> dict[str, list[tuple[DocumentInfo, AreaJudgement]]]:
    """{authority key: [(letter, its judgement for the area)]} of the councils whose inspection
    letters passing `filters` grade `request.area` with one of `request.grades`: every such letter
    when the filters hold a period (since/until), else each council's latest letter grading the
    area (kept only when that grade is one asked for). Letters oldest first."""
    dated = bool(filters.since or filters.until)
    by_council: dict[str, list[tuple[DocumentInfo, AreaJudgement]]] = {}
    for doc in documents:
        if doc.kind not in FRAMEWORK_OF_KIND or doc.id not in judgements:
            continue
        if not filters.matches(doc.authority, doc.kind, doc.date, doc.judgement):
            continue
        judgement = area_grade(judgements[doc.id], request.area)
        if judgement is not None:
            by_council.setdefault(authority_key(doc.authority), []).append((doc, judgement))
    chosen = {}
    for key, letters in by_council.items():
        letters.sort(key=lambda pair: (pair[0].date, pair[0].id))
        if not dated:
            letters = letters[-1:]
        letters = [(doc, j) for doc, j in letters if j.grade in request.grades]
        if letters:
            chosen[key] = letters
    return chosen


def answer_grade_list(index, query: str, request: GradeRequest, filters: Filters | None, started: float) -> Answer:
    """The list answer to a grade question on an open `Index` (see the module docstring): rows in
    council name order, each quoting the span that states each letter's grade (letters newest first,
    list_answer.newest_first), cited to the passage holding it (Answer.hits, one per quoted span).
    `filters`: the user's; the period the question names (`question_dates`) and its kind are added as
    for any list (list_answer.list_filters). `started`: time.perf_counter() when answering began. The grades are read, not scored:
    `confidence` is None (signals["confidence"] says why)."""
    filters = list_filters(query, question_dates(query, filters or Filters()))
    chosen = graded_letters(index.documents, index.judgements, request, filters)
    councils = [newest_first(letters, lambda pair: pair[0].date) for letters in chosen.values()]  # as topic rows
    return grades_answer(index, query, councils, filters, started, NO_GRADE_ROWS,
                         {"grades": list(request.grades), "area": request.area})


def grades_answer(index, query: str, councils: list[list[tuple[DocumentInfo, AreaJudgement]]], filters: Filters,
                  started: float, no_rows: str, signals: dict) -> Answer:
    """The list Answer whose rows quote the grades of `councils` (grade_rows): `no_rows` is its
    message when there is none; `signals` are added to the list signals (the period asked about
    from `filters`; confidence None, as grades are read, not scored). Shared by grade lists and
    grade changes (search/grade_change.py)."""
    rows, hits = grade_rows(index, query, councils)
    elapsed = round((time.perf_counter() - started) * 1000, 2)
    return Answer(query, bool(rows), tuple(s for r in rows for s in r.sentences), tuple(hits), None,
                  summary_line(rows) if rows else no_rows, elapsed_ms=elapsed,
                  signals={"list": True, "confidence": LIST_CONFIDENCE_NOTE, **signals,
                           "since": filters.since, "until": filters.until}, rows=rows)


def grade_rows(index, query: str, councils: list[list[tuple[DocumentInfo, AreaJudgement]]]) -> tuple[tuple[ListRow, ...], list]:
    """(rows, hits) of a list answer read from the letters' grades: one row per council of
    `councils` (each a list of (letter, its judgement), in the order the row shows them: newest first
    for a grade list, as topic rows; oldest first for a grade change, which reads from one grade to
    the next), in council name order (the newest letter's authority),
    quoting each letter's grade span (AnswerSentence score 1.0), cited to the passage holding it
    (`hits`, one per quoted span, from Index.hits_for)."""
    def newest(letters: list[tuple[DocumentInfo, AreaJudgement]]) -> DocumentInfo:
        return max((doc for doc, _ in letters), key=lambda doc: (doc.date, doc.id))

    councils = sorted(councils, key=lambda letters: (newest(letters).authority.lower(), newest(letters).id))
    chunks = {}
    for doc, judgement in (pair for letters in councils for pair in letters):
        chunk = index.chunk_covering(doc.id, judgement.start, judgement.end)
        if chunk is None:  # a span across two passages: cite the one it starts in
            chunk = index.chunk_covering(doc.id, judgement.start, judgement.start + 1)
        if chunk is not None:
            chunks.setdefault(chunk, None)
    hits = index.hits_for(query, list(chunks), 1)
    rows = []
    for letters in councils:
        sentences = []
        for doc, judgement in letters:
            text = index.document(doc.id).text[judgement.start:judgement.end]
            citation = next((h.rank for h in hits if h.doc_id == doc.id and h.start <= judgement.start < h.end), 0)
            sentences.append(AnswerSentence(text=text, citation=citation, doc_id=doc.id, start=judgement.start,
                                            end=judgement.end, score=1.0))
        docs = [doc for doc, _ in letters]
        rows.append(ListRow(rank=len(rows) + 1, authority=newest(letters).authority, doc_ids=tuple(d.id for d in docs),
                            titles=tuple(d.title for d in docs), dates=tuple(d.date for d in docs),
                            kinds=tuple(d.kind for d in docs), sentences=tuple(sentences), score=1.0))
    return tuple(rows), hits
