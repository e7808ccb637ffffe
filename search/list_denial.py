"""Denials in list answers: sentences and questions saying that the thing asked about is absent.

- A sentence denying the topic ("The inspection did not find any areas for priority and immediate
  action") is no row for a question asking who had it (`denied_terms`, `denies_topic`).
- A question asking for the absence ("Which councils had no areas for priority action?", "...
  without ...", "... never had ...") keeps only the sentences stating it (`asked_absence`,
  `states_absence`): the same denials the other way round.
A denial covers the first `_DENIAL_REACH` words after it, within its clause (list_polarity's
CLAUSE_BREAK). Pure functions of text and keyword tokens (indexer.keywords).
"""
from __future__ import annotations

import re

from indexer.keywords import keyword_tokens
from search.list_polarity import CLAUSE_BREAK

# a word or phrase denying what follows it: "no areas for ...", "none of the ...", "did not find any
# ...", "not ... any"; "not" alone ("has not addressed the areas for priority action") denies the verb
_DENIAL = (r"no|none(?:\s+of(?:\s+the)?)?|nor|neither|never|not\s+(?:\w+\s+){0,3}?any|n[o’']t\s+any|"
           r"(?:did|does|do|was|were|has|have|had)\s+not\s+(?:find|identify|see|raise|highlight)\w*")
_DENIES = re.compile(rf"\b(?:{_DENIAL})\b", re.IGNORECASE)
_DENIAL_REACH = 4  # words after the denial that it covers ("no additional [priority] actions")
# how a question asks for the absence of what it names: a denial of _DENIES, or "without", "lacking",
# "did not have", "never had" ("which councils had no areas for priority action?", "... without a ...")
_ASKS_FOR = re.compile(
    rf"\b(?:{_DENIAL}|without|lack(?:s|ed|ing)?|not\s+(?:have|had|get|got|receive)\w*|"
    r"(?:didn|doesn|don|hasn|haven|hadn)[’']t\s+(?:have|had|get|got|receive)\w*)\b", re.IGNORECASE)
# a question that itself asks for an absence ("which councils had no areas for priority action?")
_ASKS_ABSENCE = re.compile(r"\b(?:no|not|none|nor|never|without|lack\w*)\b|n[’']t\b", re.IGNORECASE)
# shortfalls a question asking for a negative finding names as the thing found ("serious weaknesses")
_SHORTFALL_NOUNS = frozenset(keyword_tokens("weakness weaknesses shortcoming shortcomings failing failings "
                                            "deficiency deficiencies concern concerns shortfall shortfalls"))


def denied_terms(question: str, polarity: str | None, anchors: set[str], judged: frozenset[str]) -> frozenset[str]:
    """The keyword tokens whose denial in a sentence ("there are no areas for priority action")
    takes the sentence out of the list: the topic's anchor terms for a question with no polarity,
    the shortfall nouns it names ("weaknesses") for one asking for a negative finding; none for a
    question that itself asks for an absence ("... had no ...", "... without ..."), or one asking
    for praise (`states_polarity` already refuses any negation there)."""
    if _ASKS_ABSENCE.search(question):
        return frozenset()
    if polarity is None:
        return frozenset(anchors)
    if polarity == "negative":
        return frozenset(judged & _SHORTFALL_NOUNS)
    return frozenset()


def denies_topic(sentence: str, terms: frozenset[str], names: re.Pattern[str] | None = None) -> bool:
    """True when `sentence` denies one of `terms` (keyword tokens): a denial (`_DENIES`: "no",
    "none of", "did not find any", "not ... any") with a term among the _DENIAL_REACH words after
    it, in the same clause. "The inspection did not find any areas for priority and immediate
    action" denies "priority"; "The local authority has not addressed the areas for priority
    action" does not. Names the question asks about (`names`, e.g. "No Wrong Door") are no denial."""
    return _denial(sentence, terms, names, _DENIES) is not None


def asked_absence(topic: str, terms: frozenset[str], names: re.Pattern[str] | None = None) -> str:
    """What a question's topic asks to be absent, from the denial on: "no areas for priority action"
    for "had no areas for priority action?" ("without", "lacking", "did not have", "never had",
    "none of" and the denials of `denies_topic` ask so), when the denial reaches one of `terms`
    (the topic's anchor terms) as in denies_topic; "" when it asks for no absence ("which councils
    had areas for priority action?", "... use No Wrong Door?": a name, `names`, is no denial).
    A list answer to such a question keeps only the sentences that deny the terms."""
    start = _denial(topic, terms, names, _ASKS_FOR)
    return "" if start is None else " ".join(topic[start:].split()).rstrip(" ?.!")


def states_absence(sentence: str, terms: frozenset[str], names: re.Pattern[str] | None = None) -> bool:
    """True when `sentence` says one of `terms` is absent, as a question asks it (`asked_absence`'s
    denials: those of denies_topic, "without", "lacking", "does not have"): "There are no priority
    actions following this focused visit"; not "We have notified the Department for Education of the
    areas for priority action"."""
    return _denial(sentence, terms, names, _ASKS_FOR) is not None


def _denial(text: str, terms: frozenset[str], names: re.Pattern[str] | None, denials: re.Pattern[str]) -> int | None:
    """Where in `text` the first denial (a match of `denials`) reaching one of `terms` starts; None when none does."""
    if not terms:
        return None
    if names is not None:
        text = names.sub(lambda m: " " * len(m.group(0)), text)  # same offsets
    for match in denials.finditer(text):
        rest = text[match.end():]
        cut = CLAUSE_BREAK.search(rest)
        words = (rest[:cut.start()] if cut else rest).split()[:_DENIAL_REACH]
        if terms & set(keyword_tokens(" ".join(words))):
            return match.start()
    return None


def absence_words(topic: str) -> frozenset[str]:
    """The keyword tokens of the topic's words asking for an absence ("never", "without", "not have":
    `asked_absence`'s denials), whether or not they reach a topic term."""
    return frozenset(keyword_tokens(" ".join(m.group(0) for m in _ASKS_FOR.finditer(topic))))
