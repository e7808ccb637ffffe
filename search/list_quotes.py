"""What a list answer's sentence must hold, and how much of the letter it quotes.

- A topic that is one term of art in two or three words ("areas for priority action" -> "priority
  action", "hidden harm to children" -> "hidden harm") is carried only by the term whole: its words
  apart say other things ("the board's priorities", "action plans", "hidden from view").
  `topic_compound` finds such a term, `holds_compound` checks a sentence for it.
- A lead-in ending in ":" ("The local authority needs to take swift and decisive action to address
  the following areas of weakness:") says nothing on its own: it is quoted with its first item
  (`with_first_item`), and from the heading right above it ("Areas for priority action",
  `under_heading`), verbatim, as one span of the letter.
Pure functions of text and keyword tokens (indexer.keywords).
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from indexer.keywords import keyword_tokens

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


def holds_compound(tokens: Sequence[str], compound: tuple[str, ...], gap: int = COMPOUND_GAP) -> bool:
    """True when `tokens` (a sentence's keyword tokens, in order) hold `compound` in order, at most
    `gap` tokens between two of its words: "areas for priority and immediate action" holds
    ("priority", "action"); "actions in order of priority" does not. An empty compound is held."""
    if not compound:
        return True
    for i, token in enumerate(tokens):
        if token != compound[0]:
            continue
        at, found = i, True
        for word in compound[1:]:
            nxt = next((j for j in range(at + 1, min(at + 2 + gap, len(tokens))) if tokens[j] == word), None)
            if nxt is None:
                found = False
                break
            at = nxt
        if found:
            return True
    return False


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
