"""`isearch bench` / `python -m eval.bench`: where the time and memory go, measured side by side.

Benchmarks print figures; they are not timed tests. One run measures:
  1. indexing: chunks/s of the real build against a bare `model.encode` of the same passages,
     and the time of a no-change re-index of the real index (a subprocess, as a user runs it);
  2. query latency p50/p95 after warm-up for keyword, dense and hybrid on the real index and
     on synthetic indexes (eval/bench_synth.py), with a per-stage breakdown; FAISS flat
     against HNSW (recall@10 against flat, and speed) at each size;
  3. our BM25 against rank_bm25's `BM25Okapi.get_scores` on the same chunks (ratio, and
     whether scores and the top 10 are identical);
  4. resident memory of an opened index at each size (a fresh process, /proc/self/status);
  5. cold start: process start to first answer of `isearch ask`.
Results go to eval/BENCHMARKS.md (between the bench markers; notes outside them are kept)
with a latency plot, and the raw figures to .isearch/bench/results.json.
"""
from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from eval.bench_synth import BENCH_DIR, ROOT, SynthSpec, flat_vectors, synthetic_tokens, write_synthetic_index
from indexer.vectors import HNSW_STORAGE

MODES = ("keyword", "dense", "hybrid")
QUESTIONS = ROOT / "eval" / "questions" / "dev.jsonl"
WARM_UP = ("children's services", "agency staff turnover", "front door delays in Tameside",
           "quality of care leavers' pathway plans", "management oversight of child protection")
GOALS = {"overhead_pct": 15.0, "reindex_s": 5.0, "hybrid_p50_ms": {100_000: 30.0, 1_000_000: 100.0},
         "bm25_ratio": 100.0, "rss_mib_1e6": 2560.0, "recall_at_10": 0.95}


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ---- small helpers ---------------------------------------------------------
def machine_info() -> dict:
    """Cores, CPU model, memory, date and library versions; the load average says whether others ran."""
    model = ""
    with open("/proc/cpuinfo", encoding="ascii", errors="replace") as handle:
        for line in handle:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo", encoding="ascii") as handle:
        mem_kib = int(handle.readline().split()[1])
    import faiss

    return {
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cores": os.cpu_count(), "usable_cores": len(os.sched_getaffinity(0)), "cpu": model,
        "memory_gib": round(mem_kib / 2**20, 1), "python": platform.python_version(),
        "faiss": faiss.__version__, "numpy": np.__version__, "faiss_threads": faiss.omp_get_max_threads(),
        "loadavg_start": [round(x, 2) for x in os.getloadavg()],
    }


def questions(path: Path = QUESTIONS) -> list[str]:
    """The query set: every question of the dev set (realistic wording, authorities, dates)."""
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line)["question"] for line in handle if line.strip()]


def summary(ms: list[float]) -> dict:
    """p50, p95 and mean of a list of milliseconds."""
    if not ms:
        return {"n": 0, "p50": None, "p95": None, "mean": None}
    return {"n": len(ms), "p50": round(float(np.percentile(ms, 50)), 3),
            "p95": round(float(np.percentile(ms, 95)), 3), "mean": round(statistics.fmean(ms), 3)}


def _timed(fn, *args, **kwargs) -> tuple[object, float]:
    began = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, (time.perf_counter() - began) * 1000


# ---- 1. indexing -------------------------------------------------------------
def sample_corpus(passages: int, folder: Path, corpus: Path = ROOT / "corpus", seed: int = 0) -> list[Path]:
    """Copy randomly chosen real letters into `folder` until they hold about `passages` chunks."""
    import random

    from indexer.chunk import chunk_text
    from indexer.load import load_document

    folder.mkdir(parents=True, exist_ok=True)
    files = sorted(corpus.glob("*.txt"))
    random.Random(seed).shuffle(files)
    total = 0
    chosen = []
    for path in files:
        if total >= passages:
            break
        doc, _ = load_document(path)
        total += len(chunk_text(doc.id, doc.text))
        shutil.copy(path, folder / path.name)
        chosen.append(folder / path.name)
    return chosen


