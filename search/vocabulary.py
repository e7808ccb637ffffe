"""The words Ofsted's letters use: the keyword tokens of every letter of corpus/, shipped as
search/data/letter_vocab.txt (written by `python -m eval.letter_vocab`). A question word outside
it is one no letter could hold; a word inside it that an index lacks is one the letters use but
this index's documents do not."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

VOCAB_FILE = "letter_vocab.txt"


@lru_cache(maxsize=1)
def letter_vocabulary() -> frozenset[str]:
    """The keyword tokens (indexer.keywords.keyword_tokens) that the letters of corpus/ use, from
    search/data/letter_vocab.txt (written by `python -m eval.letter_vocab`; '#' lines are comments)."""
    text = resources.files("search").joinpath("data", VOCAB_FILE).read_text(encoding="utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))
