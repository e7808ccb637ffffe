"""Extractive answers: verbatim sentences, resolvable citations, abstention."""
from __future__ import annotations

import json
from pathlib import Path

from search.answer import highlight_spans

ROOT = Path(__file__).resolve().parents[2]
QUESTIONS = [json.loads(line) for line in (ROOT / "eval/questions/dev.jsonl").read_text().splitlines()]


SLICE_DOCS = {"fv-tameside-2021-06-25", "fv-merton-2020-11-20", "fv-westminster-2022-07-20",
              "fv-herefordshire-2020-01-21", "ilacs-merton-2022-05-09", "jtai-barnsley-2022-07-18"}


def test_answer_sentences_are_verbatim_and_citations_resolve(small_index):
    answers = [small_index.ask(q["question"]) for q in QUESTIONS if q["doc"] in SLICE_DOCS]
    answered = [a for a in answers if a.answered]
    assert len(answered) >= len(answers) // 2
    for answer in answered:
        assert 1 <= len(answer.sentences) <= 4
        by_rank = {h.rank: h for h in answer.hits}
        for sentence in answer.sentences:
            hit = by_rank[sentence.citation]
            assert sentence.text in hit.text
            assert small_index.document(sentence.doc_id).text[sentence.start:sentence.end] == sentence.text
            assert f"{sentence.text} [{sentence.citation}]" in answer.text
        # one sentence per passage (AnswerSettings.per_passage): the evidence of several passages,
        # which cited a relevant passage more often on dev, own and extra questions
        cited = [s.citation for s in answer.sentences]
        assert len(cited) == len(set(cited))
    assert any(len(a.sentences) >= 2 for a in answered)


def test_answer_quotes_the_evidence(small_index):
    answer = small_index.ask("Herefordshire focused visit December 2019: what percentage of cases in the CIN "
                             "deep dive audit had all actions completed?")
    assert answer.answered
    assert "31% of cases had all actions completed" in answer.sentences[0].text
    assert answer.hits[answer.sentences[0].citation - 1].doc_id == "fv-herefordshire-2020-01-21"


def test_answer_sentences_do_not_repeat_each_other(small_index):
    answer = small_index.ask("What did inspectors say about caseloads for social workers in Merton?")
    texts = [s.text for s in answer.sentences]
    assert len(texts) == len(set(texts))


def test_abstains_on_unanswerable_questions(small_index):
    unanswerable = [q["question"] for q in QUESTIONS if not q["answerable"]]
    answers = [small_index.ask(q) for q in unanswerable]
    abstained = [a for a in answers if not a.answered]
    named = 0
    # 5 of the 8 on the full index with the model shipped (dev abstention recall 0.625; held-out
    # F1 0.779, eval.fit_abstention); a slice of six letters is no easier
    assert len(abstained) >= len(unanswerable) - 3
    for answer in abstained:
        assert not answer.sentences
        if answer.text.startswith("No letters for"):  # a place without letters: no passages shown
            place = answer.text.removeprefix("No letters for ").split(" in the index")[0]
            assert place in answer.query and not answer.hits
            named += 1
        else:
            assert "do not answer" in answer.text and answer.hits
    assert named >= 2  # Cardiff (Wales) and Jersey have no Ofsted letters


def test_highlight_marks_matching_words_only():
    text = "Social workers’ caseloads in Tameside are high."
    spans = highlight_spans(text, "caseloads Tameside")
    assert [text[a:b] for a, b in spans] == ["caseloads", "Tameside"]


def test_quotes_start_where_the_sentence_does_in_a_real_letter():
    """A heading glued to the sentence under it ("Headline findings\\nChildren at risk ...") and a
    Wingdings bullet are left out of the quote; a sentence wrapped mid-line stays whole."""
    from corpus_slice import CORPUS

    from indexer.header import split_header
    from search.answer import quotable_span

    text = split_header((CORPUS / "fv-westminster-2022-07-20.txt").read_text(encoding="utf-8"))[1]
    start = text.index("Headline findings\n")
    end = text.index(".", start) + 1
    s, e = quotable_span(text, start, end)
    assert text[s:e].startswith("Children at risk of extra-familial harm receive excellent support")
    bullet = "\uf06e Approximately 51,000 children live here."
    assert bullet[slice(*quotable_span(bullet, 0, len(bullet)))] == "Approximately 51,000 children live here."
    wrapped = "His Majesty’s Inspectors for this visit were Rebekah\nTucker and Rebecca Quested."
    assert quotable_span(wrapped, 0, len(wrapped)) == (0, len(wrapped))


