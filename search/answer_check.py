"""Whether the quoted sentences hold the kind of thing a question asks for.

The abstention model (search/abstain.py) weighs how close the passages are to the question. A
question about a council the letters cover, asking for a thing they never state, can be close on
every feature: "Who is the leader of Kent County Council?" matches "Leaders across Kent County
Council demonstrate that they are ambitious parents ..." (0.89), "How much does Surrey pay its
foster carers each week?" a sentence about Surrey's foster carers with no amount in it (0.81).
The sentences match the question's words, but none is an answer of the kind asked for, the
expected answer type of factoid question answering (Moldovan et al., ACL 2000; Prager et al.,
SIGIR 2000; search/answer_type.py). Three kinds of answer are checked, each only when the question's
wording asks for it, and an answer none of whose quoted sentences holds one is declined (the
evidence model's confidence is kept, and shown with the reason):

- an amount of money ("how much ... spend / cost / pay", "what was the ... budget / salary"): a
  sum in pounds, or that none is due ("exempt from council tax", "free of charge");
- a count ("how many", any other "how much", "what share / proportion / percentage / number of"): a number
  as search.answer_type reads one (digits, "half", "most", "a minority" ...); for "how many", a count
  (digits or a number word, not a date's nor a percentage: "most social workers", "a few" or "72%"
  is no count). Not a duration,
  frequency or speed ("how long", "how often", "how quickly"): letters answer those in words
  ("within timescales", "too long");
- the name of whoever holds a post ("who is the leader of ...", "who was Kent's lead member", "what
  is the name of the independent chair of ..."): a
  name the question does not itself hold (a title and a name, or two or more capitalised words
  that are not the question's words, such as its council, nor the words of a body's name, nor
  initials: Merton's "The DCS, assistant director ..." names no one). Who
  inspected is search/inspectors.py's, and a question about what someone does ("who chairs the
  panel?") can be answered by a role.

A question asking what a body or person other than the inspectors said or found, named in two or more
capitalised words ("What did the Local Government and Social Care Ombudsman find against Tower
Hamlets ...?", "What did the BBC Panorama investigation reveal ...?"), needs a quoted sentence naming
them: the letters report Ofsted's findings, and a sentence on the same topic is not the body's.

A question asking how a school, college, nursery or hospital it names was graded ("What grade
did St Mary's Church of England Primary School in Bury get from Ofsted?", "How was St Mary's
primary school in Bury graded?"; not the council's "virtual school" or its schools), or which schools
have a grade ("Which schools in Bury are outstanding?"), is declined whatever is quoted: the grade a letter's judgement table states is the council's children's services', and the
letters grade no school (Bury's grade was quoted for it).
"""
from __future__ import annotations

import dataclasses
import re
from functools import lru_cache

from indexer.keywords import keyword_tokens
from search.answer_type import NUMBER, expected_answer_type, sentence_answer_types, without_dates
from search.rerank import GRADE_QUESTION
from search.types import Answer

MONEY, COUNT, PERSON, INSTITUTION, SOURCE, ORGANISATION = (
    "money", "count", "person", "institution", "source", "organisation")

_MONEY_WORDS = (r"spend|spends|spent|spending|cost|costs|costing|pay|pays|paid|charge|charges|charged|budget|budgets|"
                r"invest|invests|invested|investment|overspend|overspent|underspend|underspent|save|saved|earn|earns|"
                r"earned|owe|owes|owed|borrow|borrowed|salary|salaries|wage|wages|fee|fees|price|prices|tax|debt|"
                r"debts|deficit|grant|grants|allowance|allowances|funding|money|rent")
_MONEY_QUESTION = re.compile(
    rf"\bhow much\b[^?]*?\b(?:{_MONEY_WORDS})\b|"
    r"\bwhat (?:is|was|are|were|will)\b[^?]{0,60}?\b(?:salary|salaries|wages?|budget|debt|deficit|overspend|"
    r"underspend|cost|price|fees?|council tax)\b|"
    r"\bwhat (?:\w+ )?(?:salary|wage|fee|price)\b", re.IGNORECASE)
# a sum in pounds, or none due
_MONEY = re.compile(r"£\s?\d|\b\d[\d,.]*\s?(?:pounds|million pounds|billion pounds)\b|"
                    r"\b(?:exempt|exemption|exempted|free of charge|at no cost|no charge|waived)\b", re.IGNORECASE)
_COUNT_QUESTION = re.compile(r"\b(?:how (?:many|much)|what (?:share|proportion|percentage|per ?cent(?:age)?|number|"
                             r"fraction|ratio) of)\b", re.IGNORECASE)
