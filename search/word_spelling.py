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
534; the care 1,963 and care of 867 are no specific phrases), the phrases questions are framed in,
which the letters never write (they state, they do not ask), are asked next: a candidate the
question sets write beside the typo's neighbours in MIN_FRAMING questions or more, PHRASE_DOMINANCE
times as many as any other, is the word ("what did inspectrs say": did inspectors 10 questions,
inspectors say 7, inspects neither; read alone it is a close call, inspectors 4,365, inspects
2,115). Failing both, the last test decides.
A question's first word (or a sentence's) that none of this corrects, of any length, is read as
the question word or verb it is one edit from (`opening_word`: "wat did" -> what, "hw" -> how,
"wen" -> when, "dose" -> does) when the letters write it at most once: questions open with one.
The corrected word keeps the typed word's capital. Pure functions; the lists are read once.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from indexer.keywords import STOP_WORDS, keyword_tokens
from search.council_spelling import council_name_words, is_english_word
from search.vocabulary import letter_vocabulary
from search.word_context import (MIN_FRAMING, START, best_in_context, edit_distance, framing_scores, neighbours,
                                 phrase_scores, question_phrases, word_runs)

WORDS_FILE = "letter_words.tsv"
MIN_LETTERS = 4  # "teh", "adn" are left alone: three letters are one edit from too many words
LONG_WORD = 8  # a word this long may be two edits from the word meant ("safegaurdng")
DOMINANCE = 5.0  # the candidate written most must be written this many times as often as the next
# the words that open questions: the question words and the verbs a yes/no question starts with
OPENERS = frozenset("what which who whose when where why how is are was were do does did has have had can could "
                    "should would will".split())
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
    for i, run in enumerate(runs):
        typed, lower = run.word, run.word.lower()
        before, after = (read(j) for j in neighbours(question, runs, i))
        opens = _opens(question, run)
        word = None
        if i in typos:
            near, alone = typos[i]
            word = (best_in_context(phrase_scores(lower, near, before, after, letter_words()))
                    or best_in_context(framing_scores(lower, near, START if opens else before, after), MIN_FRAMING)
                    or alone)
        if word is None and opens and not any(a < run.end and run.start < b for a, b in left_alone):
            word = opening_word(typed, after, name_words)
        if word is None:
            continue
        meant = word.capitalize() if typed[0].isupper() else word
        found.append(WordCorrection(typed, meant, run.start, run.end, edit_distance(lower, word), letter_words()[word]))
    return tuple(found)


def _opens(question: str, run) -> bool:
    """Does `run` (word_context.Run) open the question or a sentence of it?"""
    return bool(_SENTENCE_START.search(question[:run.start]))


def opening_word(typed: str, after: str | None, name_words: frozenset[str] = frozenset()) -> str | None:
    """The question word or verb (OPENERS) a question's first word `typed` stands for ("wat" ->
    what, "hw" -> how, "dose" -> does), `after` the word after it (lower case, None for none).
    Questions open with one of OPENERS (271 of the 342 distinct questions of the question sets, the
    rest with a council, a preposition or a year, words the letters write), so at a question's start
    a word is read as one of them, whatever its length, when it is written as an ordinary word
    (lower case or capitalised), is no stop word, no word of a council's name, and one the letters
    write at most once in lower case (a word of English they never write, "wat", "wen", counts: at a
    question's start it is far likelier a typo). It is read as the OPENERS one edit from it: the only
    one, or the one the question sets open questions with, plus write before `after`, most
    (question_phrases), at least DOMINANCE times as often as the next (a pair written by fewer than
    MIN_QUESTIONS questions counting 1): "wat did" is what (144) rather than was (2). None
    otherwise ("ho": how 76, who 19; "ws": was or is)."""
    lower = typed.lower()
    plain = typed.islower() or (typed[0].isupper() and typed[1:].islower())
    if (len(lower) < 2 or not plain or "'" in typed or "’" in typed or lower in STOP_WORDS or lower in name_words
            or letter_words().get(lower, 0) > 1):
        return None
    near = [w for w in OPENERS if edit_distance(lower, w, cap=1) == 1]
    if len(near) == 1:
        return near[0]
    table = question_phrases()
    scores = {w: table.after.get(START, {}).get(w, 0) + table.before.get(after, {}).get(w, 0) for w in near}
    ranked = sorted(near, key=lambda w: (-scores[w], w))
    if len(ranked) > 1 and scores[ranked[0]] >= DOMINANCE * max(scores[ranked[1]], 1):
        return ranked[0]
    return None
