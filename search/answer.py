"""Extractive answers: pick 1-4 verbatim sentences from the top passages and cite each one.

Pure functions of the hits, the BM25 statistics (for term weights) and the query context.
"""
from __future__ import annotations

import re
from collections.abc import Collection, Mapping
import dataclasses
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from indexer.bm25 import BM25Index
from indexer.chunk import sentence_units, split_units
from indexer.keywords import keyword_tokens
from indexer.schema import NEWS_KIND
from search.abstain import AbstentionModel, abstention_model, evidence_features
from search.answer_type import DATE, NUMBER, expected_answer_type, sentence_answer_types
from search.glossary import concepts, expand_keyword_query, related_words, synonym_groups
from search.inspectors import (LEAD_ASKED, asks_names, inspector_spans, letter_of_month, letter_of_year, names_inspectors,
                               quoted_spans)
from search.last_inspection import StatedDates, asks_dates, asks_when_inspected, states_dates
from search.list_quotes import GENERIC_WORDS, carries_concept, topic_concepts
from search.named_things import named_phrases, names_held
from search.query import QueryContext
from search.rerank import (BLOCK_QUESTION, GRADE_QUESTION, GRADE_STATED, after_title_block, heading_named,
                           heading_positions, heading_tokens, is_boilerplate, phrase_score, title_block_share)
from search.terms import QueryTerms, query_terms
from search.types import Answer, AnswerSentence, Hit


@dataclass(frozen=True)
class AnswerSettings:
    """How answer sentences are chosen. Whether to answer at all is decided by the calibrated
    abstention model (search/abstain.py, fitted by `python -m eval.fit_abstention`)."""

    passages: int = 5  # how many top hits sentences are drawn from
    max_sentences: int = 4
    relative_cut: float = 0.75  # later sentences must score at least this share of the best
    redundancy: float = 0.5  # token Jaccard above which a sentence repeats one already chosen
    min_words: int = 4
    per_passage: int = 1  # sentences quoted from one passage: evidence from several passages
    lean_back_words: int = 12  # a sentence this short that opens with "This"/"It"/... is quoted with the one before
    coverage_weight: float = 0.5  # a sentence's score: this x its query-term coverage + the rest x its passage's score
    answer_type: float = 0.2  # added to a sentence holding what a factoid question asks for (a number, a date, ...)
    phrase: float = 0.1  # added to a sentence holding one of the query's synonym phrases in order ("agency workers")
    news_prior: float = 0.8  # a news article's passage score counts this share: a letter saying the same is quoted first
    # a sentence holding every name the question asks about ("Pillars of Parenting") is quoted under the
    # model's threshold down to this confidence, when it holds this share of the question's other words
    named_floor: float = 0.3
    named_rest: float = 0.25


NO_ANSWER = "The letters do not answer this question. The closest passages are shown below."
# a sentence saying which inspectorates inspected ("carried out by inspectors from Ofsted, the CQC and ...")
INSPECTED_BY = re.compile(r"\b(?:carried out|undertaken|conducted|completed|led)\s+(?:jointly\s+)?by\b|"
                          r"\binspectors\s+(?:from|of)\s+(?:Ofsted|the\s+Care\s+Quality|CQC|HMI|His|Her)", re.IGNORECASE)


