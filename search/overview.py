"""Overview questions: what one inspection found, in general ("What did the Wirral JTAI find?",
"Summarise Kent's latest inspection", "What did inspectors say about Leeds?").

Such a question names a council and no topic, so a search for its words finds scattered minor
sentences. It is answered instead from the letter it means (the kind, year or month it names and
the user's filters respected; else the council's latest letter; news articles are not letters) by
the first sentences of that letter's headline section, verbatim and in document order, after the
overall effectiveness grade its judgement table states when it has one (search/grades.py).

Which section is the headline one is read from the letter's own headings (SECTION_RULES, first that
yields a sentence): an ILACS report's paragraphs after its judgement table, "Headline findings"
(JTAI letters, focused visits from 2020), a SIF report's "Summary of findings" (the local
authority's: it comes before the LSCB's), "Overview", "Main findings" or "Findings" (earlier focused
and monitoring visits); else the first sentences after the letter's salutation. Never a title line,
an address, a dates statement, Ofsted's standard sentences (search/rerank.py is_boilerplate) or the
items of "What needs to improve". Every rule reads both a corpus .txt letter and the text of
Ofsted's PDF (indexer/pdf_text): the judgement table's rows as lines of their own or "Overall
effectiveness: Outstanding" on one line, paragraph numbers on their own line or before the sentence,
a sentence a line break cut in two made whole, a subheading glued under a sentence cut off
(eval/overview_pdf_check.py compares the two forms of 39 real letters).
"""
from __future__ import annotations

import dataclasses
import re
import time
from typing import TYPE_CHECKING

from indexer.chunk import sentence_units
from indexer.judgements import AreaJudgement
from indexer.keywords import keyword_tokens
from indexer.metadata import inspection_dates_span
from indexer.schema import NEWS_KIND, DocumentInfo
from search.filters import Filters
from search.grades import area_grade
from search.last_inspection import asks_when_inspected
from search.query import MONTH_NAMES, QueryContext, analyse, context_words
from search.rerank import GRADE_QUESTION, is_boilerplate
from search.terms import GENERIC
from search.types import Answer, AnswerSentence, Hit

if TYPE_CHECKING:
    from search.index import Index

# a question asking what a letter found, said or concluded in general (one of these must be there)
CUE = re.compile(r"\b(?:find|finds|found|findings?|say|says|said|summar(?:ise|ize|y|ies)\w*|overview|headlines?|"
                 r"conclu\w*|outcomes?|think|thought|make of|made of|describe[sd]?|key points|tell (?:me|us) about)\b",
                 re.IGNORECASE)
# the words of an overview question that say nothing of a topic: what is asked for, which letter,
# and the words of a council's name that the list of councils leaves out ("Leeds City Council")
OVERVIEW_WORDS = frozenset(keyword_tokens(
    "find finds found findings say says said conclude concluded conclusion conclusions summarise summarize "
    "summarised summary summaries overview headline headlines main key points inspection inspections visit "
    "visits report reports letter letters latest last recent recently most overall think thought make made "
    "outcome outcomes give tell me us please could can you would general generally describe described "
    "city county borough metropolitan district royal spring summer autumn winter year"))
# GENERIC (search/terms.py) but the words of a topic: "children in care", "social care" are topics
NOT_TOPIC = GENERIC - frozenset(keyword_tokens("children social care"))
# the services inspected, named whole ("Sheffield children's services", "its children's social care")
SERVICES = re.compile(r"\bchildren[’']?s?\s+(?:social\s+care\s+)?services\b|\bchildren[’']?s\s+social\s+care\b",
                       re.IGNORECASE)
