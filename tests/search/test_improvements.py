"""Improvement questions ("What needs to improve in Haringey?"): the items of the chosen letter's
improvement list, quoted verbatim in order with its heading as lead-in, on real Haringey letters
and a real Ofsted PDF; topic questions left to the usual answer."""
from __future__ import annotations

import shutil

import pytest

from corpus_slice import ROOT, TEST_CACHE, assert_quoted_in_cited, open_slice_index, quoted_by_rule_line
from search.improvements import MAX_ITEMS, asks_improvements, improvement_items, improvements_answer
from search.query import analyse

LETTERS = ("ilacs-haringey-2018-12-14", "ilacs-haringey-2023-04-11", "ilacs-haringey-2026-02-24",
           "fv-haringey-2025-03-14", "jtai-haringey-2018-01-30", "fv-westminster-2022-07-20")
HARINGEY_2026 = ["The timeliness of initial safety planning for a small number of disabled children when a risk of harm "
                 "is suspected."]  # (the "(outcome 3, national framework)" after it is a reference, not the item)
HARINGEY_2018 = [
    "Assessment of children’s needs when their circumstances change, in order to inform plans.",
    "Child-focused plans, particularly in the disabled children’s team, where the understanding of thresholds when "
    "risks escalate also needs to improve.",
    "Timely and effective permanence planning for all children in care, including effective challenge brought by "
    "independent reviewing officers.",
    "Placement sufficiency for vulnerable adolescents.",
    "The quality and timeliness of case recording, including the recording of management decision-making.",
    "The quality of audits to inform practice and drive practice improvements.",
    "The strategic partnership response to criminally exploited children.",
    "The offer and take-up of return home interviews and the subsequent use of intelligence to inform individual "
    "children’s plans and wider partnership activity.",
    "Pathways to private fostering.",
]
HARINGEY_2023 = [
    "The effectiveness of permanence planning for children in care, including the challenge brought by independent "
    "reviewing officers.",
    "The identification of and response to children in private fostering arrangements.",
    "The provision and quality of life-story work at key developmental stages in children’s lives.",
    "The quality of supervision in ensuring that plans for children make a positive impact.",
    "The understanding and knowledge of frontline workers about adoption.",
]
TOPIC_QUESTIONS = ("What did inspectors say about management oversight in Haringey?",
                   "How has Haringey improved since 2018?", "Has the front door improved in Bristol?",
                   "What needs to improve in Haringey's front door?", "Does Haringey need to improve?",
                   "What recommendations were made about private fostering in Haringey?",
                   # keyword queries: one with a topic, one asking whether (no "?")
                   "Haringey areas for improvement private fostering", "Does Haringey need to improve")


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    return open_slice_index(tmp_path_factory, "improvements", LETTERS)


def test_the_latest_letters_list_by_default(index):
    """Quoted two bullet fragments of the 2018 letter and a 2023 sentence repeating the question (newcomer report)."""
    answer = index.ask("What needs to improve in Haringey?")
    assert answer.answered and answer.confidence is not None
    assert {s.doc_id for s in answer.sentences} == {"ilacs-haringey-2026-02-24"}
    assert [s.text for s in answer.sentences] == HARINGEY_2026
    assert [s.lead_in for s in answer.sentences] == ["What needs to improve?"]  # footnote mark "1" dropped
    assert answer.text.startswith("(What needs to improve?) The timeliness of initial safety planning")
    assert_quoted_in_cited(index, answer)



def test_the_confidence_line_names_the_list_as_why_it_was_quoted(index):
    """The list is quoted whatever the abstention model's confidence: under its threshold (here a stricter
    operating point of the shipped model) the line names that rule alone, with no "weak evidence" band."""
    import dataclasses

    from search.abstain import abstention_model, confidence_label

    answer = index.ask("What needs to improve in Haringey?")
    assert answer.answered and answer.signals["quoted_by"] == "improvements"
    strict = dataclasses.replace(abstention_model(), threshold=0.999)
    assert confidence_label(answer, strict).text == quoted_by_rule_line(answer, strict, "its list of what needs to improve")