def test_a_grade_question_is_answered_by_the_grade_the_letter_states(small_index):
    """"How was X graded for Y?" quotes the judgement the letter states for that area, verbatim,
    cited to the passage that holds it: the latest inspection unless the question names a year."""
    answer = small_index.ask("How was Merton graded for help and protection?")
    first = answer.sentences[0]
    assert answer.answered and first.doc_id == "ilacs-merton-2022-05-09"
    assert "help and protection" in first.text and first.text.split()[-1].lower() == "good"  # the letter's table
    assert small_index.document(first.doc_id).text[first.start:first.end] == first.text
    hit = next(h for h in answer.hits if h.rank == first.citation)
    assert first.text in hit.text
    tameside = small_index.ask("What was Tameside's overall effectiveness judgement in 2019?").sentences[0]
    assert tameside.doc_id == "ilacs-tameside-2019-07-01"
    assert tameside.text.split() == ["Overall", "effectiveness", "Requires", "improvement", "to", "be", "good"]


def test_a_short_sentence_that_points_back_is_quoted_with_the_one_before():
    """"This is 24% of the total population in the area." means nothing alone: a short sentence
    opening with This/It/They/... is quoted together with the sentence before it (one span of the
    letter, so still verbatim); longer ones and ones about "this letter" stand alone."""
    from corpus_slice import CORPUS

    from indexer.header import split_header
    from search.answer import AnswerSettings, _candidates
    from search.types import Hit

    text = split_header((CORPUS / "sif-bromley-2016-06-27.txt").read_text(encoding="utf-8"))[1]
    start = text.index("Approximately 71,500 children")
    end = text.index("\n\n", start)
    hit = Hit(rank=1, chunk_id=0, doc_id="sif-bromley-2016-06-27", title="", authority="Bromley", date="",
              kind="SIF inspection", judgement="", text=text[start:end], start=start, end=end, heading="", score=1.0)
    quotes = [q for _, _, _, q, *_ in _candidates("What is the population of Bromley?", [hit], AnswerSettings())]
    both = ("Approximately 71,500 children and young people under the age of 18 years live in Bromley. "
            "This is 24% of the total population in the area.")
    assert both in [" ".join(q.split()) for q in quotes]
    assert not any(" ".join(q.split()) == "This is 24% of the total population in the area." for q in quotes)
    for _, s, e, q, *_ in _candidates("population", [hit], AnswerSettings()):
        assert hit.text[s:e] == q  # a sub-span of the passage: verbatim


def test_a_sentence_wrapped_over_two_lines_is_not_a_title_block():
    """Wirral's 2024 letter wraps "The local authority is part of a regional adoption agency,
    Adoption in\\nMerseyside (AiM)." after "in": its first line is short and unpunctuated like a
    title-block line, but it is one sentence, and the one that answers "what is Wirral's regional
    adoption agency called?" (newcomer report: never quoted, at confidence 0.92)."""
    from corpus_slice import CORPUS

    from indexer.header import split_header
    from search.answer import AnswerSettings, _candidates, unwrapped
    from search.rerank import title_block_share
    from search.types import Hit

    text = split_header((CORPUS / "ilacs-wirral-2024-02-02.txt").read_text(encoding="utf-8"))[1]
    sentence = "The local authority is part of a regional adoption agency, Adoption in\nMerseyside (AiM)."
    start = text.rindex("\n\n", 0, text.index(sentence)) + 2
    end = text.index("\n\n", text.index(sentence))
    assert title_block_share(sentence) > 0.5  # what excluded it
    hit = Hit(rank=1, chunk_id=0, doc_id="ilacs-wirral-2024-02-02", title="", authority="Wirral", date="2024-02-02",
              kind="ILACS inspection", judgement="", text=text[start:end], start=start, end=end, heading="", score=1.0)
    quotes = [q for _, _, _, q, *_ in _candidates("What is Wirral's regional adoption agency called?", [hit],
                                                 AnswerSettings())]
    assert sentence in quotes
    # a real title block still is one
    block = "Inspection of Wirral local authority children’s services\nInspection dates: 18 to 29 September 2023"
    assert title_block_share(unwrapped(block)) > 0.5