# a question naming an inspection, not a visit: inspections are preferred over visits of that year
_INSPECTION = re.compile(r"\binspection\b", re.IGNORECASE)
_VISIT = re.compile(r"\bvisit\b", re.IGNORECASE)
VISIT_KINDS = ("focused visit", "monitoring visit")
_GRADE_LINE = r"(?:Outstanding|Good|Requires improvement(?: to be good)?|Inadequate)"
# (name, kinds it applies to (None: any), the heading after which the headline section starts);
# the first rule whose section yields a sentence wins
SECTION_RULES: tuple[tuple[str, tuple[str, ...] | None, re.Pattern[str]], ...] = tuple(
    (name, kinds, re.compile(pattern, re.IGNORECASE | re.MULTILINE)) for name, kinds, pattern in (
        # the table's rows (an area and its grade; overall effectiveness last, when graded: not from 2026),
        # as the .txt letters have them (label and grade on lines of their own) or a PDF's text does
        # ("Judgement: Grade", "Overall effectiveness: Outstanding": each row on one line)
        ("judgement table", ("ILACS inspection",), rf"^[ \t]*Judgement(?:[ \t]*:[ \t]*|[ \t]*\n\s*)Grade[ \t]*$(?:\s*^[ \t]*"
         rf"(?:The (?:impact|experiences)[^\n]*|Overall effectiveness(?:[ \t]*:[ \t]*{_GRADE_LINE})?|{_GRADE_LINE})[ \t]*$)+"),
        ("Headline findings", None, r"^[ \t]*Headline findings[ \t]*$"),
        # JTAI letters to 2020: their findings follow "This letter ... outlines our findings about ..."
        ("outlines our findings", None, r"\boutlines our findings\b[^.]*\.(?:\d{1,2}\b)?"),
        ("Summary of findings", None,
         r"^[ \t]*(?:Section 1: the local authority\s*[-–]\s*)?Summary(?: of (?:key )?findings)?[ \t]*$"),
        ("Overview", None, r"^[ \t]*Overview[ \t]*$"),
        ("Main findings", None, r"^[ \t]*Main findings[ \t]*$"),
        ("Findings", None, r"^[ \t]*Findings[ \t]*$"),
    ))
_SALUTATION = re.compile(r"^[ \t]*Dear [^\n]*$", re.MULTILINE)
# the headings that end a headline section: what to improve, strengths, the judgements' sections
STOP = re.compile(r"^[ \t]*(?:What needs to improve|What does the (?:local authority|LSCB) need to improve|Areas for (?:improvement|"
                   r"priority action)|Key strengths|Strengths|Next steps|Case study|(?:The )?experiences and progress|"
                   r"(?:The )?impact of leaders|Evaluation of progress|Information about|Inspection judgements?|Contents|"
                   r"Summary for children|Main findings|Findings)\b[^\n]{0,80}$", re.IGNORECASE | re.MULTILINE)
# a letter's title line, glued to the sentence under it ("Joint targeted area inspection of ... in Bexley")
_TITLE = re.compile(r"(?:Joint targeted area inspection|Joint inspection|Focused visit to|Monitoring visit to|Inspection of)\b",
                    re.IGNORECASE)
# what the letter is and covers, not what it found ("This letter to all the service leaders ... outlines our
# findings", "This inspection included a ‘deep dive’ ...", "This report includes the report of ...")
_SCOPE = re.compile(r"^(?:This (?:letter|inspection|joint targeted area inspection|JTAI|visit|report|document)|In this inspection|"
                    r"The inspection (?:of the local authority )?was carried out)\b|\bdeep dive\b|\bevaluation of the\b|"
                    r"\bis known as\b|\bknown in\s*$|\binspectorates\b|\bwe anticipate\b|\bpurpose of this letter\b|"
                    r"\bconducted under\b|\b(?:undertook|carried out) a joint inspection\b|"
                    r"\binspectors (?:also |then |finally )?(?:considered|evaluated|undertook|looked)\b|\blikely to highlight\b|"
                    r"\brisk factors in addition to\b|\bthe inspection considered\b|\b(?:are|is) progressed through\b|"
                    r"\bfront door[’']? includes\b|\bthis is made up of\b", re.IGNORECASE)
