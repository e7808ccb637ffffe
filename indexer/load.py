"""Load corpus files (.txt/.md with a header block, .pdf, .html) into Documents.

Every problem with one file is a LoadError naming the file; the caller warns and
goes on with the rest of the corpus.
"""
from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from indexer.authorities import canonical_authority, split_authorities
from indexer.bullets import readable_bullets
from indexer.config import MAX_DOCUMENT_BYTES
from indexer.context_line import CONTEXT_MAX_CHARS, context_line
from indexer.header import (HeaderError, normalise_date, parse_meta_lines, split_header, unclosed_front_matter,
                            unknown_keys)
from indexer.judgements import lookup_judgement, read_judgements
from indexer.metadata import (
    detect_authority,
    detect_date,
    detect_inspection_dates,
    detect_judgement,
    detect_kind,
    detect_name_date,
    detect_title,
    publication_date,
)
from indexer.schema import KINDS, Document
from indexer.txt_clean import clean_letter_text

TEXT_SUFFIXES = {".txt", ".md"}
HTML_SUFFIXES = {".html", ".htm"}
PDF_SUFFIXES = {".pdf"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | PDF_SUFFIXES
SIDECAR_SUFFIX = ".meta"  # `<id>.meta` beside a letter: metadata overrides, never a letter of its own
# A folder's notes about itself (where its files came from, how to use them), never a letter:
# README.md, README.txt, SOURCES.md ... are skipped when a folder is scanned.
NOT_LETTERS = frozenset({"readme", "sources"})


class LoadError(Exception):
    """A file that cannot be indexed; the message says why."""


@dataclass
class CorpusScan:
    """The files found under the corpus paths, and what was wrong on the way."""

    files: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def scan_paths(paths: list[Path]) -> CorpusScan:
    """Find indexable files under `paths` (files or folders), following symlinks safely.

    Symlink loops and unreadable folders become warnings, and so does a folder's README or
    SOURCES file (.txt/.md; see NOT_LETTERS), which is skipped, and each file of a type the loader
    cannot read (unsupported_type: "notes.docx"), found in a folder or named; .meta sidecars are not
    reported (they are read with their letter) and hidden files are passed over. A letter file named
    on its own is always read. Raises FileNotFoundError for a path that does not exist.
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
            elif path.suffix.lower() in TEXT_SUFFIXES and path.stem.lower() in NOT_LETTERS:
                scan.warnings.append(f"{path}: the folder's {path.name}, not a letter: skipped")
            elif path.suffix.lower() in SUFFIXES:
                add_file(path)
            elif path.suffix.lower() != SIDECAR_SUFFIX:  # a .meta sidecar is read with its letter
                scan.warnings.append(unsupported_type(path))

    for path in paths:
        if not path.exists() and not path.is_symlink():
            raise FileNotFoundError(str(path))
        if path.is_dir():
            walk(path)
        elif path.suffix.lower() in SUFFIXES:
            add_file(path)
        else:
            scan.warnings.append(unsupported_type(path))
    return scan


def unsupported_type(path: Path) -> str:
    """The skip line for a file the loader cannot read: "notes.docx: unsupported file type .docx
    (supported: .htm, .html, .md, .pdf, .txt), skipped"."""
    kind = path.suffix.lower() or "(no extension)"
    return f"{path}: unsupported file type {kind} (supported: {', '.join(sorted(SUFFIXES))}), skipped"


def file_hash(path: Path) -> str:
    """sha256 of the file bytes and of its sidecar .meta file, if any."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    meta = path.with_suffix(SIDECAR_SUFFIX)
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


def _decode_text(path: Path, data: bytes, warnings: list[str]) -> str:
    """The file's text: UTF-8 (a byte-order mark dropped), else Windows-1252 (cp1252, which
    Word and Notepad write on Windows) with a warning appended to `warnings`; line ends as "\n".
    LoadError for an empty or binary file, or bytes that are neither encoding."""
    if not data.strip():
        raise LoadError(f"{path}: empty file, skipped")
    if b"\0" in data[:8192]:
        raise LoadError(f"{path}: binary file, skipped")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise LoadError(f"{path}: not UTF-8 (byte {exc.start}) nor Windows-1252, skipped") from None
        warnings.append(f"{path}: not UTF-8 (byte {exc.start}), read as Windows-1252 (cp1252)")
    return text.replace("\r\n", "\n").replace("\r", "\n")


# Elements whose content a reader of the page never sees as the letter: the head (its <title>
# is read separately), code, page navigation, embedded objects, and anything marked hidden.
_HTML_DROPPED = ("head", "script", "style", "noscript", "template", "nav", "iframe", "object",
                 "embed", "svg", "canvas", "button", "select")
_HTML_HIDDEN = "//*[@hidden or @aria-hidden='true']"
_TABLE_CELL_SEPARATOR = " | "


def _parse_html(raw: str):
    """The page as an lxml tree, parsed by libxml2's HTML parser (which reads what browsers
    read: omitted `</head>`, `</p>`, `</li>` ...), or None when it holds no element at all."""
    import lxml.etree
    import lxml.html

    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:  # bytes, so an <?xml encoding=...?> declaration is accepted; the text is already decoded
        return lxml.html.document_fromstring(raw.encode("utf-8", "surrogatepass"), parser=parser)
    except (lxml.etree.ParserError, ValueError):  # "Document is empty": only comments or white space
        return None


def _definition_rows(tree) -> None:
    """Make each term of a `<dl>` and its descriptions one line: "Term: description; more".

    Each run of dt then dd elements (directly in the dl, or in the `<div>` wrappers HTML5
    allows there) is moved into a new `<div>`, a block, so it is one line; dt and dd are
    inline in the CSS profile and the separators are written into their tails.
    """
    import lxml.html

    for dl in list(tree.iter("dl")):
        for container in [dl, *(child for child in dl if child.tag == "div")]:
            groups, group = [], None
            for child in list(container):
                if child.tag not in ("dt", "dd"):
                    group = None
                    continue
                if group is None or (child.tag == "dt" and group[-1].tag == "dd"):
                    group = lxml.html.Element("div")
                    child.addprevious(group)
                    groups.append(group)
                else:
                    previous = group[-1]
                    ends_with_colon = previous.text_content().rstrip().endswith(":")
                    joins_term = previous.tag == "dt" and child.tag == "dd"
                    previous.tail = (" " if ends_with_colon else ": ") if joins_term else "; "
                group.append(child)
            for group in groups:
                group[-1].tail = None


_CELL_BREAKS = frozenset({"p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4",
                          "h5", "h6", "section", "article", "blockquote", "pre"})
_MAX_FLAT_CELL_CHARS = 500  # a longer cell is page layout, not a value: left to inscriptis


def _cell_text(cell) -> str:
    """A table cell's text on one line: its paragraphs, list items and line breaks as spaces."""
    for element in cell.iterdescendants():
        if element.tag in _CELL_BREAKS:
            element.tail = " " + (element.tail or "")
    return " ".join(cell.text_content().split())