# "who is the leader of ...", or "what is the name of the <post-holder>" (not of a team or a scheme)
_POSTS = (r"chair|chairman|chairperson|chief executive|director|leader|head|headteacher|head teacher|mayor|"
          r"commissioner|MP|councillor|lead member|cabinet member|manager|officer|principal|scrutineer")
_IDENTITY_QUESTION = re.compile(r"(?:^|[,;:]\s*)who (?:is|was|are|were) (?:the|its|their|[\w’'-]+(?:'s|’s)) |"
                                rf"\bwhat (?:is|was|are|were) the names? of (?:the|its|their|[\w’'-]+(?:'s|’s)) "
                                rf"(?:[\w’'-]+ ){{0,4}}?(?:{_POSTS})s?(?=\s+(?:of|for|in|at|on)\b|\s*[?,.]|\s*$)",
                                re.IGNORECASE)
# a school, college or nursery named ("St Mary's Church of England Primary School", "Leeds City College")
_INSTITUTION = re.compile(r"\b[A-Z][\w’'-]*(?:\s+(?:of|and|the|upon|on|[A-Z][\w’'-]*))*\s+"
                          r"(?:School|Academy|College|Nursery|University|Hospital)s?\b")
# the same in lower case after a name ("St Mary's primary school", "the Little Acorns nursery", "Oakwood
# academy"): one school, so singular, and only a kind of school between the name and the word; the name is
# a saint's ("St Mary's") or capitalised words not a council's possessive ("Bury's schools", "Bury's
# virtual school" are the council's) nor a question's opening ("Which school ...")
_NOT_A_NAME = r"(?:Which|What|Whose|How|The|This|That|Each|Every|Any|Its|Their|Did|Does|Do|Was|Were|Is|Are|Has|Have)\b"
_INSTITUTION_LOWER = re.compile(
    rf"(?:\b(?:St|Saint)\.?\s+[A-Z][\w’'-]*|"
    rf"\b(?!{_NOT_A_NAME})[A-Z][\w-]*(?:\s+(?!{_NOT_A_NAME})[A-Z][\w-]*)*(?![\w’']))"
    r"\s+(?:(?:church of england|c of e|catholic|roman catholic|community|infant|junior|primary|secondary|high|"
    r"grammar|special|free|girls[’']?|boys[’']?)\s+)*(?:school|academy|college|nursery|university|hospital)"
    r"(?![\w’'])")
# which (or how many) schools, nurseries, colleges have a grade: the schools' own inspections, not the council's
_WHICH_SCHOOLS = re.compile(
    r"\b(?:which|what|how many|name the|list the)\s+(?:[\w’'-]+\s+){0,2}?(?<!virtual )"
    r"(?:schools?|academies|academy|nurseries|nursery|colleges?)\b(?![’']s)[^?]*?"
    r"\b(?:outstanding|good|inadequate|requires? improvement|rated|graded|judged|grades?|ratings?)\b", re.IGNORECASE)
_INSPECTORS = re.compile(r"\b(?:inspectors?|HMIs?)\b", re.IGNORECASE)
_TITLED = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Dr|Professor|Cllr|Councillor|Sir|Dame|Lord|Lady|Baroness)\.? [A-Z]")
_CAPITALISED_RUN = re.compile(r"\b[A-Z][\w’'-]*(?:\s+(?:[A-Z]\.\s+)?[A-Z][\w’'-]*)+")
# words of the names of councils and bodies: capitalised, they are no one's name
_BODY_WORDS = frozenset(keyword_tokens(
    "the this that these a an council councils county borough city district metropolitan royal london "
    "children services service social care board partnership safeguarding local authority trust police "
    "constabulary nhs health commission quality ofsted court family hospital school academy college "
    "university group clinical commissioning department education government office inspectorate probation "
    "youth justice offending team hub panel centre unit agency directorate cabinet executive chief director "
    "leader lead member mayor assistant deputy head corporate parenting independent officer her his majesty "
    "england english integrated front door early help virtual"))


# "What did <someone> say / find / conclude ...": what a body or person other than the inspectors said
_SAID_BY = re.compile(r"\b(?:what|how)\s+(?:did|does|do|has|have|had|was|were|is|are)\s+(?P<who>[^?]{3,120}?)\s+"
                      r"(?:say|said|find|found|conclude|concluded|reveal|revealed|recommend|recommended|report|reported|"
                      r"rate|rated|judge|judged|grade|graded|give|gave|describe|described|think|thought|criticise|"
                      r"criticised|praise|praised|uncover|uncovered|decide|decided)\b", re.IGNORECASE)


