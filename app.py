"""The web app: ask a question, read a cited answer and the ranked passages; follow one
authority's inspections over time; see what the index holds.

Start it with `make run` or `isearch app`. Everything it shows comes from the public
`search` API; the HTML is built from escaped text only (webapp/markup.py). The question and
the filters live in the URL (widgets bound to query parameters), so a search is a link.
"""
from __future__ import annotations

import datetime as dt
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import altair as alt
import pandas as pd
import streamlit as st

from indexer.authorities import authority_record, changes_for, field_authorities, lineage, related_councils
from indexer.config import default_index_dir
from indexer.schema import JUDGEMENTS, KINDS
from indexer.tuned_model import model_description
from search import Answer, FilterError, Filters, Index, IndexOpenError, QueryError, open_index
from search.councils import council_rows as inspected_councils
from search.no_passages import filters_label, letters_pass, no_passages_message, shows_passages
from search.query import MAX_QUERY_CHARS
from search.spelling import corrected_question, correction_note, question_corrections
from search.wording import counted, number
from webapp import councils_view, markup
from webapp.confidence import show_confidence
from webapp.link_params import LinkOptions, correction_line, read_link, url_values, warning_line

MODES = {"hybrid": "hybrid", "semantic": "dense", "keyword": "keyword"}  # shown in the UI -> API mode
MODE_CAPTIONS = ("meaning and words together (best)", "meaning only", "the exact words (BM25)")
DEFAULT_K = 10
MAX_K = 50
EXAMPLES = (
    "How long did children wait at the front door in Tameside?",
    "What did inspectors say about agency social workers in Tameside?",
    "Which councils were praised for their work with care leavers?",
)
LINK_DATES = ("since", "until")  # a link's exact period (YYYY, YYYY-MM or YYYY-MM-DD), shown on the years slider
JUDGEMENT_COLOURS = ["#1b5e20", "#43a047", "#f9a825", "#c62828", "#9e9e9e"]


@st.cache_resource(show_spinner="Opening the index…", max_entries=4)
def load_index(folder: str) -> Index:
    """The index, opened once per server process (and again only after a rebuild moves the link)."""
    return open_index(folder)


@st.cache_resource(show_spinner="Loading the language model (once per server)…", max_entries=4)
def warm_up(folder: str) -> bool:
    """Load the embedding model now, so that the first question does not wait for it."""
    load_index(folder).embed_query("children's services")
    return True


@dataclass(frozen=True)
class Settings:
    """What the sidebar asks for: mode, number of passages, filters, and the same as URL parameters."""

    mode: str
    k: int
    filters: Filters | None  # None when the filters cannot be parsed (see error)
    error: str = ""
    params: dict = field(default_factory=dict)
    chips: tuple = ()  # (widget key, value the ✕ removes or resets to, label) of each active filter


def get_index() -> tuple[Index, str]:
    """The shared index; without one, a message saying how to build it (and nothing else)."""
    path = default_index_dir()
    folder = os.path.realpath(path)  # a rebuild swaps the link: the new build gets its own cache entry
    try:
        return load_index(folder), folder
    except IndexOpenError as exc:
        st.title("Inspection search")
        st.error(f"**The search index is not ready.** {markup.md_escape(exc)}")
        st.markdown("Build it, then reload this page. The first build embeds every letter "
                    "(about 40 minutes on 2 cores); later builds only add what changed.")
        st.code(f"make index\n# or: isearch index corpus --index-dir {path}", language="bash")
        st.stop()


def clear_filters(years: tuple[int, int]) -> None:
    for key in ("authority", "kind", "judgement"):
        st.session_state[key] = []
    st.session_state["years"] = years
    for key in LINK_DATES:
        st.session_state.pop(key, None)


def remove_filter(key: str, value: object) -> None:
    """A filter chip's ✕: drop one value of a multiselect filter, or reset the years or the news toggle."""
    if key in ("years", "no_news"):
        st.session_state[key] = value
        for bound in LINK_DATES if key == "years" else ():
            st.session_state.pop(bound, None)
    else:
        st.session_state[key] = [v for v in st.session_state.get(key, []) if v != value]


