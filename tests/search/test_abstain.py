"""Abstention: a calibrated probability that the answer is supported, and when `ask` declines."""
from __future__ import annotations

import numpy as np
import pytest

from search.abstain import (FEATURES, AbstentionModel, AbstentionModelError, abstention_model, confidence_label,
                            context_mismatch,
                            evidence_band,
                            letter_vocabulary, model_from_dict, unknown_share)
from search.query import analyse

SLICE_QUESTIONS = [
    "Tameside ILACS 2019 emergency duty service one social worker on shift no contingency",
    "What did inspectors say about caseloads for social workers in Merton?",
    "Herefordshire focused visit December 2019: what percentage of cases in the CIN deep dive audit had all actions completed?",
    "How much was the director of children's services in Tameside paid in 2021?",
    "What did the 2012 focused visit to Merton say about the front door?",
    "What did the BBC Panorama investigation reveal about children in care being placed in unregulated accommodation?",
]


def test_a_place_without_letters_in_the_index_abstains_with_a_clear_message(small_index):
    wales = small_index.ask("What did inspectors find about children's services in Cardiff?")
    assert not wales.answered and not wales.sentences and not wales.hits
    assert wales.text == "No letters for Cardiff in the index: Ofsted inspects children's services in England only."
    assert wales.confidence == 0.0
    # a nation outside England, in a list question too (unanswerable u040 was answered with English
    # councils' grades)
    scotland = small_index.ask("Which councils in Scotland were judged inadequate for child protection in 2019?")
    assert not scotland.answered and not scotland.rows and not scotland.hits
    assert scotland.text == "No letters for Scotland in the index: Ofsted inspects children's services in England only."
    bury = small_index.ask("What did Ofsted say about care leavers in Bury?")  # English, not in the slice
    assert not bury.answered and bury.text == "No letters for Bury in the index."


def test_an_answerable_question_on_the_slice_is_answered(small_index):
    answer = small_index.ask(SLICE_QUESTIONS[0])
    assert answer.answered
    assert "only one social worker on shift" in " ".join(s.text for s in answer.sentences)
    assert answer.confidence >= abstention_model().threshold


def test_a_year_the_council_has_no_letter_of_abstains(small_index):
    """Merton's letters in the slice are a 2020 focused visit and a 2022 inspection: a 2012
    focused visit has no letter, so the passages about Merton's front door do not answer."""
    answer = small_index.ask(SLICE_QUESTIONS[4])
    assert not answer.answered and "do not answer" in answer.text and answer.hits
    assert answer.signals["context_mismatch"] == 1.0
    same = small_index.ask("What did the 2020 focused visit to Merton say about the front door?")
    assert same.signals["context_mismatch"] == 0.0
    # (it was answered from Haringey's letter, the top hit; an answer now quotes Merton's letters only)
    assert all(s.doc_id.startswith(("fv-merton", "ilacs-merton")) for s in same.sentences)


def test_confidence_is_the_model_probability_in_0_1_and_monotonic_in_its_score(small_index):
    model = abstention_model()
    answers = [small_index.ask(q) for q in SLICE_QUESTIONS]
    scored = [(a.signals["score"], a.confidence, a.answered) for a in answers]
    for answer, (score, confidence, answered) in zip(answers, scored):
        assert 0.0 <= confidence <= 1.0
        features = {f: answer.signals[f] for f in FEATURES}
        assert confidence == pytest.approx(model.probability(features), abs=1e-3)
        # under the threshold nothing is quoted; above it, an answer needs a sentence that carries
        # what is asked, from the letters of the council named (else declined by rule)
        assert not answered or confidence >= model.threshold
        if not answered and confidence >= model.threshold:  # declined by rule: the label says why
            assert "no sentence of them holds what the question asks about" in confidence_label(answer).text
    scored.sort()
    confidences = [c for _, c, _ in scored]
    assert confidences == sorted(confidences)
    assert len({round(s, 3) for s, _, _ in scored}) > 3  # the questions do differ in evidence
    grid = np.linspace(-20, 20, 401)
    probs = [AbstentionModel({"dense": 1.0}, 0.0, 0.5).probability({"dense": z}) for z in grid]
    assert all(0.0 <= p <= 1.0 for p in probs) and all(a <= b for a, b in zip(probs, probs[1:]))
    assert probs[200] == 0.5


