"""Page furniture in the curated `.txt` letters, before and after indexer.txt_clean removes it.

    python -m eval.txt_furniture [--corpus corpus] [--questions eval/questions] [--top 10]

Each letter is loaded twice with `indexer.load.load_document`, with and without
`clean_furniture`, and both texts are measured with patterns of their own (not the cleaner's):

- address lines: eval.fidelity's letterhead lines, or a line holding part of Ofsted's address
  (fidelity's `_ADDRESS`: Piccadilly Gate, Store Street, M1 2WD, Textphone ...), and the lines
  next to one that are only "Ofsted", "Manchester", "E: enquiries@ofsted.gov.uk" and the like;
- page-number lines: fidelity's "2", "Page 2 of 13";
- running header lines: a line of the raw letter whose form (digits as '#') comes back in the
  letter and that names the inspection ("Inspection of ...", "Inspection report: ...") or is
  only a date ("13 to 24 March 2023"), outside the letter's first 5 lines (its title block);
  the same forms are looked for in the cleaned text;
- passages (indexer.chunk.chunk_text) that hold one of these lines, or an address part;
- words removed per letter (the largest are listed with the lines removed, so they can be read),
  and removed lines that none of the patterns above calls furniture ("suspect": should be 0);
- evidence: every evidence string of every question set (eval/questions/*.jsonl) is looked for,
  white space collapsed as the harness does, in its letter(s) before and after; lost ones listed.

Prints one block of figures; exit code 0, or 2 when the corpus folder holds no .txt letter.
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from eval.fidelity import _ADDRESS, _LETTERHEAD, _PAGE_LINE
from eval.questions import load_questions
from eval.relevance import collapse_ws
from indexer.chunk import chunk_text
from indexer.load import LoadError, load_document
from indexer.txt_clean import clean_letter_text

ROOT = Path(__file__).resolve().parent.parent
_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_ONLY_DATE = re.compile(rf"^(?:#|st|nd|rd|th|to|and|{_MONTHS}|[-–\s])+\.?$", re.IGNORECASE)
_NAMES_INSPECTION = re.compile(r"inspection (?:of|report)", re.IGNORECASE)
_TOP_LINES = 5
# lines of an address block that say nothing on their own: counted next to an address line only
_ADDRESS_PART = re.compile(r"^(?:,?\s*O?fsted|Manchester|Nottingham|London|Store St|Text ?phone:? [\d ]+|gov\.uk www\.\S*|[EW]:?\s*\S*ofsted\S*(?: \S*ofsted\S*)?"
                           r"|© Crown copyright \d{4}|[\d ]+(?: enquiries@ofsted\.\S*)?(?: www\.\S*)?)$", re.IGNORECASE)


def _key(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split()))


def running_forms(text: str) -> set[str]:
    """Forms (digits as '#') of the running header lines of a raw letter body (see the module docstring)."""
    keys = Counter(_key(line) for line in text.split("\n") if line.strip())
    return {k for k, n in keys.items() if n >= 2 and len(k) <= 160
            and ((_NAMES_INSPECTION.search(k) and not k.endswith(".")) or (_ONLY_DATE.match(k) and re.search(_MONTHS, k, re.IGNORECASE)))}


def furniture_lines(text: str, running: set[str]) -> list[tuple[str, int, int]]:
    """(kind, start, end) of each furniture line of `text`: "address", "page number" or "running header"."""
    kinds: list[str] = []
    spans: list[tuple[int, int]] = []
    position, nonblank = 0, 0
    for line in text.split("\n"):
        stripped = " ".join(line.split())
        kind = ""
        if stripped:
            nonblank += 1
            if _LETTERHEAD.match(stripped) or _ADDRESS.search(stripped):
                kind = "address"
            elif _PAGE_LINE.match(stripped):
                kind = "page number"
            elif nonblank > _TOP_LINES and _key(stripped) in running:
                kind = "running header"
            kinds.append(kind)
            spans.append((position, position + len(line)))
        position += len(line) + 1
    lines = [text[a:b] for a, b in spans]
    grown = True
    while grown:  # "Ofsted", "Manchester", "E: enquiries@..." next to an address line
        grown = False
        for i, kind in enumerate(kinds):
            if not kind and _ADDRESS_PART.match(" ".join(lines[i].split())) and "address" in (
                    kinds[i - 1] if i else "", kinds[i + 1] if i + 1 < len(kinds) else ""):
                kinds[i], grown = "address", True
    return [(kind, *span) for kind, span in zip(kinds, spans) if kind]


@dataclass
class Side:
    """Counts over the corpus for one way of reading it."""

    lines: Counter = field(default_factory=Counter)
    passages: int = 0
    passages_with: Counter = field(default_factory=Counter)
    words: int = 0


def _measure(doc_id: str, text: str, running: set[str], side: Side) -> None:
    spans = furniture_lines(text, running)
    side.lines.update(kind for kind, _, _ in spans)
    side.words += len(text.split())
    for chunk in chunk_text(doc_id, text):
        side.passages += 1
        kinds = {kind for kind, start, end in spans if start < chunk.end and end > chunk.start}
        if _ADDRESS.search(chunk.text):
            kinds.add("address")
        side.passages_with.update(kinds)
        if kinds:
            side.passages_with["any"] += 1


def evidence_check(questions_dir: Path, before: dict[str, str], after: dict[str, str]) -> tuple[int, int, int, list[str]]:
    """(evidence strings, found before, found after, lost: "qid doc: evidence") over every question
    set in `questions_dir`; a list question's evidence counts as found when one of its letters has it."""
    total = found_before = found_after = 0
    lost = []
    for path in sorted(questions_dir.glob("*.jsonl")):
        for q in load_questions(path):
            docs = [d for d in ((q.doc,) if q.doc else q.docs) if d in before]
            for evidence in q.evidence:
                needle = collapse_ws(evidence)
                if not needle or not docs:
                    continue
                total += 1
                was = any(needle in collapse_ws(before[d]) for d in docs)
                now = any(needle in collapse_ws(after[d]) for d in docs)
                found_before += was
                found_after += now
                if was and not now:
                    held = next(d for d in docs if needle in collapse_ws(before[d]))
                    lost.append(f"{path.name} {q.id} {held}: {evidence!r}")
    return total, found_before, found_after, lost


