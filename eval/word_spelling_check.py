"""How search/word_spelling.py (with search/council_spelling.py, through search/spelling.py) reads
typos in questions: `python -m eval.word_spelling_check [--seeds 5]`.

1. Every question of eval/questions/*.jsonl and ../shared/eval/*.jsonl, as written: how many get a
   correction at all (should be none).
2. Typo-injected variants: for each question and seed, one content word (lower case, at least
   four letters, no stop word, not quoted) gets one random edit (a letter dropped, two neighbours
   swapped, a letter changed to a neighbouring key, or a neighbouring key's letter added). Each
   variant is: restored (the corrected question is the question exactly), another form (the word
   corrected to another form of the same keyword, "adoptios" to adoption, not adoptions: search
   reads the two alike), a real word (the typo is a word of the letters or of English: left alone
   by design), left alone, or changed wrongly.
3. Opening words: for each question that opens with a question word or verb (word_spelling.OPENERS,
   "What", "How", "Which" ...), `--seeds` variants with that word misspelt by one random edit
   ("Wat", "Hw"), outcomes counted as in 2 (a typo that is a word of the letters or a stop word,
   "Was", "Who", "Hat", is "a real word").
4. Speed: milliseconds per question for question_corrections, as written and with a typo (the
   word lists loaded beforehand; their loading is reported apart).
About a minute on 2 cores; prints one line per measure and the wrong changes.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import time
from collections import Counter
from pathlib import Path

from eval.council_spelling_check import _neighbours
from indexer.keywords import STOP_WORDS, keyword_tokens
from search import spelling
from search.council_spelling import is_english_word
from search.word_spelling import _QUOTED, MIN_LETTERS, OPENERS, letter_words

ROOT = Path(__file__).resolve().parent.parent
QUESTION_FILES = (*sorted((ROOT / "eval" / "questions").glob("*.jsonl")),
                  *sorted((ROOT.parent / "shared" / "eval").glob("*.jsonl")))
_CONTENT = re.compile(r"(?<![\w'’])[a-z]+(?!\w)")
_OPENING = re.compile(r"\W*([A-Za-z]+)(?![\w'’])")


def questions(files=QUESTION_FILES) -> list[str]:
    """Every question of `files` (JSON lines with a "question"), duplicates across files kept."""
    return [json.loads(line)["question"] for path in files
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def one_edit(word: str, rng: random.Random) -> str:
    """`word` with one random edit: a letter dropped, two neighbours swapped, a letter changed to
    a neighbouring key, or a neighbouring key's letter added after a letter."""
    while True:
        kind, i = rng.choice(("drop", "swap", "change", "add")), rng.randrange(len(word))
        if kind == "drop":
            typo = word[:i] + word[i + 1:]
        elif kind == "swap" and i < len(word) - 1:
            typo = word[:i] + word[i + 1] + word[i] + word[i + 2:]
        elif kind == "change":
            typo = word[:i] + rng.choice(_neighbours(word[i])) + word[i + 1:]
        elif kind == "add":
            typo = word[:i + 1] + rng.choice(_neighbours(word[i])) + word[i + 1:]
        else:
            continue
        if typo != word:
            return typo


def typo_variant(question: str, rng: random.Random) -> tuple[str, str, str] | None:
    """(the question with one content word misspelt, the word, the typo), or None when it has no
    content word outside quotes."""
    quoted = [m.span() for m in _QUOTED.finditer(question)]
    spans = [m.span() for m in _CONTENT.finditer(question)
             if len(m.group(0)) >= MIN_LETTERS and m.group(0) not in STOP_WORDS
             and not any(a < m.end() and m.start() < b for a, b in quoted)]
    if not spans:
        return None
    start, end = rng.choice(spans)
    word = question[start:end]
    typo = one_edit(word, rng)
    return question[:start] + typo + question[end:], word, typo


