"""Shared checks for the reliability tests: run the CLI, judge hits and answers, record figures.

Figures (queries served, kills survived, inputs tried) are merged into
tests/artifacts/reliability-figures.json so a run can be summarised.
"""
from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIGURES = ROOT / "tests" / "artifacts" / "reliability-figures.json"


def isearch(*args: str, env: dict | None = None, timeout: float = 600, **kw) -> subprocess.CompletedProcess:
    """Run `isearch ARGS` in a fresh interpreter, as a user would."""
    return subprocess.run([sys.executable, "-m", "search.cli", *args], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, **(env or {})}, timeout=timeout, **kw)


def isearch_popen(*args: str, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "search.cli", *args], cwd=ROOT, env={**os.environ, **(env or {})},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def record(name: str, value) -> None:
    """Merge one figure into the figures file (tests run one at a time)."""
    FIGURES.parent.mkdir(parents=True, exist_ok=True)
    try:
        figures = json.loads(FIGURES.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        figures = {}
    figures[name] = value
    FIGURES.write_text(json.dumps(figures, indent=1, sort_keys=True), encoding="utf-8")
    print(f"[figure] {name} = {value}")


def check_hits(index, hits, k: int, filters=None) -> None:
    """Hits are well formed and come from `index`: ranks 1..n, finite scores best first,
    text equal to the document span, metadata equal to the document's, filters obeyed."""
    assert len(hits) <= k
    assert [h.rank for h in hits] == list(range(1, len(hits) + 1))
    scores = [h.score for h in hits]
    assert all(math.isfinite(s) for s in scores)
    assert scores == sorted(scores, reverse=True)
    assert len({h.chunk_id for h in hits}) == len(hits)
    for hit in hits:
        doc = index.document(hit.doc_id)
        assert 0 <= hit.start < hit.end <= len(doc.text)
        assert hit.text == doc.text[hit.start:hit.end] == index.chunk_text(hit.chunk_id)
        assert (hit.title, hit.authority, hit.date, hit.kind, hit.judgement) == (
            doc.title, doc.authority, doc.date, doc.kind, doc.judgement)
        if filters is not None:
            assert filters.matches(doc.authority, doc.kind, doc.date, doc.judgement)


def check_answer(index, answer, k: int) -> None:
    """An answer is well formed: its hits are, and each sentence is quoted verbatim from the hit it cites."""
    # the first k passages, and any further one the answer cites (search.ask.shown)
    check_hits(index, list(answer.hits), max([k, *(s.citation for s in answer.sentences)]))
    if answer.rows:  # a list answer: its rows are ranked, not calibrated (confidence None, the reason in signals)
        assert answer.confidence is None and "confidence" in answer.signals
        return
    else:
        assert math.isfinite(answer.confidence) and 0.0 <= answer.confidence <= 1.0
    if not answer.answered:
        assert answer.sentences == () and answer.message
        return
    from search.improvements import MAX_ITEMS

    assert 1 <= len(answer.sentences) <= max(4, MAX_ITEMS)  # (an improvement list quotes up to MAX_ITEMS items)
    for sentence in answer.sentences:
        hit = answer.hits[sentence.citation - 1]
        assert sentence.citation == hit.rank and sentence.doc_id == hit.doc_id
        assert max(hit.start, sentence.start) < sentence.end <= hit.end  # inside the passage it cites
        if sentence.start < hit.start:  # a short sentence pointing back ("Despite this, ...") that opens its
            # passage is quoted from the sentence before it, in the letter: that sentence and no more
            from search.answer import sentence_before

            opening = hit.start + len(hit.text) - len(hit.text.lstrip())
            assert sentence_before(index.document(sentence.doc_id).text, opening) == sentence.start
        assert index.document(sentence.doc_id).text[sentence.start:sentence.end] == sentence.text
        assert f"[{sentence.citation}]" in answer.text


def check_consistent(index) -> None:
    """An opened index is one build: its folder is named after the manifest's build id and
    every table agrees with the manifest's counts."""
    manifest = index.manifest
    assert Path(index.folder).name == manifest["build_id"]
    assert manifest["counts"]["documents"] == len(index.documents)
    assert manifest["counts"]["chunks"] == len(index) == index.faiss.ntotal == index.bm25.n_docs
    assert set(manifest["documents"]) == {d.id for d in index.documents}
    for doc in index.documents:
        assert manifest["documents"][doc.id]["hash"] == doc.content_hash


def one_line_error(stderr: str) -> str:
    """The CLI's error output: exactly one line, `isearch: error: ...`, and no traceback."""
    assert "Traceback" not in stderr, stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert lines[0].startswith("isearch: error: "), stderr
    return lines[0]
