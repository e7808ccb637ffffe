"""List answers: questions across many councils or letters ("which councils were told ...?",
"which letters mention Kooth?", "list ...", "where have inspectors ...").

Such a question is answered with rows, one per council (its letters grouped), each holding the
verbatim sentences that say it with their citations, strongest evidence first, and as many rows
as the letters support. A row appears only where a sentence carries the question's content
(per-row abstention): its words (idf-weighted coverage), the names it asks about (a capitalised
name such as "Bright Spots" must appear as written), and a passage not far in meaning (its
dense cosine a share of the best retrieved passage's). The thresholds are in `ListSettings`,
tuned on eval/questions/dev_list.jsonl (python -m eval.tune_lists).

The recogniser (`is_list_question`) and the question frame it strips (`topic_of`) are pure
functions of the text; `compose_rows` is a pure function of the hits and the BM25 statistics;
`answer_list` runs the deep search through the public `Index.search`. A question asking for a
negative or positive finding is read by search/list_polarity.py; sentences denying the topic, and
questions asking for its absence, by search/list_denial.py; the rows become CSV records and terminal
text in search/list_output.py.
"""
from __future__ import annotations

import dataclasses
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from indexer.authorities import authority_key, find_authorities
from indexer.bm25 import BM25Index
from indexer.chunk import sentence_units
from indexer.keywords import keyword_tokens
from indexer.schema import NEWS_KIND
from search.filters import Filters, parse_date_bound
from search.glossary import expand_keyword_query, related_words
from search.answer import quotable_span, unwrapped
from search.list_quotes import (GENERIC_WORDS, carries_concept, holds_compound, is_lead_in, synonym_aliases, term_tokens,
                                topic_compound, topic_concepts, under_heading, with_first_item)
from search.list_denial import (absence_words, asked_absence, denied_terms, denies_topic, reduces_topic,
                                reduction_terms, states_absence)
from search.list_polarity import asked_polarity, judgement_words, states_polarity
from search.list_summary import LIST_CONFIDENCE_NOTE, cut_off_note, no_rows_line, summary_line
from search.rerank import is_boilerplate, title_block_share
from search.query import analyse, clean_query
from search.types import Answer, AnswerSentence, Hit, ListRow

# ---- recognising a list question (patterns as data) -------------------------------------
# ("areas" as local areas, not "areas for improvement" or "areas of strength" of one council)
_PLURALS = (r"(?:councils|authorities|las|letters|reports|inspections|visits|areas(?!\s+(?:for|of|to)\b)|boroughs|counties|"
            r"places|partnerships|local\s+authorities|ones)")
LIST_PATTERNS: tuple[str, ...] = (
    rf"^(?:in\s+|for\s+|at\s+)?(?:which|what)\s+(?:[\w’'-]+\s+){{0,2}}?{_PLURALS}\b",
    r"^where\s+(?:have|has|had|did|do|does|were|was)\s+(?:ofsted|inspectors?|the\s+inspectors?)\b",
    r"^(?:please\s+)?list\b",
    rf"^(?:please\s+)?(?:name|show|find|give|identify)(?:\s+me)?\s+(?:all\s+|every\s+|each\s+|the\s+|any\s+)*"
    rf"(?:[\w’'-]+\s+){{0,2}}?{_PLURALS}\b",
    rf"^how\s+many\s+(?:[\w’'-]+\s+){{0,2}}?{_PLURALS}\b",
    rf"^(?:are\s+there\s+)?(?:any\s+)?(?:other\s+)?{_PLURALS}\s+(?:that|where|which|whose|with)\b",
)
_LIST_RE = tuple(re.compile(p, re.IGNORECASE) for p in LIST_PATTERNS)
# what a list question says after its opening frame, before the topic
_VERB_RE = re.compile(
    r"^(?:(?:have|has|had|did|do|does|were|was|are|is|that|which|where|whose)\s+)*"
    r"(?:(?:been|ofsted|inspectors?|the\s+inspectors?)\s+)*"
    r"(?:mentions?|mentioned|describes?|described|says?|said|refers?\s+to|referred\s+to|notes?|noted|"
    r"talks?\s+about|discuss(?:es)?|discussed|told|found|reported|highlighted|praised|criticised|criticized)?\s*",
    re.IGNORECASE)
# words of the frame that say nothing about the topic (weight 0 in coverage)
FRAME_WORDS = frozenset(keyword_tokens(
    "which what where list name show find give identify how many councils authorities authority local la las "
    "letters letter reports report inspections inspection visits visit areas boroughs counties places ones "
    "mention mentioned describe described say said refer referred note noted according ofsted inspector "
    "inspectors told found other any every each all tell talk discuss"))
