"""The app in a real browser: Debian chromium driven by playwright against `streamlit run`.

Types a question, sees an answer with a citation, follows the citation and a letter link,
and checks that markup in a query or a letter stays text. Screenshots go to tests/artifacts/.
Needs /usr/bin/chromium (`make test` installs it; never `playwright install`).
"""
from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest
from app_server import CHROMIUM, browser, run_streamlit, settle  # noqa: F401 (browser is a fixture)

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
SLOW = 90_000  # ms: the first question loads the model on this slow machine
QUESTIONS = (
    "What did inspectors say about agency staff in Merton?",
    "Which councils were praised for their work with care leavers?",
    "How did leaders in Tameside respond to the pandemic?",
)
BOX = "Ask a question or search the letters"

pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="needs Debian chromium: run `make chromium`")


@pytest.fixture(scope="module")
def server(hostile):
    """`streamlit run app.py` on 127.0.0.1 over the slice plus the hostile letter; its URL."""
    yield from run_streamlit(hostile.index_dir, ARTIFACTS / "streamlit-server.log")


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(SLOW)
    context.dialogs = []  # any alert() would mean injected script ran
    context.on("page", lambda page: page.on("dialog", lambda d: (context.dialogs.append(d.message), d.dismiss())))
    yield context
    context.close()


def in_view(page, selector: str) -> bool:
    return page.evaluate("""s => { const r = document.querySelector(s).getBoundingClientRect();
                                   return r.top >= 0 && r.top < window.innerHeight; }""", selector)


def submit(page, query: str) -> None:
    box = page.get_by_label(BOX)
    box.fill(query)
    box.press("Enter")


def test_browser_question_answer_citation_and_letter(server, context, hostile):
    from search import open_index

    index = open_index(hostile.index_dir)
    from search.list_answer import is_list_question

    # a question answered in sentences (a list question's answer is a table)
    question = next((q for q in QUESTIONS if not is_list_question(q) and index.ask(q).answered), None)
    assert question, "none of the test questions is answered on the slice"
    page = context.new_page()
    page.goto(server, timeout=SLOW)
    page.get_by_label(BOX).wait_for()
    submit(page, question)
    label = page.locator(".is-answer .is-label")
    label.filter(has_text=question).wait_for()
    assert "q=" in page.url  # the URL keeps the question, so the search is a link
    answer = page.locator(".is-answer p").inner_text()
    citations = page.locator("a.is-cite")
    assert citations.count() >= 1 and re.search(r"\[\d+\]", answer)
    page.get_by_text("passages · hybrid search").wait_for()
    settle(page)
    page.screenshot(path=str(ARTIFACTS / "app-answer.png"))

    # a citation jumps to its passage card
    last = citations.nth(citations.count() - 1)
    target = last.get_attribute("href")
    last.click()
    page.wait_for_function("t => location.hash === t", arg=target)
    assert in_view(page, f".is-card{target}")

    # the whole letter opens in the same tab with the passage highlighted and scrolled into view
    links = page.locator(".is-card a.is-open")
    starts = [int(re.search(r"hl=(\d+)-", links.nth(i).get_attribute("href")).group(1)) for i in range(links.count())]
    search_url = page.url
    links.nth(starts.index(max(starts))).click()  # same tab: the URL keeps the search
    letter = page
    letter.locator("mark.is-hl").wait_for()
    settle(letter)
    letter.wait_for_function("() => { const r = document.querySelector('mark.is-hl').getBoundingClientRect();"
                             " return r.top >= 0 && r.top < window.innerHeight; }")
    letter.screenshot(path=str(ARTIFACTS / "app-letter.png"))
    assert len(context.pages) == 1  # no new tab
    page.go_back()  # the browser's Back returns to the search, answered again from the URL
    page.locator(".is-answer .is-label").filter(has_text=question).wait_for()
    assert page.url.split("#")[0] == search_url.split("#")[0]

    # a question after the first one (model loaded, server warm) answers quickly
    second = "How are care leavers supported into education and work?"
    started = time.perf_counter()
    submit(page, second)
    page.locator(".is-answer .is-label").filter(has_text=second).wait_for()
    seconds = time.perf_counter() - started
    caption = page.get_by_text(re.compile(r"passages · hybrid search · \d+ ms")).inner_text()
    (ARTIFACTS / "app-timing.txt").write_text(f"warm query in the browser: {seconds:.2f} s "
                                             f"(Enter to answer shown); app caption: {caption}\n")
    assert seconds < 30
    assert context.dialogs == []


def test_browser_shows_markup_in_queries_and_letters_as_text(server, context, hostile):
    page = context.new_page()
    page.goto(server, timeout=SLOW)
    query = ("<script>window.__pwned='q'</script> **bold** <img src=x onerror=\"window.__pwned='img'\"> "
             "pantomime")
    submit(page, query)
    page.locator(".is-answer .is-label").filter(has_text="pantomime").wait_for()
    settle(page)
    assert query in page.locator(".is-answer .is-label").inner_text()  # shown as typed
    card = page.locator(".is-card").filter(has=page.locator(f'a[href*="doc={hostile.id}"]'))
    assert card.locator(".is-title").inner_text() == hostile.title
    assert "<script>window.__pwned='script'</script>" in card.locator(".is-passage").inner_text()
    assert page.locator("[data-testid=stMain] img[src=x], .is-card strong, .is-card a[href^=javascript]").count() == 0
    page.screenshot(path=str(ARTIFACTS / "app-hostile-search.png"))

    letter = context.new_page()
    letter.goto(f"{server}?doc={hostile.id}", timeout=SLOW)
    settle(letter)
    text = letter.locator(".is-letter").inner_text()
    assert "<style>body{display:none}</style>" in text and "**not bold**" in text
    assert letter.locator(".is-letter").is_visible()
    assert letter.evaluate("""() => getComputedStyle(document.body).display !== 'none' &&
        ![...document.querySelectorAll('style')].some(s => s.textContent.includes('body{display:none}'))""")
    letter.screenshot(path=str(ARTIFACTS / "app-hostile-letter.png"))
    for view in (page, letter):
        assert view.evaluate("() => window.__pwned === undefined")
    assert context.dialogs == []