def authority_options(index: Index) -> list[str]:
    """Councils to filter by: those with documents, and the councils they replaced or were replaced
    by (a filter for Northamptonshire finds North and West Northamptonshire's letters)."""
    have = index.authorities()
    return sorted({name for a in have for name in lineage(a) if index.has_letters(name)})


def authority_label(name: str) -> str:
    """'Cumbria (until April 2023)' for an abolished council, else the name."""
    record = authority_record(name)
    return f"{name} (until {markup.human_date(record.until[:7])})" if record and record.until else name


def sidebar(index: Index) -> Settings:
    """Mode, number of passages and filters; each widget is bound to a URL parameter of its key."""
    docs = index.documents
    years = sorted({int(d.date[:4]) for d in docs if d.date[:4].isdigit()}) or [0]
    span = (years[0], years[-1])
    kinds = [kind for kind in KINDS if any(d.kind == kind for d in docs)]
    if "link_warning" not in st.session_state:  # once per session, before the widgets read the URL
        state, ignored, corrected = read_link({key: st.query_params.get_all(key) for key in st.query_params},
                                              LinkOptions(authority_options(index), kinds, JUDGEMENTS, MODES, span,
                                                          MAX_K))
        st.session_state.update(state)
        st.session_state["link_warning"] = warning_line(ignored)
        st.session_state["link_note"] = correction_line(corrected)
        canonical_url(state)
    with st.sidebar:
        st.header("Search")
        mode = st.radio("Mode", list(MODES), captions=MODE_CAPTIONS, key="mode", bind="query-params")
        k = st.slider("Passages to show", 1, MAX_K, DEFAULT_K, key="k", bind="query-params")
        st.header("Filters")
        # Enter picks the top match only (no "Select all matches"); typing matches within names
        authority = st.multiselect("Authority", authority_options(index), key="authority", bind="query-params",
                                   placeholder="Any authority (type to search)",
                                   select_all=False, filter_mode="contains",
                                   help="A council's letters include those of the councils it replaced.")
        kind = st.multiselect("Kind", kinds, key="kind", bind="query-params", placeholder="Any kind",
                              select_all=False)
        chosen = span
        if span[0] < span[1]:
            chosen = st.slider("Years", span[0], span[1], span, key="years", bind="query-params")
        since, until = period(chosen, span)
        judgement = st.multiselect("Judgement", JUDGEMENTS, key="judgement", bind="query-params",
                                   placeholder="Any judgement", select_all=False,
                                   help="Overall effectiveness; only full inspections (ILACS, SIF) are graded.")
        no_news = st.toggle("Leave out news articles", key="no_news", bind="query-params",
                            help="News articles about councils are not Ofsted's letters: they are marked as news "
                                 "wherever they appear, and an answer quotes a letter before a news article that "
                                 "says the same. This leaves them out (unless the kind filter asks for them).")
        narrowed = bool(authority or kind or judgement or since or until) or tuple(chosen) != span
        st.button("Clear filters", on_click=clear_filters, args=(span,), disabled=not narrowed)
        st.caption("The address bar keeps the question and the filters: copy it to share this search.")
    params = {"mode": mode if mode != "hybrid" else "", "k": str(k) if k != DEFAULT_K else "",
              "authority": authority, "kind": kind, "judgement": judgement,
              "years": [str(y) for y in chosen] if tuple(chosen) != span else [], "no_news": "true" if no_news else "",
              **{key: st.session_state.get(key, "") for key in LINK_DATES}}
    if st.session_state["link_warning"] or st.session_state["link_note"]:  # shown until the filters change
        st.session_state.setdefault("link_params", params)
    chips = [("authority", a, f"Authority: {authority_label(a)}") for a in authority]
    chips += [("kind", x, f"Kind: {x}") for x in kind] + [("judgement", j, f"Judgement: {j}") for j in judgement]
    if since or until:  # a link's since/until, exact to the month or day
        label = f"{markup.human_date(since) if since else 'any date'} to {markup.human_date(until) if until else 'now'}"
        chips.append(("years", span, f"Dates: {label}"))
    elif tuple(chosen) != span:
        chips.append(("years", span, f"Years: {chosen[0]} to {chosen[1]}"))
    if no_news:
        chips.append(("no_news", False, "News articles left out"))
    try:
        filters = Filters.parse(authority=authority, kind=kind, since=since, until=until, judgement=judgement,
                                include_news=False if no_news else None)
        return Settings(mode, k, filters, params=params, chips=tuple(chips))
    except FilterError as exc:
        return Settings(mode, k, None, str(exc), params, tuple(chips))