def test_a_word_of_the_letters_missing_from_a_small_index_is_not_unknown(small_index):
    """dev d008 asks about "churn" in Tameside's 2021 focused visit: no letter of the slice uses the
    word, other letters of the corpus do, so on the slice it is not unknown and the question is
    answered as on the full index (it abstained at 0.16 when only the index's words counted)."""
    answer = small_index.ask("How much churn in social workers had Tameside children been through recently, "
                             "according to inspectors in 2021?")
    assert "churn" not in small_index.bm25.term_id and "churn" in letter_vocabulary()
    assert answer.signals["unknown"] == 0.0
    assert answer.answered and answer.confidence >= abstention_model().threshold
    # a word no letter uses still counts, on any index
    panorama = small_index.ask(SLICE_QUESTIONS[5])
    assert "panorama" not in letter_vocabulary() and panorama.signals["unknown"] > 0 and not panorama.answered
    assert unknown_share(["churn", "panorama", "tameside", "qwertyuiop"], small_index.bm25) == 0.5
    assert unknown_share([], small_index.bm25) == 0.0
    # what a negative contraction leaves ("weren't" -> "weren") is no unknown topic (dev d043)
    barnsley = small_index.ask("Why weren't children held by police overnight in Barnsley getting someone to "
                               "stand up for them at the station?")
    assert barnsley.signals["unknown"] == 0.0


def test_a_word_of_the_letters_that_no_passage_of_a_small_index_holds_counts_as_missing(small_index):
    """The newcomer's off-topic questions on a small index ("the weather in Merton"; "hip
    replacement" on the 39 real PDFs) were answered: the letters use the word, this index does not,
    so it carried no weight, and the council's name and "say" were all the question was about.
    It now weighs as much as a word can here (idf at df = 0), and no sentence holds it."""
    from search.terms import query_terms

    question = "What did inspectors say about the weather in Merton?"
    assert "weather" not in small_index.bm25.term_id and "weather" in letter_vocabulary()
    terms = query_terms(question, small_index.bm25, analyse(question))
    n = small_index.bm25.n_docs
    assert terms.weights["weather"] == pytest.approx(np.log1p((n + 0.5) / 0.5))
    assert terms.weights["weather"] > float(small_index.bm25.idf.max())
    assert "weather" in terms.content()
    answer = small_index.ask(question)
    assert not answer.answered and not answer.sentences  # (it quoted Merton's COVID-19 sentences at 0.59)
    assert answer.signals["missing"] > 0.9 and answer.signals["coverage"] == 0.0
    # a word no letter uses still counts only as unknown, as the model was fitted
    assert "qwertyuiop" not in query_terms("qwertyuiop in Merton", small_index.bm25, analyse("qwertyuiop")).weights


def test_the_topic_of_a_council_question_is_judged_on_that_councils_passages(small_index):
    """name_share compares the best passage's cosine with the topic cosine (council names taken out)
    of the passages the answer may quote: those of the council named. Westminster's passage on its
    Integrated Gangs and Exploitation Unit is the top hit for the same question about Tameside; its
    topic cosine (0.235) made Tameside's passages look on topic. (Newcomer: female genital
    mutilation in Leeds, which no Leeds letter mentions, 0.85 -> 0.73; unanswerable u075 declined.)"""
    from search.index import TOPIC_PASSAGES

    question = "What did inspectors say about the Integrated Gangs and Exploitation Unit in Tameside?"
    ctx = analyse(question)
    hits = small_index.search(question)
    own = [hit for hit in hits if hit.doc_id in small_index.documents_of(ctx.authorities)]
    assert hits[0].doc_id == "fv-westminster-2022-07-20" and own[0].doc_id.endswith("tameside-2019-07-01")
    on_own = small_index.topic_similarity(question, ctx, own[:TOPIC_PASSAGES])
    on_all = small_index.topic_similarity(question, ctx, hits[:TOPIC_PASSAGES])
    assert on_all - on_own > 0.05
    answer = small_index.ask(question)
    assert answer.signals["dense"] == pytest.approx(own[0].dense_score, abs=1e-4)
    assert answer.signals["name_share"] == pytest.approx(own[0].dense_score - on_own, abs=1e-3)
    assert not answer.answered


