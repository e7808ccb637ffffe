"""Run in a fresh process by the benchmarks: open an index, answer one query, report memory and times.

`python -m eval.bench_probe INDEX_DIR "query" [MODE [N]]` prints one JSON object: resident
set size (VmRSS, with its anonymous and file-backed parts, and the peak VmHWM, from
/proc/self/status) after the imports, after `open_index`, after one search, and (with N)
after N more searches with the dev questions (memory-mapped pages are only counted once
touched, so this is the steady state); and the seconds each stage took.
"""
from __future__ import annotations

import json
import sys
import time

STARTED = time.perf_counter()


def memory() -> dict[str, float]:
    """VmRSS, RssAnon, RssFile and VmHWM of this process in MiB."""
    out = {}
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "RssAnon", "RssFile", "VmHWM"):
                out[key] = round(int(value.split()[0]) / 1024, 1)
    return out


def main(argv: list[str]) -> int:
    index_dir, query = argv[0], argv[1]
    mode = argv[2] if len(argv) > 2 else "hybrid"
    from search import open_index

    report = {"import_s": time.perf_counter() - STARTED, "after_import": memory()}
    began = time.perf_counter()
    index = open_index(index_dir)
    report["open_s"] = time.perf_counter() - began
    report["after_open"] = memory()
    began = time.perf_counter()
    hits = index.search(query, k=10, mode=mode)
    report["first_query_s"] = time.perf_counter() - began
    report["after_query"] = memory()
    if len(argv) > 3 and int(argv[3]) > 0:
        from eval.bench import questions

        for question in questions()[: int(argv[3])]:
            index.search(question, k=10, mode=mode)
        report["after_warm"] = memory()
        report["warm_queries"] = int(argv[3])
    report["hits"] = len(hits)
    report["chunks"] = len(index)
    report["faiss"] = type(index.faiss).__name__
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