def period(chosen: tuple[int, int], span: tuple[int, int]) -> tuple[str | None, str | None]:
    """(since, until) for Filters.parse from the years slider `chosen` (of the index's `span`): a
    shared link's since/until (read_link keeps them in the session, and the slider shows their
    years) while the slider still shows that bound's year, else the slider's years; None for an end
    at the span's (the full range keeps undated letters). A bound the slider moved off is dropped
    from the session and the URL."""
    bounds = []
    for key, year, edge in (("since", chosen[0], span[0]), ("until", chosen[1], span[1])):
        exact = st.session_state.get(key)
        if exact and max(span[0], min(span[1], int(exact[:4]))) == year:
            bounds.append(exact)
            continue
        st.session_state.pop(key, None)
        if key in st.query_params:
            del st.query_params[key]
        bounds.append(str(year) if year != edge else None)
    return bounds[0], bounds[1]


def canonical_url(state: dict[str, object]) -> None:
    """On a link's first run, before the widgets: write the values read from the link into the URL
    in the widgets' own form (authority=tameside, BCP or tamesid -> Tameside, Bournemouth,
    Christchurch and Poole, Tameside; kind=focused -> focused visit), so that the address bar can
    be shared as it is, and run again (st.rerun).

    A widget bound to the URL reads it on its first run from the address the run started with and
    removes from the URL a value that is not one of its options ("tameside"), while it shows the
    value preset for it: the filter would be applied but missing from the link."""
    stale = {key: value for key, value in url_values(state).items() if st.query_params.get_all(key) != value}
    for key, value in stale.items():
        if value:
            st.query_params[key] = value
        else:
            del st.query_params[key]
    if stale:
        st.rerun()


def link_warning(settings: Settings) -> None:
    """The lines naming the misspelt authorities a shared link was read with and the values it
    could not use (webapp/link_params.py), while the filters are still the link's."""
    if st.session_state.get("link_params") != settings.params:
        return
    if note := st.session_state.get("link_note"):
        st.info(markup.md_escape(note), icon="🔤")
    if line := st.session_state.get("link_warning"):
        st.warning(markup.md_escape(line), icon="⚠️")


def set_query(text: str) -> None:
    st.session_state["q"] = text


def run_query(index: Index, query: str, settings: Settings) -> tuple[Answer, float]:
    """index.ask, remembered for this session so that reruns (a tab switch) do not search again."""
    key = (query, settings.k, settings.mode, settings.filters)
    last = st.session_state.get("last_answer")
    if last and last[0] == key:
        return last[1], last[2]
    started = time.perf_counter()
    answer = index.ask(query, k=settings.k, filters=settings.filters, mode=MODES[settings.mode])
    elapsed_ms = (time.perf_counter() - started) * 1000
    st.session_state["last_answer"] = (key, answer, elapsed_ms)
    return answer, elapsed_ms