# words saying how much, not of what ("rely too much on ...", "relies heavily on ..."): weight 0 in coverage
# ("many", "more", "most", "too", "very" are FRAME_WORDS or indexer.keywords.STOP_WORDS already)
DEGREE_WORDS = frozenset(keyword_tokens("much lot lots heavily greatly largely highly excessively quite rather really"))
_NOT_NAMES = frozenset({"Ofsted", "England", "English", "The", "A", "An", "Which", "What", "Where", "List", "Name",
                        "How", "In", "For", "Council", "Councils", "I", "UK", "British", "Government"})
_NAME_RE = re.compile(r"\b[A-Z][a-z’']*[a-z](?:[\s-]+(?:of\s+|and\s+|for\s+)?[A-Z][a-z’']*[a-z])*")


def is_list_question(query: str) -> bool:
    """True when the question asks for many councils or letters (one of LIST_PATTERNS matches
    its start), e.g. "Which councils were told ...?", "List the letters that mention ...";
    not "What are Suffolk's areas for improvement?" (one council's areas of practice)."""
    text = " ".join(query.split()).lstrip("\"'“‘(")
    frame = next((m for m in (p.match(text) for p in _LIST_RE) if m), None)
    if frame is None:
        return False
    # "Which areas did Ofsted say Tameside must improve?": the areas of practice of the council it names
    return not (frame.group(0).lower().endswith("areas") and find_authorities(query))


def topic_of(query: str) -> str:
    """The question without its list frame: "Which letters mention Kooth?" -> "Kooth?".
    Returns the whole question when no frame is recognised."""
    text = " ".join(query.split()).lstrip("\"'“‘(")
    for pattern in _LIST_RE:
        match = pattern.match(text)
        if match:
            rest = text[match.end():].lstrip(" ,:")
            rest = _VERB_RE.sub("", rest, count=1).strip()
            return rest or text
    return text


_ACRONYM_RE = re.compile(r"\(([A-Z]{2,8})s?\)")
_MINOR = frozenset({"and", "of", "for", "the", "in", "to", "a"})


def _defined_acronyms(topic: str) -> list[str]:
    """Acronyms the topic defines in brackets, with their expansion: "family drug and alcohol
    court (FDAC)" -> ["FDAC", "family drug and alcohol court"] (the expansion only when the
    initials of the words before the bracket spell the acronym)."""
    found = []
    for match in _ACRONYM_RE.finditer(topic):
        acronym = match.group(1)
        words = topic[: match.start()].split()
        taken: list[str] = []
        letters = 0
        while words and letters < len(acronym):
            word = words.pop()
            taken.insert(0, word)
            letters += word.lower() not in _MINOR
        initials = "".join(w[0] for w in taken if w.lower() not in _MINOR).upper()
        found.append(acronym)
        if initials == acronym:
            found.append(" ".join(w.strip(",;:") for w in taken))
    return found


