"""List item marks at the start of a line: which characters are bullets, and a readable glyph for
the ones no reader can see.

Letters converted from Word or PDF keep their bullets as the font's private-use code points
(Wingdings and Symbol map theirs into U+F000-U+F0FF: U+F06E, U+F02D, U+F0A7, U+F0B7, U+F0BE in
corpus/, 10,526 lines of 988 letters), which a browser, a terminal or a CSV viewer shows as an
empty box. The box-drawing and dash glyphs ("─", "―", "⎯", "−") and a bare combining long
stroke (U+0336) mark sub-items in the curated letters. A hyphen, an en dash or an asterisk
followed by a space also starts a list item ("- there have been 153 adoptions").

One definition for the loader (readable_bullets), the sentence splitter (indexer.sentences), the
chunker's block boundaries (indexer.chunk) and the PDF reader's list items (indexer.pdf_text).
"""
from __future__ import annotations

import re

# marks that start a list item wherever they begin a line (no sentence starts with one)
BULLET_MARKS = "◼▪●■□◦‣⁃•◆◇➢➤✓✔−─―⎯\u0336"
PRIVATE_USE = "\ue000-\uf8ff"  # a regex class range: the Basic Multilingual Plane's private-use area
# marks that start a list item only when a space follows them ("- item", "– item", "* item")
DASH_MARKS = "-–*"
READABLE_BULLET = "•"

# what begins a list item line, after the line's leading spaces and tabs
LIST_ITEM = rf"(?:[{BULLET_MARKS}{PRIVATE_USE}]|[{DASH_MARKS}](?=[ \t]))"
_ITEM_AT = re.compile(rf"[ \t]*(?={LIST_ITEM})")
# a mark no reader can see, at the start of a line: a private-use glyph, or a combining stroke
# with nothing to combine with
_UNREADABLE_MARK = re.compile(rf"^([ \t]*)[{PRIVATE_USE}\u0336]", re.MULTILINE)


def is_bullet_mark(char: str) -> bool:
    """Whether the one character `char` is a bullet mark wherever it begins a line: one of
    BULLET_MARKS or a private-use glyph (U+E000-U+F8FF). Dash marks ("- ", "– ", "* ") need the
    space after them and are not bullet marks on their own (see LIST_ITEM)."""
    return char != "" and (char in BULLET_MARKS or "\ue000" <= char <= "\uf8ff")


def readable_bullets(text: str) -> str:
    """`text` with each private-use bullet (Wingdings/Symbol glyphs, U+E000-U+F8FF) and each bare
    combining stroke (U+0336) that begins a line, after its spaces or tabs, replaced by "•".

    One character for one, so every offset into the text stays where it was. A private-use
    character inside a line ("2016\\uf02d17", a Symbol-font hyphen) is left as it is: it is not
    a bullet, and its meaning depends on the font.
    """
    return _UNREADABLE_MARK.sub(lambda m: m.group(1) + READABLE_BULLET, text)


def list_item_starts(text: str, start: int = 0, end: int | None = None) -> list[int]:
    """Offsets, in order, of the list item marks that begin a line of text[start:end] (after the
    line's spaces or tabs): a bullet mark (BULLET_MARKS or a private-use glyph), or a hyphen, en
    dash or asterisk followed by a space. A line begins at `start` and after each "\\n"."""
    end = len(text) if end is None else end
    found: list[int] = []
    line = start
    while line < end:
        match = _ITEM_AT.match(text, line, end)
        if match:
            found.append(match.end())
        newline = text.find("\n", line, end)
        if newline < 0:
            break
        line = newline + 1
    return found
