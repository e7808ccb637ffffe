"""The app as people use it (issue 15), under AppTest on real letters with the real model:
filter chips, authority names without junk, a council followed across a reorganisation, news
labelled and left out of answers unless asked for, labelled dates, content-word highlighting,
links that keep the state, a clear line for a council without letters, the list of councils."""
from __future__ import annotations

import json
import re

from apptest_support import ask
from indexer.authorities import english_authorities
from search import Filters
from search.cli import main as isearch

CUMBRIA = {"seed-cumbria-2017-06-13-monitoring-visit-letter", "seed-cumbria-2017-monitoring-visit-news",
           "seed-cumbria-requires-improvement-news"}
NEWS_MANY = "news-publicsectorexecutive-ofsted-critical-of-council-run-childrens-services"


def htmls(at) -> list[str]:
    return [element.value for element in at.html]


def cards(at) -> list[str]:
    return [body for body in htmls(at) if 'class="is-card' in body]


def card_doc_ids(at) -> list[str]:
    return [re.search(r"doc=([^&\"]+)", card).group(1) for card in cards(at)]


def test_active_filters_are_chips_above_the_results_and_each_removes_its_filter(make_app, small_index):
    at = make_app(q="children in care", authority="Merton", kind="focused visit").run()
    assert not at.exception
    chips = [b for b in at.button if b.key and b.key.startswith("chip-")]
    assert [c.label for c in chips] == ["Authority: Merton ✕", "Kind: focused visit ✕"]
    assert cards(at) and all("Merton ·" in card for card in cards(at))
    chips[0].click().run()  # ✕ on the authority chip
    assert at.multiselect(key="authority").value == [] and at.multiselect(key="kind").value == ["focused visit"]
    expected = small_index.ask("children in care", filters=Filters.parse(kind="focused visit", include_news=False))
    assert card_doc_ids(at) == [h.doc_id for h in expected.hits]
    assert [b.label for b in at.button if b.key and b.key.startswith("chip-")] == ["Kind: focused visit ✕"]


def test_authority_box_picks_one_match_not_all_matches(make_app):
    at = make_app().run()
    for key in ("authority", "kind", "judgement"):
        proto = at.multiselect(key=key).proto
        assert proto.select_all == 0, key  # no "Select N matches" option for Enter to pick
    assert "filter_mode: FILTER_MODE_CONTAINS" in str(at.multiselect(key="authority").proto)  # "Tames": Tameside only


def test_authority_lists_hold_real_councils_only(make_app, reorg_index):
    names = reorg_index.authorities()
    assert set(names) <= set(english_authorities()), set(names) - set(english_authorities())
    assert {"Birmingham", "Slough", "Cumbria", "Cumberland", "Westmorland and Furness"} <= set(names)
    at = make_app(reorg_index_dir_of(reorg_index)).run()
    options = at.multiselect(key="authority").options
    assert not any("England" in o or "named)" in o or "(multiple" in o for o in options)
    assert {"Cumbria", "Cumberland"} <= set(options)


def reorg_index_dir_of(index):
    return index.folder