def bench_indexing(passages: int = 400, repeats: int = 2) -> dict:
    """The real build (empty embedding cache, encoder already loaded) against a bare
    `encoder.encode` of exactly the passages that build embedded; best of `repeats` each.
    The build's encoder: the ONNX fp32 export on every core (indexer.embed.passage_encoder)."""
    from indexer.build import build_index
    from indexer.embed import passage_encoder, passage_text
    from search.index import open_index

    from indexer.config import encoder_dir

    # the temporary indexes share the exported encoder rather than each exporting their own
    os.environ.setdefault("ISEARCH_ENCODER_DIR", str(encoder_dir().resolve()))
    model = passage_encoder()
    with tempfile.TemporaryDirectory(prefix="isearch-bench-") as tmp:
        tmp = Path(tmp)
        sample_corpus(passages, tmp / "corpus")
        build_s, encode_s, texts = [], [], []
        for attempt in range(repeats):
            cache = tmp / f"cache-{attempt}.sqlite"
            index_dir = tmp / f"index-{attempt}"
            began = time.perf_counter()
            report = build_index([tmp / "corpus"], index_dir, cache_path=cache, progress=False, log=lambda *_: None)
            build_s.append(time.perf_counter() - began)
            if not texts:
                index = open_index(index_dir)
                texts = [passage_text(index.documents[index.chunk_doc[i]],
                                      _chunk(index, i)) for i in range(len(index))]
                del index
            began = time.perf_counter()
            model.encode(sorted(texts, key=len, reverse=True), batch_size=32)  # longest first, as the build
            encode_s.append(time.perf_counter() - began)
            log(f"  indexing attempt {attempt + 1}: build {build_s[-1]:.1f}s, encode {encode_s[-1]:.1f}s "
                f"({report.chunks} chunks, {report.embedded} embedded)")
    n = len(texts)
    best_build, best_encode = min(build_s), min(encode_s)
    return {"documents": report.documents, "chunks": n, "embedded": report.embedded,
            "build_s": [round(s, 2) for s in build_s], "encode_s": [round(s, 2) for s in encode_s],
            "build_chunks_per_s": round(n / best_build, 2), "encode_chunks_per_s": round(n / best_encode, 2),
            "overhead_pct": round(100 * (best_build / best_encode - 1), 1)}


def _chunk(index, i: int):
    from indexer.schema import Chunk

    doc = index.documents[index.chunk_doc[i]]
    start, end = int(index.chunk_start[i]), int(index.chunk_end[i])
    return Chunk(doc.id, start, end, index.chunk_text(i), index.chunk_heading(i))


def index_is_current(index_dir: Path, corpus: Path = ROOT / "corpus") -> tuple[bool, str]:
    """Would `isearch index corpus` find nothing to do? (Checked first, so the benchmark never
    starts a real rebuild of a stale index.)"""
    from indexer import store
    from indexer.config import MODEL_ID, settings_dict
    from indexer.load import file_hash, scan_paths

    try:
        manifest = store.read_manifest(index_dir)
    except store.IndexStoreError as exc:
        return False, str(exc)
    if manifest.get("settings") != settings_dict() or manifest.get("model", {}).get("id") != MODEL_ID:
        return False, "index built with other settings"
    known = {k: v["hash"] for k, v in manifest.get("documents", {}).items()}
    skipped = {v.get("hash") for v in manifest.get("skipped", {}).values()}
    for path in scan_paths([corpus]).files:
        digest = file_hash(path)
        if known.get(path.stem) != digest and digest not in skipped:
            return False, f"{path.name} is new or changed since the index was built"
    return True, ""


def bench_reindex(index_dir: Path, repeats: int = 3) -> dict:
    """Wall time of `isearch index corpus` when nothing changed (process start to exit)."""
    current, why = index_is_current(index_dir)
    if not current:
        return {"skipped": f"real index not up to date ({why})"}
    command = [str(Path(sys.executable).with_name("isearch")), "index", "corpus", "--index-dir", str(index_dir), "-q"]
    times, output = [], ""
    for _ in range(repeats):
        began = time.perf_counter()
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
        times.append(time.perf_counter() - began)
        output = done.stdout.strip()
        if done.returncode != 0 or "up to date" not in output:
            return {"skipped": f"unexpected output: {output or done.stderr.strip()}"}
    return {"runs_s": [round(t, 2) for t in times], "median_s": round(statistics.median(times), 2), "output": output}


