"""The app's HTML helpers (webapp/markup.py): escaping, emphasis, links, spans, dates."""
from __future__ import annotations

import html
import re

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
    assert out == "&lt;b&gt;<mark>Agency</mark>&lt;/b&gt; <mark>staff</mark> &amp; social workers"
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
