"""Who inspected (search/inspectors.py): questions asked in other words ("Who led Merton's 2022
inspection?"), and the line or sentence of a letter that names the inspectors quoted verbatim,
the lead inspector's line for the lead, on a real corpus slice and on Ofsted's real PDFs."""
from __future__ import annotations

import shutil

import pytest

from corpus_slice import CORPUS, ROOT, TEST_CACHE, open_slice_index
from indexer.header import split_header
from search.answer import INSPECTED_BY
from search.inspectors import asks_names, inspector_question, inspector_spans, names_inspectors, quoted_spans

SLICE = ("sif-tameside-2016-12-09", "ilacs-tameside-2019-07-01", "fv-tameside-2021-06-25", "ilacs-merton-2022-05-09",
         "fv-merton-2020-11-20", "ilacs-buckinghamshire-2022-02-11", "fv-buckinghamshire-2022-11-16",
         "jtai-barnsley-2022-07-18", "send-plymouth-2023-08-22")
# title-block lines glued to the inspector's line by the sentence splitter: never part of the quote
TITLE_LINES = ("Inspection dates", "Judgement", "Inspection of", "Senior data analyst", "Quality assurance manager")


def _body(doc_id: str) -> str:
    return split_header((CORPUS / f"{doc_id}.txt").read_text(encoding="utf-8"))[1]


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    return open_slice_index(tmp_path_factory, "inspectors", SLICE)


def _verbatim(index, answer) -> None:
    for sentence in answer.sentences:
        assert index.document(sentence.doc_id).text[sentence.start:sentence.end] == sentence.text
        assert not any(line in sentence.text for line in TITLE_LINES)


@pytest.mark.parametrize("question, asked", [
    ("Who led Merton's 2022 inspection?", "Who was the lead inspector for Merton's 2022 inspection?"),
    ("Who was in charge of Merton's 2022 inspection?", "Who was the lead inspector for Merton's 2022 inspection?"),
    ("Who headed the 2019 inspection of Tameside?", "Who was the lead inspector for the 2019 inspection of Tameside?"),
    ("Who led the Barnsley joint targeted area inspection in 2022?",
     "Who was the lead inspector for the Barnsley joint targeted area inspection in 2022?"),
    ("Who inspected Merton in 2020?", "Who were the inspectors for Merton in 2020?"),
    ("Who carried out the Sefton focused visit in September 2018?",
     "Who were the inspectors for the Sefton focused visit in September 2018?"),
    # what was led is not the inspection: unchanged
    ("Who led the improvement after the inspection?", "Who led the improvement after the inspection?"),
    ("Who led children's services in Merton during the 2022 inspection?",
     "Who led children's services in Merton during the 2022 inspection?"),
    ("Who was going to lead the new board set up to drive improvement in Shropshire after inspectors found "
     "serious child protection failings?", "Who was going to lead the new board set up to drive improvement in "
     "Shropshire after inspectors found serious child protection failings?"),
    ("Who did inspectors speak to in Merton?", "Who did inspectors speak to in Merton?"),
    ("Who carried out return home interviews in Tameside?", "Who carried out return home interviews in Tameside?"),
    # "did" as the auxiliary of what the inspection said: whom it praised is asked, not who inspected
    ("Who did the inspection praise in Merton?", "Who did the inspection praise in Merton?"),
    ("Who did Merton's 2022 inspection criticise?", "Who did Merton's 2022 inspection criticise?"),
    ("Who did the inspection say was accountable for drift?", "Who did the inspection say was accountable for drift?"),
    ("Who did the inspection of Merton in 2022?", "Who were the inspectors for the inspection of Merton in 2022?"),
])
def test_who_led_an_inspection_asks_for_its_lead_inspector(question, asked):
    assert inspector_question(question) == asked


@pytest.mark.parametrize("question, names", [
    ("Who was the lead inspector for Merton in 2022?", True),
    ("Name the lead HMI for Tameside in 2016", True),
    ("lead inspector Merton 2022", True),
    ("Which HMIs carried out the Sefton focused visit in September 2018?", True),
    # the lead inspector as the one who speaks: what was said is asked, not only who said it
    ("What did the lead inspector say about care leavers in Merton in 2022?", False),
    ("What did the lead inspector find in Tameside in 2016?", False),
])
def test_a_question_asks_who_the_inspectors_were_or_what_they_said(question, names):
    assert asks_names(question) is names