def _candidates(query: str, hits: list[Hit], settings: AnswerSettings, grade_found: bool = False, units=None,
                document=None):
    """(hit, start, end, text, scope, lead_in, back) of every sentence of the top passages that may be quoted: not a
    heading, not too short, not a title-block line (dates, inspectors, address) unless the question
    asks for what such a line states (a grade the letter's judgement table gave, when
    `grade_found` is False, or who inspected and when). `scope`: the heading the sentence sits
    under (the passage's section heading, or a heading line inside it), or for a list item the
    line ending in a colon that introduces the list ("What needs to improve:"); `lead_in`: that line
    for a list item under one, else "". `back`: for a sentence whose subject is what the sentence
    before it names ("Although it has ...": _REFERS_BACK), where that sentence starts in the passage,
    else None (compose_answer quotes the two together when the sentence alone holds none of the
    question's words). `units(hit)`: the
    sentence units of the hit's passage (Index.passage_units, stored at build time), default
    sentence_units(hit.text). For a question asking who inspected, the spans naming the inspectors
    (search/inspectors.quoted_spans) stand for the sentences that hold them. A sentence that points
    back ("This is 24% of ...", "Despite this, ...": leans_back) is quoted with the sentence before;
    when that sentence lies before the passage, `document(doc_id)` (the document's text) gives it,
    and `start` is then negative (the span stays exact: hit.start + start in the document)."""
    # (not what the inspectors said: "What did the lead inspector say about caseloads?" quoted the
    # title blocks' "Lead inspector: ..." lines)
    block_ok = bool((GRADE_QUESTION.search(query) and not grade_found) or BLOCK_QUESTION.search(query)) and asks_names(query)
    who_inspected, lead = _asks_who_inspected(query), LEAD_ASKED.search(query) is not None
    dates_asked = asks_dates(query)  # a letter's dates sentence answers "when", not "what did the Wirral JTAI find?"
    for hit in hits[: settings.passages]:
        # who inspected: the line or sentence naming them, not the title block it is glued into
        # (search/inspectors.py); the lead inspector's line alone when the lead is asked for
        named = inspector_spans(hit.text) if who_inspected else []
        for naming in quoted_spans(hit.text, named, lead):
            yield hit, naming.start, naming.end, hit.text[naming.start:naming.end], hit.heading, "", None
        previous, opening = None, True  # the span of the sentence before, when it is quotable
        section, lead_in = hit.heading, ""  # the heading the sentence sits under; a "...:" line before list items
        for unit in (units(hit) if units is not None else sentence_units(hit.text)):
            start, end = quotable_span(hit.text, unit.start, unit.end)
            if not (block_ok or dates_asked):  # nor the title block's lines glued before it ("Report published: ...")
                start = after_title_block(hit.text, start, end)
            text = hit.text[start:end]
            span, previous = previous, (None if unit.heading else (start, end))
            first, opening = opening, False  # the passage's first unit: the sentence before is not in it
            raw = hit.text[unit.start:unit.end].strip()
            # (a line naming who inspected is a statement, though a PDF may set it as a line of its
            # own with no full stop, which the splitter takes for a heading)
            if unit.heading and not (block_ok and names_inspectors(raw)):
                section, lead_in = raw, ""
                continue
            item = _LEAD_MARK.match(raw) is not None
            if not item:
                lead_in = raw if raw.endswith(":") else ""
            scope = lead_in if item and lead_in else section
            if any(unit.start < naming.end and naming.start < unit.end for naming in named):
                continue  # quoted above as the span naming the inspectors (or left out: a team line)
            if len(text.split()) < settings.min_words:
                continue
            back = None  # where the sentence before starts, for a sentence whose subject it names
            if span and leans_back(text, settings) and not hit.text[span[1]:start].strip():
                start, text = span[0], hit.text[span[0]:end]  # "This is 24% of ...": quote what "this" is
            elif span and _REFERS_BACK.match(text) and not hit.text[span[1]:start].strip():
                back = span[0]
            elif (first and document is not None and leans_back(text, settings) and not hit.text[:start].strip()
                    and (before := sentence_before(document(hit.doc_id), hit.start + start)) is not None):
                start = before - hit.start  # ... and when that sentence ends the passage before, from the document
                text = document(hit.doc_id)[before: hit.start + end]
            if (is_boilerplate(text) or _LEGAL_BASIS.search(text)
                    or (not block_ok and title_block_share(unwrapped(text)) > 0.5)):
                continue
            if hit.title and _plain(text) == _plain(hit.title):
                continue  # the document's title (a news article's headline), not a sentence of it
            if not dates_asked and states_dates(text):
                continue
            yield hit, start, end, text, scope, (" ".join(lead_in.split()) if item else ""), back


