"""The app's Councils tab, the per-area grades on an authority's timeline, and the CSV downloads
(councils, and the passages of a search).

The table is a pandas DataFrame shown with st.dataframe (sortable by any column, filtered by the
widgets above it); links into a letter use the app's URL scheme (`?doc=ID&hl=START-END`).
The HTML parts escape every piece of letter text (webapp/markup.esc).
"""
from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from indexer.judgements import AREA_LABELS, AREAS, GRADED, AreaJudgement
from indexer.schema import DocumentInfo
from search.councils import CouncilRow, council_rows, councils_csv
from search.export import hits_csv, letter_url
from search.types import Hit
from search.wording import counted, number
from webapp import markup

TABLE_AREAS = ("overall_effectiveness", "impact_of_leaders", "help_and_protection", "children_in_care",
               "care_leavers", "children_looked_after", "adoption", "leadership")


def area_column(area: str) -> str:
    return AREA_LABELS[area].lower()


def councils_frame(rows: Sequence[CouncilRow]) -> pd.DataFrame:
    """One line per council: latest inspection, a link to its overall grade's sentence, the grade
    per area (or why there is none), the previous overall grade and the direction, the visits since."""
    records = []
    for row in rows:
        overall = row.grades["overall_effectiveness"]
        record = {"council": row.authority, "latest inspection": row.latest.framework, "date": row.latest.date,
                  "letter": letter_url(row.latest.doc_id, overall.start, overall.end, base="")}
        for area in TABLE_AREAS:
            record[area_column(area)] = row.grade(area)
        record["previous overall"] = row.previous_grade("overall_effectiveness")
        record["direction"] = row.direction["overall_effectiveness"]
        record["previous inspection"] = f"{row.previous.framework} {row.previous.date}" if row.previous else ""
        record["focused visits since"] = ", ".join(v.date for v in row.visits_since if v.kind == "focused visit")
        record["monitoring visits since"] = ", ".join(v.date for v in row.visits_since if v.kind == "monitoring visit")
        records.append(record)
    return pd.DataFrame.from_records(records, columns=[
        "council", "latest inspection", "date", "letter", *(area_column(a) for a in TABLE_AREAS),
        "previous overall", "direction", "previous inspection", "focused visits since", "monitoring visits since"])


def filter_frame(frame: pd.DataFrame, text: str = "", grades: Sequence[str] = (), directions: Sequence[str] = (),
                 frameworks: Sequence[str] = ()) -> pd.DataFrame:
    """The councils whose name contains `text` (any case) and whose overall grade, direction and
    latest framework are among those chosen (an empty choice keeps all)."""
    keep = frame["council"].str.lower().str.contains(text.strip().lower(), regex=False) if text.strip() else \
        pd.Series(True, index=frame.index)
    for column, chosen in (("overall effectiveness", grades), ("direction", directions),
                           ("latest inspection", frameworks)):
        if chosen:
            keep &= frame[column].isin(list(chosen))
    return frame[keep]


def grades_html(judgements: Sequence[AreaJudgement], text: str, href) -> str:
    """An inspection's grades, one line per area of its framework: the grade badge, the letter's
    own words that state it (escaped) and a link that opens the letter at them."""
    items = []
    framework = judgements[0].framework if judgements else "ILACS"
    for judgement in judgements:
        if judgement.area not in AREAS[framework]:
            continue
        label = markup.esc(AREA_LABELS[judgement.area])
        if judgement.status == GRADED:
            stated = " ".join(text[judgement.start:judgement.end].split())
            items.append(f'<li>{label}: {markup.judgement_badge(judgement.grade)} '
                         f'<a href="{href(judgement)}" target="_blank" title="{markup.esc(stated)}">'
                         f'“{markup.esc(stated)}” ↗</a></li>')
        else:
            items.append(f"<li>{label}: <i>{markup.esc(judgement.status)}</i></li>")
    return f'<ul class="is-grades">{"".join(items)}</ul>'


def judgement_href(params: dict, judgement: AreaJudgement) -> str:
    return markup.letter_link(params, judgement.doc_id, (judgement.start, judgement.end))


