"""The benchmark functions run at a tiny size and return well-formed figures (no timing assertions)."""
from __future__ import annotations

import numpy as np
import pytest

from eval import bench
from eval.bench_report import BEGIN, END, render, write_report
from eval.bench_synth import SynthSpec, synthetic_tokens, synthetic_vectors, write_synthetic_index
from indexer.bm25 import BM25Index

QUERIES = bench.questions()[:4]


def _stats_ok(stats: dict, n: int) -> None:
    assert stats["n"] == n
    assert 0 < stats["p50"] <= stats["p95"]
    assert stats["mean"] > 0


@pytest.fixture(scope="module")
def synth_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bench") / "synth"
    return write_synthetic_index(SynthSpec(2000, seed=3, vectors="uniform"), folder, log=lambda *_: None)


@pytest.fixture(scope="module")
def synth_index(synth_dir):
    from search import open_index

    return open_index(synth_dir)


def test_synthetic_index_is_a_real_index(synth_dir, synth_index):
    assert len(synth_index) == 2000
    assert synth_index.manifest["faiss"] == "flat"
    assert synth_index.faiss.ntotal == 2000
    norms = np.linalg.norm(synth_index.faiss.reconstruct_n(0, 50), axis=1)
    assert np.allclose(norms, 1, atol=1e-5)
    # the vectorised BM25 arrays are exactly what BM25Index.build makes from the chunk texts
    reference = BM25Index.build(synthetic_tokens(synth_dir))
    assert reference.vocab == synth_index.bm25.vocab
    for ours, theirs in zip((synth_index.bm25.indptr, synth_index.bm25.docs, synth_index.bm25.tf, synth_index.bm25.doc_len),
                            (reference.indptr, reference.docs, reference.tf, reference.doc_len)):
        assert np.array_equal(ours, theirs)


def test_query_latency_and_stages(synth_index):
    latency = bench.bench_queries(synth_index, QUERIES, repeats=2)
    assert set(latency) == set(bench.MODES)
    for stats in latency.values():
        _stats_ok(stats, 2 * len(QUERIES))
    stages = bench.stage_breakdown(synth_index, QUERIES)
    assert {"embed", "bm25_scores", "faiss_search", "total", "other"} <= set(stages)
    assert stages["total"] > 0


def test_flat_against_hnsw(synth_index):
    vectors = next(synthetic_vectors(6, seed=9, kind="uniform"))
    ann = bench.bench_ann(synth_index.faiss, vectors, cache=None, repeats=1, configs=((16, 40, "fp32"), (16, 40, "fp16")), ef_search=(16, 64))
    _stats_ok(ann["flat"]["latency_ms"], 6)
    assert ann["k"] == 100
    assert [(row["storage"], row["efSearch"]) for row in ann["hnsw"]] == [("fp32", 16), ("fp32", 64), ("fp16", 16), ("fp16", 64)]
    for row in ann["hnsw"]:
        assert 0 <= row["recall_at_10"] <= 1 and 0 <= row["recall_at_k"] <= 1
        assert row["build_s"] >= 0


def test_bm25_against_rank_bm25_is_identical(synth_dir, synth_index):
    result = bench.bench_bm25(synth_index, synthetic_tokens(synth_dir), QUERIES, repeats=1)
    assert result["identical_scores"] == f"{len(QUERIES)}/{len(QUERIES)}"
    assert result["identical_top10"] == f"{len(QUERIES)}/{len(QUERIES)}"
    assert result["ratio_top_k"] > 0


def test_memory_probe_in_a_fresh_process(synth_dir):
    report = bench.probe(synth_dir, QUERIES[0], mode="keyword", warm=2)
    assert report["chunks"] == 2000 and report["warm_queries"] == 2
    for stage in ("after_import", "after_open", "after_query", "after_warm"):
        assert report[stage]["VmRSS"] > 0
    assert report["after_query"]["VmHWM"] >= report["after_query"]["VmRSS"]


def test_indexing_against_bare_encode():
    result = bench.bench_indexing(passages=1, repeats=1)
    assert result["chunks"] >= 1 and result["embedded"] == result["chunks"]
    assert result["build_chunks_per_s"] > 0 and result["encode_chunks_per_s"] > 0
    assert isinstance(result["overhead_pct"], float)


def test_report_keeps_notes_outside_the_markers(tmp_path, synth_index):
    entry = {"label": "synthetic 2,000", "chunks": 2000, "documents": 46, "faiss": "flat", "open_s": 0.1,
             "latency_ms": bench.bench_queries(synth_index, QUERIES[:2], repeats=1),
             "stages_ms": {"total": 1.0}}
    results = {"machine": bench.machine_info(), "quick": True, "sizes": [2000], "queries": 2,
               "goals": bench.GOALS, "indexes": [entry]}
    out = tmp_path / "BENCHMARKS.md"
    out.write_text(f"# Benchmarks\n\nnotes before\n\n{BEGIN}\nold\n{END}\n\nnotes after\n", encoding="utf-8")
    write_report(results, out)
    text = out.read_text(encoding="utf-8")
    assert "notes before" in text and "notes after" in text and "old" not in text.split(BEGIN)[1].split(END)[0]
    assert "| synthetic 2,000 | 2,000 | flat |" in text
    assert (tmp_path / "bench_latency.png").stat().st_size > 0
    assert "cores" in render(results)


def test_top_positive_matches_a_full_sort_with_ties():
    """The candidate selection the keyword figures rely on (its sampled cut-off path runs above
    256 * n rows): the n best positive scores, ties to the lowest rows."""
    from indexer.bm25 import top_positive

    rng = np.random.default_rng(0)
    for size, n in ((50_000, 100), (50_000, 10), (3_000, 100), (40_000, 100)):
        scores = np.round(rng.gamma(1.0, 2.0, size), 1)  # many exact ties
        scores[rng.random(size) < 0.3] = 0.0
        if size == 40_000:
            scores[:] = 0.0
            scores[[5, 7, 9]] = 1.0  # fewer positive scores than n
        positive = np.flatnonzero(scores > 0)
        expected = np.sort(positive[np.lexsort((positive, -scores[positive]))][:n])
        assert np.array_equal(top_positive(scores, n), expected)
