"""Second-stage re-scoring of the top fused candidates: the passage that answers, not just the letter.

The first stage (dense + BM25, fused) finds the right letters; inside them, many passages share the
question's words. This stage adds evidence that a passage holds the answer itself:

- sentence: the best single sentence's share of the query's weighted terms (passage-level BM25
  rewards words spread over a passage; an answer sits in one sentence);
- proximity: query terms that sit together in the passage, as in the sequential dependence model
  (Metzler and Croft, 2005, "A Markov random field model for term dependencies", SIGIR), so
  "agency workers" beats "multi-agency meetings";
- heading: the query's terms in the section heading the passage sits under (ILACS letters are
  sectioned by judgement area), and more when the question names the whole section ("areas for
  priority action");
- grade: for questions that ask for a grade, a passage that states one;
- title block: passages made of a letter's title, dates and inspector lines are demoted unless
  the question asks for what such a block states (a grade, an inspector, a date);
- answer type: for a factoid question ("how many", "when did", "what is it called", "who were"),
  a passage whose best-matching sentence holds a number, a date, a name or a person
  (search/answer_type.py; expected answer types as in factoid QA since Moldovan et al., 2000);
- near-duplicates: a passage that overlaps a better passage of the same letter is demoted.

Pure functions of the candidates' texts and the query's terms; the weights are settings, chosen
with `python -m eval.tune_rerank` on eval/questions/dev.jsonl.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Protocol

from indexer.keywords import keyword_tokens
from indexer.passage_sentences import sentences
from search.answer_type import BLOCK_QUESTION, expected_answer_type, sentence_answer_types  # noqa: F401 (BLOCK_QUESTION re-exported)
from search.terms import GENERIC, QueryTerms

# a question that asks for a grade (a grade word alone, "inadequate councils", does not)
# (not a clause naming which inspection is meant: "the inspection that rated the city outstanding",
# "despite the council's outstanding rating", "since it was rated good": the grade is given, not asked for;
# "rate" only as the verb a question asks with: "How did inspectors rate leadership?", not "the rate of";
# and the words users ask for a grade with: "the outcome of Bromley's 2019 inspection", "Tameside's
# Ofsted result", "what score did Ofsted give", "what did Ofsted give Bromley" (not "what example did
# Ofsted give"), "did Tameside pass (fail) its inspection", "Is Leeds (still) outstanding?" (a council, in
# capitals, and a grade: not "Were chronologies in Norfolk's case files any good?"), "How did BCP do in
# its 2022 inspection?", "What did Swindon get in 2023?")
_CAPITALISED = r"(?-i:[A-Z])[\w’'&,.-]*"  # a word of a council's name ("Stoke-on-Trent", "BCP")
_COUNCIL = rf"(?:the )?(?:{_CAPITALISED}\s+(?:(?:and|of|upon|on)\s+)?){{1,6}}"
_GRADE_ASKS = (
    r"grade[ds]?|grading|rated|rating|judged|judgements?|judgments?|overall effectiveness|verdict",
    r"(?:(?<=\bdid inspectors )|(?<=\bdid Ofsted )|(?<=\bdid they )|(?<=\bdo inspectors )|(?<=\bdoes Ofsted ))rate",
    r"(?:(?<=\bwhat did inspectors )|(?<=\bwhat did Ofsted ))give(?= (?-i:[A-Z]))",  # not "What advice did Ofsted give Leeds"
    r"(?:(?<=\bOfsted )|(?<=\binspection ))(?:results?|outcomes?|scores?)",
    r"(?<=\bwhat )score",
    r"outcome(?= of [^?]{0,50}?\b(?:inspection|ILACS|SIF)\b)",
    r"(?:pass(?:ed)?|fail(?:ed)?)(?= (?:its|their|the|an?) (?:Ofsted |latest |last |most recent )?(?:inspection|Ofsted))",
    # "Is Leeds (still) outstanding?": a council's name, in capitals, then a grade and nothing else
    rf"^(?=(?:is|was|are|were) {_COUNCIL}(?:(?:council|children[’']s services)\s+)?(?:(?:still|now|currently|ever)\s+)?"
    r"(?:(?:rated|judged|graded)\s+)?(?:outstanding|good|inadequate|requires improvement)(?: to be good)?(?: overall)?"
    r"(?: in \d{4})?\s*[?.]?\s*$)(?:is|was|are|were)",
    rf"(?<=\bhow did ){_COUNCIL}do(?= in (?:its|their|the) (?:[\w-]+ ){{0,3}}(?:inspection|ILACS|SIF|Ofsted)| in \d{{4}}\s*[?.]?\s*$)",
    rf"(?<=\bwhat did ){_COUNCIL}get(?= in \d{{4}}| at (?:its|the|their) [\w ]{{0,30}}inspection| from Ofsted|\s*\?)",
)
GRADE_QUESTION = re.compile(
    r"\b(?<!\bit was )(?<!\bthey were )(?<!\bhad been )(?<!\bthat )(?<!\bwhich )(?<!\boutstanding )(?<!\bgood )"
    r"(?<!\binadequate )(" + "|".join(_GRADE_ASKS) + r")\b", re.IGNORECASE)
# a grade stated in a letter: "are: good", "Requires improvement to be good", "judged to be inadequate"
GRADE_STATED = re.compile(
    r"\b(?:(?:are|is|was|were|be|as|judged(?: to be)?|rated|graded)\s*:?\s*|\n\s*)"
    r"(outstanding|good|requires improvement(?: to be good)?|inadequate)\b", re.IGNORECASE)
# a line of a title block, address or judgement table: short, no sentence punctuation at its end
_FURNITURE_LINE = re.compile(r"^[^\n]{0,80}$")
_SENTENCE_CLOSE = ".!?;,”\"’')"


@lru_cache(maxsize=1)
def boilerplate() -> re.Pattern[str]:
    """The openings of Ofsted's standard sentences (search/data/boilerplate.txt) as one pattern."""
    lines = resources.files("search").joinpath("data", "boilerplate.txt").read_text(encoding="utf-8").splitlines()
    rules = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    return re.compile(r"^\W{0,3}(?:" + "|".join(rules) + ")", re.IGNORECASE)