def _key_value_rows(tree) -> None:
    """Write a table of at most two columns (label and value, as Ofsted's judgement tables are)
    as one line per row, "Overall effectiveness: Requires improvement to be good", the form
    prose uses; its caption stays a line of its own. Layout tables (a nested table or a cell
    over 500 characters) are left as they are."""
    import lxml.html

    for table in list(tree.iter("table")):
        if table.find(".//table") is not None:
            continue
        rows = [[cell for cell in row if cell.tag in ("td", "th")] for row in table.iter("tr")]
        if not rows or max(len(cells) for cells in rows) != 2:
            continue
        texts = [[_cell_text(cell) for cell in cells] for cells in rows]
        if any(len(text) > _MAX_FLAT_CELL_CHARS for cells in texts for text in cells):
            continue
        block = lxml.html.Element("div")
        caption = table.find("caption")
        lines = [_cell_text(caption)] if caption is not None else []
        for cells in texts:
            cells = [text for text in cells if text]
            if len(cells) == 2 and not cells[0].endswith(":"):
                cells[0] += ":"
            lines.append(" ".join(cells))
        for line in filter(None, lines):
            row = lxml.html.Element("div")
            row.text = line
            block.append(row)
        block.tail = table.tail
        table.getparent().replace(table, block)


def _flatten_cells(tree) -> None:
    """Write each short table cell (no nested table, at most 500 characters) as one run of text,
    so that its row stays one line: inscriptis lays a multi-line cell out as a column, which
    splits a row over several lines. Each table is also wrapped in a `<div>`, without which
    inscriptis glues text just before a table onto its first row."""
    import lxml.html

    for table in list(tree.iter("table")):
        wrapper = lxml.html.Element("div")
        wrapper.tail, table.tail = table.tail, None
        table.getparent().replace(table, wrapper)
        wrapper.append(table)
    for cell in list(tree.iter("td", "th")):
        if cell.find(".//table") is not None or not len(cell):
            continue
        text = _cell_text(cell)
        if len(text) > _MAX_FLAT_CELL_CHARS:
            continue
        for child in list(cell):
            cell.remove(child)
        cell.text = text


