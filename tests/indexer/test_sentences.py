"""Sentence boundaries: abbreviations and numbered references stay inside their sentence, spans are exact."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.chunk import split_units
from indexer.load import load_document
from indexer.sentences import sentence_spans

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"
CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text)]


def test_b09_abbreviations_do_not_end_sentences():
    doc, warnings = load_document(DATA / "b09-abbreviations.txt")
    assert warnings == []
    units = [doc.text[u.start:u.end] for u in split_units(doc.text, count=len)]
    assert units == [
        "Focused visit to Wexbridge children's services",
        "Inspectors looked at the local authority's arrangements for children in care and for adoption.",
        "Mr. Okafor, the director of children's services, has strengthened the oversight of permanence "
        "planning since the last inspection.",
        "Where children are identified as likely to be harder to place for adoption (e.g. sibling groups, "
        "older children or children with complex needs) they are referred to the regional adoption agency "
        "at an early stage.",
        "Life-story work is completed promptly for most children, i.e. within three months of the placement order.",
    ]


@pytest.mark.parametrize("text, expected", [
    ("See paragraph 3.2 of the report. Case No. 5 was reviewed by Dr. Smith and Mrs. Jones. Next one.",
     ["See paragraph 3.2 of the report.", "Case No. 5 was reviewed by Dr. Smith and Mrs. Jones.", "Next one."]),
    ("It took approx. 3 weeks. See para. 4 for details. Staff were seen.",
     ["It took approx. 3 weeks.", "See para. 4 for details.", "Staff were seen."]),
    ("Ms. Patel and Mr. Jones met 12 social workers. They said “it is good.” Then they left.",
     ["Ms. Patel and Mr. Jones met 12 social workers.", "They said “it is good.”", "Then they left."]),
    ("The council spent £3.5m on agency staff. Inspectors met managers, e.g. team leaders, i.e. the front line.",
     ["The council spent £3.5m on agency staff.", "Inspectors met managers, e.g. team leaders, i.e. the front line."]),
    ("First paragraph ends, see para.\n\n4 Next paragraph.", ["First paragraph ends, see para.", "4 Next paragraph."]),
    ("   \n  ", []),
])
def test_sentence_boundaries(text, expected):
    assert sentences(text) == expected


def test_spans_index_into_the_whole_text_when_given_a_range():
    text = "Heading\n\nMr. Okafor leads. Staff stay. Tail text."
    spans = sentence_spans(text, 9, len(text) - 11)
    assert [text[a:b] for a, b in spans] == ["Mr. Okafor leads.", "Staff stay."]


_WORDS = st.sampled_from(["Mr.", "e.g.", "i.e.", "No.", "5", "3.2", "para.", "staff", "Children", "care.", "“quote.”",
                          "(ILACS)", "etc.", "the", "Ofsted", "agency", "\n", "\n\n", "  ", "!", "?", "£3.5m", "•",
                          "\n\uf06e", "\n- ", "\n–", "improve:\n", "\t"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_WORDS, max_size=40), st.text(max_size=40))
def test_spans_are_exact_ordered_and_cover_every_non_space_character(words, noise):
    text = " ".join(words) + noise
    spans = sentence_spans(text)
    covered = bytearray(len(text))
    previous_end = 0
    for start, end in spans:
        piece = text[start:end]
        assert piece and piece == piece.strip()
        assert start >= previous_end
        previous_end = end
        covered[start:end] = b"\1" * (end - start)
    assert all(covered[i] or ch.isspace() for i, ch in enumerate(text))


def test_corpus_units_do_not_end_in_abbreviations_or_start_lower_case_mid_paragraph():
    """On 40 real letters split into units: none ends in a title abbreviation, e.g., i.e., No.,
    approx. or para., and none starts with a lower-case letter unless a blank line comes before
    it (the curated text has blank lines inside some sentences, at old page breaks)."""
    titles = ("Mr.", "Mrs.", "Ms.", "Dr.", "e.g.", "i.e.", "No.", "approx.", "para.")
    ends, lower, total = 0, 0, 0
    for path in sorted(CORPUS.glob("*.txt"))[::25]:
        doc, _ = load_document(path)
        units = split_units(doc.text, count=len)
        for before, unit in zip([None, *units], units):
            piece = doc.text[unit.start:unit.end]
            total += 1
            ends += piece.split()[-1] in titles
            gap = doc.text[before.end:unit.start] if before else "\n\n"
            lower += piece[0].islower() and not re.search(r"\n[ \t]*\n", gap)
    assert total > 3000
    assert (ends, lower) == (0, 0)


def test_sentence_broken_by_an_old_page_break_is_one_sentence_in_a_real_letter():
    """The curated letters keep blank lines where a page broke mid-sentence; the sentence (and
    the chunker's unit) runs on across them, so answers never quote half a sentence."""
    from indexer.chunk import split_units
    from indexer.header import split_header

    text = split_header((CORPUS / "fv-barking-and-dagenham-2018-04-03.txt").read_text(encoding="utf-8"))[1]
    where = text.index("in the MASH and\n\nassessment service, both of which have")
    sentences = [text[a:b] for a, b in sentence_spans(text) if a <= where < b]
    assert len(sentences) == 1 and sentences[0].endswith(".") and "assessment service, both of which" in sentences[0]
    units = [text[u.start:u.end] for u in split_units(text) if u.start <= where < u.end]
    assert units == sentences


def test_a_sentence_runs_on_after_a_line_that_ends_on_of_or_a_hyphen():
    """Stockton-on-Tees' 2016 SIF report as its PDF reads: the page breaks after "members of" and
    after "the Stockton-on-", and the text goes on with a capital; one sentence each, not a
    heading-like fragment (a running header between them still ends the sentence)."""
    text = ("106. Children and young people looked after are enthusiastic members of\n\nStockton-on-Tees Children "
            "in Care Council (CiCC) the ‘Let’s Take Action’ group for children aged 12 to 21.\n\n"
            "113. Undertake an analysis and evaluation of need to inform the Stockton-on-\n\nTees and Hartlepool "
            "2017–18 joint training programme.\n\nInspection of Stockton-on-Tees children’s services\n\nNext.")
    units = [text[u.start:u.end] for u in split_units(text) if not text[u.start:u.end].rstrip(".").isdigit()]
    assert units[0].startswith("Children and young") and units[0].endswith("aged 12 to 21.")
    assert units[1].startswith("Undertake an analysis") and units[1].endswith("joint training programme.")
    assert units[2] == "Inspection of Stockton-on-Tees children’s services"


def _units_of(path: Path, start_marker: str, end_marker: str) -> tuple[str, list[str]]:
    """The loaded letter's text from `start_marker` to just before `end_marker`, and its units."""
    text = load_document(path)[0].text
    begin = text.index(start_marker)
    piece = text[begin:text.index(end_marker, begin)]
    return piece, [piece[u.start:u.end] for u in split_units(piece, count=len)]


def test_a_sentence_runs_on_across_a_blank_line_into_a_bracketed_aside_in_the_tameside_letter():
    """Tameside's 2016 SIF report breaks paragraph 20 at a blank line before "(at 15%, ...)". The
    clause before it says re-referrals went down; the main clause after it says repeat contacts
    are high: an answer quoting only the first half said the opposite of the letter."""
    piece, units = _units_of(CORPUS / "sif-tameside-2016-12-09.txt", "20.\n", "21.\n")
    assert "past year\n\n(at 15%" in piece  # the blank line is in the real text
    whole = ("While local authority data suggests that the number and rate of re-referrals in Tameside has decreased "
             "over the past year\n\n(at 15%, it is lower than comparators at 21% and England 24%), an analysis of "
             "Annexe A data provided for inspection shows that the number of repeat contacts is high.")
    assert whole in units
    assert not any(u.startswith((",", "(at 15%")) for u in units)
    assert units[1].startswith("Children who meet the threshold") and units[1].endswith("further harm.")
    full = load_document(CORPUS / "sif-tameside-2016-12-09.txt")[0].text
    at = full.index("While local authority data suggests")
    assert [full[a:b] for a, b in sentence_spans(full) if a <= at < b] == [whole]


@pytest.mark.parametrize("name, start, end, whole", [
    ("ilacs-north-somerset-2020-06-10.txt", "Children’s reviews are regular", " They appropriately",
     "Children’s reviews are regular and are led by independent reviewing officers\n\n(IROs), who know their children well."),
    ("sif-slough-2016-02-17.txt", "In 2015, 23 children were adopted", " In the year to date",
     "In 2015, 23 children were adopted in comparison with 17 in\n\n2014 and nine in 2013."),
])
def test_an_unended_sentence_runs_on_across_a_blank_line_in_real_letters(name, start, end, whole):
    """A blank line (an old page break) after a long line with no closing punctuation, before "("
    that opens an aside, or before a number after a line ending on "in", "of", "to" ...: one sentence."""
    _, units = _units_of(CORPUS / name, start, end)
    assert units == [whole]


def test_bracketed_list_labels_after_a_blank_line_start_their_own_units_in_a_real_letter():
    """Blackpool's 2014 SIF report lists "(i) ... (ii) ... (iii) ..." with blank lines between labels
    and items: "(iii)" opens no aside, so the item before it does not run on into the label."""
    _, units = _units_of(CORPUS / "sif-blackpool-2014-09-08.txt", "(ii)\n", "148. ")
    assert units == ["(ii)", "their parents have mental health problems or misuse drugs and alcohol", "(iii)",
                     "they are known to the Youth Offending Team."]