def names_in(topic: str, councils: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Names the topic asks about: runs of Capitalised words ("Bright Spots", "Kooth",
    "Children's Society", without authority names or field words such as Ofsted), and acronyms
    it defines in brackets with their expansion ("family drug and alcohol court (FDAC)").
    `councils`: more councils the topic names, beyond indexer/data/authorities.csv (the index's
    own: Index.own_councils.find(topic)); they are places, not names asked about."""
    places = {authority_key(a) for a in (*find_authorities(topic), *councils)}
    names = _defined_acronyms(topic)
    for match in _NAME_RE.finditer(topic.replace("'", "’")):
        words = [w for w in match.group(0).split() if w not in _NOT_NAMES]
        while words and words[0] in {"of", "and", "for"}:
            words.pop(0)
        name = " ".join(words)
        owner, _, owned = name.partition("’s ")
        if owned and authority_key(owner) in places:  # "North Yorkshire’s No Wrong Door" -> "No Wrong Door"
            name = owned
        if name and authority_key(name) not in places:
            names.append(name)
    return tuple(dict.fromkeys(names))


# ---- settings ------------------------------------------------------------------------------
@dataclass(frozen=True)
class ListSettings:
    """Depth and per-row thresholds for list answers, chosen with `python -m eval.tune_lists` on
    eval/questions/dev_list.jsonl over the full corpus index (grid of min_coverage 0.1-0.4,
    min_coverage_named 0-0.15, anchor_ratio 0-1, full_coverage on/off, and one dense criterion:
    min_dense 0-0.5 or min_dense_ratio 0.1-0.9; objective council recall + precision, ties to the
    point nearest the previous defaults).

    With minilm-ofsted (42,574 passages): dev council recall 0.886, precision 0.933; held-out
    eval/questions/list_extra.jsonl recall 0.836, precision 0.950. The previous defaults (an
    absolute cosine min_dense 0.25, tuned on the bundled all-MiniLM-L6-v2, whose cosines run
    higher) give 0.530 / 0.913 and 0.631 / 0.977 there. The dense floor is now relative to the
    best retrieved passage, so it does not depend on the model's cosine scale: 0.1 measures the
    same as no dense floor on both sets and both models; with minilm-ofsted an absolute floor of
    0.05 loses a council on list_extra (Leeds, Caring Dads), 0.1 or more and a ratio of 0.2 or
    more lose councils on dev too, and no floor gains precision on dev. With the bundled model
    (43,128 passages) these settings give dev 0.902 / 0.936 and list_extra 0.911 / 0.955, as
    with the previous defaults.

    Retrieval for lists (minilm-ofsted, 42,574 passages; chosen on dev_list with the thresholds
    above, which stay best on a rerun of the grid): the fused search weighs keywords more
    (dense_weight 0.2; 0.1-0.2 tie, 0.25 and 0.3 give 0.919 / 0.940 and 0.886 / 0.942 without
    named passages) and up to 100 passages holding a name the topic asks about are added
    (`phrase_hits`; 50-400 measure the same). Dev council recall / precision 0.886 / 0.933 ->
    0.936 / 0.957 (named passages alone 0.919 / 0.921, dense_weight 0.2 alone 0.902 / 0.969);
    held-out list_extra 0.836 / 0.950 -> 0.994 / 0.944. A sentence holding a name as the
    question writes it is then exempt from the dense floor (named_dense_floor off: Ealing's
    "Information is available in Braille and Makaton ..." sits in a passage whose cosine to the
    topic is about 0): dev 0.950 / 0.957, list_extra 1.000 / 0.944."""

    depth: int = 100  # passages retrieved (hybrid, filters applied); 200 and 300: dev 0.933 / 0.878, list_extra same
    min_coverage: float = 0.25  # share of the topic's idf weight a sentence must carry
    min_coverage_named: float = 0.0  # ... when it contains a name the question asks about, as written
    min_dense: float = 0.0  # cosine of the sentence's passage to the topic (model-dependent scale) ...
    min_dense_ratio: float = 0.1  # ... and that cosine's share of the best retrieved passage's ...
    full_coverage: float = 0.99  # ... not needed when the sentence carries all of the topic's weight
    anchor_ratio: float = 0.5  # a sentence without a name must hold a term weighing >= this share of the heaviest
    named_dense_floor: bool = False  # the dense floor applies to sentences holding a name as written too
    max_sentences_per_letter: int = 2
    min_words: int = 4  # shorter units are left out, except a whole sentence of 3 words ("Chronologies are poor.")
    dense_weight: float | None = 0.2  # fusion's dense share for the list search (None: ordinary search's)
    phrase_passages: int = 100  # up to this many more passages holding a name the topic asks about (0: none)


# ---- composing rows ------------------------------------------------------------------------
T = TypeVar("T")


def newest_first(letters: list[T], date_of: Callable[[T], str]) -> list[T]:
    """`letters` in the order a list row shows them: newest first by `date_of(letter)` (an ISO date,
    "YYYY-MM-DD", "YYYY-MM" or "YYYY"), undated ("") last, letters of the same date in their given order.
    The app shows a council's letters newest first (the Authorities tab's timeline, the grades under it)
    and the Councils tab leads with each council's latest inspection: a row reads the same way."""
    return sorted(letters, key=lambda letter: (bool(date_of(letter)), date_of(letter)), reverse=True)


def _minor_terms(topic: str, councils: tuple[str, ...] = ()) -> frozenset[str]:
    """The topic's terms that weigh a fifth in topic_weights (generic field words, places, numbers)."""
    places = set(keyword_tokens(" ".join([*find_authorities(topic), *councils])))
    return frozenset(t for t in keyword_tokens(topic) if t in GENERIC_WORDS or t in places or t.isdigit())


def topic_weights(topic: str, bm25: BM25Index, polarity: str | None = None,
                  councils: tuple[str, ...] = ()) -> dict[str, float]:
    """idf weight of each distinct topic term (glossary expansions included); frame words and words of
    degree (DEGREE_WORDS: "much" of "rely too much on") get 0, generic field words, place names and
    numbers a fifth. Terms the corpus never uses are left out,
    and so are the topic's judgement words ("poor") when `polarity` is asked (they are checked as
    the sentence's polarity instead: `states_polarity`), and the words asking for an absence
    ("never", "without" reaching another topic term: `asked_absence`) when it is not (the sentence's
    denial is checked instead: `states_absence`). `councils` as for names_in."""
    places = set(keyword_tokens(" ".join([*find_authorities(topic), *councils])))
    judged = judgement_words(topic) if polarity else frozenset()
    weights: dict[str, float] = {}
    for term in dict.fromkeys(expand_keyword_query(topic)):
        i = bm25.term_id.get(term)
        if i is None or term in FRAME_WORDS or term in DEGREE_WORDS or term in judged:
            continue
        weight = float(max(bm25.idf[i], 0.0))
        if term in GENERIC_WORDS or term in places or term.isdigit():
            weight *= 0.2
        weights[term] = weight
    if polarity is None:  # "never had areas for priority action?": "never" asks for the absence, it is no topic term
        denial = absence_words(topic)
        rest = {t: w for t, w in weights.items() if t not in denial}
        if denial & weights.keys() and rest and asked_absence(topic, frozenset(rest)):
            return rest
    return weights