@pytest.mark.parametrize("question, doc_id, items", [
    ("What were Haringey's areas for improvement in its 2018 inspection?", "ilacs-haringey-2018-12-14", HARINGEY_2018),
    ("What did Haringey need to improve in 2023?", "ilacs-haringey-2023-04-11", HARINGEY_2023),
])
def test_the_letter_of_the_year_named_all_items_in_order(index, question, doc_id, items):
    answer = index.ask(question)
    assert {s.doc_id for s in answer.sentences} == {doc_id}
    assert [s.text for s in answer.sentences] == items[:MAX_ITEMS]  # the 2018 list has 9: 8 quoted, the ninth said
    assert {s.lead_in for s in answer.sentences} == {"What needs to improve" if "2018" in doc_id else "What needs to improve?"}
    assert answer.message == ("The letter lists 9 items to improve; the first 8 are quoted (ilacs-haringey-2018-12-14)."
                              if len(items) > MAX_ITEMS else "")
    assert_quoted_in_cited(index, answer)


def test_a_focused_visit_named(index):
    answer = index.ask("What should Haringey improve after the 2025 focused visit?")
    assert [(s.doc_id, s.lead_in, s.text) for s in answer.sentences] == [
        ("fv-haringey-2025-03-14", "What needs to improve in this area of social work practice?",
         "The consistency of supervision and its impact on progressing plans for children.")]


@pytest.mark.parametrize("query, doc_id, items", [
    ("Haringey areas for improvement", "ilacs-haringey-2026-02-24", HARINGEY_2026),
    ("Haringey 2023 recommendations", "ilacs-haringey-2023-04-11", HARINGEY_2023),
    ("haringey 2018 priority actions", "ilacs-haringey-2018-12-14", HARINGEY_2018),
])
def test_a_keyword_query_gets_the_list(index, query, doc_id, items):
    """"Kent areas for improvement" got the usual answer's stray sentences while "What does Kent need
    to improve?" got the list: a short keyword query, the council and an improvement phrase (and a
    year), asks for the list too."""
    assert asks_improvements(query, analyse(query))
    answer = index.ask(query)
    assert {s.doc_id for s in answer.sentences} == {doc_id}
    assert [s.text for s in answer.sentences] == items[:MAX_ITEMS]
    assert all(s.lead_in for s in answer.sentences)
    assert_quoted_in_cited(index, answer)


@pytest.mark.parametrize("question", TOPIC_QUESTIONS)
def test_topic_questions_are_not_caught(index, question):
    assert not asks_improvements(question, analyse(question))
    assert improvements_answer(index, question) is None


def test_a_letter_without_a_list_and_a_council_without_letters(index):
    # Westminster's 2022 focused visit has no improvement list: the usual answer path, not an empty list
    assert improvement_items(index.document("fv-westminster-2022-07-20").text) == []
    assert improvements_answer(index, "What needs to improve in Westminster?") is None
    answer = index.ask("What needs to improve in Bristol?")  # no letter of Bristol in the slice: the existing rule
    assert not answer.answered and "Bristol" in answer.message and not answer.sentences


def test_the_items_of_a_real_pdf(tmp_path):
    """Ofsted's PDF of Wiltshire's 2023 inspection: each bullet ("◼") on a line of its own, the item after a blank line."""
    from indexer.build import build_index
    from search.index import open_index

    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(ROOT / "tests" / "data" / "realdocs" / "ilacs-wiltshire-2023-12-12.pdf", folder)
    index_dir = tmp_path / "index"
    build_index([folder], index_dir, cache_path=TEST_CACHE, progress=False)
    index = open_index(index_dir)
    answer = index.ask("What does Wiltshire need to improve?")
    assert [s.text for s in answer.sentences] == [
        "The effectiveness and quality of practice to support and safeguard 16- and 17-year-olds who present as homeless.",
        "The quality and consistency of recording of supervision and frontline management oversight and direction, "
        "including the tracking of actions and completion of tasks."]
    assert {s.lead_in for s in answer.sentences} == {"What needs to improve?"}
    assert_quoted_in_cited(index, answer)