def is_boilerplate(sentence: str) -> bool:
    """True for a sentence that opens like one of Ofsted's standard sentences, or whose first
    line does (a greeting or a title glued to the sentence after it)."""
    return boilerplate().match(sentence.lstrip()) is not None


@dataclass(frozen=True)
class RerankSettings:
    """Weights of the second-stage features (each feature is in [0, 1]), added to the fused score."""

    depth: int = 40  # how many fused candidates are re-scored
    sentence: float = 0.3
    proximity: float = 0.2
    heading: float = 0.05
    heading_named: float = 0.1  # added when the question names the passage's section ("areas for priority action")
    grade: float = 0.3
    title_block: float = 0.3  # subtracted, times the passage's share of furniture lines
    duplicate: float = 0.1  # subtracted from a passage overlapping a better one of its letter
    answer_type: float = 0.1  # added when a best-matching sentence holds what a factoid question asks for
    window: int = 3  # proximity: two terms within this many content words of each other


def sentence_score(text: str, terms: QueryTerms) -> float:
    """The best sentence's share of the query's term weight."""
    return max((terms.coverage(tokens) for tokens in passage_profile(text).sentence_tokens), default=0.0)


def answer_type_score(text: str, terms: QueryTerms, kind: str | None) -> float:
    """1.0 when a sentence of the passage with the best query-term coverage holds an instance of
    `kind`, the question's expected answer type (search.answer_type: a number for "how many", a
    name for "what is it called"), else 0.0 (and 0.0 for questions of no type). Only the best
    sentences are typed (~25 us each, once per sentence: typing every sentence of 40 new
    passages cost ~11 ms on a first pass)."""
    if kind is None:
        return 0.0
    coverages = [terms.coverage(tokens) for tokens in passage_profile(text).sentence_tokens]
    best = max(coverages, default=0.0)
    return float(best > 0 and any(kind in sentence_answer_types(sentence)
                                  for coverage, sentence in zip(coverages, passage_profile(text).sentences)
                                  if coverage >= best))


