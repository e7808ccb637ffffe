"""A list answer as output: one record per cited sentence (the CSV columns the CLI, the app and
search/export.py write) and the rows as a terminal shows them. Pure functions of the Answer."""
from __future__ import annotations

from search.types import Answer, AnswerSentence, Hit

CSV_COLUMNS = ("row", "authority", "doc_id", "title", "date", "kind", "lead_in", "sentence", "start", "end", "citation",
               "passage_start", "passage_end", "score")


def row_records(answer: Answer) -> list[dict]:
    """One record per (row, sentence) of a list answer, with the columns of CSV_COLUMNS:
    start/end are the sentence's character span in its document; passage_start/end the span
    of the passage it is cited to (answer.hits[citation - 1])."""
    records = []
    for row in answer.rows:
        letters = dict(zip(row.doc_ids, zip(row.titles, row.dates, row.kinds)))
        for sentence in row.sentences:
            title, date, kind = letters.get(sentence.doc_id, ("", "", ""))
            records.append(sentence_record(sentence, cited_hit(answer, sentence), row.rank, row.authority, title,
                                           date, kind))
    return records


def cited_hit(answer: Answer, sentence: AnswerSentence) -> Hit | None:
    """The passage `sentence` is cited to (answer.hits[citation - 1]); None when the citation points to none."""
    return answer.hits[sentence.citation - 1] if 0 < sentence.citation <= len(answer.hits) else None


def sentence_record(sentence: AnswerSentence, hit: Hit | None, row: int, authority: str, title: str, date: str,
                    kind: str) -> dict:
    """One CSV record (keys CSV_COLUMNS) for a quoted `sentence`, in row `row` with the document
    fields given: start/end are the sentence's character span in its document, passage_start/end
    the span of `hit`, the passage it is cited to (cited_hit; "" for None); lead_in the line that
    introduces a list item's list (AnswerSentence.lead_in, "" for any other sentence), not part of
    the verbatim sentence."""
    return {"row": row, "authority": authority, "doc_id": sentence.doc_id, "title": title, "date": date,
            "kind": kind, "lead_in": sentence.lead_in, "sentence": sentence.text, "start": sentence.start, "end": sentence.end,
            "citation": sentence.citation, "passage_start": hit.start if hit else "",
            "passage_end": hit.end if hit else "", "score": sentence.score}


def records_csv(records: list[dict]) -> str:
    """CSV text of records keyed by CSV_COLUMNS (csv module, header first, \\r\\n line ends as RFC 4180;
    a header alone for no records). Every text cell is on one line (search.export.single_line: a grade
    quoted from a table, "Overall effectiveness\\n\\nInadequate", reads "Overall effectiveness Inadequate");
    start/end keep the verbatim span."""
    import csv
    import io

    from search.export import single_line

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    writer.writerows({k: single_line(v) if isinstance(v, str) else v for k, v in r.items()} for r in records)
    return buffer.getvalue()


def rows_csv(answer: Answer) -> str:
    """The list answer as CSV text (csv module, header CSV_COLUMNS, \\r\\n line ends as RFC 4180)."""
    return records_csv(row_records(answer))


def render_rows(answer: Answer, width: int = 100) -> str:
    """The list answer for a terminal: the summary line, then each row with its letters and
    cited sentences."""
    import textwrap

    lines = [answer.message, ""]
    for row in answer.rows:
        letters = ", ".join(f"{d} ({date or 'undated'})" for d, date in zip(row.doc_ids, row.dates))
        lines.append(f"{row.rank}. {row.authority}: {letters}")
        for s in row.sentences:
            # wrapped at spaces only (search.render.WRAP): the cited document id stays whole, to be copied
            lines.append(textwrap.fill(f"{s.text} [{s.citation}: {s.doc_id} chars {s.start}-{s.end}]", width=width,
                                       initial_indent="   - ", subsequent_indent="     ", break_on_hyphens=False,
                                       break_long_words=False))
    return "\n".join(lines)
