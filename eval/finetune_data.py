"""Training pairs mined from an index's own passages, and passage qrels for measuring a model.

Writes, into one folder, what `python -m eval.finetune` reads (it needs only torch,
transformers, safetensors and numpy, so it runs on a machine without this project's
dependencies):

- passages.jsonl.xz: one line per passage in index order: {"doc": id, "embed": the exact text a
  build embeds (indexer.embed.passage_text: context line, ":\\n", passage text), "body": offset
  of the passage text inside "embed"};
- pairs.jsonl.xz: training triples mined from the corpus alone, never from question sets:
  {"kind": "ict"|"heading", "passage": i, "query": text, "cut": [start, end] or null,
  "negative": j}.
  * ict (inverse cloze task, Lee, Chang and Toutanova, ACL 2019): the query is one sentence of
    passage i (indexer.sentences, 8-60 words, not a standard Ofsted sentence); the positive is
    passage i with that sentence cut out ("cut", offsets into "embed") 90% of the time, kept
    10% of the time, as in that paper;
  * heading: the query is "<authority>: <section heading>" and the positive a passage under it;
  * the hard negative j is another passage of the same letter (at least two passages away, under
    another heading where there is one), so the model learns to rank inside a letter;
- qrels.json: per question set, [{"id", "question", "relevant": [passage indices]}], relevance as
  `isearch eval` judges it (eval.relevance: the question's evidence inside the passage, or half of
  one occurrence covered), for answerable single-letter questions.

Run: python -m eval.finetune_data --index-dir .isearch/index --out .ft/data
"""
from __future__ import annotations

import argparse
import json
import lzma
import random
import re
import sys
from pathlib import Path
from types import SimpleNamespace

from eval.questions import load_questions
from eval.relevance import RelevanceJudge, collapse_ws, relevant_chunks_in_doc
from indexer.embed import passage_text
from indexer.sentences import sentence_spans
from search.index import open_index

ROOT = Path(__file__).resolve().parent.parent
QUESTION_SETS = ("dev", "extra", "own", "grades")
ICT_KEEP = 0.1  # share of ICT positives that keep the query sentence (Lee et al. 2019)
MAX_ICT_PER_PASSAGE = 2
_WORD = re.compile(r"[A-Za-z]{2,}")


def _boilerplate() -> re.Pattern:
    path = ROOT / "search" / "data" / "boilerplate.txt"
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    return re.compile("|".join(f"(?:{line})" for line in lines if line and not line.startswith("#")), re.I)


def _query_sentences(text: str, boilerplate: re.Pattern) -> list[tuple[int, int]]:
    """Spans of the sentences of `text` fit to be an ICT query."""
    spans = []
    for start, end in sentence_spans(text):
        sentence = text[start:end]
        words = len(_WORD.findall(sentence))
        if 8 <= words <= 60 and not boilerplate.match(sentence.lstrip()):
            spans.append((start, end))
    return spans


def mine_pairs(index, rng: random.Random) -> tuple[list[dict], list[dict]]:
    """(passages, pairs) as described in the module docstring, for every passage of `index`."""
    boilerplate = _boilerplate()
    passages: list[dict] = []
    by_doc: dict[int, list[int]] = {}
    for cid in range(len(index)):
        row = int(index.chunk_doc[cid])
        doc = index.documents[row]
        text = index.chunk_text(cid)
        embed = passage_text(doc, SimpleNamespace(text=text))
        passages.append({"doc": doc.id, "embed": embed, "body": len(embed) - len(text),
                         "heading": index.chunk_heading(cid), "row": row})
        by_doc.setdefault(row, []).append(cid)

    def negative(cid: int) -> int | None:
        siblings = by_doc[passages[cid]["row"]]
        heading = passages[cid]["heading"]
        far = [s for s in siblings if abs(s - cid) >= 2]
        other = [s for s in far if passages[s]["heading"] != heading] if heading else []
        pool = other or far
        return rng.choice(pool) if pool else None

    pairs: list[dict] = []
    for cid, passage in enumerate(passages):
        body = passage["embed"][passage["body"]:]
        spans = _query_sentences(body, boilerplate)
        for start, end in rng.sample(spans, min(MAX_ICT_PER_PASSAGE, len(spans))):
            neg = negative(cid)
            if neg is None:
                continue
            keep = rng.random() < ICT_KEEP
            cut = None if keep else [passage["body"] + start, passage["body"] + end]
            pairs.append({"kind": "ict", "passage": cid, "query": body[start:end].strip(), "cut": cut, "negative": neg})
    seen: dict[tuple[int, str], int] = {}
    for cid, passage in enumerate(passages):
        heading = passage["heading"].strip()
        if len(_WORD.findall(heading)) < 3:
            continue
        key = (passage["row"], heading)
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 2:  # at most two passages per section
            continue
        neg = negative(cid)
        if neg is None:
            continue
        authority = index.documents[passage["row"]].authority
        pairs.append({"kind": "heading", "passage": cid, "query": f"{authority}: {heading}", "cut": None, "negative": neg})
    rng.shuffle(pairs)
    return passages, pairs


def qrels(index, name: str, collapsed: list[str]) -> list[dict]:
    """Relevant passage indices per answerable single-letter question of eval/questions/<name>.jsonl;
    collapsed[i]: passage i's text with white space collapsed (eval.relevance.collapse_ws)."""
    out = []
    for q in load_questions(ROOT / "eval" / "questions" / f"{name}.jsonl"):
        if not q.answerable or q.is_list or q.doc not in index.doc_row:
            continue
        judge = RelevanceJudge(q.doc, q.evidence, index.document(q.doc).text)
        relevant = set(relevant_chunks_in_doc(index, judge))
        needles = [collapse_ws(e) for e in q.evidence if e.strip()]
        if needles:  # pooled as `isearch eval` does: any passage holding an evidence string
            relevant.update(cid for cid, text in enumerate(collapsed) if any(n in text for n in needles))
        out.append({"id": q.id, "question": q.question, "doc": q.doc, "relevant": sorted(relevant)})
    return out


def _write_xz(path: Path, rows: list[dict]) -> None:
    with lzma.open(path, "wt", encoding="utf-8", preset=6) as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index-dir", default=".isearch/index")
    parser.add_argument("--out", required=True)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    index = open_index(args.index_dir)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    passages, pairs = mine_pairs(index, random.Random(args.seed))
    _write_xz(out / "passages.jsonl.xz", [{"doc": p["doc"], "embed": p["embed"], "body": p["body"]} for p in passages])
    _write_xz(out / "pairs.jsonl.xz", pairs)
    collapsed = [collapse_ws(index.chunk_text(cid)) for cid in range(len(index))]
    sets = {name: qrels(index, name, collapsed) for name in QUESTION_SETS}
    (out / "qrels.json").write_text(json.dumps(sets), encoding="utf-8")
    kinds = {k: sum(p["kind"] == k for p in pairs) for k in ("ict", "heading")}
    print(f"{len(passages)} passages, {len(pairs)} pairs {kinds}, "
          + ", ".join(f"{k}: {len(v)} questions" for k, v in sets.items()), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