def test_unmarked_items_one_a_line(tmp_path):
    """A "What needs to improve:" list written one item a line, in lower case, with no bullet (a Word
    export's line breaks: ../shared/cases/ingest/b07-vertical-tab-formfeed.txt): its two lines are
    the items; the list ends at the blank line (newcomer report: "Inspectors found that supervision
    is regular and reflective.", two paragraphs on, was quoted as the thing to improve)."""
    from indexer.build import build_index
    from search.index import open_index

    source = ROOT / "tests" / "data" / "ingest" / "b07-vertical-tab-formfeed.txt"  # (copied from ../shared)
    shutil.copy(source, tmp_path / source.name)
    build_index([tmp_path / source.name], tmp_path / "index", cache_path=tmp_path / "cache.sqlite", progress=False)
    index = open_index(tmp_path / "index")
    text = index.document("b07-vertical-tab-formfeed").text
    assert [text[s:e] for s, e, _ in improvement_items(text)] == [
        "the sufficiency of placements for older children", "the stability of the social work workforce"]
    answer = index.ask("What needs to improve in Wexbridge?")
    assert [s.text for s in answer.sentences] == [
        "the sufficiency of placements for older children", "the stability of the social work workforce"]
    assert all(s.lead_in == "What needs to improve:" for s in answer.sentences)


def test_a_numbered_recommendation_ending_by_owns_its_bullets(tmp_path_factory):
    """Bromley's 2016 SIF report lists 18 numbered recommendations; number 7, "Improve the arrangements
    ... by:", has two bullets of its own, which were counted as items 8 and 9 (20 in all) and split
    from it (second newcomer report)."""
    bromley = "sif-bromley-2016-06-27"
    index = open_slice_index(tmp_path_factory, "improve-bromley", (bromley,))
    text = index.document(bromley).text
    items = improvement_items(text)
    assert len(items) == 18
    seventh = text[items[6][0]:items[6][1]]
    assert seventh.startswith("Improve the arrangements to reduce the risk to children of sexual exploitation")
    assert "ensuring that risks to sexually exploited children" in seventh
    assert text[items[7][0]:items[7][1]].startswith("Review the cases under the public law outline")
    answer = index.ask("What were Bromley's areas for improvement in 2016?")
    assert "lists 18 items" in answer.message


def test_the_council_named_by_the_filter(tmp_path_factory):
    """"What needs to improve?" with the council in the authority filter (the app's sidebar,
    isearch --authority) is an improvement question about it (second newcomer report: the usual
    answer mixed 2018 and 2023 items with no heading)."""
    from search.filters import Filters

    index = open_slice_index(tmp_path_factory, "improve-filter", LETTERS)
    answer = index.ask("What needs to improve?", filters=Filters.parse(authority="Haringey"))
    assert [s.text for s in answer.sentences] == HARINGEY_2026
    assert all(s.doc_id == "ilacs-haringey-2026-02-24" and s.lead_in for s in answer.sentences)


def test_a_judgement_heading_without_the_ends_the_list(tmp_path_factory):
    """Lewisham's 2024 letter heads its first judgement section "Experiences and progress of children
    who need help and protection: good" (no "The"): its four improvement items were followed by the
    section's numbered paragraphs, read as 18 more items."""
    lewisham = "ilacs-lewisham-2024-01-31"
    index = open_slice_index(tmp_path_factory, "improve-lewisham", (lewisham,))
    text = index.document(lewisham).text
    items = [text[s:e] for s, e, _ in improvement_items(text)]
    assert len(items) == 4
    assert items[0].startswith("Tracking arrangements for children who are subject to pre-proceedings processes")
    assert items[3].startswith("Personal advisers’ (PAs) understanding of the discretionary payment offer")


# councils whose latest letter lists nothing to improve, with an earlier letter that does (in the
# full corpus also St Helens and Thurrock); Worcestershire's SEND report (an "other" document, 9
# items) is newer than its inspection but is not a letter about its children's services. Bedford's
# December 2019 focused visit lists nothing, its January 2019 one four items (the corpus's one year
# whose latest letter has no list and an earlier one of that year has)
FALLBACK_LETTERS = ("fv-barnsley-2024-12-05", "ilacs-barnsley-2023-10-27", "fv-barnsley-2023-03-01",
                    "fv-worcestershire-2025-01-13", "send-worcestershire-2024-07-15", "ilacs-worcestershire-2023-07-14",
                    "fv-bedford-2019-12-18", "fv-bedford-2019-01-04")
