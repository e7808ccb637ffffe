"""What a list answer's sentence must hold, and how much of the letter it quotes.

- A topic that is one term of art in two or three words ("areas for priority action" -> "priority
  action", "hidden harm to children" -> "hidden harm") is carried only by the term whole: its words
  apart say other things ("the board's priorities", "action plans", "hidden from view").
  `topic_compound` finds such a term, `holds_compound` checks a sentence for it.
- A lead-in ending in ":" ("The local authority needs to take swift and decisive action to address
  the following areas of weakness:") says nothing on its own: it is quoted with its first item
  (`with_first_item`), and from the heading right above it ("Areas for priority action",
  `under_heading`), verbatim, as one span of the letter.
- A topic naming a concept in several words whose modifier says something apart ("agency social
  workers", "management oversight", "changes of social worker": a synonym group's or glossary
  entry's phrase, search/data/synonyms.json, glossary.json) is carried only by one of the concept's
  phrases whole or a one-word synonym or acronym ("locum", "supervision", "PLO"): its modifier alone
  says other things ("agency" of "multi-agency" or "partner agencies"). `topic_concepts` finds such
  concepts, `carries_concept` checks a sentence for one.
- A one-word synonym of a topic term ("reliance", "dependent" for "reliant") is that term in a
  sentence (`synonym_aliases`): the topic's search adds only a group's first phrase.
Pure functions of text and keyword tokens (indexer.keywords).
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from indexer.keywords import keyword_tokens
from search.glossary import glossary, synonym_groups

_WORD = re.compile(r"[^\W_][\w’'-]*")
COMPOUND_GAP = 2  # words a letter may put inside the term ("priority and immediate action", "area(s) for priority action")


def topic_compound(topic: str, weights: Mapping[str, float], minor: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """The keyword tokens of the term of art the topic is, in order, or () when it is not one.

    `weights`: the topic's term weights (list_answer.topic_weights); `minor`: tokens that do not make
    the term (generic field words, places, numbers: "children" of "hidden harm to children"). The
    topic is a term when its other weighted words are two or three words written next to each other
    ("priority action" in "areas for priority action?"; not "delays in the front door", where "delays"
    stands apart) and every weighted token is one of the topic's own words (a glossary or synonym
    expansion may say the term in other words, so then there is no term to require)."""
    words = [keyword_tokens(m.group(0)) for m in _WORD.finditer(topic)]
    content: list[tuple[int, str]] = []
    for i, tokens in enumerate(words):
        carried = [t for t in tokens if weights.get(t, 0) > 0 and t not in minor]
        if len(carried) > 1:
            return ()  # "multi-agency": one word, two terms
        content += [(i, t) for t in carried]
    own = {t for tokens in words for t in tokens}
    if not 2 <= len(content) <= 3 or any(t not in own for t in weights):
        return ()
    positions = [i for i, _ in content]
    if positions != list(range(positions[0], positions[0] + len(positions))):
        return ()
    return tuple(t for _, t in content)


COORDINATOR = "&"  # what term_tokens puts for "and" / "or"


def term_tokens(text: str) -> list[str]:
    """The keyword tokens of `text` in order, with COORDINATOR where it says "and" or "or" (stop
    words keyword_tokens drops), so that holds_compound can tell a term ("priority and immediate
    action") from two things named together ("priorities or actions")."""
    tokens: list[str] = []
    for match in _WORD.finditer(text):
        word = match.group(0)
        tokens += [COORDINATOR] if word.lower() in ("and", "or") else keyword_tokens(word)
    return tokens


def holds_compound(tokens: Sequence[str], compound: tuple[str, ...], gap: int = COMPOUND_GAP) -> bool:
    """True when `tokens` (a sentence's keyword tokens in order, as keyword_tokens or term_tokens
    give them) hold `compound` in order, at most `gap` tokens between two of its words: "areas for
    priority and immediate action" holds ("priority", "action"); "actions in order of priority" does
    not, nor does "priorities or actions" (term_tokens: two words of the term joined by "and" or "or"
    alone name two things, not the term). An empty compound is held."""
    if not compound:
        return True
    for i, token in enumerate(tokens):
        if token != compound[0]:
            continue
        at, found = i, True
        for word in compound[1:]:
            nxt = _next(tokens, at, word, gap)
            if nxt is None or list(tokens[at + 1:nxt]) == [COORDINATOR]:
                found = False
                break
            at = nxt
        if found:
            return True
    return False


# common words of the field ("social" of "social workers", "care" of "care leavers"): list answers keep
# them at a fifth of their weight; a concept whose modifiers are all such words is named by its head
GENERIC_WORDS = frozenset(keyword_tokens(
    "children children's child young people services service social care council local authority "
    "family families work worker workers"))


@dataclass(frozen=True)
class Concept:
    """A concept a topic names in several words. `own`: the topic's keyword tokens naming it ("agency",
    "social", "worker"; its glossary or synonym expansion already weighs other words of it); `phrases`:
    the token sequences of its phrases of two or more tokens (("agency", "staf"), ("interim", "staf"),
    ...); `words`: its one-word synonyms and acronyms ("locum", "plo")."""

    own: tuple[str, ...]
    phrases: tuple[tuple[str, ...], ...]
    words: frozenset[str]


def _at(tokens: Sequence[str], phrase: tuple[str, ...]) -> int | None:
    """Where `phrase` starts in `tokens` as a run of adjacent tokens; None when it is not there."""
    n = len(phrase)
    return next((i for i in range(len(tokens) - n + 1) if tuple(tokens[i:i + n]) == phrase), None)


def _concept_entries() -> list[tuple[tuple[str, ...], ...]]:
    """Every synonym group and glossary entry (acronym first), each as the keyword tokens of its phrases."""
    entries = [*synonym_groups(), *((acronym, *expansions) for acronym, expansions in glossary().items())]
    return [tuple(t for t in (tuple(keyword_tokens(p)) for p in entry) if t) for entry in entries]


def topic_concepts(topic: str, minor: frozenset[str] = frozenset()) -> tuple[Concept, ...]:
    """The concepts the topic names in two or more words whose modifiers (the words before the last)
    are not all `minor` (generic field words, places: "social" of "social workers", "care" of "care
    leavers"): "rely too much on agency social workers?" -> agency workers (phrases "agency staff",
    "interim staff", ..., words "locum"); "weak management oversight?" -> management oversight (word
    "supervision"). A concept named inside a longer one ("social workers" in "agency social workers")
    is left out, as search.glossary.concepts leaves it. () when the topic names none."""
    tokens = keyword_tokens(topic)
    found = []  # (start, end, own tokens, entry)
    for entry in _concept_entries():
        for phrase in entry:
            at = _at(tokens, phrase) if len(phrase) >= 2 else None
            if at is not None:
                found.append((at, at + len(phrase), phrase, entry))
                break
    concepts: dict[tuple[int, int], Concept] = {}  # a synonym group and a glossary entry naming the same words: one
    for start, end, own, entry in found:
        if any(s <= start and end <= e and e - s > end - start for s, e, _, _ in found):
            continue  # inside a longer concept
        if not set(own[:-1]) - minor:
            continue  # "social workers", "care leavers": the modifier is a field word, the head says it
        had = concepts.get((start, end), Concept(own, (), frozenset()))
        phrases = tuple(dict.fromkeys([*had.phrases, *(p for p in entry if len(p) >= 2)]))
        concepts[(start, end)] = Concept(own, phrases, had.words | {p[0] for p in entry if len(p) == 1})
    return tuple(concepts.values())


def carries_concept(tokens: Sequence[str], concepts: Sequence[Concept]) -> bool:
    """True when `tokens` (a sentence's keyword tokens, in order) hold one of `concepts`: one of its
    phrases as adjacent tokens ("interim staff", not "multi-agency staff" or "partner agencies") or
    one of its one-word synonyms or acronyms ("locum"). True when there are no concepts to carry."""
    if not concepts:
        return True
    held = set(tokens)
    return any(c.words & held or any(_at(tokens, p) is not None for p in c.phrases) for c in concepts)


def _next(tokens: Sequence[str], at: int, word: str, gap: int) -> int | None:
    """Where `word` is next in `tokens` after `at`, at most `gap` tokens (COORDINATOR not counted) on; None if not."""
    skipped = 0
    for j in range(at + 1, len(tokens)):
        if tokens[j] == word:
            return j
        skipped += tokens[j] != COORDINATOR
        if skipped > gap:
            return None
    return None


LEAD_IN_WORDS = 5  # fewer words before the colon make a label ("Inspection dates:", "Lead inspector:")


def is_lead_in(text: str) -> bool:
    """A sentence that introduces what follows it: one line of at least LEAD_IN_WORDS words ending
    with a colon ("The local authority needs to take ... the following areas of weakness in:"); not
    a label ("Inspection dates:") or a run of title lines ending in one."""
    text = text.strip()
    return text.endswith(":") and "\n" not in text and len(text.split()) >= LEAD_IN_WORDS


def with_first_item(spans: Sequence[tuple[int, int, bool]], i: int) -> int | None:
    """The end of the quote for the lead-in `spans[i]`: the end of the next span, its first item,
    when that is no heading; None when the lead-in is the last span or a heading follows it (the
    item is not there to quote). `spans`: (start, end, heading) of the passage's units, quotable
    offsets, in order."""
    if i + 1 >= len(spans):
        return None
    start, end, heading = spans[i + 1]
    return None if heading or end <= start else end


def under_heading(spans: Sequence[tuple[int, int, bool]], i: int) -> int:
    """The start of the quote for the lead-in `spans[i]`: the heading right before it when there is
    one ("Areas for priority action" above "The local authority needs to take swift and decisive
    action to address the following areas of weakness:"), which names what the items are; else the
    lead-in's own start. `spans` as for with_first_item."""
    if i > 0 and spans[i - 1][2] and spans[i - 1][0] < spans[i - 1][1]:
        return spans[i - 1][0]
    return spans[i][0]


def synonym_aliases(weights: Mapping[str, float]) -> dict[str, str]:
    """{sentence token: the topic term it stands for}: every one-word phrase of a synonym group
    (search/data/synonyms.json) that one of the topic's weighted terms (`weights`, list_answer.topic_weights)
    belongs to as a one-word phrase, mapped to that group's heaviest such term: for "heavily reliant on
    agency staff?" "reliance", "rely", "dependent", ... -> "reliant". Terms of the topic map to nothing."""
    aliases: dict[str, str] = {}
    for group in synonym_groups():
        singles = [tokens[0] for tokens in map(keyword_tokens, group) if len(tokens) == 1]
        held = [t for t in singles if weights.get(t, 0) > 0]
        if held:
            term = max(held, key=lambda t: weights[t])
            aliases.update({t: term for t in singles if t not in weights and t not in aliases})
    return aliases
