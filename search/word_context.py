"""The phrases the letters write, for reading a misspelt word by the words beside it, as a search
engine does: "cair leavers" is "care leavers" (written 15,638 times), not "chair leavers" (never),
though "chair" is one edit from "cair" and "care" two.

search/data/letter_phrases.tsv (written by `python -m eval.letter_phrases`) holds the pairs of
adjacent words the letters write (lower-cased, only white space between them, a possessive 's
dropped: "children's services" gives "children services") at least MIN_STORED times, both words
of search/data/letter_words.tsv. A typo's candidates in context are its nearest words
(search/word_spelling.py) and the words within two edits of it (a letter dropped, added or
changed, or two neighbours swapped; twice at most), no stop word, that the letters write right
after the word before it or right before the word after it. A candidate one edit away scores how
often the letters write those two phrases. One two edits away, a rarer typo, counts only a phrase
that makes SPECIFIC of the neighbour's uses ("leaving care": 1,062 of the 1,407 "leaving"; not
"the time": 1,612 of 185,260 "the", so "the rcime rate" stays "crime"), times TWO_EDITS. The
candidate scored at least MIN_PHRASE and PHRASE_DOMINANCE times as high as any other (forms of
one keyword together) is the word; otherwise the typo is read without its neighbours. A pair the
file leaves out is written under MIN_STORED times, a fifth of MIN_PHRASE.
The letters state, they do not ask, so the phrases a question is framed in ("what did", "did
inspectors", "inspectors say", "which letters mention") are not in their table.
search/data/question_phrases.tsv (written by `python -m eval.question_phrases` from the question
sets, as a search engine reads its query log) holds those: the pairs MIN_QUESTIONS or more of the
questions write that the letters' table does not hold, names left out, START before a question's
first word, each with the number of questions. framing_scores reads a typo's nearest words by them
(no new candidate), with MIN_FRAMING in place of MIN_PHRASE.
Pure functions; the tables are read once.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from indexer.keywords import STOP_WORDS, keyword_tokens

PHRASES_FILE = "letter_phrases.tsv"
MIN_STORED = 20  # the file keeps the pairs written this many times or more
PHRASE_DOMINANCE = 5.0  # the candidate's score must be this many times the next one's
MIN_PHRASE = int(PHRASE_DOMINANCE * MIN_STORED)  # and at least this
TWO_EDITS = 0.2  # what a phrase of a candidate two edits away counts for
SPECIFIC = 0.05  # ... when it makes this share of the times the neighbour is written
QUESTIONS_FILE = "question_phrases.tsv"
MIN_QUESTIONS = 2  # the question table keeps the pairs this many distinct questions write
# what a candidate must score by the question table: a pair it leaves out is written by one question
# at most, so this is PHRASE_DOMINANCE times any candidate's unstored pair
MIN_FRAMING = int(PHRASE_DOMINANCE * (MIN_QUESTIONS - 1))
START = "^"  # the "word" before a question's first in the question table
# a run of ASCII letters, not glued to another letter or digit, with what an apostrophe joins to it
WORD = re.compile(r"(?<![\w'’])[A-Za-z]+(?:['’][A-Za-z]+)*(?!\w)")
POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)


@dataclass(frozen=True)
class Run:
    """A word of a text: `word` at text[start:end] (a possessive 's left out), `after` where the
    run with its 's ends (characters)."""

    word: str
    start: int
    end: int
    after: int


def word_runs(text: str) -> list[Run]:
    """The runs of ASCII letters of `text` (WORD), in order, a possessive 's left out of `word`."""
    runs = []
    for m in WORD.finditer(text):
        word = POSSESSIVE.sub("", m.group(0))
        runs.append(Run(word, m.start(), m.start() + len(word), m.end()))
    return runs


def neighbours(text: str, runs: list[Run], i: int) -> tuple[int | None, int | None]:
    """(index of the run before runs[i], index of the run after it) in `runs` (word_runs(text)),
    each None unless only white space parts the two."""
    before = i - 1 if i > 0 and text[runs[i - 1].after:runs[i].start].isspace() else None
    after = i + 1 if i + 1 < len(runs) and text[runs[i].after:runs[i + 1].start].isspace() else None
    return before, after


def adjacent_pairs(text: str) -> Iterator[tuple[str, str]]:
    """Every pair of adjacent words of `text` (neighbours()), lower-cased: what the table counts."""
    lower = text.lower()
    runs = word_runs(lower)
    for i in range(1, len(runs)):
        if neighbours(lower, runs, i)[0] is not None:
            yield runs[i - 1].word, runs[i].word


@dataclass(frozen=True)
class Phrases:
    """The table: `after[w]` {word written right after w: times}, `before[w]` {word right before w: times}."""

    after: dict[str, dict[str, int]]
    before: dict[str, dict[str, int]]


def _read_phrases(name: str) -> Phrases:
    """The pairs of search/data/`name` ('first second<TAB>times' lines, '#' comments)."""
    text = resources.files("search").joinpath("data", name).read_text(encoding="utf-8")
    after: dict[str, dict[str, int]] = {}
    before: dict[str, dict[str, int]] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            pair, n = line.split("\t")
            first, second = pair.split(" ")
            after.setdefault(first, {})[second] = before.setdefault(second, {})[first] = int(n)
    return Phrases(after, before)


@lru_cache(maxsize=1)
def letter_phrases() -> Phrases:
    """The pairs the letters write, from search/data/letter_phrases.tsv: times written."""
    return _read_phrases(PHRASES_FILE)


@lru_cache(maxsize=1)
def question_phrases() -> Phrases:
    """The pairs questions are framed in, from search/data/question_phrases.tsv (python -m
    eval.question_phrases): questions of the question sets writing each; START opens a question."""
    return _read_phrases(QUESTIONS_FILE)


def edit_distance(a: str, b: str, cap: int = 2) -> int:
    """Edits from `a` to `b` (a letter dropped, added or changed, two neighbours swapped: optimal
    string alignment), or cap + 1 when more than `cap`."""
    if abs(len(a) - len(b)) > cap:
        return cap + 1
    before, row = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        this = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            this[j] = min(row[j] + 1, this[j - 1] + 1, row[j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                this[j] = min(this[j], before[j - 2] + 1)
        if min(this) > cap:  # no later row can come back under the cap
            return cap + 1
        before, row = row, this
    return min(row[-1], cap + 1)


def phrase_scores(typed: str, near: Iterable[str], before: str | None, after: str | None,
                  written: dict[str, int]) -> dict[str, tuple[int, float]]:
    """{candidate: (edits from `typed`, score)} for the typo `typed` (lower case) between the words
    `before` and `after` (lower case, None for none): its nearest words `near` and the words within
    two edits of it, no stop word, that the letters write right after `before` or right before
    `after`. A candidate scores the times the letters write it after `before` plus before `after`;
    one two edits away only the phrases that make SPECIFIC of the times its neighbour is written
    (`written`: word -> times, word_spelling.letter_words()), times TWO_EDITS. {} with no neighbour."""
    if before is None and after is None:
        return {}
    table = letter_phrases()
    follows = table.after.get(before, {}) if before else {}
    precedes = table.before.get(after, {}) if after else {}
    scores = {}
    for word in dict.fromkeys((*near, *follows, *precedes)):
        distance = edit_distance(typed, word)
        if word in near or distance <= 1:
            scores[word] = distance, float(follows.get(word, 0) + precedes.get(word, 0))
        elif distance == 2 and word not in STOP_WORDS:
            phrases = [(follows.get(word, 0), written.get(before, 0)), (precedes.get(word, 0), written.get(after, 0))]
            scores[word] = distance, TWO_EDITS * sum(n for n, uses in phrases if n and n >= SPECIFIC * uses)
    return scores


def framing_scores(typed: str, near: Iterable[str], before: str | None, after: str | None
                   ) -> dict[str, tuple[int, float]]:
    """{candidate: (edits from `typed`, score)} for the typo `typed` (lower case) between `before`
    (START for a question's first word) and `after` (lower case, None for none), its nearest words
    `near` only: how many questions of the question sets write the candidate after `before` plus
    before `after` (question_phrases). {} with no neighbour."""
    if before is None and after is None:
        return {}
    table = question_phrases()
    follows = table.after.get(before, {}) if before else {}
    precedes = table.before.get(after, {}) if after else {}
    return {w: (edit_distance(typed, w), float(follows.get(w, 0) + precedes.get(w, 0))) for w in near}


def best_in_context(scores: dict[str, tuple[int, float]], minimum: float = MIN_PHRASE) -> str | None:
    """The word the typo is read as among `scores` (phrase_scores, or framing_scores with
    `minimum` MIN_FRAMING): the forms of one keyword together, the candidate scored at least
    `minimum` and PHRASE_DOMINANCE times as high as the next, as its form fewest edits away, then
    scored highest; None when no candidate is that clear."""
    forms: dict[tuple[str, ...], list[str]] = {}
    for word in scores:
        forms.setdefault(tuple(keyword_tokens(word)) or (word,), []).append(word)
    ranked = sorted(((sum(scores[w][1] for w in group), group) for group in forms.values()), key=lambda g: -g[0])
    if not ranked or ranked[0][0] < minimum or (len(ranked) > 1 and ranked[0][0] < PHRASE_DOMINANCE * ranked[1][0]):
        return None
    return min(ranked[0][1], key=lambda w: (scores[w][0], -scores[w][1], w))
