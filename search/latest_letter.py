"""A topic answer about one council quotes its latest letter too, when that letter speaks to the
topic: "What did inspectors say about management oversight in Bristol?" quoted 2017-18 criticism
and left out the 2025 letter's "Management oversight is strong ...", the current picture.

Ranking by recency cost passage MRR on every question set (eval/BENCHMARKS.md, session 8), so the
ranking is left alone: the answer gains one sentence (its last, if it had four), the best one of the
newest of the council's two latest letters that has a sentence on the topic (Index.ask's search
restricted to that letter, sentences chosen as compose_answer chooses them), when that sentence
scores at least AnswerSettings.relative_cut of the answer's first sentence and the answer quotes no
newer letter of the two. Only for a question asking what the letters say of a topic
(SURVEY_QUESTION: "What did inspectors say about ...", "How good is ...", "How are ... doing"), not
for one letter's fact (adding a sentence to every answer lowered token F1 on dev / own / factoid
0.490 / 0.658 / 0.659 -> 0.482 / 0.652 / 0.651); not for a question naming a year or month, a
user's date filter, or several councils.
"""
from __future__ import annotations

import dataclasses
import re

from indexer.schema import NEWS_KIND
from search.answer import AnswerSettings
from search.filters import Filters
from search.types import Answer

# kinds that are not a council's own inspection letter
_NOT_LETTERS = (NEWS_KIND, "other")
# a question asking for what the letters say of a topic, not for one letter's fact: "What did
# inspectors say about agency staff in Tameside?", "What do inspectors say about ...", "How good is
# the front door in Sunderland?", "How are children in care in Merton doing at school?"
SURVEY_QUESTION = re.compile(
    r"^(?:what (?:did|do|does|have|has) (?:the )?(?:inspectors?|Ofsted|HMIs?|the letters?|(?:the )?reports?) "
    r"(?:say|said|find|found|report(?:ed)?|think|thought|conclude[d]?)\b"
    r"|how (?:good|well|effective|strong|safe|timely) (?:is|are|was|were|does|do)\b"
    r"|how (?:is|are) \S.* doing\b)", re.IGNORECASE)
LETTERS = 2  # the latest letters looked at, newest first: the first that speaks to the topic is quoted


def latest_letters(index, authorities: tuple[str, ...], filters: Filters, n: int = LETTERS) -> list:
    """The DocumentInfo of the named council's `n` latest inspection or visit letters that `filters`
    pass (kind filter respected), newest first."""
    rows = [index.doc_row[doc_id] for doc_id in index.documents_of(authorities)]
    docs = [index.documents[r] for r in rows if index.documents[r].kind not in _NOT_LETTERS]
    if filters.kind:
        docs = [d for d in docs if d.kind in filters.kind]
    return sorted(docs, key=lambda d: (d.date, d.id), reverse=True)[:n]


def with_latest_letter(index, query: str, found, filters: Filters, answer: Answer, mode: str,
                       settings: AnswerSettings = AnswerSettings()) -> Answer:
    """`answer` with one sentence of the council's latest letter added (see the module docstring),
    cited to that letter's passage appended to the hits; else `answer` unchanged."""
    from search.abstain import abstention_model

    ctx = found.ctx
    if (not answer.answered or not answer.sentences or len(ctx.authorities) != 1 or ctx.years or ctx.months
            or filters.since or filters.until or not SURVEY_QUESTION.search(query.strip())):
        return answer
    quoted_docs = {s.doc_id for s in answer.sentences}
    model = dataclasses.replace(abstention_model(), threshold=0.0)
    for letter in latest_letters(index, ctx.authorities, filters):  # newest first
        if letter.id in quoted_docs:
            return answer  # the newest letter that speaks to the topic is quoted already
        only = dataclasses.replace(filters, authority=tuple(ctx.authorities), since=letter.date, until=letter.date,
                                   include_news=False)
        searched = index.searched(query, 5, mode, only)
        searched = searched._replace(hits=[h for h in searched.hits if h.doc_id == letter.id])
        quoted = index.compose(query, searched, only, model) if searched.hits else None
        if quoted is not None and quoted.sentences:
            break
    else:
        return answer
    best = quoted.sentences[0]
    if best.score < settings.relative_cut * answer.sentences[0].score:
        return answer
    hit = quoted.hits[best.citation - 1]
    known = next((n for n, h in enumerate(answer.hits, start=1) if h.chunk_id == hit.chunk_id), None)
    hits = answer.hits if known is not None else (*answer.hits, dataclasses.replace(hit, rank=len(answer.hits) + 1))
    citation = known if known is not None else len(hits)
    kept = answer.sentences[: settings.max_sentences - 1]
    return dataclasses.replace(answer, sentences=(*kept, dataclasses.replace(best, citation=citation)), hits=hits)
