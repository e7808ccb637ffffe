"""Council names misspelt in a question or a filter ("Tamesid", "Hertfordshir", "Milton Keyns"),
and the one council each was meant to be.

Questions: a word of the question that is no council's word nor a word of the letters
(search/data/letter_vocab.txt), of at least MIN_LETTERS letters, is taken for a council when it,
or a run of up to MAX_WORDS words holding it, is as close as MIN_RATIO to exactly one council's
name, official name or alias (indexer/data/authorities.csv, English councils; and the councils an
index's own documents name, search/own_councils.py). Closeness is difflib's SequenceMatcher ratio
(2 * matching characters / characters of both) on authority_key forms. No correction when two
councils are equally close; for a word of English or one edit from a common one (pyspellchecker's
word list: "stealing" is not Ealing, "hovering" not Havering, "surey" not Surrey: it may be
survey) unless the words around it spell the rest of the name ("Brighten and Hove"); or for a council
whose name is an everyday word ("Reading", indexer.authorities.COMMON_WORD_NAMES) unless written
with a capital, as recognition requires. `search.spelling.corrected_question` writes each council's name in place
of the misspelling, so search, answers and confidence see the question as if it had been spelt
right; `search.spelling.correction_note` is the line that says so. `isearch ask/query` and the app correct a
question before they search (Index.search and Index.ask take the question as written).

Filters: `suggest_council` names the council an unknown --authority value is close to, for the
error that rejects it (an unknown filter value is an error, exit 2; a typo is not silently
widened) and the app's line naming a shared link's values it ignores.
Pure functions; the letters' vocabulary and the English word list are read once, when first needed.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from indexer.authorities import COMMON_WORD_NAMES, all_authorities, authority_key, known_authorities
from indexer.keywords import STOP_WORDS, keyword_tokens
from search.vocabulary import letter_vocabulary

MIN_LETTERS = 5  # a shorter word is never corrected ("Brnt", "Hul")
MIN_RATIO = 0.85  # "Tamesid"/"Tameside" 0.93, "Mertn"/"Merton" 0.91; "Brighten"/"Brighton" 0.875
# a word one edit from a typed word makes it an ordinary misspelling when at least this frequent in
# pyspellchecker's list (its floor, 50, is rare words and names: "brolly" does not make "Bromly" one)
NEAR_WORD_FREQUENCY = 100
MAX_WORDS = 5  # the most words of a council's name: "Bath and North East Smerset", "Stoke on Trnt"
# a word: letters, and hyphenated letters ("Stoke-on-Trnt"); "Tamesid's" is the word "Tamesid"
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
# words of one name: white space only between them, or ", " or " & " ("Bournemouth, Christchurch and Poole")
_BETWEEN = re.compile(r",?\s+(?:&\s+)?")


@dataclass(frozen=True)
class Correction:
    """A misspelt council in a question: `typed` as written at question[start:end] (characters),
    `council` the canonical name (or the index's own name) it is taken for, `ratio` how close (0-1)."""

    typed: str
    council: str
    start: int
    end: int
    ratio: float


@lru_cache(maxsize=1)
def _english_names() -> tuple[dict[str, str], frozenset[str]]:
    """(authority_key of every English council name, official name and alias -> canonical name;
    every lower-case word of any council's names, English or not: such a word is never a typo)."""
    names = dict(known_authorities())
    words = {w for a in all_authorities() for n in (a.name, a.official_name, *a.aliases)
             for w in re.findall(r"[^\W\d_]+", n.lower())}
    return names, frozenset(words)


def _candidates(own: Iterable[str]) -> tuple[dict[str, str], frozenset[str]]:
    names, words = _english_names()
    own = [n for n in own if authority_key(n)]
    if not own:
        return names, words
    extra = {authority_key(n): n for n in own if authority_key(n) not in names}
    own_words = {w for n in own for w in re.findall(r"[^\W\d_]+", n.lower())}
    return {**names, **extra}, words | own_words


def council_name_words(own: Iterable[str] = ()) -> frozenset[str]:
    """Every lower-case word of any council's names (authorities.csv, English or not) and of `own`
    (names an index's documents give): a word of a question that is one of them is no typo."""
    return _candidates(own)[1]


def _scores(key: str, names: dict[str, str]) -> dict[str, tuple[float, str]]:
    """Council -> (the highest ratio between `key` and any of its names, that name's key), for the
    councils at least MIN_RATIO close (difflib's cheap upper bounds first, as get_close_matches)."""
    matcher = SequenceMatcher(b=key, autojunk=False)
    best: dict[str, tuple[float, str]] = {}
    for name_key, council in names.items():
        matcher.set_seq1(name_key)
        if (matcher.real_quick_ratio() >= MIN_RATIO and matcher.quick_ratio() >= MIN_RATIO
                and (ratio := matcher.ratio()) >= MIN_RATIO and ratio > best.get(council, (0.0, ""))[0]):
            best[council] = (ratio, name_key)
    return best


@lru_cache(maxsize=1)
def _english_words():
    """pyspellchecker's English word list (160,572 words with their frequencies, its en.json.gz),
    loaded on first use (0.15 s): a word in it is an ordinary word, not a misspelt council."""
    from spellchecker import SpellChecker

    return SpellChecker(language="en", distance=1)


def is_english_word(word: str) -> bool:
    """Is `word` (any case) in pyspellchecker's English word list? ("brighten", "stealing": yes)."""
    return word.lower() in _english_words()


def _english_or_near(word: str, name_words: frozenset[str]) -> bool:
    """`word` is a word of English, or one edit (a letter dropped, added, changed or two swapped)
    from one that is no council's word and not rare (NEAR_WORD_FREQUENCY): "surey" may be survey,
    "Bedfore" before; "Tamesid" is near no English word, "Bromly" only near the rare "brolly"."""
    english = _english_words()
    lower = word.lower()
    return lower in english or any(w not in name_words and english.word_frequency[w] >= NEAR_WORD_FREQUENCY
                                   for w in english.known(english.edit_distance_1(lower)))


def _is_typo_candidate(word: str, vocabulary: frozenset[str], name_words: frozenset[str]) -> bool:
    """A word that may be a misspelt council: long enough, no word of the letters, no council's word."""
    if sum(ch.isalpha() for ch in word) < MIN_LETTERS or word.lower() in name_words:
        return False
    tokens = keyword_tokens(word)
    return bool(tokens) and any(t not in vocabulary and t not in STOP_WORDS for t in tokens)


def council_corrections(question: str, own: Iterable[str] = ()) -> tuple[Correction, ...]:
    """The misspelt councils of `question`, in question order (see the module docstring for the
    rules). `own`: names of councils an index's documents name that authorities.csv does not know
    (OwnCouncils.names), also matched. () when nothing needs correcting, which is the rule: a word
    of the letters or of English, a short word, a council's own word or a tie is left alone."""
    names, name_words = _candidates(own)
    vocabulary = letter_vocabulary()
    words = [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(question)]
    typo = [_is_typo_candidate(word, vocabulary, name_words) for _, _, word in words]
    # a word a run may hold besides the typo: a word of a council's name, a stop word inside it, another typo
    part = [t or w.lower() in name_words or w.lower() in STOP_WORDS for t, (_, _, w) in zip(typo, words)]
    scores: dict[str, dict[str, tuple[float, str]]] = {}
    found: list[Correction] = []
    for i, (_, _, word) in enumerate(words):
        if not typo[i]:
            continue
        best: dict[str, tuple[float, str, int, int]] = {}  # council -> (ratio, name key, first, last word)
        for first in range(max(0, i - MAX_WORDS + 1), i + 1):
            for last in range(i, min(len(words), first + MAX_WORDS)):
                run = words[first:last + 1]
                if (run[0][2].lower() in STOP_WORDS or run[-1][2].lower() in STOP_WORDS
                        or not all(part[first:last + 1])
                        or any(not _BETWEEN.fullmatch(question[a[1]:b[0]]) for a, b in zip(run, run[1:]))):
                    continue
                key = authority_key(question[run[0][0]:run[-1][1]])
                if key not in scores:
                    scores[key] = _scores(key, names)
                for council, (ratio, name_key) in scores[key].items():
                    if ratio > best.get(council, (0.0,))[0]:
                        best[council] = (ratio, name_key, first, last)
        if not best:
            continue
        ranked = sorted(best.values(), key=lambda found: -found[0])
        ratio, name_key, first, last = ranked[0]
        if len(ranked) > 1 and ranked[1][0] >= ratio:
            continue  # two councils equally close: no guess
        start, end = words[first][0], words[last][1]
        typed = question[start:end]
        if name_key in COMMON_WORD_NAMES and not typed[:1].isupper():
            continue  # "readng" is not Reading, as "reading" is not
        if not _shares_a_word(typed, name_key) and _english_or_near(word, name_words):
            continue  # "stealing", "brighten", "surey" alone; "Brighten and Hove" is Brighton and Hove
        if not any(c.start < end and start < c.end for c in found):
            found.append(Correction(typed, names[name_key], start, end, round(ratio, 3)))
    return tuple(sorted(found, key=lambda c: c.start))


def _shares_a_word(typed: str, name_key: str) -> bool:
    """Does `typed` hold a word (not a stop word) of the council name `name_key` as it is written?"""
    name = set(name_key.split()) - STOP_WORDS
    return any(w in name for w in authority_key(typed).split())


def suggest_council(value: str, own: Iterable[str] = ()) -> str | None:
    """The one council an authority filter value that names none ("Tamesid") is close to
    (ratio >= MIN_RATIO on authority_key forms, strictly closer than any other council), for a
    "did you mean" line; None when the value is a council's name, too short, or close to none or
    to several. `own` as for council_corrections."""
    names, _ = _candidates(own)
    key = authority_key(value)
    if key in names or sum(ch.isalpha() for ch in key) < MIN_LETTERS:
        return None
    ranked = sorted(_scores(key, names).items(), key=lambda item: -item[1][0])
    if not ranked or (len(ranked) > 1 and ranked[1][1][0] >= ranked[0][1][0]):
        return None
    return ranked[0][0]
