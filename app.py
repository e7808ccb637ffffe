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

from indexer.config import default_index_dir
from indexer.schema import JUDGEMENTS, KINDS
from search import Answer, FilterError, Filters, Index, IndexOpenError, QueryError, open_index
from search.query import MAX_QUERY_CHARS
from webapp import markup

MODES = {"hybrid": "hybrid", "semantic": "dense", "keyword": "keyword"}  # shown in the UI -> API mode
MODE_CAPTIONS = ("meaning and words together (best)", "meaning only", "the exact words (BM25)")
DEFAULT_K = 10
EXAMPLES = (
    "How long did children wait at the front door in Tameside?",
    "What did inspectors say about agency staff in Merton?",
    "Which councils were praised for their work with care leavers?",
)
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


def sidebar(index: Index) -> Settings:
    """Mode, number of passages and filters; each widget is bound to a URL parameter of its key."""
    docs = index.documents
    years = sorted({int(d.date[:4]) for d in docs if d.date[:4].isdigit()}) or [0]
    span = (years[0], years[-1])
    kinds = [kind for kind in KINDS if any(d.kind == kind for d in docs)]
    with st.sidebar:
        st.header("Search")
        mode = st.radio("Mode", list(MODES), captions=MODE_CAPTIONS, key="mode", bind="query-params")
        k = st.slider("Passages to show", 1, 50, DEFAULT_K, key="k", bind="query-params")
        st.header("Filters")
        authority = st.multiselect("Authority", index.authorities(), key="authority", bind="query-params",
                                   placeholder="Any authority (type to search)")
        kind = st.multiselect("Kind", kinds, key="kind", bind="query-params", placeholder="Any kind")
        chosen = span
        if span[0] < span[1]:
            chosen = st.slider("Years", span[0], span[1], span, key="years", bind="query-params")
        judgement = st.multiselect("Judgement", JUDGEMENTS, key="judgement", bind="query-params",
                                   placeholder="Any judgement",
                                   help="Overall effectiveness; only full inspections (ILACS, SIF) are graded.")
        narrowed = bool(authority or kind or judgement) or tuple(chosen) != span
        st.button("Clear filters", on_click=clear_filters, args=(span,), disabled=not narrowed)
        st.caption("The address bar keeps the question and the filters: copy it to share this search.")
    since = str(chosen[0]) if chosen[0] > span[0] else None  # the full range keeps undated letters
    until = str(chosen[1]) if chosen[1] < span[1] else None
    params = {"mode": mode if mode != "hybrid" else "", "k": str(k) if k != DEFAULT_K else "",
              "authority": authority, "kind": kind, "judgement": judgement,
              "years": [str(y) for y in chosen] if tuple(chosen) != span else []}
    try:
        filters = Filters.parse(authority=authority, kind=kind, since=since, until=until, judgement=judgement)
        return Settings(mode, k, filters, params=params)
    except FilterError as exc:
        return Settings(mode, k, None, str(exc), params)


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
    if not query:
        st.caption("Try one of these:")
        with st.container(horizontal=True):
            for number, example in enumerate(EXAMPLES):
                st.button(example, key=f"example-{number}", on_click=set_query, args=(example,))
        return
    if settings.error:
        st.error(markup.md_escape(settings.error))
        return
    try:
        with st.spinner("Searching the letters…", show_time=True):
            answer, elapsed_ms = run_query(index, query, settings)
    except QueryError as exc:
        st.warning(markup.md_escape(exc))
        return
    if not answer.hits:
        st.info("No passage matches this search. Try other words, another mode, or fewer filters.")
        return
    params = {**settings.params, "q": query}

    def href(hit):
        return markup.letter_link(params, hit.doc_id, (hit.start, hit.end))

    st.html(markup.answer_html(answer, href))
    st.caption(f"{len(answer.hits)} passages · {settings.mode} search · {elapsed_ms:.0f} ms")
    for hit in answer.hits:
        st.html(markup.hit_card(hit, query, href(hit)))


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
    """One authority's letters over time: a chart of dates, kinds and judgements, then the list."""
    name = st.selectbox("Authority", index.authorities(), index=None, key="la", bind="query-params",
                        placeholder="Choose or type an authority…")
    if not name:
        st.caption("Choose a council to see its inspections and visits over time, with links into each letter.")
        return
    wanted = Filters.parse(authority=name)
    docs = [d for d in index.documents if wanted.matches(d.authority, d.kind, d.date, d.judgement)]
    graded = sorted((d for d in docs if d.judgement), key=lambda d: d.date)
    dated = sorted(d.date for d in docs if d.date)
    summary = f"{len(docs)} letters" + (f", {dated[0][:4]} to {dated[-1][:4]}" if dated else "")
    if graded:
        latest = graded[-1]
        summary += (f" · latest graded inspection ({markup.esc(markup.human_date(latest.date))}): "
                    f"{markup.judgement_badge(latest.judgement)}")
    search_link = markup.link({"authority": [name]})
    st.html(f'<h3>{markup.esc(name)}</h3><div class="is-meta">{summary} · '
            f'<a href="{search_link}">search only these letters</a></div>')
    frame = pd.DataFrame([{"date": d.date, "kind": d.kind, "judgement": d.judgement or "not graded",
                           "title": d.title} for d in docs if d.date])
    if not frame.empty:
        chart = alt.Chart(frame).mark_point(filled=True, size=220, opacity=0.9).encode(
            x=alt.X("date:T", title=None, axis=alt.Axis(format="%Y", tickCount="year"), scale=alt.Scale(padding=24)),
            y=alt.Y("kind:N", sort=list(KINDS), title=None),
            color=alt.Color("judgement:N", title="Judgement",
                            scale=alt.Scale(domain=[*JUDGEMENTS, "not graded"], range=JUDGEMENT_COLOURS)),
            tooltip=["date:N", "kind:N", "judgement:N", "title:N"],
        ).properties(height=60 + 40 * frame["kind"].nunique())
        st.altair_chart(chart, width="stretch")
    st.html(markup.timeline_html(docs, lambda d: markup.letter_link({}, d.id)))


