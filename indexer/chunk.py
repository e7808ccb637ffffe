"""Cut a document body into sentence-aligned, token-limited, overlapping passages.

Pure functions: every Chunk satisfies body[chunk.start:chunk.end] == chunk.text.
Sentences come from indexer.sentences (syntok); blank lines, bullets and numbered list
items are boundaries of their own, and runs without words (dot leaders, separators,
base64) are never part of a passage.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from indexer.bullets import LIST_ITEM
from indexer.config import ChunkSettings
from indexer.schema import Chunk
from indexer.sentences import continues_across_break, sentence_spans
from indexer.tokens import count_tokens

# A block boundary: a blank line, or a line break before a list item mark (indexer.bullets:
# "•", "◼", Wingdings glyphs, "- ") or a numbered list item.
_BLOCK = re.compile(rf"\n[ \t]*\n\s*|\n(?=[ \t]*(?:{LIST_ITEM}|\d{{1,3}}\.\s))")
# an inspection report's section heading that states the area's grade, however long:
# "The impact of leaders on social work practice with children and families: requires improvement to be good"
_GRADED_HEADING = re.compile(r"^(?:The|Overall) [^\n.;]{5,200}?(?:\bare|\bis)?:?\s*(?:outstanding|good|"
                             r"requires improvement(?: to be good)?|inadequate)$", re.IGNORECASE)
_HEADING = re.compile(r"^(?:#{1,6}[ \t]+)?[A-Z0-9‘'“\"][^\n]{0,90}$")  # Markdown "## " allowed
# Runs without words (see filler_spans): repeated punctuation, and base64-like letter-digit runs.
_REPEATED_MARK = re.compile(r"([^\w\s])(?:[ \t]?\1){4,}")
_LONG_RUN = re.compile(r"(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{40,}={0,2}")


@dataclass(frozen=True)
class Unit:
    """A sentence (or heading, or bullet) with its span in the body."""

    start: int
    end: int
    tokens: int
    heading: bool


def filler_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the runs without words in `text`, in order; passages never include them.

    A run is five or more of one punctuation mark, spaced or not (dot leaders "......",
    ". . . . .", separators "-----", "_____"), or 40 or more letters and digits without a
    space that mix upper case, lower case and digits (base64, hashes).
    """
    spans = [m.span() for m in _REPEATED_MARK.finditer(text)]
    for match in _LONG_RUN.finditer(text):
        run = match.group(0)
        if any(c.isdigit() for c in run) and any(c.islower() for c in run) and any(c.isupper() for c in run):
            spans.append(match.span())
    spans.sort()
    merged: list[tuple[int, int]] = []
    for begin, stop in spans:
        if merged and begin <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(stop, merged[-1][1]))
        else:
            merged.append((begin, stop))
    return merged


def _segments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """text[start:end] cut around its runs without words."""
    out, position = [], start
    for begin, stop in filler_spans(text[start:end]):
        out.append((position, start + begin))
        position = start + stop
    out.append((position, end))
    return [(a, b) for a, b in out if text[a:b].strip()]


def split_units(text: str, count: Callable[[str], int] = count_tokens,
                start: int = 0, end: int | None = None) -> list[Unit]:
    """Sentences, headings and list items of text[start:end] with exact spans into `text`,
    surrounding white space and runs without words (filler_spans) excluded. `count` gives
    each unit's size in tokens."""
    end = len(text) if end is None else end
    units: list[Unit] = []
    for segment_start, segment_end in _segments(text, start, end):  # runs without words left out
        position = segment_start
        breaks = [m for m in _BLOCK.finditer(text, segment_start, segment_end)
                  if not continues_across_break(text, m.start(), m.end())]  # a sentence runs on
        for match in [*breaks, None]:
            block_end = match.start() if match else segment_end
            for begin, stop in sentence_spans(text, position, block_end):
                glued = _glued_heading(text, begin, stop)
                if glued is not None:  # "Main findings\nAt the previous focused visit, ...": a heading of its own
                    units.append(Unit(begin, glued[0], count(text[begin:glued[0]]), True))
                    begin = glued[1]
                stripped = text[begin:stop]
                is_heading = (bool(_HEADING.match(stripped)) and not stripped.endswith((".", ",", ";", ":"))
                              and len(stripped.split()) <= 12) or bool(_GRADED_HEADING.match(stripped))
                units.append(Unit(begin, stop, count(stripped), is_heading))
            position = match.end() if match else segment_end
    return units


# words no heading ends on: a short line ending in one was wrapped mid-sentence ("the Mind of\nMy Own")
_NO_HEADING_ENDS = frozenset("a an and as at by for from in into of on or the to with".split())


def _glued_heading(text: str, begin: int, stop: int) -> tuple[int, int] | None:
    """(end of the heading line, start of the sentence) when text[begin:stop] opens with a heading
    line the sentence splitter glued to the sentence after it ("Main findings\nAt the previous
    ..."): a first line of at most 6 words starting with a capital, no punctuation at its end and
    no word a wrapped line ends on, followed on the next line by a capital; else None."""
    newline = text.find("\n", begin, stop)
    if newline < 0:
        return None
    line = text[begin:newline].rstrip()
    after = newline + 1
    while after < stop and text[after] in " \t\n":
        after += 1
    words = line.split()
    if (not words or len(words) > 6 or not _HEADING.match(line) or line.endswith(tuple(".!?;,:”\"’')"))
            or words[-1].lower() in _NO_HEADING_ENDS or after >= stop or not text[after].isupper()
            or re.match(r"(?i)requires(?: improvement)?$", line)):  # "Requires\nImprovement to be good": a grade
        return None
    return begin + len(line), after


@lru_cache(maxsize=4096)
def sentence_units(text: str) -> tuple[Unit, ...]:
    """split_units(text) with no token counts (every `tokens` is 0), cached per text: answers ask
    for the sentences of the same passages again and again across queries."""
    return tuple(split_units(text, count=lambda _: 0))


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
    `settings.overlap_tokens` of trailing sentences repeated at the start of the next chunk.

    No chunk spans a run without words (filler_spans): the text either side is packed apart.
    """
    chunks: list[Chunk] = []
    heading = ""
    for begin, stop in _segments(text, 0, len(text)):
        heading = _pack(doc_id, text, split_units(text, count, begin, stop), settings, count, heading, chunks)
    return chunks


def rechunk(text: str, chunk: Chunk, settings: ChunkSettings,
            count: Callable[[str], int] = count_tokens) -> list[Chunk]:
    """Cut one passage again with `settings` (a smaller budget), leaving the rest of the
    document alone; the pieces keep text[start:end] == piece.text and the passage's heading."""
    pieces: list[Chunk] = []
    _pack(chunk.doc_id, text, split_units(text, count, chunk.start, chunk.end), settings, count, chunk.heading, pieces)
    return [Chunk(c.doc_id, c.start, c.end, c.text, c.heading or chunk.heading) for c in pieces]


def _pack(doc_id: str, text: str, found: list[Unit], settings: ChunkSettings, count: Callable[[str], int],
          heading: str, chunks: list[Chunk]) -> str:
    """Append the chunks of `found` (units in order) to `chunks`; return the section heading in force after them."""
    units: list[Unit] = []
    for unit in found:
        units.extend(_split_long(text, unit, settings.max_tokens, count) if unit.tokens > settings.max_tokens else [unit])
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
    return heading