BARNSLEY_2023 = [
    "The engagement of multi-agency partners, including in key decision-making meetings for children in need of help "
    "and protection, and the quality of referrals they make to children’s social care.",
    "The quality of recorded management direction to social workers at the point of referral and within screening.",
    "The identification and response to children who live in private fostering arrangements.",
    "The record of achievements and targets within personal education plans.",
]
WORCESTERSHIRE_2023 = [
    "Effective analysis of risk by the local authority designated officer team (LADO).",
    "A consistent service for all children in care, including the timely progression of their plans for permanence.",
    "Consistency in the leaving care service received by care leavers who are subject to special guardianship orders "
    "(SGOs).",
    "Children and care leavers’ participation in influencing service delivery and strategic developments.",
]


@pytest.fixture(scope="module")
def fallback_index(tmp_path_factory):
    return open_slice_index(tmp_path_factory, "improve-fallback", FALLBACK_LETTERS)


@pytest.mark.parametrize("council, newest, quoted, items", [
    ("Barnsley", "the focused visit of 5 December 2024 (fv-barnsley-2024-12-05)",
     "the ILACS inspection of 27 October 2023 (ilacs-barnsley-2023-10-27)", BARNSLEY_2023),
    ("Worcestershire", "the focused visit of 13 January 2025 (fv-worcestershire-2025-01-13)",
     "the ILACS inspection of 14 July 2023 (ilacs-worcestershire-2023-07-14)", WORCESTERSHIRE_2023),
])
def test_the_newest_letter_with_a_list_when_the_latest_has_none(fallback_index, council, newest, quoted, items):
    """The latest letter, a focused visit, lists nothing to improve: the question was declined though
    the inspection before it has a list (newcomer report). It is quoted, and the message says so."""
    index = fallback_index
    assert improvement_items(index.document(newest.split("(")[1].rstrip(")")).text) == []
    answer = index.ask(f"What needs to improve in {council}?")
    assert answer.answered and answer.confidence is not None
    assert [s.text for s in answer.sentences] == items
    assert {(s.doc_id, s.lead_in) for s in answer.sentences} == {(quoted.split("(")[1].rstrip(")"), "What needs to improve?")}
    assert answer.message == (f"The newest letter, {newest}, lists nothing to improve; this answer quotes the list "
                              f"of {quoted}, the newest letter that has one.")
    assert_quoted_in_cited(index, answer)


@pytest.mark.parametrize("question, filters", [
    ("What needs to improve in Barnsley in 2024?", {}),  # a year named: its letter, not 2023's
    ("What needs to improve in Bedford in 2019?", {}),  # December's letter, not January's
    ("What needs to improve in Barnsley in November 2024?", {}),
    ("What should Barnsley improve after its focused visit?", {}),  # not the 2023 focused visit's five items
    ("What needs to improve after Barnsley's latest visit?", {}),
    ("What needs to improve in Barnsley?", {"since": "2024"}),
    ("What needs to improve in Barnsley?", {"kind": "focused visit"}),
    ("What needs to improve in Worcestershire after the 2025 focused visit?", {}),
])
def test_a_letter_asked_for_with_no_list_is_not_swapped(fallback_index, question, filters):
    from search.filters import Filters

    assert asks_improvements(question, analyse(question, fallback_index.own_councils))  # declined all the same
    assert improvements_answer(fallback_index, question, Filters.parse(**filters)) is None


def test_an_older_list_of_the_kind_named_when_it_is_the_latest_of_that_kind(fallback_index):
    answer = fallback_index.ask("What did Barnsley need to improve in 2023?")  # the 2023 inspection, not the March visit
    assert [s.text for s in answer.sentences] == BARNSLEY_2023 and answer.message == ""