# a question that asks who inspected: a sentence naming the inspectors states its answer
_WHO_INSPECTED = re.compile(r"\b(?:who (?:were|was|are|is) the (?:lead )?(?:inspectors?|HMIs?)|"
                            r"which (?:inspectors|HMIs)|lead (?:inspectors?|HMIs?))\b", re.IGNORECASE)


def _asks_who_inspected(query: str) -> bool:
    """A question asking who the (lead) inspectors were, not what they said (search/inspectors.asks_names)."""
    return _WHO_INSPECTED.search(query) is not None and asks_names(query)


# the law an inspection was carried out under (SIF reports: "The inspection of the local authority
# was carried out under section 136 of the Education and Inspections Act 2006", in 160 of them):
# never what a question asks, though "acted" folds to its "Act". Not passage boilerplate: a
# passage holding it is not demoted (tried: grades nDCG fell, eval/BENCHMARKS.md)
_LEGAL_BASIS = re.compile(r"\bcarried out under (?:section|the Local Safeguarding Children Boards \(Review\))"
                          r"|\bunder its power to combine reports", re.IGNORECASE)


def _plain(text: str) -> str:
    """`text` in lower case, white space collapsed, curly quotes straight: for comparing a line with a title."""
    return " ".join(text.translate(_QUOTES).lower().split())


_QUOTES = str.maketrans("‘’“”", "''\"\"")
# words no heading ends on: a line ending in one was wrapped mid-sentence ("the Mind of\nMy Own App")
_NO_HEADING_ENDS = frozenset("a an and as at by for from in into of on or the to with".split())
def unwrapped(text: str) -> str:
    """`text` with the line breaks that wrap a sentence joined: after a word no heading or title
    line ends on ("... a regional adoption agency, Adoption in\nMerseyside (AiM).") or before a
    word in lower case. A sentence wrapped so is not a run of short title-block lines."""
    lines = text.split("\n")
    out = [lines[0]]
    for line in lines[1:]:
        words = out[-1].split()
        if words and line[:1].strip() and (words[-1].lower() in _NO_HEADING_ENDS or line[:1].islower()):
            out[-1] = out[-1] + " " + line
        else:
            out.append(line)
    return "\n".join(out)


# a short sentence that points back at the one before ("This is 24% of the total population.")
_LEANS_BACK = re.compile(r"(?:This|These|That|Those|It|They|Such|Both|He|She)\b(?! (?:letter|report|visit|inspection)\b)")
# or that opens on what the one before said ("Despite this, the service is heavily reliant on agency
# staff.", "However, this has not ...", "As a result of these changes, ...")
_POINTS_BACK = re.compile(r"(?:(?:Despite|Because of|As a result of|In spite of|Alongside|In addition to|Further to|"
                          r"Building on|Following|On the basis of) (?:this|these|that|those)|"
                          r"(?:However|Nevertheless|Nonetheless|Consequently|As a result|Therefore|Additionally|"
                          r"In addition|Furthermore|Moreover|Even so|Instead),? (?:this|these|that|it|they))\b"
                          r"(?! (?:letter|report|visit|inspection)\b)")
# a sentence whose subject is what the sentence before names: "Although it has only been in operation
# since August 2019, ...", "They are ...", "This has ..." (a pronoun, not "This lack of knowledge ...")
_REFERS_BACK = re.compile(r"(?:(?:Although|Though|While|Whilst|However|But|Yet|Since|Because|As a result|Despite this),? )?"
                          r"(?:it|they|(?:this|these) (?:is|are|was|were|has|have|had|will|can|means|ensures|enables|"
                          r"helps|includes|leads))\b", re.IGNORECASE)


def leans_back(text: str, settings: "AnswerSettings") -> bool:
    """Whether sentence `text` cannot be read without the one before: a short one (at most
    settings.lean_back_words words) opening with a pointing word ("This is 24% of the total
    population.") or on what the one before said ("Despite this, the service is heavily reliant on
    agency staff."). A longer one says enough on its own (quoting the sentence before it too lost
    answer F1 on own, extra and factoid questions)."""
    return len(text.split()) <= settings.lean_back_words and bool(_LEANS_BACK.match(text) or _POINTS_BACK.match(text))