def _anchors(weights: dict[str, float], settings: ListSettings) -> frozenset[str]:
    """The topic terms weighing at least settings.anchor_ratio of the heaviest (and more than 0)."""
    heaviest = max(weights.values(), default=0.0)
    return frozenset(t for t, w in weights.items() if w >= settings.anchor_ratio * heaviest and w > 0)


def _name_pattern(names: tuple[str, ...], flags: int = 0) -> re.Pattern[str] | None:
    if not names:
        return None
    parts = [r"[\s-]+".join(re.escape(w).replace("’", "['’]") for w in name.split()) for name in names]
    return re.compile(r"(?<![\w])(?:" + "|".join(parts) + r")(?![a-z])", flags)


@dataclass(frozen=True)
class _Candidate:
    score: float
    coverage: float
    hit: Hit
    start: int  # in the document
    end: int
    text: str


@dataclass(frozen=True)
class SentenceEvidence:
    """What one sentence of a retrieved passage carries of the topic, before any threshold.

    coverage: share (0-1) of the topic's idf weight among the sentence's words; named: it holds a
    name the topic asks about, written as in the question; anchor: weight of its heaviest topic
    term as a share (0-1) of the topic's heaviest; dense: cosine of its passage to the topic;
    dense_ratio: that cosine divided by the best cosine among all the retrieved passages (0-1,
    whatever the model's scale); judged: the sentence uses one of the question's judgement words
    ("poor" for "... chronologies were poor?"), which ranks it first (score + 0.5)."""

    hit: Hit
    start: int  # in the document
    end: int
    text: str
    coverage: float
    named: bool
    anchor: float
    dense: float
    dense_ratio: float
    judged: bool = False  # it uses a judgement word of the question as written ("poor"), when polarity is asked


def _sentences(hits: list[Hit], settings: ListSettings, units=None):
    for hit in hits:
        spans = [(*quotable_span(hit.text, u.start, u.end), u.heading)  # no glued heading, bullet or paragraph number
                 for u in (units(hit) if units is not None else sentence_units(hit.text))]
        for i, (start, end, heading) in enumerate(spans):
            text = hit.text[start:end]
            words = len(text.split())
            if heading or (words < settings.min_words and not (words >= 3 and text.endswith((".", "!", "?")))):
                continue  # a fragment; a whole short sentence ("Chronologies are poor.") stays
            lead_in = is_lead_in(unwrapped(text))  # a one-line sentence ending in ":" is no title line ("Inspection dates:" is)
            if is_boilerplate(text) or (not lead_in and title_block_share(unwrapped(text)) > 0.5):
                continue  # a run of headings or title lines, a standard sentence: as answers leave them out
            if lead_in:  # "... the following areas of weakness:" is quoted with its first item,
                end = with_first_item(spans, i)  # and from the heading it follows ("Areas for priority action")
                if end is None:
                    continue  # its items lie beyond this passage (an overlapping passage may hold them)
                start = under_heading(spans, i)
                text = hit.text[start:end]
            yield hit, hit.start + start, hit.start + end, text


