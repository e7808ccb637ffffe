"""Keyword tokens for BM25: lower case words, stop words dropped, plurals folded.

The indexer and the query side must tokenise the same way, so both call `keyword_tokens`.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

STOP_WORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had
    has have having he her here hers herself him himself his how i if in into is it its itself just
    me more most my myself no nor not now of off on once only or other our ours ourselves out over own
    same she should so some such than that the their theirs them themselves then there these they this
    those through to too under until up very was we were what when where which while who whom why will
    with would you your yours yourself yourselves s t ve ll re d m""".split()
)
_WORD = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """Fold common inflections so 'waiting'/'waited'/'waits' match 'wait', 'chronologies' matches
    'chronology'. Deliberately light (no dictionary): a few suffix rules, applied once."""
    if len(word) > 5 and word.endswith("ing"):
        word = word[:-3]
    elif len(word) > 4 and word.endswith("ed") and not word.endswith("eed"):
        word = word[:-2]
    elif len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    elif len(word) > 4 and word.endswith("sses"):
        return word[:-2]
    elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "ous")):
        return word[:-1]
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiouls":
        word = word[:-1]  # 'stopp(ing)' -> 'stop'
    return word


def keyword_tokens(text: str) -> list[str]:
    """Tokens of `text` for BM25 (plain `str` in a plain list)."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return [fold(w) for w in _WORD.findall(text) if w not in STOP_WORDS]
