"""Domain-adapt all-MiniLM-L6-v2 on pairs mined from the corpus, and measure it against the base.

One command (issue 13, item 6): `make finetune` mines the pairs and qrels from the index
(eval.finetune_data), trains and measures here (this module), and stores the best variant as a
weight difference (eval.finetune_delta) in indexer/data/minilm-ofsted-delta.safetensors. Needs
only torch, transformers, safetensors and numpy, so it also runs on a GPU machine without this
project's dependencies beyond indexer/tuned_model.py (CUDA is used when present, bf16 autocast; on 2 CPU cores a run is hours).

Training: MultipleNegativesRankingLoss (in-batch negatives plus one hard negative per query; the
InfoNCE loss of van den Oord et al. 2018, as sentence-transformers implements it, scale 20) on
the mined triples, AdamW with linear warm-up (10%) and decay, mean pooling and L2 normalisation
as the base model was trained (sentence-transformers/all-MiniLM-L6-v2); training steps in
bf16 autocast on CUDA, measurement embeddings in float32.

Measurement: every passage is embedded by the base and by each tuned model; for each question
set in qrels.json, dense-only passage recall@1/5/10 and MRR@10 over the whole index, and the same
inside the question's own letter ("in-letter", the ranking issue 13 is about). Writes
metrics.json and the best variant by dev recall@5 (then MRR@10) as fp16 safetensors shards of at
most 15 MB (tuned-*.safetensors; with --vocab, embedding rows only for the kept word pieces).
"""
from __future__ import annotations

import argparse
import json
import lzma
import random
import sys
import time
from pathlib import Path

import numpy as np

SCALE = 20.0  # sentence-transformers MultipleNegativesRankingLoss default
QUERY_MAX = 64
PASSAGE_MAX = 256
SHARD_BYTES = 15 * 1024 * 1024


def read_xz(path: Path) -> list[dict]:
    with lzma.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def load_state(folder: Path, quantised: Path | None):
    """(state dict, kept word-piece ids or None) of the base model: from folder/model.safetensors,
    or dequantised from `quantised` (int8 rows + float32 scales per row, written by eval.finetune_pack,
    with embedding rows only for the kept word pieces)."""
    import torch
    from safetensors.torch import load_file

    from indexer.tuned_model import dequantise_rows

    if quantised is None:
        return load_file(str(folder / "model.safetensors")), None
    packed = load_file(str(quantised))
    state = {}
    for name in {k.rsplit(".", 1)[0] for k in packed if k.endswith((".q", ".s", ".f"))}:
        if f"{name}.f" in packed:
            state[name] = packed[f"{name}.f"].float()
        else:
            state[name] = dequantise_rows(packed[f"{name}.q"], packed[f"{name}.s"])
    if "vocab.kept" in packed:  # embedding rows were sent only for the kept word pieces
        kept = packed["vocab.kept"].long()
        key = next(k for k in state if k.endswith("word_embeddings.weight"))
        full = torch.zeros(int(packed["vocab.size"].item()), state[key].shape[1])
        full[kept] = state[key]
        state[key] = full
        return state, kept.tolist()
    return state, None


def build_model(folder: Path, state, device):
    import transformers

    config = transformers.AutoConfig.from_pretrained(str(folder))
    model = transformers.AutoModel.from_config(config)
    missing, unexpected = model.load_state_dict(state, strict=False)
    missing = [m for m in missing if not m.endswith("position_ids")]
    if missing:
        raise SystemExit(f"error: weights lack {missing[:3]}")
    return model.to(device)


def embed(model, tokenizer, texts: list[str], device, max_length: int, batch: int = 256) -> np.ndarray:
    """Normalised mean-pooled embeddings, float32, shape (len(texts), hidden)."""
    import torch

    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    out = np.zeros((len(texts), model.config.hidden_size), dtype=np.float32)
    model.eval()
    with torch.no_grad():
        for begin in range(0, len(order), batch):
            rows = order[begin: begin + batch]
            vectors = _forward(model, tokenizer, [texts[i] for i in rows], device, max_length)
            out[rows] = vectors.float().cpu().numpy()
    return out


def _forward(model, tokenizer, texts: list[str], device, max_length: int, bf16: bool = False):
    import torch

    enc = tokenizer(texts, padding=True, truncation=True, max_length=max_length, return_tensors="pt").to(device)
    with torch.autocast(device_type=device.type, dtype=torch.bfloat16, enabled=bf16 and device.type == "cuda"):
        hidden = model(**enc).last_hidden_state
    mask = enc["attention_mask"].unsqueeze(-1).to(hidden.dtype)
    pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
    return torch.nn.functional.normalize(pooled.float(), dim=-1)


def positive_text(passage: dict, pair: dict) -> str:
    text = passage["embed"]
    if pair.get("cut"):
        start, end = pair["cut"]
        text = (text[:start].rstrip() + " " + text[end:].lstrip()).strip()
    return text


