"""`python -m eval.bench_latency [--index-dir DIR]`: warm latency of hybrid search and ask on a real
index, with and without the second stage (search/rerank.py), over the dev questions x 3, the
query-vector cache cleared before each call (so every call embeds its query). Prints p50 / p95 ms.
A benchmark, not a test: figures depend on the machine and its load (printed)."""
from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path

from search import open_index

QUESTIONS = Path(__file__).resolve().parent / "questions" / "dev.jsonl"


def timed(index, fn, queries: list[str], repeats: int = 3) -> tuple[float, float]:
    """(p50, p95) in ms of fn(query) over `queries` x `repeats`."""
    ms = []
    for _ in range(repeats):
        for query in queries:
            index._query_cache.clear()
            began = time.perf_counter()
            fn(query)
            ms.append((time.perf_counter() - began) * 1000)
    ms.sort()
    return round(statistics.median(ms), 1), round(ms[int(len(ms) * 0.95)], 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index-dir", default=None)
    args = parser.parse_args()
    index = open_index(Path(args.index_dir) if args.index_dir else None)
    queries = [json.loads(line)["question"] for line in QUESTIONS.read_text(encoding="utf-8").splitlines()]
    for query in queries:
        index.search(query, k=10)  # warm-up: files mapped, encoder loaded
    print(f"load average before: {os.getloadavg()}")
    print("hybrid search p50 / p95 ms:", timed(index, lambda q: index.search(q, k=10), queries))
    print("ask p50 / p95 ms:", timed(index, index.ask, queries))
    reranker, index.reranker = index.reranker, None
    print("first stage only, hybrid search p50 / p95 ms:", timed(index, lambda q: index.search(q, k=10), queries))
    print("first stage only, ask p50 / p95 ms:", timed(index, index.ask, queries))
    index.reranker = reranker
    print("query embedding p50 / p95 ms:", timed(index, index.embed_query, queries))
    print(f"load average after: {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
