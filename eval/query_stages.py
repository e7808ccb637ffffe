"""Where a query's time goes on a real index, stage by stage (issue 12's latency targets).

    python -m eval.query_stages [INDEX_DIR] [--questions FILE] [--stages] [--json]
    python -m eval.query_stages [INDEX_DIR] --against OTHER_TREE [--other-index DIR] [--rounds 3]

Runs `ask` and then `search` (k=10) for each question (default the 60 dev questions; the
query-embedding cache cleared before each call), twice in one process: the first pass meets
most passages for the first time (the second stage's per-passage analysis is cached per passage
text: search/rerank.py passage_profile, or read from the stored token ids on a format 5 index:
search/passage_terms.py; the answers' sentence units and the councils' name
vectors are read from the index, format 4, or computed and cached on a format 3 index); the
second pass is the steady state of a running app. Prints
p50 and p90 of ask and search per pass, and the process's open time and RSS.

--stages also times each stage (ms per call of ask or search, by wrapping the functions named
in STAGES: the wrappers cost some time of their own, so the p50s of a --stages run are a little
higher). --against runs this tree and OTHER_TREE (another checkout, e.g. `git worktree` of an
older commit: its search/ and indexer/ are imported, this file runs) in fresh processes alternately, `--rounds` times each, and prints both side by
side with the load average: before/after figures taken in the same run on a shared machine.
--other-index gives OTHER_TREE its own index (the same corpus built by that tree, when the two
trees write different index formats).
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_QUESTIONS = ROOT / "eval" / "questions" / "dev.jsonl"
STAGES = (("embed_query", "embed"), ("_dense", "dense"), ("_dense_exact", "dense_exact"), ("_keyword", "kw_top"),
          ("_doc_boost", "boost"), ("stated_grade", "stated"), ("_hit", "hit"), ("searched", "_search"),
          ("_search", "_search"),  # (an older tree: Index.searched was Index._search)
          ("topic_similarity", "topic"), ("name_vector", "name_vector"), ("passage_units", "units"))
PASSES = ("first", "second")


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


def rss_mib() -> float:
    """This process's resident set size in MiB (VmRSS, /proc/self/status; 0.0 where there is none)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def percentile(values: list[float], share: float) -> float:
    """The value at `share` (0-1) of the sorted values (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def measure(index_dir: Path, questions: list[str], stages: bool) -> dict:
    """Open the index, warm up on 5 questions, then two passes of ask + search per question.
    Returns {"open_s", "rss_mib_open", "rss_mib_end", "passes": {pass: {"ask": [ms], "search": [ms],
    "stages": {label: ms per call of ask or search, "label/calls": calls per call}}}}."""
    import search.answer
    import search.index as si
    from search import open_index

    began = time.perf_counter()
    index = open_index(index_dir)
    result: dict = {"open_s": round(time.perf_counter() - began, 3), "rss_mib_open": round(rss_mib(), 1), "passes": {}}
    times: dict[str, list[float]] = collections.defaultdict(list)
    if stages:
        for name, label in STAGES:
            if hasattr(index, name):  # (an older tree may not have every stage)
                timed(times, index, name, label)
        timed(times, index.bm25, "scores", "bm25")
        for module, name, label in ((si, "apply_reranker", "rerank"), (si, "analyse", "analyse"),
                                    (si, "query_terms", "query_terms"), (search.answer, "compose_answer", "compose")):
            timed(times, module, name, label)
    for question in questions[-5:]:  # load the model, warm the page cache
        index.ask(question)
    for label in PASSES:
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
        calls = len(questions) * 2
        per_stage = {stage: sum(values) / calls for stage, values in times.items()}
        per_stage.update({f"{stage}/calls": len(values) / calls for stage, values in times.items()})
        result["passes"][label] = {"ask": ask, "search": find, "stages": per_stage}
    result["rss_mib_end"] = round(rss_mib(), 1)
    return result


def summary(result: dict) -> dict[str, float]:
    """p50 and p90 of ask and search per pass, in ms, e.g. {"first ask p50": 24.1, ...}."""
    out = {}
    for label, data in result["passes"].items():
        for call in ("ask", "search"):
            out[f"{label} {call} p50"] = round(statistics.median(data[call]), 2)
            out[f"{label} {call} p90"] = round(percentile(data[call], 0.9), 2)
    return out


def report(result: dict) -> None:
    """Print what `measure` returned."""
    print(f"open {result['open_s']:.3f} s, RSS {result['rss_mib_open']:.0f} MiB after open, "
          f"{result['rss_mib_end']:.0f} MiB at the end")
    for label, data in result["passes"].items():
        print(f"{label} pass ({'passages mostly new' if label == 'first' else 'passages seen before'})")
        stages = {k: v for k, v in data["stages"].items() if "/" not in k}
        for stage, ms in sorted(stages.items(), key=lambda item: -item[1]):
            print(f"  {stage:12s} calls/question {data['stages'][stage + '/calls']:4.1f}  ms/question {ms:6.2f}")
        s = summary({"passes": {label: data}})
        print(f"  ask p50 {s[f'{label} ask p50']:.2f} p90 {s[f'{label} ask p90']:.2f} ms, search p50 "
              f"{s[f'{label} search p50']:.2f} p90 {s[f'{label} search p90']:.2f} ms (search runs after ask in each pass)")


def against(index_dir: Path, other: Path, rounds: int, questions: Path, stages: bool,
            other_index: Path | None = None) -> int:
    """Run this tree and `other` alternately in fresh processes; print their figures side by side.
    `other_index`: the index `other` opens (default `index_dir`)."""
    trees = {"this": ROOT, "other": other.resolve()}
    indexes = {"this": index_dir, "other": other_index or index_dir}
    runs: dict[str, list[dict]] = {name: [] for name in trees}
    loads = [os.getloadavg()]
    for _ in range(rounds):
        for name, tree in trees.items():
            # this file, with the other tree's search/ and indexer/ first on the path
            command = [sys.executable, str(Path(__file__).resolve()), str(indexes[name]), "--questions", str(questions),
                       "--json"]
            if stages:
                command.append("--stages")
            done = subprocess.run(command, cwd=tree, capture_output=True, text=True, check=False,
                                  env={**os.environ, "PYTHONPATH": str(tree)})
            if done.returncode != 0:
                print(f"{tree}: eval.query_stages failed: {done.stderr.strip().splitlines()[-1:]}", file=sys.stderr)
                return 1
            runs[name].append(json.loads(done.stdout))
            loads.append(os.getloadavg())
    print(f"{rounds} rounds, this = {ROOT} on {indexes['this']}, other = {trees['other']} on {indexes['other']}; "
          "load average (1, 5, 15 min) "
          f"before {tuple(round(x, 2) for x in loads[0])}, after each run: "
          + ", ".join(f"{x[0]:.2f}" for x in loads[1:]))
    keys = list(summary(runs["this"][0]))
    print(f"{'ms':22s} {'other: median (runs)':>34s} {'this: median (runs)':>34s}")
    for key in keys:
        columns = []
        for name in ("other", "this"):
            values = [summary(run)[key] for run in runs[name]]
            columns.append(f"{statistics.median(values):7.2f} ({', '.join(f'{v:.1f}' for v in values)})")
        print(f"{key:22s} {columns[0]:>34s} {columns[1]:>34s}")
    for field in ("open_s", "rss_mib_open", "rss_mib_end"):
        print(f"{field:22s} " + "  ".join(f"{name}: {statistics.median(r[field] for r in runs[name])}" for name in ("other", "this")))
    if stages:
        for label in PASSES:
            print(f"stages, {label} pass, ms per call of ask or search (median of rounds): other -> this")
            names = sorted({k for r in runs["this"] + runs["other"] for k in r["passes"][label]["stages"] if "/" not in k})
            for stage in names:
                before = statistics.median(r["passes"][label]["stages"].get(stage, 0.0) for r in runs["other"])
                after = statistics.median(r["passes"][label]["stages"].get(stage, 0.0) for r in runs["this"])
                print(f"  {stage:12s} {before:6.2f} -> {after:6.2f}")
    return 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("index_dir", nargs="?", default=ROOT / ".isearch" / "index", type=Path)
    parser.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS)
    parser.add_argument("--stages", action="store_true", help="time each stage too (adds wrapper overhead)")
    parser.add_argument("--json", action="store_true", help="print the raw figures as JSON")
    parser.add_argument("--against", type=Path, help="another checkout to run alternately with this one")
    parser.add_argument("--other-index", type=Path, help="the index the --against tree opens (default INDEX_DIR)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    questions = [json.loads(line)["question"] for line in args.questions.read_text(encoding="utf-8").splitlines()
                 if line.strip()]
    if args.against:
        return against(args.index_dir, args.against, args.rounds, args.questions, args.stages, args.other_index)
    result = measure(args.index_dir, questions, args.stages)
    if args.json:
        print(json.dumps(result))
    else:
        report(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