def corpus_view(index: Index, folder: str) -> None:
    """What the index holds: documents by kind and year, its size, model and build date."""
    docs, manifest = index.documents, index.manifest
    size = sum(p.stat().st_size for p in Path(folder).iterdir() if p.is_file())
    columns = st.columns(4)
    columns[0].metric("Documents", f"{len(docs):,}")
    columns[1].metric("Passages", f"{len(index):,}")
    columns[2].metric("Authorities", f"{len(index.authorities()):,}")
    columns[3].metric("Index size", f"{size / 1e6:.1f} MB")
    frame = pd.DataFrame([{"year": d.date[:4], "kind": d.kind} for d in docs if d.date[:4].isdigit()])
    if not frame.empty:
        st.caption("Documents by year and kind")
        st.bar_chart(frame.groupby(["year", "kind"]).size().unstack(fill_value=0), stack=True)
    model = manifest.get("model", {})
    by_kind = [(f"{kind} documents", sum(d.kind == kind for d in docs)) for kind in KINDS]
    st.html(markup.table_html([
        ("Model", f"{model.get('id', '?')} ({model.get('dim', '?')} dimensions)"),
        ("Vector index", manifest.get("faiss", "?")),
        ("Built", built_at(manifest.get("built_at", ""))),
        ("Undated documents", sum(not d.date for d in docs)),
        *[(label, count) for label, count in by_kind if count],
        ("Index folder", folder),
    ]))


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
        st.caption(f"Cited answers from {len(index.documents):,} Ofsted letters and reports on English councils' "
                   "children's services. Every sentence of an answer is quoted from a letter.")
        search, authorities, corpus = st.tabs(["Search", "Authorities", "Corpus"], key="view", bind="query-params")
        if search.open:
            with search:
                search_view(index, settings)
        if authorities.open:
            with authorities:
                authority_view(index)
        if corpus.open:
            with corpus:
                corpus_view(index, folder)
    warm_up(folder)


if __name__ == "__main__":
    main()
