"""HTML for the web app, built from escaped text only.

Every piece of document text, metadata or query goes through `esc` (html.escape) before it
is placed in markup, and the markup is shown with `st.html` (which is not read as markdown
and is sanitised again by the browser side), so a letter or a query cannot inject tags,
links or script. Pure functions: the tests call them without Streamlit.
"""
from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from urllib.parse import urlencode

from indexer.schema import JUDGEMENTS, NEWS_KIND, Document, DocumentInfo
from search.answer import highlight_spans
from search.types import Answer, Hit
from search.wording import counted, number

# The one script the app runs: a constant (no document text, no query) that scrolls the
# letter view to the highlighted passage once it is on the page.
SCROLL_TO_PASSAGE = """<script>
(function () {
  var tries = 0;
  var timer = setInterval(function () {
    var mark = document.querySelector("mark.is-hl");
    if (mark) { mark.scrollIntoView({block: "center"}); }
    if (mark || ++tries > 100) { clearInterval(timer); }
  }, 100);
})();
</script>"""
_MONTHS = ("January February March April May June July August September October November December").split()
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=])")
_URL = re.compile(r"https?://[^\s<>\"']+")
# A date and nothing else ("13 June 2017", "June 2017"): a letter's date line, never a section.
_DATE = r"(?:(\d{1,2})(?:st|nd|rd|th)?\s+)?(" + "|".join(_MONTHS) + r")\s+(\d{4})"
_DATE_LINE = re.compile(r"\s*" + _DATE + r"[ \t]*", re.IGNORECASE)
_OPENING_DATE_LINE = re.compile(r"\s*" + _DATE + r"[ \t]*\n\s*", re.IGNORECASE)
_BLANK_LINES = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")  # two or more blank lines in a row

CSS = """<style>
.is-answer{border-left:4px solid #2e7d32;background:rgba(46,125,50,.07);border-radius:.4rem;
  padding:.7rem 1rem;margin:.2rem 0 .8rem}
.is-answer .is-label{font-size:.85rem;font-weight:600;opacity:.75}
.is-answer .is-note{font-size:.9rem;font-style:italic;opacity:.85;margin:.2rem 0}
.is-answer p{margin:.3rem 0 .6rem;line-height:1.6;font-size:1.05rem}
.is-answer .is-leadin{font-style:italic;opacity:.8}
.is-noanswer{border-left-color:#9e9e9e;background:rgba(128,128,128,.08)}
a.is-cite{font-weight:700;text-decoration:none;padding:0 .1rem;white-space:nowrap}
.is-sources summary{cursor:pointer;font-size:.9rem;margin:.2rem 0}
.is-sources blockquote{margin:.3rem 0 .5rem 1rem;padding-left:.7rem;border-left:2px solid rgba(128,128,128,.4);
  white-space:pre-line;font-size:.92rem}
.is-card{border:1px solid rgba(128,128,128,.3);border-radius:.5rem;padding:.7rem 1rem;margin:0 0 .4rem;
  scroll-margin-top:4.5rem}
.is-card:target{outline:3px solid #f0b400}
.is-card .is-title{font-weight:600;font-size:1.02rem}
.is-rank{display:inline-block;min-width:1.6rem;text-align:center;border-radius:.8rem;background:rgba(128,128,128,.18);
  font-size:.85rem;margin-right:.4rem}
.is-meta{font-size:.85rem;opacity:.8;margin:.15rem 0 .35rem}
.is-heading{font-size:.85rem;font-style:italic;opacity:.8}
.is-passage{white-space:pre-line;line-height:1.55;margin:.2rem 0 .4rem}
.is-open{font-size:.88rem}
mark{background:#ffe58a;color:#1a1a1a;padding:0 .1rem;border-radius:.15rem}
mark.is-hl{background:#ffd54f;box-shadow:0 0 0 2px #ffd54f}
.is-badge{display:inline-block;border-radius:.7rem;padding:0 .5rem;font-size:.8rem;font-weight:600;
  background:rgba(128,128,128,.2)}
.is-j-outstanding{background:#1b5e20;color:#fff}.is-j-good{background:#43a047;color:#fff}
.is-j-requires-improvement{background:#f9a825;color:#1a1a1a}.is-j-inadequate{background:#c62828;color:#fff}
.is-letter{white-space:pre-wrap;line-height:1.6;max-width:60rem}
.is-timeline{list-style:none;padding-left:0}
.is-timeline li{margin:.35rem 0;padding:.35rem .6rem;border-left:3px solid rgba(128,128,128,.4)}
.is-timeline .is-date{display:inline-block;min-width:9.5rem;font-variant-numeric:tabular-nums}
.is-stats td{padding:.1rem .8rem .1rem 0}
.is-news{background:#5e35b1;color:#fff}
.is-card.is-news-card{border-style:dashed;border-color:#7e57c2}
.is-newsnote{border-left:4px solid #7e57c2;background:rgba(126,87,194,.08);padding:.4rem .8rem;margin:.3rem 0 .6rem}
.is-change{border-left:3px solid #1565c0;background:rgba(21,101,192,.07)}
.is-pred{font-size:.8rem;opacity:.85;font-style:italic}
.is-letters{border-collapse:collapse;width:100%;font-size:.92rem}
.is-letters th{text-align:left;font-weight:600;border-bottom:1px solid rgba(128,128,128,.4);padding:.25rem .5rem}
.is-letters td{border-bottom:1px solid rgba(128,128,128,.2);padding:.3rem .5rem;vertical-align:top}
.is-list-table{border-collapse:collapse;width:100%}
.is-list-table td,.is-list-table th{vertical-align:top;padding:.3rem .5rem;text-align:left}
@media (max-width:640px){.is-letters .is-wide{display:none}.is-timeline .is-date{min-width:0;display:block}
  .is-list-table thead{display:none}.is-list-table tr{display:block;padding:.4rem 0;
  border-bottom:1px solid rgba(128,128,128,.3)}.is-list-table td{display:block;padding:.1rem 0}
  .is-list-table td:first-child{display:none}}
</style>"""