def search_view(index: Index, settings: Settings) -> None:
    """The search box, then the cited answer, then the ranked passages as cards."""
    with st.form("ask", border=False):
        left, right = st.columns([8, 1], vertical_alignment="bottom")
        query = left.text_input("Ask a question or search the letters", key="q", bind="query-params",
                                max_chars=MAX_QUERY_CHARS, placeholder=f"e.g. {EXAMPLES[0]}")
        right.form_submit_button("Search", type="primary", width="stretch")
    query = (query or "").strip()
    filter_chips(settings)
    if not query:
        st.caption("Try one of these:")
        with st.container(horizontal=True):
            for n, example in enumerate(EXAMPLES):
                st.button(example, key=f"example-{n}", on_click=set_query, args=(example,))
        return
    if settings.error:
        st.error(markup.md_escape(settings.error))
        return
    corrections = question_corrections(query, index.own_councils.names)  # "Tamesid" is Tameside, "leavres" leavers
    asked = corrected_question(query, corrections)
    try:
        with st.spinner("Searching the letters…", show_time=True):
            answer, elapsed_ms = run_query(index, asked, settings)
    except QueryError as exc:
        st.warning(markup.md_escape(exc))
        return
    if corrections:
        st.info(markup.md_escape(correction_note(corrections)), icon="🔤")
    if not answer.hits:
        if answer.message and not shows_passages(answer.message):  # e.g. "No letters for Isle of Man in the index"
            st.html(markup.answer_html(answer, lambda hit: ""))
        else:  # not "The closest passages are shown below.": there are none
            passing = letters_pass(index, settings.filters)
            advice = ("Remove a filter (✕ above) to search more letters." if not passing else
                      "Try other words, another mode, or fewer filters." if filters_label(settings.filters) else
                      "Try other words or another mode.")
            st.info(markup.md_escape(f"{no_passages_message(answer, settings.filters, passing)} {advice}"))
        return
    params = {**settings.params, "q": query}

    def href(hit):
        return markup.letter_link(params, hit.doc_id, (hit.start, hit.end))

    if answer.rows:  # a list answer (many councils): a table and a CSV download, not passage cards
        from webapp.list_view import show_list_answer

        show_list_answer(st, answer, href)
        st.caption(f"{counted(len(answer.rows), 'row')} from {counted(len(answer.hits), 'passage')} · "
                   f"{settings.mode} search · {elapsed_ms:.0f} ms")
        return
    st.html(markup.answer_html(answer, href))
    show_confidence(st, answer)
    st.caption(f"{counted(len(answer.hits), 'passage')} · {settings.mode} search · {elapsed_ms:.0f} ms")
    councils_view.passages_download(st, answer.hits, asked)
    for hit in answer.hits:
        st.html(markup.hit_card(hit, asked, href(hit), index.documents[index.doc_row[hit.doc_id]]))


def filter_chips(settings: Settings) -> None:
    """The active filters above the results, each a chip whose ✕ removes it."""
    if not settings.chips:
        return
    with st.container(horizontal=True, key="filter-chips", vertical_alignment="center"):
        st.caption("Filters:", width="content")
        for n, (key, value, label) in enumerate(settings.chips):
            st.button(f"{label} ✕", key=f"chip-{n}", on_click=remove_filter, args=(key, value),
                      help="Remove this filter", type="secondary")


def letter_view(index: Index, doc_id: str) -> None:
    """One whole letter; the passage named by `hl` highlighted, with the page scrolled to it."""
    back = {key: st.query_params.get_all(key) for key in st.query_params if key not in ("doc", "hl")}
    st.html(f'<a href="{markup.link(back)}">← Back to the search</a>')
    try:
        doc = index.document(doc_id)
    except KeyError:
        st.error(f"There is no letter with id {markup.md_escape(doc_id)} in this index.")
        return
    span = markup.parse_span(st.query_params.get("hl"), len(doc.text))
    st.html(markup.letter_header(doc))
    st.html(markup.letter_html(doc, span, st.query_params.get("q", "")))
    if span:
        st.html(markup.SCROLL_TO_PASSAGE, unsafe_allow_javascript=True)