MARKS = "◼•▪·–-*\uf0b7\uf0a7 \t\n"  # bullets and white space before a sentence
# a paragraph number before a sentence on its line ("1. The most ...")
_PARAGRAPH_NUMBER = re.compile(r"\d{1,3}\.[ \t]+(?=[A-Z‘“'\"(])")
_ENDS = (".", ":", ";", "?", "!", "”", "’", ")")  # what ends a sentence (or a clause before a list)
MAX_SENTENCES = 3  # sentences quoted from the headline section (after the grade line)
REGION = 8000  # characters of a section read for its first sentences


def asks_overview(query: str, ctx: QueryContext) -> bool:
    """True for a question asking what an inspection of the council it names found, in general:
    it names one council (ctx, search.query.analyse), asks what was found, said or concluded (CUE),
    and holds no topic word once the council, years, months, kind of letter, generic words
    (search.terms.GENERIC) and OVERVIEW_WORDS are taken out. Not a grade question, "when was ...
    inspected", "who inspected", a list question, nor one asking for news articles.
    "What did Ofsted find about caseloads in Tameside?" has a topic: False."""
    from search.answer_type import BLOCK_QUESTION
    from search.inspectors import inspector_question
    from search.list_answer import is_list_question

    if len(ctx.authorities) != 1 or NEWS_KIND in ctx.kinds or not CUE.search(query):  # (two councils: two letters)
        return False
    if (GRADE_QUESTION.search(query) or asks_when_inspected(query) or BLOCK_QUESTION.search(query)
            or inspector_question(query) != query or is_list_question(query)):
        return False
    return not topic_words(keyword_tokens(SERVICES.sub(" ", query)), query, ctx, OVERVIEW_WORDS)


def topic_words(words: list[str], query: str, ctx: QueryContext, *asking: frozenset[str]) -> list[str]:
    """The tokens of `words` (keyword tokens of `query`, or of part of it) that name a topic: not the
    council, months or other context `query` names (ctx; search.query.context_words), nor generic
    words (NOT_TOPIC), nor the words of `asking` (what says the kind of question: OVERVIEW_WORDS,
    improvements.IMPROVE_WORDS, directors.DIRECTOR_WORDS), nor numbers. An overview, improvement or
    director question has none."""
    named = set(keyword_tokens(" ".join([*ctx.authorities, *ctx.written, *(MONTH_NAMES[m - 1] for m in ctx.months)])))
    named |= context_words(query)
    return [t for t in words if t not in named and t not in NOT_TOPIC and not t.isdigit()
            and not any(t in words_asking for words_asking in asking)]


def fitting_letters(documents: list[DocumentInfo], ctx: QueryContext, query: str = "") -> list[DocumentInfo]:
    """The letters among `documents` that an overview question can mean, latest first (by the
    inspection's last day, else the letter's date): of the kinds it names (ctx.kinds), of an
    inspection or letter of the years it names, in the months it names (the visit that month, or a
    letter dated then or up to two months after); news articles never, "other" documents (SEND,
    older reviews) only when nothing else is left; inspections only, when the question says
    "inspection" and not "visit" and the council has any. [] if none fits."""
    letters = [d for d in documents if d.kind != NEWS_KIND and (not ctx.kinds or d.kind in ctx.kinds)]
    if ctx.years:
        letters = [d for d in letters if _year(d.date) in ctx.years or _year(d.inspection_start) in ctx.years]
    if ctx.months:
        letters = [d for d in letters if _in_months(d, ctx.years, ctx.months)]
    letters = [d for d in letters if d.kind != "other"] or letters
    if query and not ctx.kinds and _INSPECTION.search(query) and not _VISIT.search(query):
        letters = [d for d in letters if d.kind not in VISIT_KINDS] or letters
    return sorted(letters, key=lambda d: (d.inspection_end or d.date, d.date, d.id), reverse=True)


def _year(date: str) -> int:
    return int(date[:4]) if date[:4].isdigit() else 0


def _month_number(date: str) -> int:
    return _year(date) * 12 + int(date[5:7]) - 1 if date[5:7].isdigit() and _year(date) else -1


