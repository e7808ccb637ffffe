"""Write search/data/question_phrases.tsv: the phrases questions to the letters are framed in, which
the letters themselves never write ("what did", "did inspectors", "inspectors say", "which letters":
the letters state, they do not ask), each with the number of questions of the question sets that
write it. search/word_context.py reads a misspelt word of a question's framing by them when the
letters' own phrases say nothing ("did inspectrs say": inspectors, not inspects).

    python -m eval.question_phrases [--out search/data/question_phrases.tsv] [--check]

The questions are the distinct "question" values of eval/questions/*.jsonl. A question's pairs
are its adjacent words as search.word_context.neighbours takes them (only white space between,
a possessive 's dropped), lower-cased, with "^ first-word" for the word that opens it; a word
the question capitalises after its first, or a word of a council's name that is no stop word, is
a name (a council, "Ofsted", "ILACS"), the question's topic rather than its framing, and makes no
pair. Kept: the pairs that MIN_QUESTIONS questions or more write, both words in
search/data/letter_words.tsv (the words a typo is corrected to), that search/data/letter_phrases.tsv
does not hold. --check exits 1 when the file on
disk differs from what the question sets give.
"""
from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from eval.letter_vocab import write_or_check
from indexer.keywords import STOP_WORDS
from search.council_spelling import council_name_words
from search.word_context import MIN_QUESTIONS, START, letter_phrases, neighbours, word_runs
from search.word_spelling import letter_words

ROOT = Path(__file__).resolve().parent.parent
QUESTION_FILES = tuple(sorted((ROOT / "eval" / "questions").glob("*.jsonl")))
DEFAULT_OUT = ROOT / "search" / "data" / "question_phrases.tsv"


def distinct_questions(files: Iterable[Path] = QUESTION_FILES) -> list[str]:
    """The distinct questions of `files` (JSON lines with a "question"), sorted."""
    return sorted({json.loads(line)["question"] for path in files
                   for line in path.read_text(encoding="utf-8").splitlines() if line.strip()})


def question_pairs(question: str) -> set[tuple[str, str]]:
    """The pairs of adjacent words `question` writes (lower case), (START, its first word)
    included; a name makes none: a word capitalised after the first, or a word of a council's name
    that is no stop word."""
    names = council_name_words() - STOP_WORDS
    runs = word_runs(question)
    words = [run.word.lower() if (i == 0 or not run.word[0].isupper()) and run.word.lower() not in names else None
             for i, run in enumerate(runs)]
    pairs = {(START, words[0])} if runs and words[0] else set()
    for i in range(1, len(runs)):
        if neighbours(question, runs, i)[0] is not None and words[i - 1] and words[i]:
            pairs.add((words[i - 1], words[i]))
    return pairs


def framing_pairs(questions: Iterable[str]) -> dict[tuple[str, str], int]:
    """{pair: questions writing it} for the pairs MIN_QUESTIONS of `questions` or more write, both
    words (START aside) in letter_words(), that the letters' phrase table (letter_phrases) does not
    hold."""
    counts: Counter = Counter()
    for question in questions:
        counts.update(question_pairs(question))
    words, letters = letter_words(), letter_phrases().after
    return {(a, b): n for (a, b), n in counts.items() if n >= MIN_QUESTIONS and (a == START or a in words)
            and b in words and b not in letters.get(a, {})}


def pairs_text(pairs: dict[tuple[str, str], int], questions: int) -> str:
    """The file's text: comment lines, then 'first second<TAB>questions' lines sorted by pair."""
    head = [f"# Pairs of adjacent words written by {MIN_QUESTIONS} or more of the {questions} distinct questions of "
            f"eval/questions/*.jsonl that letter_phrases.tsv does not hold ({len(pairs)} pairs), with the number "
            "of questions writing each.",
            f"# Written by python -m eval.question_phrases: lower-cased, '{START} word' for a question's first word, "
            "both words in letter_words.tsv, no name (a word capitalised after the first, a council's).",
            "# search/word_context.py reads a typo of a question's framing with them when the letters' phrases "
            "say nothing."]
    return "\n".join([*head, *(f"{a} {b}\t{n}" for (a, b), n in sorted(pairs.items()))]) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--check", action="store_true", help="compare with the file on disk; write nothing")
    args = parser.parse_args()
    questions = distinct_questions()
    pairs = framing_pairs(questions)
    print(f"{len(questions)} questions, {len(pairs)} pairs kept")
    return write_or_check(args.out, pairs_text(pairs, len(questions)), args.check)


if __name__ == "__main__":
    raise SystemExit(main())