# ---- 2. query latency --------------------------------------------------------
def bench_queries(index, queries: list[str], repeats: int = 3, modes=MODES) -> dict:
    """p50/p95 of `index.search(q, k=10, mode)` per mode, after warm-up.

    The query-embedding cache is emptied before every timed search, so dense and hybrid
    include embedding the question, as a new user question would."""
    for mode in modes:  # warm-up: model loaded, pages touched, caches filled
        for query in WARM_UP:
            index.search(query, k=10, mode=mode)
    out = {}
    for mode in modes:
        ms = []
        for _ in range(repeats):
            for query in queries:
                index._query_cache.clear()
                ms.append(_timed(index.search, query, k=10, mode=mode)[1])
        out[mode] = summary(ms)
    return out


def stage_breakdown(index, queries: list[str]) -> dict:
    """Median milliseconds of each stage of a hybrid search, timed one by one."""
    from search.glossary import expand_keyword_query
    from search.query import analyse

    stages: dict[str, list[float]] = {k: [] for k in ("analyse", "embed", "bm25_tokens", "bm25_scores", "faiss_search", "total")}
    for query in queries:
        stages["analyse"].append(_timed(analyse, query)[1])
        index._query_cache.clear()
        vector, ms = _timed(index.embed_query, query)
        stages["embed"].append(ms)
        tokens, ms = _timed(expand_keyword_query, query)
        stages["bm25_tokens"].append(ms)
        stages["bm25_scores"].append(_timed(index.bm25.scores, tokens)[1])
        stages["faiss_search"].append(_timed(index.faiss.search, vector.reshape(1, -1), 100)[1])
        index._query_cache.clear()
        stages["total"].append(_timed(index.search, query, k=10, mode="hybrid")[1])
    out = {k: round(statistics.median(v), 3) for k, v in stages.items()}
    out["other"] = round(out["total"] - sum(v for k, v in out.items() if k != "total"), 3)
    return out


def query_vectors(queries: list[str]) -> np.ndarray:
    from indexer.embed import encode

    return encode(queries)


def _search_ms(index, vectors: np.ndarray, k: int, repeats: int) -> tuple[np.ndarray, list[float]]:
    ids = np.zeros((len(vectors), k), dtype=np.int64)
    ms = []
    for _ in range(repeats):
        for row, vector in enumerate(vectors):
            (_, found), t = _timed(index.search, vector.reshape(1, -1), k)
            ids[row] = found[0]
            ms.append(t)
    return ids, ms


def recall_at(found: np.ndarray, truth: np.ndarray) -> float:
    """Mean share of the exact top-k that an approximate search found."""
    return float(np.mean([len(set(a) & set(b)) / len(b) for a, b in zip(found, truth)]))


def hnsw_file(m: int, ef_construction: int, storage: str) -> str:
    """File name of a cached HNSW index (float32 ones keep the name they had before fp16)."""
    return f"hnsw-M{m}-efc{ef_construction}" + ("" if storage == "fp32" else f"-{storage}") + ".faiss"


def hnsw_for(flat, cache: Path | None, m: int, ef_construction: int, storage: str = HNSW_STORAGE) -> tuple[object, float]:
    """An HNSW index over the flat index's vectors, built as the indexer builds one (read from
    `cache` when built before)."""
    import faiss

    from indexer.vectors import new_hnsw

    path = cache / hnsw_file(m, ef_construction, storage) if cache else None
    meta = path.with_suffix(".json") if path else None
    if path and path.exists() and meta.exists():
        return faiss.read_index(str(path)), json.loads(meta.read_text())["build_s"]
    index = new_hnsw(m, ef_construction, storage)
    threads = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(os.cpu_count() or 1)  # as `isearch index` builds (opening an Index sets 1)
    began = time.perf_counter()
    try:
        for start in range(0, flat.ntotal, 100_000):
            index.add(flat.reconstruct_n(start, min(100_000, flat.ntotal - start)))
    finally:
        faiss.omp_set_num_threads(threads)
    build_s = time.perf_counter() - began
    if path:
        faiss.write_index(index, str(path))
        meta.write_text(json.dumps({"build_s": build_s}))
    return index, build_s


