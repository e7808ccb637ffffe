"""Abstention: the calibrated probability that an extractive answer is supported by the letters.

`ask` quotes sentences from the top passages; whether to show them or to say "the letters do not
answer this" is decided here, from a few evidence features (all in [0, 1]):

- dense: cosine similarity of the query to the best passage (all-MiniLM-L6-v2);
- coverage: share of the query's idf weight (synonyms credited, search/terms.py) in the best
  quoted sentence;
- unknown: share of the query's content words that neither the index nor any letter of the
  corpus uses (`known_words`: the index's vocabulary and search/data/letter_vocab.txt, written
  by `python -m eval.letter_vocab`), so the feature means the same on an index of five letters
  as on the full corpus the model was fitted on;
- missing: share of the query's weight absent from the top 3 passages;
- context_mismatch: 1 when the question names a council and a year or a kind of visit and the
  index holds no letter of that council of that year (or of January-March of the next, when
  letters about a visit are published) and kind (`context_mismatch`);
- grade_stated: 1 when the answer quotes the grade a letter states for the area asked about;
- name_share: how much of the best passage's cosine the council's name accounts for: `dense`
  minus the cosine of the query to the closest of the top 5 passages (those of the councils it
  names, the passages an answer may quote) with the direction of each
  council the query names taken out of both vectors (`topic_cosine`), floored at 0; 0 when the
  query names no council. Every passage's vector carries its council's name (the context line),
  so "what is the weather in Tameside?" is close to Tameside's passages on the name alone.
  (Measured against a feature of the projected cosine itself: held-out F1 0.779 against 0.763,
  and better on both the off-topic and the other unanswerable questions held out.)

The probability is a logistic regression on these features, p = 1 / (1 + exp(-(b + w . x))),
fitted by `python -m eval.fit_abstention` (numpy; weights, bias, threshold and the question sets
it was fitted on are in search/data/abstention.json). It is the confidence shown to users, so a
confidence of 0.8 means the same on every question: about 4 in 5 questions answered with such
evidence were answerable in the fitting sets (whose share of unanswerable questions sets the
base rate). `ask` abstains below the stored threshold.
"""
from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from indexer.bm25 import BM25Index
from indexer.keywords import keyword_tokens
from indexer.schema import NEWS_KIND
from search.query import QueryContext
from search.terms import GENERIC
from search.types import Answer, Hit
from search.vocabulary import letter_vocabulary

FEATURES: tuple[str, ...] = ("dense", "coverage", "unknown", "missing", "context_mismatch", "grade_stated",
                             "name_share")
MODEL_FILE = "abstention.json"
# letters about a visit late in a year are published up to this month of the next year
PUBLISHED_BY_MONTH = 3
# kinds of document that report on any kind of visit (a news article about a monitoring visit)
ANY_KIND = (NEWS_KIND, "other")
# what keyword_tokens leaves of a negative contraction ("isn't" -> "isn"): a function word of the
# question's style, which letters (written without contractions) never use, not an unknown topic
CONTRACTIONS = frozenset("isn aren wasn weren don doesn didn hasn haven hadn couldn shouldn wouldn won shan "
                         "mustn needn mightn".split())


class AbstentionModelError(ValueError):
    """search/data/abstention.json is missing a feature, or holds a value that is not a number."""


@dataclass(frozen=True)
class AbstentionModel:
    """A logistic regression over FEATURES: p(supported) = sigmoid(bias + sum weights[f] * x[f]).
    `threshold` is the probability under which `ask` abstains; `source` says how it was fitted;
    `questions` is how many questions it was fitted on (0 when not recorded); `held_out_slips`
    is the share of held-out questions the letters do not answer that still got an answer at
    `threshold` (None when not recorded)."""

    weights: dict[str, float]
    bias: float
    threshold: float
    source: str = ""
    questions: int = 0
    held_out_slips: float | None = None

    def score(self, features: dict[str, float]) -> float:
        """The linear score b + w . x (log-odds that the answer is supported); a missing feature counts 0."""
        return self.bias + sum(w * float(features.get(name, 0.0)) for name, w in self.weights.items())

    def probability(self, features: dict[str, float]) -> float:
        """The calibrated probability in [0, 1] that the answer is supported (monotonic in `score`)."""
        z = self.score(features)
        return 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))

    def abstains(self, probability: float) -> bool:
        """Should `ask` say the letters do not answer, at this probability?"""
        return probability < self.threshold

    def to_dict(self) -> dict:
        """The JSON form written by eval/fit_abstention.py and read by `abstention_model`."""
        return {"features": list(self.weights), "weights": self.weights, "bias": self.bias,
                "threshold": self.threshold, "source": self.source, "questions": self.questions,
                "held_out_slips": self.held_out_slips}


