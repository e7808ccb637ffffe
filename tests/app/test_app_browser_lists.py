"""List answers and the Councils tab in a real browser: Debian chromium (playwright) against
`streamlit run app.py` on real letters.

A question across councils ("Which letters mention Healthy Young Minds...?") is answered on the
slice of tests/search/test_list_answer.py with a table of one row per council (Oldham, Trafford,
Bury, Tameside), each quoting its letter verbatim; its CSV download reads back with the csv module.
The Councils tab's table (st.dataframe, a canvas grid whose accessible table mirrors the rows
shown) is sorted by a click on a column heading, filtered by overall grade, and its CSV download
reads back with the right columns. Screenshots go to tests/artifacts/.
Needs /usr/bin/chromium (`make test` installs it; never `playwright install`).
"""
from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from app_server import run_streamlit  # `streamlit run app.py` over an index
from test_app_browser import CHROMIUM, browser, settle, submit  # noqa: F401 (browser is a fixture)

from corpus_slice import build_slice_index
from search.export import single_line

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
SLOW = 180_000  # ms: the first question loads the model, on a machine shared with other test runs
QUESTION = "Which letters mention Healthy Young Minds, the children's mental health service?"
# the letters of tests/search/test_list_answer.py: four that name Healthy Young Minds, two that name
# other "Young Minds", two about other things; and two more ILACS letters for the Councils tab
ANSWERING = {"fv-oldham-2020-11-27": "Oldham", "fv-trafford-2018-08-02": "Trafford",
             "ilacs-bury-2021-12-17": "Bury", "ilacs-tameside-2019-07-01": "Tameside"}
OTHER_IDS = ("jtai-coventry-2024-05-17", "send-gloucestershire-2024-03-01", "fv-merton-2020-11-20",
             "fv-haringey-2020-01-21", "ilacs-merton-2022-05-09", "ilacs-sunderland-2021-08-20")

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian chromium: run `make chromium`")


@pytest.fixture(scope="module")
def lists_index_dir(tmp_path_factory) -> Path:
    """The slice above, indexed (embeddings from the test cache)."""
    return build_slice_index(tmp_path_factory, "lists", (*ANSWERING, *OTHER_IDS))


@pytest.fixture(scope="module")
def lists_index(lists_index_dir):
    from search.index import open_index

    return open_index(lists_index_dir)


@pytest.fixture(scope="module")
def lists_server(lists_index_dir):
    """`streamlit run app.py` on 127.0.0.1 over the slice above; its URL."""
    yield from run_streamlit(lists_index_dir, ARTIFACTS / "streamlit-lists-server.log")


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    context.set_default_timeout(SLOW)
    yield context.new_page()
    context.close()


def flat(text: str) -> str:
    """Text with every run of white space as one space (the browser shows line breaks as spaces)."""
    return " ".join(text.split())