def main(argv: list[str] | None = None) -> int:
    """Command line: print the before/after figures (see the module docstring)."""
    parser = argparse.ArgumentParser(prog="python -m eval.txt_furniture", description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus", help="folder of .txt letters")
    parser.add_argument("--questions", type=Path, default=ROOT / "eval" / "questions", help="folder of question sets")
    parser.add_argument("--top", type=int, default=10, help="letters with the most words removed to list")
    args = parser.parse_args(argv)
    paths = sorted(args.corpus.glob("*.txt"))
    if not paths:
        print(f"{args.corpus}: no .txt letters", file=sys.stderr)
        return 2
    raw_side, clean_side = Side(), Side()
    before, after = {}, {}
    removed_words: list[tuple[int, str, Counter]] = []
    suspects: list[str] = []
    letters_changed = 0
    unaccounted: list[str] = []  # letters whose words removed are not the words of their removed lines
    for path in paths:
        try:
            raw, _ = load_document(path, clean_furniture=False)
            clean, _ = load_document(path)
        except LoadError as exc:
            print(f"warning: {exc}", file=sys.stderr)
            continue
        before[raw.id], after[raw.id] = raw.text, clean.text
        running = running_forms(raw.text)
        _measure(raw.id, raw.text, running, raw_side)
        _measure(clean.id, clean.text, running, clean_side)
        removed = clean_letter_text(raw.text).removed
        letters_changed += bool(removed)
        lost_words = len(raw.text.split()) - len(clean.text.split())
        if lost_words != sum(len(r.line.split()) for r in removed):
            unaccounted.append(raw.id)
        removed_words.append((lost_words, raw.id, Counter(f"{r.kind}: {' '.join(r.line.split())}" for r in removed)))
        for r in removed:
            stripped = " ".join(r.line.split())
            if not (_LETTERHEAD.match(stripped) or _ADDRESS.search(stripped) or _PAGE_LINE.match(stripped)
                    or _ADDRESS_PART.match(stripped) or _key(stripped) in running or _key(stripped).isdigit()):
                suspects.append(f"{raw.id}: {r.kind}: {stripped!r}")
    print(f"letters {len(before)}; with furniture removed {letters_changed}")
    for kind in ("running header", "address", "page number"):
        print(f"lines: {kind:<15} before {raw_side.lines[kind]:>6}  after {clean_side.lines[kind]:>6}")
    for kind in ("running header", "address", "page number", "any"):
        print(f"passages with {kind:<15} before {raw_side.passages_with[kind]:>6}/{raw_side.passages}"
              f"  after {clean_side.passages_with[kind]:>6}/{clean_side.passages}")
    counts = sorted(w for w, _, lines in removed_words if lines)
    print(f"words removed: {raw_side.words - clean_side.words} of {raw_side.words}; per letter changed: "
          f"median {counts[len(counts) // 2] if counts else 0}, max {counts[-1] if counts else 0}; "
          f"letters whose words removed are not those of their removed lines: {len(unaccounted)} {unaccounted[:5]}")
    for words, doc_id, lines in sorted(removed_words, reverse=True)[:args.top]:
        print(f"  {doc_id}: {words} words: " + "; ".join(f"{n}x {line[:70]}" for line, n in lines.most_common()))
    print(f"removed lines no furniture pattern matches (suspect): {len(suspects)}")
    for line in suspects[:20]:
        print(f"  {line}")
    total, was, now, lost = evidence_check(args.questions, before, after)
    print(f"evidence strings in their letters: {was}/{total} before, {now}/{total} after; lost {len(lost)}")
    for line in lost:
        print(f"  lost: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
