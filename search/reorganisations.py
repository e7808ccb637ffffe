"""The line an answer carries when it quotes another council's letter for the one asked about,
because one replaced the other ("Has Cumbria ever been rated outstanding?" is answered from
Cumberland's letter: Cumbria County Council was replaced by Cumberland and Westmorland and Furness
on 1 April 2023, indexer/data/authority_changes.csv). A search for a council includes its
predecessors' and successors' letters (search.filters, indexer.authorities.lineage); the answer
says so in one line rather than let one council's grade pass for another's.
"""
from __future__ import annotations

import calendar
import dataclasses
from collections.abc import Iterable

from indexer.authorities import authority_key, canonical_authority, changes_for, field_authorities, related_councils
from search.types import Answer


def reorganisation_note(named: Iterable[str], cited: Iterable[tuple[str, str]]) -> str:
    """One line for an answer to a question naming the councils `named` whose quoted sentences come
    from the documents `cited` ((document id, authority field) pairs): for each named council that
    a cited one replaced or was replaced by, the reorganisation as authority_changes.csv states it
    and whose letter is quoted ("Cumbria County Council was replaced by Cumberland and Westmorland
    and Furness in April 2023: this answer quotes Cumberland's letter."); "" when every letter
    quoted is a named council's own (or no named council was reorganised)."""
    named = [canonical_authority(name) for name in named]
    cited = dict(cited)  # document id -> authority field
    own = {authority_key(name) for name in named}
    lines = []
    for name in named:
        related = {authority_key(other): other for other in related_councils(name)}
        letters = {doc: [related[authority_key(c)] for c in field_authorities(field)
                         if authority_key(c) in related and authority_key(c) not in own] for doc, field in cited.items()}
        quoted = list(dict.fromkeys(council for councils in letters.values() for council in councils))
        if not quoted:
            continue
        family = {authority_key(other) for other in (name, *quoted)}
        moves = {(c.date, c.note) for c in changes_for(name)
                 if authority_key(c.old) in family and authority_key(c.new) in family}
        said = "; ".join(f"{note} in {calendar.month_name[int(date[5:7])]} {date[:4]}" for date, note in sorted(moves))
        whose = " and ".join(f"{council}'s" for council in quoted)
        count = sum(bool(councils) for councils in letters.values())
        lines.append(f"{said}: this answer quotes {whose} {'letter' if count == 1 else 'letters'}."
                     if said else f"This answer quotes {whose} {'letter' if count == 1 else 'letters'} for {name}.")
    return " ".join(lines)


def with_reorganisation_note(answer: Answer, named: Iterable[str]) -> Answer:
    """`answer` (to a question naming the councils `named`) with reorganisation_note of the letters
    its sentences quote as its `message`, when it quotes any and has no message yet; else unchanged."""
    if not answer.answered or answer.message or answer.rows or not named:
        return answer
    quoted = {sentence.doc_id for sentence in answer.sentences}
    note = reorganisation_note(named, [(hit.doc_id, hit.authority) for hit in answer.hits if hit.doc_id in quoted])
    return dataclasses.replace(answer, message=note) if note else answer
