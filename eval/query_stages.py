"""Where a query's time goes on a real index, stage by stage (issue 12's latency targets).

    python -m eval.query_stages [INDEX_DIR]

Times `ask` and then `search` for each of the 60 dev questions (the query-embedding cache
cleared before each), twice: the first pass meets most passages for the first time (the second
stage's per-passage analysis and answer sentences are cached per passage text, search/rerank.py
passage_profile, indexer.chunk.sentence_units); the second pass is the steady state of a
running app. Prints ms per question for each stage and the p50 of ask and search.
"""
import collections
import json
import statistics
import sys
import time
from pathlib import Path

import search.answer
import search.index as si
from search import open_index

ROOT = Path(__file__).resolve().parents[1]
STAGES = (("embed_query", "embed"), ("_dense", "dense"), ("_dense_exact", "dense_exact"), ("_keyword", "kw_top"),
          ("_doc_boost", "boost"), ("stated_grade", "stated"), ("_hit", "hit"), ("_search", "_search"),
          ("topic_similarity", "topic"))


def timed(times: dict[str, list[float]], owner, name: str, label: str) -> None:
    """Replace owner.name by a wrapper that appends each call's milliseconds to times[label]."""
    inner = getattr(owner, name)

    def wrapper(*args, **kwargs):
        began = time.perf_counter()
        try:
            return inner(*args, **kwargs)
        finally:
            times[label].append((time.perf_counter() - began) * 1000)

    setattr(owner, name, wrapper)


def main(argv: list[str]) -> int:
    index = open_index(argv[0] if argv else ROOT / ".isearch" / "index")
    questions = [json.loads(line)["question"] for line in (ROOT / "eval/questions/dev.jsonl").read_text().splitlines()]
    times: dict[str, list[float]] = collections.defaultdict(list)
    for name, label in STAGES:
        timed(times, index, name, label)
    timed(times, index.bm25, "scores", "bm25")
    for module, name, label in ((si, "apply_reranker", "rerank"), (si, "analyse", "analyse"),
                                (si, "query_terms", "query_terms"), (search.answer, "compose_answer", "compose")):
        timed(times, module, name, label)
    for question in questions[-5:]:  # load the model, warm the page cache
        index.ask(question)
    for label in ("first pass (passages mostly new)", "second pass (passages seen before)"):
        times.clear()
        ask, find = [], []
        for question in questions:
            index._query_cache.clear()
            began = time.perf_counter()
            index.ask(question)
            ask.append((time.perf_counter() - began) * 1000)
        for question in questions:
            index._query_cache.clear()
            began = time.perf_counter()
            index.search(question, k=10)
            find.append((time.perf_counter() - began) * 1000)
        print(label)
        calls = len(questions) * 2
        for stage, values in sorted(times.items(), key=lambda item: -sum(item[1])):
            print(f"  {stage:12s} calls/question {len(values) / calls:4.1f}  ms/question {sum(values) / calls:6.2f}")
        print(f"  ask p50 {statistics.median(ask):.2f} ms, search p50 {statistics.median(find):.2f} ms "
              f"(search runs after ask in each pass)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
