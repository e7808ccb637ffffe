"""What a quote needs to be read right (newcomer reports):

- a list item is labelled with the line that introduces its list: Haringey's 2020 letter lists "the
  quality and effectiveness of case management oversight and supervision by team managers in the
  assessment teams" under "What needs to improve in this area of social work practice:", and the
  item alone read as praise. The label (AnswerSentence.lead_in) is shown outside the verbatim quote
  in the answer's text, `isearch ask`, its --json and --csv, and the app;
- a short sentence pointing back ("Despite this, the service is heavily reliant on agency staff.")
  that opens its passage is quoted with the sentence before it, from the letter: Tameside's 2024
  letter says what "this" is ("Staff turnover has significantly reduced, ...") at the end of the
  passage before, and the answer quoted "Despite this, ..." alone.
"""
from __future__ import annotations

import csv
import dataclasses
import io
import json

import pytest

from corpus_slice import answer_at_any_confidence, open_slice_index
from search.cli import main
from webapp import markup

HARINGEY = "fv-haringey-2020-01-21"
LEAD_IN = "What needs to improve in this area of social work practice:"
ITEM = "the quality and effectiveness of case management oversight and supervision by team managers in the assessment teams"
OVERSIGHT = "What did inspectors say about management oversight in Haringey?"
TAMESIDE = "ilacs-tameside-2024-02-13"
TURNOVER = ("Staff turnover has significantly reduced, and senior leaders are taking a measured approach to recruiting "
            "people with the right skills and abilities.")
DESPITE = "Despite this, the service is heavily reliant on agency staff."
AGENCY = "What did inspectors say about agency staff in Tameside in 2024?"


def _item(answer):
    return next(s for s in answer.sentences if s.text.startswith("the quality and effectiveness of case management"))


def test_a_list_item_carries_its_lead_in_outside_the_quote(small_index):
    letter = small_index.document(HARINGEY).text
    assert f"{LEAD_IN}\n" in letter and letter.index(LEAD_IN) < letter.index(ITEM)
    answer = small_index.ask(OVERSIGHT)
    assert answer.answered
    item = _item(answer)
    assert item.text == ITEM and letter[item.start:item.end] == item.text  # the quote stays verbatim
    assert item.lead_in == LEAD_IN
    assert f"({LEAD_IN}) {ITEM} [{item.citation}]" in answer.text
    # a sentence that is no list item has no label (not its section heading either)
    others = [s for s in answer.sentences if s is not item]
    assert others and all(s.lead_in == "" and f"{s.text} [{s.citation}]" in answer.text for s in others)


def test_the_lead_in_in_the_cli_json_and_csv(small_index_dir, capsys):
    assert main(["ask", OVERSIGHT, "--index-dir", str(small_index_dir)]) == 0
    shown = " ".join(capsys.readouterr().out.split())  # the terminal wraps the answer
    assert f"({LEAD_IN}) {ITEM} [" in shown
    assert main(["ask", OVERSIGHT, "--json", "--index-dir", str(small_index_dir)]) == 0
    data = json.loads(capsys.readouterr().out)
    item = next(s for s in data["sentences"] if s["text"] == ITEM)
    assert item["lead_in"] == LEAD_IN and f"({LEAD_IN}) {ITEM}" in data["text"]
    assert all(s["lead_in"] == "" for s in data["sentences"] if s is not item)
    assert main(["ask", OVERSIGHT, "--csv", "--index-dir", str(small_index_dir)]) == 0
    records = list(csv.DictReader(io.StringIO(capsys.readouterr().out, newline="")))
    record = next(r for r in records if r["sentence"] == ITEM)
    assert record["lead_in"] == LEAD_IN
    assert all(r["lead_in"] == "" for r in records if r is not record)


def test_the_app_shows_the_lead_in_escaped_before_the_quote(small_index):
    answer = small_index.ask(OVERSIGHT)
    box = markup.answer_html(answer, lambda hit: "")
    label = f'<span class="is-leadin">({markup.esc(LEAD_IN)})</span> {markup.esc(ITEM)} <a class="is-cite"'
    assert label in box
    # the label is document text: escaped like the quote
    item = _item(answer)
    odd = dataclasses.replace(item, lead_in="<b>Areas & priorities</b>:")
    box = markup.answer_html(dataclasses.replace(answer, sentences=(odd,)), lambda hit: "")
    assert "(&lt;b&gt;Areas &amp; priorities&lt;/b&gt;:)" in box and "<b>Areas" not in box


@pytest.fixture(scope="module")
def tameside(tmp_path_factory):
    return open_slice_index(tmp_path_factory, "context", (TAMESIDE, "fv-tameside-2021-06-25"))


def test_a_sentence_pointing_back_is_quoted_with_the_one_before_its_passage(tameside):
    letter = tameside.document(TAMESIDE).text
    assert f"{TURNOVER} {DESPITE}" in letter
    answer = tameside.ask(AGENCY)
    assert answer.answered
    quote = next(s for s in answer.sentences if DESPITE in s.text)
    hit = answer.hits[quote.citation - 1]
    assert hit.doc_id == TAMESIDE and hit.text.startswith(DESPITE)  # the passage opens with it ...
    assert TURNOVER not in hit.text  # ... and does not hold what "this" is
    assert quote.text == f"{TURNOVER} {DESPITE}"
    assert letter[quote.start:quote.end] == quote.text  # exact span in the letter
    assert quote.start < hit.start < quote.end == hit.start + len(DESPITE)
    assert f"{quote.text} [{quote.citation}]" in answer.text


def test_the_sentence_before_stops_at_a_heading(small_index):
    """Haringey's "Findings" heading stands between the list above and the first finding: there is
    no sentence before it to quote; within a paragraph there is."""
    from search.answer import sentence_before

    letter = small_index.document(HARINGEY).text
    first = letter.index("Contacts and referrals for children who are in need or at risk")
    assert letter[:first].rstrip().endswith("Findings")
    assert sentence_before(letter, first) is None
    second = letter.index("A clear system to track referrals")
    assert letter[sentence_before(letter, second): second].startswith("Contacts and referrals for children")


def test_a_sentence_whose_subject_the_one_before_names_is_quoted_with_it(tmp_path_factory):
    """"When did the Haringey MASH early help hub start operating?": Haringey's 2020 letter answers
    "Although it has only been in operation since August 2019, ...", whose "it" is the early help hub
    the sentence before names; alone it holds none of the question's words (dev d014: it was never
    quoted, and the 2018 letter's MASH sentence stood alone). Quoted with the sentence before, the
    span stays exact in the letter."""
    fv, ilacs = "fv-haringey-2020-01-21", "ilacs-haringey-2018-12-14"
    index = open_slice_index(tmp_path_factory, "refers-back", (fv, ilacs))
    letter = index.document(fv).text
    before = letter.index("The co-location of a social work-qualified early help team manager")
    said = letter.index("Although it has only been in operation since August 2019")
    assert before < said and "\n" not in letter[before:said].strip()
    answer = answer_at_any_confidence(index, "When did the Haringey MASH early help hub start operating?")
    assert answer.answered
    quoted = [s for s in answer.sentences if "in operation since August 2019" in s.text]
    assert quoted, [s.text for s in answer.sentences]
    assert quoted[0].text.startswith("The co-location of a social work-qualified early help team manager")
    assert letter[quoted[0].start:quoted[0].end] == quoted[0].text