@lru_cache(maxsize=256)
def source_named(query: str) -> str | None:
    """The body or person a question asks what they said or found, named in two or more
    capitalised words ("What did the Local Government and Social Care Ombudsman find against Tower
    Hamlets ...?": "Local Government and Social Care Ombudsman"); None when it asks what Ofsted,
    the inspectors or a council said, or names no one so."""
    from search.named_things import named_phrases
    from search.query import analyse

    said = _SAID_BY.search(query)
    if not said or _INSPECTORS.search(said.group("who")):
        return None  # ("What did Lead Inspector Andy Waugh say ...": the letter is the inspectors')
    names = named_phrases(said.group("who"), analyse(said.group("who")))
    return names[0] if names else None


# "Which charity developed ...?", "Which organisation licenses ...?", "Who founded ...?": an organisation's name
_ORGANISATION_QUESTION = re.compile(
    r"\b(?:which|what)\s+(?:(?:national|voluntary|independent|private|external|third[- ]sector)\s+)?(?:charity|charities|"
    r"organisations?|organizations?|compan(?:y|ies)|universit(?:y|ies)|firms?|bodies|body)\b|"
    r"(?:^|[,;:]\s*)who\s+(?:first\s+|originally\s+)?(?:developed|created|founded|designed|invented|devised|pioneered)\b",
    re.IGNORECASE)
# capitalised words that name no organisation: a month, a day, the inspectorate, a sentence's "The"
_NOT_ORGANISATION = frozenset(keyword_tokens(
    "the this that these those a an it its their there january february march april may june july august september "
    "october november december monday tuesday wednesday thursday friday saturday sunday ofsted his her majesty "
    "majesty's inspector inspectors lead"))


def names_organisation(text: str, query: str) -> bool:
    """Whether `text` names an organisation the question `query` does not: a capitalised word or run
    of them ("Family Rights Group", "Barnardo’s", "NSPCC"), not the sentence's first word, not only
    words of the question, of a council's name (search.council_spelling.council_name_words), or of a
    month, a day or the inspectorate (_NOT_ORGANISATION)."""
    from search.council_spelling import council_name_words

    asked = set(keyword_tokens(query)) | _NOT_ORGANISATION | council_name_words()
    for found in _CAPITALISED_WORDS.finditer(text):
        if found.start() == len(text) - len(text.lstrip()) or re.search(r"[.!?:]\s*$", text[:found.start()]):
            continue  # a sentence's (or a label's) first word is capitalised anyway
        if any(word not in asked for word in keyword_tokens(found.group(0))):
            return True
    return False


_CAPITALISED_WORDS = re.compile(r"\b[A-Z][\w’'&-]*(?:\s+(?:of|and|for|the|&)?\s*[A-Z][\w’'&-]*)*")


def asked_kind(query: str) -> str | None:
    """MONEY, COUNT or PERSON when the question's wording asks for an amount of money, a count or
    the name of whoever holds a post; INSTITUTION when it asks how a school, college, nursery or
    hospital it names was graded, or which schools have a grade; SOURCE when it asks what a body it
    names said or found (source_named); ORGANISATION when it asks which organisation (module
    docstring); None for any other question."""
    if GRADE_QUESTION.search(query) and (_INSTITUTION.search(query) or _INSTITUTION_LOWER.search(query)):
        return INSTITUTION
    if _WHICH_SCHOOLS.search(query):  # "Which schools in Bury are outstanding?": no letter names them
        return INSTITUTION
    if _MONEY_QUESTION.search(query):
        return MONEY
    if _COUNT_QUESTION.search(query) and expected_answer_type(query) == NUMBER:
        return COUNT
    if _IDENTITY_QUESTION.search(query) and not _INSPECTORS.search(query):
        return PERSON
    if source_named(query):
        return SOURCE
    if _ORGANISATION_QUESTION.search(query):
        return ORGANISATION
    return None


def names_someone(text: str, query: str) -> bool:
    """Whether `text` names a person the question `query` does not: a title and a capitalised
    word ("Mrs Hammond", "Councillor Greaves"), or a run of capitalised words ("Margaret Burke") two of
    which are not initialisms or "The" ("The DCS" is a post), none of which is a word of a body's name
    (_BODY_WORDS: "Kent County Council", "Performance Improvement Board", "The Chief Executive" are no
    one's name) and not all of which are the question's; a run over lines is read line by line too (an
    address block's "Rachael Wardell\nDirector of Children, Schools and Families")."""
    if _TITLED.search(text):
        return True
    asked = set(keyword_tokens(query))
    for found in _CAPITALISED_RUN.finditer(text):
        # a run over lines is also read line by line: an address block's "Rachael Wardell\nDirector of ..."
        for run in dict.fromkeys((found.group(0), *found.group(0).splitlines())):
            words = keyword_tokens(run)
            if (len(_name_words(run)) >= 2 and not _BODY_WORDS.intersection(words)
                    and any(word not in asked for word in words)):
                return True
    return False