def sentence_before(document: str, at: int, reach: int = 3000) -> int | None:
    """The start of the document's sentence that ends right before `at` (a sentence's start),
    with nothing but white space between them: for quoting a passage's first sentence with the one
    before when it points back. None when a heading, a list mark or a paragraph number comes
    between, or none is within `reach` characters (the document's start). Units as the chunker
    splits them (indexer.chunk.split_units of the text before `at`)."""
    units = split_units(document, lambda _: 0, max(0, at - reach), at)
    if not units or units[-1].heading or (units[-1].start <= max(0, at - reach) and at > reach):
        return None  # (a unit at the window's start may be cut short)
    start, end = quotable_span(document, units[-1].start, units[-1].end)
    if document[end:at].strip() or len(document[start:end].split()) < 2:
        return None
    return start


_LEAD_MARK = re.compile(r"[\s\ue000-\uf8ff•◼▪●■–*-]+")
# a paragraph's number where a sentence starts ("120. Management oversight", "1.3 The", "(a) The") or
# one glued after its end (a passage cut after the next paragraph's number: "chronologies.\n120.")
_LEAD_NUMBER = re.compile(r"(?:\d{1,3}(?:\.\d{1,2})*[.)]|\d{1,3}(?:\.\d{1,2})+|\((?:[a-z]{1,2}|[ivx]{1,5}|\d{1,3})\))"
                          r"\s+(?=[A-Z0-9‘“\"'(\ue000-\uf8ff•◼▪●■–*-])")  # "52. 307 families ..." too
_TRAIL_NUMBER = re.compile(r"(?<=[.!?:;)”\"’'])\s+(?:\d{1,3}(?:\.\d{1,2})*\.?|\((?:[a-z]{1,2}|[ivx]{1,5}|\d{1,3})\))$")


def quotable_span(text: str, start: int, end: int) -> tuple[int, int]:
    """text[start:end] without the heading or title lines glued before its sentence (short lines
    that end no sentence: "Overview", "Headline findings") and without a leading bullet mark
    (Wingdings private-use characters included), and without a paragraph number at its start
    ("12. ", "1.3 ", "(a) ") or glued after its end (". 120."), so a quote starts and ends where
    the sentence does. Offsets stay exact: the result is a sub-span of the input."""
    while True:
        newline = text.find("\n", start, end)
        if newline < 0:
            break
        line, after = text[start:newline].strip(), text[newline + 1:end].lstrip()
        # a heading: a few words, no closing punctuation, and what follows starts anew (a capital
        # or a bullet); a line the writer wrapped mid-sentence goes on in lower case or is longer
        if not line or (len(line.split()) <= 6 and not line.endswith(tuple(".!?;,:”\"’')"))
                        and line.split()[-1].lower() not in _NO_HEADING_ENDS
                        and after[:1] and not after[:1].islower()):
            start = newline + 1
            continue
        break
    mark = _LEAD_MARK.match(text, start, end)
    if mark:
        start = mark.end()
    number = _LEAD_NUMBER.match(text, start, end)
    if number:  # "12. The ...": the paragraph's number is not part of its first sentence
        start = number.end()
        mark = _LEAD_MARK.match(text, start, end)
        start = mark.end() if mark else start
    trail = _TRAIL_NUMBER.search(text, start, end)
    if trail:  # "... chronologies.\n120.": the next paragraph's number glued to the sentence's end
        end = trail.start()
    return start, max(start, end)


