"""Answering a question over an open index (Index.ask): the rules that decline at once (no words,
no letters for the council named, a council referred to but not named), list, overview and
improvement questions, and the two-pass answer of a topic question about a council (whether to
answer judged on the search that counts the council's name like any other word; what to quote
from the topic-weighted one).
"""
from __future__ import annotations

import dataclasses
import re
import time
from typing import TYPE_CHECKING

from indexer.keywords import keyword_tokens
from search.filters import Filters
from search.inspectors import inspector_question
from search.query import clean_query
from search.reorganisations import with_reorganisation_note
from search.types import Answer, Hit

if TYPE_CHECKING:
    from search.index import Index, Searched

NO_WORDS = "The question has no words to look for in the letters: ask about a topic, a council or a grade."
NO_COUNCIL = ("The question refers to a council (\"{word}\") without naming it: each question is answered on "
              "its own, so ask it again with the council's name in it.")
# a follow-on question pointing at a council asked about before ("and what about care leavers there?")
# (not "there" of "were there?", "is there?": "What concerns about agency staff were there?" names no place)
UNNAMED_COUNCIL = re.compile(r"(?<!\bis )(?<!\bare )(?<!\bwas )(?<!\bwere )(?<!\bbe )(?<!\bbeen )"
                             r"\b(?P<word>there)\s*(?:in \d{4}\s*)?[?.!]?\s*$|"
                             r"\b(?P<named>(?:that|this|the same) (?:council|local authority|authority|borough|county))\b",
                             re.IGNORECASE)
TOPIC_PASSAGES = 5  # the top hits whose closeness to the question's topic the abstention model weighs
# an answer is composed, and its confidence judged, from at least this many passages whatever the
# number of passages shown: "How was Merton graded?" was declined at 0.13 with -k 1, answered at
# 0.87 with -k 5, 10 or 20 (the app's "Passages to show" slider changed the answer)
ANSWER_DEPTH = 10


def shown(answer: Answer, k: int) -> Answer:
    """`answer` with the first `k` of its passages, and any further ones up to the last it cites
    (citations are 1-based positions in Answer.hits)."""
    last = max((s.citation for s in answer.sentences), default=0)
    return dataclasses.replace(answer, hits=answer.hits[: max(k, last)])


def judged_answer(judged: Answer, quoted: Answer | None, hits: list[Hit], model) -> Answer:
    """The answer to a topic-weighted question (Index.ask): `judged` is composed from the search that
    counts the council's name like any other word, on which the abstention `model` was fitted;
    `quoted` from the topic-ranked `hits` at any confidence (None when `judged` falls below the
    threshold). Below the threshold: declined, showing `hits`. Otherwise `quoted`'s sentences with
    `judged`'s confidence and signals, or declined when no topic-ranked sentence qualifies: whether
    `judged`'s own passages held a sentence does not matter ("agency social workers in Tameside"
    since 2021: the name-counting search's passages held no sentence about agency staff, the
    topic-ranked ones two)."""
    if quoted is None or (judged.confidence is not None and model.abstains(judged.confidence)):
        return dataclasses.replace(judged, hits=tuple(hits))  # (declined, with its message)
    return dataclasses.replace(quoted, confidence=judged.confidence, signals=judged.signals)


def compose(index: "Index", query: str, found: "Searched", filters: Filters, model=None) -> Answer:
    """compose_answer for the hits of one search (Index.compose): the evidence features' inputs (the
    named councils' passages, the topic cosine, the context mismatch) computed from them. `model`:
    another operating point of the abstention model (default the shipped one)."""
    from search.abstain import context_mismatch
    from search.answer import compose_answer

    hits = found.hits
    named = index.documents_of(found.ctx.authorities) if found.ctx.authorities else None
    # the evidence for a question naming councils is their passages among the hits (compose_answer)
    evidence = [hit for hit in hits if named is None or hit.doc_id in named] or hits
    top_dense = None
    if evidence and evidence[0].dense_score is None:  # keyword mode: the confidence still needs it
        top_dense = index.cosines(query, [evidence[0].chunk_id])[evidence[0].chunk_id]
    mismatch = context_mismatch(found.ctx, index.letters_of(found.ctx.authorities, filters))
    topic = index.topic_similarity(query, found.ctx, evidence[:TOPIC_PASSAGES])
    return compose_answer(query, hits, index.bm25, found.ctx, top_dense=top_dense, stated=found.stated,
                          terms=found.terms, mismatch=mismatch, topic=topic, units=index.passage_units,
                          named_docs=named, sources=index.outlet_docs(query), model=model,
                          document=lambda doc_id: index.document(doc_id).text,
                          inspected={hit.doc_id: index.documents[index.doc_row[hit.doc_id]].inspection_start
                                     for hit in hits})