def authority_view(index: Index) -> None:
    """One council's letters over time (its predecessors' and successors' too): a chart of dates,
    kinds and judgements with reorganisations marked, then the list of every letter."""
    name = st.selectbox("Authority", authority_options(index), index=None, key="la", bind="query-params",
                        placeholder="Choose or type an authority…", filter_mode="contains")
    if not name:
        st.caption("Choose a council to see its inspections and visits over time, with links into each letter. "
                   "The Corpus tab lists every council.")
        return
    wanted = Filters.parse(authority=name)
    docs = [d for d in index.documents if wanted.matches(d.authority, d.kind, d.date, d.judgement)]
    related = related_councils(name)
    moves = {}  # one line per reorganisation (a council replaced by two is one event)
    for change in changes_for(name):
        moves.setdefault((change.date, change.old), []).append(change)
    changes = [(date, group[0].note) for (date, _), group in sorted(moves.items())]
    graded = sorted((d for d in docs if d.judgement), key=lambda d: d.date)
    dated = sorted(d.date for d in docs if d.date)
    summary = counted(len(docs), "document") + (f", published {dated[0][:4]} to {dated[-1][:4]}" if dated else "")
    if related:
        summary += " · including " + ", ".join(f"{markup.esc(other)} ({relation})" for other, relation in related.items())
    if graded:
        latest = graded[-1]
        whose = "" if latest.authority == name else f"{markup.esc(latest.authority)}, "  # a successor's
        summary += (f" · latest graded inspection ({whose}{markup.esc(markup.human_date(latest.date))}): "
                    f"{markup.judgement_badge(latest.judgement)}")
    search_link = markup.link({"authority": [name]})
    st.html(f'<h3>{markup.esc(authority_label(name))}</h3><div class="is-meta">{summary} · '
            f'<a href="{search_link}">search only these documents</a></div>')
    timeline_chart(docs, changes)
    undated = sum(not d.date for d in docs)
    if undated:
        st.caption(f"{counted(undated, 'undated document')} {'are' if undated > 1 else 'is'} not on the chart; "
                   "listed below as undated.")
    here = {"view": "Authorities", "la": name}  # a letter's Back link returns to this council
    st.html(markup.timeline_html(docs, lambda d: markup.letter_link(here, d.id), related, changes))
    councils_view.authority_grades(st, index, docs, here)


def timeline_chart(docs: list, changes: list[tuple[str, str]]) -> None:
    """Dated documents as points by kind over a year axis (one tick per year, at any number of
    points), judgement as colour, a readable tooltip; reorganisations as labelled rules."""
    frame = pd.DataFrame([{"date": d.date if len(d.date) == 10 else f"{d.date[:7]}-01", "kind": d.kind,
                           "judgement": d.judgement or "not graded", "title": d.title, "council": d.authority,
                           "published": markup.human_date(d.date),
                           "inspected": markup.inspection_dates(d) or "not stated"} for d in docs if d.date])
    if frame.empty:
        return
    years = sorted({int(day[:4]) for day in frame["date"]} | {int(date[:4]) for date, _ in changes})
    first, last = years[0], years[-1] + 1
    ticks = [dt.datetime(year, 1, 1) for year in range(first, last + 1)]
    x = alt.X("date:T", title=None, scale=alt.Scale(domain=[ticks[0].isoformat(), ticks[-1].isoformat()], padding=14),
              axis=alt.Axis(format="%Y", values=ticks, labelOverlap=True, grid=True))
    points = alt.Chart(frame).mark_point(filled=True, size=220, opacity=0.9).encode(
        x=x, y=alt.Y("kind:N", sort=list(KINDS), title=None),
        color=alt.Color("judgement:N", title="Judgement", legend=alt.Legend(orient="bottom", columns=3),
                        scale=alt.Scale(domain=[*JUDGEMENTS, "not graded"], range=JUDGEMENT_COLOURS)),
        tooltip=[alt.Tooltip("title:N", title="Title"), alt.Tooltip("council:N", title="Council"),
                 alt.Tooltip("kind:N", title="Kind"), alt.Tooltip("published:N", title="Published"),
                 alt.Tooltip("inspected:N", title="Inspected"), alt.Tooltip("judgement:N", title="Judgement")],
    )
    layers = [points]
    if changes:
        rules = pd.DataFrame([{"date": date, "note": note, "when": markup.human_date(date)} for date, note in changes])
        base = alt.Chart(rules).encode(x=alt.X("date:T"))
        layers.append(base.mark_rule(color="#1565c0", strokeDash=[4, 3], size=2).encode(
            tooltip=[alt.Tooltip("when:N", title="Reorganisation"), alt.Tooltip("note:N", title="What changed")]))
        layers.append(base.mark_text(align="left", dx=4, dy=-4, baseline="top", color="#1565c0").encode(
            y=alt.value(0), text=alt.value("reorganised")))
    chart = alt.layer(*layers).properties(height=90 + 40 * frame["kind"].nunique())
    st.altair_chart(chart, width="stretch")


