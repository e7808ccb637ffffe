"""One document per content: a letter copied into the corpus under a second file name is indexed once.

Two files are copies when their bytes are the same (indexer.load.file_hash, checked before either is
read) or when the text read from them is the same up to white space (a PDF saved again, whose bytes
differ). The copy is skipped with one line naming both files, as a file that cannot be read is.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable

from indexer.schema import Document


def same_content(copy: str, original: str) -> str:
    """The skip line for `copy`, whose content is `original`'s: "b.pdf: same content as a.pdf, skipped"."""
    return f"{copy}: same content as {original}, skipped"


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