def _name_words(run: str) -> list[str]:
    """The words of a capitalised run that can be part of a person's name: not an initialism ("DCS",
    "LSCB", an initial "J.") nor a word keyword_tokens drops ("The"). "The DCS" has none."""
    return [word for word in run.split() if not word.isupper() and keyword_tokens(word)]


def holds_kind(text: str, kind: str, query: str) -> bool:
    """Whether one quoted sentence `text` holds an answer of `kind` (MONEY, COUNT, PERSON or
    ORGANISATION) or names the body a SOURCE question asks about; never for INSTITUTION, whose grade
    no letter states."""
    if kind == INSTITUTION:
        return False
    if kind == ORGANISATION:
        return names_organisation(text, query)
    if kind == SOURCE:
        from search.named_things import names_held

        return names_held(text, (source_named(query),))
    if kind == MONEY:
        return bool(_MONEY.search(text))
    if kind == COUNT:
        if _HOW_MANY.search(query):  # "how many days": a count, not "most" or "a few"
            text = _PERCENTAGE.sub(" ", without_dates(text))
            if not _TIME_COUNTED.search(query):  # "for at least two years" counts no children
                text = _DURATION.sub(" ", text)
            return _COUNTED.search(text) is not None
        return NUMBER in sentence_answer_types(text)
    return names_someone(text, query)


_HOW_MANY = re.compile(r"\bhow many\b", re.IGNORECASE)
# a duration, or a school year or key stage, is no count of anything else ("in the same placement for at least two
# years", "at key stage 1"), unless the question counts time ("how many days did the strike last")
_DURATION = re.compile(r"\b(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|"
                       r"twenty|thirty|forty|fifty|a few|several)[\s-]+(?:years?|months?|weeks?|days?|hours?|minutes?)\b|"
                       r"\b(?:key stage|year|years)\s+\d+\b", re.IGNORECASE)
_TIME_COUNTED = re.compile(r"\bhow many\s+(?:\w+\s+)?(?:years?|months?|weeks?|days?|hours?|minutes?|times)\b", re.IGNORECASE)
# a share is no count: "72% in Tameside" does not say how many children are in care
_PERCENTAGE = re.compile(r"\d[\d,.]*\s*(?:%|per\s?cent\b|percent\b)", re.IGNORECASE)
# a count as a number states it: digits or a number word, not a vague "most", "few", "several", "all"
_COUNTED = re.compile(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
                      r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|"
                      r"ninety|hundred|hundreds|thousand|thousands|dozen|dozens|half|third|thirds|quarter|quarters|"
                      r"double|doubled|halved|tripled|single|no one|nobody|none)\b", re.IGNORECASE)


UNMET = {
    ORGANISATION: "it asks which organisation, and none of the sentences that match it names one",
    SOURCE: "it asks what a body or person other than the inspectors said or found, and none of the sentences "
            "that match it names them",
    MONEY: "it asks for an amount of money, and none of the sentences that match it states one",
    COUNT: "it asks for a number, and none of the sentences that match it states one",
    PERSON: "it asks who holds a post, and none of the sentences that match it names anyone",
    INSTITUTION: "it asks how a school, college, nursery or hospital was graded, and the letters grade "
                 "councils' children's services only",
}


def checked_answer(answer: Answer, query: str) -> Answer:
    """`answer` to `query` (the question as asked) declined when the question asks for a kind of
    thing (asked_kind) that none of the answer's quoted sentences holds: no sentences, a message
    saying why (UNMET), signals["unmet"] the kind; the confidence kept (the evidence model's, which
    did not decline it). Unchanged otherwise, and for a list answer or one that quotes nothing."""
    if not answer.answered or answer.rows or not answer.sentences:
        return answer
    kind = asked_kind(query)
    if kind is None or any(holds_kind(s.text, kind, query) for s in answer.sentences):
        return answer
    message = f"The letters do not answer this question: {UNMET[kind]}. The closest passages are shown below."
    return dataclasses.replace(answer, answered=False, sentences=(), message=message,
                               signals={**(answer.signals or {}), "unmet": kind})
