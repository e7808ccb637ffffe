"""The app with a misspelt council (AppTest, the real slice, the real model): a question's
misspelt council is searched as that council under one line saying so, and so is a shared link's
misspelt authority (`isearch --authority Tamesid` stays an error, exit 2, "did you mean Tameside?");
a link's value close to no single council is ignored under its warning."""
from __future__ import annotations

import re

from apptest_support import ask

from search import Filters
from search.cli import main as isearch

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


def test_a_misspelt_authority_in_a_link_is_read_as_the_council_meant(make_app, small_index, small_index_dir, capsys):
    question = "what did inspectors say about care leavers?"
    at = make_app(q=question, authority="tamesid").run()
    assert not at.exception and at.warning.len == 0  # was: "Ignored from this link ... did you mean Tameside?"
    assert [literal(i.value) for i in at.info] == ['Showing results for Tameside (the link says "tamesid").']
    assert at.multiselect(key="authority").value == ["Tameside"]
    assert at.query_params == {"q": question, "authority": "Tameside"}  # the link as the app writes it
    expected = small_index.ask(question, filters=Filters.parse(authority="Tameside"))
    docs = card_doc_ids(at)
    assert expected.hits and docs == [hit.doc_id for hit in expected.hits]  # was: Kirklees, Warrington ...
    assert all(small_index.document(doc).authority == "Tameside" for doc in docs)
    at.multiselect(key="authority").set_value(["Merton"]).run()  # the filter changed: the line goes
    assert at.info.len == 0
    # the CLI keeps an explicit filter's typo an error
    assert isearch(["query", "care leavers", "--authority", "tamesid", "--index-dir", str(small_index_dir)]) == 2
    assert "did you mean Tameside?" in capsys.readouterr().err


def test_a_link_value_close_to_no_single_council_stays_ignored(make_app):
    at = make_app(q="agency staff", authority=["Atlantiss", "Merton"]).run()
    assert not at.exception and at.info.len == 0
    assert [literal(w.value) for w in at.warning] == [
        "Ignored from this link: authority 'Atlantiss' (no letters for it in this index)."]
    assert at.multiselect(key="authority").value == ["Merton"]
    assert at.query_params == {"q": "agency staff", "authority": "Merton"}