def model_from_dict(data: dict) -> AbstentionModel:
    """An AbstentionModel from its JSON form; AbstentionModelError if a feature or number is missing."""
    try:
        weights = {name: float(data["weights"][name]) for name in FEATURES}
        slips = data.get("held_out_slips")
        model = AbstentionModel(weights, float(data["bias"]), float(data["threshold"]), str(data.get("source", "")),
                                int(data.get("questions", 0)), None if slips is None else float(slips))
    except (KeyError, TypeError, ValueError) as exc:
        raise AbstentionModelError(f"{MODEL_FILE}: bad or missing value ({exc})") from None
    if not all(math.isfinite(v) for v in (*weights.values(), model.bias, model.threshold)):
        raise AbstentionModelError(f"{MODEL_FILE}: a weight is not a finite number")
    return model


@lru_cache(maxsize=1)
def abstention_model() -> AbstentionModel:
    """The fitted model shipped in search/data/abstention.json (read once)."""
    text = resources.files("search").joinpath("data", MODEL_FILE).read_text(encoding="utf-8")
    return model_from_dict(json.loads(text))


def unknown_share(content: list[str], bm25: BM25Index) -> float:
    """Share of the keyword tokens `content` that neither the index (`bm25`'s vocabulary) nor the
    letters' vocabulary (`letter_vocabulary`) holds; 0.0 for no tokens."""
    if not content:
        return 0.0
    letters = letter_vocabulary()
    return sum(t not in bm25.term_id and t not in letters for t in content) / len(content)


@dataclass(frozen=True)
class ConfidenceLabel:
    """What users are told about an answer's confidence: a one-line `text` and a longer `help`."""

    text: str
    help: str


# why an answer was quoted under the threshold, by the rule that quoted it (Answer.signals["quoted_by"]):
# what the letter states that the question asks for
QUOTED_BY: dict[str, str] = {
    "grade": "the grade in its judgement table",  # search/answer.py, a stated grade (search/grades.py)
    "dates": "when its inspection took place",  # search/answer.py, search/last_inspection.py
    "inspectors": "the inspectors it names",  # search/answer.py, search/inspectors.py
    "overview": "its headline findings",  # search/overview.py
    "director": "the director it is addressed to",  # search/directors.py
    "improvements": "its list of what needs to improve",  # search/improvements.py
    "named": "a sentence naming the programme, model or partner the question names",  # search/named_things.py
}


def shown_figures(confidence: float, threshold: float) -> tuple[str, str]:
    """`confidence` and `threshold` as the confidence line writes them: two decimals, or as many more
    (up to 8) as it takes for the written figures to compare as the numbers do. 0.4473 under 0.452255
    is "0.447" and "0.452", not "0.45" and "0.45" (read as at the threshold, yet not answered); one at
    or over the threshold may read equal to it ("0.45" at 0.4523)."""
    for places in range(2, 9):
        shown, at = f"{confidence:.{places}f}", f"{threshold:.{places}f}"
        if (float(shown) < float(at)) == (confidence < threshold):
            return shown, at
    return shown, at