def sentence_evidence(topic: str, hits: list[Hit], bm25: BM25Index,
                      settings: ListSettings = ListSettings(), polarity: str | None = None,
                      units=None, councils: tuple[str, ...] = ()) -> list[SentenceEvidence]:
    """Every sentence of `hits` (in hit order; headings and sentences under settings.min_words
    words left out) that could say what the topic asks: when the topic names something, only
    sentences holding the name in some case ("lifelong links" for "Lifelong Links") are kept; when
    the topic is a term of art in two or three words ("areas for priority action"), only sentences
    holding it whole (list_quotes.topic_compound, holds_compound); when it names a concept in several
    words whose modifier says something apart ("agency social workers"), only sentences holding one of
    the concept's phrases or one-word synonyms ("agency staff", "locum"; list_quotes.topic_concepts,
    carries_concept), not its modifier alone ("multi-agency", "partner agencies"). A lead-in ending in ":" is
    quoted with its first item as one span (list_quotes.with_first_item), or left out when the
    passage ends before the item.
    `polarity` ('negative', 'positive'; `asked_polarity` of the question) keeps only sentences
    with a clause that carries the topic (a name it asks about, or a term weighing at least
    settings.anchor_ratio of the heaviest) and judges it that way (`states_polarity`); a sentence
    denying what is asked ("there are no areas for priority action": `denied_terms`, `denies_topic`)
    is left out, and so is one saying the topic's head word was lessened ("is less reliant on agency
    staff": list_denial.reduces_topic); a topic asking for the absence ("no areas for priority action", `asked_absence`)
    keeps only the sentences denying its anchor terms, the other way round. `units(hit)`:
    the sentence units of a hit's passage as the index stored them (Index.passage_units), default
    indexer.chunk.sentence_units(hit.text). `councils` as for names_in."""
    weights = topic_weights(topic, bm25, polarity, councils)
    total = sum(weights.values())
    if not total:
        return []
    names = names_in(topic, councils)
    pattern, loose = _name_pattern(names), _name_pattern(names, re.IGNORECASE)
    minor = _minor_terms(topic, councils)
    compound = () if names else topic_compound(topic, weights, minor)
    concepts = () if names else topic_concepts(topic, minor)
    heaviest = max(weights.values())
    anchors = set(_anchors(weights, settings))
    aliases = synonym_aliases(weights)  # "reliance" in a sentence is "reliant" of the topic
    judged = judgement_words(topic) if polarity else frozenset()
    denied = denied_terms(topic, polarity, anchors, judged)
    denied |= {t for t, term in aliases.items() if term in denied}
    absent = frozenset(anchors) if polarity is None and asked_absence(topic, frozenset(anchors), loose) else frozenset()
    head, objects = reduction_terms(topic, polarity, frozenset(anchors), frozenset(weights) | related_words(topic))

    def carries_topic(clause: str) -> bool:
        return bool((loose and loose.search(clause)) or anchors & _aliased(keyword_tokens(clause), aliases))
    best_dense = max((h.dense_score for h in hits if h.dense_score is not None), default=0.0)
    found: list[SentenceEvidence] = []
    for hit, start, end, text in _sentences(hits, settings, units):
        named = bool(pattern and pattern.search(text))
        if loose is not None and not named and not loose.search(text):
            continue
        tokens = keyword_tokens(text)
        if compound and not holds_compound(term_tokens(text), compound):
            continue  # "the board's priorities", "priorities or actions" are not "areas for priority action"
        if not carries_concept(tokens, concepts):
            continue  # "multi-agency", "partner agencies" are not "agency social workers"; "locum" is
        if polarity and not states_polarity(text, polarity, carries_topic):
            continue
        if denies_topic(text, denied, loose):
            continue  # "there are no areas for priority action" is not a row for them
        if reduces_topic(text, head, objects):
            continue  # "is less reliant on agency staff" is not a row for "rely too much on agency staff"
        if absent and not states_absence(text, absent, loose):
            continue  # asked which had none: "we have notified the DfE of the areas for priority action" is no row
        tokens = _aliased(tokens, aliases)
        held = [w for t, w in weights.items() if t in tokens]
        dense = hit.dense_score if hit.dense_score is not None else 0.0
        found.append(SentenceEvidence(hit, start, end, text, sum(held) / total, named,
                                      max(held, default=0.0) / heaviest, dense,
                                      dense / best_dense if best_dense > 0 else 0.0, bool(judged & tokens)))
    return found


def _aliased(tokens, aliases: dict[str, str]) -> set[str]:
    """The tokens, with the topic term each synonym of `aliases` stands for (list_quotes.synonym_aliases)."""
    tokens = set(tokens)
    return tokens | {aliases[t] for t in tokens if t in aliases}


def select_sentences(evidence: list[SentenceEvidence], settings: ListSettings = ListSettings()) -> list[_Candidate]:
    """The sentences of `evidence` (from `sentence_evidence`) that pass the thresholds of
    `settings`, as scored candidates, best first (see `qualifying_sentences`)."""
    seen: set[tuple[str, int]] = set()
    found: list[_Candidate] = []
    for e in evidence:
        if (e.hit.doc_id, e.start) in seen:
            continue
        if not e.named and (e.anchor <= 0 or e.anchor < settings.anchor_ratio):  # no anchor term
            continue
        if e.coverage < (settings.min_coverage_named if e.named else settings.min_coverage):
            continue
        far = e.dense < settings.min_dense or e.dense_ratio < settings.min_dense_ratio
        if far and e.coverage < settings.full_coverage and (settings.named_dense_floor or not e.named):
            continue  # a passage not about the topic, unless this sentence says every word of it or the name
        seen.add((e.hit.doc_id, e.start))
        found.append(_Candidate(round(e.coverage + 0.5 * e.dense + 0.5 * e.judged, 4), e.coverage, e.hit, e.start,
                                e.end, e.text))
    found.sort(key=lambda c: (-c.score, c.hit.rank, c.start))
    return found


