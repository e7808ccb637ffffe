"""Load corpus files (.txt/.md with a header block, .pdf, .html) into Documents.

Every problem with one file is a LoadError naming the file; the caller warns and
goes on with the rest of the corpus.
"""
from __future__ import annotations

import hashlib
import html.parser
import io
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from indexer.authorities import canonical_authority, split_authorities
from indexer.config import MAX_DOCUMENT_BYTES
from indexer.header import HeaderError, normalise_date, parse_meta_lines, split_header
from indexer.judgements import lookup_judgement
from indexer.metadata import detect_authority, detect_date, detect_judgement, detect_kind, detect_title
from indexer.schema import KINDS, Document

TEXT_SUFFIXES = {".txt", ".md"}
HTML_SUFFIXES = {".html", ".htm"}
PDF_SUFFIXES = {".pdf"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | PDF_SUFFIXES


class LoadError(Exception):
    """A file that cannot be indexed; the message says why."""


@dataclass
class CorpusScan:
    """The files found under the corpus paths, and what was wrong on the way."""

    files: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def scan_paths(paths: list[Path]) -> CorpusScan:
    """Find indexable files under `paths` (files or folders), following symlinks safely.

    Symlink loops and unreadable folders become warnings. Raises FileNotFoundError
    for a path that does not exist.
    """
    scan = CorpusScan()
    seen_dirs: set[str] = set()
    seen_files: set[str] = set()

    def add_file(path: Path) -> None:
        try:
            str(path).encode("utf-8")
        except UnicodeEncodeError:  # it could not be written to the index tables
            shown = str(path).encode("utf-8", "surrogateescape").decode("utf-8", "replace")
            scan.warnings.append(f"{shown}: file name is not valid UTF-8, skipped")
            return
        if not path.exists():
            scan.warnings.append(f"{path}: broken symlink, skipped")
            return
        if not path.is_file():  # a FIFO would block the build, /dev/zero would never end
            scan.warnings.append(f"{path}: not a regular file, skipped")
            return
        real = os.path.realpath(path)
        if real not in seen_files:
            seen_files.add(real)
            scan.files.append(path)

    def walk(folder: Path) -> None:
        real = os.path.realpath(folder)
        if real in seen_dirs:
            scan.warnings.append(f"{folder}: symlink loop, skipped")
            return
        seen_dirs.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            scan.warnings.append(f"{folder}: cannot read folder ({exc.strerror})")
            return
        for entry in entries:
            path = Path(entry.path)
            if entry.name.startswith("."):
                continue
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                walk(path)
            elif path.suffix.lower() in SUFFIXES:
                add_file(path)

    for path in paths:
        if not path.exists() and not path.is_symlink():
            raise FileNotFoundError(str(path))
        if path.is_dir():
            walk(path)
        elif path.suffix.lower() in SUFFIXES:
            add_file(path)
        else:
            scan.warnings.append(f"{path}: not a .txt, .md, .pdf or .html file, skipped")
    return scan


def file_hash(path: Path) -> str:
    """sha256 of the file bytes and of its sidecar .meta file, if any."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    meta = path.with_suffix(".meta")
    if meta.is_file():  # not a FIFO or a device: reading those blocks or never ends
        digest.update(b"\0meta\0" + meta.read_bytes())
    return digest.hexdigest()


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise LoadError(f"{path}: cannot read ({exc.strerror})") from None
    if size > MAX_DOCUMENT_BYTES:
        raise LoadError(f"{path}: too large ({size // (1024 * 1024)} MB; limit {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB), skipped")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise LoadError(f"{path}: cannot read ({exc.strerror})") from None


def _decode_text(path: Path, data: bytes) -> str:
    if not data.strip():
        raise LoadError(f"{path}: empty file, skipped")
    if b"\0" in data[:8192]:
        raise LoadError(f"{path}: binary file, skipped")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise LoadError(f"{path}: not UTF-8 (byte {exc.start}), skipped") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


class _HTMLText(html.parser.HTMLParser):
    _SKIP = {"script", "style", "noscript", "template", "head"}
    _BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article",
              "header", "footer", "table", "ul", "ol", "blockquote", "title"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title = ""
        self._skip = 0
        self._in_title = False
        self._in_h1 = False
        self.h1 = ""

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "title":
            self._in_title = True
        elif tag in self._SKIP:
            self._skip += 1
        if tag == "h1":
            self._in_h1 = True
        if tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag in self._SKIP and self._skip:
            self._skip -= 1
        if tag == "h1":
            self._in_h1 = False
        if tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif not self._skip:
            self.parts.append(data)
            if self._in_h1:
                self.h1 += data


def _tidy(text: str) -> str:
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def html_to_text(raw: str) -> tuple[str, str]:
    """(title, visible text) of an HTML page; scripts, styles and the head are dropped."""
    parser = _HTMLText()
    parser.feed(raw)
    parser.close()
    title = " ".join((parser.h1 or parser.title).split())
    return title, _tidy("".join(parser.parts))


def pdf_to_text(path: Path, data: bytes) -> str:
    """Text layer of a PDF, page after page; LoadError if it is malformed, locked or has no text."""
    import logging

    import pypdf
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise LoadError(f"{path}: password-protected PDF, skipped")
            except LoadError:
                raise
            except Exception:
                raise LoadError(f"{path}: password-protected PDF, skipped") from None
        pages = [page.extract_text() or "" for page in reader.pages]
    except LoadError:
        raise
    except (PdfReadError, Exception) as exc:  # pypdf raises many types on broken files
        raise LoadError(f"{path}: malformed PDF ({type(exc).__name__}), skipped") from None
    text = _tidy("\n\n".join(pages))
    if not text:
        raise LoadError(f"{path}: PDF has no text layer (scanned?), skipped")
    return text


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff\ufffe\uffff]")


def _clean_body(text: str) -> str:
    return _CONTROL.sub("", unicodedata.normalize("NFC", text))


def load_document(path: Path, content_hash: str = "") -> tuple[Document, list[str]]:
    """Read one corpus file. Returns the Document and non-fatal warnings; raises LoadError."""
    path = Path(path)
    suffix = path.suffix.lower()
    data = _read_bytes(path)
    warnings: list[str] = []
    fields: dict[str, str] = {}
    title = ""
    if suffix in PDF_SUFFIXES:
        if not data.strip():
            raise LoadError(f"{path}: empty file, skipped")
        body = pdf_to_text(path, data)
    elif suffix in HTML_SUFFIXES:
        title, body = html_to_text(_decode_text(path, data))
    else:
        fields, body = split_header(_decode_text(path, data))
    meta = path.with_suffix(".meta")
    if meta.is_file():
        try:
            fields.update(parse_meta_lines(meta.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError):
            warnings.append(f"{meta}: unreadable sidecar, ignored")
    elif meta.exists():
        warnings.append(f"{meta}: not a regular file, ignored")
    body = _clean_body(body)
    if not body.strip():
        raise LoadError(f"{path}: no text after the header, skipped")
    return _make_document(path, fields, title, body, content_hash, warnings), warnings


def _make_document(path: Path, fields: dict[str, str], title: str, body: str,
                   content_hash: str, warnings: list[str]) -> Document:
    title = fields.get("title") or title or detect_title(body) or path.stem
    try:
        date = normalise_date(fields["date"]) if "date" in fields else detect_date(body)
    except HeaderError as exc:
        warnings.append(f"{path}: {exc} in header, date left empty")
        date = ""
    authority = fields.get("authority") or detect_authority(body, title)
    authority = "; ".join(canonical_authority(a) for a in split_authorities(authority)) if authority else ""
    kind = fields.get("kind") or detect_kind(body, title)
    if kind not in KINDS:
        match = [k for k in KINDS if k.lower() == kind.lower()]
        if not match:
            warnings.append(f"{path}: unknown kind {kind!r}, recorded as 'other'")
        kind = match[0] if match else "other"
    judgement = fields.get("judgement", "").lower()
    if not judgement and kind in {"ILACS inspection", "SIF inspection"}:
        judgement = lookup_judgement(authority, date) or detect_judgement(body)
    return Document(
        id=path.stem, title=" ".join(title.split()), authority=authority, date=date, kind=kind,
        judgement=judgement, source=fields.get("source", str(path)), text=body,
        path=str(path), content_hash=content_hash,
    )
