"""The confidence line of a question declined by rule (no sentence of the closest passages holds
what it asks) on the real slice: the model's number, honestly, but no evidence band beside the
refusal ("Confidence 0.92 (strong evidence) ... but no sentence ... holds what the question asks
about" read as a contradiction)."""
from __future__ import annotations

from search.abstain import abstention_model, confidence_label

# Sunderland's 2021 letter is in the slice but no sentence of it is about youth offending (its front
# door, the question these tests first used, is its "Integrated Contact and Referral Team", which
# answers now that a rare concept is looked for below the top passages)
DECLINED = "What did Ofsted say about Sunderland's youth offending service in 2021?"
BANDS = ("strong evidence", "some evidence", "weak evidence")


def test_a_question_declined_by_rule_shows_its_number_without_a_strength_label(small_index):
    model = abstention_model()
    answer = small_index.ask(DECLINED)
    assert not answer.answered and answer.hits and answer.confidence >= model.threshold  # declined by rule
    label = confidence_label(answer)
    assert label.text == (f"Confidence {answer.confidence:.2f} from how well the closest passages match the "
                          f"question (calibrated on {model.questions} questions), but not answered: no sentence "
                          "of them holds what the question asks about, so none is quoted")
    assert not any(band in label.text for band in BANDS)
    assert f"about {answer.confidence:.0%} of the time" in label.help
    assert "so nothing is quoted whatever the score" in label.help and "Read the quoted sentences" not in label.help


def test_answered_and_abstained_questions_keep_their_band(small_index):
    model = abstention_model()
    answered = small_index.ask("Tameside ILACS 2019 emergency duty service one social worker on shift no contingency")
    assert answered.answered and "evidence): how well the quoted passages" in confidence_label(answered).text
    abstained = small_index.ask("What did the 2012 focused visit to Merton say about the front door?")
    assert not abstained.answered and abstained.confidence < model.threshold
    assert confidence_label(abstained).text.startswith(f"Confidence {abstained.confidence:.2f} (weak evidence)")


def test_isearch_ask_prints_the_declined_line(small_index, small_index_dir, capsys):
    from search.cli import main

    expected = confidence_label(small_index.ask(DECLINED)).text
    assert main(["ask", DECLINED, "--index-dir", str(small_index_dir)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == expected and lines[1].startswith("The letters do not answer this question")
    assert not any(band in "\n".join(lines[:2]) for band in BANDS)