def _in_months(doc: DocumentInfo, years: tuple[int, ...], months: tuple[int, ...]) -> bool:
    """The visit took place in one of the months (of one of the years, when named), or the letter is
    dated in one of them or up to two months after (as Index._month_match reads them)."""
    inspected, published = _month_number(doc.inspection_start), _month_number(doc.date)
    for year in years or {_year(doc.inspection_start), _year(doc.date)}:
        for month in months:
            asked = year * 12 + month - 1
            if inspected == asked or (published >= 0 and asked <= published <= asked + 2):
                return True
    return False


def headline_sentences(text: str, kind: str, limit: int = MAX_SENTENCES) -> tuple[str, list[tuple[int, int]]]:
    """(the rule's name, [(start, end)]) of up to `limit` first sentences of the headline section of
    a letter (`text`: its body; `kind`: its DocumentInfo.kind), in document order: the first of
    SECTION_RULES that applies to the kind and whose section yields a sentence, else ("opening", the
    first sentences after the salutation, or from the top). Spans are character offsets of `text`."""
    for name, kinds, heading in SECTION_RULES:
        if kinds is not None and kind not in kinds:
            continue
        for found in heading.finditer(text):  # (a SIF report's contents list names its sections first)
            spans = first_sentences(text, found.end(), limit)
            if spans:
                return name, spans
    salutation = _SALUTATION.search(text)
    return "opening", first_sentences(text, salutation.end() if salutation else 0, limit)


def first_sentences(text: str, start: int, limit: int) -> list[tuple[int, int]]:
    """Spans of the first `limit` quotable sentences of `text` from `start` until a heading that ends
    a headline section (STOP): leading bullets, paragraph numbers and subheadings trimmed; titles,
    address lines, dates statements and Ofsted's standard sentences skipped."""
    region = text[start:start + REGION]
    stop = STOP.search(region)
    if stop:
        region = region[:stop.start()]
    spans: list[tuple[int, int]] = []
    for unit_start, unit_end in joined_units(region):
        if len(spans) == limit:
            break
        span = _trimmed(region, unit_start, unit_end)
        if span is None:
            continue
        sentence = region[span[0]:span[1]]
        if (is_boilerplate(sentence) or _SCOPE.search(sentence) or inspection_dates_span(sentence) is not None
                or re.search(r"\bdates?\s*:", sentence, re.IGNORECASE)):
            continue
        spans.append((start + span[0], start + span[1]))
    return spans


def joined_units(region: str) -> list[tuple[int, int]]:
    """The (start, end) of the sentence units of `region` (indexer.chunk.sentence_units), a sentence
    that a line break cut in two made one again: a unit that begins in the middle of a line and
    ends at a line break with no sentence-ending mark is joined to the unit on the next line (a .txt
    letter's "... throughout the period of the" / "COVID-19 pandemic restrictions and beyond, ...";
    a PDF's text has the sentence on one line)."""
    joined: list[tuple[int, int]] = []
    for unit in sentence_units(region):
        if joined:
            start, end = joined[-1]
            gap = region[end:unit.start]
            if (gap.count("\n") == 1 and not gap.strip() and _mid_line(region, start)
                    and not region[start:end].rstrip().endswith(_ENDS)):
                joined[-1] = (start, unit.end)
                continue
        joined.append((unit.start, unit.end))
    return joined


def heading_like(line: str) -> bool:
    """A short line with no comma that does not end a sentence or clause: a heading or title."""
    return len(line) < 80 and "," not in line and not line.endswith((".", ":", ";", ",", "?", "!"))


def _glued_heading(line: str) -> bool:
    """A subheading under a sentence in one unit ("Performance management and management oversight",
    "About the inspection"): heading-like, capitalised, no colon or digit (not "Inspection dates: ...")."""
    return heading_like(line) and line[:1].isupper() and ":" not in line and not any(ch.isdigit() for ch in line)


def _mid_line(region: str, start: int) -> bool:
    """True when region[start] is preceded on its line by text other than bullets and white space."""
    line_start = region.rfind("\n", 0, start) + 1
    return bool(region[line_start:start].strip(MARKS))