@pytest.mark.parametrize("doc_id, lead, team", [
    # a SIF report's inspection team, one line each; the team line wraps
    ("sif-tameside-2016-12-09", "Lead inspector: Paula Thomson-Jones HMI",
     "Team inspectors: Margaret Burke HMI, Susan Myers HMI, Jon Bowman HMI, Simone\nWhite SHMI, Carolyn Spray HMI, "
     "Judith Nelson"),
    # ILACS title blocks: the role after a comma, or on the next line
    ("ilacs-buckinghamshire-2022-02-11", "Lead inspector: Nick Stacey, Her Majesty’s Inspector", None),
    ("ilacs-sunderland-2021-08-20", "Lead inspector: Neil Penswick\nHer Majesty’s Inspector", None),
    ("ilacs-stoke-on-trent-2022-11-25", "Lead inspectors: Rebecca Quested, His Majesty’s Inspector, and Matthew "
     "Reed,\nHis Majesty’s Inspector", None),
    # an area SEND report: the name first
    ("send-plymouth-2023-08-22", "Phil Minns, Ofsted Lead inspector", "Anna Gravelle, Ofsted HMI"),
])
def test_the_lines_naming_the_inspection_team(doc_id, lead, team):
    text = _body(doc_id)
    spans = inspector_spans(text)
    named = {text[s.start:s.end]: s for s in spans}
    assert named[lead].lead and not named[lead].team
    if team is not None:
        assert named[team].team and not named[team].lead
        assert team not in [text[s.start:s.end] for s in quoted_spans(text, spans, lead=True)]


@pytest.mark.parametrize("doc_id, sentence", [
    ("fv-westminster-2022-07-20", "Her Majesty’s Inspectors for this visit were Kendra\nBell and Teresa Godfrey"),
    ("fv-barnsley-2024-12-05", "His Majesty’s\nInspectors for this visit were Jo Warburton and Jan Edwards."),
    ("fv-slough-2020-11-27", "The visit was carried out by Her Majesty’s Inspectors Nicola\nBennett, Rachel Griffiths, "
     "Amanda Maxwell, Nick Stacey and Paul Williams."),
    ("fv-hampshire-2018-11-05", "The visit was conducted by Donna\nMarriott, Maire Atherton and Caroline Walsh, three "
     "of Her Majesty’s Inspectors."),
    ("fv-stockton-on-tees-2024-10-18", "His Majesty’s Inspectors for this visit were lead inspector Ceri Evans and "
     "team inspector Monique Lindsay."),
    ("fv-merton-2020-11-20", "Kate Malleson\nHer Majesty’s Inspector"),  # who signs the letter
])
def test_the_sentence_naming_a_visits_inspectors_from_its_first_word_to_its_last_name(doc_id, sentence):
    text = _body(doc_id)
    assert sentence in [text[s.start:s.end] for s in inspector_spans(text)]


def test_who_led_an_inspection_is_answered_with_its_lead_inspector(index):
    """Newcomer: "Who led Merton's 2022 inspection?" answered at 0.92 with "Strong governance
    arrangements led by the chief executive ...": "led" was taken for the topic. It asks for the
    lead inspector, as "Who was the lead inspector for Merton in 2022?" does, and the answer quotes
    that line of the title block alone (it quoted the title, dates and "Judgement" with it)."""
    for question in ("Who led Merton's 2022 inspection?", "Who was in charge of Merton's 2022 inspection?",
                     "Who headed Merton's 2022 inspection?", "Who was the lead inspector for Merton in 2022?"):
        answer = index.ask(question)
        assert answer.answered and answer.query == question
        assert answer.sentences[0].text == "Lead inspector: Brenda McLaughlin, Her Majesty’s Inspector"
        assert answer.sentences[0].doc_id == "ilacs-merton-2022-05-09"
        _verbatim(index, answer)


def test_the_lead_inspector_is_quoted_from_the_inspection_team_not_the_team_line(index):
    """Newcomer: "Who was the lead inspector for Tameside in 2016?" quoted "Team inspectors:
    Margaret Burke HMI, ..." (and the analyst and the quality assurance manager after it), never
    the "Lead inspector: Paula Thomson-Jones HMI" line above it, which the splitter took for a
    heading. The lead is asked for: the lead's line, not the team's; who the inspectors were: the
    inspection team's lines together."""
    lead = index.ask("Who was the lead inspector for Tameside in 2016?")
    assert lead.answered
    assert lead.sentences[0].text == "Lead inspector: Paula Thomson-Jones HMI"
    assert lead.sentences[0].doc_id == "sif-tameside-2016-12-09"
    assert not any("Team inspectors" in s.text or "Deputy" in s.text for s in lead.sentences)
    _verbatim(index, lead)
    assert index.ask("Who led Tameside's 2016 inspection?").sentences[0].text == lead.sentences[0].text
    team = index.ask("Who were the inspectors for Tameside in 2016?")
    assert team.answered
    assert team.sentences[0].text.startswith("Lead inspector: Paula Thomson-Jones HMI\nDeputy lead inspector")
    assert team.sentences[0].text.endswith("Judith Nelson\nShadow inspectors: Jan Edwards")
    _verbatim(index, team)