def read_csv(download) -> list[dict[str, str]]:
    """A playwright download read back with the csv module (as a spreadsheet would open it)."""
    with open(download.path(), newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_list_question_shows_one_row_per_council_and_downloads_them_as_csv(lists_server, lists_index, page):
    from search.list_output import CSV_COLUMNS

    page.goto(lists_server, timeout=SLOW)
    submit(page, QUESTION)
    table = page.locator(".is-list-table")
    page.locator(".is-list .is-label").filter(has_text="Healthy Young Minds").wait_for()
    settle(page)
    page.screenshot(path=str(ARTIFACTS / "lists-answer.png"), full_page=True)
    assert "4 councils, 4 letters" in page.locator(".is-list .is-label").inner_text()

    rows = table.locator("tbody tr")
    councils = [rows.nth(i).locator("td").nth(1).inner_text() for i in range(rows.count())]
    assert sorted(councils) == sorted(ANSWERING.values())  # one row per council, no look-alike
    assert [rows.nth(i).locator("td").first.inner_text() for i in range(rows.count())] == \
        [str(n) for n in range(1, len(councils) + 1)]
    for i, council in enumerate(councils):
        quotes = rows.nth(i).locator(".is-quotes li")
        assert quotes.count() >= 1
        for j in range(quotes.count()):
            quote = quotes.nth(j)
            cite = quote.locator("a.is-cite")
            doc_id, start, end = re.search(r"doc=([^&]+)&hl=(\d+)-(\d+)", cite.get_attribute("href")).groups()
            assert ANSWERING[doc_id] == council  # the citation opens this council's letter
            sentence = flat(re.sub(r"\s*\[\d+\]$", "", quote.inner_text()))
            assert "young minds" in sentence.lower()
            # verbatim: the quoted sentence is in the cited passage of the letter, word for word
            assert sentence in flat(lists_index.document(doc_id).text[int(start): int(end)]), (council, sentence)

    with page.expect_download() as info:
        page.get_by_role("button", name="Download the rows (CSV)").click()
    download = info.value
    assert download.suggested_filename == "list-answer.csv"

    # on a 390 px phone the rows stack: what the letters say stays inside the screen
    page.set_viewport_size({"width": 390, "height": 900})
    page.wait_for_function("() => getComputedStyle(document.querySelector('.is-list-table td:nth-child(2)')).display === 'block'")
    settle(page)
    page.screenshot(path=str(ARTIFACTS / "lists-answer-390.png"), full_page=True)
    for i in range(rows.count()):
        box = rows.nth(i).locator(".is-quotes").bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390, (i, box)
    records = read_csv(download)
    assert records and tuple(records[0]) == CSV_COLUMNS
    assert {"authority", "doc_id", "sentence", "start", "end"} <= set(CSV_COLUMNS)
    assert {r["authority"] for r in records} == set(councils)  # every council in the table, and no other
    for record in records:
        body = lists_index.document(record["doc_id"]).text
        assert ANSWERING[record["doc_id"]] == record["authority"]
        # the cell is the verbatim span on one line (search.export.single_line)
        assert single_line(body[int(record["start"]): int(record["end"])]) == record["sentence"]


def grid_column(page, column: str) -> list[str]:
    """The values of one column of the Councils table, top to bottom as shown (read from the
    accessible table the data grid keeps inside its canvas; a sorted column's heading there
    starts with ↑ or ↓)."""
    return page.evaluate("""name => {
        const grid = document.querySelector('[data-testid="stDataFrame"] canvas table');
        const heads = [...grid.querySelectorAll('thead th')].map(th => th.textContent.replace(/^[↑↓] /, ''));
        const col = heads.indexOf(name) + 1;
        return [...grid.querySelectorAll('tbody tr')].map(
            tr => tr.querySelector(`td[aria-colindex="${col}"]`).textContent);
    }""", column)


def wait_for_column(page, column: str, values: list[str], any_order: bool = False) -> None:
    """Wait until the Councils table shows `values` in `column`, top to bottom (or in any order)."""
    page.wait_for_function("""([name, want, anyOrder]) => {
        const grid = document.querySelector('[data-testid="stDataFrame"] canvas table');
        if (!grid) return false;
        const heads = [...grid.querySelectorAll('thead th')].map(th => th.textContent.replace(/^[↑↓] /, ''));
        const col = heads.indexOf(name) + 1;
        const got = [...grid.querySelectorAll('tbody tr')].map(
            tr => tr.querySelector(`td[aria-colindex="${col}"]`)?.textContent);
        if (anyOrder) got.sort();
        return JSON.stringify(got) === JSON.stringify(anyOrder ? [...want].sort() : want);
    }""", arg=[column, values, any_order])


def test_councils_tab_sorts_on_a_heading_click_filters_and_downloads_csv(lists_server, lists_index, page):
    from search.councils import council_rows, councils_csv
    from search.export import letter_url

    rows = council_rows(lists_index.documents, lists_index.judgements)
    grades = {row.authority: row.grade("overall_effectiveness") for row in rows}
    assert sorted(grades) == ["Bury", "Merton", "Sunderland", "Tameside"]
    page.goto(lists_server, timeout=SLOW)
    page.get_by_role("tab", name="Councils").click()
    page.wait_for_function("() => location.search.includes('view=Councils')")
    canvas = page.locator('[data-testid="stDataFrame"] canvas[data-testid="data-grid-canvas"]')
    canvas.wait_for()
    settle(page)
    wait_for_column(page, "council", sorted(grades))  # as the app lists them, by name
    assert grid_column(page, "overall effectiveness") == [grades[c] for c in sorted(grades)]

    # a click on the "council" heading sorts by it (ascending), a second one the other way round
    box = canvas.bounding_box()
    heading = (box["x"] + 20, box["y"] + 12)  # the first column (no index column), in the heading row
    page.mouse.click(*heading)
    wait_for_column(page, "council", sorted(grades))
    # the grid marks the sorted column's heading with an arrow
    page.get_by_role("columnheader", name="↑ council", exact=True, include_hidden=True).wait_for(state="attached")
    page.mouse.click(*heading)
    page.get_by_role("columnheader", name="↓ council", exact=True, include_hidden=True).wait_for(state="attached")
    wait_for_column(page, "council", sorted(grades, reverse=True))
    assert grid_column(page, "overall effectiveness") == [grades[c] for c in sorted(grades, reverse=True)]
    page.screenshot(path=str(ARTIFACTS / "lists-councils-sorted.png"))

    # the tab's own filter: overall effectiveness "outstanding" keeps Merton and Sunderland
    outstanding = sorted(c for c, g in grades.items() if g == "outstanding")
    assert outstanding == ["Merton", "Sunderland"]
    page.locator(".st-key-councils-grade input").click()
    page.get_by_role("option", name="outstanding", exact=True).click()
    page.keyboard.press("Escape")
    page.get_by_text(f"{len(outstanding)} of {len(grades)} councils").wait_for()
    settle(page)
    wait_for_column(page, "council", outstanding, any_order=True)

    with page.expect_download() as info:
        page.get_by_role("button", name="Download CSV", exact=True).click()
    download = info.value
    assert download.suggested_filename == "councils.csv"
    records = read_csv(download)
    expected = next(csv.reader([councils_csv(rows, link=letter_url).splitlines()[0]]))
    assert list(records[0]) == expected  # the columns of search.councils.flat_row
    assert {"authority", "latest inspection", "latest date", "overall effectiveness",
            "overall effectiveness link"} <= set(expected)
    assert sorted(r["authority"] for r in records) == outstanding  # the councils shown, and only them
    for record in records:
        assert record["overall effectiveness"] == grades[record["authority"]]
        assert record["latest inspection"] == "ILACS"
        assert "doc=ilacs-" in record["overall effectiveness link"]
    page.screenshot(path=str(ARTIFACTS / "lists-councils-filtered.png"))
