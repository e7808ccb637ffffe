"""How long the councils view takes to compute: `python -m eval.councils_bench [CORPUS ...] [--repeat N]`.

The view is pure over the documents' metadata and the grades read from the letters
(search/councils.py), so it is measured on exactly what an index over CORPUS would hold,
without building one: every file is loaded and its grades read once, then council_rows, the
CSV and the app's table are computed `--repeat` times. Prints the median and slowest times (ms).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from indexer.judgements import read_judgements
from indexer.load import LoadError, load_document, scan_paths
from search.councils import council_rows, councils_csv
from search.export import letter_url


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.councils_bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="*", default=["corpus"])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    documents, judgements = [], {}
    for path in scan_paths([Path(p) for p in args.corpus]).files:
        try:
            doc, _ = load_document(path)
        except LoadError:
            continue
        documents.append(doc)
        areas = read_judgements(doc)
        if areas:
            judgements[doc.id] = areas
    load_s = time.perf_counter() - started
    from webapp.councils_view import councils_frame

    timings = {"council_rows": [], "councils_csv": [], "app table (DataFrame)": []}
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        rows = council_rows(documents, judgements)
        t1 = time.perf_counter()
        councils_csv(rows, link=letter_url)
        t2 = time.perf_counter()
        councils_frame(rows)
        t3 = time.perf_counter()
        timings["council_rows"].append((t1 - t0) * 1000)
        timings["councils_csv"].append((t2 - t1) * 1000)
        timings["app table (DataFrame)"].append((t3 - t2) * 1000)
    print(f"{len(documents)} documents, {len(judgements)} ILACS/SIF letters, {len(rows)} councils "
          f"(loading and reading grades, once: {load_s:.1f} s)")
    for name, values in timings.items():
        print(f"{name:24} median {statistics.median(values):7.2f} ms   max {max(values):7.2f} ms   ({args.repeat} runs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