def ask(index: "Index", query: str, k: int, filters: Filters | None, mode: str) -> Answer:
    """Index.ask: the answer to `query` from the best passages found in `mode` under `filters`
    (at least ANSWER_DEPTH of them, whatever `k`), showing the first `k` (and any cited beyond)."""
    shown_k, k = k, max(k, ANSWER_DEPTH)
    from search.abstain import abstention_model
    from search.answer import NO_ANSWER
    from search.answer_check import checked_answer
    from search.list_answer import answer_list, is_list_question
    from search.overview import overview_answer
    from search.places import no_letters_message, without_letters

    filters = filters or Filters()
    query = clean_query(query)
    if not any(any(ch.isalpha() for ch in token) for token in keyword_tokens(query)):
        return Answer(query, False, (), (), 0.0, NO_WORDS)  # "🙂🙂🙂", "1234", "the of and", "?"
    missing, present = without_letters(query, index.has_letters, index.own_councils)
    if missing and not present and not filters.authority:  # not another council's passages
        return Answer(query, False, (), (), 0.0, no_letters_message(missing))
    if is_list_question(query):
        return answer_list(index, query, filters, mode)
    overview = overview_answer(index, query, filters, k, mode)  # "What did the Wirral JTAI find?": its headline findings
    if overview is not None:
        return shown(overview, shown_k)
    from search.improvements import improvements_answer

    improvements = improvements_answer(index, query, filters, k, mode)  # "What needs to improve in Haringey?": its list
    if improvements is not None:
        return shown(improvements, shown_k)
    from search.directors import directors_answer

    director = directors_answer(index, query, filters, k, mode)  # "Who is the DCS in Merton?": a letter's addressee
    if director is not None:
        return shown(director, shown_k)
    started = time.perf_counter()
    asked, query = query, inspector_question(query)  # in the words the letters answer it in (search/inspectors.py)
    found = index.searched(query, k, mode, filters)
    hits = found.hits
    unnamed = None if found.ctx.authorities or filters.authority else UNNAMED_COUNCIL.search(query)
    if unnamed:  # the closest passages are of any council: none is quoted
        word = unnamed.group("word") or unnamed.group("named")
        return Answer(asked, False, (), tuple(hits[:shown_k]), None, NO_COUNCIL.format(word=word))  # declined by rule
    if not found.topic_weighted:
        answer = compose(index, query, found, filters)
    else:
        # the passages quoted are the topic-weighted ones; whether to answer at all is judged,
        # as the abstention model was fitted, on the search that counts the council's name like
        # any other word (without it, "Who won the football in Leeds last weekend?" finds Leeds
        # passages that happen to say "won" and looks answerable)
        anchored = index.searched(query, k, mode, filters, dataclasses.replace(index.fusion, context_weight=1.0))
        judged = compose(index, query, anchored, filters)
        model = abstention_model()
        quoted = None
        if judged.confidence is None or not model.abstains(judged.confidence):
            quoted = compose(index, query, found, filters, dataclasses.replace(model, threshold=0.0))
        answer = judged_answer(judged, quoted, found.hits, model)
    if found.topic_weighted:  # a topic question about one council: its latest letter's view too
        from search.latest_letter import with_latest_letter

        answer = with_latest_letter(index, query, found, filters, answer, mode)
    answer = checked_answer(answer, asked)  # "How much does Surrey pay its foster carers?": no sum quoted, declined
    if not answer.answered and answer.message == NO_ANSWER:  # "... in Barnsley's latest letter?": it has no list
        from search.improvements import no_list_note

        note = no_list_note(index, asked, filters)
        if note:
            answer = dataclasses.replace(answer, message=NO_ANSWER.replace(". The closest", f": {note}. The closest", 1))
    answer = with_reorganisation_note(answer, found.ctx.authorities)  # Cumbria asked, Cumberland's letter quoted
    elapsed = (time.perf_counter() - started) * 1000
    return shown(dataclasses.replace(answer, query=asked, elapsed_ms=round(elapsed, 2)), shown_k)
