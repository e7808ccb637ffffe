"""The app's flows under Streamlit's AppTest, on the real test slice with the real model:
search, filters, URL parameters, no result, no index, the letter, authority and corpus views,
and escaping of hostile queries and documents."""
from __future__ import annotations

import re

import pytest
from apptest_support import ask

from search import Filters
from webapp.markup import esc as markup_escape
from webapp.markup import md_escape

QUESTIONS = (  # the first the API answers on the slice is used, so the test follows answer tuning
    "What did inspectors say about agency staff in Merton?",
    "Which councils were praised for their work with care leavers?",
    "How did leaders in Tameside respond to the pandemic?",
)


def htmls(at) -> list[str]:
    return [element.value for element in at.html]


def cards(at) -> list[str]:
    return [body for body in htmls(at) if 'class="is-card"' in body]


def answer_box(at) -> str:
    boxes = [body for body in htmls(at) if 'class="is-answer' in body]
    assert len(boxes) == 1, boxes
    return boxes[0]


def card_doc_ids(at) -> list[str]:
    return [re.search(r"doc=([^&\"]+)", card).group(1) for card in cards(at)]


@pytest.fixture(scope="module")
def answered_question(small_index) -> str:
    from search.list_answer import is_list_question

    for question in QUESTIONS:  # answered in sentences (a list question's answer is a table)
        if not is_list_question(question) and small_index.ask(question).answered:
            return question
    pytest.fail("none of the test questions is answered on the slice")


def test_landing_page(make_app):
    at = make_app().run()
    assert not at.exception
    assert at.title[0].value == "Inspection search"
    assert at.text_input(key="q").value == ""
    assert not cards(at)
    assert [tab.label for tab in at.tabs] == ["Search", "Authorities", "Councils", "Corpus"]
    assert at.radio(key="mode").value == "hybrid" and at.slider(key="k").value == 10


def test_question_shows_cited_answer_then_passages(make_app, small_index, answered_question):
    at = ask(make_app().run(), answered_question)
    expected = small_index.ask(answered_question)
    bodies = htmls(at)
    box = answer_box(at)
    assert bodies.index(box) < bodies.index(cards(at)[0]), "the answer comes before the passages"
    assert "Answer to “" in box
    for sentence in expected.sentences:  # every sentence, quoted and cited to its card
        assert f'href="#hit-{sentence.citation}"' in box
        assert any(f'id="hit-{sentence.citation}"' in card for card in cards(at))
    cited = {s.citation for s in expected.sentences}
    assert box.count('<details class="is-sources"') == len(cited)  # each cited passage expandable
    assert card_doc_ids(at) == [hit.doc_id for hit in expected.hits]
    first, hit = cards(at)[0], expected.hits[0]
    assert hit.title in first and hit.authority in first and hit.kind in first
    assert f"hl={hit.start}-{hit.end}" in first and 'target="_blank"' not in first  # same tab: Back returns
    assert "<mark>" in first  # matched words emphasised
    assert any("passages · hybrid search ·" in caption.value and "ms" in caption.value for caption in at.caption)


def test_example_question_button_runs_a_search(make_app):
    at = make_app().run()
    example = at.button(key="example-1")
    example.click().run()
    assert at.text_input(key="q").value == example.label
    assert len(cards(at)) == 10


def test_mode_and_number_of_results(make_app, small_index):
    at = make_app().run()
    at.radio(key="mode").set_value("keyword")
    at.slider(key="k").set_value(3)
    ask(at, "agency social workers caseloads")
    # the first 3 passages, and any further one the answer cites (search.ask.shown)
    shown = small_index.ask("agency social workers caseloads", k=3, mode="keyword").hits
    assert card_doc_ids(at)[:3] == [h.doc_id for h in small_index.search("agency social workers caseloads", 3, "keyword")]
    assert card_doc_ids(at) == [h.doc_id for h in shown] and len(shown) >= 3
    assert any("keyword search" in caption.value for caption in at.caption)


