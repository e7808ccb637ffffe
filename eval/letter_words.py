"""Write search/data/letter_words.tsv: the words the letters in corpus/ write in lower case, each
with the number of times they write it, the word list search/word_spelling.py corrects typos to.

    python -m eval.letter_words [--corpus corpus] [--out search/data/letter_words.tsv] [--check]

search/data/letter_vocab.txt holds the letters' keyword tokens, folded ("leavers" -> "leaver",
stop words dropped): a question word can be checked against it, but a typo cannot be corrected to
it ("leavres" is one edit from "leavers", three from "leaver"; "waht" is one from "what", a stop
word). This list holds the words as written: every run of ASCII letters a letter writes in lower
case (`\\b[a-z]+\\b`: names and acronyms, always capitalised, are not in it; "children's" gives
"children"), of two letters or more, used by at least two letters, or by one when it is a word of
English (pyspellchecker's list: a word that one letter alone writes and English does not know is
mostly a typo of the letters' own, "overwhlemingy", or words run together, "sexualexploitation").
Each file the indexer would read under --corpus is loaded as the build loads it
(`indexer.load.load_document`, page furniture removed). --check exits 1 when the file on disk
differs from what the corpus gives.
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from eval.letter_vocab import corpus_data_main, read_letters

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "search" / "data" / "letter_words.tsv"
_LOWER_WORD = re.compile(r"\b[a-z]{2,}\b")
MIN_LETTERS_USING = 2  # a word fewer letters write is kept only when it is a word of English


def lower_case_word_frequency(corpus: Path) -> tuple[Counter, Counter, int, list[str]]:
    """(lower-case word -> times written, lower-case word -> number of letters writing it, letters
    read, warnings) over the files under `corpus`."""
    counts: Counter = Counter()
    df: Counter = Counter()
    warnings: list[str] = []
    read = 0
    for doc in read_letters(corpus, warnings):
        words = _LOWER_WORD.findall(doc.text)
        counts.update(words)
        df.update(set(words))
        read += 1
    return counts, df, read, warnings


def kept_words(counts: Counter, df: Counter) -> dict[str, int]:
    """The words of `counts` the list keeps (written by MIN_LETTERS_USING letters, or by fewer and
    English), with their counts."""
    from search.council_spelling import is_english_word

    return {w: n for w, n in counts.items() if df[w] >= MIN_LETTERS_USING or is_english_word(w)}


def words_text(words: dict[str, int], letters: int, corpus_name: str) -> str:
    """The file's text: comment lines, then 'word<TAB>times written' lines sorted by word."""
    head = [f"# Words written in lower case by the {letters} letters in {corpus_name}/ ({len(words)} words), "
            "with the number of times they write each.",
            f"# Written by python -m eval.letter_words: used by {MIN_LETTERS_USING} letters or more, or by one and "
            "in pyspellchecker's English list.",
            "# search/word_spelling.py corrects a question's typo to one of them."]
    return "\n".join([*head, *(f"{w}\t{n}" for w, n in sorted(words.items()))]) + "\n"


def main() -> int:
    def count(corpus):
        counts, df, letters, warnings = lower_case_word_frequency(corpus)
        return (counts, df), letters, warnings

    def write(data, letters, corpus_name):
        counts, df = data
        words = kept_words(counts, df)
        return words_text(words, letters, corpus_name), f"{letters} letters, {len(counts)} lower-case words, {len(words)} kept"

    return corpus_data_main(__doc__.splitlines()[0], DEFAULT_OUT, count, write)


if __name__ == "__main__":
    raise SystemExit(main())
