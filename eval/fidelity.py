"""How faithfully PDFs are read: each PDF against its curated `.txt` twin in corpus/.

    python -m eval.fidelity /work/shared/realdocs [--corpus corpus] [--json]

For every `<id>.pdf` in the folder that has a `corpus/<id>.txt` twin, both are loaded with
`indexer.load.load_document` (the same path `isearch index` takes) and compared:

- word agreement: difflib's SequenceMatcher ratio (2·matches / total words) over the two
  bodies' word lists (NFKC, lower case, runs of letters and digits), with furniture lines
  (below) left out of both sides, since the curated twins keep some running headers and the
  letterhead. `agree*` is hyphen-blind (a hyphen between letters, also at a line end, is
  dropped on both sides), which forgives the twin's own fault: its conversion lost line-end
  hyphens ("preproceedings"); `twin joined` counts the distinct twin words that are a
  hyphenated pair of the PDF text written as one word; `bag F1*` is the hyphen-blind
  bag-of-words F1 (2·shared words / total words, order ignored), which does not count a block
  moved elsewhere (footnotes moved to the end, back matter) as lost;
- furniture: passages (indexer.chunk.chunk_text of the PDF body) holding page furniture, i.e.
  a line that is a page number, "Page x of y", an Ofsted letterhead/address line (or the
  address run into a line), or a running
  header/footer line (a first or last line of the raw pypdf page text that repeats, digits
  aside, on at least 3 pages and 40% of them); and words of the PDF body that the twin lacks and that are a
  page number (a page number run into a sentence);
- headings: heading units (indexer.chunk.split_units) that are numbers or fragments
  (starting lower case, ending on a joining word, or followed by a line that starts lower case);
- metadata: authority, kind, judgement equal to the twin's, date within 7 days of the twin's.

One line per file, then a summary line. Exit code 0 always when the folder was read; 2 when
it holds no PDF with a twin.
"""
from __future__ import annotations

import argparse
import datetime as dt
import difflib
import io
import json
import re
import sys
import time
import unicodedata
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from indexer.chunk import chunk_text, split_units
from indexer.load import LoadError, load_document

ROOT = Path(__file__).resolve().parent.parent

_WORD = re.compile(r"[^\W_]+")
_LETTERHEAD = re.compile(
    r"^(?:Piccadilly Gate|Store Street|Manchester M1 2WD|M1 2WD|Agora|6 Cumberland Place|Nottingham NG1 6HJ"
    r"|NG1 6HJ|Aviation House|125 Kingsway|London WC2B 6SE|WC2B 6SE|"
    r"T:? ?0300 123 ?\d{4}.*|Textphone.*|enquiries@ofsted\.gov\.uk.*|www\.(?:gov\.uk/)?ofsted.*|"
    r"Direct T:? ?\d.*|Direct E:? ?.*@.*)$",
    re.IGNORECASE,
)
_ADDRESS = re.compile(r"Piccadilly Gate|Store Street|M1 2WD|Textphone|Aviation House|125 Kingsway|WC2B 6SE|"
                      r"Agora|Cumberland Place|NG1 6HJ", re.IGNORECASE)
_PAGE_LINE = re.compile(r"^(?:page\s+)?\d{1,3}(?:\s+of\s+\d{1,3})?$", re.IGNORECASE)
_JOINING = {"and", "or", "of", "the", "to", "in", "for", "with", "a", "an", "by", "on", "at", "from",
            "that", "which", "who", "is", "are", "be", "as", "their", "its", "this", "these", "not"}


@dataclass
class FileReport:
    """One PDF's figures."""

    id: str
    words: int = 0
    twin_words: int = 0
    agreement: float = 0.0
    agreement_twin_forgiven: float = 0.0
    bag_f1: float = 0.0
    twin_lost_hyphens: int = 0
    passages: int = 0
    furniture_passages: int = 0
    furniture_examples: list[str] = field(default_factory=list)
    bad_headings: list[str] = field(default_factory=list)
    metadata_wrong: dict[str, list[str]] = field(default_factory=dict)
    seconds: float = 0.0
    error: str = ""


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace("’", "'").lower()


def words(text: str, running: set[str] = frozenset(), hyphen_blind: bool = False) -> list[str]:
    """The comparison words of a body: NFKC, lower case, furniture lines (letterhead, page
    numbers, the PDF's `running` header/footer lines) left out; with `hyphen_blind`, a hyphen
    between letters (also before a line break) is dropped, so "pre-\nproceedings",
    "pre-proceedings" and "preproceedings" are one word."""
    body = "\n".join(line for line in text.split("\n") if not _furniture_kind(line, running))
    body = _fold(body)
    if hyphen_blind:
        body = re.sub(r"(?<=[^\W\d_])-\s*(?=[^\W\d_])", "", body)
    return _WORD.findall(body)


def _digits_out(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split()))


