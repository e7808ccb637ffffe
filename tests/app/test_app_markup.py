"""The app's HTML helpers (webapp/markup.py): escaping, emphasis, links, spans, dates."""
from __future__ import annotations

import html
import re

from search import Filters
from webapp import markup

HOSTILE = "<script>alert(1)</script> **bold** [x](javascript:alert(2)) <img src=x onerror=alert(3)> & \"q\" 'a'"


def test_esc_makes_text_inert():
    escaped = markup.esc(HOSTILE)
    assert "<" not in escaped and ">" not in escaped and '"' not in escaped and "'" not in escaped
    assert html.unescape(escaped) == HOSTILE


def test_md_escape_leaves_no_markdown_or_html():
    escaped = markup.md_escape(HOSTILE + " :red[x] $y$ # h")
    assert not re.search(r"(?<!\\)[*\[\]()<>`$:#]", escaped)


def test_emphasise_marks_matched_words_and_escapes_the_rest():
    out = markup.emphasise("<b>Agency</b> staff & social workers", "agency staff")
    assert out.startswith("&lt;b&gt;<mark>Agency</mark>&lt;/b&gt; <mark>staff</mark> &amp; social ")
    assert markup.emphasise(HOSTILE, HOSTILE).count("<mark>") >= 3
    assert "<script" not in markup.emphasise(HOSTILE, HOSTILE)


def test_mark_spans_clips_and_merges():
    assert markup.mark_spans("abcdef", [(1, 3), (2, 4), (5, 99)]) == "a<mark>bc</mark><mark>d</mark>e<mark>f</mark>"
    assert markup.mark_spans("a<b", [(1, 2)], "is-hl") == 'a<mark class="is-hl">&lt;</mark>b'


def test_parse_span_accepts_only_spans_inside_the_text():
    assert markup.parse_span("10-20", 100) == (10, 20)
    for bad in ("20-10", "10-10", "5-101", "-1-5", "x", "", None, "1-2-3", "1 - 2"):
        assert markup.parse_span(bad, 100) is None


def test_human_date():
    assert markup.human_date("2020-01-21") == "21 January 2020"
    assert markup.human_date("2020-01") == "January 2020"
    assert markup.human_date("2020") == "2020"
    assert markup.human_date("") == "undated"


def test_the_councils_table_separates_thousands():
    """The Corpus tab's table of councils (app.council_rows' keys): a count a person reads is "1,204", not "1204"."""
    row = {"name": "Kent", "documents": 1204, "first": "2009-07-03", "latest": "2025-01-20",
           "kinds": "1,150 monitoring visit, 54 focused visit", "judgement": "good"}
    html = markup.councils_table_html([row], lambda name: "#")
    assert "<td>1,204</td>" in html and "1204" not in html
    assert "<td>999</td>" in markup.councils_table_html([{**row, "documents": 999}], lambda name: "#")


def test_links_are_encoded_and_escaped():
    href = markup.letter_link({"q": 'a&b "<x>"', "authority": ["Merton", "Bournemouth, Christchurch and Poole"],
                               "kind": []}, "fv-merton-2020-11-20", (5, 9))
    assert href.startswith("?q=a%26b+%22%3Cx%3E%22&amp;authority=Merton&amp;authority=Bournemouth")
    assert href.endswith("&amp;doc=fv-merton-2020-11-20&amp;hl=5-9") and "kind" not in href
    assert markup.source_url("javascript:alert(1) https://files.ofsted.gov.uk/v1/file/1 (via x)") == \
        "https://files.ofsted.gov.uk/v1/file/1"
    assert markup.source_url("javascript:alert(1)") == ""


def test_answer_and_cards_from_a_real_answer(small_index):
    answer = small_index.ask("What did inspectors say about agency staff in Merton?")
    box = markup.answer_html(answer, lambda hit: markup.letter_link({}, hit.doc_id, (hit.start, hit.end)))
    if answer.answered:
        for sentence in answer.sentences:
            assert markup.esc(sentence.text) in box and f'href="#hit-{sentence.citation}"' in box
            hit = answer.hits[sentence.citation - 1]
            assert f"doc={hit.doc_id}&amp;hl={hit.start}-{hit.end}" in box
    else:
        assert "is-noanswer" in box
    for hit in answer.hits:
        card = markup.hit_card(hit, answer.query, "?doc=x")
        assert f'id="hit-{hit.rank}"' in card and markup.esc(hit.title) in card
        assert re.sub(r"</?mark>", "", card).count(markup.esc(hit.text)) == 1


