"""Does an overview of a letter quote the same from Ofsted's PDF as from its curated .txt twin?

    python -m eval.overview_pdf_check [PDF_FOLDER] [--corpus DIR] [--verbose]

For every PDF in PDF_FOLDER (default ../shared/realdocs: real Ofsted PDFs named by the id of
their twin in corpus/), loads the PDF and its twin `<id>.txt` (no index, no embedding), reads the
overall effectiveness grade each states (indexer/judgements.py) and chooses what an overview
question quotes from each (search.overview.overview_spans: the grade line, then the first
sentences of the headline section). The two are compared sentence by sentence on their letters
and digits only (so "Overall effectiveness: Outstanding" on one line and "Overall effectiveness",
"Outstanding" on two agree, as do "well-coordinated" and "wellcoordinated"). Prints each letter
that differs (both sides, and which section rule chose them), then the count that agree.
Exit code 0 when every letter agrees, 1 when some differ, 2 on bad input.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from indexer.judgements import read_judgements
from indexer.load import LoadError, load_document
from search.grades import area_grade
from search.overview import headline_sentences, overview_spans

ROOT = Path(__file__).resolve().parent.parent


def overview_quotes(path: Path) -> tuple[str, list[str]]:
    """(the section rule that chose the headline sentences, [quoted text]) of the overview of the
    letter at `path` (a PDF or corpus .txt); raises indexer.load.LoadError."""
    document = load_document(path)[0]
    grade = area_grade(read_judgements(document), "overall_effectiveness")
    rule, _ = headline_sentences(document.text, document.kind)
    return rule, [document.text[s:e] for s, e in overview_spans(document.text, document.kind, grade)]


def comparable(sentence: str) -> str:
    """The letters and digits of `sentence`, lower case: what PDF and .txt extraction agree on."""
    return "".join(re.findall(r"[a-z0-9]", sentence.lower()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pdfs", nargs="?", type=Path, default=ROOT.parent / "shared" / "realdocs")
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument("--verbose", action="store_true", help="print the letters that agree too")
    args = parser.parse_args(argv)
    pdfs = sorted(args.pdfs.glob("*.pdf")) if args.pdfs.is_dir() else []
    if not pdfs:
        print(f"error: no PDF in {args.pdfs}", file=sys.stderr)
        return 2
    agree = compared = 0
    for pdf in pdfs:
        twin = args.corpus / f"{pdf.stem}.txt"
        if not twin.exists():
            print(f"{pdf.stem}: no .txt twin in {args.corpus}, skipped")
            continue
        try:
            (pdf_rule, from_pdf), (txt_rule, from_txt) = overview_quotes(pdf), overview_quotes(twin)
        except LoadError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        compared += 1
        same = [comparable(s) for s in from_pdf] == [comparable(s) for s in from_txt]
        agree += same
        if not same or args.verbose:
            print(f"{pdf.stem}: {'agree' if same else 'DIFFER'} (pdf: {pdf_rule}, txt: {txt_rule})")
            for side, quotes in (("pdf", from_pdf), ("txt", from_txt)):
                for quote in quotes:
                    print(f"  {side}: {' '.join(quote.split())[:160]}")
    print(f"{agree} of {compared} letters quote the same overview from the PDF as from the .txt twin")
    return 0 if agree == compared else 1


if __name__ == "__main__":
    sys.exit(main())