def running_lines(data: bytes, min_pages: int = 3) -> set[str]:
    """Running header/footer patterns of a PDF (digits as '#'): first or last two lines of the
    raw pypdf page text that repeat on at least `min_pages` pages."""
    import logging

    import pypdf

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    reader = pypdf.PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        reader.decrypt("")
    counts: dict[str, int] = {}
    for page in reader.pages:
        lines = [line.strip() for line in (page.extract_text() or "").split("\n") if line.strip()]
        for line in set(lines[:2] + lines[-2:]):
            key = _digits_out(line)
            counts[key] = counts.get(key, 0) + 1
    return {key for key, n in counts.items() if n >= max(min_pages, 0.4 * len(reader.pages))}


def _furniture_kind(line: str, running: set[str]) -> str:
    stripped = " ".join(line.split())
    if not stripped:
        return ""
    if _LETTERHEAD.match(stripped):
        return "letterhead"
    if _PAGE_LINE.match(stripped):
        return "page number"
    if _digits_out(stripped) in running:
        return "running header/footer"
    return ""


def _furniture_spans(text: str, twin: str, running: set[str], pages: int, title: str = "") -> list[tuple[int, int]]:
    spans = []
    position = 0
    for number, line in enumerate(text.split("\n")):
        if number < 3 and " ".join(line.split()) == " ".join(title.split()):
            pass  # the document's title opening the body, also the running header on later pages
        elif _furniture_kind(line, running):
            spans.append((position, position + len(line)))
        position += len(line) + 1
    spans.extend(m.span() for m in _ADDRESS.finditer(text))  # an address run into a line
    # page numbers inside lines: words the twin lacks that are a page number
    ours = [(m.start(), m.end(), _fold(m.group())) for m in _WORD.finditer(text)]
    theirs = _WORD.findall(_fold(twin))
    matcher = difflib.SequenceMatcher(None, [w for *_, w in ours], theirs, autojunk=False)
    for tag, i1, i2, _j1, _j2 in matcher.get_opcodes():
        if tag in ("insert", "equal"):
            continue
        for start, end, word in ours[i1:i2]:
            if start == 0 or text[start - 1] == "\n" or "-" in (text[start - 1], text[end:end + 1]):
                continue  # a number opening a line (a numbered paragraph or footnote) or in "2014-15", "24-hour"
            if word.isdigit() and 1 <= int(word) <= pages and i2 - i1 <= 2:
                spans.append((start, end))
    return spans


def bad_headings(text: str) -> list[str]:
    """Heading units (as the chunker sees them) that are numbers or sentence fragments."""
    units = split_units(text, count=lambda s: len(s.split()))
    bad = []
    for i, unit in enumerate(units):
        if not unit.heading:
            continue
        heading = text[unit.start:unit.end]
        following = text[units[i + 1].start:units[i + 1].end] if i + 1 < len(units) else ""
        last = re.findall(r"[\w’']+", heading.lower())
        if (not re.search(r"[^\W\d_]", heading) or heading[:1].islower()
                or (last and last[-1] in _JOINING) or following[:1].islower()):
            bad.append(heading)
    return bad


def _date_close(a: str, b: str, days: int = 7) -> bool:
    try:
        return abs((dt.date.fromisoformat(a) - dt.date.fromisoformat(b)).days) <= days
    except ValueError:
        return a == b


def _lost_hyphens(pdf_text: str, twin_words: list[str]) -> dict[str, list[str]]:
    compounds = {}
    for match in re.finditer(r"([^\W\d_]+)-\s*\n?\s*([^\W\d_]+)", _fold(pdf_text)):
        compounds[match.group(1) + match.group(2)] = [match.group(1), match.group(2)]
    return {w: compounds[w] for w in set(twin_words) if w in compounds}


def compare(pdf: Path, twin_path: Path) -> FileReport:
    """Load `pdf` and its twin and measure agreement, furniture, headings and metadata."""
    report = FileReport(pdf.stem)
    began = time.process_time()
    try:
        doc, _ = load_document(pdf)
    except LoadError as exc:
        report.error = str(exc)
        return report
    report.seconds = time.process_time() - began  # CPU time: the wall clock depends on machine load
    twin, _ = load_document(twin_path)
    data = pdf.read_bytes()
    running = running_lines(data)
    ours, theirs = words(doc.text, running), words(twin.text, running)
    report.words, report.twin_words = len(ours), len(theirs)
    report.agreement = difflib.SequenceMatcher(None, ours, theirs, autojunk=False).ratio()
    report.twin_lost_hyphens = len(_lost_hyphens(doc.text, theirs))
    ours_blind, theirs_blind = words(doc.text, running, True), words(twin.text, running, True)
    report.agreement_twin_forgiven = difflib.SequenceMatcher(None, ours_blind, theirs_blind, autojunk=False).ratio()
    common = sum((Counter(ours_blind) & Counter(theirs_blind)).values())
    report.bag_f1 = 2 * common / (len(ours_blind) + len(theirs_blind)) if ours_blind or theirs_blind else 1.0
    import pypdf

    pages = len(pypdf.PdfReader(io.BytesIO(data)).pages)
    spans = _furniture_spans(doc.text, twin.text, running, pages, doc.title)
    chunks = chunk_text(doc.id, doc.text)
    report.passages = len(chunks)
    for chunk in chunks:
        hit = [s for s in spans if s[0] < chunk.end and s[1] > chunk.start]
        if hit:
            report.furniture_passages += 1
            if len(report.furniture_examples) < 3:
                report.furniture_examples.append(doc.text[hit[0][0]:hit[0][1]])
    report.bad_headings = bad_headings(doc.text)
    for name in ("authority", "kind", "judgement"):
        if getattr(doc, name) != getattr(twin, name):
            report.metadata_wrong[name] = [getattr(doc, name), getattr(twin, name)]
    if not _date_close(doc.date, twin.date):
        report.metadata_wrong["date"] = [doc.date, twin.date]
    return report