@lru_cache(maxsize=1)
def _inscriptis_config():
    """Inscriptis settings: the strict CSS profile (no invented indentation), with `dt` and
    `dd` inline (their rows are built by `_definition_rows`) and table cells joined by " | "."""
    from inscriptis.css_profiles import CSS_PROFILES
    from inscriptis.model.config import ParserConfig
    from inscriptis.model.html_element import HtmlElement

    css = dict(CSS_PROFILES["strict"])
    css["dt"] = HtmlElement("dt")
    css["dd"] = HtmlElement("dd")
    return ParserConfig(css=css, table_cell_separator=_TABLE_CELL_SEPARATOR)


def _tidy(text: str) -> str:
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def html_to_text(raw: str) -> tuple[str, str]:
    """(title, visible text) of an HTML page, laid out by inscriptis.

    The title is the first `<h1>`, else the `<title>` (white space collapsed; "" if neither).
    Scripts, styles, the head, navigation and hidden elements are dropped; a table row becomes
    one line: a two-column table and a definition list as "label: value" ("Overall effectiveness:
    Requires improvement to be good"), a wider table with its cells joined by " | ". Paragraphs
    and headings are separated by blank lines. A page with no elements gives ("", "").
    """
    from inscriptis import Inscriptis

    tree = _parse_html(raw)
    if tree is None:
        return "", ""
    page_title = tree.findtext(".//title") or ""
    for element in [*tree.iter(*_HTML_DROPPED), *tree.xpath(_HTML_HIDDEN)]:
        if element.getparent() is not None:
            element.drop_tree()  # keeps the text that follows it
    heading = tree.find(".//h1")
    title = " ".join(heading.text_content().split()) if heading is not None else ""
    _definition_rows(tree)
    _key_value_rows(tree)
    _flatten_cells(tree)
    text = Inscriptis(tree, _inscriptis_config()).get_text()
    return title or " ".join(page_title.split()), _tidy(text)


def pdf_to_text(path: Path, data: bytes) -> str:
    """Body text of a PDF as a reader sees it (indexer.pdf_text: no page furniture, bullets on
    their own lines, footnotes last); LoadError if it is malformed, locked or has no text."""
    from indexer.pdf_text import PdfTextError, pdf_text

    try:
        return pdf_text(data)
    except PdfTextError as exc:
        raise LoadError(f"{path}: {exc}, skipped") from None


# Ofsted publishes a report days after making its PDF: 0 to 11 days on 38 of the 39 real PDFs in
# ../shared/realdocs (the PDF's /CreationDate against the publication date of Ofsted's listing;
# Harrow's JTAI letter was made again 9 days after it was published).
PUBLISHED_WITHIN_DAYS = 31


