"""Keyword tokens for BM25: lower case words, stop words dropped, plurals folded, hyphenated
compounds indexed in both forms.

The indexer and the query side must tokenise the same way, so both call `keyword_tokens`.
A hyphenated word yields its parts and its joined form ("pre-proceedings" -> pre, proceeding,
preproceeding), so it matches text that writes it solid ("preproceedings", as the curated
corpus often does after losing line-end hyphens) or split ("pre proceedings"). A query's
adjacent words also yield their joined form when the index has it (`joined_pairs`), so
"pre proceedings" finds "preproceedings".
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Container
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
# A word, or hyphenated words ("pre-proceedings", "out-of-hours"); U+2010/U+2011 are hyphens too
_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# Recorded in the index manifest (BM25Settings.tokens): an index built with other tokens is rebuilt
KEYWORD_TOKENS = "words, light folding, hyphenated compounds joined (2)"


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


def _words(text: str) -> list[str]:
    """Lower-case ASCII words of `text` in order; hyphenated words kept whole."""
    if text.isascii():  # NFKD and the ASCII filter leave ASCII text as it is
        return _WORD.findall(text.lower())
    text = text.replace("\u2010", "-").replace("\u2011", "-")  # NFKD would fold U+2011 to U+2010, then drop it
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return _WORD.findall(text)


def _joinable(parts: list[str]) -> bool:
    """Join a compound only from words with letters ("pre-proceedings"), not from number
    ranges or codes ("2019-20", "covid-19"), which would fill the vocabulary with junk."""
    return all(not part.isdigit() for part in parts)


def keyword_tokens(text: str) -> list[str]:
    """Tokens of `text` for BM25 (plain `str` in a plain list), in text order.

    Stop words are dropped and inflections folded (`fold`); a hyphenated word gives its parts
    (stop words dropped) followed by its joined form: "pre-proceedings" -> ["pre", "proceeding",
    "preproceeding"], "out-of-hours" -> ["hour", "outofhour"].
    """
    tokens: list[str] = []
    for word in _words(text):
        if "-" not in word:
            if word not in STOP_WORDS:
                tokens.append(fold(word))
            continue
        parts = word.split("-")
        tokens.extend(fold(part) for part in parts if part not in STOP_WORDS)
        if _joinable(parts):
            tokens.append(fold("".join(parts)))
    return tokens


def joined_pairs(text: str, vocabulary: Container[str]) -> list[str]:
    """Joined forms of adjacent word pairs of `text` that `vocabulary` (an index's terms) holds:
    "pre proceedings" -> ["preproceeding"] when some letter writes "preproceedings" or
    "pre-proceedings". For queries: added to `keyword_tokens(text)`, the split form then
    matches letters that write the compound solid. Pairs with a hyphenated or numeric word are
    not joined (the hyphenated word already yields its joined form)."""
    words = _words(text)
    out = []
    for first, second in zip(words, words[1:]):
        if "-" in first or "-" in second or not _joinable([first, second]):
            continue
        joined = fold(first + second)
        if joined in vocabulary and joined not in STOP_WORDS:
            out.append(joined)
    return out