def test_the_ilacs_lead_inspector_comes_before_a_visits_inspectors(index):
    """Buckinghamshire in 2022: the ILACS report (published February 2022) names its lead inspector
    in its title block; the November 2022 focused visit names two inspectors in a sentence."""
    answer = index.ask("Who was the lead inspector for Buckinghamshire in 2022?")
    assert answer.answered
    assert answer.sentences[0].text == "Lead inspector: Nick Stacey, Her Majesty’s Inspector"
    assert all(s.doc_id.endswith("-2022-02-11") or "Claire Beckingham and Tracey Scott" in s.text
               for s in answer.sentences)
    _verbatim(index, answer)


def test_who_inspected_a_focused_visit_and_an_area_send_inspection(index):
    answer = index.ask("Who inspected Merton in 2020?")
    assert answer.answered and answer.sentences[0].doc_id == "fv-merton-2020-11-20"
    assert answer.sentences[0].text.startswith("The visit was carried out by Kate\nMalleson, Nick Stacey")
    _verbatim(index, answer)
    send = index.ask("Who were the Ofsted and CQC lead inspectors for the June 2023 Plymouth area SEND inspection?")
    assert send.answered
    assert send.sentences[0].text == "Phil Minns, Ofsted Lead inspector\n\nTessa Valpy, CQC Lead inspector"
    _verbatim(index, send)


def test_a_jtai_letter_names_no_inspector(index):
    """A JTAI letter names the inspectorates, not the inspectors: who led it is answered from what
    it says (no other council's inspectors, no title block)."""
    answer = index.ask("Who led the Barnsley joint targeted area inspection in 2022?")
    assert all(s.doc_id == "jtai-barnsley-2022-07-18" for s in answer.sentences)
    _verbatim(index, answer)


@pytest.fixture(scope="module")
def pdf_index(tmp_path_factory):
    """Ofsted's PDFs of Sunderland's 2021 ILACS report (its lead inspector's role a blank line
    below the name) and Bury's 2016 SIF report (its inspection team a line each, blank lines between)."""
    from indexer.build import build_index
    from search.index import open_index

    folder = tmp_path_factory.mktemp("inspectors-pdf")
    for name in ("ilacs-sunderland-2021-08-20.pdf", "sif-bury-2016-05-16.pdf"):
        shutil.copy(ROOT / "tests" / "data" / "realdocs" / name, folder / name)
    index_dir = tmp_path_factory.mktemp("inspectors-pdf-idx") / "index"
    build_index([folder], index_dir, cache_path=TEST_CACHE, progress=False)
    return open_index(index_dir)


def test_the_lead_inspector_of_a_pdf(pdf_index):
    answer = pdf_index.ask("Who was the lead inspector for Sunderland in 2021?")
    assert answer.answered
    assert answer.sentences[0].text == "Lead inspector: Neil Penswick\n\nHer Majesty’s Inspector"
    _verbatim(pdf_index, answer)
    bury = pdf_index.ask("Who led Bury's 2016 inspection?")
    assert bury.answered
    assert [s.text for s in bury.sentences] == ["Lead inspector: Sheena Doyle"]
    _verbatim(pdf_index, bury)


def test_what_the_lead_inspector_said_quotes_findings_not_inspector_lines(index):
    """"What did the lead inspector say about caseloads in Tameside?" quoted the title blocks'
    "Lead inspector: Dominic Stevens Her Majesty's Inspector" lines first (the words "lead
    inspector" counted as its topic, and title-block lines were allowed): what they said is asked."""
    answer = index.ask("What did the lead inspector say about caseloads in Tameside?")
    assert answer.answered
    assert not any(names_inspectors(s.text) or "Lead inspector" in s.text for s in answer.sentences)
    assert all("caseload" in s.text.lower() for s in answer.sentences)


def test_who_inspected_a_jtai_is_the_inspectorates_sentence(index):
    """A JTAI letter names the inspectorates that carried it out, not its inspectors: that sentence is
    the answer, not one that only mentions inspectors ("Leaders agreed to address this area for
    development when inspectors were on site." led Harrow's 2023 answer; newcomer)."""
    answer = index.ask("Who were the inspectors of the Barnsley JTAI?")
    assert answer.answered and answer.sentences
    assert all(s.doc_id == "jtai-barnsley-2022-07-18" for s in answer.sentences)
    assert all(INSPECTED_BY.search(s.text) for s in answer.sentences)
    assert "inspectors from Ofsted, the Care Quality Commission (CQC)" in answer.sentences[0].text
    _verbatim(index, answer)