def test_a_council_is_followed_across_a_reorganisation(make_app, reorg_index, capsys):
    cumberland = Filters.parse(authority="Cumberland")
    passed = {d.id for d in reorg_index.documents if cumberland.matches(d.authority, d.kind, d.date, d.judgement)}
    assert passed == CUMBRIA | {"ilacs-cumberland-2024-11-26"}  # not Westmorland and Furness (a sibling)
    hits = reorg_index.search("monitoring visit progress", k=30, filters=cumberland)
    assert {h.doc_id for h in hits} & CUMBRIA and {h.doc_id for h in hits} <= passed

    # the CLI follows it too
    assert isearch(["query", "monitoring visit progress", "--authority", "Cumberland", "-k", "30", "--json",
                    "--index-dir", str(reorg_index.folder)]) == 0
    found = {hit["doc_id"] for hit in json.loads(capsys.readouterr().out)["hits"]}
    assert found & CUMBRIA and found <= passed

    # the app: the timeline marks Cumbria's letters as a predecessor's and the change itself
    at = make_app(reorg_index.folder, view="Authorities", la="Cumberland").run()
    assert not at.exception
    timeline = next(body for body in htmls(at) if 'class="is-timeline"' in body)
    for doc_id in CUMBRIA | {"ilacs-cumberland-2024-11-26"}:
        assert f"doc={doc_id}" in timeline
    assert "fv-westmorland-and-furness" not in timeline
    assert "Cumbria (predecessor)" in timeline
    assert 'class="is-change"' in timeline and "1 April 2023" in timeline and "Reorganisation" in timeline
    chart = at.get("vega_lite_chart")[0].proto
    assert '"rule"' in chart.spec and b"1 April 2023" in chart.SerializeToString()  # the change drawn on the chart
    assert any("including Cumbria (predecessor)" in body for body in htmls(at))