def compose_answer(query: str, hits: list[Hit], bm25: BM25Index, ctx: QueryContext,
                   settings: AnswerSettings = AnswerSettings(), top_dense: float | None = None,
                   stated=None, terms: QueryTerms | None = None, mismatch: float = 0.0,
                   topic: float = 0.0, units=None, named_docs: Collection[str] | None = None,
                   sources: Collection[str] = (), model: AbstentionModel | None = None,
                   inspected: Mapping[str, str] | None = None, document=None) -> Answer:
    """Choose the answer sentences; abstain when the evidence is weak.

    `confidence` is the calibrated probability that the answer is supported (search/abstain.py);
    `ask` abstains below the model's threshold, or when no sentence qualifies. `mismatch` is
    search.abstain.context_mismatch for the query (the council it names has no letter of the
    year or kind it names).

    `top_dense` is the cosine similarity of the top hit, for hits that carry none (keyword mode).
    `stated` (an indexer.judgements.AreaJudgement: doc_id, start, end) is a grade the question asks
    for: when a hit holds its span, that table entry or sentence is quoted first, verbatim.
    `terms` are the query's weighted terms when the search already computed them. `topic` is
    search.abstain.topic_cosine of the query and the top passages (Index.topic_similarity).
    `units(hit)`: the sentence units of a hit's passage as the index stored them (Index.passage_units;
    the same as indexer.chunk.sentence_units(hit.text), without splitting again). `named_docs`: the
    documents of the councils the question names (Index.documents_of); when given, only their
    sentences are quoted ("the front door in Bristol" is never answered from Haringey's letter).
    `sources`: the news articles of an outlet the question names ("According to CYP Now, ...";
    Index.outlet_docs): when the hits hold one, only they are quoted, at their full score.
    `model`: the abstention model (default the shipped one, search/data/abstention.json); another
    threshold is another operating point of the same model. `inspected`: doc_id -> the first day of
    the inspection its letter states (ISO, DocumentInfo.inspection_start), for a question asking who
    inspected in a year (search.inspectors.letter_of_year); without it a letter's date alone decides.
    `document(doc_id)`: the document's text (Index.document), for quoting a passage's first sentence
    that points back ("Despite this, ...") with the sentence before it, which the passage does not
    hold: the quote then starts before its passage. A list item's lead-in line ("What needs to
    improve:") is AnswerSentence.lead_in, shown as a label outside the quote."""
    if not hits:
        return Answer(query, False, (), (), 0.0, NO_ANSWER)
    terms = terms or query_terms(query, bm25, ctx)
    weights = terms.weights
    # what the question asks about: its content words and their one-word synonyms (or a synonym
    # phrase whole: phrase_score), not the council it names; a concept it names in several words
    # ("female genital mutilation", "agency social workers") is carried only by a phrase of it whole
    concept_words, concept_phrases = concepts(query)
    content = (set(terms.content()) - terms.places - concept_words) | (set(terms.related) & related_words(query))
    # nor by its head noun alone when its modifier is specific: "workers" does not carry "agency social
    # workers" ("social workers who are permanently employed", "partner agencies ... social workers"
    # were quoted for it), while "changes of social worker" still carries "changes of social worker"
    specific = topic_concepts(query, GENERIC_WORDS)
    content -= {concept.own[-1] for concept in specific}
    asks_about = bool(content or concept_words & set(terms.content()))
    grade_question = bool(GRADE_QUESTION.search(query))
    who_inspected = _asks_who_inspected(query)
    if not asks_names(query):  # what the (lead) inspectors said: the words naming them are not its topic
        content -= set(keyword_tokens("lead inspector inspectors HMI HMIs"))
    kind = expected_answer_type(query)
    top_score = hits[0].score or 1.0
    scored = []
    # another council's letter does not answer a question about this one: the top passages of the
    # councils it names are quoted from
    pool = hits if named_docs is None else [hit for hit in hits if hit.doc_id in named_docs]
    # and of the kind of visit it names ("the Cumbria monitoring visit"), when the hits hold one
    if ctx.kinds:
        pool = [hit for hit in pool if hit.kind in ctx.kinds] or pool
    if sources:  # and of the outlet it names ("According to CYP Now")
        pool = [hit for hit in pool if hit.doc_id in sources] or pool
    if who_inspected and ctx.years:  # "the lead inspector for Tameside in 2016": that year's letter (or one early next year)
        pool = [hit for hit in pool if letter_of_year(hit.date, (inspected or {}).get(hit.doc_id, ""), ctx.years)] or pool
    if who_inspected and ctx.months:  # "... monitoring visit in June 2022": that visit's letter, not the October one's
        pool = [hit for hit in pool if letter_of_month(hit.date, (inspected or {}).get(hit.doc_id, ""), ctx.months)] or pool
    grade = _grade_sentence(hits, stated)
    # the grade asked for is quoted from its report's judgement table: the sentences after it come
    # from that report, not another inspection's grade or a press report of one
    quoted = pool if grade is None else [hit for hit in pool if hit.doc_id == grade.doc_id]
    if grade_question:  # the words asking for a grade and their synonyms say what kind of answer, not its topic
        content -= _grade_words(query)
    if grade is not None and (not content or asks_when_inspected(query)):
        quoted = []  # "How was Tameside graded in 2016?": the grade alone ("graded care profile" is no answer)
    if specific and len(quoted) > settings.passages and kind is None:
        # a concept named with a specific modifier ("agency social workers") that at most one of the top
        # passages holds as the letters word it: the lower passages holding it are read too ("heavily
        # reliant on agency staff" at rank 9, "41 per cent of staff are still agency workers" at 7)
        carried = [carries_concept(keyword_tokens(hit.text), specific) for hit in quoted]
        if sum(carried[: settings.passages]) < 2:
            quoted = [*quoted[: settings.passages],
                      *(hit for hit, held in zip(quoted[settings.passages:], carried[settings.passages:]) if held)]
            settings = dataclasses.replace(settings, passages=len(quoted))
    def carries(ordered, tokens, phrase) -> bool:
        """Whether a sentence (its keyword tokens in order, as a set, its phrase_score) carries a
        content word of the question, a synonym phrase of it, or a concept it names in several words."""
        return bool(tokens & content or phrase or phrase_score(ordered, concept_phrases))

    for hit, start, end, text, scope, lead_in, back in _candidates(query, quoted, settings, grade is not None, units,
                                                                   document):
        if ctx.years and hit.date[:4].isdigit() and int(hit.date[:4]) < min(ctx.years):
            continue  # a letter written before the year the question asks about cannot answer it
        ordered = keyword_tokens(text)
        own = set(ordered)
        under_named = bool(scope) and heading_named(scope, terms)
        tokens = own | heading_tokens(scope) if under_named else own
        # (an item under "Areas for priority action" is an area for priority action, and one under "What
        # needs to improve" a thing that needs to improve, whatever words of the question it holds)
        phrase = phrase_score(ordered, terms.phrases)
        if asks_about and not under_named and not carries(ordered, tokens, phrase):
            if back is None:
                continue  # every quoted sentence carries a content word of the question or its synonym
            # its subject ("Although it has only been in operation since August 2019, ...") is what the
            # sentence before names ("... based in the MASH 'early help hub' ..."): quoted together, the
            # two carry the question's words
            start, text = back, hit.text[back:end]
            ordered = keyword_tokens(text)
            own = tokens = set(ordered)
            phrase = phrase_score(ordered, terms.phrases)
            if not carries(ordered, tokens, phrase):
                continue
        coverage = terms.coverage(frozenset(tokens))
        news = hit.kind == NEWS_KIND and hit.doc_id not in sources
        prior = max(hit.score, 0.0) / top_score * (settings.news_prior if news else 1.0)
        states_answer = grade_question and grade is None and GRADE_STATED.search(text) is not None  # the grade asked for
        states_answer |= who_inspected and names_inspectors(text)  # likewise who inspected
        typed = kind is not None and kind in sentence_answer_types(text)
        # a phrase of the question held by the sentence or by the heading it sits under ("only around half
        # of all young people aged 19-21 are in EET", under "The experiences and progress of children in
        # care and care leavers", is about care leavers as much as a sentence naming them)
        if scope and not phrase:
            phrase = phrase_score(heading_positions(scope), terms.phrases)
        score = (settings.coverage_weight * coverage + (1 - settings.coverage_weight) * prior
                 + 0.3 * states_answer + settings.answer_type * typed + settings.phrase * phrase)
        scored.append((score, coverage, hit, start, end, text, own, typed, lead_in))
    scored.sort(key=lambda row: -row[0])
    if who_inspected and asks_names(query) and any(names_inspectors(row[5]) for row in scored):
        scored = [row for row in scored if names_inspectors(row[5])]  # the inspectors named, not the letter's findings
    elif who_inspected and asks_names(query) and any(INSPECTED_BY.search(row[5]) for row in scored):
        # a joint inspection's letter names the inspectorates, not the inspectors: "It was carried out by
        # inspectors from Ofsted, the Care Quality Commission (CQC) and ...", not "... when inspectors were on site"
        scored = [row for row in scored if INSPECTED_BY.search(row[5])]
    chosen: list[tuple] = []
    for row in scored:
        if len(chosen) == settings.max_sentences:
            break
        if chosen and row[0] < settings.relative_cut * chosen[0][0]:
            break
        if chosen and kind in (NUMBER, DATE) and chosen[0][7] and not row[7]:
            continue  # a number or date asked for and quoted: later sentences state one too ("up to two weeks")
        if _repeats(row, chosen, settings):
            continue
        if sum(other[2].rank == row[2].rank for other in chosen) >= settings.per_passage:
            continue
        chosen.append(row)
    # the evidence is the named councils' passages: other councils' passages on the topic say
    # nothing of whether this council's letters answer
    evidence = pool if named_docs is not None and pool else hits
    features = evidence_features(query, evidence, bm25, weights, chosen[0][1] if chosen else 0.0, top_dense,
                                 mismatch, grade is not None, topic)
    model = model or abstention_model()
    confidence = model.probability(features)
    signals = {name: round(value, 4) for name, value in features.items()}
    signals["score"] = round(model.score(features), 4)
    if grade is None and who_inspected and chosen and model.abstains(confidence):
        # likewise the inspectors a letter names ("Lead inspector: Sarah Canto") answer "who were
        # the inspectors" (a PDF index of a few letters declined it at 0.26); nothing else is quoted
        chosen = [row for row in chosen if names_inspectors(row[5])]
        if chosen:
            return Answer(query, True, tuple(_quoted(row) for row in chosen), tuple(hits), round(confidence, 4),
                          signals={**signals, "quoted_by": "inspectors"})  # (the rule, for the confidence line)
    named = (named_phrases(query, ctx) if grade is None and kind is None and model.abstains(confidence)
             and confidence >= settings.named_floor else ())
    if named:
        # a sentence naming the programme, model or partner the question names ("the Pillars of
        # Parenting model"): the encoder knows few such names, so its passage's cosine says little
        # (Hampshire 2014's: 0.17). Every name asked about, and a share of the question's other words
        rest = _rest_weights(weights, named, terms)
        held: list[tuple] = []
        for row in scored:
            if (len(held) < settings.max_sentences and names_held(row[5], named)
                    and _share_held(row[6], rest) >= settings.named_rest and not _repeats(row, held, settings)):
                held.append(row)  # (a summary's sentence that the report's body repeats is quoted once)
        if held:
            return Answer(query, True, tuple(_quoted(row) for row in held), tuple(hits), round(confidence, 4),
                          signals={**signals, "quoted_by": "named"})
    if grade is None and (not chosen or model.abstains(confidence)):
        return Answer(query, False, (), tuple(hits), round(confidence, 4), NO_ANSWER, signals=signals)
    if grade is not None and model.abstains(confidence):
        # the grade asked for as the report's judgement table states it answers the question
        # ("How was North East Lincolnshire graded?": little but the council's name to match, so
        # the evidence model declined); nothing else is quoted on such evidence
        rule = "dates" if isinstance(stated, StatedDates) else "grade"  # ("When was Sandwell last inspected?")
        return Answer(query, True, (grade,), tuple(hits), round(confidence, 4), signals={**signals, "quoted_by": rule})
    sentences = tuple(_quoted(row) for row in chosen)
    if grade is not None:
        others = tuple(s for s in sentences if s.end <= grade.start or s.start >= grade.end or s.doc_id != grade.doc_id)
        return Answer(query, True, (grade, *others[: settings.max_sentences - 1]), tuple(hits),
                      round(confidence, 4), signals=signals)
    return Answer(query, True, sentences, tuple(hits), round(confidence, 4), signals=signals)


