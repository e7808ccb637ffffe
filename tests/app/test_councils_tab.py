"""The Councils tab, the per-area grades on an authority's page and the passages' CSV download,
under Streamlit's AppTest on the real slice index."""
from __future__ import annotations

import csv
import io
import re

from search.councils import council_rows
from search.export import HIT_COLUMNS
from webapp.councils_view import councils_frame, filter_frame, not_listed_note
from webapp.markup import md_escape


def test_councils_tab_table_download_and_sentences(make_app, small_index):
    at = make_app(view="Councils").run()
    assert not at.exception, at.exception
    [table] = at.dataframe
    frame = table.value
    assert list(frame["council"]) == ["Merton", "Sunderland", "Tameside"]
    tameside = frame[frame["council"] == "Tameside"].iloc[0]
    assert (tameside["latest inspection"], tameside["date"], tameside["overall effectiveness"]) == \
        ("ILACS", "2019-07-01", "requires improvement")
    assert tameside["focused visits since"] == "2021-06-25"
    assert tameside["letter"].startswith("?doc=ilacs-tameside-2019-07-01&hl=")
    [download] = at.get("download_button")
    assert download.proto.label == "Download CSV"

    at.text_input(key="councils-name").input("tame").run()
    assert list(at.dataframe[0].value["council"]) == ["Tameside"]

    at.selectbox(key="councils-detail").select("Tameside").run()
    assert not at.exception, at.exception
    detail = next(h.value for h in at.html if 'class="is-grades"' in h.value)
    assert "Overall effectiveness" in detail and "requires improvement" in detail
    links = re.findall(r'href="([^"]+)"', detail)
    assert links and all("doc=ilacs-tameside-2019-07-01" in link and "hl=" in link for link in links)
    body = small_index.document("ilacs-tameside-2019-07-01").text
    start, end = map(int, re.search(r"hl=(\d+)-(\d+)", links[-1]).groups())
    assert "Requires improvement to be good" in body[start:end]


def test_filter_frame_by_grade_and_direction(small_index):
    frame = councils_frame(council_rows(small_index.documents, small_index.judgements))
    assert list(filter_frame(frame, grades=["outstanding"])["council"]) == \
        list(frame[frame["overall effectiveness"] == "outstanding"]["council"])
    assert "Merton" in list(filter_frame(frame, grades=["outstanding"])["council"])
    assert filter_frame(frame, text="nowhere").empty
    assert len(filter_frame(frame, directions=["no previous inspection"])) == len(frame)


def test_authority_page_shows_grades_per_area(make_app):
    at = make_app(view="Authorities", la="Tameside").run()
    assert not at.exception, at.exception
    grades = [h.value for h in at.html if 'class="is-grades"' in h.value]
    assert len(grades) == 1  # the slice's one Tameside inspection
    assert "Impact of leaders" in grades[0] and "Care leavers" in grades[0]
    assert "care leavers not judged separately before 2023" in grades[0]


def test_search_offers_the_passages_as_csv(make_app, small_index):
    at = make_app(q="agency staff in Merton").run()
    assert not at.exception, at.exception
    buttons = [b for b in at.get("download_button") if b.proto.label == "Download these passages (CSV)"]
    assert len(buttons) == 1
    from webapp.councils_view import hits_csv  # the same function renders the button's data
    hits = small_index.search("agency staff in Merton", k=10)
    records = list(csv.DictReader(io.StringIO(hits_csv(hits))))
    assert tuple(records[0]) == HIT_COLUMNS and records[0]["document"] == hits[0].doc_id


def test_councils_and_corpus_tabs_say_what_they_count(make_app, small_index):
    """Newcomer: the Councils tab said "153 of 153 councils" and the Corpus tab "Authorities 154" (on
    the full index Cumbria has a monitoring visit letter and news, no ILACS or SIF inspection). Each
    tab now says what it counts, and the Councils tab names the authorities it leaves out."""
    at = make_app(view="Councils").run()
    assert not at.exception, at.exception
    captions = [caption.value for caption in at.caption]
    assert ("3 of 3 councils with an ILACS or SIF inspection letter · latest inspection, grades as the letters state "
            "them · click a column heading to sort") in captions
    assert md_escape("Not listed: Barnsley; Bournemouth, Christchurch and Poole; Haringey; Herefordshire; Westminster: "
                     "their documents in the index include no ILACS or SIF inspection letter (the Corpus tab's 8 "
                     "authorities are every council with a document).") in captions

    at = make_app(view="Corpus").run()
    assert not at.exception, at.exception
    assert {metric.label: metric.value for metric in at.metric}["Authorities"] == "8" == str(len(small_index.authorities()))
    assert ("Authorities: every council with at least one document of any kind; the Councils tab lists the 3 councils "
            "with an ILACS or SIF inspection letter.") in [caption.value for caption in at.caption]


def test_a_replaced_council_without_an_inspection_letter_is_named(reorg_index):
    """Cumbria (replaced in 2023): a monitoring visit letter and news articles, no ILACS or SIF letter,
    as on the full index, where it is the one authority of 154 the Councils tab's 153 leave out."""
    rows = council_rows(reorg_index.documents, reorg_index.judgements)
    assert "Cumberland" in {row.authority for row in rows} and "Cumbria" not in {row.authority for row in rows}
    note = not_listed_note(reorg_index.authorities(), rows, shown=50)
    assert note.startswith("Not listed: ") and "; Cumbria; " in note
    assert note.endswith(f"(the Corpus tab's {len(reorg_index.authorities())} authorities are every council with a "
                         "document).")
    assert not_listed_note(["Cumbria", "Cumberland"], [r for r in rows if r.authority == "Cumberland"]) == (
        "Not listed: Cumbria: its documents in the index include no ILACS or SIF inspection letter (the Corpus "
        "tab's 2 authorities are every council with a document).")
