"""Search results as CSV, and links that open a letter in the web app at a passage.

CSV is written with the csv module (quoting, embedded newlines and commas handled), so the
files open in a spreadsheet with one passage per row.
"""
from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterable
from urllib.parse import urlencode

from search.types import Hit

DEFAULT_APP_URL = "http://localhost:8501/"
HIT_COLUMNS = ("rank", "document", "title", "authority", "date", "kind", "heading", "passage",
               "span start", "span end", "link")


def app_url() -> str:
    """The web app's address for links in exported files: $ISEARCH_APP_URL or DEFAULT_APP_URL."""
    return os.environ.get("ISEARCH_APP_URL") or DEFAULT_APP_URL


_LINE_BREAK = re.compile(r"[ \t]*[\r\n\v\f\u2028\u2029][\s]*")


def single_line(text: str) -> str:
    """`text` on one line, for a CSV cell of an answer's rows: each run of white space holding a
    line break ("Overall effectiveness\\n\\nInadequate", a table's label and grade) becomes one
    space; nothing else changes. The record's start/end still give the verbatim span."""
    return _LINE_BREAK.sub(" ", text)


def letter_url(doc_id: str, start: int | None = None, end: int | None = None, base: str | None = None) -> str:
    """The app's link to a letter with characters start:end highlighted (the letter view's
    `doc` and `hl` parameters); `base` defaults to app_url(). Not HTML-escaped."""
    params = {"doc": doc_id}
    if start is not None and end is not None and end > start:
        params["hl"] = f"{start}-{end}"
    return (base if base is not None else app_url()) + "?" + urlencode(params)


def hit_record(hit: Hit, base: str | None = None) -> dict[str, object]:
    """One passage as a CSV row (keys HIT_COLUMNS); the passage is its verbatim text."""
    return {"rank": hit.rank, "document": hit.doc_id, "title": hit.title, "authority": hit.authority,
            "date": hit.date, "kind": hit.kind, "heading": hit.heading, "passage": hit.text,
            "span start": hit.start, "span end": hit.end, "link": letter_url(hit.doc_id, hit.start, hit.end, base)}


def hits_csv(hits: Iterable[Hit], base: str | None = None) -> str:
    """The passages as CSV text, header line first (a header alone when there are none)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=HIT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(hit_record(hit, base) for hit in hits)
    return out.getvalue()


def answer_records(answer) -> list[dict]:
    """One record per quoted sentence of an answer, with the columns of search.list_output.CSV_COLUMNS.

    A list answer gives its rows' sentences (list_output.row_records); any other answer its
    sentences in order, `row` numbering them from 1, the document's authority, title, date and
    kind taken from the cited passage (answer.hits[citation - 1]); start/end are the sentence's
    character span in its document, passage_start/end the passage's. An answer that quotes
    nothing (the letters do not answer it) gives no records.
    """
    from search.list_output import cited_hit, row_records, sentence_record

    if not answer.answered:
        return []
    if answer.rows:
        return row_records(answer)
    records = []
    for number, sentence in enumerate(answer.sentences, 1):
        hit = cited_hit(answer, sentence)
        fields = (hit.authority, hit.title, hit.date, hit.kind) if hit else ("", "", "", "")
        records.append(sentence_record(sentence, hit, number, *fields))
    return records


def answer_csv(answer) -> str:
    """`isearch ask --csv`: answer_records as CSV text (header CSV_COLUMNS, \\r\\n line ends as RFC 4180,
    as list_output.rows_csv writes them, every cell on one line: single_line); a header alone when the
    answer quotes nothing."""
    from search.list_output import records_csv

    return records_csv(answer_records(answer))