def test_the_newest_of_the_council_case_files_with_a_list(tmp_path):
    """Three focused visits to Wexbridge (../shared/cases/ingest b07, b08, b09): only the oldest,
    April 2023's, lists what needs to improve; the question was declined."""
    from indexer.build import build_index
    from search.index import open_index

    names = ("b07-vertical-tab-formfeed.txt", "b08-yaml-front-matter.md", "b09-abbreviations.txt")
    folder = tmp_path / "docs"
    folder.mkdir()
    for name in names:
        shutil.copy(ROOT / "tests" / "data" / "ingest" / name, folder / name)  # (copied from ../shared)
    build_index([folder], tmp_path / "index", cache_path=tmp_path / "cache.sqlite", progress=False)
    index = open_index(tmp_path / "index")
    answer = index.ask("What needs to improve in Wexbridge?")
    assert [(s.doc_id, s.lead_in, s.text) for s in answer.sentences] == [
        ("b07-vertical-tab-formfeed", "What needs to improve:", "the sufficiency of placements for older children"),
        ("b07-vertical-tab-formfeed", "What needs to improve:", "the stability of the social work workforce")]
    assert answer.message == (
        "The newest letter, the focused visit of 11 July 2023 (b09-abbreviations), lists nothing to improve; this answer "
        "quotes the list of the focused visit of 20 April 2023 (b07-vertical-tab-formfeed), the newest letter that has one.")
    assert improvements_answer(index, "What needs to improve in Wexbridge in July 2023?") is None


def test_a_long_list_of_a_successor_councils_letter_keeps_the_reorganisation_note(tmp_path_factory):
    """Asked about Bournemouth, the answer quotes the letter of Bournemouth, Christchurch and Poole,
    which lists 12 items: the message said only how many, leaving out the line saying whose letter it is."""
    bcp = "fv-bournemouth-christchurch-poole-2020-11-27"
    index = open_slice_index(tmp_path_factory, "improve-bcp", (bcp,))
    answer = index.ask("What needs to improve in Bournemouth in 2020?")
    assert len(answer.sentences) == MAX_ITEMS and {s.doc_id for s in answer.sentences} == {bcp}
    assert answer.message == (
        "Bournemouth, Poole and Christchurch (from Dorset) became Bournemouth, Christchurch and Poole in April 2019: "
        "this answer quotes Bournemouth, Christchurch and Poole's letter. The letter lists 12 items to improve; the "
        f"first {MAX_ITEMS} are quoted ({bcp}).")


# area SEND reports: the improvement list is followed by "Local area partnership details" (the council's
# and the NHS board's addressees: names, titles, web and postal addresses), and the table of priority
# actions sets its "Responsible body" column (council and NHS board names) between and inside the items
SEND_LETTERS = ("send-haringey-2024-04-03", "send-bury-2024-05-07", "send-gateshead-2023-07-24",
                "send-halton-2024-01-26", "ilacs-kent-2026-02-02", "ilacs-kent-2022-07-05")
HARINGEY_SEND_2024 = [
    "Leaders across the partnership must ensure that individual plans and aspirations in preparation for adulthood are "
    "specifically discussed across education, health and care from an earlier age and clearly described and updated in "
    "EHC plans.",
    "Leaders across the partnership must ensure that recent changes, such as work to reduce waiting times and improve the "
    "quality of EHC plans, have a positive impact on a greater proportion of children and young people with SEND.",
    "Leaders at the NHS North Central London ICB must maintain the pace and traction around timely access to health "
    "services for children and young people with SEND.",
]
# the first MAX_ITEMS of its 19 items: the section's paragraphs (to the end of their first sentence) and the bullets
# under them, each bullet labelled with the lead-in sentence of the paragraph above it
BURY_SEND_2024 = [
    ("Areas for priority action", "Leaders across the partnership should ensure that the SEND strategy continues to be "
     "implemented to improve the lived experiences of children and young people with SEND."),
    ("Areas for priority action", "Leaders across the partnership should work collaboratively and effectively to improve "
     "the early identification of children and young people’s SEND as part of the graduated approach."),
    ("In particular, they should urgently improve:", "children’s access to support from education, health and social "
     "care to improve the early identification of needs"),
    ("In particular, they should urgently improve:", "children, young people’s and professionals’ access to an "
     "effective, well-resourced educational psychology service."),
    ("Areas for priority action", "Leaders across the partnership should improve the quality and availability of "
     "support for children, young people and their families while they wait for specialist assessments."),
    ("This includes:", "children and young people waiting for a speech and language therapy assessment and subsequent "
     "intervention"),
    ("This includes:", "children waiting for a community paediatric assessment and subsequent intervention"),
    # the bullet's text after the "Responsible body" cell set between its mark and it (the cell was item 5)
    ("This includes:", "children and young people on a neurodevelopmental pathway for an assessment of ADHD or autism."),
]
KENT_2026 = ["The quality, timeliness and consistency of support offered to care leavers.",
             "The quality and choice of accommodation for care leavers.",
             "How consistently the local authority ensures that social workers have manageable caseloads that allow them to "
             "focus time and attention on each child in line with their level of need."]