def test_filters_restrict_the_passages(make_app, small_index):
    at = make_app().run()
    at.multiselect(key="authority").set_value(["Merton"])
    ask(at, "children in care")
    assert cards(at) and all("Merton ·" in card for card in cards(at))

    at.multiselect(key="authority").set_value([])
    at.multiselect(key="judgement").set_value(["outstanding"]).run()
    outstanding = {d.id for d in small_index.documents if d.judgement == "outstanding"}
    assert cards(at) and set(card_doc_ids(at)) <= outstanding

    at.multiselect(key="judgement").set_value([])
    at.multiselect(key="kind").set_value(["focused visit"])
    at.slider(key="years").set_value((2021, 2022)).run()
    wanted = Filters.parse(kind="focused visit", since="2021", until="2022")
    allowed = {d.id for d in small_index.documents if wanted.matches(d.authority, d.kind, d.date, d.judgement)}
    assert cards(at) and set(card_doc_ids(at)) <= allowed

    next(button for button in at.button if button.label == "Clear filters").click().run()
    assert at.multiselect(key="kind").value == [] and at.slider(key="years").value == (2019, 2022)
    assert len(cards(at)) == 10


def test_url_parameters_restore_a_shared_search(make_app, small_index):
    at = make_app(q="children in care", authority="Tameside", mode="keyword", k="3").run()
    assert not at.exception
    assert at.text_input(key="q").value == "children in care"
    assert at.multiselect(key="authority").value == ["Tameside"]
    assert at.radio(key="mode").value == "keyword" and at.slider(key="k").value == 3
    expected = small_index.search("children in care", 3, "keyword", Filters.parse(authority="Tameside"))
    shown = small_index.ask("children in care", k=3, mode="keyword", filters=Filters.parse(authority="Tameside")).hits
    assert len(expected) == 3 and card_doc_ids(at)[:3] == [hit.doc_id for hit in expected]
    assert card_doc_ids(at) == [hit.doc_id for hit in shown]  # (and any passage cited beyond the first 3)
    assert all("Tameside ·" in card for card in cards(at))
    # each letter link carries the search, so the letter's "back" link returns to it
    assert "q=children+in+care" in cards(at)[0] and "authority=Tameside" in cards(at)[0] and "mode=keyword" in cards(at)[0]


def test_no_matching_passage(make_app):
    """No passage: the line says why (no letter passes the filters; none matches), never "The closest
    passages are shown below." (newcomer: a list question with no passage said so above nothing)."""
    at = make_app(authority="Barnsley", kind="ILACS inspection").run()
    ask(at, "social work practice")
    assert not cards(at)
    assert [info.value for info in at.info] == [md_escape(
        "No letters match the filters (Barnsley; ILACS inspection). Remove a filter (✕ above) to search more letters.")]
    at = make_app(authority="Barnsley", kind="ILACS inspection").run()
    ask(at, "Which councils were praised for their work with care leavers?")
    assert not cards(at) and not [body for body in htmls(at) if "closest passages" in body]
    assert [info.value for info in at.info] == [md_escape(
        "No letters match the filters (Barnsley; ILACS inspection). Remove a filter (✕ above) to search more letters.")]
    at = make_app(authority="Tameside", mode="keyword").run()
    ask(at, "zzqx frobnicate")
    assert [info.value for info in at.info] == [md_escape(
        "No passage of the letters the filters keep (Tameside) matches the question. Try other words, another "
        "mode, or fewer filters.")]


def test_unanswered_question_says_so_and_still_lists_passages(make_app, small_index):
    question = "zebra crossings on mars"
    assert not small_index.ask(question).answered
    at = ask(make_app().run(), question)
    box = answer_box(at)
    assert "is-noanswer" in box and "do not answer" in box
    assert len(cards(at)) == 10


def test_no_index_gives_the_command_to_build_it(make_app, tmp_path):
    at = make_app(index_dir=tmp_path / "missing").run()
    assert not at.exception
    assert "not ready" in at.error[0].value
    assert "isearch index" in at.code[0].value and "make index" in at.code[0].value
    assert not at.text_input