def test_the_command_line_answer_shows_a_table_row_without_runs_of_spaces(small_index):
    """Tameside's 2019 judgement table row "...children who need help and protection" /
    "Requires improvement to be good" is quoted across its line breaks; `isearch ask` prints it
    as one line of single spaces (newcomer report: "protection  Requires improvement")."""
    from search.render import render_answer

    answer = small_index.ask("How was Tameside graded for children who need help and protection in 2019?")
    assert answer.answered and "\n" in answer.sentences[0].text
    assert "Requires improvement" in answer.sentences[0].text
    printed = render_answer(answer, color=False).split("\n\n")[0]
    assert "  " not in printed and "protection Requires improvement" in " ".join(printed.split())


def test_ofsted_standard_sentences_are_boilerplate_in_every_letter():
    # what Ofsted is ("It regulates and inspects childcare ...", "It inspects services for ...": 527 letters) and what a focused
    # visit looked at ("Specifically, they considered ...": 32 letters) state no finding: an answer
    # quoted them ("Specifically, they considered the 'front door' arrangements" for how many health
    # staff Harrow's front door has; "It regulates and inspects childcare" for the name of a council's
    # children in care council; "It assesses council children's services, and inspects ..." for when
    # Sandwell was last inspected; "I am copying this letter to Andy Couldrick" for what Ofsted said
    # about Birmingham's children's trust; a news article's "THE full letter on Ofsted's first monitoring
    # visit of BCP Council's children's services has been released" for how BCP did in 2022)
    import re

    from indexer.sentences import sentence_spans
    from search.rerank import is_boilerplate

    opening = re.compile(r"^(?:It regulates and inspects|It inspects services for|Specifically, (?:they|inspectors) "
                         r"(?:considered|looked at)|It assesses council children|They read case files|Wherever possible, "
                         r"they talked to|They also looked at local authority performance|I am copying this letter to|"
                         r"The methodology for this visit|Inspectors used video calls|If you are not happy with the "
                         r"inspection|It is Ofsted’s expectation that, as a minimum|THE full letter on Ofsted|The following is "
                         r"the full letter|Read more on Ofsted)")
    texts = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "corpus").glob("*.txt"))]
    standard = [text[a:b] for text in texts for a, b in sentence_spans(text) if opening.match(text[a:b].strip())]
    assert len(standard) >= 1500
    assert all(is_boilerplate(s) for s in standard)
    # a finding that opens with "Specifically" is not
    assert not is_boilerplate("Specifically, the risk of exploitation is not always recognised.")


def test_a_follow_on_question_naming_no_council_says_so(small_index):
    """"and what about care leavers there?" (a follow-on to a question about one council) was
    answered at 0.81 from four other councils' letters: each question is answered on its own."""
    for question, word in (("and what about care leavers there?", "there"),
                           ("What did that council do about agency staff?", "that council")):
        answer = small_index.ask(question)
        assert not answer.answered and not answer.sentences and answer.hits
        assert f'("{word}") without naming it' in answer.message
    # "there" as in "there is", and a question naming its council, are ordinary questions
    assert small_index.ask("What did inspectors say about care leavers there in Tameside?").answered
    assert "without naming it" not in small_index.ask("Is there evidence of drift in Tameside?").message
    # nor "were there?" at the end: it asks what there was, anywhere ("What concerns about agency
    # staff were there?" was declined as a follow-on naming no council)
    for question in ("What concerns about agency staff were there?", "How many areas for priority action were there?"):
        assert "without naming it" not in small_index.ask(question).message
