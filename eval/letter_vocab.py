"""Write search/data/letter_vocab.txt: every keyword token the letters in corpus/ use.

    python -m eval.letter_vocab [--corpus corpus] [--out search/data/letter_vocab.txt] [--check]

Abstention's "unknown" feature (search/abstain.py) is the share of a question's content words
that no letter uses. Measured against the open index alone it depends on the index's size: on an
index of five letters, ordinary words of the letters' language ("churn", "agency") are unknown
and nearly every question abstains, while the model was fitted on the full corpus. With this
list a word is unknown only when neither the index nor any letter of the corpus uses it, so the
feature means the same on any index.

Each file the indexer would read under --corpus (indexer.load.scan_paths) is loaded with
`indexer.load.load_document` (page furniture removed, as the build does) and tokenised as the
build's keyword side does (`indexer.build.keyword_document`: the text, the council, the kind
and the month and year, through `indexer.keywords.keyword_tokens`). Every token used by at
least one letter, plain numbers left out (abstention never counts them), is written sorted,
one a line, after '#' comment lines saying how the file was made. --check exits 1 when the
file on disk differs from what the corpus gives.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from indexer.config import LOADER_VERSION
from indexer.embed import human_date
from indexer.keywords import KEYWORD_TOKENS, keyword_tokens
from indexer.load import LoadError, load_document, scan_paths
from indexer.schema import Document

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "search" / "data" / "letter_vocab.txt"


def read_letters(corpus: Path, warnings: list[str]) -> Iterator[Document]:
    """Each file under `corpus` the indexer would read (indexer.load.scan_paths), loaded as the
    build loads it (page furniture removed); the scan's warnings, and the reason of each file that
    cannot be loaded, are appended to `warnings`."""
    scan = scan_paths([corpus])
    warnings.extend(scan.warnings)
    for path in scan.files:
        try:
            doc, _ = load_document(path)
        except LoadError as exc:
            warnings.append(str(exc))
            continue
        yield doc


def corpus_data_main(description: str, default_out: Path, count, write) -> int:
    """The command line of the scripts that write a data file from the letters in a corpus folder
    (eval.letter_vocab, eval.letter_words, eval.letter_phrases): --corpus (default corpus/), --out
    (default `default_out`), --check (compare with the file on disk, write nothing). `count(corpus)`
    returns (data, letters read, warnings); `write(data, letters, corpus_name)` returns (the file's
    text, a one-line summary to print). Exit status 2, with a one-line error, for a corpus that is
    no folder or holds no readable letter; otherwise write_or_check's."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument("--out", type=Path, default=default_out)
    parser.add_argument("--check", action="store_true", help="compare with the file on disk; write nothing")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"{args.corpus}: not a folder", file=sys.stderr)
        return 2
    data, letters, warnings = count(args.corpus)
    for warning in warnings:
        print("warning:", warning, file=sys.stderr)
    if not letters:
        print(f"{args.corpus}: no letter could be read", file=sys.stderr)
        return 2
    text, summary = write(data, letters, args.corpus.name)
    print(summary)
    return write_or_check(args.out, text, args.check)


def write_or_check(out: Path, text: str, check: bool) -> int:
    """Write `text` to `out` (exit status 0); with `check`, write nothing and say whether the file
    on disk already holds it (0) or differs (1)."""
    if check:
        same = out.is_file() and out.read_text(encoding="utf-8") == text
        print(f"{out}: {'up to date' if same else 'differs from the corpus'}")
        return 0 if same else 1
    out.write_text(text, encoding="utf-8")
    print("wrote", out)
    return 0


def letter_document_frequency(corpus: Path) -> tuple[Counter, int, list[str]]:
    """(token -> number of letters using it, letters read, warnings) over the files under `corpus`."""
    df: Counter = Counter()
    warnings: list[str] = []
    read = 0
    for doc in read_letters(corpus, warnings):
        # as indexer.build.keyword_document does for each passage, over the whole letter
        tokens = keyword_tokens(f"{doc.text}\n{doc.authority} {doc.kind} {human_date(doc.date)}")
        df.update({t for t in tokens if not t.isdigit()})  # numbers never count as unknown words
        read += 1
    return df, read, warnings


def vocabulary_text(df: Counter, letters: int, corpus_name: str) -> str:
    """The file's text: comment lines, then the tokens sorted, one a line."""
    head = [f"# Keyword tokens used by at least one of the {letters} letters in {corpus_name}/ ({len(df)} tokens).",
            f"# Written by python -m eval.letter_vocab; loader version {LOADER_VERSION}, tokens: {KEYWORD_TOKENS}.",
            "# search/abstain.py counts a question word as unknown only when neither this list nor the index has it."]
    return "\n".join([*head, *sorted(df)]) + "\n"


def main() -> int:
    def write(df, letters, corpus_name):
        return (vocabulary_text(df, letters, corpus_name),
                f"{letters} letters, {len(df)} tokens ({sum(1 for n in df.values() if n == 1)} used by one letter only)")

    return corpus_data_main(__doc__.splitlines()[0], DEFAULT_OUT, letter_document_frequency, write)


if __name__ == "__main__":
    raise SystemExit(main())
