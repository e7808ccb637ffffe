"""`python -m eval.bench_encoder` (or `isearch bench --encoders`): the passage and query
encoders side by side on the same real passages.

sentence-transformers (torch, the reference) against the ONNX Runtime encoders of
indexer/encoder.py (fp32 export, int8 dynamic quantisation, int8-blockwise weight-only
quantisation) and any candidate ONNX files given with --extra:
  - passages/s embedding the same 435 real passages (the letters `isearch bench` samples,
    seed 0) on 2 threads: sentence-transformers in its own batches of 32 (it sorts by
    characters itself), each ONNX encoder as the build runs it (OnnxEncoder.encode: longest
    first by word pieces, indexer.encoder.BATCH_SIZE at a time); with `before`, also the fp32
    encoder as it ran before that (sorted by characters, batches of 32); runs round robin,
    best of `repeats`, with the process CPU seconds of each run and the speed-up over
    sentence-transformers within each round (adjacent runs share the machine's load);
  - one-query latency on 1 thread: median and p95 over the dev questions, after warm-up;
  - cosine of each encoder's passage vectors to sentence-transformers' (mean and min).
Optionally the cold start of `isearch ask` (a fresh process) on an index.
Prints a table and appends it to eval/BENCHMARKS.md. Figures, not tests.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from indexer.config import ENCODER_VARIANTS

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ROOT / "eval" / "questions" / "dev.jsonl"


def reference_model(model: str | None = None):
    """sentence-transformers' SentenceTransformer on `model`'s weights (default the build's model,
    indexer.config.encoder_model(): the tuned one is put together first), on the CPU, offline:
    the reference the ONNX encoders are compared with (imports torch)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import transformers
    from sentence_transformers import SentenceTransformer

    from indexer.config import encoder_dir, encoder_model
    from indexer.tuned_model import model_folder_for

    transformers.logging.set_verbosity_error()
    transformers.logging.disable_progress_bar()
    return SentenceTransformer(str(model_folder_for(encoder_model(model), encoder_dir())), device="cpu")


def bench_passages(n: int = 435) -> list[str]:
    """The first `n` passages, as the build embeds them, of the real letters `isearch bench`
    samples for its indexing figures (eval.bench.sample_corpus, seed 0), in file-name order."""
    from eval.bench import sample_corpus
    from indexer.chunk import chunk_text
    from indexer.embed import passage_text
    from indexer.load import load_document

    texts: list[str] = []
    with tempfile.TemporaryDirectory(prefix="isearch-bench-enc-") as tmp:
        for path in sorted(sample_corpus(n, Path(tmp))):
            doc, _ = load_document(path)
            texts.extend(passage_text(doc, c) for c in chunk_text(doc.id, doc.text))
    return texts[:n]


def _questions(path: Path = QUESTIONS) -> list[str]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line)["question"] for line in handle if line.strip()]


def _best_seconds(run, repeats: int) -> list[float]:
    seconds = []
    for _ in range(repeats):
        began = time.perf_counter()
        run()
        seconds.append(time.perf_counter() - began)
    return seconds


def _latency_ms(encode_one, queries: list[str], rounds: int = 3) -> tuple[float, float]:
    for query in queries[:5]:  # warm-up
        encode_one(query)
    ms = []
    for _ in range(rounds):
        for query in queries:
            began = time.perf_counter()
            encode_one(query)
            ms.append((time.perf_counter() - began) * 1000)
    ms.sort()
    return statistics.median(ms), ms[int(0.95 * (len(ms) - 1))]


