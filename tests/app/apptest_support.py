"""What the AppTest tests share: the search form's submit button and asking a question through it."""
from __future__ import annotations

SEARCH_BUTTON = "FormSubmitter:ask-Search"


def ask(at, query: str):
    """Type `query` into the app's search box, submit, run; fails on any exception in the app."""
    at.text_input(key="q").input(query)
    at.button(key=SEARCH_BUTTON).click()
    at.run()
    assert not at.exception, at.exception
    return at
