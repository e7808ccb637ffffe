"""When a council was (last) inspected: the dates its latest inspection or visit letter states.

"When was Sandwell last inspected?" is answered by the statement of dates in the council's latest
letter ("Inspection dates: 13 to 24 October 2025", "This letter summarises the findings of the
focused visit to ... on 15 and 16 April 2025."), quoted verbatim, as a grade question is answered
by the judgement table (search/grades.py). Which letter is latest: the inspection's own last day
as the letter states it (DocumentInfo.inspection_end), else the letter's date; news articles are
not inspections.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.chunk import sentence_units
from indexer.metadata import inspection_dates_span
from indexer.schema import NEWS_KIND

# "When was Sandwell last inspected?", "When did Ofsted last visit Kent?", "When was the most recent
# inspection of Kent?", "When was Tameside's (latest) focused visit?", "When was Kent inspected?", "When
# did inspectors visit Essex?", "dates of Kent's last inspection"
# (not "When did the last inspection say caseloads were high?": what a letter said, not its dates; nor
# "When did social workers visit ...": only the council, Ofsted or its inspectors inspect or visit here)
_KINDS = r"(?:(?:Ofsted|full|focused|monitoring|ILACS|SIF|JTAI|joint|(?:area )?SEND)\s+)?"
WHEN_INSPECTED = re.compile(
    r"(?:\bwhen (?:was|were|did|has|had)\b[^?]{0,60}?\b(?:last|latest|most recently|recently)\s+(?:been\s+)?"
    r"(?:inspected|visited|inspect|visit)\b"
    r"|\bwhen (?:was|were|has|had) (?:(?-i:[A-Z])[\w’'&,-]*\s+(?:(?:and|of|upon|on)\s+)?){1,6}(?:been\s+)?(?:inspected|visited)\b"
    r"|\bwhen did (?:Ofsted|(?:the )?inspectors|HMIs?) (?:inspect|visit)\b"
    rf"|\bwhen (?:was|were|is|did) [^?]{{0,50}}?\b(?:(?:last|latest|most recent|previous)\s+|(?:’s|'s|the)\s+)(?:(?:19|20)\d\d\s+)?{_KINDS}"
    r"(?:inspection|visit)\b(?!\s+(?:findings|report|grade|letter|judgement)s?\b)"
    r"|\bdates? of [^?]{0,40}?\b(?:last|latest|most recent)\b[^?]{0,30}?\b(?:inspection|visit))"
    r"(?![^?]*\b(?:say|says|said|find|finds|found|report\w*|describe\w*|note\w*|conclude\w*|show\w*|identif\w*)\b)",
    re.IGNORECASE)
# the title line a focused or monitoring visit letter sets above its dates sentence
_VISIT_TITLE = re.compile(r"(?:focused|monitoring) visit to [^\n]*$", re.IGNORECASE)
# a title-block line: the dates stated after a label ("Inspection dates: 13 to 24 October 2025"),
# quoted to the line's end; any other statement is a sentence, quoted to its full stop
_LABELLED = re.compile(r"(?:inspection dates?|dates? of (?:the )?(?:visit|inspection)|visit dates?)\s*:?\s*$|\s*$",
                       re.IGNORECASE)


@dataclass(frozen=True)
class StatedDates:
    """The span of a letter that states when its inspection or visit took place: `text` ==
    document.text[start:end] (character offsets)."""

    doc_id: str
    start: int
    end: int
    text: str


def asks_when_inspected(query: str) -> bool:
    """True for a question asking when a council was (last) inspected or visited (WHEN_INSPECTED)."""
    return WHEN_INSPECTED.search(query) is not None


def asks_dates(query: str) -> bool:
    """True for a question whose answer may be a letter's statement of its inspection dates: when a
    council was inspected (WHEN_INSPECTED), any "when ..."/"what date ..." question
    (search.answer_type DATE), or one asking for a title block's lines ("inspection dates", "who
    were the inspectors": search.answer_type.BLOCK_QUESTION). Not "What did the Wirral JTAI find?"."""
    from search.answer_type import BLOCK_QUESTION, DATE, expected_answer_type

    return asks_when_inspected(query) or expected_answer_type(query) == DATE or BLOCK_QUESTION.search(query) is not None


def states_dates(sentence: str) -> bool:
    """True when `sentence` is a statement of when its letter's inspection or visit took place ("This
    inspection took place from 12 to 16 December 2022.", "Inspection dates: 9 to 20 May 2022"), as
    indexer.metadata.inspection_dates_span reads one, ending with the dates (a few words after them
    at most). Not a SIF report's dates line that the splitter glued to its judgement table ("Inspection
    date: ... Children's services in Wandsworth require improvement to be good 1. ..."): the table
    answers a grade question."""
    span = inspection_dates_span(sentence)
    return span is not None and len(sentence[span[1]:].split()) <= 3


def latest_dates(index, authorities: tuple[str, ...], kinds: tuple[str, ...] = (), allowed=None,
                 years: tuple[int, ...] = ()) -> StatedDates | None:
    """The dates statement of the latest letter of the councils `authorities` (predecessors and
    successors included; of `kinds` only, when given; of an inspection or letter in one of `years`,
    when given; only documents whose row is True in the boolean array `allowed`, the search's
    filters, when given) that states its dates; None when none does. `index` is a search.index.Index."""
    named = index.documents_of(authorities)
    docs = [d for row, d in enumerate(index.documents) if d.id in named and d.kind != NEWS_KIND
            and (not kinds or d.kind in kinds) and (allowed is None or allowed[row])
            and (not years or d.date[:4] in map(str, years) or d.inspection_start[:4] in map(str, years))]
    for doc in sorted(docs, key=lambda d: (d.inspection_end or d.date, d.date), reverse=True):
        text = index.document(doc.id).text
        found = dates_sentence(text)
        if found is not None:
            return StatedDates(doc.id, found[0], found[1], text[found[0]:found[1]])
    return None


def dates_sentence(text: str) -> tuple[int, int] | None:
    """The span of `text` to quote for its inspection dates: the sentence or title-block line that
    holds the dates statement (indexer.metadata.inspection_dates_span), without the title line a
    focused-visit letter sets above it, ending at its full stop or line end; None if no statement."""
    span = inspection_dates_span(text)
    if span is None:
        return None
    first, last = span
    units = sentence_units(text[: last + 1000])
    unit_start = next((u.start for u in units if u.start <= first < u.end), 0)
    start = max(text.rfind("\n", 0, first) + 1, unit_start)
    newline = text.find("\n", start, last)
    if newline != -1 and _VISIT_TITLE.match(text, start, newline):
        start = newline + 1  # "Focused visit to Sandwell children's services\nThis letter summarises ...": not the title
    if _LABELLED.match(text, start, _dates_begin(text, first, last)):
        stop = text.find("\n", last)
        end = stop if stop != -1 else len(text)
    else:
        stop = re.search(r"\.(?=\d?\s|$)", text[last:])  # (a footnote's number after it: "in Bradford.1 This")
        unit_end = next((u.end for u in units if u.start <= last - 1 < u.end), len(text))
        end = min(last + stop.end(), unit_end) if stop else unit_end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _dates_begin(text: str, first: int, last: int) -> int:
    """Where the first date of the statement text[first:last] begins (its first digit)."""
    digit = re.search(r"\d", text[first:last])
    return first + digit.start() if digit else last