def run(folder: Path, corpus: Path) -> list[FileReport]:
    """A FileReport for every PDF in `folder` with a .txt twin in `corpus`, by file name."""
    return [compare(pdf, corpus / f"{pdf.stem}.txt") for pdf in sorted(folder.glob("*.pdf"))
            if (corpus / f"{pdf.stem}.txt").is_file()]


def summary(reports: list[FileReport]) -> str:
    """One line: files, mean and minimum agreement, furniture passages, bad headings, metadata."""
    ok = [r for r in reports if not r.error]
    if not ok:
        return f"files {len(reports)}: none could be read"
    mean = sum(r.agreement for r in ok) / len(ok)
    mean_f = sum(r.agreement_twin_forgiven for r in ok) / len(ok)
    return (f"files {len(reports)} (unreadable {len(reports) - len(ok)}) | word agreement mean {mean:.4f} "
            f"min {min(r.agreement for r in ok):.4f} | twin-forgiven mean {mean_f:.4f} min "
            f"{min(r.agreement_twin_forgiven for r in ok):.4f}, >=0.98 on {sum(r.agreement_twin_forgiven >= 0.98 for r in ok)}"
            f" | bag-of-words F1* mean {sum(r.bag_f1 for r in ok) / len(ok):.4f} min {min(r.bag_f1 for r in ok):.4f},"
            f" >=0.98 on {sum(r.bag_f1 >= 0.98 for r in ok)}"
            f" | passages with furniture {sum(r.furniture_passages for r in ok)}/{sum(r.passages for r in ok)}"
            f" | numeric/fragment headings {sum(len(r.bad_headings) for r in ok)}"
            f" | metadata right on {sum(not r.metadata_wrong for r in ok)}/{len(ok)}"
            f" | load CPU s/PDF mean {sum(r.seconds for r in ok) / len(ok):.2f} max {max(r.seconds for r in ok):.2f}")


def _line(r: FileReport) -> str:
    if r.error:
        return f"{r.id}: ERROR {r.error}"
    parts = [f"{r.id}: agree {r.agreement:.4f} agree* {r.agreement_twin_forgiven:.4f} "
             f"(twin joined {r.twin_lost_hyphens}) bag F1* {r.bag_f1:.4f} words {r.words}/{r.twin_words}",
             f"furniture {r.furniture_passages}/{r.passages}", f"bad headings {len(r.bad_headings)}",
             f"{r.seconds:.2f} CPU s"]
    if r.furniture_examples:
        parts.append("e.g. " + " / ".join(repr(x) for x in r.furniture_examples))
    if r.bad_headings:
        parts.append("headings " + " / ".join(repr(x[:50]) for x in r.bad_headings[:4]))
    if r.metadata_wrong:
        parts.append("metadata " + ", ".join(f"{k} {v[0]!r} (twin {v[1]!r})" for k, v in r.metadata_wrong.items()))
    return " | ".join(parts)


def main(argv: list[str] | None = None) -> int:
    """Command line: print one line per PDF and the summary; 2 when there is nothing to compare."""
    parser = argparse.ArgumentParser(prog="python -m eval.fidelity", description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="folder of PDFs named like their corpus/ twins")
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus", help="folder of the .txt twins")
    parser.add_argument("--json", action="store_true", help="one JSON object per file, then the summary")
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        print(f"{args.folder}: not a folder", file=sys.stderr)
        return 2
    reports = run(args.folder, args.corpus)
    if not reports:
        print(f"{args.folder}: no PDF with a .txt twin in {args.corpus}", file=sys.stderr)
        return 2
    for r in reports:
        print(json.dumps(asdict(r), ensure_ascii=False) if args.json else _line(r))
    print(summary(reports))
    return 0


if __name__ == "__main__":
    sys.exit(main())
