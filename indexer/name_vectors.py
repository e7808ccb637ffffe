"""The embeddings of the councils an index's letters name: names.json and name_vectors.npy.

The abstention's name share (search/abstain.py topic_cosine) takes the direction of each council
a question names out of the question's vector; embedding a name costs ~5 ms the first time a
process meets it. The build embeds every name a question can name and find letters for (each
council of a document's authority field and its predecessors and successors, canonical names,
indexer.authorities.lineage) with the query encoder, one name at a time as a query is embedded,
so a stored vector equals what embedding the name at query time gives. No pickle.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np

from indexer.authorities import field_authorities, lineage
from indexer.config import MODEL_DIM
from indexer.schema import NAME_VECTORS, NAMES


def named_councils(authority_fields: Iterable[str]) -> list[str]:
    """Canonical names of the councils the documents' authority fields name, with their
    predecessors and successors (what a question may name and find letters for), sorted."""
    return sorted({name for field in authority_fields for council in field_authorities(field)
                   for name in lineage(council)})


def write_name_vectors(folder: Path, names: list[str], encode_one: Callable[[str], np.ndarray]) -> None:
    """Embed each of `names` with `encode_one` (the query encoder's) and write names.json and
    name_vectors.npy (float32, (len(names), MODEL_DIM), in the order of names.json)."""
    vectors = np.zeros((len(names), MODEL_DIM), dtype=np.float32)
    for row, name in enumerate(names):
        vectors[row] = encode_one(name)
    (folder / NAMES).write_text(json.dumps({"names": names}, ensure_ascii=False), encoding="utf-8")
    np.save(folder / NAME_VECTORS, vectors, allow_pickle=False)


def read_name_vectors(folder: Path) -> dict[str, np.ndarray]:
    """{name: its read-only embedding} as `write_name_vectors` wrote them; ValueError if malformed."""
    names = json.loads((folder / NAMES).read_text(encoding="utf-8"))["names"]
    vectors = np.load(folder / NAME_VECTORS, allow_pickle=False)
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise ValueError(f"{NAMES} is not a list of strings")
    if vectors.shape != (len(names), MODEL_DIM) or vectors.dtype != np.float32:
        raise ValueError(f"{NAME_VECTORS} has shape {vectors.shape} and type {vectors.dtype}, "
                         f"not ({len(names)}, {MODEL_DIM}) float32")
    vectors.flags.writeable = False
    return dict(zip(names, vectors))
