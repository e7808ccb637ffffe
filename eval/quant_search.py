"""`python -m eval.quant_search`: which faster encoder recipe keeps the fp32 encoder's vectors?

For a set of candidate recipes (onnxruntime dynamic int8 quantisation with some MatMuls left
in fp32, reduce_range, uint8 weights, per-tensor weights; the transformer graph optimizer
with and without int8 on top) this measures, against the fp32 ONNX export of indexer/encoder.py:
  - fidelity on a pool of real passages from a built fp32 index (default .isearch/index): the
    union of the fp32 dense top-`depth` passages of every dev and own question, topped up with
    passages drawn at random (seed 0) to `--pool` passages. Cosine of each recipe's passage
    vectors to the index's stored fp32 vectors (mean, min), and over the questions: how many
    of the fp32 dense top-10 (ranked over the pool) the recipe's own query and passage vectors
    also put in their top-10 (mean overlap, questions with the same top-10 set, same top-1);
  - speed: passages/s on the `--speed` longest-first pool passages, batch 32, 2 threads,
    every recipe in turn (round robin, `--repeats` rounds, best run kept); load average printed.
Figures, not tests; nothing is written except the candidate ONNX files (under --work).
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import time
from pathlib import Path
from types import SimpleNamespace

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
LAYERS = 6


def _matmul(layer: int, part: str) -> str:
    return f"/bert/encoder/layer.{layer}/{part}/MatMul"


FFN_DOWN = [_matmul(i, "output/dense") for i in range(LAYERS)]  # input: GELU output, outliers
ATTN_OUT = [_matmul(i, "attention/output/dense") for i in range(LAYERS)]
FFN_UP = [_matmul(i, "intermediate/dense") for i in range(LAYERS)]


def _layer(i: int) -> list[str]:
    return [_matmul(i, p) for p in ("attention/self/query", "attention/self/key", "attention/self/value",
                                    "attention/output/dense", "intermediate/dense", "output/dense")]


# name -> (pre-optimise with onnxruntime.transformers optimizer?, quantise?, quantize_dynamic kwargs)
RECIPES: dict[str, tuple[bool, bool, dict]] = {
    "fp32": (False, False, {}),
    "fp32-fused": (True, False, {}),
    "int8-all": (False, True, {}),
    "int8-keep-ffn-down": (False, True, {"nodes_to_exclude": FFN_DOWN}),
    "int8-keep-ffn-down-attn-out": (False, True, {"nodes_to_exclude": FFN_DOWN + ATTN_OUT}),
    "int8-keep-ends": (False, True, {"nodes_to_exclude": _layer(0) + _layer(LAYERS - 1)}),
    "int8-keep-ffn-down-last": (False, True, {"nodes_to_exclude": FFN_DOWN + _layer(LAYERS - 1)}),
    "int8-keep-ffn-down-first": (False, True, {"nodes_to_exclude": FFN_DOWN + _layer(0)}),
    "int8-reduce-range": (False, True, {"reduce_range": True}),
    "int8-u8-weights": (False, True, {"weight_type": "QUInt8"}),
    "int8-per-tensor": (False, True, {"per_channel": False}),
    "int8-fused-keep-ffn-down": (True, True, {"nodes_to_exclude": FFN_DOWN}),
    # weight-only blockwise quantisation (MatMulNBits); accuracy_level 4 computes in int8 with
    # the activations quantised per block of `block_size` inputs, not per tensor
    "nbits8-b32": (False, True, {"nbits": 8, "block_size": 32}),
    "nbits8-b64": (False, True, {"nbits": 8, "block_size": 64}),
    "nbits8-b128": (False, True, {"nbits": 8, "block_size": 128}),
    "nbits4-b32": (False, True, {"nbits": 4, "block_size": 32}),
    "nbits8-b32-keep-ffn-down": (False, True, {"nbits": 8, "block_size": 32, "nodes_to_exclude": FFN_DOWN}),
}


def build_recipe(name: str, fp32_path: Path, work: Path) -> Path:
    """The ONNX file of recipe `name` made from the fp32 export (cached in `work`)."""
    fused, quantise, kwargs = RECIPES[name]
    if name == "fp32":
        return fp32_path
    out = work / f"{name}.onnx"
    if out.exists():
        return out
    source = fp32_path
    if fused:
        from onnxruntime.transformers.optimizer import optimize_model

        fused_path = work / "fp32-fused.onnx"
        if not fused_path.exists():
            model = optimize_model(str(fp32_path), model_type="bert", num_heads=12, hidden_size=384, opt_level=1)
            model.save_model_to_file(str(fused_path))
        source = fused_path
        if not quantise:
            return fused_path
    if "nbits" in kwargs:
        return _build_nbits(out, source, kwargs)
    from onnxruntime.quantization import QuantType, quantize_dynamic

    args = {"per_channel": True, "weight_type": QuantType.QInt8, "op_types_to_quantize": ["MatMul"]}
    args.update(kwargs)
    if isinstance(args["weight_type"], str):
        args["weight_type"] = getattr(QuantType, args["weight_type"])
    if fused:
        args["op_types_to_quantize"] = ["MatMul", "Attention"]
        import onnx

        args["extra_options"] = {"DefaultTensorType": onnx.TensorProto.FLOAT}  # types behind com.microsoft ops
    logging.getLogger().setLevel(logging.ERROR)
    quantize_dynamic(str(source), str(out), **args)
    return out


def _build_nbits(out: Path, source: Path, kwargs: dict) -> Path:
    """MatMulNBits (weight-only, blockwise, symmetric) of every const-B MatMul, accuracy_level 4."""
    from onnxruntime.quantization.matmul_nbits_quantizer import MatMulNBitsQuantizer

    logging.getLogger().setLevel(logging.ERROR)
    quantizer = MatMulNBitsQuantizer(str(source), bits=kwargs["nbits"], block_size=kwargs["block_size"],
                                     is_symmetric=True, accuracy_level=4,
                                     nodes_to_exclude=kwargs.get("nodes_to_exclude", []))
    quantizer.process()
    quantizer.model.save_model_to_file(str(out), use_external_data_format=False)
    return out


def pool_passages(index, questions: list[str], depth: int, size: int) -> tuple[np.ndarray, list[str]]:
    """Chunk ids of the pool (fp32 dense top-`depth` of every question, then random ones to
    `size`, seed 0) and the texts the build embedded for them (context line + passage)."""
    from indexer.embed import passage_text

    stored = index._stored_vectors()
    ids: set[int] = set()
    for q in questions:
        _, found = index.faiss.search(index.embed_query(q).reshape(1, -1), depth)
        ids.update(int(i) for i in found[0])
    rng = np.random.default_rng(0)
    while len(ids) < size:
        ids.add(int(rng.integers(len(index))))
    chunk_ids = np.array(sorted(ids), dtype=np.int64)
    texts = [passage_text(index.documents[int(index.chunk_doc[i])], SimpleNamespace(text=index.chunk_text(int(i))))
             for i in chunk_ids]
    del stored
    return chunk_ids, texts


def fidelity(ref_p: np.ndarray, ref_q: np.ndarray, our_p: np.ndarray, our_q: np.ndarray) -> dict:
    """Cosine of passage vectors to the reference and dense top-10 agreement over the pool."""
    cos = (ref_p * our_p).sum(axis=1)
    qcos = (ref_q * our_q).sum(axis=1)
    ref_rank = np.argsort(-(ref_q @ ref_p.T), axis=1)
    our_rank = np.argsort(-(our_q @ our_p.T), axis=1)
    overlap = [len(set(a[:10]) & set(b[:10])) for a, b in zip(ref_rank, our_rank)]
    return {"cos_mean": round(float(cos.mean()), 5), "cos_min": round(float(cos.min()), 5),
            "query_cos_min": round(float(qcos.min()), 5),
            "top10_overlap_mean": round(float(np.mean(overlap)), 3),
            "same_top10_set": int(sum(o == 10 for o in overlap)),
            "same_top1": int(sum(a[0] == b[0] for a, b in zip(ref_rank, our_rank))),
            "same_top5_order": int(sum(list(a[:5]) == list(b[:5]) for a, b in zip(ref_rank, our_rank)))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index-dir", default=str(ROOT / ".isearch" / "index"))
    parser.add_argument("--work", default=str(ROOT / ".isearch" / "bench" / "quant"))
    parser.add_argument("--recipes", default=",".join(RECIPES))
    parser.add_argument("--pool", type=int, default=1000)
    parser.add_argument("--depth", type=int, default=15)
    parser.add_argument("--speed", type=int, default=320)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--json", help="also write the figures here")
    parser.add_argument("--skip-fp32-pool", action="store_true", help="take the fp32 pool figures as given")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from eval.questions import load_questions
    from indexer.encoder import EncoderFile, OnnxEncoder
    from search import open_index

    index = open_index(Path(args.index_dir))
    questions = [q.question for f in ("dev", "own") for q in load_questions(ROOT / "eval" / "questions" / f"{f}.jsonl")]
    chunk_ids, texts = pool_passages(index, questions, args.depth, args.pool)
    ref_p = index._stored_vectors().get(chunk_ids)
    ref_q = np.stack([index.embed_query(q) for q in questions])
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    names = args.recipes.split(",")
    encoders = {}
    for name in names:
        path = build_recipe(name, index.encoder.path, work)
        encoders[name] = (OnnxEncoder(EncoderFile(name, path, ""), threads=args.threads),
                          OnnxEncoder(EncoderFile(name, path, ""), threads=1), path)
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]), reverse=True)
    rows = {}
    for name, (many, one, path) in encoders.items():
        began = time.perf_counter()
        if name == "fp32" and args.skip_fp32_pool:  # the stored vectors are fp32's (cosine 1.0 checked)
            continue
        vecs = np.zeros_like(ref_p)
        vecs[order] = many.encode([texts[i] for i in order])
        qv = np.stack([one.encode_one(q) for q in questions])
        rows[name] = {"file_mb": round(path.stat().st_size / 2**20, 1), **fidelity(ref_p, ref_q, vecs, qv),
                      "pool_s": round(time.perf_counter() - began, 1)}
        print(name, json.dumps(rows[name]), flush=True)
    speed_texts = [texts[i] for i in order[: args.speed]]  # the longest: a build's cost is in those
    seconds = {name: [] for name in names}
    for _ in range(args.repeats):
        for name in names:
            began = time.perf_counter()
            encoders[name][0].encode(speed_texts)
            seconds[name].append(round(time.perf_counter() - began, 2))
    load = [round(x, 2) for x in os.getloadavg()]
    base = min(seconds["fp32"]) if "fp32" in seconds else None
    print(f"\n{len(texts)} pool passages ({len(questions)} dev+own questions, depth {args.depth}); speed on the "
          f"{len(speed_texts)} longest, batch 32, {args.threads} threads, {args.repeats} round-robin rounds; load average {load}")
    print("| recipe | MB | passage cos mean / min | query cos min | top-10 overlap | same top-10 | same top-1 | same top-5 order | passages/s | runs (s) | vs fp32 |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for name in names:
        r = rows.setdefault(name, {"file_mb": "-", **fidelity(ref_p, ref_q, ref_p, ref_q)})
        pps = len(speed_texts) / min(seconds[name])
        rel = f"{base / min(seconds[name]):.2f}x" if base else "-"
        print(f"| {name} | {r['file_mb']} | {r['cos_mean']} / {r['cos_min']} | {r['query_cos_min']} | {r['top10_overlap_mean']} | "
              f"{r['same_top10_set']}/{len(questions)} | {r['same_top1']}/{len(questions)} | {r['same_top5_order']}/{len(questions)} | "
              f"{pps:.1f} | {', '.join(map(str, seconds[name]))} | {rel} |")
        r.update({"passages_per_s": round(pps, 1), "seconds": seconds[name]})
    if args.json:
        Path(args.json).write_text(json.dumps({"loadavg": load, "pool": len(texts), "rows": rows}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
