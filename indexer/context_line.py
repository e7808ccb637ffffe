"""The context line each passage is embedded with: its letter's authority, kind and month.

"Tameside, ILACS inspection, March 2024:" above a passage tells the model which council and visit
the passage is about. The line is bounded (CONTEXT_MAX_CHARS) so that a passage cut small enough
always fits beside it in the model's 256 word pieces. A letter to more authorities than the line
holds (a partnership of many) names the whole ones that fit and says how many more there are
("A; B and 38 more, JTAI, May 2023"); the loader warns about such a letter (indexer.load). The
authority field itself is never cut: filters, keyword search and the letter's card use all of it.
"""
from __future__ import annotations

from dataclasses import dataclass

from indexer.authorities import split_authorities
from indexer.schema import Document

# The context line's longest form, in characters (the corpus's longest is 119). BERT's
# uncased word pieces never outnumber the non-space characters, so the line costs at most
# this many of the model's 256 and a passage cut small enough always fits beside it.
CONTEXT_MAX_CHARS = 160

_MONTH_NAMES = ("January February March April May June July August September October November December").split()


def human_date(date: str) -> str:
    """'2021-08-02' -> 'August 2021'; '2021' -> '2021'; '' -> ''."""
    if len(date) >= 7 and date[5:7].isdigit() and 1 <= int(date[5:7]) <= 12:
        return f"{_MONTH_NAMES[int(date[5:7]) - 1]} {date[:4]}"
    return date[:4]


@dataclass(frozen=True)
class ContextLine:
    """A document's context line (`text`, without its closing ":"; "" when it has no metadata),
    with `named`, how many of its `total` authorities (indexer.authorities.split_authorities) the
    line names whole."""

    text: str
    named: int
    total: int


def _cut(name: str, room: int) -> str:
    """`name` cut at a word boundary to at most `room` characters, ending with "…" ("" if no word fits)."""
    cut = name[: max(room - 1, 0)]
    cut = cut.rsplit(" ", 1)[0] if " " in cut else cut
    return cut.rstrip(" ;,") + "…" if cut.strip(" ;,") else ""


def _authority_part(authority: str, room: int) -> tuple[str, int]:
    """(the authority as the line writes it in at most `room` characters, authorities named whole)."""
    parts = split_authorities(authority)
    if len(authority) <= room:
        return authority, len(parts)
    for named in range(len(parts) - 1, 0, -1):  # the most whole names that fit beside "and N more"
        text = f"{'; '.join(parts[:named])} and {len(parts) - named} more"
        if len(text) <= room:
            return text, named
    more = f" and {len(parts) - 1} more" if len(parts) > 1 else ""
    first = _cut(parts[0] if parts else authority, room - len(more))
    return (first + more if first else ""), 0


def context_line(doc: Document) -> ContextLine:
    """The context line of `doc`'s passages: "authority, kind, Month YYYY", at most
    CONTEXT_MAX_CHARS characters. The kind and month are always whole; an authority field too
    long for the rest names the whole authorities that fit and "and N more", or, when not even
    the first fits, that one cut at a word boundary with "…" (named 0)."""
    tail = ", ".join(part for part in (doc.kind, human_date(doc.date)) if part)
    room = CONTEXT_MAX_CHARS - len(tail) - (2 if tail else 0)
    authority, named = _authority_part(doc.authority, room)
    text = ", ".join(part for part in (authority, tail) if part)[:CONTEXT_MAX_CHARS]
    return ContextLine(text, named, len(split_authorities(doc.authority)))