def test_news_is_searched_and_quoted_after_the_letters_labelled_everywhere_and_can_be_left_out(
        make_app, reorg_index, capsys):
    question = "What did inspectors find about Cumbria's progress at the monitoring visit?"
    news_ids = {d.id for d in reorg_index.documents if d.kind == "news article"}
    assert news_ids & {h.doc_id for h in reorg_index.search(question, k=10)}, "news is searchable"
    default = reorg_index.ask(question)
    assert news_ids & {h.doc_id for h in default.hits}, "answers may draw on news articles"
    # the letter of that visit says it first: the answer opens with a letter, not the press report of it
    assert default.answered and default.sentences[0].doc_id not in news_ids
    letters_only = reorg_index.ask(question, filters=Filters.parse(include_news=False))
    assert letters_only.hits and not news_ids & {h.doc_id for h in letters_only.hits}
    assert Filters.parse(kind="news article", include_news=False).matches("Cumbria", "news article", "2017-08", "")

    assert isearch(["ask", question, "--json", "--index-dir", str(reorg_index.folder)]) == 0
    assert news_ids & {h["doc_id"] for h in json.loads(capsys.readouterr().out)["hits"]}
    assert isearch(["ask", question, "--json", "--no-news", "--index-dir", str(reorg_index.folder)]) == 0
    assert not news_ids & {h["doc_id"] for h in json.loads(capsys.readouterr().out)["hits"]}
    assert isearch(["ask", question, "--no-news", "--kind", "news", "--index-dir", str(reorg_index.folder)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "contradict" in err
    assert isearch(["ask", question, "--index-dir", str(reorg_index.folder)]) == 0
    cited_lines = [line for line in capsys.readouterr().out.split("Passages:")[0].splitlines() if line.startswith("[")]
    assert cited_lines and all((" | news article | " in line) == any(i in line for i in news_ids) for line in cited_lines)

    at = ask(make_app(reorg_index.folder).run(), question)
    assert at.toggle(key="no_news").value is False
    news_cards = [card for card in cards(at) if re.search(r"doc=([^&\"]+)", card).group(1) in news_ids]
    assert news_cards and all("is-news-card" in card and ">news article</span>" in card for card in news_cards)
    box = next(body for body in htmls(at) if 'class="is-answer' in body)
    cited = {h.doc_id for h in default.hits if h.rank in {s.citation for s in default.sentences}}
    if cited & news_ids:  # the header counts the news articles it quotes
        assert "news article" in box.split("</div>")[0] and "quoted from the letters" not in box
    at.toggle(key="no_news").set_value(True).run()
    assert card_doc_ids(at) and not news_ids & set(card_doc_ids(at))
    assert "News articles left out ✕" in [b.label for b in at.button]

    at = make_app(reorg_index.folder, doc="seed-cumbria-2017-monitoring-visit-news").run()
    assert any('class="is-newsnote"' in body and "not a letter" in body for body in htmls(at))


def test_a_finding_known_only_from_a_news_report_is_answered_from_it_and_labelled(reorg_index):
    # Ofsted's report on the first 43 inspections is not in the index; a news article quotes its figures
    news = "news-publicsectorexecutive-ofsted-critical-of-council-run-childrens-services"
    question = "How many of the 43 councils inspected under the single inspection framework were judged inadequate?"
    answer = reorg_index.ask(question)
    assert answer.answered
    first = answer.sentences[0]
    assert first.doc_id == news and "seven were inadequate" in first.text
    assert answer.hits[first.citation - 1].kind == "news article"
    letters_only = reorg_index.ask(question, filters=Filters.parse(include_news=False))
    assert all(s.doc_id != news for s in letters_only.sentences) and all(h.doc_id != news for h in letters_only.hits)


def test_a_list_answer_is_made_from_the_letters_unless_news_is_asked_for(reorg_index):
    """A list answer says what the letters say ("quoted from the letters"): a press report naming
    seven councils is not a row source unless news is asked for."""
    question = "Which councils were judged inadequate?"
    default = reorg_index.ask(question)
    assert default.rows is not None and NEWS_MANY not in {h.doc_id for h in default.hits}
    with_news = reorg_index.ask(question, filters=Filters.parse(include_news=True))
    assert NEWS_MANY in {h.doc_id for h in with_news.hits}
    asked = reorg_index.ask("Which councils were reported in the news to be judged inadequate?")
    assert NEWS_MANY in {h.doc_id for h in asked.hits}
    # asking for the news gets the news articles (second newcomer: 3 of 85 documents were news)
    assert asked.rows and all(h.kind == "news article" for h in asked.hits)


def test_the_kind_of_visit_named_chooses_among_a_councils_letters(reorg_index):
    """Second newcomer: "the HMIs for the Cumbria monitoring visit" led with the inspectors of
    Westmorland and Furness's 2026 focused visit. An answer quotes the kind of visit named when the
    hits hold one."""
    answer = reorg_index.ask("Who were the HMIs for the Cumbria monitoring visit?")
    assert answer.answered
    assert answer.sentences[0].doc_id == "seed-cumbria-2017-06-13-monitoring-visit-letter"
    assert "Sheena Doyle" in answer.sentences[0].text
    kinds = {h.rank: h.kind for h in answer.hits}
    assert all(kinds[s.citation] == "monitoring visit" for s in answer.sentences)


def test_dates_are_labelled_and_undated_documents_listed(make_app, reorg_index, small_index):
    at = ask(make_app().run(), "agency social workers caseloads")
    assert cards(at) and all("published " in card for card in cards(at))
    at = make_app(reorg_index.folder, view="Authorities", la="Cumbria").run()
    timeline = next(body for body in htmls(at) if 'class="is-timeline"' in body)
    assert "published 13 June 2017" in timeline and "published August 2017" in timeline
    undated = timeline.split("seed-cumbria-requires-improvement-news")[0].rsplit("<li", 1)[1]
    assert "undated" in undated  # the undated article is listed, as undated
    assert any("1 undated document is not on the chart" in c.value for c in at.caption)
    chart = at.get("vega_lite_chart")[0].proto
    axis = json.loads(chart.spec)["layer"][0]["encoding"]["x"]["axis"]
    assert axis["format"] == "%Y" and len(axis["values"]) >= 2  # a tick for every year, at any number of points
    assert b"13 June 2017" in chart.SerializeToString()  # readable dates in the tooltip data, not timestamps
    assert '"title": "Published"' in chart.spec and '"title": "Inspected"' in chart.spec


def test_highlighting_marks_content_words_only(make_app, small_index):
    at = ask(make_app().run(), "What did inspectors say about agency staff in Merton?")
    marked = {m.lower() for card in cards(at) for m in re.findall(r"<mark>(.*?)</mark>", card)}
    assert "agency" in marked or "staff" in marked
    assert not marked & {"what", "did", "inspectors", "inspector", "say", "said", "about"}


def test_letters_open_in_the_same_tab_and_links_keep_the_state(make_app, reorg_index):
    at = ask(make_app().run(), "agency social workers caseloads")
    assert all('target="_blank"' not in body for body in cards(at))
    at = make_app(reorg_index.folder, view="Authorities", la="Cumberland").run()
    timeline = next(body for body in htmls(at) if 'class="is-timeline"' in body)
    links = re.findall(r'<a href="([^"]+)">', timeline)
    assert links and all("view=Authorities" in link and "la=Cumberland" in link for link in links)
    assert 'target="_blank"' not in timeline
    doc_id = "ilacs-cumberland-2024-11-26"
    at = make_app(reorg_index.folder, view="Authorities", la="Cumberland", doc=doc_id).run()
    back = next(body for body in htmls(at) if "Back to the search" in body)
    assert "view=Authorities" in back and "la=Cumberland" in back and "doc=" not in back


def test_a_council_without_letters_is_named_not_answered_from_another(make_app, reorg_index, capsys):
    question = "What did inspectors say about children's social care on the Isle of Man?"
    assert {"fv-isle-of-wight-2021-09-07"} & {h.doc_id for h in reorg_index.search(question, k=5)}  # the trap
    answer = reorg_index.ask(question)
    assert not answer.answered and not answer.hits
    assert answer.message.startswith("No letters for Isle of Man in the index")
    answer = reorg_index.ask("How were care leavers supported in Barnet?")  # English, but no letters here
    assert answer.message == "No letters for Barnet in the index." and not answer.hits
    assert reorg_index.ask("How were care leavers supported in Tameside?").hits  # a council with letters
    assert isearch(["ask", question, "--index-dir", str(reorg_index.folder)]) == 1
    assert "No letters for Isle of Man in the index" in capsys.readouterr().out
    at = ask(make_app(reorg_index.folder).run(), question)
    assert not cards(at)
    assert any("No letters for Isle of Man in the index" in body for body in htmls(at))


def test_corpus_tab_lists_every_council_with_links_to_its_letters(make_app, reorg_index):
    at = make_app(reorg_index.folder, view="Corpus").run()
    assert not at.exception
    table = next(body for body in htmls(at) if 'class="is-letters"' in body)
    for name in reorg_index.authorities():
        assert f">{name}</a>" in table.replace("&#x27;", "'")
    row = table.split(">Cumberland</a>")[1].split("</tr>")[0]
    assert "<td>4</td>" in row  # its own letter and Cumbria's three
    assert "view=Authorities&amp;la=Cumberland" in table


def test_a_successors_latest_grade_is_named_as_the_successors(make_app, reorg_index):
    """Cumbria's page includes its successors' letters; the latest graded inspection is
    Cumberland's (November 2024), so the summary names Cumberland, not Cumbria."""
    at = make_app(reorg_index.folder, view="Authorities", la="Cumbria").run()
    summary = next(body for body in htmls(at) if "latest graded inspection" in body)
    assert "latest graded inspection (Cumberland, " in summary
    at = make_app(view="Authorities", la="Tameside").run()
    summary = next(body for body in htmls(at) if "latest graded inspection" in body)
    assert re.search(r"latest graded inspection \(\d", summary)  # its own: no name repeated


def test_grades_per_area_name_each_inspections_council(make_app, reorg_index):
    """Cumbria's page lists its successors' inspections: each block of grades names its council."""
    at = make_app(reorg_index.folder, view="Authorities", la="Cumbria").run()
    blocks = [h.value for h in at.html if "ILACS inspection, " in h.value and 'class="is-meta"' in h.value]
    assert any("Cumberland · ILACS inspection, 26 November 2024" in b for b in blocks), blocks
