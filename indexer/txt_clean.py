"""Drop page furniture from a plain-text letter: running headers and footers, page numbers and
the Ofsted sender's address block.

The curated `.txt` letters were converted from PDFs and kept some of the PDF's page furniture
as lines of their own, often between the two halves of a sentence ("... amended through\\n
Inspection of Liverpool local authority children's services\\n13 to 24 March 2023\\n\\n
child-friendly meetings"). Lines are judged by repetition within the letter and by their
form, never by a list of files:

- running header: a line repeated in the letter (digits aside) that is followed by a bare date
  line ("13 to 24 March 2023") at least twice, or that names the inspection ("Inspection of
  ...", "Inspection report: ..."), and a bare date line repeated; with the date (or the year)
  a header wrapped onto its next line. The occurrence among the letter's first five lines is
  its title and stays;
- page number: "Page 2 of 13", or bare numbers on lines of their own when the letter has two
  or more of them in rising order;
- address: a line made only of the parts of Ofsted's postal and contact address ("Piccadilly
  Gate", "Store Street", "M1 2WD", "T 0300 123 1231", "enquiries@ofsted.gov.uk", ...), with
  the lines next to it that are only "Ofsted", "Manchester", "© Crown copyright 2023" and the
  like. Another body's address (an addressee, a partner's office) is never touched.

Where furniture cut a sentence, the two halves are joined by one space.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_YEAR = r"(?:\d{4}|\d{2})"
_DAY = rf"\d{{1,2}}(?:st|nd|rd|th)?(?:\s+{_MONTH})?(?:\s+{_YEAR})?"
_RANGE = rf"(?:{_DAY}\s*(?:to|-|–)\s*)?(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?{_MONTH}\s+{_YEAR}"
# a bare date, date range or month, with a page number run onto its end: "13 to 24 March 2023",
# "28 February to 4 March 2022 7", "1-5 July 2024", "8 June to 19 June 26", "October 2023",
# "5 to 9 December 2022 and 14 to 15 February 2023"
_DATE_LINE = re.compile(rf"^{_RANGE}(?:\s*(?:,|and)\s*{_RANGE})*\.?(?:\s+\d{{1,3}})?$", re.IGNORECASE)
# what a running header wrapped onto its next line: a date, or its year alone ("...24 March\n2023")
_HEADER_TAIL = re.compile(rf"^(?:{_DATE_LINE.pattern[1:-1]}|\d{{4}}\.?)$", re.IGNORECASE)
_NAMES_INSPECTION = re.compile(r"\binspection (?:of|report)\b", re.IGNORECASE)
_PAGE_OF = re.compile(r"^page\s+\d{1,3}\s+(?:of|/)\s+\d{1,3}$", re.IGNORECASE)
_BARE_NUMBER = re.compile(r"^\d{1,3}$")
_MAX_HEADER_CHARS = 160
_TOP_LINES = 5  # the letter's first non-empty lines: its title block

# Ofsted's own addresses and contact lines (Manchester, Nottingham and London offices).
_OFSTED_ADDRESS = (r"Piccadilly Gate|Store St(?:reet)?\.?|M1 2WD|Agora|6 Cumberland Place|NG1 6HJ|Aviation House|"
                   r"125 Kingsway|WC2B 6SE|(?:Direct\s+)?(?:T|Tel|Telephone)\s*[:.]?\s*0300\s*123\s*\d{4}|"
                   r"Text\s?phone\s*:?(?:\s*[\d ]+)?|(?:(?:Direct\s+)?E(?:mail)?\s*:?\s*)?[\w.]*@ofsted\.(?:gov\.uk)?|"
                   r"(?:W\s*:?\s*)?(?:https?://)?www\.(?:gov\.uk[/.])?ofsted(?:\.gov\.uk)?\S*")
# parts that belong to the block only next to one of the above: a town, the sender, a number
# cut from the phone line, "gov.uk" cut from the e-mail address, the copyright line
_BLOCK_PART = r"(?:,?\s*O?fsted|Manchester|Nottingham|London|gov\.uk|\d[\d ]+\d|©\s*Crown copyright\s*\d{0,4})"
_ADDRESS_TOKEN = re.compile(rf"(?:{_OFSTED_ADDRESS})", re.IGNORECASE)
_BLOCK_TOKEN = re.compile(rf"(?:{_OFSTED_ADDRESS}|{_BLOCK_PART})", re.IGNORECASE)
_SEPARATORS = re.compile(r"^[\s,;.|·•-]*$")

# words a sentence does not end on: a cut after one of them is inside a sentence
_RUNS_ON = frozenset("a an and as at by for from in into of on or than that the their to which with who whose "
                     "whom where when while its this these those our are is was were be been has have had not".split())
_SENTENCE_END = ".!?:;)]”\"’'"


@dataclass(frozen=True)
class Removed:
    """One line taken out: `kind` is "running header", "page number" or "address"; `line` its text."""

    kind: str
    line: str


@dataclass(frozen=True)
class CleanText:
    """A letter body without its page furniture, and the lines removed (in order)."""

    text: str
    removed: tuple[Removed, ...]


def _key(line: str) -> str:
    """A line with white space collapsed and digits as '#': running headers differ only in page numbers."""
    return re.sub(r"\d+", "#", " ".join(line.split()))


def _only(tokens: re.Pattern, line: str) -> bool:
    return bool(tokens.search(line)) and bool(_SEPARATORS.match(tokens.sub(" ", line)))


def _address_lines(lines: list[str]) -> set[int]:
    """Indexes of the lines of Ofsted's address blocks: lines made only of Ofsted address parts,
    grown over the neighbouring lines (blank lines between allowed) made only of block parts."""
    found = {i for i, line in enumerate(lines) if _only(_ADDRESS_TOKEN, line) or
             (_ADDRESS_TOKEN.search(line) and _only(_BLOCK_TOKEN, line))}
    grown = True
    while grown:
        grown = False
        for i in sorted(found):
            for step in (-1, 1):
                j = i + step
                while 0 <= j < len(lines) and not lines[j].strip():
                    j += step
                if 0 <= j < len(lines) and j not in found and _only(_BLOCK_TOKEN, lines[j]):
                    found.add(j)
                    grown = True
    return found


def _neighbour(lines: list[str], i: int, step: int, skip: set[int]) -> int | None:
    """The nearest non-blank line from i (exclusive) in direction `step` that is not in `skip`."""
    j = i + step
    while 0 <= j < len(lines) and (not lines[j].strip() or j in skip):
        j += step
    return j if 0 <= j < len(lines) else None


def _cuts_sentence(before: str, after: str) -> bool:
    """Whether the text `before` a removed line and the text `after` it are one sentence: it goes
    on in lower case, or `before` ends on a comma, a hyphen or a word no sentence ends on."""
    before, after = before.rstrip(), after.lstrip()
    if not before or not after:
        return False
    if after[0].islower():
        return True
    if before[-1] in ",-–":
        return True
    words = re.findall(r"[A-Za-z’']+$", before)
    return bool(words) and words[0].lower() in _RUNS_ON


def _running_headers(lines: list[str], taken: set[int]) -> dict[int, str]:
    """Indexes of running header and page number lines (see the module docstring), with their
    kind; `taken` are lines already removed (address blocks), passed over."""
    keys = [_key(line) if line.strip() and len(line.strip()) <= _MAX_HEADER_CHARS else "" for line in lines]
    counts = Counter(k for i, k in enumerate(keys) if k and i not in taken)
    top = set([i for i, line in enumerate(lines) if line.strip() and i not in taken][:_TOP_LINES])
    found: dict[int, str] = {}

    def next_line(i: int, pattern: re.Pattern) -> int | None:
        j = _neighbour(lines, i, 1, taken)
        return j if j is not None and pattern.match(lines[j].strip()) else None

    groups: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        if key and counts[key] >= 2 and i not in taken and i not in top:
            groups.setdefault(key, []).append(i)
    for key, where in groups.items():
        if _DATE_LINE.match(lines[where[0]].strip()):
            found.update((i, "running header") for i in where)  # a bare date repeated: a header of its own
            continue
        paired = sum(next_line(i, _DATE_LINE) is not None for i in where)
        if key.endswith((".", ",", ";")) or not (paired >= 2 or _NAMES_INSPECTION.search(key)):
            continue
        for i in where:
            found[i] = "running header"
            j = next_line(i, _HEADER_TAIL)
            if j is not None and j not in top:
                found[j] = "running header"
    numbers = [i for i, line in enumerate(lines) if _BARE_NUMBER.match(line.strip()) and i not in taken]
    values = [int(lines[i]) for i in numbers]
    if len(numbers) >= 2 and values == sorted(values):
        found.update((i, "page number") for i in numbers)
    found.update((i, "page number") for i, line in enumerate(lines) if _PAGE_OF.match(line.strip()) and i not in taken)
    return found


def clean_letter_text(body: str) -> CleanText:
    """`body` (a letter's text after its header block, "\\n" line ends) without running headers,
    footers, page numbers and Ofsted's address blocks.

    A removed run of lines is replaced by one space where it cut a sentence (see _cuts_sentence),
    else by the line break(s) around it ("\\n\\n" where a blank line was next to it and the text
    before ends a sentence, else "\\n"); at the start or end of the body it is dropped. Every
    other line is kept as it is, but for the white space at a join: no word is lost but the
    furniture's (eval/txt_furniture.py checks this over the corpus).
    """
    lines = body.split("\n")
    kinds = {i: "address" for i in _address_lines(lines)}
    kinds.update(_running_headers(lines, set(kinds)))
    if not kinds:
        return CleanText(body, ())
    removed = tuple(Removed(kinds[i], lines[i]) for i in sorted(kinds))
    out: list[str] = []
    i = 0
    while i < len(lines):
        if i not in kinds:
            out.append(lines[i])
            i += 1
            continue
        j = i
        while j < len(lines) and (j in kinds or not lines[j].strip()):
            j += 1  # the run of furniture, with the blank lines inside and after it
        blank_around = any(not lines[k].strip() for k in range(i, j)) or (bool(out) and not out[-1].strip())
        while out and not out[-1].strip():
            out.pop()
        if not out or j >= len(lines):
            i = j
            continue
        following = lines[j]
        if _cuts_sentence(out[-1], following):
            out[-1] = out[-1].rstrip() + " " + following.lstrip()
            i = j + 1
            continue
        if blank_around and out[-1].rstrip()[-1:] in _SENTENCE_END:
            out.append("")
        i = j
    text = "\n".join(out)
    if body.endswith("\n") and not text.endswith("\n"):
        text += "\n"
    return CleanText(text, removed)
