"""Body text of a PDF as a reader sees it, from the characters and where they sit on the page.

PDFium (pypdfium2) gives every character with its box and font size. From them:

- lines are cut into segments at wide horizontal gaps (table columns), and segments are
  grouped into paragraphs by line pitch, left edge and font (a new paragraph at a bullet, a
  numbered paragraph, a change of size or weight, or a gap wider than 1.5 lines); a paragraph
  number drawn at a tab stop without a space ("10.Emerging") is set apart from its text; a
  paragraph's later lines may hang under the text after its number ("27." [tab] "Children"),
  or on the left edge of its second line; a label after a line-end hyphen or inside an open
  bracket ("(MAPPA-" / "2) meetings") goes on with the line, it opens no list item;
- page furniture is dropped by position and repetition: a segment in the top or bottom 12%
  of the page whose text (digits aside) comes back at the same height on another page
  (running headers and footers, page numbers; not a top line that goes on into the line below
  in its font, the first line of a heading), a lone page number ("7", "Page 2 of 13") in
  those bands, on the first page the letterhead (small print above the top of the text
  block that the other pages use), and contact blocks (small print stacked in short lines
  without punctuation: the publisher's address in the back matter);
- footnote markers (digits in a smaller, raised font) are taken out of the running text, also
  where PDFium starts a line of body text with one (a note's own number opens small print), and
  footnotes (small print below the page's last body-size paragraph) move to the end;
- a paragraph cut by a page break (no final punctuation, or the next page going on in lower
  case) is joined to its continuation;
- a bullet starts its own line; private-use (Wingdings) bullets become "•", visible marks
  ("◼", "•") stay as printed, as in .txt letters (indexer.bullets); a control code drawn in a
  symbolic font (a Wingdings glyph without Unicode, U+0083) is read as U+F000 + its code, as
  Word maps symbol fonts, so it is a private-use bullet too;
- a hyphen at a line end is dropped when the document and the corpus word list say the
  joined word is one word (indexer.hyphens);
- on a contents page the page numbers are taken off the entries;
- ligatures (U+FB00-FB06) are folded with NFKC.

Paragraphs are written one per line with a blank line between them, footnotes last; a line
that the writer ended on purpose (the next line's first word would have fitted) stays a line.
"""
from __future__ import annotations

import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from indexer.bullets import is_bullet_mark, readable_bullets
from indexer.hyphens import HyphenVocabulary, load_vocabulary