def bench_ann(flat, vectors: np.ndarray, cache: Path | None, repeats: int = 3,
              configs=((32, 80, "fp32"), (32, 80, "fp16")), ef_search=(64, 128, 256, 512),
              k: int | None = None) -> dict:
    """FAISS flat against HNSW on the same vectors: build time, latency, recall against flat.

    Searches ask for k = the fusion's candidate depth (what `Index.search` asks FAISS for);
    recall@10 compares the first 10 with flat's first 10, recall@k the whole lists.
    (FAISS searches HNSW with max(efSearch, k).)"""
    from search.fuse import FusionSettings

    k = min(k or FusionSettings().candidates, flat.ntotal)
    truth, flat_ms = _search_ms(flat, vectors, k, repeats)
    out = {"k": k, "flat": {"latency_ms": summary(flat_ms)}, "hnsw": []}
    for m, efc, storage in configs:
        index, build_s = hnsw_for(flat, cache, m, efc, storage)
        for ef in ef_search:
            index.hnsw.efSearch = ef
            found, ms = _search_ms(index, vectors, k, repeats)
            out["hnsw"].append({"M": m, "efConstruction": efc, "storage": storage, "efSearch": ef,
                                "build_s": round(build_s, 1),
                                "latency_ms": summary(ms), "recall_at_10": round(recall_at(found[:, :10], truth[:, :10]), 4),
                                "recall_at_k": round(recall_at(found, truth), 4)})
        del index
    return out


# ---- 3. BM25 against rank_bm25 ----------------------------------------------------
def reference_bm25(tokens: list[list[str]], idf: str):
    """rank_bm25.BM25Okapi over `tokens`, its idf replaced by Lucene's,
    log(1 + (N - df + 0.5) / (df + 0.5)), when `idf` is "lucene" (the index's setting)."""
    import rank_bm25

    if idf != "lucene":
        return rank_bm25.BM25Okapi(tokens)

    class LuceneBM25(rank_bm25.BM25Okapi):
        def _calc_idf(self, nd):
            self.idf = {word: math.log(1 + (self.corpus_size - freq + 0.5) / (freq + 0.5)) for word, freq in nd.items()}

    return LuceneBM25(tokens)


def bench_bm25(index, tokens: list[list[str]], queries: list[str], repeats: int = 3) -> dict:
    """Our keyword search (BM25Index.top_k over CSR postings, and the whole keyword
    `index.search`) against rank_bm25's get_scores on the same token lists (with the index's
    idf). Scores count as identical within 1e-9 (Lucene's idf is computed in another order)."""
    from search.glossary import expand_keyword_query

    began = time.perf_counter()
    reference = reference_bm25(tokens, index.bm25.settings.idf)
    reference_build_s = time.perf_counter() - began
    query_tokens = [expand_keyword_query(q) for q in queries]
    identical_scores = identical_top10 = 0
    ref_ms, ours_ms, search_ms = [], [], []
    for q, toks in zip(queries, query_tokens):
        expected, ms = _timed(reference.get_scores, toks)
        ref_ms.append(ms)
        identical_scores += bool(np.allclose(index.bm25.scores(toks), expected, rtol=0, atol=1e-9))
        positive = np.flatnonzero(expected > 0)
        best = positive[np.lexsort((positive, -expected[positive]))][:10]
        rows, _ = index.bm25.top_k(toks, 10)
        identical_top10 += list(rows) == list(best)
        for _ in range(repeats):
            ours_ms.append(_timed(index.bm25.top_k, toks, 10)[1])
            search_ms.append(_timed(index.search, q, k=10, mode="keyword")[1])
    ref, ours, search = summary(ref_ms), summary(ours_ms), summary(search_ms)
    return {"chunks": len(tokens), "queries": len(queries), "rank_bm25_build_s": round(reference_build_s, 1),
            "rank_bm25_ms": ref, "top_k_ms": ours, "keyword_search_ms": search,
            "ratio_top_k": round(ref["p50"] / ours["p50"], 1), "ratio_keyword_search": round(ref["p50"] / search["p50"], 1),
            "identical_scores": f"{identical_scores}/{len(queries)}", "identical_top10": f"{identical_top10}/{len(queries)}"}


def real_tokens(index) -> list[list[str]]:
    """BM25 token lists of the real index's chunks, as the build made them."""
    from indexer.build import keyword_document

    return [keyword_document(index.documents[index.chunk_doc[i]], _chunk(index, i)) for i in range(len(index))]


