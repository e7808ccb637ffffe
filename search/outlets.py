"""News outlets a question names: "According to CYP Now, what has Merton's record been on
adoptions falling apart?" asks for what that outlet's article says, not a letter.

An outlet is known by the news articles of the index: the host of the article's source address
("www.cypnow.co.uk" -> cypnow; "www.theguardian.com" -> theguardian, guardian; "www.lgcplus.com" ->
lgcplus, lgc) and the outlet its title names in brackets at the end ("... (Children & Young People
Now)"). A question names one when a run of its capitalised words, squashed to lower-case letters
and digits, is one of those keys ("CYP Now" -> cypnow, "Children & Young People Now"); lower-case
words are ordinary words ("community care" is not Community Care).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlparse

from indexer.authorities import authority_record
from indexer.schema import NEWS_KIND

_TITLE_OUTLET = re.compile(r"\(([^()]+)\)\s*$")
_WORD = re.compile(r"[A-Za-z0-9][\w’'.-]*|&")
MAX_WORDS = 5  # the longest outlet name looked for, in words ("Children & Young People Now")
MIN_KEY = 3  # shorter keys ("bbc" is 3) are too easily an abbreviation of something else


def squash(text: str) -> str:
    """`text` in lower case with everything but letters and digits removed ("CYP Now" -> "cypnow")."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


def outlet_keys(source: str, title: str) -> set[str]:
    """The keys (squashed names) of a news article's outlet, from its `source` address and the
    outlet its `title` names in brackets at its end; empty for a source that is not a web address."""
    address = source.split()[0] if source.split() else ""
    host = urlparse(address).hostname or "" if address.startswith(("http://", "https://")) else ""
    if not host:
        return set()
    label = host.removeprefix("www.").split(".")[0]
    keys = {label, label.removeprefix("the"), label.removesuffix("plus")}
    found = _TITLE_OUTLET.search(title)
    if found:
        name = re.split(r",| as ", found.group(1))[0]
        if not name.strip().endswith("Council"):  # "(Cheshire West and Chester Council, as published on ...)"
            keys |= {squash(name), squash(name).removeprefix("the")}
    # (a council's own news site, "www.kent.gov.uk", is no outlet: naming Kent names the council)
    return {key for key in keys if len(key) >= MIN_KEY and authority_record(key) is None}


def outlet_index(documents: Iterable) -> dict[str, frozenset[str]]:
    """key -> ids of the news articles of that outlet, over `documents` (indexer.schema.DocumentInfo)."""
    by_key: dict[str, set[str]] = {}
    for doc in documents:
        if doc.kind == NEWS_KIND:
            for key in outlet_keys(doc.source, doc.title):
                by_key.setdefault(key, set()).add(doc.id)
    return {key: frozenset(ids) for key, ids in by_key.items()}


def named_outlet_docs(query: str, outlets: dict[str, frozenset[str]]) -> frozenset[str]:
    """Ids of the news articles of every outlet `query` names (a run of up to MAX_WORDS
    capitalised words, or "&", whose squashed form is a key of `outlets`); empty if none."""
    words = _WORD.findall(query)
    found: set[str] = set()
    for start, first in enumerate(words):
        if not first[0].isupper():
            continue
        for end in range(start + 1, min(start + MAX_WORDS, len(words)) + 1):
            last = words[end - 1]
            if not (last[0].isupper() or last[0].isdigit() or last == "&"):
                break
            found |= outlets.get(squash(" ".join(words[start:end])), frozenset())
    return frozenset(found)
