"""The app's view of a list answer: the summary line, a table with one row per council (its
letters, the sentences that say it, each cited [n] with a link to its passage in the letter
view) and a CSV download of the rows. Every piece of document text is escaped (webapp.markup.esc).
"""
from __future__ import annotations

from collections.abc import Callable

from indexer.schema import NEWS_KIND
from search.list_output import rows_csv
from search.types import Answer, Hit, ListRow
from webapp.markup import esc, human_date

CSV_NAME = "list-answer.csv"


def _row_html(row: ListRow, by_rank: dict[int, Hit], href: Callable[[Hit], str]) -> str:
    letters = "<br>".join(
        f'{esc(title or doc_id)} <span class="is-meta">{esc(human_date(date) or "undated")} · {esc(kind)}</span>'
        for doc_id, title, date, kind in zip(row.doc_ids, row.titles, row.dates, row.kinds))
    quotes = []
    for sentence in row.sentences:
        hit = by_rank.get(sentence.citation)
        cite = (f'<a class="is-cite" href="{href(hit)}" title="{esc(hit.title)}">[{sentence.citation}]</a>'
                if hit else f"[{sentence.citation}]")
        quotes.append(f"<li>{esc(sentence.text)} {cite}</li>")
    return (f'<tr id="row-{row.rank}"><td>{row.rank}</td><td><b>{esc(row.authority)}</b></td><td>{letters}</td>'
            f'<td><ul class="is-quotes">{"".join(quotes)}</ul></td></tr>')


def list_table_html(answer: Answer, href: Callable[[Hit], str]) -> str:
    """The list answer as an HTML block: a label with the question, where it is quoted from (the
    letters, news articles, or both) and the summary line, then a table (#, council, letters, what
    the letters say). `href(hit)` is the link to a cited passage."""
    by_rank = {hit.rank: hit for hit in answer.hits}
    rows = "".join(_row_html(row, by_rank, href) for row in answer.rows)
    kinds = {kind == NEWS_KIND for row in answer.rows for kind in row.kinds}
    source, column = {frozenset({True}): ("news articles", "Articles"),
                      frozenset({True, False}): ("letters and news articles", "Documents")}.get(
        frozenset(kinds), ("letters", "Letters"))
    return (f'<div class="is-answer is-list"><div class="is-label">Answer to “{esc(answer.query)}”, '
            f'quoted from the {source}: {esc(answer.message)}</div>'
            f'<table class="is-list-table"><thead><tr><th>#</th><th>Council</th><th>{column}</th>'
            f'<th>What the {source} say</th></tr></thead><tbody>{rows}</tbody></table></div>')


def show_list_answer(st, answer: Answer, href: Callable[[Hit], str]) -> None:
    """Render a list answer in Streamlit (`st` is the streamlit module): the table, then a
    download button for the rows as CSV (search.list_output.rows_csv)."""
    st.html(list_table_html(answer, href))
    st.download_button("Download the rows (CSV)", data=rows_csv(answer).encode("utf-8"), file_name=CSV_NAME,
                       mime="text/csv", key="list-csv")