def pdf_created(data: bytes) -> str:
    """The PDF's creation date (its /CreationDate, YYYY-MM-DD, the day as written, in the writer's
    own time zone) or "": the day Ofsted made the PDF, days before it published it."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
        try:
            value = document.get_metadata_value("CreationDate")
        finally:
            document.close()
    except pdfium.PdfiumError:
        return ""
    match = re.match(r"D:(\d{4})(\d{2})(\d{2})", value or "")
    if not match:
        return ""
    try:
        return normalise_date("-".join(match.groups()))
    except HeaderError:
        return ""


def pdf_published(path: Path, body: str, created: str) -> str:
    """The publication date of the PDF at `path` (text `body`, /CreationDate `created`): the date
    in its file name (a corpus id, or Ofsted's listing name "... - 20 august 2021.pdf", both named
    by the publication date) when that falls 0 to PUBLISHED_WITHIN_DAYS days after the date its text
    states (a letter's date line, "Report published: ...") or, where it states none (ILACS reports
    state only their inspection dates), after `created`; else that date (indexer.metadata.publication_date)."""
    return publication_date(detect_date(body), detect_name_date(path.stem), created, PUBLISHED_WITHIN_DAYS)


# Control characters are white space, never deleted ("agency\vstaff" is two words): line
# and paragraph breaks stay breaks, the rest become spaces. Zero-width marks and the C1
# controls (mis-decoded cp1252) carry no space and are dropped.
_CONTROL_SPACE = {"\v": "\n", "\f": "\n\n", "\x1c": "\n\n", "\x1d": "\n\n", "\x1e": "\n", "\x85": "\n",
                  "\u2028": "\n", "\u2029": "\n\n"}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x85\u2028\u2029]")
_CONTROL_DROPPED = re.compile(r"[\x80-\x84\x86-\x9f\ufeff\ufffe\uffff]")


_ATX_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$", re.MULTILINE)
_SETEXT_RULE = re.compile(r"(?<=[^\n])\n[ \t]{0,3}(?:={2,}|-{2,})[ \t]*(?=\n|$)")


def markdown_headings_plain(text: str) -> str:
    """Markdown headings as plain lines: "## Main findings" and "## Main findings ##" become
    "Main findings", and a setext underline ("=====" or "-----" under a line) is dropped, so
    no passage or quoted answer shows the markers. A "#" not followed by a space ("#1") stays.
    The caller must have split off the front matter (its `---` lines are not underlines)."""
    text = _ATX_HEADING.sub(lambda m: m.group(1) or "", text)
    return _SETEXT_RULE.sub("", text)


def _clean_body(text: str) -> str:
    """NFC text with control characters turned into white space (see _CONTROL_SPACE) and the
    private-use bullets that begin a line (Wingdings glyphs) as "•" (indexer.bullets)."""
    text = _CONTROL.sub(lambda m: _CONTROL_SPACE.get(m.group(0), " "), unicodedata.normalize("NFC", text))
    return readable_bullets(_CONTROL_DROPPED.sub("", text))


def load_document(path: Path, content_hash: str = "", clean_furniture: bool = True) -> tuple[Document, list[str]]:
    """Read one corpus file. Returns the Document and non-fatal warnings; raises LoadError.

    A text file (.txt/.md) loses the page furniture its conversion from PDF left in it
    (indexer.txt_clean: running headers, page numbers, Ofsted's address blocks) unless
    `clean_furniture` is False (eval/txt_furniture.py measures the text both ways); a Markdown
    file's heading markers ("## ") are dropped, its heading text kept."""
    path = Path(path)
    suffix = path.suffix.lower()
    data = _read_bytes(path)
    warnings: list[str] = []
    fields: dict[str, str] = {}
    title = ""
    created = None  # a PDF's /CreationDate
    if suffix in PDF_SUFFIXES:
        if not data.strip():
            raise LoadError(f"{path}: empty file, skipped")
        body = pdf_to_text(path, data)
        created = pdf_created(data)
    elif suffix in HTML_SUFFIXES:
        title, body = html_to_text(_decode_text(path, data, warnings))
    else:
        raw = _decode_text(path, data, warnings)
        fields, body = split_header(raw)
        if not fields and unclosed_front_matter(raw):
            warnings.append(f"{path}: header opens with '---' but no '---' line closes it; read as body text")
        if suffix == ".md":
            body = markdown_headings_plain(body)
    meta = path.with_suffix(SIDECAR_SUFFIX)
    if meta.is_file():
        try:
            fields.update(parse_meta_lines(meta.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError):
            warnings.append(f"{meta}: unreadable sidecar, ignored")
    elif meta.exists():
        warnings.append(f"{meta}: not a regular file, ignored")
    if unknown_keys(fields):
        warnings.append(f"{path}: unknown header key(s) {', '.join(unknown_keys(fields))} ignored")
    body = _clean_body(body)
    if suffix in TEXT_SUFFIXES and clean_furniture:
        body = clean_letter_text(body).text
    if not body.strip():
        raise LoadError(f"{path}: no text after the header, skipped")
    own_date = "" if created is None else pdf_published(path, body, created)  # a PDF's publication date
    return _make_document(path, fields, title, body, content_hash, warnings, own_date), warnings


def _make_document(path: Path, fields: dict[str, str], title: str, body: str,
                   content_hash: str, warnings: list[str], own_date: str = "") -> Document:
    title = fields.get("title") or title or detect_title(body) or path.stem
    try:
        date = normalise_date(fields["date"]) if "date" in fields else own_date or detect_date(body)
    except HeaderError as exc:
        warnings.append(f"{path}: {exc} in header, date left empty")
        date = ""
    detected_start, detected_end = detect_inspection_dates(body)
    inspection = {}
    for key, detected in (("inspection_start", detected_start), ("inspection_end", detected_end)):
        try:
            inspection[key] = normalise_date(fields[key]) if key in fields else detected
        except HeaderError as exc:
            warnings.append(f"{path}: {exc} in {key}, left empty")
            inspection[key] = ""
    if not date and "date" not in fields:  # a report that states no date of its own
        date = own_date or inspection["inspection_end"]
    authority = fields.get("authority") or detect_authority(body, title)
    authority = "; ".join(canonical_authority(a) for a in split_authorities(authority)) if authority else ""
    kind = fields.get("kind") or detect_kind(body, title)
    if kind not in KINDS:
        match = [k for k in KINDS if k.lower() == kind.lower()]
        if not match:
            warnings.append(f"{path}: unknown kind {kind!r}, recorded as 'other'")
        kind = match[0] if match else "other"
    if not authority and kind != "other":  # "other": a page about many councils names none by design
        warnings.append(no_authority_warning(path))
    document = Document(
        id=path.stem, title=" ".join(title.split()), authority=authority, date=date, kind=kind,
        judgement=fields.get("judgement", "").lower(), source=fields.get("source", str(path)), text=body,
        path=str(path), content_hash=content_hash, **inspection,
    )
    shortened = shortened_context(path, document)
    if shortened:
        warnings.append(shortened)
    if not document.judgement and kind in {"ILACS inspection", "SIF inspection"}:
        # the overall grade as the letter itself states it (its judgement table or, for SIF, its
        # opening sentence); else the published history CSV; else a grade sentence in the text
        # (which may quote an earlier inspection's grade, so it comes last)
        own = next((j.grade for j in read_judgements(document) if j.area == "overall_effectiveness"), "")
        judgement = own or lookup_judgement(authority, date) or detect_judgement(body)
        document = replace(document, judgement=judgement)
    return document


def no_authority_warning(path: Path) -> str:
    """The warning for a letter (not a page about many councils) whose header and text name no
    council: "b05.html: no local authority found in the text; add 'authority:' ...". A build takes it
    back when the letter's title names a council (indexer.title_authority)."""
    return (f"{path}: no local authority found in the text; add 'authority:' in a header or a "
            f"{path.with_suffix('.meta').name} sidecar, or searches by council will miss it")


def shortened_context(path: Path, document: Document) -> str:
    """The warning for a letter whose authority field is too long for its passages' context line
    (indexer.context_line: a partnership of many authorities), else "": "b04.txt: 40 authorities
    in the header; the context line embedded with each passage names 2 of them and '38 more'
    (council filters and keyword search use all 40)". The field itself is stored whole."""
    line = context_line(document)
    if line.named == line.total:
        return ""
    if line.total > 1:
        return (f"{path}: {line.total} authorities in the header; the context line embedded with each passage "
                f"names {line.named} of them and '{line.total - line.named} more' (council filters and keyword "
                f"search use all {line.total})")
    return (f"{path}: authority name longer than the context line embedded with each passage "
            f"({CONTEXT_MAX_CHARS} characters), shortened there with '…' (council filters and keyword search use it whole)")
