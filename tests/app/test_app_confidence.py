"""The confidence line under an answer, in the app (AppTest on the real slice, real model): the
calibrated probability of search/abstain.py with what it means; none for list answers or places
with no letters."""
from __future__ import annotations

from apptest_support import ask

from search.abstain import abstention_model, evidence_band

ANSWERED = "Tameside ILACS 2019 emergency duty service one social worker on shift no contingency"
ABSTAINED = "What did the 2012 focused visit to Merton say about the front door?"  # Merton's letters: 2020, 2022


def confidence_captions(at) -> list:
    return [c for c in at.caption if c.value.startswith("Confidence")]


def test_an_answer_shows_its_calibrated_confidence_with_what_it_means(make_app, small_index):
    model = abstention_model()
    expected = small_index.ask(ANSWERED)
    assert expected.answered
    at = ask(make_app().run(), ANSWERED)
    [caption] = confidence_captions(at)
    band = evidence_band(expected.confidence, model)
    assert band in ("strong", "some")
    assert caption.value == (f"Confidence {expected.confidence:.2f} ({band} evidence): how well the quoted passages "
                             f"match the question, calibrated on {model.questions} questions")
    assert model.questions >= 100
    help_text = caption.proto.help
    assert help_text.startswith("A score from 0 to 1 on the same scale for every question")
    assert f"{model.held_out_slips:.0%} still got an answer" in help_text and "Read the quoted sentences" in help_text
    assert f"about {expected.confidence:.0%} of the time" in help_text
    assert f"Under {model.threshold:.2f} the letters are taken not to answer" in help_text


def test_an_abstained_question_shows_the_confidence_it_fell_short_with(make_app, small_index):
    model = abstention_model()
    expected = small_index.ask(ABSTAINED)
    assert not expected.answered and expected.hits and expected.confidence < model.threshold
    at = ask(make_app().run(), ABSTAINED)
    [caption] = confidence_captions(at)
    assert caption.value == (f"Confidence {expected.confidence:.2f} (weak evidence): how well the closest passages "
                             f"match the question, calibrated on {model.questions} questions; under {model.threshold:.2f} "
                             "no answer is quoted")


def test_list_answers_and_places_without_letters_show_no_confidence(make_app, small_index):
    """A list answer's rows carry a ranking score, not a probability; a place with no letters is
    settled by rule. Neither is labelled a confidence."""
    question = "Which councils were praised for their work with care leavers?"
    assert small_index.ask(question).rows
    at = ask(make_app().run(), question)
    assert any('class="is-answer is-list"' in h.value for h in at.html) and not confidence_captions(at)
    at = ask(make_app().run(), "What did inspectors find about children's services in Cardiff?")
    assert any("No letters for Cardiff" in h.value for h in at.html) and not confidence_captions(at)


def test_a_question_declined_by_rule_shows_no_strength_label_beside_the_refusal(make_app, small_index):
    """Sunderland's letter is about its services but no sentence about youth offending: the
    confidence is over the threshold, so 'strong/some evidence' beside 'not answered' would
    contradict; the caption gives the number and why nothing is quoted."""
    model = abstention_model()
    question = "What did Ofsted say about Sunderland's youth offending service in 2021?"
    expected = small_index.ask(question)
    assert not expected.answered and expected.confidence >= model.threshold
    at = ask(make_app().run(), question)
    [caption] = confidence_captions(at)
    assert caption.value == (f"Confidence {expected.confidence:.2f} from how well the closest passages match the "
                             f"question (calibrated on {model.questions} questions), but not answered: no sentence "
                             "of them holds what the question asks about, so none is quoted")
    assert "evidence)" not in caption.value
    assert "so nothing is quoted whatever the score" in caption.proto.help


def test_an_answer_quoted_by_rule_under_the_threshold_names_the_rule_without_a_band(make_app, small_index):
    """Merton's grade, quoted from its 2022 judgement table under the threshold on the slice: the caption
    says that rule quoted it, not "weak evidence" beside the grade, nor every rule there is."""
    model = abstention_model()
    question = "How was Merton graded?"
    expected = small_index.ask(question)
    assert expected.answered and model.abstains(expected.confidence) and expected.signals["quoted_by"] == "grade"
    at = ask(make_app().run(), question)
    [caption] = confidence_captions(at)
    assert caption.value == (f"Confidence {expected.confidence:.2f} from how well the quoted passages match the "
                             f"question (calibrated on {model.questions} questions); quoted because the letter states "
                             "what is asked: the grade in its judgement table")
    assert "evidence)" not in caption.value
    assert "as here (the grade in its judgement table): that is quoted whatever the score" in caption.proto.help
