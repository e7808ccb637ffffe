"""Cut a document body into sentence-aligned, token-limited, overlapping passages.

Pure functions: every Chunk satisfies body[chunk.start:chunk.end] == chunk.text.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from indexer.config import ChunkSettings
from indexer.schema import Chunk
from indexer.tokens import count_tokens

# A boundary: after sentence-final punctuation and white space, at a blank line,
# or before a line that opens a bullet or a numbered paragraph.
_BOUNDARY = re.compile(
    r"(?<=[.!?])[”\"')\]]*\s+(?=\S)|\n[ \t]*\n\s*|\n(?=[ \t]*(?:[◼•▪●\-*–]|\d{1,3}\.\s))"
)
_HEADING = re.compile(r"^[A-Z0-9‘'“\"][^\n]{0,90}$")


@dataclass(frozen=True)
class Unit:
    """A sentence (or heading, or bullet) with its span in the body."""

    start: int
    end: int
    tokens: int
    heading: bool


def split_units(text: str, count: Callable[[str], int] = count_tokens) -> list[Unit]:
    """Sentences and headings of `text` with exact spans, surrounding white space excluded."""
    units: list[Unit] = []
    position = 0
    for match in [*_BOUNDARY.finditer(text), None]:
        end = match.start() if match else len(text)
        if match and match.group(0)[:1] in "”\"')]":
            end = match.start() + len(match.group(0)) - len(match.group(0).lstrip("”\"')]"))
        piece = text[position:end]
        stripped = piece.strip()
        if stripped:
            start = position + (len(piece) - len(piece.lstrip()))
            stop = start + len(stripped)
            is_heading = bool(_HEADING.match(stripped)) and not stripped.endswith((".", ",", ";", ":"))
            units.append(Unit(start, stop, count(stripped), is_heading and len(stripped.split()) <= 12))
        position = match.end() if match else len(text)
    return units


def _split_long(text: str, unit: Unit, limit: int, count: Callable[[str], int]) -> list[Unit]:
    """Cut a unit longer than `limit` tokens at word boundaries."""
    pieces: list[Unit] = []
    words = list(re.finditer(r"\S+", text[unit.start:unit.end]))
    begin = 0
    while begin < len(words):
        end = begin + 1
        while end < len(words) and count(text[unit.start + words[begin].start(): unit.start + words[end].end()]) <= limit:
            end += 1
        start_char = unit.start + words[begin].start()
        end_char = unit.start + words[end - 1].end()
        span = text[start_char:end_char]
        if count(span) > limit:  # one "word" longer than the limit (a URL, a table row)
            step = max(1, len(span) * limit // max(count(span), 1) // 2)
            offset = 0
            while offset < len(span):
                size = step  # token density varies along the word: shrink until the piece fits
                while size > 1 and count(span[offset: offset + size]) > limit:
                    size //= 2
                piece = span[offset: offset + size]
                pieces.append(Unit(start_char + offset, start_char + offset + len(piece), count(piece), False))
                offset += len(piece)
        else:
            pieces.append(Unit(start_char, end_char, count(span), False))
        begin = end
    return pieces


def chunk_text(doc_id: str, text: str, settings: ChunkSettings = ChunkSettings(),
               count: Callable[[str], int] = count_tokens) -> list[Chunk]:
    """Pack sentences into chunks of at most `settings.max_tokens` tokens, with about
    `settings.overlap_tokens` of trailing sentences repeated at the start of the next chunk."""
    units: list[Unit] = []
    for unit in split_units(text, count):
        units.extend(_split_long(text, unit, settings.max_tokens, count) if unit.tokens > settings.max_tokens else [unit])
    chunks: list[Chunk] = []
    heading = ""
    i = 0
    while i < len(units):
        j, total = i, 0
        while j < len(units) and (j == i or total + units[j].tokens + 1 <= settings.max_tokens):
            total += units[j].tokens + (1 if j > i else 0)
            j += 1
        while j - 1 > i and count(text[units[i].start:units[j - 1].end]) > settings.max_tokens:
            j -= 1  # the white space between sentences cost more than the 1 token estimated
        start, end = units[i].start, units[j - 1].end
        section = next((text[u.start:u.end] for u in units[i:j] if u.heading), "") if units[i].heading else heading
        chunks.append(Chunk(doc_id, start, end, text[start:end], section))
        for unit in units[i:j]:
            if unit.heading:
                heading = text[unit.start:unit.end]
        if j >= len(units):
            break
        # step back over trailing sentences that fit in the overlap, but always move forward:
        # the next chunk must still have room for unit j, or it would repeat this one's tail
        back, overlap = j, 0
        while (back - 1 > i and overlap + units[back - 1].tokens <= settings.overlap_tokens
               and overlap + units[back - 1].tokens + units[j].tokens + (j - back + 1) <= settings.max_tokens
               and count(text[units[back - 1].start:units[j].end]) <= settings.max_tokens):
            back -= 1
            overlap += units[back].tokens
        i = back
    return chunks