def test_the_shipped_letter_vocabulary_holds_every_word_of_the_letters(slice_corpus):
    """search/data/letter_vocab.txt is what eval.letter_vocab gives on corpus/: the slice's letters,
    read and tokenised the same way, use no word it lacks; numbers and comments are not in it."""
    from eval.letter_vocab import letter_document_frequency

    df, letters, warnings = letter_document_frequency(slice_corpus)
    assert letters == 10 and not warnings
    vocabulary = letter_vocabulary()
    assert set(df) <= vocabulary and len(df) > 1500  # 1,956 words
    assert {"churn", "caseload", "preproceeding", "tameside"} <= vocabulary
    assert not any(word.isdigit() or word.startswith("#") for word in vocabulary)


def test_context_mismatch_reads_the_councils_letters(small_index):
    merton = small_index.letters_of(("Merton",))
    assert sorted(merton) == [("2020-11-20", "focused visit"), ("2022-05-09", "ILACS inspection")]
    assert context_mismatch(analyse("Merton focused visit 2020 front door"), merton) == 0.0
    assert context_mismatch(analyse("Merton focused visit 2022 front door"), merton) == 1.0  # 2022 was an ILACS
    assert context_mismatch(analyse("Merton 2021 inspection"), merton) == 1.0
    assert context_mismatch(analyse("What did inspectors find in Merton?"), merton) == 0.0  # no year, no kind
    # a letter published in January-March reports a visit of the year before
    assert context_mismatch(analyse("Merton's 2019 focused visit"), [("2020-02-14", "focused visit")]) == 0.0
    assert context_mismatch(analyse("Merton's 2019 focused visit"), [("2020-06-14", "focused visit")]) == 1.0
    # a year named as a start ("since April 2018", own o031) is reported by any later letter: Milton
    # Keynes's JTAI of December 2019 states what its early support project did "Since April 2018"
    milton_keynes = [("2016-11-25", "SIF inspection"), ("2019-12-18", "JTAI")]
    question = ("Of the young people in Milton Keynes who have been through the youth offending team's early "
                "intervention scheme since April 2018, how many went on to offend again?")
    assert analyse(question).since == (2018,)
    assert context_mismatch(analyse(question), milton_keynes) == 0.0
    assert context_mismatch(analyse("Milton Keynes youth offending in April 2018"), milton_keynes) == 1.0
    assert context_mismatch(analyse("Milton Keynes since 2020"), milton_keynes) == 1.0  # no letter from 2020 on
    assert analyse("Kent after the summer of 2019").since == (2019,)
    assert analyse("Kent from 2018 to 2019").since == ()
    # a news article reports any kind of visit (BCP's second monitoring visit)
    bcp = small_index.letters_of(("Bournemouth, Christchurch and Poole",))
    assert context_mismatch(analyse("BCP Council's second monitoring visit in October 2022"), bcp) == 0.0


def test_the_shipped_model_is_complete_and_bad_files_are_refused():
    model = abstention_model()
    assert set(model.weights) == set(FEATURES) and 0.0 < model.threshold < 1.0
    assert "eval.fit_abstention" in model.source and model.questions >= 100
    # more evidence never lowers the probability: the signs the fit found
    assert model.weights["dense"] > 0 and model.weights["context_mismatch"] < 0 and model.weights["unknown"] < 0
    data = model.to_dict()
    assert model_from_dict(data) == model
    broken = {**data, "weights": {k: v for k, v in data["weights"].items() if k != "dense"}}
    with pytest.raises(AbstentionModelError, match="abstention.json"):
        model_from_dict(broken)
    with pytest.raises(AbstentionModelError, match="abstention.json"):
        model_from_dict({**data, "bias": float("nan")})