def _rest_weights(weights: Mapping[str, float], named: tuple[str, ...], terms: QueryTerms) -> dict[str, float]:
    """The query's term weights outside the names it asks about (named_phrases), the places it
    names and generic words: what else a sentence holding the names should hold."""
    name_tokens = set(keyword_tokens(" ".join(named)))
    return {t: w for t, w in weights.items() if t not in name_tokens and t not in terms.places and t not in terms.generic}


def _share_held(tokens: set[str], weights: Mapping[str, float]) -> float:
    """Share of `weights` (term -> weight) whose terms `tokens` (a sentence's keyword tokens) holds;
    1.0 when there are no weights."""
    total = sum(weights.values())
    return sum(w for t, w in weights.items() if t in tokens) / total if total else 1.0


def _repeats(row: tuple, chosen: list[tuple], settings: AnswerSettings) -> bool:
    """Whether a candidate row repeats one already chosen: token Jaccard over settings.redundancy."""
    return any(_jaccard(row[6], other[6]) > settings.redundancy for other in chosen)


def _quoted(row: tuple) -> AnswerSentence:
    """The AnswerSentence of a chosen row (score, coverage, hit, start, end, text, tokens, typed,
    lead_in): its span made absolute in the hit's document."""
    score, _, hit, start, end, text, _, _, lead_in = row
    return AnswerSentence(text=text, citation=hit.rank, doc_id=hit.doc_id, start=hit.start + start,
                          end=hit.start + end, score=round(score, 4), lead_in=lead_in)