def bench_encoders(n: int = 435, threads: int = 2, batch_size: int = 32, repeats: int = 2,
                   variants: tuple[str, ...] = ENCODER_VARIANTS,
                   extra: dict[str, Path] | None = None, before: bool = False) -> dict:
    """passages/s, one-query latency and cosine to sentence-transformers for each encoder.

    variants: indexer.encoder variants (exported first if needed); extra: name -> any other
    ONNX file with the same inputs and output (a candidate recipe from eval/quant_search.py);
    before: also the first variant (fp32) run as it was before word-piece ordering.
    The timed runs go round robin (reference, fp32, int8, reference, ...) so that load from
    other work on the machine falls on every encoder alike; every run's seconds are reported.
    """
    import resource

    import torch

    from indexer.config import encoder_dir
    from indexer.encoder import BATCH_SIZE, EncoderFile, OnnxEncoder, ensure_encoder

    texts = bench_passages(n)
    queries = _questions()
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]), reverse=True)
    longest_first = [texts[i] for i in order]
    reference = reference_model()
    torch.set_num_threads(threads)

    def reference_batch():
        return reference.encode(texts, batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True)

    def reference_one(query: str):
        torch.set_num_threads(1)
        try:
            return reference.encode([query], normalize_embeddings=True, convert_to_numpy=True)
        finally:
            torch.set_num_threads(threads)

    runners = [("sentence-transformers (torch fp32)", reference_batch, reference_one, None)]
    files = [(f"onnxruntime {v}", ensure_encoder(encoder_dir(), v)) for v in variants]
    files += [(f"candidate {name}", EncoderFile(name, Path(path), "")) for name, path in (extra or {}).items()]
    for label, found in files:
        many, one = OnnxEncoder(found, threads=threads), OnnxEncoder(found, threads=1)
        runners.append((label, lambda many=many: many.encode(texts), one.encode_one, found))
    if before and files and files[0][1].variant == "fp32":
        old = OnnxEncoder(files[0][1], threads=threads)

        def as_before(old=old):  # one call per batch of 32 by characters: the order is the caller's
            unsorted = np.zeros((len(texts), 384), dtype=np.float32)
            for begin in range(0, len(texts), 32):
                unsorted[order[begin: begin + 32]] = old.encode(longest_first[begin: begin + 32], batch_size=32)
            return unsorted
        runners.insert(2, (f"{files[0][0]} before (by characters, batches of 32)", as_before,
                           OnnxEncoder(files[0][1], threads=1).encode_one, files[0][1]))
    reference_vectors = reference_batch()
    vectors = {name: batch() for name, batch, _, _ in runners[1:]}  # also the warm-up of each session
    seconds: dict[str, list[float]] = {name: [] for name, *_ in runners}
    cpu: dict[str, list[float]] = {name: [] for name, *_ in runners}
    for _ in range(repeats):
        for name, batch, _, _ in runners:
            used = resource.getrusage(resource.RUSAGE_SELF)
            seconds[name] += _best_seconds(batch, 1)
            now = resource.getrusage(resource.RUSAGE_SELF)
            cpu[name].append(now.ru_utime + now.ru_stime - used.ru_utime - used.ru_stime)
    first = runners[0][0]
    rows = []
    for name, _, one, found in runners:
        p50, p95 = _latency_ms(one, queries)
        ours = vectors.get(name, reference_vectors)
        cosine = (ours * reference_vectors).sum(axis=1)
        rows.append({"encoder": name, "file_mb": round(found.path.stat().st_size / 2**20, 1) if found else None,
                     "seconds": seconds[name], "passages_per_s": round(len(texts) / min(seconds[name]), 1),
                     "cpu_seconds": [round(c, 2) for c in cpu[name]],
                     "round_speedups": [round(a / b, 2) for a, b in zip(seconds[first], seconds[name])],
                     "query_p50_ms": round(p50, 2), "query_p95_ms": round(p95, 2),
                     "cosine_mean": round(float(cosine.mean()), 5), "cosine_min": round(float(cosine.min()), 5),
                     "max_abs_diff": float(np.abs(ours - reference_vectors).max())})
    import onnxruntime

    return {"date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "passages": len(texts),
            "queries": len(queries), "threads": threads, "batch_size": batch_size, "onnx_batch_size": BATCH_SIZE,
            "repeats": repeats,
            "loadavg": [round(x, 2) for x in os.getloadavg()], "torch": torch.__version__,
            "onnxruntime": onnxruntime.__version__, "rows": rows}


