"""One document per content: a letter copied into the corpus under a second file name is indexed once.

Two files are copies when their bytes are the same (indexer.load.file_hash, checked before either is
read) or when the text read from them is the same up to white space (a PDF saved again, whose bytes
differ). The copy is skipped with one line naming both files, as a file that cannot be read is.
Of several new files with one content, the one whose name does not look like a copy is kept
("tameside-letter.pdf", not "Tameside copy (2).pdf"), else the shortest name, else the first by path.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from pathlib import Path

from indexer.schema import Document


def same_content(copy: str, original: str) -> str:
    """The skip line for `copy`, whose content is `original`'s: "b.pdf: same content as a.pdf, skipped"."""
    return f"{copy}: same content as {original}, skipped"


# what file managers add to a copy's name: "x copy", "x - Copy", "x copy 2", "x copy (2)", "x (2)",
# "x_copy", "Copy of x"
_COPY_NAME = re.compile(r"(?:^|[\s_.-])copy(?:[\s_-]*\(?\d+\)?)?$|\s*\(\d+\)$|^copy of\s", re.IGNORECASE)


def looks_like_copy(stem: str) -> bool:
    """Does the file name `stem` (no extension) end as a copy's does (" copy", " - Copy", "(2)",
    " copy (2)") or start "Copy of "?"""
    return bool(_COPY_NAME.search(stem.strip()))


def preferred_order(paths: Iterable[Path]) -> list[Path]:
    """`paths` ordered so that of several files with one content the one to keep comes first: a name
    that does not look like a copy (looks_like_copy), then the shortest name, then the order given
    (scan order: by path). Files with one document id (one stem) keep the order given."""
    given = list(paths)
    return [p for _, p in sorted(enumerate(given), key=lambda ip: (looks_like_copy(ip[1].stem), len(ip[1].stem), ip[0]))]


def text_key(text: str) -> str:
    """sha256 (hex) of `text` with every run of white space read as one space and the ends stripped."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def drop_copies(documents: Iterable[Document]) -> tuple[list[Document], list[tuple[Document, Document]]]:
    """(the documents with each copy left out, [(copy, original), ...]), both in the order given.

    `documents` in order of preference: the first of several with the same text (text_key) is kept,
    so pass the documents indexed before first (their ids stay) and new files in scan order.
    """
    kept: list[Document] = []
    copies: list[tuple[Document, Document]] = []
    first: dict[str, Document] = {}
    for doc in documents:
        key = text_key(doc.text)
        if key in first:
            copies.append((doc, first[key]))
        else:
            first[key] = doc
            kept.append(doc)
    return kept, copies