def train(model, tokenizer, passages: list[dict], pairs: list[dict], device, lr: float, epochs: float,
          batch: int, seed: int, log) -> None:
    """MultipleNegativesRankingLoss over (query, positive, hard negative) triples, in place."""
    import torch

    rng = random.Random(seed)
    torch.manual_seed(seed)
    steps_per_epoch = len(pairs) // batch
    total = max(1, int(steps_per_epoch * epochs))
    warmup = max(1, total // 10)
    optimiser = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min(1.0, (s + 1) / warmup) * max(0.0, (total - s) / max(1, total - warmup)))
    model.train()
    order: list[int] = []
    started = time.time()
    for step in range(total):
        if len(order) < batch:
            fresh = list(range(len(pairs)))
            rng.shuffle(fresh)
            order.extend(fresh)
        rows, order = order[:batch], order[batch:]
        chosen = [pairs[i] for i in rows]
        queries = [p["query"] for p in chosen]
        positives = [positive_text(passages[p["passage"]], p) for p in chosen]
        negatives = [passages[p["negative"]]["embed"] for p in chosen]
        q = _forward(model, tokenizer, queries, device, QUERY_MAX, bf16=True)
        d = _forward(model, tokenizer, positives + negatives, device, PASSAGE_MAX, bf16=True)
        scores = q @ d.T * SCALE
        # a passage that is the positive of another query in the batch is no negative of this one
        same = torch.tensor([[c["passage"] == o["passage"] and i != j for j, o in enumerate(chosen)]
                             for i, c in enumerate(chosen)], device=device)
        scores[:, : len(chosen)] = scores[:, : len(chosen)].masked_fill(same, float("-inf"))
        loss = torch.nn.functional.cross_entropy(scores, torch.arange(len(chosen), device=device))
        optimiser.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimiser.step()
        schedule.step()
        if step % 100 == 0 or step == total - 1:
            log(f"step {step + 1}/{total} loss {loss.item():.4f} ({time.time() - started:.0f} s)")


def measure(vectors: np.ndarray, query_vectors: dict[str, np.ndarray], sets: dict, docs: list[str]) -> dict:
    """Dense passage recall@1/5/10 and MRR@10, over the whole index and inside the question's letter."""
    doc_rows: dict[str, np.ndarray] = {}
    for i, doc in enumerate(docs):
        doc_rows.setdefault(doc, []).append(i)
    doc_rows = {k: np.asarray(v) for k, v in doc_rows.items()}
    out = {}
    for name, questions in sets.items():
        figures = {"r1": [], "r5": [], "r10": [], "mrr10": [], "in_r1": [], "in_r3": [], "in_mrr": []}
        for q, qv in zip(questions, query_vectors[name]):
            relevant = set(q["relevant"])
            if not relevant:
                continue
            scores = vectors @ qv
            top = np.argsort(-scores)[:10]
            rank = next((r for r, c in enumerate(top, 1) if int(c) in relevant), None)
            figures["r1"].append(rank == 1)
            figures["r5"].append(rank is not None and rank <= 5)
            figures["r10"].append(rank is not None)
            figures["mrr10"].append(1.0 / rank if rank else 0.0)
            rows = doc_rows.get(q["doc"], np.zeros(0, dtype=int))
            inside = rows[np.argsort(-scores[rows])]
            in_rank = next((r for r, c in enumerate(inside, 1) if int(c) in relevant), None)
            figures["in_r1"].append(in_rank == 1)
            figures["in_r3"].append(in_rank is not None and in_rank <= 3)
            figures["in_mrr"].append(1.0 / in_rank if in_rank else 0.0)
        out[name] = {k: round(float(np.mean(v)), 4) if v else None for k, v in figures.items()} | {"n": len(figures["r1"])}
    return out