def test_question_words_are_not_marked():
    text = "Inspectors said what leaders did about agency staff. Ofsted found the council says little."
    out = markup.emphasise(text, "What did inspectors say Ofsted found about agency staff in the council?")
    assert re.findall(r"<mark>(.*?)</mark>", out) == ["agency", "staff"]


def test_dates_are_labelled_and_readable():
    assert markup.date_range("2019-05-13", "2019-05-24") == "13 to 24 May 2019"
    assert markup.date_range("2019-04-30", "2019-05-02") == "30 April to 2 May 2019"
    assert markup.date_range("2019-12-30", "2020-01-02") == "30 December 2019 to 2 January 2020"
    assert markup.date_range("", "") == ""
    assert markup.dates_html("2020-01-21", "13 to 24 May 2019") == "published 21 January 2020 · inspected 13 to 24 May 2019"
    assert markup.dates_html("") == "undated"


def test_news_is_labelled_in_the_answer_header(small_index):
    from dataclasses import replace

    answer = small_index.ask("children in care", filters=Filters.parse(include_news=True))
    assert answer.answered
    news_doc = answer.sentences[0].doc_id  # every passage of that document is then news
    hits = [replace(h, kind="news article") if h.doc_id == news_doc else h for h in answer.hits]
    labelled = replace(answer, hits=tuple(hits))
    box = markup.answer_html(labelled, lambda hit: "")
    assert "news article" in box.split("</div>")[0] and "quoted from the letters" not in box
    assert "quoted from the letters" in markup.answer_html(
        replace(answer, hits=tuple(replace(h, kind="focused visit") for h in answer.hits)), lambda hit: "")
    assert 'target="_blank"' not in box


CUMBRIA_2017 = "seed-cumbria-2017-06-13-monitoring-visit-letter"


def test_a_letters_date_shows_once_on_its_card_and_quoted_source_without_a_gap(reorg_index):
    """Newcomer: the first passage of the 13 June 2017 Cumbria letter showed its date three times
    (the metadata line, the date line taken for a section heading, the passage's opening line) and
    then three blank lines. The date is shown once, labelled, and a run of blank lines as one break."""
    def shown(html_text: str) -> str:
        return html.unescape(re.sub(r"<[^>]+>", "", html_text))

    hit = next(h for h in reorg_index.search("Cumbria monitoring visit 2017", k=10) if h.doc_id == CUMBRIA_2017
               and h.heading == "13 June 2017")  # the real passage: its heading is the letter's date line
    assert re.match(r"13 June 2017\n\n\n\n", hit.text)
    card = shown(markup.hit_card(hit, "Cumbria monitoring visit 2017", "?doc=x",
                                 reorg_index.documents[reorg_index.doc_row[hit.doc_id]]))
    assert "published 13 June 2017 · inspected 4 to 5 April 2017" in card and card.count("13 June 2017") == 1
    assert not re.search(r"\n[ \t]*\n[ \t]*\n", card) and "\n\nDear Mr Macilwraith\n\n" in card

    answer = reorg_index.ask("Who were the HMIs for the Cumbria monitoring visit?")
    quoted = next(s for s in answer.sentences if "Sheena Doyle" in s.text)
    assert answer.hits[quoted.citation - 1].text.startswith("13 June 2017\n\n\n\n")  # the same passage, quoted
    box = markup.answer_html(answer, lambda h: "?doc=x")
    source = shown(box.split(f'<details class="is-sources" id="source-{quoted.citation}">')[1].split("</details>")[0])
    assert source.count("13 June 2017") == 1 and not re.search(r"\n[ \t]*\n[ \t]*\n", source)


def test_only_a_date_line_that_repeats_the_documents_date_is_left_out():
    assert markup.is_date_line("13 June 2017") and markup.is_date_line(" June 2017 ")
    assert not markup.is_date_line("Areas covered by the visit") and not markup.is_date_line("13 June 2017 visit")
    text = "13 June 2017\n\n\n\nDear Mr Macilwraith\n\n\nThe visit."
    assert markup.passage_html(text, [(16, 18)], "2017-06-13") == "<mark>De</mark>ar Mr Macilwraith\n\nThe visit."
    assert markup.passage_html(text, [], "2017-06-14").startswith("13 June 2017\n\nDear")  # another date stays
    assert markup.passage_html("13 June 2017", [], "2017-06-13") == "13 June 2017"  # nothing else to show
