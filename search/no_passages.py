"""What an answer with no passage says, in the CLI (`isearch ask`) and the app: the answer's own
message ("The letters do not answer this question. The closest passages are shown below.") would
point to passages that are not there. Answer.message itself is left as it is (--json keeps it)."""
from __future__ import annotations

import calendar

from search.filters import Filters
from search.types import Answer

POINTS_TO_PASSAGES = "The closest passages are shown below."


def shows_passages(message: str) -> bool:
    """Does `message` say that passages follow it (search.answer.NO_ANSWER, a list answer's "No
    letter says this. The closest passages are shown below.", an unmet answer-type check)?"""
    return POINTS_TO_PASSAGES in message


def filters_label(filters: Filters | None) -> str:
    """The filters in a few words, as typed: "since 2030", "Tameside; until 2019-06",
    "ILACS inspection; judgement Good; news articles left out"; "" for no filter. A bound on the
    first or last day of a year or month is shown as that year or month."""
    if filters is None:
        return ""
    parts = [", ".join(filters.authority), ", ".join(filters.kind)]
    if filters.since:
        parts.append(f"since {_bound(filters.since, end=False)}")
    if filters.until:
        parts.append(f"until {_bound(filters.until, end=True)}")
    if filters.judgement:
        parts.append("judgement " + ", ".join(filters.judgement))
    if filters.include_news is False:
        parts.append("news articles left out")
    return "; ".join(p for p in parts if p)


def _bound(iso: str, end: bool) -> str:
    """'2030-01-01' -> '2030' (a since bound), '2019-06-30' -> '2019-06' (an until bound), else as is."""
    year, month, day = (int(x) for x in iso.split("-"))
    last = calendar.monthrange(year, month)[1]
    if (month, day) == ((12, 31) if end else (1, 1)):
        return str(year)
    if day == (last if end else 1):
        return iso[:7]
    return iso


def no_passages_message(answer: Answer, filters: Filters | None, letters_pass: bool) -> str:
    """The one line to show for `answer` when it has no passage (answer.hits empty).

    A message of its own that does not point to passages ("No letters for Isle of Man in the
    index ...") is kept. Else, with filters: "No letters match the filters (since 2030)." when no
    document of the index passes them (`letters_pass` False), "No passage of the letters the filters
    keep (Tameside) matches the question." when some do; without: "No passage matches the question." """
    if answer.message and not shows_passages(answer.message):
        return answer.message
    label = filters_label(filters)
    if not label:
        return "No passage matches the question."
    if not letters_pass:
        return f"No letters match the filters ({label})."
    return f"No passage of the letters the filters keep ({label}) matches the question."


def letters_pass(index, filters: Filters | None) -> bool:
    """Does any document of `index` (search.index.Index) pass `filters`? True for no filters."""
    if filters is None or filters.is_empty():
        return True
    return any(filters.matches(d.authority, d.kind, d.date, d.judgement) for d in index.documents)
