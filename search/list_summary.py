"""The summary line above a list answer's rows ("9 councils, 12 letters"), counting what the rows
show, and what a list answer says in place of a confidence. Pure functions of the rows."""
from __future__ import annotations

import re

from indexer.authorities import authority_key, split_authorities
from indexer.schema import NEWS_KIND
from search.types import ListRow
from search.wording import counted, number

# an authority field naming no one council: a nation or several councils ("England (national, ...)",
# "England (multiple; Birmingham, Coventry named)"), or none known
_NOT_A_COUNCIL = re.compile(r"^\s*(?:england|national|nationwide|multiple|various|unknown authority)\b", re.IGNORECASE)
# a list answer's confidence: none (its rows are kept each by its own thresholds, or read from the grades)
LIST_CONFIDENCE_NOTE = ("not scored: a list answer has no calibrated probability; each row is kept by its own "
                        "thresholds (or read from the letters' grades), and rows[].score only ranks them")


def summary_line(rows: tuple[ListRow, ...], absence: str = "") -> str:
    """What the rows show: "9 councils, 12 letters"; "12 councils in 9 rows, 14 articles" when a
    row names several councils (a joint letter, an article on "Leeds; Calderdale"); rows about no
    one council ("England (national, ...)", "England (multiple; Birmingham, Coventry named)")
    are counted apart and never as councils: "9 councils, 3 rows not about one council (England),
    14 articles". Documents are "letters", "articles" (news, indexer.schema.NEWS_KIND) or both
    ("12 letters, 2 articles"), each counted once. `absence`: what the question asked to be absent
    (list_denial.asked_absence: "no areas for priority action"), said after the counts: "9 councils,
    9 letters stating the absence asked about: no areas for priority action". Counts are thousands
    separated ("1,204 letters", search.wording.counted)."""
    councils: set[str] = set()
    council_rows, others = 0, []
    for row in rows:
        parts = [p for p in split_authorities(row.authority) if not _NOT_A_COUNCIL.match(p)]
        councils.update(authority_key(p) for p in parts)
        if parts:
            council_rows += 1
        else:
            others.append(row.authority.split("(")[0].strip() or "unknown authority")
    kinds = {d: k for r in rows for d, k in zip(r.doc_ids, r.kinds)}
    news = sum(k == NEWS_KIND for k in kinds.values())
    letters = len(kinds) - news
    said = [counted(len(councils), "council") + (f" in {counted(council_rows, 'row')}" if council_rows != len(councils)
                                                  else "")]
    if others:
        said.append(f"{counted(len(others), 'row')} not about one council ({', '.join(dict.fromkeys(others))})")
    said += [counted(n, word) for n, word in ((letters, "letter"), (news, "article")) if n or not kinds]
    return ", ".join(said) + (f" stating the absence asked about: {absence}" if absence else "")


def cut_off_note(read: int, unread: int) -> str:
    """What the summary line adds when the search stopped at its depth with passages unread that hold
    the question's words (list_answer.unread_passages): "; found in the 100 passages read, 7,561 more
    hold its words: the list may be incomplete" (counts thousands separated, search.wording). "" when
    `unread` is 0 (every such passage was read)."""
    if unread <= 0:
        return ""
    holds = "holds" if unread == 1 else "hold"
    return (f"; found in the {counted(read, 'passage')} read, {number(unread)} more {holds} its words: "
            "the list may be incomplete")


def no_rows_line(read: int, unread: int) -> str:
    """What a list answer with no row says: "No letter says this. The closest passages are shown below.",
    or, when the search stopped at its depth with passages unread that hold the question's words
    (list_answer.unread_passages), "No letter says this in the 100 passages read (1,359 more hold its words:
    the list may be incomplete). The closest passages are shown below." (counts thousands separated)."""
    if unread <= 0:
        return "No letter says this. The closest passages are shown below."
    holds = "holds" if unread == 1 else "hold"
    return (f"No letter says this in the {counted(read, 'passage')} read ({number(unread)} more {holds} its words: "
            "the list may be incomplete). The closest passages are shown below.")