def _trimmed(region: str, start: int, end: int) -> tuple[int, int] | None:
    """region[start:end] without its leading marks, paragraph numbers and heading lines (short lines
    that do not end a sentence); None when no sentence is left (under four words, or no full stop,
    question mark or colon ending it and short: a title or address line)."""
    while start < end:
        while start < end and region[start] in MARKS:
            start += 1
        number = _PARAGRAPH_NUMBER.match(region, start, end)
        if number:  # "1. The most vulnerable children ..." (a PDF's text keeps the number on the sentence's line)
            start = number.end()
            continue
        line_end = region.find("\n", start, end)
        if line_end == -1:
            break
        line = region[start:line_end].strip()
        if re.fullmatch(r"\d{1,3}\.?", line) or _TITLE.match(line) or (heading_like(line) and not _mid_line(region, start)
                                                                            and not region[line_end:end].lstrip()[:1].islower()):
            start = line_end + 1  # "1." / "Leadership and management" above the sentence
            continue
        break
    while end > start and region[end - 1].isspace():
        end -= 1
    last = region.rfind("\n", start, end)
    while last > start and _glued_heading(region[last:end].strip()):
        end = last  # a subheading glued under the sentence ("... require improvement because:" / "Performance management")
        while end > start and region[end - 1].isspace():
            end -= 1
        last = region.rfind("\n", start, end)
    sentence = region[start:end]
    if len(sentence.split()) < 4 or sentence[:1].islower() or (not sentence.endswith((".", ":", "?", "!", "”", "’", ")")) and len(sentence) < 80):
        return None
    return start, end


def overview_spans(text: str, kind: str, grade: AreaJudgement | None) -> list[tuple[int, int]]:
    """[(start, end)] of what an overview of one letter quotes, character offsets of its `text`:
    the span of its overall effectiveness `grade` (search.grades.area_grade; None: not stated),
    then the first sentences of its headline section (headline_sentences) that do not overlap it."""
    spans = [(grade.start, grade.end)] if grade is not None else []
    _, found = headline_sentences(text, kind)
    return spans + [(s, e) for s, e in found if grade is None or e <= grade.start or s >= grade.end]


def overview_answer(index: "Index", query: str, filters: Filters | None = None, k: int = 10,
                    mode: str = "hybrid") -> Answer | None:
    """The answer to an overview question (asks_overview): the overall effectiveness grade of the
    letter it means (letter_asked) when it states one, then the first sentences of its headline
    section (headline_sentences), each cited to its passage; those passages are the first hits,
    the search's hits for the question follow (k in all, or more when more passages are cited).
    The confidence is the abstention model's probability on the cited passages, as a stated grade's
    (search/answer.py): the answer is quoted whatever it is. None when the question is no overview
    question or no letter of the council fits it (the usual answer applies)."""
    started = time.perf_counter()
    filters = filters or Filters()
    ctx = analyse(query, index.own_councils)
    if not asks_overview(query, ctx):
        return None
    letter = letter_asked(index, query, ctx, filters)
    if letter is None:
        return None
    text = index.document(letter.id).text
    grade = area_grade(index.judgements.get(letter.id, []), "overall_effectiveness")
    spans = [(s, e, "") for s, e in overview_spans(text, letter.kind, grade)]
    if sum(index.chunk_covering(letter.id, s, e) is not None for s, e, _ in spans) <= (grade is not None):
        return None  # nothing of the headline section to quote: the usual answer
    return quoted_answer(index, query, ctx, filters, k, mode, letter.id, spans, started, quoted_by="overview")


def letter_asked(index: "Index", query: str, ctx: QueryContext, filters: Filters) -> DocumentInfo | None:
    """The letter a question about the one council it names means among that council's documents
    that pass `filters`: the first of letters_asked, the latest that fits; None when none fits."""
    letters = letters_asked(index, query, ctx, filters)
    return letters[0] if letters else None