def esc(text: object) -> str:
    """Text made safe for HTML content and attribute values."""
    return html.escape(str(text), quote=True)


def md_escape(text: object) -> str:
    """Text made literal for Streamlit markdown (messages, labels): every markup character escaped."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


def human_date(date: str) -> str:
    """'2020-01-21' -> '21 January 2020'; '2020-01' -> 'January 2020'; '' -> 'undated'."""
    parts = date.split("-")
    try:
        if len(parts) >= 2 and 1 <= int(parts[1]) <= 12:
            month = f"{_MONTHS[int(parts[1]) - 1]} {parts[0]}"
            return f"{int(parts[2])} {month}" if len(parts) == 3 and parts[2].isdigit() else month
    except ValueError:
        pass
    return date or "undated"


def date_range(start: str, end: str) -> str:
    """'2019-05-13', '2019-05-24' -> '13 to 24 May 2019'; one day or one bound alone as human_date;
    '' when neither is known."""
    if not start or not end or start == end:
        return human_date(start or end) if (start or end) else ""
    first, last = human_date(start), human_date(end)
    if len(start) == len(end) == 10 and start[:7] == end[:7]:
        return f"{int(start[8:])} to {last}"
    if len(start) == len(end) == 10 and start[:4] == end[:4]:
        return f"{first.rsplit(' ', 1)[0]} to {last}"
    return f"{first} to {last}"


def inspection_dates(doc: object) -> str:
    """The inspection or visit dates of a document ('13 to 24 May 2019'), or '' when unknown.
    Reads the `inspection_start`/`inspection_end` fields of DocumentInfo where the index has them."""
    return date_range(getattr(doc, "inspection_start", "") or "", getattr(doc, "inspection_end", "") or "")


def dates_html(date: str, inspected: str = "") -> str:
    """'published 21 January 2020 · inspected 13 to 24 May 2019', each labelled; 'undated' when
    neither is known."""
    parts = [f"published {esc(human_date(date))}" if date else ""]
    if inspected:
        parts.append(f"inspected {esc(inspected)}")
    text = " · ".join(p for p in parts if p)
    return text or "undated"


def is_news(kind: str) -> bool:
    """A news article about a council (not one of Ofsted's letters or reports)."""
    return kind == NEWS_KIND


def kind_badge(kind: str) -> str:
    """The document's kind as a badge; news articles say that they are not Ofsted letters."""
    if is_news(kind):
        return '<span class="is-badge is-news" title="a press report, not a letter from Ofsted">news article</span>'
    return f'<span class="is-badge">{esc(kind)}</span>' if kind else ""


NEWS_NOTE = ('<div class="is-newsnote"><b>News article</b>: a press report about the council, not a letter '
             'or report from Ofsted.</div>')


def mark_spans(text: str, spans: Iterable[tuple[int, int]], css_class: str = "") -> str:
    """`text` escaped, with each (start, end) span wrapped in <mark>. Overlapping spans are merged."""
    attr = f' class="{esc(css_class)}"' if css_class else ""
    out, last = [], 0
    for start, end in sorted(spans):
        start, end = max(start, last), min(end, len(text))
        if start >= end:
            continue
        out.append(esc(text[last:start]))
        out.append(f"<mark{attr}>{esc(text[start:end])}</mark>")
        last = end
    out.append(esc(text[last:]))
    return "".join(out)


def is_date_line(line: str) -> bool:
    """Whether `line` is a date and nothing else ('13 June 2017', 'June 2017'): a letter's date
    line, which the chunker may have taken for a section heading."""
    return bool(_DATE_LINE.fullmatch(line or ""))


def _opening_date_length(text: str, date: str) -> int:
    """Characters of `text` taken by an opening line that is the document's own date `date`
    (ISO, YYYY-MM-DD) and nothing else, with the blank lines after it; 0 when there is none, or
    when nothing would be left."""
    match = _OPENING_DATE_LINE.match(text)
    if not match or not match.group(1) or match.end() >= len(text.rstrip()):
        return 0
    day, month, year = int(match.group(1)), _MONTHS.index(match.group(2).title()) + 1, match.group(3)
    return match.end() if f"{year}-{month:02d}-{day:02d}" == date else 0


def passage_html(text: str, spans: Iterable[tuple[int, int]], date: str = "", css_class: str = "") -> str:
    """A passage as a card or a quoted source shows it: `text` escaped with `spans` (offsets into
    `text`) marked as mark_spans does, without an opening line that only repeats the document's
    date `date` (ISO; the card's metadata line already labels it), and with a run of blank lines
    (a letter's title block leaves several) shown as one paragraph break."""
    skip = _opening_date_length(text, date)
    shown = mark_spans(text[skip:], [(start - skip, end - skip) for start, end in spans], css_class)
    return _BLANK_LINES.sub("\n\n", shown)


def emphasise(text: str, query: str) -> str:
    """`text` escaped, with the words that match the query's keywords in <mark>."""
    return mark_spans(text, highlight_spans(text, query) if query else [])


def judgement_badge(judgement: str) -> str:
    if not judgement:
        return ""
    css = "is-j-" + judgement.replace(" ", "-") if judgement in JUDGEMENTS else ""
    return f'<span class="is-badge {css}" title="overall effectiveness">{esc(judgement)}</span>'


def meta_line(authority: str, kind: str, date: str, judgement: str, inspected: str = "") -> str:
    """Authority · kind (a badge for news) · labelled dates · judgement badge."""
    kind_html = kind_badge(kind) if is_news(kind) else esc(kind)
    parts = [esc(authority or "unknown authority"), kind_html, dates_html(date, inspected)]
    return " · ".join(p for p in parts if p) + (f" · {judgement_badge(judgement)}" if judgement else "")


def link(params: Mapping[str, str | Sequence[str]]) -> str:
    """A relative link to this app with these query parameters (escaped for an href)."""
    query = urlencode({k: v for k, v in params.items() if v not in ("", None, [], ())}, doseq=True)
    return esc(f"?{query}")


def letter_link(params: Mapping[str, str | Sequence[str]], doc_id: str, span: tuple[int, int] | None = None) -> str:
    """Link to the letter view: the whole document, the passage `span` highlighted and scrolled to."""
    extra = {"doc": doc_id, "hl": f"{span[0]}-{span[1]}" if span else ""}
    return link({**params, **extra})


def source_url(source: str) -> str:
    """The first http(s) address in a document's `source` field, or ''."""
    match = _URL.search(source or "")
    return match.group(0) if match else ""


def answer_html(answer: Answer, href: Callable[[Hit], str]) -> str:
    """The cited answer: sentences with [n] links to passage card n, then each source expandable.
    A list item's lead-in line (AnswerSentence.lead_in) is shown before it in parentheses, in italics,
    outside the quoted text."""
    asked = f"“{esc(answer.query)}”"
    if not answer.answered and not answer.hits:  # nothing to show but the message
        return (f'<div class="is-answer is-noanswer"><div class="is-label">No answer to {asked}</div>'
                f'<p><b>{esc(answer.message)}</b></p></div>')
    if not answer.answered:
        return (f'<div class="is-answer is-noanswer"><div class="is-label">No answer to {asked}</div>'
                f'<p>{esc(answer.message)}</p></div>')
    by_rank = {hit.rank: hit for hit in answer.hits}
    body = []
    for sentence in answer.sentences:
        hit = by_rank.get(sentence.citation)
        tip = f"{hit.title} | {hit.authority} | {human_date(hit.date)}" if hit else ""
        news = f' {kind_badge(hit.kind)}' if hit and is_news(hit.kind) else ""
        # a list item's lead-in line ("What needs to improve:") labels it, outside the quote
        label = f'<span class="is-leadin">({esc(sentence.lead_in)})</span> ' if sentence.lead_in else ""
        body.append(f'{label}{esc(sentence.text)} <a class="is-cite" href="#hit-{sentence.citation}" '
                    f'title="{esc(tip)}">[{sentence.citation}]</a>{news}')
    sources = []
    for rank in dict.fromkeys(s.citation for s in answer.sentences):
        hit = by_rank.get(rank)
        if hit is None:
            continue
        spans = [(s.start - hit.start, s.end - hit.start) for s in answer.sentences if s.citation == rank]
        sources.append(
            f'<details class="is-sources" id="source-{rank}"><summary>[{rank}] {esc(hit.title)} · '
            f'{esc(hit.authority)} · {esc(human_date(hit.date))}{" · " + kind_badge(hit.kind) if is_news(hit.kind) else ""}'
            f'</summary><blockquote>{passage_html(hit.text, spans, hit.date)}</blockquote>'
            f'<a class="is-open" href="{href(hit)}">Open the whole {"article" if is_news(hit.kind) else "letter"} '
            f'at this passage</a></details>')
    note = f'<p class="is-note">{esc(answer.message)}</p>' if answer.message else ""  # e.g. a reorganised council
    return (f'<div class="is-answer"><div class="is-label">Answer to {asked}, {quoted_from(answer)}</div>'
            f'{note}<p>{" ".join(body)}</p>{"".join(sources)}</div>')


def quoted_from(answer: Answer) -> str:
    """Where the answer's sentences come from: 'quoted from the letters', or, when news articles
    are cited, 'quoted from 2 letters and 1 news article' (counted by distinct document)."""
    kinds = {h.doc_id: h.kind for h in answer.hits if h.rank in {s.citation for s in answer.sentences}}
    news = sum(is_news(kind) for kind in kinds.values())
    if not news:
        return "quoted from the letters"
    letters = len(kinds) - news
    parts = ([counted(letters, "letter")] if letters else []) + [counted(news, NEWS_KIND)]
    return "quoted from " + " and ".join(parts)


def hit_card(hit: Hit, query: str, href: str, doc: DocumentInfo | None = None) -> str:
    """One ranked passage: rank, title, metadata (labelled dates; the inspection dates from `doc`,
    the hit's document), section, the passage with the query's content words emphasised. The date
    shows once: a date line taken for a heading is not shown as one, and a passage opening with the
    letter's date line shows from the line after it (passage_html). The letter opens in the same
    tab (the URL keeps the search, so Back returns to it)."""
    shown_heading = hit.heading and not is_date_line(hit.heading)  # a date line is not a section
    heading = f'<div class="is-heading">{esc(hit.heading)}</div>' if shown_heading else ""
    passage = passage_html(hit.text, highlight_spans(hit.text, query) if query else [], hit.date)
    news = is_news(hit.kind)
    meta = meta_line(hit.authority, hit.kind, hit.date, hit.judgement, inspection_dates(doc) if doc else "")
    return (f'<div class="is-card{" is-news-card" if news else ""}" id="hit-{hit.rank}">'
            f'<div><span class="is-rank">{hit.rank}</span><span class="is-title">{esc(hit.title)}</span></div>'
            f'<div class="is-meta">{meta}</div>{heading}'
            f'<div class="is-passage">{passage}</div>'
            f'<a class="is-open" href="{href}">Open the whole {"article" if news else "letter"} at this passage</a></div>')


def letter_header(doc: Document | DocumentInfo) -> str:
    url = source_url(doc.source)
    source = f' · <a href="{esc(url)}" target="_blank">source ↗</a>' if url else ""
    meta = meta_line(doc.authority, doc.kind, doc.date, doc.judgement, inspection_dates(doc))
    return (f'<h2 class="is-doc-title">{esc(doc.title)}</h2>{NEWS_NOTE if is_news(doc.kind) else ""}'
            f'<div class="is-meta">{meta}{source} · <code>{esc(doc.id)}</code></div>')


def letter_html(doc: Document, span: tuple[int, int] | None, query: str = "") -> str:
    """The whole letter; the passage `span` (see parse_span) in <mark class="is-hl">, else the query's
    words emphasised."""
    text = doc.text
    if span is None:
        return f'<div class="is-letter">{emphasise(text, query)}</div>'
    return f'<div class="is-letter">{mark_spans(text, [span], "is-hl")}</div>'


def parse_span(value: str | None, length: int) -> tuple[int, int] | None:
    """'120-480' -> (120, 480) when that is a non-empty span of a text of `length`; else None."""
    match = re.fullmatch(r"(\d{1,9})-(\d{1,9})", value or "")
    if not match:
        return None
    start, end = int(match.group(1)), int(match.group(2))
    return (start, end) if 0 <= start < end <= length else None


def timeline_html(documents: Sequence[DocumentInfo], href: Callable[[DocumentInfo], str],
                  related: Mapping[str, str] | None = None, changes: Sequence[tuple[str, str]] = ()) -> str:
    """A council's letters, newest first (undated ones last, listed as undated): labelled
    published and inspection dates, kind, judgement, linked title (same tab). A letter to a council
    in `related` (name -> "predecessor" or "successor") is marked so; `changes` are
    (ISO date, sentence) reorganisations, shown in their place in time."""
    items = [(doc.date, 1, doc.id, doc) for doc in documents] + [(date, 0, "", note) for date, note in changes]
    rows = []
    for date, _, _, item in sorted(items, key=lambda x: (bool(x[0]), x[0], x[1], x[2]), reverse=True):
        if isinstance(item, str):
            rows.append(f'<li class="is-change"><span class="is-date">{esc(human_date(date))}</span> '
                        f'<b>Reorganisation</b>: {esc(item)}</li>')
            continue
        doc = item
        relation = (related or {}).get(doc.authority, "")
        other = f' <span class="is-pred">{esc(doc.authority)} ({esc(relation)})</span>' if relation else ""
        rows.append(f'<li><span class="is-date">{dates_html(doc.date, inspection_dates(doc))}</span><br>'
                    f'{kind_badge(doc.kind)} {judgement_badge(doc.judgement)}{other}<br>'
                    f'<a href="{href(doc)}">{esc(doc.title)}</a></li>')
    return f'<ul class="is-timeline">{"".join(rows)}</ul>'


def table_html(rows: Iterable[tuple[object, object]], css_class: str = "is-stats") -> str:
    """A two-column table of escaped label/value pairs."""
    cells = "".join(f"<tr><td>{esc(label)}</td><td><b>{esc(value)}</b></td></tr>" for label, value in rows)
    return f'<table class="{esc(css_class)}">{cells}</table>'


def councils_table_html(rows: Iterable[Mapping[str, object]], href: Callable[[str], str]) -> str:
    """Every council with letters, one row each: the name linked to its letters (`href(name)`),
    the number of documents, the first and latest published dates, its kinds, the latest
    judgement. Row keys: name, documents, first, latest, kinds, judgement."""
    body = []
    for row in rows:
        body.append(f'<tr><td><a href="{href(str(row["name"]))}">{esc(row["name"])}</a></td>'
                    f'<td>{esc(number(int(row["documents"])))}</td><td class="is-wide">{esc(human_date(str(row["first"])))}</td>'
                    f'<td>{esc(human_date(str(row["latest"])))}</td><td class="is-wide">{esc(row["kinds"])}</td>'
                    f'<td>{judgement_badge(str(row["judgement"]))}</td></tr>')
    head = ('<tr><th>Council</th><th>Documents</th><th class="is-wide">First published</th><th>Latest published</th>'
            '<th class="is-wide">Kinds</th><th>Latest judgement</th></tr>')
    return f'<table class="is-letters">{head}{"".join(body)}</table>'