def qualifying_sentences(topic: str, hits: list[Hit], bm25: BM25Index, settings: ListSettings = ListSettings(),
                         polarity: str | None = None, units=None, councils: tuple[str, ...] = ()) -> list[_Candidate]:
    """Every sentence of `hits` that says what the topic asks (per-row abstention), best first.

    A sentence qualifies when its passage is close enough to the topic in meaning (dense cosine
    >= min_dense and >= min_dense_ratio of the best retrieved passage's cosine; not needed when
    the sentence carries every topic term, full_coverage) and it carries
    >= min_coverage of the topic's idf weight, or >= min_coverage_named when it contains one of
    the capitalised names the topic asks about, written as in the question (such a sentence
    needs no dense floor unless named_dense_floor is set). When the topic
    names something, the name is required; written in another case ("lifelong links" for
    "Lifelong Links", but also "a turning point" for "Turning Point") it needs min_coverage.
    A sentence without the name must also hold an anchor: a topic term whose weight is at least
    anchor_ratio of the heaviest (the rare words that carry the question, e.g. "prescriptions"
    in "free prescriptions for care leavers"). Score = coverage + 0.5 * dense cosine of its passage (+ 0.5 when it uses the question's judgement word, `SentenceEvidence.judged`). Duplicates (the same
    sentence in overlapping passages) are kept once, cited to the better-ranked passage. `units`,
    `councils`: as for sentence_evidence."""
    return select_sentences(sentence_evidence(topic, hits, bm25, settings, polarity, units, councils), settings)


def compose_rows(topic: str, hits: list[Hit], bm25: BM25Index, settings: ListSettings = ListSettings(),
                 polarity: str | None = None, units=None, councils: tuple[str, ...] = ()) -> tuple[ListRow, ...]:
    """Rows of a list answer: one per council (a document's authority field; joint letters
    keep their joint name), its letters grouped newest first (`newest_first`; doc_ids, dates and
    sentences in that order), each letter's best sentences, strongest first, cited to the
    passage (hit rank) they come from. Rows are ordered by their best sentence's score. `units`,
    `councils`: as for sentence_evidence."""
    by_letter: dict[str, list[_Candidate]] = {}
    for candidate in qualifying_sentences(topic, hits, bm25, settings, polarity, units, councils):
        chosen = by_letter.setdefault(candidate.hit.doc_id, [])
        if len(chosen) < settings.max_sentences_per_letter and not any(
                c.start < candidate.end and candidate.start < c.end for c in chosen):  # a lead-in's item quoted twice
            chosen.append(candidate)
    by_council: dict[str, list[list[_Candidate]]] = {}
    for letter in by_letter.values():  # letters in order of their best sentence
        council = letter[0].hit.authority or "unknown authority"
        by_council.setdefault(council, []).append(letter)
    rows = []
    for council, letters in by_council.items():
        letters = newest_first(letters, lambda letter: letter[0].hit.date)
        sentences = tuple(AnswerSentence(text=c.text, citation=c.hit.rank, doc_id=c.hit.doc_id, start=c.start,
                                         end=c.end, score=c.score) for letter in letters for c in letter)
        first = [letter[0].hit for letter in letters]
        rows.append(ListRow(rank=0, authority=council, doc_ids=tuple(h.doc_id for h in first),
                            titles=tuple(h.title for h in first), dates=tuple(h.date for h in first),
                            kinds=tuple(h.kind for h in first), sentences=sentences,
                            score=max(s.score for s in sentences)))
    rows.sort(key=lambda r: (-r.score, r.authority))
    return tuple(dataclasses.replace(r, rank=n) for n, r in enumerate(rows, start=1))


NO_ROWS = no_rows_line(0, 0)


# words that ask for the press itself (a kind of document), not "reported", which letters say too
_NEWS_WORDS = re.compile(r"\b(?:news|newspapers?|press)\b", re.IGNORECASE)


# how a question asks for the news, which list_filters makes a kind: no part of the topic
_NEWS_FRAME = re.compile(r"\b(?:(?:been\s+)?(?:reported|covered|mentioned|featured|named)\s+)?(?:in|by|on)\s+(?:the\s+)?"
                         r"(?:local\s+|national\s+)?(?:news(?:papers?)?|press|media)\b|\b(?:news(?:papers?)?|press)\b",
                         re.IGNORECASE)


def news_topic(topic: str) -> str:
    """The topic without the words asking for the news ("in the news for agency staff?" -> "for
    agency staff?"): list_filters turns them into the news kind, and as topic words they match
    any sentence ("news" is the keyword token "new"). The topic unchanged when nothing else is left
    ("in the news?")."""
    rest = " ".join(_NEWS_FRAME.sub(" ", topic).split())
    return rest if keyword_tokens(rest) else topic


# an Ofsted grade (schema.JUDGEMENTS) with the words saying it is a grade, before it ("rated",
# "ratings of", "judged to be") or after it ("inadequate ratings", "an outstanding judgement")
_GRADE_WORD = r"outstanding|good|requires\s+improvement(?:\s+to\s+be\s+good)?|inadequate"
_GRADE_NOUNS = r"(?:overall\s+)?(?:grades?|ratings?|judgements?|judgments?|verdicts?)"
_AS_GRADE = re.compile(rf"\b(?:{_GRADE_NOUNS}|rated|judged|graded)\s+(?:of\s+|as\s+)?(?:(?:to\s+)?be\s+)?"
                       rf"([‘'\"“]?(?:{_GRADE_WORD})[’'\"”]?)|\b((?:{_GRADE_WORD}))[’'\"”]?\s+{_GRADE_NOUNS}\b",
                       re.IGNORECASE)