def _grade_words(query: str) -> set[str]:
    """Keyword tokens of the words asking for a grade ("graded", "rated", "judgement"; GRADE_QUESTION)
    and of their synonyms (the synonym group of "judgement", search/data/synonyms.json)."""
    asked = " ".join(found.group(0) for found in GRADE_QUESTION.finditer(query))
    group = next((g for g in synonym_groups() if "judgement" in g), ())
    return set(keyword_tokens(" ".join((asked, *group))))


def _grade_sentence(hits: list[Hit], stated) -> AnswerSentence | None:
    """The stated grade's span quoted from the hit that holds it (None if no hit does)."""
    if stated is None:
        return None
    for hit in hits:
        if hit.doc_id == stated.doc_id and hit.start <= stated.start and stated.end <= hit.end:
            text = hit.text[stated.start - hit.start: stated.end - hit.start]
            return AnswerSentence(text=text, citation=hit.rank, doc_id=hit.doc_id, start=stated.start,
                                  end=stated.end, score=1.0)
    return None


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 1.0


@lru_cache(maxsize=1)
def highlight_stopwords() -> frozenset[str]:
    """Keyword terms never marked as matches (question words, reporting verbs, 'inspectors', ...),
    from search/data/highlight_stopwords.txt."""
    text = resources.files("search").joinpath("data", "highlight_stopwords.txt").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    return frozenset(keyword_tokens(" ".join(lines)))


def highlight_spans(text: str, query: str) -> list[tuple[int, int]]:
    """Character spans of the words in `text` that match the query's content words (keyword
    terms, acronyms expanded), not its framing words (highlight_stopwords)."""
    terms = set(expand_keyword_query(query)) - highlight_stopwords()
    spans = []
    for match in re.finditer(r"[A-Za-z0-9’']+", text):
        tokens = keyword_tokens(match.group(0))
        if tokens and all(t in terms for t in tokens):
            spans.append((match.start(), match.end()))
    return spans