@pytest.fixture(scope="module")
def send_index(tmp_path_factory):
    return open_slice_index(tmp_path_factory, "improve-send", SEND_LETTERS)


def test_a_send_reports_addressees_are_not_items(send_index):
    """Haringey's 2024 area SEND report: items 4 and 5 were "Ann Graham, Director of Children’s Services
    www.haringey.gov.uk" and "Phill Wells, Chief Executive Officer", its addressees (P1 report). Three
    items: no "lists N items" note (only for more than MAX_ITEMS)."""
    answer = send_index.ask("What needs to improve in Haringey in 2024?")
    assert answer.answered
    assert [(s.doc_id, s.lead_in, s.text) for s in answer.sentences] == [
        ("send-haringey-2024-04-03", "Areas for improvement", text) for text in HARINGEY_SEND_2024]
    assert answer.message == ""
    assert_quoted_in_cited(send_index, answer)


def test_a_send_reports_responsible_body_column_is_not_an_item(send_index):
    """Bury's 2024 area SEND report quoted "Bury Metropolitan Borough Council and NHS Greater Manchester ICB"
    (the table's "Responsible body" cell) as a priority action and its two addressees as areas for
    improvement: "The letter lists 10 items to improve" (P1 report). With its paragraphs (below) it lists 19,
    the first MAX_ITEMS quoted."""
    answer = send_index.ask("What needs to improve in Bury in 2024?")
    assert [(s.lead_in, " ".join(s.text.split())) for s in answer.sentences] == BURY_SEND_2024
    assert {s.doc_id for s in answer.sentences} == {"send-bury-2024-05-07"}
    assert answer.message == "The letter lists 19 items to improve; the first 8 are quoted (send-bury-2024-05-07)."
    assert not any("Metropolitan Borough" in s.text for s in answer.sentences)
    assert_quoted_in_cited(send_index, answer)


def test_a_send_reports_paragraphs_are_items_and_lead_in_their_bullets(send_index):
    """Bury's 2024 area SEND report sets its priority actions as paragraphs ("Leaders across the partnership
    should ensure that the SEND strategy ...") some ending with a lead-in ("In particular, they should
    urgently improve:") to bullets: only the bullets were quoted, labelled "Areas for priority action", and
    the paragraphs skipped. Now each paragraph is an item and each bullet is labelled with its lead-in
    sentence, in document order; a one-sentence lead-in paragraph of bullets is a label only."""
    text = send_index.document("send-bury-2024-05-07").text
    items = [(label, " ".join(text[s:e].split())) for s, e, label in improvement_items(text)]
    assert items[:MAX_ITEMS] == BURY_SEND_2024
    assert len(items) == 19
    assert items[8:13] == [
        ("Areas for priority action", "Leaders across the partnership should also ensure that young people aged up to 25 "
         "years old have access to a locally agreed neurodevelopmental diagnostic pathway."),
        ("Areas for priority action", "Leaders across the partnership should improve preparation for adulthood from the "
         "earliest ages for all children and young people with SEND in Bury."),
        ("Areas for priority action", "Leaders across the partnership should establish and implement a strategic approach "
         "to high-quality transitions for children and young people with SEND from birth to 25."),
        ("Areas for priority action", "Leaders across the partnership should further improve the quality of the statutory "
         "EHC plan process."),
        ("This should include:", "improving the quality of advice received from professionals as part of the needs "
         "assessment process"),
    ]
    assert items[16][0] == "Areas for improvement" and items[16][1].startswith(
        "Leaders across the partnership should improve communication to professionals")
    assert [label for label, _ in items[16:]] == ["Areas for improvement"] * 3
    # a numbered or plainly bulleted list keeps its heading as every item's label (Haringey's SEND paragraphs, Kent)
    haringey = send_index.document("send-haringey-2024-04-03").text
    assert {label for _, _, label in improvement_items(haringey)} == {"Areas for improvement"}


