"""Documents on disk: metadata in documents.jsonl, bodies in texts.bin.

texts.bin is every document's body, UTF-8, one after another; each documents.jsonl line
holds a document's metadata and where its body lies in texts.bin (`text_offset`,
`text_bytes`). An opened index keeps only the metadata and reads a body with one `pread`
when a passage is shown: at 10^6 passages the bodies are ~0.8 GB that a search never needs.
"""
from __future__ import annotations

import json
import os
from dataclasses import asdict, fields
from pathlib import Path

from indexer.schema import DOCUMENTS, TEXTS, Document, DocumentInfo

_INFO_FIELDS = tuple(f.name for f in fields(DocumentInfo))


def write_documents(folder: Path, documents: list[Document]) -> None:
    """Write documents.jsonl and texts.bin for `documents`, in order."""
    offset = 0
    with open(folder / DOCUMENTS, "w", encoding="utf-8") as meta, open(folder / TEXTS, "wb") as texts:
        for doc in documents:
            body = doc.text.encode("utf-8")
            texts.write(body)
            record = {key: value for key, value in asdict(doc).items() if key != "text"}
            record.update(text_offset=offset, text_bytes=len(body))
            meta.write(json.dumps(record, ensure_ascii=False) + "\n")
            offset += len(body)


def read_infos(folder: Path) -> tuple[list[DocumentInfo], list[tuple[int, int]]]:
    """Every document's metadata and its body's (offset, length) in texts.bin, in order."""
    infos, spans = [], []
    with open(folder / DOCUMENTS, encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            spans.append((int(record["text_offset"]), int(record["text_bytes"])))
            infos.append(DocumentInfo(**{key: record[key] for key in _INFO_FIELDS if key in record}))
    return infos, spans


def with_text(info: DocumentInfo, text: str) -> Document:
    """The full Document of `info` with body `text`."""
    return Document(**asdict(info), text=text)


class TextStore:
    """Reads document bodies from texts.bin by position. Thread-safe (positional reads on one
    open file), and unaffected by a rebuild deleting the folder meanwhile (the file stays open)."""

    def __init__(self, path: Path, spans: list[tuple[int, int]]) -> None:
        self._file = open(path, "rb", buffering=0)
        self._spans = spans
        size = os.fstat(self._file.fileno()).st_size
        if any(offset < 0 or length < 0 or offset + length > size for offset, length in spans):
            self._file.close()
            raise ValueError(f"{path.name} is shorter than documents.jsonl says")

    def text(self, row: int) -> str:
        """The body of the document in row `row`."""
        offset, length = self._spans[row]
        return os.pread(self._file.fileno(), length, offset).decode("utf-8", errors="replace")

    def close(self) -> None:
        self._file.close()


def read_documents(folder: Path) -> list[Document]:
    """Every document with its body (what a rebuild reuses)."""
    infos, spans = read_infos(folder)
    store = TextStore(folder / TEXTS, spans)
    try:
        return [with_text(info, store.text(row)) for row, info in enumerate(infos)]
    finally:
        store.close()