@dataclass(frozen=True)
class PassageProfile:
    """What the second stage needs of a passage that does not depend on the query.

    tokens: the passage's keyword tokens in order (== keyword_tokens(text)); sentence_tokens: the
    token set of each of its sentences (`sentences`); furniture: `title_block_share(text)`.
    """

    tokens: tuple[str, ...]
    sentence_tokens: tuple[frozenset[str], ...]
    furniture: float
    positions: dict[str, list[int]]  # token_positions(tokens), for proximity_score
    sentences: tuple[str, ...] = ()  # sentences(text), in the order of sentence_tokens


@lru_cache(maxsize=8192)
def passage_profile(text: str) -> PassageProfile:
    """The PassageProfile of `text`, computed once per process for each passage text (an index's
    passages never change, and the same passages come back across queries). The passage is
    tokenised once, sentence by sentence; sentences end only at white space or line breaks, so
    their tokens joined are the passage's tokens."""
    parts = tuple(sentences(text))
    per_sentence = [keyword_tokens(s) for s in parts]
    tokens = tuple(t for sentence in per_sentence for t in sentence)
    return PassageProfile(tokens, tuple(frozenset(sentence) for sentence in per_sentence),
                          title_block_share(text, parts), token_positions(tokens), parts)


def heading_named(heading: str, terms: QueryTerms) -> float:
    """1.0 when the question names the section the passage sits under: every content word of a
    heading of two or more content words is a query term ("What was the area for priority action
    ..." and "Areas for priority action"); else 0.0."""
    words = [t for t in heading_tokens(heading) if t not in GENERIC] if heading else []
    return float(len(words) >= 2 and all(t in terms.weights for t in words))


@lru_cache(maxsize=4096)
def heading_tokens(heading: str) -> frozenset[str]:
    """The keyword tokens of a section heading (cached: a letter's passages share a few headings)."""
    return frozenset(keyword_tokens(heading))


@lru_cache(maxsize=4096)
def heading_positions(heading: str) -> dict[str, list[int]]:
    """token_positions of a section heading's keyword tokens, for phrase_score (cached as
    heading_tokens; callers only read it)."""
    return token_positions(keyword_tokens(heading))


def proximity_score(tokens: Sequence[str] | dict[str, list[int]], terms: QueryTerms, window: int) -> float:
    """Weighted share of the query's adjacent content-term pairs found within `window` content
    words of each other in the passage (either order); 0 for a query with one content term.
    `tokens`: the passage's keyword tokens in order, or their `token_positions`."""
    content = terms.content()
    pairs = list(zip(content, content[1:]))
    if not pairs:
        return 0.0
    positions = tokens if isinstance(tokens, dict) else token_positions(tokens)
    total = found = 0.0
    for a, b in pairs:
        weight = min(terms.weights[a], terms.weights[b])
        total += weight
        pa, pb = positions.get(a), positions.get(b)
        if pa and pb and any(abs(i - j) <= window for i in pa for j in pb):
            found += weight
    return found / total if total else 0.0


def phrase_score(tokens: Sequence[str] | dict[str, list[int]], phrases: Sequence[tuple[str, ...]]) -> float:
    """1.0 when the text holds one of `phrases` (QueryTerms.phrases: the query's concepts as the
    letters word them, "agency staff", "short breaks") as consecutive keyword tokens, else 0.0.
    `tokens`: the text's keyword tokens in order, or their `token_positions`. Answers use it for
    sentences; as a passage feature it lost on two held-out sets (eval/BENCHMARKS.md)."""
    if not phrases:
        return 0.0
    positions = tokens if isinstance(tokens, dict) else token_positions(tokens)
    for phrase in phrases:
        starts = positions.get(phrase[0])
        rest = [set(positions.get(t, ())) for t in phrase[1:]]
        if starts and all(rest) and any(all(start + offset in found for offset, found in enumerate(rest, 1))
                                         for start in starts):
            return 1.0
    return 0.0


