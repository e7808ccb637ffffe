"""What a search returns: hits (passages) and answers (sentences with citations)."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

Mode = Literal["hybrid", "dense", "keyword"]
MODES: tuple[str, ...] = ("hybrid", "dense", "keyword")


@dataclass(frozen=True)
class Hit:
    """One retrieved passage. `text == document text[start:end]`."""

    rank: int  # 1-based position in the result list
    chunk_id: int
    doc_id: str
    title: str
    authority: str
    date: str
    kind: str
    judgement: str
    text: str
    start: int
    end: int
    heading: str
    score: float  # the fused score (or the single retriever's score)
    dense_rank: int | None = None
    dense_score: float | None = None
    keyword_rank: int | None = None
    keyword_score: float | None = None

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class AnswerSentence:
    """A sentence quoted verbatim from hit number `citation` (1-based), at `start:end` of its document.
    `lead_in`: for a list item, the line ending in ":" that introduces its list ("What needs to
    improve in this area of social work practice:"), which the quote itself does not hold; "" for
    any other sentence. It is shown as a label before the quote (`labelled`), never inside it."""

    text: str
    citation: int
    doc_id: str
    start: int
    end: int
    score: float
    lead_in: str = ""

    @property
    def labelled(self) -> str:
        """The quote as an answer shows it: "(What needs to improve:) the quality of ..." for a list
        item under a lead-in, else the text alone."""
        return f"({self.lead_in}) {self.text}" if self.lead_in else self.text


@dataclass(frozen=True)
class ListRow:
    """One council in a list answer: its letters that say it (doc_ids, with their titles, dates
    and kinds, in the same order: newest first, list_answer.newest_first; a grade change's two
    letters oldest first) and the verbatim sentences, in the letters' order, each cited to a hit (1-based)."""

    rank: int  # 1-based, strongest evidence first
    authority: str
    doc_ids: tuple[str, ...]
    titles: tuple[str, ...]
    dates: tuple[str, ...]
    kinds: tuple[str, ...]
    sentences: tuple[AnswerSentence, ...]
    score: float  # ranks the rows, not a probability: the best sentence's topic coverage + 0.5 * passage cosine (1.0 read from grades)


@dataclass(frozen=True)
class Answer:
    """An extractive answer. `answered` is False when the letters do not answer the question."""

    query: str
    answered: bool
    sentences: tuple[AnswerSentence, ...]
    hits: tuple[Hit, ...]
    confidence: float | None  # calibrated probability (search/abstain.py); None for a list answer (signals say why)
    message: str = ""
    elapsed_ms: float = field(default=0.0, compare=False)
    signals: dict = field(default_factory=dict, compare=False)  # what the confidence was made of
    rows: tuple[ListRow, ...] = ()  # a list answer's rows (one per council); empty otherwise

    @property
    def text(self) -> str:
        """The answer as prose, each sentence followed by its [n] citation; a list answer is its
        summary line (in `message`) and one line per row."""
        if not self.answered:
            return self.message
        if self.rows:
            lines = [f"{r.rank}. {r.authority}: " + " ".join(f"{s.text} [{s.citation}]" for s in r.sentences)
                     for r in self.rows]
            return "\n".join([self.message, *lines])
        return " ".join(f"{s.labelled} [{s.citation}]" for s in self.sentences)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["text"] = self.text
        return data