def confidence_label(answer: Answer, model: AbstentionModel | None = None) -> ConfidenceLabel | None:
    """The line the app and `isearch ask` show under an answer: its calibrated probability
    (`answer.confidence`, from `model`, default the shipped one) and what it means, the confidence and
    the threshold written so they compare as the numbers do (shown_figures). A question declined by
    rule at a confidence over the threshold (no sentence holds what is asked, or none holds the kind
    of answer asked for: signals["unmet"], search/answer_check.py) gets the number without an evidence
    band ("strong evidence" beside a refusal reads as a contradiction) and the reason it was declined;
    an answer quoted by rule under the threshold (signals["quoted_by"], a key of QUOTED_BY) gets the
    number without a band ("weak evidence" beside a stated fact) and the one rule that quoted it. None
    for an answer the model did not score: a list answer (its rows carry a ranking score, not a
    probability) or one settled by rule (a place with no letters in the index)."""
    if answer.rows or "score" not in (answer.signals or {}):
        return None
    model = model or abstention_model()
    shown, threshold = shown_figures(answer.confidence, model.threshold)
    fitted = f"calibrated on {model.questions} questions" if model.questions else "calibrated on the eval questions"
    which = "quoted" if answer.answered else "closest"
    declined_by_rule = not answer.answered and not model.abstains(answer.confidence)
    quoted_by_rule = answer.answered and model.abstains(answer.confidence)
    unmet = (answer.signals or {}).get("unmet") if declined_by_rule else None
    stated = QUOTED_BY.get((answer.signals or {}).get("quoted_by", ""))
    # what the letter states that the question asks for (an answer quoted by a rule that did not say which: unnamed)
    because = "the letter states what is asked" + (f": {stated}" if stated else "")
    if declined_by_rule:
        # no sentence of the top passages carries what is asked: the score is still shown (it is the
        # model's probability), but no strength label, which would read as contradicting the refusal
        from search.answer_check import UNMET

        reason = (UNMET[unmet] if unmet in UNMET else
                  "no sentence of them holds what the question asks about, so none is quoted")
        text = (f"Confidence {shown} from how well the closest passages match the question "
                f"({fitted}), but not answered: {reason}")
    elif quoted_by_rule:
        # quoted whatever the score (a judgement table's grade, the director a letter is addressed to):
        # "weak evidence" beside a fact the letter states would contradict it, as above
        text = (f"Confidence {shown} from how well the quoted passages match the question ({fitted}); "
                f"quoted because {because}")
    else:
        text = (f"Confidence {shown} ({evidence_band(answer.confidence, model)} evidence): how well "
                f"the {which} passages match the question, {fitted}")
    if not answer.answered and model.abstains(answer.confidence):
        text += f"; under {threshold} no answer is quoted"
    fitted_on = f"the {model.questions} questions it was fitted on" if model.questions else "the eval questions"
    slips = ("" if model.held_out_slips is None else
             f" On questions it was not fitted on that the letters do not answer, {model.held_out_slips:.0%} still "
             "got an answer, because their words occur in the letters.")
    help_text = (
        f"A score from 0 to 1 on the same scale for every question: among {fitted_on} (full corpus index), "
        f"those with evidence like this were ones the letters answer about {answer.confidence:.0%} of the time. "
        "It weighs how close the best passage is to the question, how much of the question the quoted sentence "
        "covers, question words no letter uses or the top passages lack, and a council named with no letter of "
        f"the year or kind named. It is not a guarantee.{slips} "
        + ("Here the sentences that match the question do not hold the kind of answer it asks for (search/"
           "answer_check.py), so nothing is quoted whatever the score. " if unmet else
           "Here no sentence of the closest passages holds what the question asks about, so nothing is quoted "
           "whatever the score. " if declined_by_rule else
           "Read the quoted sentences. ")
        + (f"Under {threshold} the letters are taken not to answer and nothing is quoted, unless the letter "
           f"states what is asked, as here{f' ({stated})' if stated else ''}: that is quoted whatever the score."
           if quoted_by_rule else f"Under {threshold} the letters are taken not to answer and nothing is quoted."))
    return ConfidenceLabel(text, help_text)


STRONG_EVIDENCE = 0.85  # a band boundary for readers, not a fitted value


