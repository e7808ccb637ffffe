"""Write search/data/letter_phrases.tsv: the pairs of adjacent words the letters in corpus/ write,
each with the number of times they write it, the phrases search/word_context.py reads a misspelt
word by ("cair leavers": care leavers 15,638 times, chair leavers never).

    python -m eval.letter_phrases [--corpus corpus] [--out search/data/letter_phrases.tsv] [--check]

Each file the indexer would read under --corpus is loaded as the build loads it
(`indexer.load.load_document`, page furniture removed) and its pairs counted as
`search.word_context.adjacent_pairs` gives them (lower-cased, only white space between, a
possessive 's dropped). Kept: the pairs written search.word_context.MIN_STORED times or more whose
two words are in search/data/letter_words.tsv (names and acronyms, never written in lower case,
and the letters' rare typos are not): 22,784 pairs, 375 KiB. --check exits 1 when the file
on disk differs from what the corpus gives.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from eval.letter_vocab import corpus_data_main, read_letters
from search.word_context import MIN_STORED, adjacent_pairs

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "search" / "data" / "letter_phrases.tsv"


def pair_frequency(corpus: Path) -> tuple[Counter, int, list[str]]:
    """((first, second) -> times written, letters read, warnings) over the files under `corpus`."""
    counts: Counter = Counter()
    warnings: list[str] = []
    read = 0
    for doc in read_letters(corpus, warnings):
        counts.update(adjacent_pairs(doc.text))
        read += 1
    return counts, read, warnings


def kept_pairs(counts: Counter, words: dict[str, int]) -> dict[tuple[str, str], int]:
    """The pairs of `counts` the file keeps: written MIN_STORED times or more, both words in `words`."""
    return {p: n for p, n in counts.items() if n >= MIN_STORED and p[0] in words and p[1] in words}


def pairs_text(pairs: dict[tuple[str, str], int], letters: int, corpus_name: str) -> str:
    """The file's text: comment lines, then 'first second<TAB>times written' lines sorted by pair."""
    head = [f"# Pairs of adjacent words written by the {letters} letters in {corpus_name}/ ({len(pairs)} pairs), "
            "with the number of times they write each.",
            f"# Written by python -m eval.letter_phrases: written {MIN_STORED} times or more, both words in "
            "letter_words.tsv; lower-cased, a possessive 's dropped.",
            "# search/word_context.py reads a question's typo by the words beside it with them."]
    return "\n".join([*head, *(f"{a} {b}\t{n}" for (a, b), n in sorted(pairs.items()))]) + "\n"


def main() -> int:
    from search.word_spelling import letter_words

    def write(counts, letters, corpus_name):
        pairs = kept_pairs(counts, letter_words())
        return pairs_text(pairs, letters, corpus_name), f"{letters} letters, {len(counts)} pairs, {len(pairs)} kept"

    return corpus_data_main(__doc__.splitlines()[0], DEFAULT_OUT, pair_frequency, write)


if __name__ == "__main__":
    raise SystemExit(main())