def token_positions(tokens: Sequence[str]) -> dict[str, list[int]]:
    """{token: its positions in `tokens`, ascending}."""
    positions: dict[str, list[int]] = {}
    for position, token in enumerate(tokens):
        found = positions.get(token)
        if found is None:  # (setdefault made an empty list for every token: ~20% slower)
            positions[token] = [position]
        else:
            found.append(position)
    return positions


def title_block_share(text: str, parts: Sequence[str] | None = None) -> float:
    """Share of the passage's characters that are furniture: lines of at most 80 characters that do
    not end a sentence (title, dates, inspectors, address, table rows, headings), and Ofsted's
    standard sentences (is_boilerplate). `parts`: sentences(text), when the caller has them."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    total = sum(len(line) for line in lines)
    if not total:
        return 0.0
    furniture = sum(len(line) for line in lines
                    if _FURNITURE_LINE.match(line) and not line.endswith(tuple(_SENTENCE_CLOSE)))
    # a standard sentence not already a furniture line
    furniture += sum(len(s) for s in (sentences(text) if parts is None else parts)
                     if is_boilerplate(s) and not (_FURNITURE_LINE.match(s.strip())
                                                   and not s.strip().endswith(tuple(_SENTENCE_CLOSE))))
    return min(furniture / total, 1.0)


# a title block's line of dates ("Inspection date: 11 April 2016 to 5 May 2016", "Report published: 27 June 2016"),
# and its inspectors' lines, which may follow them ("Lead inspectors: Rebecca Quested, ...")
_TITLE_DATES_LINE = re.compile(r"^[ \t]*(?:inspection dates?|report published|published|publication date)[ \t]*:[^\n]*"
                               r"(?:\n|$)", re.IGNORECASE | re.MULTILINE)
_TITLE_INSPECTORS = re.compile(r"(?:(?:deputy )?lead|team) inspectors?[ \t]*:", re.IGNORECASE)


def after_title_block(text: str, start: int, end: int) -> int:
    """Where the sentence text[start:end] starts once the title block glued before it is left out:
    after its last line of dates ("Inspection date: ...", "Report published: ..."), past white
    space; `end` when the span is all title block (a SIF report's title, whose first line is too
    long for title_block_share to count, then its dates; or dates, then the inspectors' lines);
    `start` when it holds no line of dates. An offset into `text`, start <= result <= end."""
    last = None
    for last in _TITLE_DATES_LINE.finditer(text, start, end):
        pass
    if last is None:
        return start
    after = last.end()
    while after < end and text[after].isspace():
        after += 1
    return end if _TITLE_INSPECTORS.match(text, after, end) else after


@lru_cache(maxsize=256)
def question_kind(query: str) -> tuple[bool, bool]:
    """(asks for a grade, asks for what a title block states) for `query`: GRADE_QUESTION, BLOCK_QUESTION."""
    return bool(GRADE_QUESTION.search(query)), bool(BLOCK_QUESTION.search(query))


@lru_cache(maxsize=8192)
def passage_furniture(text: str) -> float:
    """title_block_share(text), once per passage text (PassageProfile.furniture without the tokens)."""
    return title_block_share(text)


def features(query: str, text: str, heading: str, terms: QueryTerms, settings: RerankSettings,
             stored: tuple[float, float] | None = None) -> dict[str, float]:
    """The feature values of one passage for one query (each in [0, 1]). `stored`: its (sentence,
    proximity) as search/passage_terms.py computed them from the index's token ids, when it has them."""
    grade_question, block_question = question_kind(query)
    if stored is not None:
        sentence, proximity = stored
        furniture = 0.0 if grade_question or block_question else passage_furniture(text)
    else:
        profile = passage_profile(text)
        sentence = sentence_score(text, terms)
        proximity = proximity_score(profile.positions, terms, settings.window)
        furniture = profile.furniture
    return {
        "sentence": sentence,
        "proximity": proximity,
        "heading": terms.coverage(heading_tokens(heading)) if heading else 0.0,
        "heading_named": heading_named(heading, terms),
        "grade": float(grade_question and GRADE_STATED.search(text) is not None),
        "title_block": 0.0 if grade_question or block_question else furniture,
        "answer_type": answer_type_score(text, terms, expected_answer_type(query)),
    }


@dataclass(frozen=True)
class Candidate:
    """A first-stage candidate passage: `text == document body[start:end]`, `score` the fused score."""

    chunk_id: int
    score: float
    text: str
    heading: str
    doc_row: int
    start: int
    end: int


class Reranker(Protocol):
    """The pluggable second stage: new scores for the top candidates, in their order. A learned
    or cross-encoder reranker can replace FeatureReranker (none installs offline here)."""

    depth: int

    def rescore(self, query: str, candidates: Sequence[Candidate], terms: QueryTerms) -> list[float]:
        ...


@dataclass(frozen=True)
class FeatureReranker:
    """Fused score + weighted passage features (see the module docstring), near-duplicates demoted.
    `stored(chunk_ids, terms, window)`: the candidates' (sentence, proximity) arrays from the index's
    token ids (search/passage_terms.py; Index sets it for an index of format 5), else computed here."""

    settings: RerankSettings = RerankSettings()
    stored: Callable[[Sequence[int], QueryTerms, int], tuple[Sequence[float], Sequence[float]]] | None = None

    @property
    def depth(self) -> int:
        return self.settings.depth

    def rescore(self, query: str, candidates: Sequence[Candidate], terms: QueryTerms) -> list[float]:
        settings = self.settings
        scores = []
        pre = None if self.stored is None else self.stored([c.chunk_id for c in candidates], terms, settings.window)
        for position, c in enumerate(candidates):
            f = features(query, c.text, c.heading, terms, settings,
                         None if pre is None else (float(pre[0][position]), float(pre[1][position])))
            scores.append(c.score + settings.sentence * f["sentence"] + settings.proximity * f["proximity"]
                          + settings.heading * f["heading"] + settings.heading_named * f["heading_named"]
                          + settings.grade * f["grade"]
                          - settings.title_block * f["title_block"] + settings.answer_type * f["answer_type"])
        # near-duplicates: walking the new order, a passage overlapping a better one of its letter
        # by half of its length or more is demoted
        kept: list[Candidate] = []
        for position in sorted(range(len(candidates)), key=lambda p: (-scores[p], candidates[p].chunk_id)):
            c = candidates[position]
            if any(o.doc_row == c.doc_row and min(c.end, o.end) - max(c.start, o.start) >= 0.5 * (c.end - c.start)
                   for o in kept):
                scores[position] -= settings.duplicate
            kept.append(c)
        return scores


def apply_reranker(reranker: Reranker, query: str, scores: dict[int, float], terms: QueryTerms,
                   candidate: Callable[[int, float], Candidate]) -> dict[int, float]:
    """Scores with the top `reranker.depth` of `scores` ({chunk id: score}) re-scored; the re-scored
    set stays above every candidate that was not looked at (shifted up if needed), so a passage
    below the depth never overtakes one the second stage judged. `candidate(chunk_id, score)`
    builds a Candidate."""
    order = sorted(scores, key=lambda i: (-scores[i], i))
    top, rest = order[: reranker.depth], order[reranker.depth:]
    if not top:
        return dict(scores)
    new = reranker.rescore(query, [candidate(i, scores[i]) for i in top], terms)
    out = dict(scores)
    out.update(zip(top, new))
    if rest:
        gap = scores[rest[0]] - min(new)
        if gap >= 0:
            for i in top:
                out[i] += gap + 1e-6
    return out
