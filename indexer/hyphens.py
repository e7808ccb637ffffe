"""Is "safe-" + "guarding" at a line end one word or a real compound? Decided with vocabulary.

The word list `indexer/data/hyphen_vocab.tsv` is made from the curated corpus by

    python -m indexer.hyphens corpus/ > indexer/data/hyphen_vocab.tsv

It holds, lower case, how often each word of four or more letters occurs (at least twice), and
how often each hyphenated compound of letters occurs written inside a line (`word-word`), so a
line-end hyphen of the corpus's own conversion never counts. A line-end split "left-" /
"right" is joined when the joined word is more frequent than the hyphenated compound, counting
the document's own words (weighted 10, they are the best evidence) plus the corpus list; a
pair that neither source knows keeps its hyphen (Word, which made these PDFs, does not
hyphenate by itself, so an unknown line-end hyphen is most likely a real one).
"""
from __future__ import annotations

import re
import sys
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

DOCUMENT_WEIGHT = 10
_WORD = re.compile(r"[^\W\d_]{4,}")
_COMPOUND = re.compile(r"(?<![\w-])([^\W\d_]+(?:-[^\W\d_]+)+)(?![\w-])")


@dataclass(frozen=True)
class HyphenVocabulary:
    """Corpus counts of words and of hyphenated compounds (both lower case)."""

    words: dict[str, int]
    compounds: dict[str, int]

    def is_one_word(self, left: str, right: str, document: Counter[str] | dict[str, int] | None = None) -> bool:
        """Whether `left` + `right`, split by a hyphen at a line end, is one word.

        `document` counts the document's own words (lower case; compounds with their hyphen).
        """
        document = document or {}
        joined = (left + right).lower()
        compound = f"{left}-{right}".lower()
        one = DOCUMENT_WEIGHT * document.get(joined, 0) + self.words.get(joined, 0)
        two = DOCUMENT_WEIGHT * document.get(compound, 0) + self.compounds.get(compound, 0)
        return one > two


@lru_cache(maxsize=1)
def load_vocabulary() -> HyphenVocabulary:
    """The shipped word list (indexer/data/hyphen_vocab.tsv)."""
    words: dict[str, int] = {}
    compounds: dict[str, int] = {}
    text = resources.files("indexer").joinpath("data/hyphen_vocab.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        word, count = line.rsplit("\t", 1)
        (compounds if "-" in word else words)[word] = int(count)
    return HyphenVocabulary(words, compounds)


def count_corpus(paths: list[Path]) -> tuple[Counter[str], Counter[str]]:
    """(word counts, in-line compound counts) over the bodies of the given text files."""
    from indexer.header import split_header

    words: Counter[str] = Counter()
    compounds: Counter[str] = Counter()
    for path in paths:
        _, body = split_header(path.read_text(encoding="utf-8"))
        for line in body.lower().replace("’", "'").split("\n"):
            inner = line.rstrip()
            if inner.endswith("-"):  # a line-end hyphen is not evidence of a compound
                inner = inner[: inner.rfind(" ") + 1] if " " in inner else ""
            compounds.update(_COMPOUND.findall(inner))
            words.update(_WORD.findall(re.sub(_COMPOUND, " ", line)))
    return words, compounds


def main(argv: list[str] | None = None) -> int:
    """Write the word list for the .txt/.md files under the folders given, to stdout."""
    folders = [Path(a) for a in (argv if argv is not None else sys.argv[1:])] or [Path("corpus")]
    paths = sorted(p for folder in folders for p in folder.rglob("*") if p.suffix in {".txt", ".md"})
    words, compounds = count_corpus(paths)
    out = sys.stdout
    out.write(f"# made by python -m indexer.hyphens from {len(paths)} files: word<TAB>count\n")
    for word, count in sorted(words.items()):
        if count >= 2:
            out.write(f"{word}\t{count}\n")
    for compound, count in sorted(compounds.items()):
        out.write(f"{compound}\t{count}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
