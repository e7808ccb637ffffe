"""The line an answer carries when it quotes another council's letter for the one asked about,
because one replaced the other ("Has Cumbria ever been rated outstanding?" is answered from
Cumberland's letter: Cumbria County Council was replaced by Cumberland and Westmorland and Furness
on 1 April 2023, indexer/data/authority_changes.csv). A search for a council includes its
predecessors' and successors' letters (search.filters, indexer.authorities.lineage); the answer
says so in one line rather than let one council's grade pass for another's.

A question about a replaced council's history ("Has Cumbria ever been rated outstanding?") is about
its own grades, not its successors' latest: its own letters are the ones a grade is quoted from
(own_letter_rows), by the judgement table one states, else the sentence of them that states the most
grades (grade_record), as a news report of its inspection does ("Cumbria children's services have
been rated as 'requires improvement to be good' after receiving three inadequate Ofsted grades in
the past three inspections.").
"""
from __future__ import annotations

import calendar
import dataclasses
import re
from collections.abc import Iterable

from indexer.authorities import authority_key, canonical_authority, changes_for, field_authorities, related_councils
from indexer.chunk import sentence_units
from indexer.judgements import GRADED, AreaJudgement
from search.types import Answer

# a question about a council's record over time, not its current grade
HISTORY = re.compile(r"\b(?:ever|always|history|historically|previously|in the past|at any (?:point|time)|"
                     r"track record)\b", re.IGNORECASE)
_GRADES = re.compile(r"\b(outstanding|requires improvement(?: to be good)?|inadequate|good)\b", re.IGNORECASE)
_GRADING = re.compile(r"\b(?:rated|judged|graded|grades?|ratings?|judgements?|overall effectiveness)\b", re.IGNORECASE)


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


def replaced(name: str) -> bool:
    """Was the council `name` replaced by another (Cumbria by Cumberland and Westmorland and Furness,
    authority_changes.csv)? Not a council re-formed under its own name (North Yorkshire, 2023)."""
    key = authority_key(canonical_authority(name))
    return any(authority_key(c.old) == key and authority_key(c.new) != key for c in changes_for(name))


def own_letter_rows(query: str, named: Iterable[str], rows: list[tuple[int, str]]) -> list[int] | None:
    """For a question asking about the history of replaced councils it names ("Has Cumbria ever
    been rated outstanding?"; HISTORY, `replaced`): the rows of `rows` ((document row, authority
    field) of the named councils' letters, successors' included) that are their own letters. None
    for any other question, or when they have none (the rows as given then answer)."""
    named = [canonical_authority(name) for name in named]
    if not HISTORY.search(query) or not named or not all(replaced(name) for name in named):
        return None
    own = {authority_key(name) for name in named}
    found = [row for row, field in rows if any(authority_key(c) in own for c in field_authorities(field))]
    return found or None


def grade_record(letters: Iterable[tuple[str, str, str]]) -> AreaJudgement | None:
    """The sentence of `letters` ((document id, ISO date or "", text)) that states the most distinct
    grades ("rated as 'requires improvement to be good' after receiving three inadequate Ofsted
    grades"), as an overall-effectiveness AreaJudgement spanning it (method "SENTENCE", grade the
    first it names); ties to the later letter, then the earlier sentence. A sentence counts when it
    names a grade and a word of grading ("rated", "judged", "overall effectiveness"); None if none does."""
    best, best_key = None, None
    for doc_id, date, text in letters:
        for unit in sentence_units(text):
            sentence = text[unit.start:unit.end]
            grades = [g.lower().replace(" to be good", "") for g in _GRADES.findall(sentence)]
            if not grades or not _GRADING.search(sentence):
                continue
            key = (len(set(grades)), date, -unit.start)
            if best_key is None or key > best_key:
                best_key = key
                best = AreaJudgement(doc_id, "", "overall_effectiveness", GRADED, grade=grades[0], grade_text=sentence,
                                     start=unit.start, end=unit.end, method="SENTENCE")
    return best