def test_fit_logistic_reaches_the_penalised_optimum():
    """At the fitted weights the gradient of the penalised log-likelihood is zero (on standardised
    features the penalty is L2 * w), so the fit is the optimum, not an early stop."""
    from eval.fit_abstention import L2, fit_logistic

    rng = np.random.default_rng(7)
    x = rng.random((200, 3))
    y = (x[:, 0] - 0.5 * x[:, 1] + 0.2 * rng.standard_normal(200) > 0.25).astype(float)
    weights, bias = fit_logistic(x, y)
    p = 1 / (1 + np.exp(-(x @ weights + bias)))
    std = x.std(axis=0)
    gradient_std = ((x - x.mean(axis=0)) / std).T @ (p - y) + L2 * weights * std
    assert np.abs(gradient_std).max() < 1e-6 and abs((p - y).sum()) < 1e-6
    assert weights[0] > 0 > weights[1]


def test_isearch_ask_prints_the_confidence_line(small_index, small_index_dir, capsys):
    """`isearch ask` text output starts with one confidence line (the same label as the app's); a
    list answer (row scores, not a probability) and a place with no letters print none."""
    from search.abstain import confidence_label
    from search.cli import main

    model = abstention_model()
    expected = small_index.ask(SLICE_QUESTIONS[0])
    assert main(["ask", SLICE_QUESTIONS[0], "--index-dir", str(small_index_dir)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == (f"Confidence {expected.confidence:.2f} ({evidence_band(expected.confidence, model)} evidence): "
                        f"how well the quoted passages match the question, calibrated on {model.questions} questions")
    assert lines[0] == confidence_label(expected).text and sum(line.startswith("Confidence") for line in lines) == 1
    assert main(["ask", SLICE_QUESTIONS[4], "--index-dir", str(small_index_dir)]) == 1  # abstains (exit 1), shows passages
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Confidence ") and lines[0].endswith(f"; under {model.threshold:.2f} no answer is quoted")
    assert "do not answer" in lines[1]
    for question in ("Which councils were praised for their work with care leavers?",
                     "What did inspectors find about children's services in Cardiff?"):
        main(["ask", question, "--index-dir", str(small_index_dir)])
        assert "Confidence" not in capsys.readouterr().out


def test_topic_similarity_takes_the_named_councils_direction_out(small_index):
    """An off-topic question about a council ("the weather in Tameside") is close to Tameside's
    passages on the name alone: with the name's direction taken out it is far from them, while a
    question the letters answer stays close (real model, real passages of the slice)."""
    from search.abstain import topic_cosine

    def both(question: str) -> tuple[float, float]:
        ctx = analyse(question)
        hits = small_index.search(question, k=5)
        vectors = small_index._stored_vectors().get(np.asarray([h.chunk_id for h in hits], dtype=np.int64))
        plain = topic_cosine(small_index.embed_query(question), vectors, [])
        assert plain == pytest.approx(max(h.dense_score for h in hits), abs=1e-5)
        return plain, small_index.topic_similarity(question, ctx, hits)

    _, weather = both("What is the weather like in Tameside this week?")
    _, agency = both("What did inspectors say about agency staff in Tameside?")
    assert agency > weather + 0.08
    # the projection is orthogonal to the name: the name itself has no topic left
    name = small_index.name_vector("Tameside")
    assert topic_cosine(name, name[None, :], [name]) == pytest.approx(0.0, abs=1e-4)


def test_an_off_topic_question_about_a_council_is_not_answered(small_index):
    """Its closeness to Tameside's passages is mostly the name (name_share), so it abstains; a
    question the letters answer about the same council is answered."""
    weather = small_index.ask("What is the weather like in Tameside this week?")
    agency = small_index.ask("What did inspectors say about agency staff in Tameside?")
    assert not weather.answered and agency.answered
    assert weather.signals["name_share"] > agency.signals["name_share"]
    no_council = small_index.ask("What did inspectors say about caseloads for social workers?")
    assert no_council.signals["name_share"] == 0.0


@pytest.mark.parametrize("question", ["🙂🙂🙂", "1234", "the of and", "?"])
def test_a_question_with_no_words_to_look_for_is_declined(small_index, question):
    """Newcomer: "🙂🙂🙂" was answered at 0.92 ("strong evidence") with BCP's and Medway's
    sentences, "1234" at 0.80: with no word to look for, the dense side alone found something."""
    from search.index import NO_WORDS

    answer = small_index.ask(question)
    assert not answer.answered and not answer.sentences and not answer.hits
    assert answer.text == NO_WORDS and confidence_label(answer) is None
    assert small_index.ask("Tameside " + question).hits  # a council's name is something to look for
