"""How search/council_spelling.py reads misspelt councils: `python -m eval.council_spelling_check`.

1. One-letter typos of every English council's name (a letter dropped, changed to a neighbouring
   key, two swapped) in "What did inspectors say about agency staff in <typo>?": read as the council,
   as another council, or left alone.
2. The same typos of 2,500 English words of the letters (seeded sample; council words left out) and
   every word of pyspellchecker's English list: how many are read as a council (should be none).
3. The questions of eval/questions/*.jsonl: how many get a correction, and how many change the
   councils search.query.analyse recognises (should be none).
About two minutes on 2 cores; prints one line per measure.
"""
from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path

from indexer.authorities import authority_key, english_authorities
from search import council_spelling as cs
from search.query import analyse
from search.vocabulary import letter_vocabulary

QUESTIONS = Path(__file__).resolve().parent / "questions"
_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")


def _neighbours(ch: str) -> list[str]:
    for r, row in enumerate(_ROWS):
        if ch in row:
            j = row.index(ch)
            return sorted({_ROWS[rr][jj] for rr in (r - 1, r, r + 1) if 0 <= rr < 3
                           for jj in (j - 1, j, j + 1) if 0 <= jj < len(_ROWS[rr]) and _ROWS[rr][jj] != ch})
    return []


def typos(word: str) -> list[str]:
    """One-letter typos of `word`: each letter but the first dropped, each letter changed to its
    first two neighbouring keys, each inner pair of letters swapped."""
    out = []
    for i, ch in enumerate(word):
        if not ch.isalpha():
            continue
        if i > 0:
            out.append(word[:i] + word[i + 1:])
        out += [word[:i] + n + word[i + 1:] for n in _neighbours(ch.lower())[:2]]
        if 0 < i < len(word) - 1 and word[i + 1].isalpha():
            out.append(word[:i] + word[i + 1] + ch + word[i + 2:])
    return out


def council_typos() -> Counter:
    names = cs._english_names()[0]
    counts: Counter = Counter()
    for council in english_authorities():
        for typo in typos(council):
            if authority_key(typo) in names:
                continue  # another council's name
            found = cs.council_corrections(f"What did inspectors say about agency staff in {typo}?")
            counts["right" if found and found[0].council == council else "other" if found else "none"] += 1
    return counts


def word_typos(sample: int = 2500, seed: int = 2) -> tuple[int, list[tuple[str, str]]]:
    name_words = cs._english_names()[1]
    words = sorted(w for w in letter_vocabulary() if w.isalpha() and len(w) >= cs.MIN_LETTERS
                   and w not in name_words and cs.is_english_word(w))
    read, total = [], 0
    for word in random.Random(seed).sample(words, sample):
        for typo in typos(word):
            total += 1
            if found := cs.council_corrections(f"what about {typo} here"):
                read.append((typo, found[0].council))
    return total, read


def english_words() -> tuple[int, list[str]]:
    name_words = cs._english_names()[1]
    words = [w for w in cs._english_words().word_frequency.keys()
             if w.isalpha() and len(w) >= cs.MIN_LETTERS and w not in name_words]
    return len(words), [w for w in words if cs.council_corrections(f"about {w} here")]


def question_sets() -> tuple[int, int, list[str]]:
    questions = [json.loads(line)["question"] for path in sorted(QUESTIONS.glob("*.jsonl"))
                 for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    corrected = changed = 0
    changes = []
    for question in questions:
        found = cs.council_corrections(question)
        corrected += bool(found)
        after = analyse(cs.corrected_question(question, found)).authorities
        if after != analyse(question).authorities:
            changed += 1
            changes.append(question)
    return len(questions), corrected, changes


def main() -> None:
    counts = council_typos()
    total = sum(counts.values())
    print(f"council typos: {total}, read as the council {counts['right']} ({counts['right'] / total:.1%}), "
          f"as another {counts['other']}, left alone {counts['none']}")
    total, read = word_typos()
    print(f"typos of English words of the letters: {total}, read as a council {len(read)}: {read}")
    total, read = english_words()
    print(f"English words (pyspellchecker, >= {cs.MIN_LETTERS} letters): {total}, read as a council {len(read)}: {read}")
    total, corrected, changes = question_sets()
    print(f"eval questions: {total}, corrected {corrected}, recognised councils changed {len(changes)}: {changes}")


if __name__ == "__main__":
    main()
