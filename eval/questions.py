"""Question files: JSON lines as documented in DESIGN.md ("Question sets"), loaded and checked.

Every problem is reported as `QuestionFileError` naming the file, the line and what is wrong,
so `isearch eval` can print one line and exit 2.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from search.query import QueryError, clean_query

REQUIRED = ("id", "question", "doc", "evidence", "answerable", "style")


class QuestionFileError(Exception):
    """A question file that cannot be used; the message names the line and the problem."""


@dataclass(frozen=True)
class Question:
    """One evaluation question. `doc` and `evidence` are empty for unanswerable ones. A list
    question has `doc` None and `docs`: every letter that answers it (the evidence strings are
    each found in one of them)."""

    id: str
    question: str
    doc: str | None
    evidence: tuple[str, ...]
    answerable: bool
    style: str
    line: int
    docs: tuple[str, ...] = ()

    @property
    def is_list(self) -> bool:
        """A question answered by many letters (`docs`), scored at council level."""
        return bool(self.docs)

    @property
    def relevant_docs(self) -> tuple[str, ...]:
        """The letters that answer: `docs` for a list question, else (`doc`,) or ()."""
        return self.docs if self.docs else ((self.doc,) if self.doc else ())


def _check(record: object, where: str) -> Question:
    if not isinstance(record, dict):
        raise QuestionFileError(f"{where}: expected a JSON object, got {type(record).__name__}")
    missing = [key for key in REQUIRED if key not in record]
    if missing:
        raise QuestionFileError(f"{where}: missing field(s) {', '.join(missing)}")
    qid, text, doc, evidence = record["id"], record["question"], record["doc"], record["evidence"]
    answerable, style = record["answerable"], record["style"]
    if not isinstance(qid, str) or not qid.strip():
        raise QuestionFileError(f"{where}: 'id' must be a non-empty string")
    if not isinstance(text, str) or not text.strip():
        raise QuestionFileError(f"{where}: 'question' must be a non-empty string")
    try:
        clean_query(text)
    except QueryError as exc:
        raise QuestionFileError(f"{where}: 'question' is not searchable ({exc})") from None
    if not isinstance(answerable, bool):
        raise QuestionFileError(f"{where}: 'answerable' must be true or false")
    if not isinstance(style, str) or not style.strip():
        raise QuestionFileError(f"{where}: 'style' must be a non-empty string (e.g. paraphrase, keyword)")
    if doc is not None and (not isinstance(doc, str) or not doc.strip()):
        raise QuestionFileError(f"{where}: 'doc' must be a document id or null")
    if not isinstance(evidence, list) or not all(isinstance(e, str) for e in evidence):
        raise QuestionFileError(f"{where}: 'evidence' must be a list of strings")
    if any(not e.strip() for e in evidence):
        raise QuestionFileError(f"{where}: 'evidence' holds an empty string")
    docs = record.get("docs")
    if docs is not None and (not isinstance(docs, list) or not all(isinstance(d, str) and d.strip() for d in docs)):
        raise QuestionFileError(f"{where}: 'docs' must be a list of document ids")
    docs = tuple(dict.fromkeys(d.strip() for d in docs or ()))
    if docs and doc is not None:
        raise QuestionFileError(f"{where}: a list question ('docs') must have 'doc': null")
    if docs and not answerable:
        raise QuestionFileError(f"{where}: a question with 'docs' must be answerable")
    if answerable and doc is None and not docs:
        raise QuestionFileError(f"{where}: an answerable question needs a 'doc' (or 'docs' for a list question)")
    if answerable and not evidence:
        raise QuestionFileError(f"{where}: an answerable question needs at least one evidence string")
    if not answerable and evidence:
        raise QuestionFileError(f"{where}: an unanswerable question must have empty 'evidence'")
    return Question(qid, text.strip(), doc, tuple(evidence), answerable, style.strip(), 0, docs)


def load_questions(path: str | Path) -> list[Question]:
    """Read and validate a question file; blank lines are skipped, unknown fields ignored."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise QuestionFileError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise QuestionFileError(f"{path}: cannot read ({exc.__class__.__name__}: {exc})") from None
    questions: list[Question] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise QuestionFileError(f"{where}: not valid JSON ({exc.msg} at column {exc.colno})") from None
        question = _check(record, where)
        if question.id in seen:
            raise QuestionFileError(f"{where}: duplicate id {question.id!r} (first on line {seen[question.id]})")
        seen[question.id] = number
        questions.append(Question(**{**question.__dict__, "line": number}))
    if not questions:
        raise QuestionFileError(f"{path}: no questions in the file")
    return questions
