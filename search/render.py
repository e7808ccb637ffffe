"""Terminal rendering of hits and answers for `isearch query` / `isearch ask`."""
from __future__ import annotations

import textwrap

from search.answer import highlight_spans
from search.types import Answer, Hit

BOLD, RESET = "\033[1m", "\033[0m"
# wrap at spaces only: a document id ("ilacs-halton-2024-07-12"), a hyphenated word or a
# link stays whole on one line, so it can be copied
WRAP = {"break_on_hyphens": False, "break_long_words": False}


def emphasise(text: str, query: str, color: bool) -> str:
    """Mark the words of `text` that match the query: bold on a terminal, *word* otherwise."""
    out, last = [], 0
    for start, end in highlight_spans(text, query):
        out.append(text[last:start])
        out.append(f"{BOLD}{text[start:end]}{RESET}" if color else f"*{text[start:end]}*")
        last = end
    out.append(text[last:])
    return "".join(out)


def hit_header(hit: Hit) -> str:
    parts = [hit.authority or "unknown authority", hit.kind, hit.date or "undated"]
    if hit.judgement:
        parts.append(f"judgement: {hit.judgement}")
    return f"[{hit.rank}] {hit.title}\n    " + " | ".join(parts) + f" | {hit.doc_id} chars {hit.start}-{hit.end}"


def render_hits(hits: list[Hit], query: str, color: bool, width: int = 100) -> str:
    blocks = []
    for hit in hits:
        body = " ".join(hit.text.split())
        wrapped = textwrap.fill(body, width=width, initial_indent="    ", subsequent_indent="    ", **WRAP)
        blocks.append(hit_header(hit) + f"  (score {hit.score:.3f})\n" + emphasise(wrapped, query, color))
    return "\n\n".join(blocks)


def render_answer(answer: Answer, color: bool, width: int = 100) -> str:
    lines = []
    if answer.answered:
        # white space collapsed: a quoted table row's line breaks ("protection\n\nRequires
        # improvement") would otherwise show as runs of spaces
        lines.append(textwrap.fill(" ".join(answer.text.split()), width=width, **WRAP))
        lines.append("")
        cited = sorted({s.citation for s in answer.sentences})
        for hit in answer.hits:
            if hit.rank in cited:
                lines.append(f"[{hit.rank}] {hit.title} | {hit.authority} | {hit.kind} | {hit.date or 'undated'} | "
                             f"{hit.doc_id} chars {hit.start}-{hit.end}")
        lines.append("")
        lines.append("Passages:")
    else:
        lines.append(answer.message)
        lines.append("")
    lines.append(render_hits(list(answer.hits), answer.query, color, width))
    return "\n".join(lines)
