"""The light sentence split the second stage scores passages by, and each sentence's keyword tokens.

Not the answers' split (indexer.chunk.sentence_units, syntok): a passage is cut after . ! ? (and
any closing quote or bracket) followed by white space, and at every line break. Sentences end only
at white space or line breaks, so their keyword tokens joined are the passage's keyword tokens.
Used at build time (indexer/token_table.py) and by search/rerank.py, so both split alike.
"""
from __future__ import annotations

import re

from indexer.keywords import keyword_tokens

_SENTENCE_END = re.compile(r"(?<=[.!?])[”\"’')\]]*\s+|\n\s*")


def sentences(text: str) -> list[str]:
    """Sentences and lines of `text`, blank ones dropped (light split for scoring; answers use
    indexer.chunk.sentence_units)."""
    return [s for s in _SENTENCE_END.split(text) if s.strip()]


def sentence_tokens(text: str) -> list[list[str]]:
    """keyword_tokens of each of `sentences(text)`, in order (a sentence may have none)."""
    return [keyword_tokens(s) for s in sentences(text)]