def opening_variant(question: str, rng: random.Random) -> tuple[str, str, str] | None:
    """(the question with its opening question word or verb misspelt, the word, the typo), or None
    when it opens with none of OPENERS."""
    m = _OPENING.match(question)
    if not m or m.group(1).lower() not in OPENERS:
        return None
    start, end = m.span(1)
    word = question[start:end]
    typo = one_edit(word.lower(), rng)
    typo = typo.capitalize() if word[0].isupper() else typo
    return question[:start] + typo + question[end:], word, typo


def _known(word: str) -> bool:
    return word in letter_words() or is_english_word(word)


def _opening_known(word: str) -> bool:
    return word in STOP_WORDS or letter_words().get(word, 0) > 1


def typo_check(all_questions: list[str], seeds: int, variant_of=typo_variant, known=_known, forms: bool = True
               ) -> tuple[Counter, list[str], list[float]]:
    """(outcome counts, the wrong changes, milliseconds per variant) over `seeds` variants a question
    (`variant_of`: typo_variant or opening_variant; `known`: is a typo a real word; `forms`: count a
    correction to another form of the word apart, not for stop words, which have no keyword form)."""
    counts: Counter = Counter()
    wrong, times = [], []
    for seed in range(seeds):
        rng = random.Random(seed)
        for question in all_questions:
            variant = variant_of(question, rng)
            if variant is None:
                counts["no content word"] += 1
                continue
            text, word, typo = variant
            began = time.perf_counter()
            found = spelling.question_corrections(text)
            times.append((time.perf_counter() - began) * 1000)
            fixed = spelling.corrected_question(text, found)
            if fixed == question:
                counts["restored"] += 1
            elif forms and fixed != text and keyword_tokens(fixed) == keyword_tokens(question):
                counts["another form"] += 1  # "adoptios" read as adoption, not adoptions: search reads them alike
            elif fixed != text:
                counts["changed wrongly"] += 1
                wrong.append(f"{typo} ({word}): {spelling.correction_note(found)}")
            elif known(typo.lower()):
                counts["a real word"] += 1
            else:
                counts["left alone"] += 1
    return counts, wrong, times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5, help="typo variants of each question (default 5)")
    args = parser.parse_args()
    began = time.perf_counter()
    spelling.question_corrections("waht did inspecotrs say about care leavres in Tamesid?")
    print(f"word lists loaded in {time.perf_counter() - began:.2f} s")
    asked = questions()
    times, changed = [], []
    for question in asked:
        began = time.perf_counter()
        found = spelling.question_corrections(question)
        times.append((time.perf_counter() - began) * 1000)
        if found:
            changed.append(f"{question!r}: {spelling.correction_note(found)}")
    print(f"eval questions: {len(asked)} ({len(set(asked))} distinct), changed {len(changed)}; "
          f"{sum(times) / len(times):.2f} ms a question, max {max(times):.1f} ms")
    for line in changed:
        print("  ", line)
    counts, wrong, times = typo_check(asked, args.seeds)
    total = sum(counts.values()) - counts["no content word"]
    print(f"typo variants: {total} ({args.seeds} a question), restored {counts['restored']} "
          f"({counts['restored'] / total:.1%}), another form of the word {counts['another form']}, "
          f"a real word {counts['a real word']}, left alone {counts['left alone']}, changed wrongly {len(wrong)}; {sum(times) / len(times):.2f} ms a question, "
          f"median {sorted(times)[len(times) // 2]:.2f} ms, max {max(times):.0f} ms")
    not_real = total - counts["a real word"]
    print(f"of the {not_real} typos that are no word: restored {counts['restored'] / not_real:.1%}, "
          f"with another form {(counts['restored'] + counts['another form']) / not_real:.1%}, "
          f"changed wrongly {len(wrong) / not_real:.1%}")
    for line in wrong:
        print("  wrong:", line)
    counts, wrong, _ = typo_check(asked, args.seeds, opening_variant, _opening_known, forms=False)
    total = sum(counts.values()) - counts["no content word"]
    print(f"opening-word typos: {total} ({args.seeds} a question opening with a question word or verb), "
          f"restored {counts['restored']}, a real word {counts['a real word']}, left alone {counts['left alone']}, "
          f"changed wrongly {len(wrong)}")
    for line in wrong:
        print("  wrong:", line)


if __name__ == "__main__":
    main()
