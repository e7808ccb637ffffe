"""HTML pages read as a reader sees them: legal HTML5 without `</head>`, tables and definition
lists as readable rows, page chrome dropped (cases from ../shared/cases/ingest, copied to
tests/data/ingest so CI has them)."""
from __future__ import annotations

import html
from pathlib import Path

from indexer.bm25 import BM25Index
from indexer.header import split_header
from indexer.keywords import keyword_tokens
from indexer.load import html_to_text, load_document

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "tests" / "data" / "ingest"
LETTER = ROOT / "corpus" / "fv-tameside-2021-06-25.txt"


def test_b05_page_without_closing_head_is_read():
    doc, warnings = load_document(CASES / "b05-unclosed-head.html")
    # "Wexbridge" is no English council: the one warning says so, naming the file and the fix
    assert doc.authority == "" and len(warnings) == 1
    assert warnings[0].startswith(f"{CASES / 'b05-unclosed-head.html'}: no local authority found")
    assert "b05-unclosed-head.meta" in warnings[0]
    assert doc.title == "Focused visit to Wexbridge children's services"
    assert doc.kind == "focused visit"
    assert doc.date == "2023-06-12"  # "Published: 12 June 2023"
    assert "Caseloads for social workers in the assessment teams remain high" in doc.text
    assert "Strategy meetings are timely and well attended by partner agencies." in doc.text
    assert "style.css" not in doc.text and "- Ofsted" not in doc.text  # the head is not body text


def test_b06_table_rows_are_readable_and_words_separate():
    doc, _ = load_document(CASES / "b06-table-cells.html")
    lines = doc.text.split("\n")
    assert "The experiences and progress of children in care: Inadequate" in lines
    assert "Overall effectiveness: Requires improvement to be good" in lines
    assert "The impact of leaders on social work practice with children and families: Good" in lines
    assert "careInadequate" not in doc.text and "familiesGood" not in doc.text
    assert "inadequate" in keyword_tokens(doc.text)
    assert doc.kind == "ILACS inspection"
    assert doc.judgement == "requires improvement"  # read from the table row, as from prose


def test_b06_keyword_query_inadequate_finds_the_letter():
    letters = [load_document(CASES / name)[0] for name in ("b05-unclosed-head.html", "b06-table-cells.html")]
    bm25 = BM25Index.build([keyword_tokens(doc.text) for doc in letters])
    rows, scores = bm25.top_k(keyword_tokens("inadequate"), 5)
    assert [letters[r].id for r in rows] == ["b06-table-cells"] and scores[0] > 0


def test_definition_list_pairs_become_rows():
    page = ("<!DOCTYPE html><title>Judgements</title><h1>Inspection of Tameside</h1><dl>"
            "<dt>Overall effectiveness</dt><dd>Requires improvement to be good</dd>"
            "<dt>Care leavers:</dt><dd>Good</dd><dd>Improving</dd>"
            "<div><dt>Help and protection</dt><dd>Inadequate</dd></div></dl><p>After the list.</p>")
    title, text = html_to_text(page)
    assert title == "Inspection of Tameside"
    assert text.split("\n") == ["Inspection of Tameside", "", "Overall effectiveness: Requires improvement to be good",
                                "Care leavers: Good; Improving", "Help and protection: Inadequate", "", "After the list."]


def test_wide_table_cells_joined_with_bars_and_text_before_it_kept_apart():
    page = ("<body>Figures<table><tr><th>Area</th><th>2019</th><th>2020</th></tr>"
            "<tr><td>children in care</td><td><p>41</p><p>(per cent)</p></td><td>Inadequate</td></tr></table></body>")
    _, text = html_to_text(page)
    assert text.split("\n") == ["Figures", "Area | 2019 | 2020", "children in care | 41 (per cent) | Inadequate"]


def test_script_style_nav_and_hidden_dropped_title_from_title_tag():
    page = ("<html><head><title>Letter   to Merton</title><style>p {color: red}</style></head><body>"
            "<nav>Home | Search | Contact</nav><script>alert('x')</script><noscript>Enable JavaScript</noscript>"
            "<p>Practice is <b>strong</b>.</p><div hidden>secret</div><p>Second&nbsp;paragraph &amp; more.</p></body></html>")
    title, text = html_to_text(page)
    assert title == "Letter to Merton"
    assert text == "Practice is strong.\n\nSecond paragraph & more."


def test_pages_without_elements_or_with_xml_declaration():
    assert html_to_text("<!-- nothing here -->") == ("", "")
    title, text = html_to_text("<?xml version='1.0' encoding='iso-8859-1'?><html><body><h1>Café</h1><p>Body</p></body></html>")
    assert (title, text) == ("Café", "Café\n\nBody")


def test_real_letter_as_html_keeps_every_paragraph():
    _, body = split_header(LETTER.read_text(encoding="utf-8"))
    paragraphs = [" ".join(p.split()) for p in body.split("\n") if p.strip()]
    page = "<html><head><title>Ofsted</title><body>" + "".join(f"<p>{html.escape(p)}" for p in paragraphs)
    _, text = html_to_text(page)  # neither </head> nor </p>: both may be omitted in HTML5
    assert text.split("\n\n") == paragraphs