def grade_topic(topic: str) -> str:
    """The topic with an Ofsted grade as its word, not the words saying it is one: "for inadequate
    ratings?" -> "for inadequate?", "for being rated inadequate?" -> "for being inadequate?". A news
    question asking for a grade is answered from sentences stating the grade (the grade word is the
    topic, `asked_polarity` finding nothing else to judge), as "reported in the news as inadequate?"
    is: kept as a term, "ratings" matched any sentence on ratings ("... achieving similar ratings")."""
    return " ".join(_AS_GRADE.sub(lambda m: m.group(1) or m.group(2), topic).split())


def list_filters(query: str, filters: Filters | None) -> Filters:
    """The user's filters plus what the question itself restricts: a kind it names ("which joint
    inspections ...", news articles when it says "news" or "press") and the years it names (from
    the first to the last). A list is of what the letters say: news articles are left out unless
    the question or the filters ask for them ("... reported in the news", include_news=True, a
    kind filter naming them); a question asking for the news gets the news articles."""
    filters = filters or Filters()
    ctx = analyse(query)
    if filters.include_news is None and NEWS_KIND not in ctx.kinds:
        filters = dataclasses.replace(filters, include_news=False)
    kinds = tuple(k for k in ctx.kinds if k != NEWS_KIND)
    if _NEWS_WORDS.search(query):  # "... reported in the news", "in the press": the news articles themselves
        kinds += (NEWS_KIND,)
    if kinds and not filters.kind:
        filters = dataclasses.replace(filters, kind=kinds)
    if ctx.years and not (filters.since or filters.until):
        filters = dataclasses.replace(filters, since=parse_date_bound(str(min(ctx.years)), end=False),
                                      until=parse_date_bound(str(max(ctx.years)), end=True))
    return filters


def phrase_hits(index, topic: str, hits: list[Hit], filters: Filters | None, limit: int) -> list[Hit]:
    """Passages holding a name the topic asks about (`names_in`, in any case, words in order)
    that `hits` lack: found through the BM25 postings of the name's words (`Index.chunks_containing`),
    checked against the passage text, the `limit` with the highest BM25 score for the topic kept.
    Ranked after `hits`, so citations stay valid. A name dense retrieval ranks low (a local
    service such as "Healthy Young Minds") still reaches the per-row thresholds this way."""
    names = names_in(topic, tuple(index.own_councils.find(topic)))
    loose = _name_pattern(names, re.IGNORECASE)
    if loose is None or limit < 1:
        return []
    have = {h.chunk_id for h in hits}
    found: set[int] = set()
    for name in names:
        terms = keyword_tokens(name)
        if terms:
            found.update(int(i) for i in index.chunks_containing(terms, filters) if int(i) not in have)
    found = {i for i in found if loose.search(index.chunk_text(i))}
    if not found:
        return []
    scores = index.bm25.scores(expand_keyword_query(topic))
    chosen = sorted(found, key=lambda i: (-scores[i], i))[:limit]
    return index.hits_for(topic, chosen, len(hits) + 1)


def list_hits(index, query: str, filters: Filters | None = None, mode: str = "hybrid",
              settings: ListSettings = ListSettings()) -> tuple[str, list[Hit]]:
    """(topic, passages) a list question is answered from: the topic searched `settings.depth`
    deep (the question's own filters added, `settings.dense_weight` in the fusion when set), then
    up to `settings.phrase_passages` more that hold a name it asks about (`phrase_hits`). Every
    hit has its dense cosine to the topic, whatever the mode."""
    query = clean_query(query)
    topic = grade_topic(news_topic(topic_of(query)))
    filters = list_filters(query, filters)
    fusion = None
    if settings.dense_weight is not None:
        fusion = dataclasses.replace(index.fusion, dense_weight=settings.dense_weight)
    hits = index.search(topic, k=settings.depth, mode=mode, filters=filters, fusion=fusion)
    if hits and hits[0].dense_score is None:  # keyword mode: the cosine still decides a row
        scores = index.cosines(topic, [h.chunk_id for h in hits])
        hits = [dataclasses.replace(h, dense_score=round(scores[h.chunk_id], 6)) for h in hits]
    if settings.phrase_passages:
        hits = hits + phrase_hits(index, topic, hits, filters, settings.phrase_passages)
    return topic, hits