def asked_context(index: "Index", query: str, filters: Filters) -> QueryContext:
    """search.query.analyse(query) with the index's own councils; when the question names no council
    and `filters` name exactly one ("What needs to improve?" --authority Haringey), that council."""
    ctx = analyse(query, index.own_councils)
    if not ctx.authorities and len(filters.authority) == 1:
        ctx = dataclasses.replace(ctx, authorities=filters.authority)
    return ctx


def letters_asked(index: "Index", query: str, ctx: QueryContext, filters: Filters) -> list[DocumentInfo]:
    """The letters a question about the one council it names can mean (fitting_letters), latest
    first, among that council's documents that pass `filters`; [] when none fits."""
    named = index.documents_of(ctx.authorities)
    documents = [d for d in index.documents if d.id in named and filters.matches(d.authority, d.kind, d.date, d.judgement)]
    return fitting_letters(documents, ctx, query)


def quoted_answer(index: "Index", query: str, ctx: QueryContext, filters: Filters, k: int, mode: str, doc_id: str,
                  spans: list[tuple[int, int, str]], started: float, message: str = "",
                  quoted_by: str = "") -> Answer | None:
    """The answer quoting `spans` ((start, end, lead_in): character offsets of the text of document
    `doc_id`, in the order quoted; lead_in as AnswerSentence.lead_in) of one letter, each cited to
    the passage covering it (Index.chunk_covering; a span no passage covers is left out). Those
    passages are the first hits, the search's hits for `query` follow (k in all, or more when more
    passages are cited). The confidence is the abstention model's probability on the cited passages,
    as a stated grade's (search/answer.py): the answer is quoted whatever it is. `started`:
    time.perf_counter() when answering began (for elapsed_ms); `message`: Answer.message; `quoted_by`:
    the rule quoting them, as Answer.signals["quoted_by"] (a key of search.abstain.QUOTED_BY, which the
    confidence line names under the threshold; "" records none). None when no span is covered by a passage."""
    from search.abstain import abstention_model, context_mismatch, evidence_features
    from search.reorganisations import with_reorganisation_note
    from search.terms import query_terms

    text = index.document(doc_id).text
    cited: dict[int, int] = {}  # chunk id -> citation number, in document order
    quoted: list[tuple[int, int, int, str]] = []
    for s, e, lead_in in spans:
        chunk = index.chunk_covering(doc_id, s, e)
        if chunk is not None:
            cited.setdefault(chunk, len(cited) + 1)
            quoted.append((s, e, cited[chunk], lead_in))
    if not quoted:
        return None
    searched = index.search(query, k, mode, filters)
    top = max((hit.score for hit in searched), default=0.0)
    own = [dataclasses.replace(hit, score=round(top + 1.0, 6)) for hit in index.hits_for(query, list(cited), 1)]
    others = [hit for hit in searched if hit.chunk_id not in cited][: max(k - len(own), 0)]
    hits: list[Hit] = own + [dataclasses.replace(hit, rank=len(own) + n) for n, hit in enumerate(others, start=1)]
    sentences = tuple(AnswerSentence(text=text[s:e], citation=n, doc_id=doc_id, start=s, end=e, score=1.0, lead_in=lead_in)
                      for s, e, n, lead_in in quoted)
    terms = query_terms(query, index.bm25, ctx)
    coverage = max(terms.coverage(frozenset(keyword_tokens(s.text))) for s in sentences)
    mismatch = context_mismatch(ctx, index.letters_of(ctx.authorities, filters))
    features = evidence_features(query, own, index.bm25, terms.weights, coverage, None, mismatch,
                                 grade_stated=True, topic=index.topic_similarity(query, ctx, own))
    model = abstention_model()
    signals = {name: round(value, 4) for name, value in features.items()}
    signals["score"] = round(model.score(features), 4)
    if quoted_by:
        signals["quoted_by"] = quoted_by
    answer = Answer(query, True, sentences, tuple(hits), round(model.probability(features), 4), message, signals=signals)
    answer = with_reorganisation_note(answer, ctx.authorities)
    return dataclasses.replace(answer, elapsed_ms=round((time.perf_counter() - started) * 1000, 2))