def save_shards(model, out: Path, kept: list[int] | None, prefix: str = "tuned") -> list[str]:
    """fp16 safetensors shards of at most SHARD_BYTES; with `kept`, embedding rows for those ids only."""
    import torch
    from safetensors.torch import save_file

    state = {k: v.detach().to("cpu", torch.float16).contiguous() for k, v in model.state_dict().items()
             if not k.endswith("position_ids")}
    if kept is not None:
        key = next(k for k in state if k.endswith("word_embeddings.weight"))
        state[key] = state[key][torch.tensor(kept)].contiguous()
        state["vocab.kept"] = torch.tensor(kept, dtype=torch.int32)
    names, shard, size, written = sorted(state), {}, 0, []
    for name in names + [None]:
        tensor = state.get(name) if name else None
        nbytes = tensor.numel() * tensor.element_size() if tensor is not None else 0
        if shard and (name is None or size + nbytes > SHARD_BYTES):
            path = out / f"{prefix}-{len(written)}.safetensors"
            save_file(shard, str(path))
            written.append(path.name)
            shard, size = {}, 0
        if name is not None:
            if nbytes > SHARD_BYTES:  # split a big matrix by rows
                rows = tensor.shape[0]
                per = max(1, SHARD_BYTES // (nbytes // rows))
                for part, begin in enumerate(range(0, rows, per)):
                    piece = {f"{name}@{part}": tensor[begin: begin + per].contiguous()}
                    path = out / f"{prefix}-{len(written)}.safetensors"
                    save_file(piece, str(path))
                    written.append(path.name)
                continue
            shard[name] = tensor
            size += nbytes
    return written


def main(argv: list[str] | None = None) -> int:
    import torch
    import transformers

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True, help="folder written by eval.finetune_data")
    parser.add_argument("--model", help="the base model folder (config and tokenizer; default: the bundled one)")
    parser.add_argument("--weights", help="int8 base weights from eval.finetune_pack (default: model.safetensors in --model)")
    parser.add_argument("--out", required=True)
    parser.add_argument("--variants", default="2e-5:1", help="comma-separated lr:epochs runs, e.g. 2e-5:1,1e-5:1")
    parser.add_argument("--kinds", default="ict,heading", help="pair kinds to train on")
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--max-pairs", type=int, default=0, help="use only the first N pairs (0: all)")
    parser.add_argument("--max-passages", type=int, default=0, help="measure on the first N passages only (smoke runs)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--skip-base", action="store_true", help="do not measure the base model")
    parser.add_argument("--vectors", action="store_true",
                        help="also write the best variant's passage vectors (float16 .npy shards, passages.jsonl order)")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    log_file = (out / "log.txt").open("a", encoding="utf-8")

    def log(message: str) -> None:
        print(message, flush=True)
        log_file.write(message + "\n")
        log_file.flush()

    transformers.logging.set_verbosity_error()
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    data = Path(args.data)
    passages = read_xz(data / "passages.jsonl.xz")
    kinds = set(args.kinds.split(","))
    pairs = [p for p in read_xz(data / "pairs.jsonl.xz") if p["kind"] in kinds]
    if args.max_pairs:
        pairs = pairs[: args.max_pairs]
    sets = json.loads((data / "qrels.json").read_text(encoding="utf-8"))
    if args.max_passages:
        passages_eval = passages[: args.max_passages]
        sets = {k: [dict(q, relevant=[r for r in q["relevant"] if r < args.max_passages]) for q in v] for k, v in sets.items()}
    else:
        passages_eval = passages
    if args.model:
        folder = Path(args.model)
    else:
        from indexer.encoder import model_folder
        folder = model_folder()
    tokenizer = transformers.AutoTokenizer.from_pretrained(str(folder))
    base_state, kept = load_state(folder, Path(args.weights) if args.weights else None)
    log(f"device {device}, {len(passages)} passages, {len(pairs)} pairs, sets {[(k, len(v)) for k, v in sets.items()]}")

    texts = [p["embed"] for p in passages_eval]
    docs = [p["doc"] for p in passages_eval]
    results = {}
    best = None
    for variant in ([] if args.skip_base else ["base"]) + args.variants.split(","):
        model = build_model(folder, {k: v.clone() for k, v in base_state.items()}, device)
        started = time.time()
        if variant != "base":
            lr, epochs = (float(x) for x in variant.split(":"))
            train(model, tokenizer, passages, pairs, device, lr, epochs, args.batch, args.seed, log)
        trained_s = time.time() - started
        vectors = embed(model, tokenizer, texts, device, PASSAGE_MAX)
        query_vectors = {k: embed(model, tokenizer, [q["question"] for q in v], device, PASSAGE_MAX) for k, v in sets.items()}
        results[variant] = {"train_s": round(trained_s, 1), **measure(vectors, query_vectors, sets, docs)}
        log(f"{variant}: {json.dumps(results[variant])}")
        (out / "metrics.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
        if variant != "base":
            dev = results[variant].get("dev", {})
            key = (dev.get("r5") or 0, dev.get("mrr10") or 0)
            if best is None or key > best[0]:
                best = (key, variant)
                for old in out.glob("tuned-*.safetensors"):
                    old.unlink()
                shards = save_shards(model, out, kept)
                if args.vectors:
                    for old in out.glob("vectors-*.npy"):
                        old.unlink()
                    half = vectors.astype(np.float16)
                    per = SHARD_BYTES // half[0].nbytes
                    for part, begin in enumerate(range(0, len(half), per)):
                        np.save(out / f"vectors-{part}.npy", half[begin: begin + per])
                results["best"] = {"variant": variant, "shards": shards}
                (out / "metrics.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
        del model
        if device.type == "cuda":
            torch.cuda.empty_cache()
    log(f"best: {results.get('best')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
