"""The app with misspelt ordinary words (AppTest, the real slice, the real model): the question is
searched as spelt right under one line saying so, as for a misspelt council; names and quoted
words are searched as typed, with no line."""
from __future__ import annotations

import re

from apptest_support import ask

TYPED = "waht did inspecotrs say about care leavres in Tameside?"
MEANT = "what did inspectors say about care leavers in Tameside?"
NOTE = 'Showing results for "what", "inspectors" and "leavers" (the question says "waht", "inspecotrs" and "leavres").'


def literal(markdown: str) -> str:
    """Text shown for markdown escaped by webapp.markup.md_escape."""
    return re.sub(r"\\(.)", r"\1", markdown)


def card_doc_ids(at) -> list[str]:
    return [re.search(r"doc=([^&\"]+)", h.value).group(1) for h in at.html if 'class="is-card"' in h.value]


def test_misspelt_words_are_searched_as_spelt_right_and_named(make_app, small_index):
    assert not small_index.ask(TYPED).answered  # the fault: declined as typed
    at = ask(make_app().run(), TYPED)
    assert [literal(i.value) for i in at.info] == [NOTE]
    expected = small_index.ask(MEANT)
    assert expected.answered and card_doc_ids(at) == [hit.doc_id for hit in expected.hits]
    first = next(h.value for h in at.html if 'class="is-card"' in h.value)
    assert re.search(r"[?&]q=waht[^&\"]*inspecotrs", first)  # links keep the question as typed


def test_a_council_and_a_word_make_one_line(make_app):
    at = ask(make_app().run(), "What did inspectors say about agnecy staff in Tamesid?")
    assert [literal(i.value) for i in at.info] == [
        'Showing results for "agency" and Tameside (the question says "agnecy" and "Tamesid").']


def test_names_and_quoted_words_get_no_line(make_app):
    at = ask(make_app().run(), "Did Tameside use the Mockingbrd model for foster carers?")
    assert all("Showing results for" not in i.value for i in at.info)
    ask(at, 'What did inspectors say about "chidren in nede" in Tameside?')
    assert all("Showing results for" not in i.value for i in at.info)
