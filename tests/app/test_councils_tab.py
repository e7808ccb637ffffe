"""The Councils tab, the per-area grades on an authority's page and the passages' CSV download,
under Streamlit's AppTest on the real slice index."""
from __future__ import annotations

import csv
import io
import re

from search.councils import council_rows
from search.export import HIT_COLUMNS
from webapp.councils_view import councils_frame, filter_frame


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