def test_a_stray_mark_above_the_addressees_does_not_hide_the_items(send_index):
    """Gateshead's 2023 SEND report has a "◼" alone on the line before "Local area partnership details":
    it made the list look bulleted, so its five paragraphs were skipped and the addressee block
    ("Local area partnership details / Local authority / Gateshead Metropolitan Borough ...") was the
    one item quoted."""
    text = send_index.document("send-gateshead-2023-07-24").text
    items = [text[s:e] for s, e, _ in improvement_items(text)]
    assert len(items) == 5
    assert items[0].startswith("Leaders in health should ensure that plans to target the reduction in waiting times")
    assert items[4] == ("Leaders within the SEND service should improve communication between health, education, care "
                        "and parents and carers to improve the experiences for children and young people with SEND "
                        "and their families.")
    assert not any("Local area partnership" in item or "Director" in item for item in items)


def test_a_responsible_body_inside_an_item_is_cut_off(send_index):
    """Halton's 2024 SEND report breaks its third priority action across the table's "Responsible body"
    cells: the item ran on into "Merseyside Integrated Care / Board (ICB)"; it now ends before them
    (its rest, after the cells, cannot join one verbatim span)."""
    text = send_index.document("send-halton-2024-01-26").text
    items = [text[s:e] for s, e, _ in improvement_items(text)]
    assert len(items) == 9  # five priority actions, four areas for improvement
    assert items[2] == "Leaders across education, health and social care should improve the joint commissioning of services to ensure"
    assert not any("Board (ICB)" in item or "Halton Borough Council and" in item for item in items)


def test_kent_keyword_query(send_index):
    """The P2 report's own queries: "Kent areas for improvement" gets the list "What does Kent need to
    improve?" gets; with a topic added it keeps the usual answer."""
    keyword, question = send_index.ask("Kent areas for improvement"), send_index.ask("What does Kent need to improve?")
    assert [s.text for s in keyword.sentences] == [s.text for s in question.sentences] == KENT_2026
    assert {(s.doc_id, s.lead_in) for s in keyword.sentences} == {("ilacs-kent-2026-02-02", "What needs to improve?")}
    topic = "Kent areas for improvement care leavers"
    assert not asks_improvements(topic, analyse(topic))
    assert improvements_answer(send_index, topic) is None
    assert not any(s.lead_in for s in send_index.ask(topic).sentences)


def test_a_decline_says_the_letter_asked_for_lists_nothing(fallback_index):
    """Final newcomer: "What needs to improve in Barnsley's latest letter?" was declined with no word that the
    latest letter (a focused visit) lists nothing, while the 2023 list showed first among the passages."""
    from search.improvements import no_list_note

    note = "the letter it asks for, the focused visit of 5 December 2024 (fv-barnsley-2024-12-05), lists nothing to improve"
    assert no_list_note(fallback_index, "What needs to improve in Barnsley's latest letter?") == note
    assert no_list_note(fallback_index, "What needs to improve in Barnsley in 2024?") == note
    assert no_list_note(fallback_index, "What needs to improve in Barnsley?") is None  # an older list is quoted
    assert no_list_note(fallback_index, "What needs to improve in Barnsley in 2023?") is None  # it has one
    assert no_list_note(fallback_index, "What did inspectors say about Barnsley's front door?") is None
    answer = fallback_index.ask("What needs to improve in Barnsley's latest letter?")
    assert not answer.answered and answer.message == (
        f"The letters do not answer this question: {note}. The closest passages are shown below.")
