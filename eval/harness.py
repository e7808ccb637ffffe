"""`isearch eval`: run every question through search and ask in each mode, score, report.

`evaluate_index` is the Python entry point (an open index and loaded questions in, the
report dict out); `run_cli` adds the file handling, terminal output and exit codes.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from eval.metrics import (abstention, first_relevant_rank, latency, letter_recall, mean_over, per_question,
                          set_recall_precision, share, token_f1)
from eval.questions import Question, QuestionFileError, load_questions
from eval.relevance import RelevanceJudge, relevant_chunks_in_doc
from search.types import MODES

ROOT = Path(__file__).resolve().parent.parent
WARM_UP_QUERY = "children's services"
LETTER_RECALL_K = 20  # list questions: recall of their letters among the top 20 passages of search


class ManyDocJudge:
    """Relevance for a list question: a passage is relevant when one of its letters' judges
    (a RelevanceJudge per letter in `docs`) finds it so."""

    def __init__(self, judges: dict[str, RelevanceJudge]) -> None:
        self.judges = judges
        found = [set(j.evidence) - set(j.missing) for j in judges.values()]
        every = next(iter(judges.values())).evidence if judges else ()
        self.missing = tuple(e for e in every if not any(e in f for f in found))

    def is_relevant(self, doc_id: str, start: int, end: int, text: str) -> bool:
        judge = self.judges.get(doc_id)
        if judge is not None:
            return judge.is_relevant(doc_id, start, end, text)
        return any(j.is_relevant(doc_id, start, end, text) for j in self.judges.values())


def _councils(index, doc_ids) -> set[str]:
    """Comparison keys of the authorities of `doc_ids` (documents the index lacks are skipped)."""
    from indexer.authorities import authority_key, split_authorities

    keys = set()
    for doc_id in doc_ids:
        row = index.doc_row.get(doc_id)
        if row is not None:
            keys.update(authority_key(a) for a in split_authorities(index.documents[row].authority))
    return keys


def _list_record(question: Question, answer, ranked_docs: list[str], judge, index) -> dict:
    """Per list question: council recall and precision of the answer's rows, letter recall@20 of
    search, and per row whether every sentence is verbatim and whether one cites a relevant passage."""
    from indexer.authorities import authority_key, split_authorities

    gold = _councils(index, question.docs)
    got = {authority_key(a) for row in answer.rows for a in split_authorities(row.authority)}
    recall, precision = set_recall_precision(got, gold)
    verbatim = cites = 0
    for row in answer.rows:
        ok, relevant = True, False
        for sentence in row.sentences:
            hit = answer.hits[sentence.citation - 1] if 1 <= sentence.citation <= len(answer.hits) else None
            text = index.document(sentence.doc_id).text if sentence.doc_id in index.doc_row else ""
            ok &= (hit is not None and hit.doc_id == sentence.doc_id and text[sentence.start: sentence.end] == sentence.text
                   and hit.start <= sentence.start and sentence.end <= hit.end)
            relevant |= bool(hit is not None and judge is not None and judge.is_relevant(hit.doc_id, hit.start, hit.end, hit.text))
        verbatim += ok
        cites += relevant
    return {"rows": len(answer.rows), "council_recall": recall, "council_precision": precision,
            "councils_missed": sorted(gold - got), "councils_extra": sorted(got - gold),
            f"letter_recall@{LETTER_RECALL_K}": letter_recall(ranked_docs, question.docs, LETTER_RECALL_K),
            "rows_verbatim": verbatim, "rows_cite_relevant": cites, "ask_ms": round(float(answer.elapsed_ms), 2)}


def _forget_query_embeddings(index) -> None:
    """Empty the index's query-embedding cache, so each timed call embeds its query afresh
    (search and ask on the same question would otherwise share one embedding)."""
    cache = getattr(index, "_query_cache", None)
    if cache is not None:
        cache.clear()


def _timed_search(index, query: str, k: int, mode: str):
    _forget_query_embeddings(index)
    started = time.perf_counter()
    hits = index.search(query, k=k, mode=mode)
    return hits, (time.perf_counter() - started) * 1000


def _timed_ask(index, query: str, k: int, mode: str):
    _forget_query_embeddings(index)
    return index.ask(query, k=k, mode=mode)


def _doc_ranking(hits) -> list[str]:
    return list(dict.fromkeys(hit.doc_id for hit in hits))


def _answer_record(question: Question, answer, judge: RelevanceJudge | None, index) -> dict:
    """Per-question answer facts: answered, cites a relevant passage, verbatim sentences, F1."""
    verbatim = 0
    cited_relevant = False
    for sentence in answer.sentences:
        hit = answer.hits[sentence.citation - 1] if 1 <= sentence.citation <= len(answer.hits) else None
        if hit is None:
            continue
        text = index.document(sentence.doc_id).text if sentence.doc_id in index.doc_row else ""
        # (a sentence that points back, "Despite this, ...", opening its passage is quoted from the
        # sentence before it in the letter: its span may start before its passage, never end after it)
        if (sentence.text and sentence.doc_id == hit.doc_id
                and max(hit.start, sentence.start) < sentence.end <= hit.end
                and text[sentence.start: sentence.end] == sentence.text):
            verbatim += 1
        if judge is not None and judge.is_relevant(hit.doc_id, hit.start, hit.end, hit.text):
            cited_relevant = True
    answer_text = " ".join(s.text for s in answer.sentences) if answer.answered else ""
    return {
        "answered": bool(answer.answered),
        "sentences": len(answer.sentences) if answer.answered else 0,
        "verbatim_sentences": verbatim if answer.answered else 0,
        "cites_relevant": bool(answer.answered and cited_relevant),
        "token_f1": round(token_f1(answer_text, " ".join(question.evidence)), 4) if question.answerable else None,
        "confidence": None if answer.confidence is None else round(float(answer.confidence), 4),  # None: a list answer
        "ask_ms": round(float(answer.elapsed_ms), 2),
    }


def _progress(total: int, enabled: bool):
    if not enabled:
        return None
    from tqdm import tqdm

    return tqdm(total=total, desc="eval", unit="q", file=sys.stderr, leave=False)


def evaluate_index(index, questions: list[Question], modes: list[str], k: int = 10,
                   progress: bool = False) -> dict:
    """Every retrieval, answer and latency figure for `questions` on `index`, per mode.

    Passage qrels for a question are the relevant chunks of its document plus any other
    retrieved chunk that contains an evidence string, pooled over all modes so every mode
    is judged against the same set.
    """
    warnings: list[str] = []
    judges: dict[str, RelevanceJudge] = {}
    pooled: dict[str, set[int]] = {}
    for q in questions:
        if not q.answerable:
            continue
        if q.is_list:
            judges[q.id], pooled[q.id] = _list_judge(q, index, warnings)
            continue
        if q.doc not in index.doc_row:
            warnings.append(f"{q.id}: document {q.doc!r} is not in the index (scored as a miss)")
        judge = RelevanceJudge(q.doc, q.evidence, index.document(q.doc).text if q.doc in index.doc_row else None)
        if q.doc in index.doc_row and judge.missing:
            warnings.append(f"{q.id}: evidence not found in {q.doc}: {judge.missing[0][:60]!r}")
        judges[q.id] = judge
        pooled[q.id] = set(relevant_chunks_in_doc(index, judge))

    for mode in modes:  # load the model, caches and JIT code before anything is timed
        index.search(WARM_UP_QUERY, k=k, mode=mode)
    bar = _progress(len(modes) * len(questions), progress)
    raw: dict[str, dict[str, dict]] = {mode: {} for mode in modes}
    for mode in modes:
        for q in questions:
            hits, search_ms = _timed_search(index, q.question, k, mode)
            answer = _timed_ask(index, q.question, k, mode)
            judge = judges.get(q.id)
            relevant = [h.chunk_id for h in hits if judge and judge.is_relevant(h.doc_id, h.start, h.end, h.text)]
            if judge:
                pooled[q.id].update(relevant)
            raw[mode][q.id] = {"hits": hits, "search_ms": search_ms,
                               "answer": _answer_record(q, answer, judge, index)}
            if q.is_list:
                deep = hits if k >= LETTER_RECALL_K else index.search(q.question, k=LETTER_RECALL_K, mode=mode)
                raw[mode][q.id]["list"] = _list_record(q, answer, [h.doc_id for h in deep], judge, index)
            if bar is not None:
                bar.update()
    if bar is not None:
        bar.close()

    answerable = [q for q in questions if q.answerable]
    groups = {"all": [q.id for q in answerable]}
    for q in answerable:
        groups.setdefault(q.style, []).append(q.id)
    passage_qrels = {q.id: {str(c) for c in pooled[q.id]} for q in answerable}
    doc_qrels = {q.id: set(q.relevant_docs) for q in answerable}

    results: dict[str, dict] = {}
    details: dict[str, dict] = {q.id: {} for q in questions}
    for mode in modes:
        passage_runs = {q.id: [str(h.chunk_id) for h in raw[mode][q.id]["hits"]] for q in answerable}
        doc_runs = {q.id: _doc_ranking(raw[mode][q.id]["hits"]) for q in answerable}
        passage = per_question(passage_qrels, passage_runs, k)
        document = per_question(doc_qrels, doc_runs, k)
        results[mode] = {
            "passage": {g: {"n": len(ids), **_rounded(mean_over(passage, ids))} for g, ids in groups.items()},
            "document": {g: {"n": len(ids), **_rounded(mean_over(document, ids))} for g, ids in groups.items()},
            "answer": _answer_summary(questions, raw[mode]),
            **({"list": _list_summary([q for q in questions if q.is_list], raw[mode])}
               if any(q.is_list for q in questions) else {}),
            "latency_ms": {"search": latency([raw[mode][q.id]["search_ms"] for q in questions]),
                           "ask": latency([raw[mode][q.id]["answer"]["ask_ms"] for q in questions])},
        }
        for q in questions:
            entry = raw[mode][q.id]
            record = {"top_docs": _doc_ranking(entry["hits"])[:3], "search_ms": round(entry["search_ms"], 2),
                      **entry["answer"], **({"list": entry["list"]} if "list" in entry else {})}
            if q.answerable:
                record["passage_rank"] = first_relevant_rank(passage_runs[q.id], passage_qrels[q.id])
                record["doc_rank"] = first_relevant_rank(doc_runs[q.id], doc_qrels[q.id])
            details[q.id][mode] = record
    return {
        "modes": results,
        "warnings": warnings,
        "questions": [{"id": q.id, "line": q.line, "style": q.style, "answerable": q.answerable, "doc": q.doc,
                       **({"docs": list(q.docs)} if q.is_list else {}),
                       "relevant_chunks": sorted(pooled.get(q.id, ())), "modes": details[q.id]} for q in questions],
    }


def _list_judge(q: Question, index, warnings: list[str]) -> tuple[ManyDocJudge, set[int]]:
    """The judge of a list question and every relevant chunk of its letters."""
    judges, chunks = {}, set()
    for doc in q.docs:
        if doc not in index.doc_row:
            warnings.append(f"{q.id}: document {doc!r} is not in the index (scored as a miss)")
            continue
        judges[doc] = RelevanceJudge(doc, q.evidence, index.document(doc).text)
        chunks.update(relevant_chunks_in_doc(index, judges[doc]))
    judge = ManyDocJudge(judges)
    if judges and judge.missing:
        warnings.append(f"{q.id}: evidence not found in any of its docs: {judge.missing[0][:60]!r}")
    return judge, chunks


def _list_summary(questions: list[Question], raw: dict[str, dict]) -> dict:
    """Means over list questions of council recall and precision (precision over the questions
    that got rows), letter recall@20; shares of rows verbatim and citing a relevant passage;
    list ask latency."""
    records = [raw[q.id]["list"] for q in questions]

    def mean(key: str) -> float | None:
        values = [r[key] for r in records if r[key] is not None]
        return sum(values) / len(values) if values else None

    rows = sum(r["rows"] for r in records)
    return _rounded({
        "n": len(records), "rows": rows, "answered": share(sum(r["rows"] > 0 for r in records), len(records)),
        "council_recall": mean("council_recall"), "council_precision": mean("council_precision"),
        f"letter_recall@{LETTER_RECALL_K}": mean(f"letter_recall@{LETTER_RECALL_K}"),
        "rows_verbatim": share(sum(r["rows_verbatim"] for r in records), rows),
        "rows_cite_relevant": share(sum(r["rows_cite_relevant"] for r in records), rows),
        "ask_ms": latency([r["ask_ms"] for r in records]),
    })


def _rounded(values: dict) -> dict:
    return {key: (round(v, 4) if isinstance(v, float) else v) for key, v in values.items()}


def _answer_summary(questions: list[Question], raw: dict[str, dict]) -> dict:
    records = [(q, raw[q.id]["answer"]) for q in questions]
    answerable = [r for q, r in records if q.answerable]
    sentences = sum(r["sentences"] for _, r in records)
    f1 = [r["token_f1"] for r in answerable]
    summary = {
        "n_answerable": len(answerable),
        "n_unanswerable": len(records) - len(answerable),
        "cites_relevant": share(sum(r["cites_relevant"] for r in answerable), len(answerable)),
        "answered": share(sum(r["answered"] for r in answerable), len(answerable)),
        "verbatim": share(sum(r["verbatim_sentences"] for _, r in records), sentences),
        "sentences": sentences,
        **abstention([not r["answered"] for _, r in records], [q.answerable for q, _ in records]),
        "token_f1": sum(f1) / len(f1) if f1 else None,
    }
    return _rounded(summary)


# ---- the command -------------------------------------------------------------------
def _git_commit() -> dict:
    env = dict(os.environ, GIT_OPTIONAL_LOCKS="0")  # read-only: never take the index lock
    try:
        commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True,
                                timeout=10, env=env).stdout.strip() or None
        status = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
                                capture_output=True, text=True, timeout=30, env=env)
        dirty = bool(status.stdout.strip()) if status.returncode == 0 else None
    except (OSError, subprocess.SubprocessError):
        return {"commit": None, "dirty": None}
    return {"commit": commit, "dirty": dirty}


def _manifest_summary(manifest: dict) -> dict:
    """The manifest with the per-document table replaced by its size and a digest."""
    summary = {key: value for key, value in manifest.items() if key != "documents"}
    documents = manifest.get("documents", {})
    digest = hashlib.sha256(json.dumps(documents, sort_keys=True).encode()).hexdigest()
    summary["documents"] = {"count": len(documents), "sha256": digest}
    return summary


def _parse_modes(text: str) -> list[str]:
    from search.cli import UsageError

    modes = [m.strip() for m in text.split(",") if m.strip()]
    unknown = [m for m in modes if m not in MODES]
    if unknown or not modes:
        raise UsageError(f"--modes: unknown mode {', '.join(unknown) or '(none)'}; choose from {', '.join(MODES)}")
    return list(dict.fromkeys(modes))


def run_cli(args) -> int:
    """`isearch eval`: 0 on success, 2 on a bad question file, index or option."""
    from eval import report as reporting
    from indexer.config import default_index_dir
    from search.cli import UsageError
    from search.index import IndexOpenError, open_index

    modes = _parse_modes(args.modes)
    try:
        questions = load_questions(args.questions)
    except QuestionFileError as exc:
        raise UsageError(str(exc)) from None
    previous = None
    if args.compare:
        try:
            previous = reporting.load_report(args.compare)
        except reporting.ReportError as exc:
            raise UsageError(str(exc)) from None
    path = Path(args.questions)
    questions_sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
    out = Path(args.out) if args.out else ROOT / "eval" / "out" / path.stem
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"--out: cannot create {out} ({exc.strerror or exc})") from None
    index_path = Path(args.index_dir) if args.index_dir else default_index_dir()
    try:
        index = open_index(index_path)
    except IndexOpenError as exc:
        raise UsageError(str(exc)) from None

    started = time.perf_counter()
    result = evaluate_index(index, questions, modes, args.k, progress=sys.stderr.isatty() and not args.json)
    answerable = [q for q in questions if q.answerable]
    meta = {
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "git": _git_commit(),
        "questions": {"path": str(path), "sha256": questions_sha256,
                      "count": len(questions), "answerable": len(answerable),
                      "unanswerable": len(questions) - len(answerable),
                      "styles": {s: sum(q.style == s for q in questions) for s in dict.fromkeys(q.style for q in questions)}},
        "index": {"path": str(index_path), "dir": str(index.folder),
                  "manifest": _manifest_summary(index.manifest)},
        "k": args.k,
        "modes": modes,
        "seconds": round(time.perf_counter() - started, 1),
        "definitions": reporting.DEFINITIONS,
    }
    report = {"meta": meta, **result}
    if previous is not None:
        report["compared_with"] = {"path": str(args.compare), "changes": reporting.compare(report, previous)}
    try:
        reporting.write_all(report, out)
    except OSError as exc:
        raise UsageError(f"cannot write the report to {out}: {exc}") from None
    for warning in result["warnings"]:
        print(f"warning: {warning}", file=sys.stderr)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
        return 0
    print(reporting.render_table(report))
    if previous is not None:
        print()
        print(reporting.render_comparison(report, previous, args.compare))
    print(f"\nwrote {out / 'report.json'}, {out / 'report.md'}, {out / reporting.CHART}")
    return 0