def answer_list(index, query: str, filters: Filters | None = None, mode: str = "hybrid",
                settings: ListSettings = ListSettings()) -> Answer:
    """Answer a list question on an open `Index`: search the topic `settings.depth` passages deep
    (filters applied), keep the sentences that say it, group them into rows.

    The Answer has `rows` (ListRow, best first), `sentences` (every row's sentences, in row
    order), `hits` (the retrieved passages the citations point into) and `message` (the
    summary line, or NO_ROWS when no row qualifies: then `answered` is False). When passages that
    could hold a row were left unread by the depth (`unread_passages`), the summary line says the list
    may be incomplete (`cut_off_note`; with no row, `no_rows_line`); signals["passages_read"] and
    ["passages_unread"] count them. A question asking
    which councils got a grade, or went from one grade to another, is answered from the letters'
    grades instead (search/grade_list.py, search/grade_change.py), unless it asks for the news (the
    filters or its words: "... reported in the news"). `confidence` is None: a list answer has no
    calibrated probability (signals["confidence"] says so); rows[].score ranks the rows."""
    from search.grade_change import answer_grade_change, grade_change_request
    from search.grade_list import answer_grade_list, grade_request

    started = time.perf_counter()
    query = clean_query(query)
    news = (filters is not None and (filters.include_news or NEWS_KIND in filters.kind)) or NEWS_KIND in analyse(query).kinds
    change = None if news else grade_change_request(query)
    if change is not None:  # "which councils improved from inadequate to good?": from the letters' grades
        return answer_grade_change(index, query, change, filters, started)
    request = grade_request(query)
    if request is not None and not news:  # "which councils were judged inadequate in 2023?": from the letters' grades
        return answer_grade_list(index, query, request, filters, started)
    topic, hits = list_hits(index, query, filters, mode, settings)
    polarity, councils = asked_polarity(query), tuple(index.own_councils.find(topic))
    if polarity and not topic_weights(topic, index.bm25, polarity, councils):
        polarity = None  # the judgement is all the topic says ("reported in the news as inadequate"): its words are the topic
    rows = compose_rows(topic, hits, index.bm25, settings, polarity, index.passage_units, councils)
    sentences = tuple(s for row in rows for s in row.sentences)
    absence = topic_absence(topic, index.bm25, settings, polarity, councils)
    unread = unread_passages(index, topic, hits, list_filters(query, filters), settings, polarity, councils)
    elapsed = round((time.perf_counter() - started) * 1000, 2)
    signals = {"list": True, "topic": topic, "confidence": LIST_CONFIDENCE_NOTE, "passages_read": len(hits),
               "passages_unread": unread}
    if absence:
        signals["absence"] = absence
    message = summary_line(rows, absence) + cut_off_note(len(hits), unread) if rows else no_rows_line(len(hits), unread)
    return Answer(query, bool(rows), sentences, tuple(hits), None, message, elapsed_ms=elapsed, signals=signals,
                  rows=rows)


def unread_passages(index, topic: str, hits: list[Hit], filters: Filters | None, settings: ListSettings = ListSettings(),
                    polarity: str | None = None, councils: tuple[str, ...] = ()) -> int:
    """How many passages (within `filters`) the list did not read (`hits` lack them) that could hold a
    row: those holding every word of a name the topic asks about (`names_in`), or every word of the
    term of art it is (list_quotes.topic_compound), or else one of its anchor terms (a row's sentence
    must hold one: `select_sentences`). 0 when every such
    passage was read; then the list is all the letters say in those words. Found through the BM25
    postings (`Index.chunks_containing`): milliseconds."""
    names = names_in(topic, councils)
    weights = topic_weights(topic, index.bm25, polarity, councils)
    compound = () if names or not weights else topic_compound(topic, weights, _minor_terms(topic, councils))
    if names:
        wanted = [keyword_tokens(name) for name in names]
    elif compound:  # "areas for priority action": a row's sentence holds the whole term
        wanted = [list(compound)]
    else:
        anchors = _anchors(weights, settings)
        wanted = [[t] for t, term in [*((a, a) for a in anchors), *synonym_aliases(weights).items()] if term in anchors]
    found: set[int] = set()
    for terms in wanted:
        if terms:
            found.update(int(i) for i in index.chunks_containing(terms, filters))
    return len(found - {h.chunk_id for h in hits})


def topic_absence(topic: str, bm25: BM25Index, settings: ListSettings = ListSettings(), polarity: str | None = None,
                  councils: tuple[str, ...] = ()) -> str:
    """What the topic asks to be absent (`asked_absence` of its anchor terms, as sentence_evidence
    reads them: "no areas for priority action"), "" when it asks for no absence."""
    weights = topic_weights(topic, bm25, polarity, councils)
    if not weights:
        return ""
    if polarity is not None:
        return ""  # "... had no weaknesses ...": a finding asked for, states_polarity reads it
    return asked_absence(topic, _anchors(weights, settings), _name_pattern(names_in(topic, councils), re.IGNORECASE))
