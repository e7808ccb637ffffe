"""Named things a question asks about: a programme, a model of practice, a team, a partner
("the Pillars of Parenting model", "Leicester City Football Club", "Mind of My Own").

The embedding model knows few such names, so a passage that names one is often far from the
question in cosine (Hampshire 2014's "Pillars of Parenting" passage: 0.17) although it is the
passage asked about; a sentence holding the name verbatim is evidence the letters answer.
"""
from __future__ import annotations

import re

from search.query import MONTH_NAMES, QueryContext

# a capitalised word: "Pillars", "Children's", "MOMO"; joined by "of", "and", "the", "&" inside a name
_WORD = r"[A-Z][A-Za-z’'\-]*"
_NAME = re.compile(rf"{_WORD}(?:\s+(?:(?:of|and|the|&)\s+)?{_WORD})+")
# capitalised words that name the inspectorate, a kind of visit or a council, not a thing asked about
_NOT_NAMES = frozenset(("ofsted", "cqc", "hmi", "hmis", "hmicfrs", "jtai", "ilacs", "sif", "send", "mash", "council",
                        "county", "city", "borough", "metropolitan", "district", "the", "which", "what", "who",
                        "how", "when", "where", "why", "did", "does", "do", "was", "were", "is", "are", "has",
                        "have", "according", "in", "of", "and", "&", *MONTH_NAMES))


def named_phrases(query: str, ctx: QueryContext) -> tuple[str, ...]:
    """The names of two or more capitalised words in `query` ("Pillars of Parenting") that are not
    a council's name as the query writes it (`ctx.written`), nor only words naming the
    inspectorate, a kind of visit, a month or a question word; as written (one apostrophe, "'"),
    a final possessive "'s" dropped, in the query's order. () when it names none."""
    text = query
    for written in ctx.written:
        text = re.sub(re.escape(written) + r"(?:[’']s)?", " | ", text)
    found = []
    for match in _NAME.finditer(text):
        words = match.group(0).replace("’", "'").split()
        while words and words[0].lower() in _NOT_NAMES:
            words.pop(0)
        while words and words[-1].lower() in _NOT_NAMES:
            words.pop()
        if words:
            words[-1] = re.sub(r"'s$", "", words[-1])
        if sum(w[:1].isupper() for w in words) >= 2:
            found.append(" ".join(words))
    return tuple(dict.fromkeys(found))


def names_held(text: str, names: tuple[str, ...]) -> bool:
    """Whether `text` holds every one of `names` (named_phrases) whole, as a name: a word
    capitalised in the name is capitalised in `text` too, the rest of each word in any case, either
    apostrophe ("Children’s Trust" holds "Children's Trust"; "children's services" in a sentence
    does not hold "Children's Services", which a question may capitalise as if a name). False for
    no names."""
    text = " ".join(text.replace("’", "'").split())
    return bool(names) and all(re.search(_name_pattern(name), text) for name in names)


def _name_pattern(name: str) -> str:
    """A regular expression matching `name` whole, its capitalised words' first letters as written."""
    words = []
    for word in name.split():
        head, rest = word[0], word[1:]
        words.append(re.escape(head) + (f"(?i:{re.escape(rest)})" if rest else "") if head.isupper()
                     else f"(?i:{re.escape(word)})")
    return r"(?<!\w)" + r"\s".join(words) + r"(?!\w)"
