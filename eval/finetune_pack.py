"""Pack the bundled model small enough to travel to a GPU machine for `eval.finetune`.

The device tool carries at most 64 MiB with the working tree, and all-MiniLM-L6-v2's
model.safetensors is 87 MiB. This writes base-int8.safetensors: every matrix as int8 rows with a
float32 scale per row (symmetric, absmax / 127), vectors (biases, LayerNorm) in float32, and
embedding rows only for the word pieces that the corpus passages, the mined queries and the
question sets use ("vocab.kept"; a tuned model gets the original rows back for the others in
eval.finetune_unpack). Also copies the model's config and tokenizer files beside it, and prints
the cosine between the packed and the original model's embeddings of 64 real passages.

Run: python -m eval.finetune_pack --data .ft/data --out .ft/model
"""
from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from eval.finetune import read_xz

COPY = ("config.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt")


def main(argv: list[str] | None = None) -> int:
    import numpy as np
    import torch
    import transformers
    from safetensors.torch import load_file, save_file

    from indexer.encoder import model_folder
    from indexer.tuned_model import quantise_rows

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    folder, out = model_folder(), Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for name in COPY:
        shutil.copy2(folder / name, out / name)
    tokenizer = transformers.AutoTokenizer.from_pretrained(str(folder))
    data = Path(args.data)
    texts = [p["embed"] for p in read_xz(data / "passages.jsonl.xz")]
    texts += [p["query"] for p in read_xz(data / "pairs.jsonl.xz")]
    import json
    for questions in json.loads((data / "qrels.json").read_text(encoding="utf-8")).values():
        texts += [q["question"] for q in questions]
    used = set(tokenizer.all_special_ids)
    for begin in range(0, len(texts), 4096):
        for ids in tokenizer(texts[begin: begin + 4096], truncation=True, max_length=256)["input_ids"]:
            used.update(ids)
    kept = sorted(used)
    state = load_file(str(folder / "model.safetensors"))
    packed = {}
    for name, tensor in state.items():
        if name.endswith("position_ids"):
            continue
        tensor = tensor.float()
        if name.endswith("word_embeddings.weight"):
            tensor = tensor[torch.tensor(kept)]
        if tensor.dim() == 2:
            packed[f"{name}.q"], packed[f"{name}.s"] = quantise_rows(tensor)
        else:
            packed[f"{name}.f"] = tensor.contiguous()
    packed["vocab.kept"] = torch.tensor(kept, dtype=torch.int32)
    packed["vocab.size"] = torch.tensor([tokenizer.vocab_size], dtype=torch.int64)
    save_file(packed, str(out / "base-int8.safetensors"))

    from eval.finetune import build_model, embed, load_state
    device = torch.device("cpu")
    sample = texts[:64]
    original = embed(build_model(folder, load_state(folder, None)[0], device), tokenizer, sample, device, 256, batch=16)
    restored = embed(build_model(out, load_state(out, out / "base-int8.safetensors")[0], device), tokenizer, sample, device, 256, batch=16)
    cos = (original * restored).sum(1)
    size = (out / "base-int8.safetensors").stat().st_size / 2**20
    print(f"kept {len(kept)} of {tokenizer.vocab_size} word pieces; {size:.1f} MiB; cosine packed vs original "
          f"on {len(sample)} passages: mean {cos.mean():.6f}, min {cos.min():.6f}", file=sys.stderr)
    return 0 if np.isfinite(cos).all() else 1


if __name__ == "__main__":
    sys.exit(main())