def not_listed_note(authorities: Sequence[str], rows: Sequence[CouncilRow], shown: int = 5) -> str:
    """Why the Corpus tab's count of authorities (`authorities`: every council with a document,
    Index.authorities) is larger than the Councils tab's rows (`rows`): "Not listed: Cumbria: its
    documents in the index include no ILACS or SIF inspection letter (the Corpus tab's 154 authorities
    are every council with a document)."; "" when every authority has a row. At most `shown` names
    ("; " between them: a name may hold a comma), then "and N more"."""
    missing = sorted(set(authorities) - {row.authority for row in rows})
    if not missing:
        return ""
    names = "; ".join(missing[:shown]) + (f" and {number(len(missing) - shown)} more" if len(missing) > shown else "")
    whose = "its documents in the index include" if len(missing) == 1 else "their documents in the index include"
    return (f"Not listed: {names}: {whose} no ILACS or SIF inspection letter (the Corpus tab's "
            f"{counted(len(authorities), 'authority', 'authorities')} are every council with a document).")


def councils_view(st, index) -> None:
    """The Councils tab: filters, the sortable table, a CSV download, and one council's grades
    with the sentences that state them."""
    rows = council_rows(index.documents, index.judgements)
    if not rows:
        st.info("This index holds no ILACS or SIF inspection letter, so there is no council to show.")
        return
    frame = councils_frame(rows)
    left, middle, right, last = st.columns(4)
    text = left.text_input("Council name contains", key="councils-name")
    grades = middle.multiselect("Overall effectiveness", sorted(set(frame["overall effectiveness"])),
                                key="councils-grade")
    directions = right.multiselect("Direction", sorted(set(frame["direction"])), key="councils-direction")
    frameworks = last.multiselect("Latest inspection", sorted(set(frame["latest inspection"])), key="councils-framework")
    shown = filter_frame(frame, text, grades, directions, frameworks)
    st.caption(f"{number(len(shown))} of {counted(len(frame), 'council')} with an ILACS or SIF inspection letter · latest "
               "inspection, grades as the letters state them · click a column heading to sort")
    note = not_listed_note(index.authorities(), rows)
    if note:
        st.caption(markup.md_escape(note))
    st.dataframe(shown, hide_index=True, width="stretch", key="councils-table", column_config={
        "letter": st.column_config.LinkColumn("letter", display_text="open ↗",
                                              help="The latest inspection letter, at its overall grade"),
        "date": st.column_config.TextColumn("date"),
    })
    chosen = {row.authority for row in rows} & set(shown["council"])
    st.download_button("Download CSV", councils_csv([r for r in rows if r.authority in chosen], link=letter_url),
                       file_name="councils.csv", mime="text/csv", key="councils-csv",
                       help="The councils shown, every area with its previous grade, direction and a link")
    name = st.selectbox("Show the sentences that state a council's grades", sorted(chosen), index=None,
                        key="councils-detail", placeholder="Choose a council…")
    if name:
        row = next(r for r in rows if r.authority == name)
        body = index.document(row.latest.doc_id).text
        params = {"view": "Councils"}
        st.html(f'<div class="is-meta">{markup.esc(row.latest.framework)} inspection, '
                f'{markup.esc(markup.human_date(row.latest.date))}</div>'
                + grades_html(list(row.grades.values()), body, lambda j: judgement_href(params, j)))


def authority_grades(st, index, docs: Sequence[DocumentInfo], params: dict) -> None:
    """Under an authority's timeline: each inspection's grade per area, newest first, with links
    to the sentences that state them."""
    inspections = sorted((d for d in docs if d.id in index.judgements), key=lambda d: (d.date, d.id), reverse=True)
    if not inspections:
        return
    st.markdown("**Grades per area, as each inspection letter states them**")
    for doc in inspections:
        body = index.document(doc.id).text
        st.html(f'<div class="is-meta">{markup.esc(doc.authority)} · {markup.esc(doc.kind)}, '  # a successor's too
                f'{markup.esc(markup.human_date(doc.date))}</div>'
                + grades_html(index.judgements[doc.id], body, lambda j: judgement_href(params, j)))


def passages_download(st, hits: Sequence[Hit], query: str) -> None:
    """A button that downloads the passages shown as CSV (document, authority, date, kind,
    passage, span, link)."""
    if hits:
        st.download_button("Download these passages (CSV)", hits_csv(hits), file_name="passages.csv",
                           mime="text/csv", key="passages-csv", help=f"The {counted(len(hits), 'passage')} for “{query}”")