def cold_ask(index_dir: Path, question: str = "how long did children wait at the front door in Tameside?",
             runs: int = 3) -> dict:
    """Wall seconds from process start to the answer of `isearch ask` (a fresh Python each
    run), and which heavy modules that process imported."""
    probe = ("import sys, time; t0 = time.perf_counter(); from search.cli import main; "
             f"code = main(['ask', {question!r}, '--index-dir', {str(index_dir)!r}, '--json']); "
             "sys.stdout.flush(); heavy = [m for m in ('torch', 'transformers', 'sentence_transformers') if m in sys.modules]; "
             "print('PROBE', time.perf_counter() - t0, ','.join(heavy), file=sys.stderr)")
    walls, inside, heavy = [], [], ""
    for _ in range(runs):
        began = time.perf_counter()
        result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT)
        walls.append(round(time.perf_counter() - began, 3))
        line = [x for x in result.stderr.splitlines() if x.startswith("PROBE")]
        if result.returncode not in (0, 1) or not line:
            raise RuntimeError(f"isearch ask failed: {result.stderr.strip()[-300:]}")
        parts = line[0].split(" ")
        inside.append(round(float(parts[1]), 3))
        heavy = parts[2] if len(parts) > 2 else ""
    return {"index_dir": str(index_dir), "wall_s": walls, "in_process_s": inside, "heavy_imports": heavy or "none"}


def render(result: dict, cold: dict | None = None) -> str:
    """The figures as a Markdown section."""
    lines = [f"### Encoders side by side ({result['date']})", "",
             f"{result['passages']} real passages (the letters sampled by `isearch bench`, seed 0), batch "
             f"{result['batch_size']} for sentence-transformers, {result.get('onnx_batch_size', result['batch_size'])} by word "
             f"pieces for ONNX, {result['threads']} threads, best of {result['repeats']} round-robin runs; one query: "
             f"the {result['queries']} dev questions x 3 on 1 thread, after warm-up. torch {result['torch']}, "
             f"onnxruntime {result['onnxruntime']}; load average at the end {result['loadavg']}.", "",
             "| encoder | passages/s | runs (s) | CPU s per run | speed-up within each round | one query p50 / p95 (ms) "
             "| cosine to sentence-transformers mean / min | max abs diff |",
             "|---|---|---|---|---|---|---|---|"]
    for row in result["rows"]:
        runs = ", ".join(f"{s:.2f}" for s in row["seconds"])
        cpu = ", ".join(f"{s:.2f}" for s in row.get("cpu_seconds", []))
        rounds = ", ".join(f"{s:.2f}x" for s in row.get("round_speedups", []))
        lines.append(f"| {row['encoder']} | {row['passages_per_s']} | {runs} | {cpu} | {rounds} | {row['query_p50_ms']} / "
                     f"{row['query_p95_ms']} | {row['cosine_mean']} / {row['cosine_min']} | {row['max_abs_diff']:.2e} |")
    base = result["rows"][0]["passages_per_s"]
    lines += ["", "Speed-up over sentence-transformers: " + ", ".join(
        f"{row['encoder']} {row['passages_per_s'] / base:.2f}x" for row in result["rows"][1:]) + "."]
    if cold:
        lines += ["", f"Cold `isearch ask` on {cold['index_dir']}: wall {cold['wall_s']} s per run "
                      f"(in-process {cold['in_process_s']} s); heavy modules imported: {cold['heavy_imports']}."]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--passages", type=int, default=435)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--variants", default=",".join(ENCODER_VARIANTS), help="encoder variants, comma-separated")
    parser.add_argument("--extra", action="append", default=[], metavar="NAME=PATH",
                        help="also an ONNX file of a candidate recipe (repeatable)")
    parser.add_argument("--before", action="store_true",
                        help="also the fp32 encoder as it ran before word-piece ordering (by characters, batches of 32)")
    parser.add_argument("--cold-index", help="also time a cold `isearch ask` on this index")
    parser.add_argument("--out", default=str(ROOT / "eval" / "BENCHMARKS.md"), help="Markdown file to append to")
    args = parser.parse_args(argv)
    extra = dict(item.split("=", 1) for item in args.extra)
    result = bench_encoders(args.passages, threads=args.threads, repeats=args.repeats,
                            variants=tuple(v for v in args.variants.split(",") if v), extra=extra, before=args.before)
    cold = cold_ask(Path(args.cold_index)) if args.cold_index else None
    text = render(result, cold)
    print(text)
    with open(args.out, "a", encoding="utf-8") as handle:
        handle.write("\n" + text)
    print(json.dumps({"encoders": result, "cold_ask": cold}, indent=1), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
