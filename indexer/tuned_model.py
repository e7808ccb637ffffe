"""The domain-adapted model: the bundled all-MiniLM-L6-v2 plus a stored weight difference.

minilm-ofsted is all-MiniLM-L6-v2 fine-tuned on pairs mined from the corpus alone (eval/finetune.py;
provenance, recipe and measurements in indexer/data/MODEL.md). The repository ships only its
difference from the bundled weights (indexer/data/minilm-ofsted-delta.safetensors: int8 per row,
float32 scales; vectors whole), which `model_folder_for` adds back once, into a folder beside the
exported encoders, before the ONNX export. Needs torch and safetensors (build side only).
"""
from __future__ import annotations

import hashlib
import os
import shutil
from functools import lru_cache
from importlib import resources
from pathlib import Path

BASE = "minilm"
TUNED = "minilm-ofsted"
MODELS = (TUNED, BASE)
_COPY = ("config.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt",
         "modules.json", "sentence_bert_config.json", "config_sentence_transformers.json")


# what each model is, after the base model's name, for people (the app's Corpus tab)
MODEL_NOTES = {TUNED: "fine-tuned on the letters", BASE: "as published"}


def model_description(manifest: dict) -> str:
    """The embedding model an index's passages were embedded with, as its manifest records it, for
    people: 'minilm-ofsted (all-MiniLM-L6-v2 fine-tuned on the letters; 384 dimensions, ONNX fp32)',
    'minilm (all-MiniLM-L6-v2 as published; ...)'. The model is the manifest's encoder.model (an
    encoder entry without one is the bundled model, as indexer.encoder reads it); model.id
    ('sentence-transformers/all-MiniLM-L6-v2') is only the base both start from. '?' for a value
    the manifest lacks."""
    encoder = manifest.get("encoder") if isinstance(manifest.get("encoder"), dict) else {}
    base = manifest.get("model") if isinstance(manifest.get("model"), dict) else {}
    name = encoder.get("model", BASE) if encoder else "?"
    what = " ".join(part for part in (str(base.get("id", "?")).rsplit("/", 1)[-1], MODEL_NOTES.get(name, "")) if part)
    return f"{name} ({what}; {base.get('dim', '?')} dimensions, ONNX {encoder.get('variant', '?')})"


class ModelError(Exception):
    """The tuned model cannot be put together; one-line message."""


def delta_path() -> Path:
    """The stored difference of minilm-ofsted from the bundled model (package data)."""
    return Path(str(resources.files("indexer") / "data" / "minilm-ofsted-delta.safetensors"))


@lru_cache(maxsize=1)
def delta_sha256() -> str:
    """sha256 of the stored difference: names the tuned model in encoder names and files.
    Hashed once per process (15 MiB, ~30 ms): encoder names are asked for per passage."""
    return hashlib.sha256(delta_path().read_bytes()).hexdigest()


def quantise_rows(matrix):
    """Symmetric int8 per row: (int8 matrix, float32 scale per row), scale = absmax / 127, so
    dequantise_rows(q, scale) is within scale / 2 of every element. matrix: 2-D torch tensor."""
    import torch

    scale = matrix.float().abs().amax(dim=1).clamp(min=1e-12) / 127.0
    return torch.round(matrix.float() / scale.unsqueeze(1)).to(torch.int8).contiguous(), scale.contiguous()


def dequantise_rows(q, scale):
    """The float32 matrix quantise_rows(matrix) stands for: q * scale, row by row."""
    return q.float() * scale.float().unsqueeze(1)


def apply_delta(base: dict, path: Path) -> dict:
    """base + difference: a new state dict of float32 torch tensors.

    base: name -> tensor of the bundled model; path: a file written by eval.finetune_delta
    (name.q int8 rows and name.s float32 row scales for matrices, with name.rows for the word
    embedding rows that changed; name.f for whole vectors). KeyError if a name is missing.
    """
    from safetensors.torch import load_file

    stored = load_file(str(path))
    state = {}
    for name, weight in base.items():
        if name.endswith("position_ids"):
            state[name] = weight
        elif f"{name}.f" in stored:
            state[name] = stored[f"{name}.f"].float()
        else:
            diff = dequantise_rows(stored[f"{name}.q"], stored[f"{name}.s"])
            new = weight.float().clone()
            if f"{name}.rows" in stored:
                new[stored[f"{name}.rows"].long()] += diff
            else:
                new += diff
            state[name] = new.contiguous()
    return state


def model_folder_for(model: str, folder: Path) -> Path:
    """A transformers folder (config, tokenizer, model.safetensors) holding `model`.

    BASE: the bundled package's folder. TUNED: folder/minilm-ofsted-<sha12>/, put together from
    the bundled weights and the stored difference the first time (~2 s; written to a temporary
    folder and renamed, so an interrupted run leaves nothing half-made). ModelError, one line,
    for an unknown model or a missing difference file.
    """
    from indexer.encoder import model_folder

    if model == BASE:
        return model_folder()
    if model != TUNED:
        raise ModelError(f"unknown model {model!r}; choose from {', '.join(MODELS)}")
    if not delta_path().is_file():
        raise ModelError(f"the {TUNED} weight difference is missing ({delta_path()}); reinstall the package")
    target = Path(folder) / f"{TUNED}-{delta_sha256()[:12]}"
    if (target / "model.safetensors").is_file():
        return target
    from safetensors.torch import load_file, save_file

    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    base_dir = model_folder()
    for name in _COPY:
        if (base_dir / name).is_file():
            shutil.copy2(base_dir / name, tmp / name)
    for pooling in base_dir.glob("[0-9]_*"):  # sentence-transformers' module folders (1_Pooling)
        if pooling.is_dir():
            shutil.copytree(pooling, tmp / pooling.name)
    state = apply_delta(load_file(str(base_dir / "model.safetensors")), delta_path())
    save_file(state, str(tmp / "model.safetensors"), metadata={"format": "pt"})
    try:
        os.replace(tmp, target)
    except OSError:  # another process finished first
        shutil.rmtree(tmp, ignore_errors=True)
    return target
