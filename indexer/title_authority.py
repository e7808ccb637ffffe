"""A letter whose text gives no authority takes the council its title names: the build's last pass.

The loader (indexer.load) finds a letter's authority in its header, else in its text among the
councils of indexer/data/authorities.csv. A user's own letters may be about a council that list
does not know ("Wexbridge"): a letter with a header names it, but an HTML page or a PDF about the
same council has no header, so it was indexed with no authority, and council questions and the
`--authority` filter missed it. Once every letter of a build is read, such a letter takes the
council its title, or its first heading line, names: one of the list's, or one that another
letter of the same build gives as its authority.

Careful with false matches: a name counts only when written with a capital and standing where a
title puts a council (followed by "children's services", "local authority", a council word,
"inspection", a colon or the line's end: "Focused visit to Wexbridge children's services",
"Wexbridge: Inspection of ..."), so "Reading the signs" names no council; a title naming two
councils gives neither. Pure functions; the build records which letters took their authority
so (indexer.build), so a later build can undo it when the letter naming the council is gone.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from indexer.authorities import (COMMON_WORD_NAMES, PLACEHOLDER_NAMES, authority_key, authority_record, english_names,
                                 field_authorities, mention_pattern, organisation_after)
from indexer.metadata import detect_title
from indexer.schema import Document

# What follows a council's name where a title names it: "Wexbridge children's services",
# "Bury local authority children's services", "York City Council Inspection of ...", "Dudley MBC",
# "Sandwell Children's Trust", "Birmingham Re-inspection of ...", "Wexbridge: Inspection of ...",
# "Joint targeted area inspection of Wexbridge" (the line's end).
_COUNCIL_PLACE = re.compile(
    r"\s*(?:$|[:;,(–—]|-\s|['’]s?\s+children|(?:metropolitan|city|county|borough|district|unitary|council|mbc)\b"
    r"|local\s+authority|children(?:['’]s?|\s+and\s+families)?\s+(?:services|social\s+care|trust)"
    r"|re-?inspection|inspection|focused\s+visit|monitoring\s+visit|joint\s+targeted)", re.IGNORECASE)
_HEADING_MAX_CHARS = 200  # detect_title's cut: a longer first line is a paragraph, not a heading


def build_councils(fields: Iterable[str]) -> list[str]:
    """The councils that documents' authority fields (Document.authority, "Leeds; Wexbridge") name
    and indexer/data/authorities.csv does not know, as written, first seen first: not stand-in
    values ("Unknown", "Local authority": PLACEHOLDER_NAMES), names under three characters,
    councils outside England, or the list's own councils (found by their own names)."""
    found: dict[str, str] = {}
    for text in dict.fromkeys(fields):
        for name in field_authorities(text or ""):
            key = authority_key(name)
            if len(key) < 3 or key in PLACEHOLDER_NAMES or key in found or authority_record(name) is not None:
                continue
            found[key] = name
    return list(found.values())


def title_councils(lines: Iterable[str], extra: Iterable[str] = ()) -> tuple[list[str], list[str]]:
    """(placed, named): the councils the title lines `lines` name where a title names a council
    (see the module docstring), and every council they name, canonical, first named first. The
    councils are the English ones of authorities.csv and the names `extra` (build_councils; each as
    given, found also without its council words: "Wexbridge" for "Wexbridge Borough Council"). A
    name must be written with a capital; a longer name wins over one inside it ("Bath and
    North East Somerset", not "Bath"); a place beginning an organisation's name ("Reading
    University") is no council; an everyday word (COMMON_WORD_NAMES: "Reading the signs") is a
    council only where a title names one."""
    own = {authority_key(name): name for name in extra}
    pattern = mention_pattern(english_names() + [*own.values(), *own], hyphens=True)
    placed: list[str] = []
    named: list[str] = []
    for line in lines:
        for match in pattern.finditer(line):
            written = " ".join(match.group(0).split())
            if not written[0].isupper() or organisation_after(line, match.end()):
                continue
            record = authority_record(written)
            name = record.name if record is not None and record.country == "England" else own.get(authority_key(written))
            if not name:
                continue
            in_place = bool(_COUNCIL_PLACE.match(line, match.end()))
            if in_place and name not in placed:
                placed.append(name)
            if (in_place or written.lower() not in COMMON_WORD_NAMES) and name not in named:
                named.append(name)
    return placed, named


def heading_lines(document: Document) -> list[str]:
    """The lines a reader takes for a letter's title: its title and the first heading line of its
    text (indexer.metadata.detect_title) when that is a heading, a short line that ends no sentence."""
    heading = detect_title(document.text)
    lines = [document.title]
    if heading and len(heading) < _HEADING_MAX_CHARS and heading[-1] not in ".?!" and heading != document.title:
        lines.append(heading)
    return lines


def authorities_from_titles(documents: list[Document]) -> dict[str, str]:
    """{document id: council} for each document with no authority, of a kind that should have one
    (not "other", a page about many councils), whose title lines (heading_lines) name exactly one
    council, where a title names a council: one of authorities.csv or one another document of
    `documents` gives as its authority (build_councils). A document whose title names two councils
    ("Leeds and Calderdale"), or none where a title names one, is left out."""
    extra = build_councils(doc.authority for doc in documents)
    given: dict[str, str] = {}
    for doc in documents:
        if doc.authority or doc.kind == "other":
            continue
        placed, named = title_councils(heading_lines(doc), extra)
        if len(named) == 1 and placed == named:
            given[doc.id] = named[0]
    return given


def with_title_authorities(documents: list[Document]) -> tuple[list[Document], dict[str, str]]:
    """`documents` with authorities_from_titles applied (the others unchanged, same order), and
    the {id: council} given."""
    given = authorities_from_titles(documents)
    return [replace(doc, authority=given[doc.id]) if doc.id in given else doc for doc in documents], given
