"""Store a tuned model as a small int8 difference from the bundled all-MiniLM-L6-v2.

The tuned weights differ from the base by little, so the difference quantised per row
(symmetric int8, scale = absmax / 127, float32 scales) loses almost nothing while the file is a
sixth of the model's 87 MiB: what the repository ships as indexer/data/minilm-ofsted-delta.safetensors
and indexer.tuned_model adds back to the bundled weights. Vectors (biases, LayerNorm) are stored
whole in float32; word-embedding rows only where they changed. Prints the cosine between
embeddings of real passages by the tuned model and by base + stored difference.

Run: python -m eval.finetune_delta --tuned .ft/run --data .ft/data --out indexer/data/minilm-ofsted-delta.safetensors
(--tuned: the folder of tuned-*.safetensors shards written by eval.finetune.)
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path


def read_shards(folder: Path) -> dict:
    """The tuned state dict from eval.finetune's shards, embedding rows of the kept word pieces
    spread back over the full vocabulary (rows not kept are None-filled by the caller)."""
    import torch
    from safetensors.torch import load_file

    state: dict = {}
    for path in sorted(folder.glob("tuned-*.safetensors")):
        state.update(load_file(str(path)))
    parts: dict[str, dict[int, object]] = {}
    for key in [k for k in state if "@" in k]:
        name, part = key.split("@")
        parts.setdefault(name, {})[int(part)] = state.pop(key)
    for name, pieces in parts.items():
        state[name] = torch.cat([pieces[i] for i in sorted(pieces)])
    return state


def main(argv: list[str] | None = None) -> int:
    import numpy as np
    import torch
    from safetensors.torch import load_file, save_file

    from eval.finetune import read_xz
    from indexer.encoder import model_folder
    from indexer.tuned_model import apply_delta, quantise_rows

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tuned", required=True)
    parser.add_argument("--data", help="eval.finetune_data folder: passages for the fidelity check")
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    base = load_file(str(model_folder() / "model.safetensors"))
    tuned = read_shards(Path(args.tuned))
    kept = tuned.pop("vocab.kept").long() if "vocab.kept" in tuned else None
    exact, delta = {}, {}  # the tuned model over the full vocabulary, and its stored difference
    for name, weight in base.items():
        if name.endswith("position_ids"):
            exact[name] = weight
            continue
        new = tuned[name].float()
        if name.endswith("word_embeddings.weight") and kept is not None:
            full = weight.float().clone()
            full[kept] = new
            new = full
        exact[name] = new
        diff = new - weight.float()
        if diff.dim() == 2:
            rows = torch.nonzero(diff.abs().amax(dim=1) > 0).flatten()
            if name.endswith("word_embeddings.weight"):
                delta[f"{name}.rows"] = rows.to(torch.int32)
                diff = diff[rows]
            delta[f"{name}.q"], delta[f"{name}.s"] = quantise_rows(diff)
        else:
            delta[f"{name}.f"] = new.contiguous()
    out = Path(args.out)
    save_file(delta, str(out), metadata={"base": "sentence-transformers/all-MiniLM-L6-v2", "recipe": "eval/finetune.py"})
    print(f"wrote {out} ({out.stat().st_size / 2**20:.1f} MiB)", file=sys.stderr)
    if args.data:
        import transformers

        from eval.finetune import build_model, embed
        texts = [p["embed"] for p in read_xz(Path(args.data) / "passages.jsonl.xz")[::400]]
        tokenizer = transformers.AutoTokenizer.from_pretrained(str(model_folder()))
        device = torch.device("cpu")
        a = embed(build_model(model_folder(), exact, device), tokenizer, texts, device, 256, batch=16)
        b = embed(build_model(model_folder(), apply_delta(base, out), device), tokenizer, texts, device, 256, batch=16)
        cos = (a * b).sum(1)
        print(f"cosine tuned vs base + stored difference on {len(texts)} passages: mean {cos.mean():.7f}, "
              f"min {cos.min():.7f}", file=sys.stderr)
        return 0 if np.isfinite(cos).all() else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