# ---- 4 and 5. memory and cold start (fresh processes) ---------------------------
def probe(index_dir: Path, query: str, mode: str = "hybrid", warm: int = 0) -> dict:
    """Memory and stage times of a fresh process that opens the index and runs one query
    (then `warm` more: the steady state)."""
    done = subprocess.run([sys.executable, "-m", "eval.bench_probe", str(index_dir), query, mode, str(warm)],
                          cwd=ROOT, capture_output=True, text=True, timeout=900)
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit {done.returncode}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def bench_cold_start(index_dir: Path, question: str, repeats: int = 3) -> dict:
    """Wall time from process start to the printed answer of `isearch ask` (page cache warm after the first)."""
    command = [str(Path(sys.executable).with_name("isearch")), "ask", question, "--index-dir", str(index_dir)]
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
        times.append(time.perf_counter() - began)
        if done.returncode not in (0, 1):
            return {"error": done.stderr.strip()}
    stages = probe(index_dir, question)
    return {"runs_s": [round(t, 2) for t in times], "median_s": round(statistics.median(times), 2),
            "stages_s": {k: round(stages[k], 2) for k in ("import_s", "open_s", "first_query_s") if k in stages}}


# ---- the run -------------------------------------------------------------------
def synthetic_index(size: int, seed: int = 0) -> tuple[Path, Path]:
    """The cached synthetic index of `size` chunks and its vectors folder (built on first use).

    The vectors folder holds the exact flat index and any HNSW built over it, so they
    survive a change of the tokeniser (which only rebuilds text and BM25)."""
    import faiss

    from indexer.schema import INDEX_FILES
    from indexer.vectors import HNSW_EF_CONSTRUCTION, HNSW_M, index_type_for

    spec = SynthSpec(size, seed)
    kind = index_type_for(size)  # what the indexer would build for this many chunks
    folder = BENCH_DIR / (f"{spec.name}-" + (f"hnsw{HNSW_M}x{HNSW_EF_CONSTRUCTION}-{HNSW_STORAGE}"
                                            if kind == "hnsw" else kind))
    vectors_dir = BENCH_DIR / spec.vectors_name
    if not all((folder / name).exists() for name in ("manifest.json", *INDEX_FILES)):  # missing, or an older layout
        log(f"building synthetic index of {size:,} chunks in {folder}")
        began = time.perf_counter()
        flat_path = flat_vectors(spec, vectors_dir / "flat.faiss")
        vectors_file = flat_path
        if kind == "hnsw":
            _, build_s = hnsw_for(faiss.read_index(str(flat_path)), vectors_dir, HNSW_M, HNSW_EF_CONSTRUCTION,
                                  HNSW_STORAGE)
            log(f"  HNSW built in {build_s:.0f}s")
            vectors_file = vectors_dir / hnsw_file(HNSW_M, HNSW_EF_CONSTRUCTION, HNSW_STORAGE)
        tmp = folder.with_name(folder.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        write_synthetic_index(spec, tmp, vectors_file, log=log)
        log(f"  done in {time.perf_counter() - began:.0f}s")
        shutil.rmtree(folder, ignore_errors=True)
        os.replace(tmp, folder)
    return folder, vectors_dir


def bench_index(label: str, index_dir: Path, queries: list[str], vectors: np.ndarray, repeats: int,
                ann_cache: Path | None, bm25: bool) -> dict:
    """Every per-index figure: open time, latency per mode, stages, flat vs HNSW, BM25, memory.

    `ann_cache`: where HNSW indexes over these vectors are kept (and flat.faiss, if there)."""
    from search import open_index

    log(f"[{label}] opening {index_dir}")
    index, open_ms = _timed(open_index, index_dir)
    result = {"label": label, "chunks": len(index), "documents": len(index.documents),
              "faiss": index.manifest.get("faiss"), "open_s": round(open_ms / 1000, 2)}
    log(f"[{label}] query latency ({len(index):,} chunks, {result['faiss']})")
    result["latency_ms"] = bench_queries(index, queries, repeats)
    result["stages_ms"] = stage_breakdown(index, queries)
    log(f"[{label}] {json.dumps(result['latency_ms'])}")
    flat = _flat_copy(index, ann_cache)
    log(f"[{label}] flat vs HNSW")
    result["ann"] = bench_ann(flat, vectors, ann_cache, repeats)
    if index.manifest.get("faiss") != "flat":  # end-to-end with exact search instead
        chosen, index.faiss = index.faiss, flat
        result["latency_ms_flat"] = bench_queries(index, queries, 1, modes=("dense", "hybrid"))
        index.faiss = chosen
    del flat
    if bm25:
        log(f"[{label}] BM25 against rank_bm25")
        tokens = real_tokens(index) if label == "real" else synthetic_tokens(index_dir)
        result["bm25"] = bench_bm25(index, tokens, queries, repeats)
        del tokens
    del index
    gc.collect()
    log(f"[{label}] memory (fresh process)")
    result["memory"] = probe(index_dir, queries[0], warm=len(queries))
    return result


def _flat_copy(index, cache: Path | None = None):
    """An exact flat index over the same vectors (the index itself when it is flat)."""
    import faiss

    from indexer.config import MODEL_DIM

    if isinstance(index.faiss, faiss.IndexFlat):
        return index.faiss
    if cache and (cache / "flat.faiss").exists():
        return faiss.read_index(str(cache / "flat.faiss"))
    flat = faiss.IndexFlatIP(MODEL_DIM)
    for start in range(0, index.faiss.ntotal, 100_000):
        flat.add(index.faiss.reconstruct_n(start, min(100_000, index.faiss.ntotal - start)))
    return flat


def run(sizes: list[int], index_dir: Path, quick: bool = False, sections: set[str] | None = None) -> dict:
    """Every benchmark; returns the results dict that `write_report` renders."""
    sections = sections or {"indexing", "reindex", "real", "synthetic", "cold"}
    queries = questions()
    repeats = 1 if quick else 3
    results: dict = {"machine": machine_info(), "quick": quick, "sizes": sizes, "queries": len(queries),
                     "goals": {k: v for k, v in GOALS.items()}}
    real_ok = (index_dir / "manifest.json").exists()
    if "indexing" in sections:
        log("indexing: build against bare encode")
        results["indexing"] = bench_indexing(60 if quick else 400, 1 if quick else 2)
    if "reindex" in sections:
        results["reindex"] = bench_reindex(index_dir, 1 if quick else 3) if real_ok else {"skipped": f"no index at {index_dir}"}
    vectors = query_vectors(queries)
    results["indexes"] = []
    if "real" in sections and real_ok:
        results["indexes"].append(bench_index("real", index_dir, queries, vectors, repeats, None, bm25=True))
    if "synthetic" in sections:
        for size in sizes:
            folder, vectors_dir = synthetic_index(size)
            results["indexes"].append(bench_index(f"synthetic {size:,}", folder, queries, vectors, repeats,
                                                  vectors_dir, bm25=size <= 100_000))
    if "cold" in sections:
        results["cold_start"] = bench_cold_start(index_dir, queries[0], 1 if quick else 3) if real_ok else {"skipped": f"no index at {index_dir}"}
    results["machine"]["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
    return results


def run_cli(args) -> int:
    """Entry point of `isearch bench`: run, write the report and the plot, print where."""
    from eval.bench_report import write_report
    from indexer.config import default_index_dir

    try:
        sizes = [int(s.replace("_", "")) for s in str(args.sizes).split(",") if s.strip()]
    except ValueError:
        print(f"isearch: error: --sizes must be comma-separated whole numbers, got {args.sizes!r}", file=sys.stderr)
        return 2
    quick = bool(getattr(args, "quick", False))
    if quick and getattr(args, "sizes", None) == "100000,1000000":
        sizes = [10_000]
    index_dir = Path(args.index_dir) if getattr(args, "index_dir", None) else ROOT / default_index_dir()
    out = Path(getattr(args, "out", None) or "eval/BENCHMARKS.md")
    if quick and out == Path("eval/BENCHMARKS.md"):
        out = Path("eval/out/BENCHMARKS.quick.md")  # a smoke run never overwrites the real figures
    sections = set(getattr(args, "sections", "") .split(",")) - {""} if getattr(args, "sections", None) else None
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    results = run(sizes, index_dir, quick, sections)
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    (BENCH_DIR / ("results.quick.json" if quick else "results.json")).write_text(json.dumps(results, indent=1))
    write_report(results, out)
    print(f"wrote {out}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--index-dir", help="the real index (default: $ISEARCH_INDEX or .isearch/index)")
    parser.add_argument("--sizes", default="100000,1000000", help="synthetic index sizes in chunks")
    parser.add_argument("--quick", action="store_true", help="small sizes and few repeats (smoke run)")
    parser.add_argument("--out", default="eval/BENCHMARKS.md", help="where to write the results")
    parser.add_argument("--sections", help="comma-separated subset of: indexing,reindex,real,synthetic,cold")
    return run_cli(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
