"""Which retrieved passages answer a question (DESIGN.md, "Question sets").

A chunk is relevant when, after collapsing white space, it contains one of the evidence
strings, or covers at least half of the characters of one occurrence of an evidence string
in the question's document (evidence may straddle a chunk boundary). Overlap is measured on
the collapsed text, located in the document through a map back to original offsets.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

_WORD = re.compile(r"\S+")


def collapse_ws(text: str) -> str:
    """`text` with every run of white space replaced by one space, and stripped."""
    return " ".join(_WORD.findall(text))


def collapse_with_offsets(text: str) -> tuple[str, np.ndarray]:
    """The collapsed text and, for each of its characters, the offset it came from in `text`."""
    parts: list[str] = []
    offsets: list[int] = []
    for match in _WORD.finditer(text):
        if parts:  # the single space stands for the white space just before this word
            parts.append(" ")
            offsets.append(match.start() - 1)
        parts.append(match.group())
        offsets.extend(range(match.start(), match.end()))
    return "".join(parts), np.asarray(offsets, dtype=np.int64)


def _occurrences(haystack: str, needle: str) -> list[int]:
    found, at = [], haystack.find(needle)
    while at >= 0:
        found.append(at)
        at = haystack.find(needle, at + 1)
    return found


@dataclass
class RelevanceJudge:
    """Judges passages for one question; `doc_text` is the body of the question's document
    (None when the document is not in the index)."""

    doc: str | None
    evidence: tuple[str, ...]
    doc_text: str | None = None
    needles: tuple[str, ...] = field(init=False)
    spans: list[np.ndarray] = field(init=False)  # original offsets of each located occurrence
    missing: tuple[str, ...] = field(init=False)  # evidence strings not found in doc_text

    def __post_init__(self) -> None:
        self.needles = tuple(n for n in (collapse_ws(e) for e in self.evidence) if n)
        self.spans = []
        missing = []
        collapsed, offsets = collapse_with_offsets(self.doc_text) if self.doc_text else ("", np.zeros(0, np.int64))
        for needle, original in zip(self.needles, self.evidence):
            starts = _occurrences(collapsed, needle)
            if not starts:
                missing.append(original)
            self.spans.extend(offsets[s: s + len(needle)] for s in starts)
        self.missing = tuple(missing)

    def overlap(self, start: int, end: int) -> float:
        """The largest share of one located evidence occurrence inside document[start:end]."""
        best = 0.0
        for positions in self.spans:
            inside = np.searchsorted(positions, end) - np.searchsorted(positions, start)
            best = max(best, inside / len(positions))
        return best

    def is_relevant(self, doc_id: str, start: int, end: int, text: str) -> bool:
        """True when the passage `text` (document `doc_id`, characters start:end) is relevant."""
        if not self.needles:
            return False
        collapsed = collapse_ws(text)
        if any(needle in collapsed for needle in self.needles):
            return True
        return doc_id == self.doc and self.overlap(start, end) >= 0.5


def relevant_chunks_in_doc(index, judge: RelevanceJudge) -> list[int]:
    """Every chunk of the question's document in `index` that `judge` finds relevant."""
    row = index.doc_row.get(judge.doc) if judge.doc else None
    if row is None:
        return []
    found = []
    for chunk_id in np.flatnonzero(index.chunk_doc == row):
        start, end = int(index.chunk_start[chunk_id]), int(index.chunk_end[chunk_id])
        if judge.is_relevant(judge.doc, start, end, judge.doc_text[start:end]):
            found.append(int(chunk_id))
    return found
