"""Councils a question names that the index holds no letters for, and the line that says so.

"What did inspectors say about the Isle of Man?" must not be answered from the Isle of Wight's
letters: the Isle of Man is outside Ofsted's remit, and an English council may simply have no
letters in this index. Names come from indexer/data/authorities.csv, and from the index's own
documents (search/own_councils.py); pure functions.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from indexer.authorities import authority_record, find_authorities, find_places_outside_england
from search.own_councils import OwnCouncils


# the other nations of the UK, named as places ("Which councils in Scotland ...?"): Ofsted inspects
# England's children's services only
NATIONS = ("Scotland", "Wales", "Northern Ireland")
_NATIONS_RE = re.compile(rf"\b({'|'.join(NATIONS)})\b")


def named_places(query: str, own: OwnCouncils | None = None) -> list[str]:
    """Every council the query names, English or not, canonical, in order of mention; then those
    of `own` (councils the index's documents name that authorities.csv does not know); then the
    UK nations outside England it names (NATIONS)."""
    english = find_authorities(query)
    found = english + [p for p in find_places_outside_england(query) if p not in english]
    found += [p for p in (own.find(query) if own is not None else []) if p not in found]
    return found + [n for n in dict.fromkeys(_nations(query)) if n not in found]


def _nations(query: str) -> list[str]:
    """The NATIONS `query` names as places, not inside a name ("Care Inspectorate Wales": a
    capitalised word just before, other than a preposition that starts a place phrase)."""
    named = []
    for found in _NATIONS_RE.finditer(query):
        before = query[:found.start()].split()[-1:]
        if before and before[0][:1].isupper() and before[0].lower() not in ("in", "of", "for", "from", "across", "and", "or"):
            continue
        named.append(found.group(0))
    return named


def without_letters(query: str, has_letters: Callable[[str], bool],
                    own: OwnCouncils | None = None) -> tuple[list[str], list[str]]:
    """(councils named that have no letters, councils named that have some). `has_letters(name)`
    says whether the index holds letters for a council (its predecessors and successors count);
    `own` as for named_places."""
    missing, present = [], []
    for name in named_places(query, own):
        (present if has_letters(name) else missing).append(name)
    return missing, present


def no_letters_message(names: list[str]) -> str:
    """'No letters for Isle of Man in the index: Ofsted inspects children's services in England
    only.' One sentence naming every council; the reason is given for councils outside England."""
    listed = " or ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)
    outside = [n for n in names if n in NATIONS or ((r := authority_record(n)) and r.country != "England")]
    if outside and len(outside) == len(names):
        return f"No letters for {listed} in the index: Ofsted inspects children's services in England only."
    if outside:
        return (f"No letters for {listed} in the index ({', '.join(outside)}: outside England, "
                "where Ofsted inspects children's services).")
    return f"No letters for {listed} in the index."