def evidence_band(confidence: float, model: AbstentionModel) -> str:
    """'strong' (>= STRONG_EVIDENCE), 'some' (>= the model's threshold, so an answer is quoted) or
    'weak' (below it: nothing is quoted), for the confidence line."""
    if confidence >= max(STRONG_EVIDENCE, model.threshold):
        return "strong"
    return "some" if confidence >= model.threshold else "weak"


def context_mismatch(ctx: QueryContext, letters: Iterable[tuple[str, str]]) -> float:
    """1.0 when the query names a council and a year and/or a kind of visit, and none of that
    council's `letters` ((ISO date, kind) pairs) matches: dated in a year named, or in the first
    PUBLISHED_BY_MONTH months of the next one, and of a kind named (news articles count as any
    kind). 0.0 otherwise, and when the query names no council, or no year and no kind."""
    if not ctx.authorities or not (ctx.years or ctx.kinds):
        return 0.0
    for date, kind in letters:
        year = int(date[:4]) if date[:4].isdigit() else 0
        month = int(date[5:7]) if date[5:7].isdigit() else 0
        in_year = (not ctx.years or year in ctx.years or (year - 1 in ctx.years and 0 < month <= PUBLISHED_BY_MONTH)
                   or any(year >= start for start in ctx.since))  # "since April 2018": a later letter reports it
        of_kind = not ctx.kinds or kind in ctx.kinds or kind in ANY_KIND
        if in_year and of_kind:
            return 0.0
    return 1.0


def topic_cosine(query: np.ndarray, passages: np.ndarray, names: list[np.ndarray]) -> float:
    """max_i cos(P q, P p_i): the query vector `query` (shape (d,)) against each row of `passages`
    (shape (n, d)), after projecting both onto the complement of the span of `names` (the
    embeddings of the councils the query names; P = I - Q Q^T, Q an orthonormal basis of that
    span, from a QR decomposition). With no names, the plain maximum cosine. 0.0 for no passages."""
    if not len(passages):
        return 0.0
    if names:
        basis, _ = np.linalg.qr(np.stack(names).T)  # (d, k), orthonormal columns
        query = query - basis @ (basis.T @ query)
        passages = passages - (passages @ basis) @ basis.T
    norms = np.linalg.norm(passages, axis=1) * (np.linalg.norm(query) or 1.0)
    return float(np.max((passages @ query) / np.where(norms > 0, norms, 1.0)))


def evidence_features(query: str, hits: list[Hit], bm25: BM25Index, weights: dict[str, float],
                      coverage: float, top_dense: float | None = None, mismatch: float = 0.0,
                      grade_stated: bool = False, topic: float = 0.0) -> dict[str, float]:
    """The FEATURES for one answer, all in [0, 1]. `weights` are the query terms' (search.terms.
    query_terms); `coverage` is the best quoted sentence's (QueryTerms.coverage); `top_dense` the
    best passage's cosine when the hits carry none (keyword mode); `mismatch` is context_mismatch;
    `topic` is topic_cosine of the query and the top passages with the named councils taken out
    (Index.topic_similarity; 0.0 when the query names no council)."""
    total = sum(weights.values()) or 1.0
    top_tokens = set().union(*(keyword_tokens(h.text) for h in hits[:3])) if hits else set()
    # the query's words as written: a hyphenated word's joined form ("covidperiod") is not a word
    # the corpus could be expected to use
    words = keyword_tokens(re.sub(r"[-‐‑]", " ", query))
    content = [t for t in dict.fromkeys(words)
               if t not in GENERIC and t not in CONTRACTIONS and len(t) > 2 and not t.isdigit()]
    dense = top_dense if top_dense is not None else (hits[0].dense_score or 0.0) if hits else 0.0
    return {
        "dense": min(max(dense, 0.0), 1.0),
        "coverage": coverage,
        "unknown": unknown_share(content, bm25),
        "missing": sum(w for t, w in weights.items() if t not in top_tokens) / total,
        "context_mismatch": float(mismatch),
        "grade_stated": float(grade_stated),
        "name_share": min(max(dense - topic, 0.0), 1.0) if topic else 0.0,
    }