_NUMBERED = re.compile(r"^(?:\d{1,3}|[a-z]|[ivx]{1,4})[.)]\s")
_LABEL = re.compile(r"\(?(?:\d{1,3}|[a-z]|[ivx]{1,4})[.)]")  # a paragraph or list item number, whole
# a paragraph number's text at the tab stop after it sits apart from it by at least this share of
# the font size, where PDFium draws no space ("10.Emerging": 0.09 em); letters of one word abut
# (their loose boxes are within 0.01 em of each other)
_LABEL_GAP = 0.04
_PAGE_NUMBER = re.compile(r"^(?:page\s*)?\d{1,3}(?:\s*(?:of|/)\s*\d{1,3})?$", re.IGNORECASE)
_FINAL = re.compile(r"[.!?:;][”’\"')\]]*$")
_LIGATURES = re.compile("[\ufb00-\ufb06]")
# a control code where a character should be (C0 but PDFium's own marks, C1): in a symbol font
# it is the glyph's code without a Unicode meaning (Wingdings 0x83, a bullet in a 2009 letter)
_SYMBOL_CODE = re.compile(r"[\x01\x03-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_ORDINAL_SUFFIXES = {"st", "nd", "rd", "th"}
_CELL_CHARS = 200  # a table cell longer than this is prose in a box, not a label, value or address
_MARGIN = 0.12  # top and bottom bands of a page where running headers and footers sit


class PdfTextError(Exception):
    """A PDF that cannot be read: malformed, locked with a password, or without a text layer."""


@dataclass
class Segment:
    """A run of characters on one line, between wide gaps; coordinates in points from the top."""

    page: int
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    baseline: float
    size: float
    bold: bool
    markers: int = 0  # footnote markers taken out
    number: str = ""  # a number set apart at the end of the line (a table cell, a contents page)
    suffix: bool = False  # opens with a raised ordinal suffix ("th" of "4th") that PDFium set apart
    lead: str = ""  # raised digits that open the segment before its text: a note's own number, or a marker
    hang: float = 0.0  # where the text after a label set at a tab stop begins ("27." [tab] "Children")


@dataclass
class Paragraph:
    """Consecutive segments that a reader reads as one paragraph."""

    lines: list[Segment] = field(default_factory=list)
    rows: list[list[tuple[float, list[Segment]]]] | None = None  # a ruled table: rows of cells (right limit, lines)

    @property
    def first(self) -> Segment:
        return self.lines[0]

    @property
    def last(self) -> Segment:
        return self.lines[-1]


@dataclass
class Rules:
    """A page's ruled lines (table borders), in points from the page's top: `vertical` as
    (x, top, bottom), `horizontal` as (y, x0, x1)."""

    vertical: list[tuple[float, float, float]] = field(default_factory=list)
    horizontal: list[tuple[float, float, float]] = field(default_factory=list)


def _page_rules(page, height: float) -> Rules:
    """The page's rules: paths under 2 pt thick and over 5 pt long (a table's cell borders)."""
    import ctypes

    import pypdfium2.raw as raw

    rules = Rules()
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    for count in range(raw.FPDFPage_CountObjects(page.raw)):
        obj = raw.FPDFPage_GetObject(page.raw, count)
        if raw.FPDFPageObj_GetType(obj) != raw.FPDF_PAGEOBJ_PATH:
            continue
        if not raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            continue
        width, tall = right.value - left.value, top.value - bottom.value
        if width < 2 and tall > 5:
            rules.vertical.append(((left.value + right.value) / 2, height - top.value, height - bottom.value))
        elif tall < 2 and width > 5:
            rules.horizontal.append((height - (top.value + bottom.value) / 2, left.value, right.value))
    return rules


def _symbolic_font(textpage, index: int) -> bool:
    """Whether the character at `index` is drawn in a font flagged symbolic (PDF font flag 3:
    Wingdings, Symbol, dingbats), whose codes name glyphs, not letters."""
    import ctypes

    import pypdfium2.raw as raw

    flags = ctypes.c_int()
    raw.FPDFText_GetFontInfo(textpage, index, None, 0, flags)
    return bool(flags.value & 4)


def _page_segments(page, index: int) -> tuple[list[Segment], float, Rules]:
    """Segments of one page, the page height (points) and its rules (_page_rules)."""
    import pypdfium2.raw as raw

    height = page.get_height()
    rules = _page_rules(page, height)
    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        text = textpage.get_text_range(0, count) if count else ""
        if len(text) != count:  # get_text_range is not one character per index here
            text = "".join(chr(raw.FPDFText_GetUnicode(textpage, i)) for i in range(count))
        box = raw.FS_RECTF()
        chars: list[tuple[str, float, float, float, float, float, int]] = []
        lines: list[list[tuple[str, float, float, float, float, float, int]]] = []
        for i, char in enumerate(text):
            if char in "\r\n":
                if chars:
                    lines.append(chars)
                    chars = []
                continue
            if _SYMBOL_CODE.match(char) and _symbolic_font(textpage, i):
                char = chr(0xF000 + ord(char))  # a symbol font's glyph code, as Word maps it
            if char.isspace() or char == "\x00":
                chars.append((" ", 0, 0, 0, 0, 0, i))
                continue
            if char in "\x02\ufffe\u00ad":  # PDFium's mark for a hyphen at a line end
                char = "-"
            # the loose box spans the font's ascent to descent: its height is the size as
            # drawn (FPDFText_GetFontSize ignores the text matrix, some PDFs draw at size 1)
            raw.FPDFText_GetLooseCharBox(textpage, i, box)
            chars.append((char, box.left, box.right, height - box.top, height - box.bottom, box.top - box.bottom, i))
        if chars:
            lines.append(chars)
        segments = []
        for line in lines:
            segments.extend(_split_line(line, index, textpage, rules))
    finally:
        textpage.close()
    return segments, height, rules


def _split_line(line, index: int, textpage, rules: Rules | None = None) -> list[Segment]:
    """Cut one PDFium line at wide gaps, at jumps in height and where a vertical rule (a table's
    column border, see _page_rules) runs between two characters; drop raised small digits."""
    vertical = rules.vertical if rules else []
    import pypdfium2.raw as raw

    visible = [c for c in line if not c[0].isspace()]
    if not visible:
        return []
    groups: list[list] = [[]]
    previous = None
    for char in line:
        if char[0].isspace():
            groups[-1].append(char)
            continue
        if previous is not None:
            size = previous[5] if previous[5] > char[5] else char[5]
            gap = char[1] - previous[2]
            if (char[0].isalpha() and gap > _LABEL_GAP * size and _LABEL.fullmatch("".join(c[0] for c in groups[-1]).strip())):
                groups[-1].append((" ", 0, 0, 0, 0, 0, -1))  # "10." set at a tab stop before its text, no space drawn
            ruled = any(previous[2] - 1 <= x <= char[1] + 1 and top < char[4] and char[3] < bottom
                        for x, top, bottom in vertical)
            if (ruled or gap > 1.5 * size or gap < -4 * size
                    or (abs(char[4] - previous[4]) > 1.2 * size and abs(char[3] - previous[3]) > 1.2 * size)):
                groups.append([])
        groups[-1].append(char)
        previous = char
    # a bullet or a paragraph number set apart from its text by a tab belongs to that text
    merged: list[list] = []
    hangs: dict[int, float] = {}  # a label's text set at a tab stop: where that text begins
    for group in groups:
        label = "".join(c[0] for c in group).strip()
        if merged and re.fullmatch(r"[\d.,%£()/-]+", label):  # a number in a row: a table cell, a page in a contents list
            merged[-1] = merged[-1] + [("\t", 0, 0, 0, 0, 0, -1)] + group
        elif merged and (len(label_before := "".join(c[0] for c in merged[-1]).strip()) <= 4
                       and (is_bullet_mark(label_before[:1]) or _LABEL.fullmatch(label_before))):
            merged[-1] = merged[-1] + [(" ", 0, 0, 0, 0, 0, -1)] + group
            if label:
                hangs[id(merged[-1])] = min(c[1] for c in group if not c[0].isspace())
        elif label:
            merged.append(group)
    groups = merged
    segments = []
    for group in groups:
        chars = [c for c in group if not c[0].isspace()]
        if not chars:
            continue
        size = statistics.median(c[5] for c in chars)
        baseline = statistics.median(c[4] for c in chars if c[5] >= 0.8 * size)
        kept, markers, opening, lead = [], 0, False, ""
        for char in group:
            raised = not char[0].isspace() and char[5] < 0.8 * size and char[4] < baseline - 0.15 * size
            if raised and (char[0].isdigit() or char[0] in ",*†‡"):
                if not any(not c[0].isspace() for c in kept):  # a note's own number opens it: kept
                    kept.append(char)
                    opening = True
                    lead += char[0]
                    continue
                markers += 1
                continue
            if opening and not char[0].isspace():
                kept.append((" ", 0, 0, 0, 0, 0, -1))
            opening = False
            kept.append(char)
        text = "".join(c[0] for c in kept).strip()
        if not text:
            continue
        number = ""
        if "\t" in text:
            number = text.rsplit("\t", 1)[1].strip()
        text = re.sub(r"\s+", " ", text)
        boxed = [c for c in kept if not c[0].isspace()]
        weight = raw.FPDFText_GetFontWeight(textpage, boxed[0][6])
        opening = ""  # raised letters that open the segment: "th" of "4th" when PDFium set it apart
        for char in boxed:
            if not (char[0].isalpha() and char[5] < 0.8 * size and char[4] < baseline - 0.15 * size):
                break
            opening += char[0]
        segments.append(Segment(
            page=index, text=text, x0=min(c[1] for c in boxed), x1=max(c[2] for c in boxed),
            top=min(c[3] for c in boxed), bottom=max(c[4] for c in boxed), baseline=baseline,
            size=round(size, 1), bold=weight >= 600, markers=markers, number=number,
            suffix=opening.lower() in _ORDINAL_SUFFIXES and len(opening) < len(boxed),
            lead=lead if text != lead else "", hang=hangs.get(id(group), 0.0),
        ))
    # a segment that is nothing but a marker stays a marker only inside a line
    return segments


def _digits_out(text: str) -> str:
    return re.sub(r"\d+", "#", text.lower())


def _drop_furniture(pages: list[list[Segment]], heights: list[float], body: float) -> list[list[Segment]]:
    """Remove running headers/footers and page numbers (by band and repetition; a lone page
    number need not repeat; a small number with a note beside it is a footnote's, kept)."""
    def band(seg: Segment) -> str:
        height = heights[seg.page]
        if seg.bottom < _MARGIN * height:
            return "top"
        if seg.top > (1 - _MARGIN) * height:
            return "bottom"
        return ""

    seen: dict[tuple[str, str], list[Segment]] = {}
    for segments in pages:
        for seg in segments:
            where = band(seg)
            if where:
                seen.setdefault((where, _digits_out(seg.text)), []).append(seg)
    furniture: set[int] = set()
    repeated = {id(seg) for group in seen.values() for seg in group
                if any(other.page != seg.page and abs(other.top - seg.top) <= 0.03 * heights[seg.page]
                       for other in group)}

    def goes_on(seg: Segment) -> bool:
        """A top-band line that goes on below in the same font and at the same left edge, into a
        line that is not a running one itself: the first line of a heading ("The experiences and
        progress of" / "children who need help and protection"), not a running header."""
        return band(seg) == "top" and any(
            id(other) not in repeated and 0 < other.baseline - seg.baseline <= 1.5 * seg.size
            and abs(other.size - seg.size) < 0.6 and other.bold == seg.bold and abs(other.x0 - seg.x0) <= 2
            for other in pages[seg.page])

    for group in seen.values():
        for seg in group:
            again = {other.page for other in group
                     if other.page != seg.page and abs(other.top - seg.top) <= 0.03 * heights[seg.page]}
            if again and goes_on(seg):
                again = set()
            number = bool(_PAGE_NUMBER.match(seg.text))
            if number and seg.size < 0.8 * body and any(
                    other is not seg and 0 <= other.x0 - seg.x1 < 12 and other.top < seg.bottom + 2
                    and seg.top < other.bottom + 2 for other in pages[seg.page]):
                continue  # a footnote's number in small print, its note beside it: not the page's
            if again or number:
                furniture.add(id(seg))
    return [[seg for seg in segments if id(seg) not in furniture] for segments in pages]


def _drop_contents_pages(pages: list[list[Segment]]) -> None:
    """On a contents page (three or more lines ending, after a wide gap, in a page number of
    this document, in order), take the page numbers off the entries."""
    for segments in pages:
        refs = [seg for seg in segments if seg.number.isdigit() and 0 < int(seg.number) <= len(pages)]
        numbers = [int(seg.number) for seg in refs]
        if len(refs) >= 3 and numbers == sorted(numbers):
            for seg in refs:
                seg.text = seg.text[: len(seg.text) - len(seg.number)].rstrip()
                seg.number = ""


def _body_size(pages: list[list[Segment]]) -> float:
    sizes: Counter[float] = Counter()
    for segments in pages:
        for seg in segments:
            sizes[round(seg.size)] += len(seg.text)
    return float(sizes.most_common(1)[0][0]) if sizes else 0.0


def _drop_letterhead(pages: list[list[Segment]], body: float) -> list[list[Segment]]:
    """On the first page, the small print at the top before any body-size text (the sender's
    letterhead), or small print above the top of the text block of the later pages."""
    if not pages or not pages[0]:
        return pages
    tops = [seg.top for segments in pages[1:] for seg in segments if abs(seg.size - body) < 1]
    block_top = min(tops) if tops else 0.0
    first_body = min((seg.top for seg in pages[0] if seg.size >= body - 0.5), default=0.0)
    limit = max(block_top, first_body)
    first = [seg for seg in pages[0] if not (seg.bottom <= limit + 1 and seg.size < body - 0.5)]
    return [first, *pages[1:]]


def _ruled_between(left: Segment, right: Segment, rules: Rules) -> bool:
    """Whether a vertical rule runs between `left` and `right` (two cells of a table row)."""
    return any(left.x1 - 1 <= x <= right.x0 + 1 and top < right.bottom and right.top < bottom
               for x, top, bottom in rules.vertical)


def _tidy_rows(segments: list[Segment], body: float, rules: Rules) -> list[Segment]:
    """Drop footnote markers that PDFium set apart as lines of their own (small digits beside
    a line of text) or at the start of a line of body-size text (a note's own number opens small
    print), then join the pieces of a line that they split; a raised ordinal suffix set apart
    from its number joins it without a space ("4" + "th Floor" -> "4th Floor")."""
    def beside(marker: Segment, other: Segment) -> bool:
        return (other is not marker and other.size > marker.size + 1 and other.top < marker.bottom
                and marker.top < other.bottom and abs(marker.x0 - other.x1) < 4)  # right after a word

    kept = [seg for seg in segments
            if not (re.fullmatch(r"\d{1,3}(?:,\d{1,3})*", seg.text) and seg.size < 0.8 * body
                    and any(beside(seg, other) for other in segments))]
    for seg in kept:
        if seg.lead and seg.size >= body - 0.5:  # body text opened by a raised number: a marker, not a note
            seg.text = seg.text[len(seg.lead):].lstrip()
            seg.markers += 1
            seg.lead = ""
    merged: list[Segment] = []
    for seg in sorted(kept, key=lambda s: (round(s.baseline), s.x0)):
        prev = merged[-1] if merged else None
        if (prev is not None and abs(prev.baseline - seg.baseline) < 0.3 * seg.size
                and abs(prev.size - seg.size) < 0.6 and -seg.size < seg.x0 - prev.x1 < 1.5 * seg.size
                and not _ruled_between(prev, seg, rules)):
            ordinal = seg.suffix and prev.text[-1:].isdigit() and seg.x0 - prev.x1 < 0.3 * seg.size  # "4" + "th"
            merged[-1] = Segment(prev.page, prev.text + ("" if ordinal else " ") + seg.text, prev.x0, seg.x1,
                                 min(prev.top, seg.top), max(prev.bottom, seg.bottom), prev.baseline, prev.size,
                                 prev.bold, prev.markers + seg.markers, suffix=prev.suffix)
        else:
            merged.append(seg)
    return merged


def _cell(seg: Segment, rules: Rules) -> tuple[int, int, int, int] | None:
    """The ruled box around `seg` as (left, right, top, bottom) in whole points, or None when
    rules do not close it on all four sides."""
    middle_y, middle_x = (seg.top + seg.bottom) / 2, (seg.x0 + seg.x1) / 2
    left = [x for x, top, bottom in rules.vertical if x <= seg.x0 + 1 and top <= middle_y <= bottom]
    right = [x for x, top, bottom in rules.vertical if x >= seg.x1 - 1 and top <= middle_y <= bottom]
    above = [y for y, x0, x1 in rules.horizontal if y <= middle_y and x0 <= middle_x <= x1]
    below = [y for y, x0, x1 in rules.horizontal if y >= middle_y and x0 <= middle_x <= x1]
    if not (left and right and above and below):
        return None
    return round(max(left)), round(min(right)), round(max(above)), round(min(below))


def _short_cell(lines: list[Segment]) -> bool:
    """A cell that holds a label, a value, a name or an address, not running prose or a list."""
    return sum(len(seg.text) for seg in lines) <= _CELL_CHARS and not any(is_bullet_mark(seg.text[0]) for seg in lines)


def _tables(segments: list[Segment], rules: Rules) -> tuple[list[Paragraph], list[Segment]]:
    """(tables, other segments): segments inside ruled cells (_cell) become tables. A row is
    the cells between the same two horizontal rules, left to right; a table is a run of rows,
    each starting where the one above ends, whose cells are all short (_short_cell) and one of
    which has two cells or more. Rows of prose in boxes and one-column boxes are left as text."""
    cells: dict[tuple[int, int, int, int], list[Segment]] = {}
    rest: list[Segment] = []
    for seg in segments:
        box = _cell(seg, rules)
        if box is None:
            rest.append(seg)
        else:
            cells.setdefault(box, []).append(seg)
    rows: dict[tuple[int, int], list[tuple[int, int, int, int]]] = {}
    for box in cells:
        rows.setdefault((box[2], box[3]), []).append(box)
    runs: list[list[tuple[int, int]]] = []
    for key in sorted(rows):
        if not all(_short_cell(cells[box]) for box in rows[key]):
            rest.extend(seg for box in rows[key] for seg in cells[box])
            runs.append([])
        elif runs and runs[-1] and abs(key[0] - runs[-1][-1][1]) <= 3:  # starts where the row above ends
            runs[-1].append(key)
        else:
            runs.append([key])
    out: list[Paragraph] = []
    for run in runs:
        if not run:
            continue
        if max(len(rows[key]) for key in run) < 2:
            rest.extend(seg for key in run for box in rows[key] for seg in cells[box])
            continue
        para = Paragraph(rows=[])
        for key in run:
            row = []
            for box in sorted(rows[key]):
                lines = sorted(cells[box], key=lambda s: (round(s.baseline), s.x0))
                padding = min(seg.x0 for seg in lines) - box[0]  # as much inside the right border,
                row.append((box[1] - padding - 0.5 * lines[0].size, lines))  # and half an em to spare
            para.rows.append(row)
            para.lines.extend(seg for _, lines in row for seg in lines)
        out.append(para)
    return out, rest


def _page_paragraphs(segments: list[Segment], rules: Rules) -> list[Paragraph]:
    """One page's paragraphs in reading order, its ruled tables (see _tables) among them."""
    tables, rest = _tables(segments, rules)
    return sorted(tables + _paragraphs(rest), key=lambda p: (round(p.first.baseline), p.first.x0))


def _starts_item(text: str, before: str) -> bool:
    """Whether a line of `text` opens a list item (a bullet, or a label such as "2." or "b)"),
    given the text `before` it (the paragraph it would go on). A hyphen after a word at the end
    of `before` goes on into the label ("(MAPPA-" / "2) meetings"), and so does a bracket that
    `before` left open ("(see paragraph" / "2) below"): neither is a list item."""
    if is_bullet_mark(text[0]):
        return True
    label = _NUMBERED.match(text)
    if not label:
        return False
    closes = label.group().rstrip().endswith(")") and before.count("(") > before.count(")")
    return not (re.search(r"\w-$", before) or closes)


def _paragraphs(segments: list[Segment]) -> list[Paragraph]:
    """Group one page's segments into paragraphs (reading order: top to bottom, then left)."""
    ordered = sorted(segments, key=lambda s: (round(s.baseline), s.x0))
    # rows: segments on one baseline; a row's segments are read left to right
    open_paragraphs: list[Paragraph] = []
    done: list[Paragraph] = []
    for seg in ordered:
        target = None
        for para in open_paragraphs:
            last = para.last
            pitch = seg.baseline - last.baseline
            if not (0 < pitch <= 1.5 * max(seg.size, last.size)):
                continue
            if abs(seg.size - last.size) > 0.6 or seg.bold != last.bold:
                continue
            # a hanging indent: under the text after the first line's label, or on the left edge
            # of the paragraph's second line
            hanging = ((para.first.hang and abs(seg.x0 - para.first.hang) <= 0.5 * seg.size)
                       or (len(para.lines) > 1 and abs(seg.x0 - para.lines[1].x0) <= 2))
            if not (para.first.x0 - 2 <= seg.x0 <= para.first.x0 + 2.5 * seg.size or hanging):
                continue
            if seg.x0 > last.x1 or seg.x1 < para.first.x0:
                continue
            if ((is_bullet_mark(seg.text[0]) or _NUMBERED.match(seg.text))  # the paragraph's text only then
                    and _starts_item(seg.text, " ".join(line.text for line in para.lines))):
                continue
            target = para
            break
        if target is None:
            target = Paragraph()
            open_paragraphs.append(target)
        target.lines.append(seg)
        # a paragraph far above the current line can take no more lines
        still = []
        for para in open_paragraphs:
            if seg.baseline - para.last.baseline > 2 * max(seg.size, para.last.size) and para is not target:
                done.append(para)
            else:
                still.append(para)
        open_paragraphs = still
    done.extend(open_paragraphs)
    done.sort(key=lambda p: (round(p.first.baseline), p.first.x0))
    return done


def _split_footnotes(paragraphs: list[Paragraph], body: float) -> tuple[list[Paragraph], list[Paragraph]]:
    """(body paragraphs, footnotes): footnotes are small print below the last body-size paragraph."""
    last_body = max((i for i, p in enumerate(paragraphs) if p.first.size >= body - 0.5), default=-1)
    notes = [p for p in paragraphs[last_body + 1:] if p.first.size < body - 0.5]
    kept = [p for p in paragraphs if all(p is not n for n in notes)]
    return kept, notes


def _join_notes(notes: list[Paragraph]) -> list[Paragraph]:
    """Footnotes of one page as whole notes: a note starts at its number; a bare number joins
    the text after it, and a piece without a number continues the note before it."""
    joined: list[Paragraph] = []
    for para in notes:
        text = para.first.text
        if joined and (re.fullmatch(r"\d{1,3}", joined[-1].last.text) or not re.match(r"\d{1,3}\b", text)):
            joined[-1].lines.extend(para.lines)
        else:
            joined.append(Paragraph(list(para.lines)))
    return [note for note in joined if not note.last.text.isdigit()]  # a number without its note


def _join_connectives(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """A paragraph that is a lone "And" or "Or" (a wrapped title) joins its neighbours."""
    out: list[Paragraph] = []
    i = 0
    while i < len(paragraphs):
        para = paragraphs[i]
        if (out and len(para.lines) == 1 and para.rows is None and para.first.text.lower() in {"and", "or", "&"}
                and i + 1 < len(paragraphs) and abs(paragraphs[i + 1].first.size - para.first.size) < 0.6):
            out[-1].lines.extend(para.lines + paragraphs[i + 1].lines)
            i += 2
            continue
        out.append(para)
        i += 1
    return out


def _is_contact_block(para: Paragraph, body: float) -> bool:
    """Small print stacked in short lines without punctuation: a postal address or contact
    block (the publisher's address in a report's back matter), not running text."""
    return (para.rows is None and len(para.lines) >= 3 and all(seg.size < body - 0.5 for seg in para.lines)
            and all(len(seg.text) <= 40 and not re.search(r"[.,;!?]$", seg.text) for seg in para.lines))


def _continues(before: Paragraph, after: Paragraph) -> bool:
    """Whether `after` (first on a new page) goes on with `before` (last on the page before)."""
    text = after.first.text
    if _starts_item(text, " ".join(line.text for line in before.lines)):
        return False
    if text[:1].islower():
        return True
    if _FINAL.search(before.last.text):
        return False
    return abs(before.last.size - after.first.size) < 0.6 and before.last.bold == after.first.bold and not before.last.bold


def _broken_on_purpose(before: Segment, after: Segment, right: float) -> bool:
    """Whether the line break after `before` was set by the writer (an address, a date line):
    the first word of `after` would have fitted on `before`'s line, so it did not wrap there."""
    word = after.text.split(" ", 1)[0]
    width = (after.x1 - after.x0) * len(word) / max(len(after.text), 1)
    return before.x1 + 0.3 * before.size + width < right - 2


def _render_table(para: Paragraph, vocabulary: HyphenVocabulary, counts: Counter[str]) -> str:
    """A ruled table, one row a line (as the HTML loader writes tables): two cells as
    "label: value", more joined by " | "; a cell's own lines set by the writer joined by ", "."""
    lines = []
    for row in para.rows or []:
        cells = [_render(Paragraph(lines), vocabulary, counts, max(right, *(seg.x1 for seg in lines))).replace("\n", ", ")
                 for right, lines in row]
        cells = [cell for cell in cells if cell]
        if cells:
            lines.append(": ".join(cells) if len(cells) == 2 else " | ".join(cells))
    return "\n".join(lines)


def _render(para: Paragraph, vocabulary: HyphenVocabulary, counts: Counter[str], right: float = 0.0) -> str:
    """A paragraph's text; `right` is where its lines could reach (a table cell's border),
    else its longest line's end."""
    if para.rows is not None:
        return _render_table(para, vocabulary, counts)
    text = ""
    edge = right or max(seg.x1 for seg in para.lines)
    previous = para.first
    for seg in para.lines:
        piece = seg.text
        if not text:
            text = piece
            continue
        before, previous = previous, seg
        hyphen = re.search(r"([^\W\d_]+)-$", text[-80:])
        joining = {before.text.lower(), piece.lower()} & {"and", "or", "&"} or before.text.isdigit()
        if not hyphen and not joining and _broken_on_purpose(before, seg, edge):
            text += "\n" + piece
            continue
        right = re.match(r"([^\W\d_]+)", piece)
        if hyphen and right and piece[:1].islower():
            if vocabulary.is_one_word(hyphen.group(1), right.group(1), counts):
                text = text[:-1] + piece
            else:
                text += piece
        elif text.endswith(("-", "/")) and not text.endswith(" -"):
            text += piece
        else:
            text += " " + piece
    if text and is_bullet_mark(text[0]):  # a mark no reader can see becomes "•", a visible one stays
        text = readable_bullets(text[0]) + " " + text[1:].lstrip()
    return text


def _word_counts(paragraphs: list[Paragraph]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for para in paragraphs:
        for seg in para.lines:
            counts.update(w.lower() for w in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", seg.text.rstrip("-")))
    return counts


def pdf_text(data: bytes, vocabulary: HyphenVocabulary | None = None) -> str:
    """The body text of the PDF in `data` (see the module docstring for what is kept and how).

    Encrypted PDFs that open with the empty password (RC4 or AES) are read. Raises
    PdfTextError for a malformed PDF, one locked with a password, or one without text.
    """
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc).lower()
        if "password" in message:
            raise PdfTextError("password-protected PDF") from None
        raise PdfTextError(f"malformed PDF ({exc})") from None
    try:
        pages, heights, rules = [], [], []
        for index in range(len(document)):
            page = document[index]
            try:
                segments, height, page_rules = _page_segments(page, index)
            finally:
                page.close()
            pages.append(segments)
            heights.append(height)
            rules.append(page_rules)
    except pdfium.PdfiumError as exc:
        raise PdfTextError(f"malformed PDF ({exc})") from None
    finally:
        document.close()
    body = _body_size(pages)
    pages = _drop_furniture(pages, heights, body)
    _drop_contents_pages(pages)
    pages = _drop_letterhead(pages, body)
    paragraphs: list[Paragraph] = []
    footnotes: list[Paragraph] = []
    for segments, page_rules in zip(pages, rules):
        page_paragraphs, notes = _split_footnotes(
            _join_connectives(_page_paragraphs(_tidy_rows(segments, body, page_rules), page_rules)), body)
        page_paragraphs = [p for p in page_paragraphs if not _is_contact_block(p, body)]
        notes = _join_notes([p for p in notes if not _is_contact_block(p, body)])
        footnotes.extend(notes)
        if (paragraphs and page_paragraphs and paragraphs[-1].rows is None and page_paragraphs[0].rows is None
                and _continues(paragraphs[-1], page_paragraphs[0])):
            paragraphs[-1].lines.extend(page_paragraphs.pop(0).lines)
        paragraphs.extend(page_paragraphs)
    vocabulary = vocabulary or load_vocabulary()
    counts = _word_counts(paragraphs + footnotes)
    blocks = [_render(p, vocabulary, counts) for p in paragraphs + footnotes]
    text = "\n\n".join(b for b in blocks if b)
    text = _LIGATURES.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    if not text.strip():
        raise PdfTextError("PDF has no text layer (scanned?)")
    return text