def test_letter_view_highlights_the_passage(make_app, small_index):
    hit = small_index.search("agency staff", 1)[0]
    at = make_app(doc=hit.doc_id, hl=f"{hit.start}-{hit.end}", q="agency staff").run()
    assert not at.exception
    letter = next(body for body in htmls(at) if 'class="is-letter"' in body)
    marked = re.search(r'<mark class="is-hl">(.*?)</mark>', letter, re.S).group(1)
    assert marked == markup_escape(hit.text)
    assert any(element.proto.unsafe_allow_javascript for element in at.html)  # the scroll-to script
    assert any("Back to the search" in body and "q=agency+staff" in body for body in htmls(at))


def test_letter_view_with_a_bad_span_or_id(make_app, small_index):
    doc = small_index.documents[0]
    at = make_app(doc=doc.id, hl="999999-9999999").run()
    assert not at.exception and not any('<mark class="is-hl"' in body for body in htmls(at))
    assert not any(element.proto.unsafe_allow_javascript for element in at.html)
    at = make_app(doc="<b>no-such-letter</b>").run()
    assert not at.exception
    assert "no letter" in at.error[0].value and "\\<b\\>" in at.error[0].value


def test_authority_page_shows_inspections_over_time(make_app, small_index):
    at = make_app(view="Authorities", la="Merton").run()
    assert not at.exception
    timeline = next(body for body in htmls(at) if 'class="is-timeline"' in body)
    merton = sorted((d for d in small_index.documents if d.authority == "Merton"), key=lambda d: d.date, reverse=True)
    positions = [timeline.index(f"doc={d.id}") for d in merton]
    assert positions == sorted(positions), "newest first"
    assert 'is-j-outstanding' in timeline
    assert at.get("vega_lite_chart"), "a chart of dates, kinds and judgements"
    assert any("search only these documents" in body and "authority=Merton" in body for body in htmls(at))


def test_corpus_overview(make_app, small_index):
    at = make_app(view="Corpus").run()
    assert not at.exception
    metrics = {metric.label: metric.value for metric in at.metric}
    assert metrics["Documents"] == f"{len(small_index.documents):,}"
    assert metrics["Passages"] == f"{len(small_index):,}"
    assert metrics["Index size"].endswith("MB")
    table = next(body for body in htmls(at) if "is-stats" in body)
    assert small_index.manifest["encoder"]["model"] in table and "Built" in table  # test_app_wording: the model
    assert at.get("vega_lite_chart")


def test_query_markup_is_shown_as_text(make_app):
    query = "<script>alert(1)</script> **bold** [x](javascript:alert(2)) <img src=x onerror=alert(3)>"
    at = ask(make_app().run(), query)
    assert at.text_input(key="q").value == query
    box = answer_box(at)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; **bold** [x](javascript:alert(2)) &lt;img" in box
    for body in htmls(at):
        assert "<script" not in body.lower() and "<img" not in body.lower() and 'href="javascript' not in body


def test_document_markup_is_shown_as_text(make_app, hostile):
    at = make_app(index_dir=hostile.index_dir, q="pantomime", mode="keyword").run()
    assert not at.exception
    card = next(card for card in cards(at) if f"doc={hostile.id}" in card)
    assert markup_escape(hostile.title) in card
    assert "&lt;script&gt;window.__pwned=&#x27;script&#x27;&lt;/script&gt;" in card
    assert "**not bold**" in card and "[link](javascript:" in card
    for body in htmls(at):
        lowered = body.lower()
        assert "<script" not in lowered and "<img" not in lowered and "<style>body" not in lowered
        assert 'href="javascript' not in lowered

    at = make_app(index_dir=hostile.index_dir, doc=hostile.id).run()  # the whole letter
    page = "".join(body for body in htmls(at) if "<style>" not in body)
    assert markup_escape(hostile.title) in page and "&lt;b&gt;Merton&lt;/b&gt;" in page
    assert "<script" not in page.lower() and 'href="javascript' not in page
    assert "source ↗" not in page  # a javascript: source is not made a link

    at = make_app(index_dir=hostile.index_dir, view="Authorities", la="Merton").run()
    timeline = next(body for body in htmls(at) if 'class="is-timeline"' in body)
    assert markup_escape(hostile.title) in timeline and "<img" not in timeline