def corpus_view(index: Index, folder: str) -> None:
    """What the index holds: documents by kind and year, its size, model and build date."""
    docs, manifest = index.documents, index.manifest
    size = sum(p.stat().st_size for p in Path(folder).iterdir() if p.is_file())
    columns = st.columns(4)
    columns[0].metric("Documents", number(len(docs)))
    columns[1].metric("Passages", number(len(index)))
    columns[2].metric("Authorities", number(len(index.authorities())))
    columns[3].metric("Index size", f"{size / 1e6:.1f} MB")
    graded = len(inspected_councils(docs, index.judgements))
    st.caption(f"Authorities: every council with at least one document of any kind; the Councils tab lists the "
               f"{counted(graded, 'council')} with an ILACS or SIF inspection letter.")
    frame = pd.DataFrame([{"year": d.date[:4], "kind": d.kind} for d in docs if d.date[:4].isdigit()])
    if not frame.empty:
        st.caption("Documents by year and kind")
        st.bar_chart(frame.groupby(["year", "kind"]).size().unstack(fill_value=0), stack=True)
    st.subheader("Documents by council")
    st.html(markup.councils_table_html(council_rows(index),
                                       lambda name: markup.link({"view": "Authorities", "la": name})))
    by_kind = [(f"{kind} documents", sum(d.kind == kind for d in docs)) for kind in KINDS]
    st.html(markup.table_html([
        ("Model", model_description(manifest)),  # the model that embedded the passages, not only its base
        ("Vector index", manifest.get("faiss", "?")),
        ("Built", built_at(manifest.get("built_at", ""))),
        ("Undated documents", number(sum(not d.date for d in docs))),
        *[(label, number(count)) for label, count in by_kind if count],
        ("Index folder", folder),
    ]))


def council_rows(index: Index) -> list[dict]:
    """One row per council with documents: count, first and latest published date, kinds, latest
    judgement (for markup.councils_table_html)."""
    by_council: dict[str, list] = {}
    for doc in index.documents:  # each document under its councils and their lineage, as a filter finds it
        for name in {n for a in field_authorities(doc.authority) for n in lineage(a)}:
            by_council.setdefault(name, []).append(doc)
    rows = []
    for name in index.authorities():
        docs = sorted(by_council.get(name, []), key=lambda d: d.date)
        dated = [d.date for d in docs if d.date]
        graded = [d.judgement for d in docs if d.judgement]
        kinds = ", ".join(f"{number(n)} {kind}" for kind in KINDS if (n := sum(d.kind == kind for d in docs)))
        rows.append({"name": name, "documents": len(docs), "first": dated[0] if dated else "",
                     "latest": dated[-1] if dated else "", "kinds": kinds, "judgement": graded[-1] if graded else ""})
    return rows


def built_at(stamp: str) -> str:
    try:
        return dt.datetime.fromisoformat(stamp).strftime("%-d %B %Y, %H:%M %Z").strip()
    except (TypeError, ValueError):
        return stamp or "unknown"


def main() -> None:
    st.set_page_config(page_title="Inspection search", page_icon="🔎", layout="wide")
    st.html(markup.CSS)
    index, folder = get_index()
    settings = sidebar(index)
    doc_id = st.query_params.get("doc")
    if doc_id:
        letter_view(index, doc_id)
    else:
        st.title("Inspection search")
        held = counted(len(index.documents), "Ofsted letter or report", "Ofsted letters and reports")
        st.caption(f"Cited answers from {held} on English councils' children's services. Every sentence of "
                   "an answer is quoted from a letter (or from a news article, marked as one).")
        link_warning(settings)
        search, authorities, councils, corpus = st.tabs(["Search", "Authorities", "Councils", "Corpus"], key="view",
                                                        bind="query-params")
        if search.open:
            with search:
                search_view(index, settings)
        if authorities.open:
            with authorities:
                authority_view(index)
        if councils.open:
            with councils:
                councils_view.councils_view(st, index)
        if corpus.open:
            with corpus:
                corpus_view(index, folder)
    warm_up(folder)


if __name__ == "__main__":
    main()
