"""Ordinary words misspelt in a question ("waht did inspecotrs say about care leavres"), and the one
word of the letters each was meant to be.

A typo is a word no letter uses: search/abstain.py counts it as unknown and the answer is declined.
A word of the question is corrected only when all of these hold:
- it is a run of ASCII letters (no digit, no accent, not the "s" after an apostrophe), written in
  lower case, or capitalised as the first word of a sentence: an acronym ("PLO") or a capitalised
  word mid-sentence, which may be a name ("Mockingbird", "Pillars of Parenting"), is left alone;
- it is not inside quotes ("...", '...', curly ones; an unclosed quote runs to the end);
- it has at least MIN_LETTERS letters and is no word of the letters (search.vocabulary: its keyword
  tokens are all there, or it is a stop word; the letters' own typos, "reponse", "mising", are
  their words too, and abstention does not count them unknown), no word of English
  (pyspellchecker's list), no word of a council's name, and no part of a misspelt council already
  corrected;
- the words the letters write in lower case (search/data/letter_words.tsv, with the number of
  times they write each) hold words one edit from it (a letter dropped, added or changed, or two
  neighbours swapped), or, for a word of LONG_WORD letters or more with none at one edit, two
  edits; forms of one keyword (indexer.keywords folds "adoptions" to "adoption") count as one
  candidate, written as often as its forms together; and the candidate written most is written at
  least DOMINANCE times as often as the next ("waht": what 3,874 times, wait 672: 5.8, corrected;
  "leavres": leavers 15,534, leaves 139; "caer": care 36,881, carer 498; "vist": visit 4,176,
  vast 896: 4.7, left alone). With one candidate there is none to beat ("chidren": children). The
  candidate's form written most is the one used. The letters' frequencies decide, so a typo of a
  word they seldom write is read as one they write often ("oline": line 1,962, online 287;
  "lfood": food 50, flood 1): the note says so.
A word that passes the first three tests is first read by the words beside it, as a search
engine does (search/word_context.py): a candidate the letters write in a phrase with them, often
and at least PHRASE_DOMINANCE times as often as any other, is the word, in place of the last test;
two edits away (whatever the word's length) only by a specific phrase ("cair leavers": care
leavers 15,638 times, chair leavers never; "childern in cair": in care 6,405; "the ofer to": the
offer, offer to, not over). When they say nothing clear ("the cair of": the chair 719, chair of
534; the care 1,963 and care of 867 are no specific phrases) the last test decides.
The corrected word keeps the typed word's capital. Pure functions; the lists are read once.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from indexer.keywords import keyword_tokens
from search.council_spelling import council_name_words, is_english_word
from search.vocabulary import letter_vocabulary
from search.word_context import best_in_context, edit_distance, neighbours, phrase_scores, word_runs

WORDS_FILE = "letter_words.tsv"
MIN_LETTERS = 4  # "teh", "adn" are left alone: three letters are one edit from too many words
LONG_WORD = 8  # a word this long may be two edits from the word meant ("safegaurdng")
DOMINANCE = 5.0  # the candidate written most must be written this many times as often as the next
# quoted text: double and curly quotes, and single quotes that open before a word and close after one
_QUOTED = re.compile(r'"[^"]*(?:"|$)|“[^”]*(?:”|$)|‘[^’]*(?:’|$)|(?<!\w)\'(?=\w)[^\']*(?:\'(?!\w)|$)')
_SENTENCE_START = re.compile(r"(?:^|[.!?:]\s+|\n)[\s(\[]*$")


@dataclass(frozen=True)
class WordCorrection:
    """A misspelt word of a question: `typed` at question[start:end] (characters), `word` the word
    of the letters it is taken for (with the typed word's capital), `distance` edits apart (1 or 2),
    `written` how many times the letters write `word`."""

    typed: str
    word: str
    start: int
    end: int
    distance: int
    written: int


@lru_cache(maxsize=1)
def letter_words() -> dict[str, int]:
    """Lower-case word -> times the letters of corpus/ write it, from search/data/letter_words.tsv
    (written by `python -m eval.letter_words`; '#' lines are comments)."""
    text = resources.files("search").joinpath("data", WORDS_FILE).read_text(encoding="utf-8")
    return {word: int(n) for word, n in (line.split("\t") for line in text.splitlines()
                                         if line and not line.startswith("#"))}


@lru_cache(maxsize=1)
def _checker():
    """pyspellchecker over letter_words(): its edit generation (a-z) and lookup, no English list."""
    from spellchecker import SpellChecker

    checker = SpellChecker(language=None, distance=2)
    checker.word_frequency.load_json(letter_words())
    return checker


def nearest_words(word: str) -> tuple[int, dict[str, int]]:
    """(distance, {word of the letters: times written}) for the words of letter_words() nearest
    to `word` (lower case): at one edit, or at two for a word of LONG_WORD letters or more that has
    none at one; (0, {}) when there is none."""
    checker = _checker()
    lower = word.lower()
    near = checker.known(checker.edit_distance_1(lower))
    distance = 1
    if not near and len(lower) >= LONG_WORD:
        near, distance = checker.known(checker.edit_distance_2(lower)), 2
    words = letter_words()
    near = {w: words[w] for w in near if w != lower}
    return (distance, near) if near else (0, {})


def best_word(near: dict[str, int]) -> str | None:
    """The word `near` ({word: times written}) is read as: the forms of one keyword (same
    keyword_tokens) taken together, the candidate written most when written at least DOMINANCE
    times as often as the next, as its form written most; None for no candidate or no clear one."""
    forms: dict[tuple[str, ...], list[str]] = {}
    for word in near:
        forms.setdefault(tuple(keyword_tokens(word)) or (word,), []).append(word)
    ranked = sorted(((sum(near[w] for w in group), group) for group in forms.values()), key=lambda g: -g[0])
    if not ranked or (len(ranked) > 1 and ranked[0][0] < DOMINANCE * ranked[1][0]):
        return None
    return min(ranked[0][1], key=lambda w: (-near[w], w))


def _quoted(question: str) -> list[tuple[int, int]]:
    return [m.span() for m in _QUOTED.finditer(question)]


def _may_correct(question: str, start: int, word: str) -> bool:
    """Written as an ordinary word: lower case, or capitalised at a sentence's start."""
    if word.islower():
        return True
    return word[0].isupper() and word[1:].islower() and bool(_SENTENCE_START.search(question[:start]))


def _unknown(word: str, name_words: frozenset[str]) -> bool:
    """No word of the letters, of English or of a council's name."""
    lower = word.lower()
    if lower in letter_words() or lower in name_words or is_english_word(lower):
        return False
    vocabulary = letter_vocabulary()
    tokens = keyword_tokens(lower)
    return bool(tokens) and not all(t in vocabulary for t in tokens)


def word_corrections(question: str, own: Iterable[str] = (), skip: Iterable[tuple[int, int]] = ()
                     ) -> tuple[WordCorrection, ...]:
    """The misspelt ordinary words of `question`, in question order (rules: the module docstring).
    `own`: council names an index's documents name (OwnCouncils.names), whose words are never
    corrected; `skip`: (start, end) character spans left alone (the misspelt councils corrected).
    () when nothing needs correcting, which is the rule: when in doubt a word is kept."""
    name_words = council_name_words(own)
    left_alone = [*_quoted(question), *skip]
    runs = word_runs(question)
    typos = {}  # run index -> (the words nearest, the word read without neighbours)
    for i, run in enumerate(runs):
        typed, start, end = run.word, run.start, run.end
        if ("'" in typed or "’" in typed or len(typed) < MIN_LETTERS
                or any(a < end and start < b for a, b in left_alone)
                or not _may_correct(question, start, typed) or not _unknown(typed, name_words)):
            continue
        near = nearest_words(typed)[1]
        typos[i] = near, best_word(near)

    def read(j: int | None) -> str | None:  # a neighbour as read: a misspelt one without its own neighbours
        return None if j is None else ((typos[j][1] if j in typos else None) or runs[j].word).lower()

    found = []
    for i, (near, alone) in typos.items():
        typed, lower = runs[i].word, runs[i].word.lower()
        before, after = (read(j) for j in neighbours(question, runs, i))
        word = best_in_context(phrase_scores(lower, near, before, after, letter_words())) or alone
        if word is None:
            continue
        meant = word.capitalize() if typed[0].isupper() else word
        found.append(WordCorrection(typed, meant, runs[i].start, runs[i].end, edit_distance(lower, word),
                                    letter_words()[word]))
    return tuple(found)
