"""The app with a misspelt council (AppTest, the real slice, the real model): a question's
misspelt council is searched as that council under one line saying so; a shared link's misspelt
authority is not used, and the link's warning names the council meant (as `isearch --authority`
refuses it with "did you mean")."""
from __future__ import annotations

import re

from apptest_support import ask

NOTE = 'Showing results for Tameside (the question says "Tamesid").'


def literal(markdown: str) -> str:
    """Text shown for markdown escaped by webapp.markup.md_escape."""
    return re.sub(r"\\(.)", r"\1", markdown)


def card_doc_ids(at) -> list[str]:
    return [re.search(r"doc=([^&\"]+)", h.value).group(1) for h in at.html if 'class="is-card"' in h.value]


def test_a_misspelt_council_in_a_question_is_searched_and_named(make_app, small_index):
    at = ask(make_app().run(), "What did inspectors say about agency staff in Tamesid?")
    assert [literal(i.value) for i in at.info] == [NOTE]
    expected = small_index.ask("What did inspectors say about agency staff in Tameside?")
    assert expected.answered and card_doc_ids(at) == [hit.doc_id for hit in expected.hits]
    first = next(h.value for h in at.html if 'class="is-card"' in h.value)
    assert re.search(r"[?&]q=[^&\"]*Tamesid%3F", first)  # links keep the question as typed
    ask(at, "What did inspectors say about agency staff in Tameside?")  # spelt right: no line
    assert all("Showing results for" not in i.value for i in at.info)


def test_a_misspelt_authority_in_a_link_is_named_with_the_council_meant(make_app):
    at = make_app(q="agency staff", authority=["Tamesid", "Merton"]).run()
    assert not at.exception
    assert [literal(w.value) for w in at.warning] == [
        "Ignored from this link: authority 'Tamesid' (no council called that; did you mean Tameside?)."]
    assert at.multiselect(key="authority").value == ["Merton"]  # not used: a typo does not widen a filter
