"""Expected answer types: what kind of thing a factoid question asks for, and whether a sentence
holds one.

Matching the question's expected answer type (a number for "how many", a date for "when", a
name for "what is X called") against candidate sentences is a standard step of factoid question
answering (Moldovan et al., "The structure and performance of an open-domain question answering
system", ACL 2000; Prager et al., "Question-answering by predictive annotation", SIGIR 2000). A
passage whose best-matching sentence also holds the kind of thing asked for is likelier to be the
one that answers. Types are recognised by the question's opening words and by regular
expressions over the sentence; no type (None) for questions that ask for an account ("what did
inspectors say about ...").
"""
from __future__ import annotations

import re
from functools import lru_cache

NUMBER, DATE, NAME, PERSON = "number", "date", "name", "person"

# the question's opening (after "In 2019," / "According to ...,"): its expected answer type
_QUESTION_TYPES = (
    (NUMBER, re.compile(r"\b(?:how (?:many|much|often|long|quickly|far)|by how much|what (?:share|proportion|"
                        r"percentage|per ?cent(?:age)?|number|fraction|ratio)|how big|how large|"
                        r"(?:percentage|proportion|share|number) of)\b", re.IGNORECASE)),
    (DATE, re.compile(r"(?:^|[,;:]\s*)(?:when (?:did|was|were|is|are|does|do|will|would|had|has|can|could)\b|since when\b|what (?:date|year|month)\b|in which (?:year|month)\b)",
                      re.IGNORECASE)),
    (NAME, re.compile(r"\b(?:what(?: is|'s|’s) (?:the name|it called)|what (?:is|was|are|were) (?:the )?names? of|"
                      r"what (?:is|was|are|were) \w+(?:'s|’s)? [\w ]{0,40}? called|called what|named what|"
                      r"what (?:does|do|did) [\w ’'-]{1,60}? call)\b|\b(?:called|known as|named)\s*(?:\([^)]*\))?\?",
                      re.IGNORECASE)),
    (PERSON, re.compile(r"(?:^|[,;:]\s*)who\b|"
                        r"\bwhich (?:inspectors?|HMIs?|person|officer|director)\b", re.IGNORECASE)),
)

# questions whose answer is what a title block states: who inspected, when
BLOCK_QUESTION = re.compile(
    r"\b(who (?:were|was|are|is) the (?:lead )?(?:inspectors?|HMIs?)|(?:lead )?(?:inspectors?|HMIs?) (?:were|was)|"
    r"which (?:inspectors|HMIs)|lead (?:inspectors?|HMIs?)|inspection dates?|dates? of the (?:visit|inspection)|"
    r"when (?:was|were|did)|what dates?)\b",
    re.IGNORECASE)

_NUMBER_WORDS = ("one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|"
                 "fifty|hundred|thousand|half|third|quarter|quarters|thirds|dozen|majority|minority|most|few|several|"
                 "all|none|double|doubled|halved|tripled|per cent|percent")
_MONTH = "January|February|March|April|May|June|July|August|September|October|November|December"
_SENTENCE_TYPES = (
    (NUMBER, re.compile(rf"\d|%|£|\b(?:{_NUMBER_WORDS})\b", re.IGNORECASE)),
    (DATE, re.compile(rf"\b(?:{_MONTH}|(?:19|20)\d\d|spring|summer|autumn|winter|since|until|weeks?|months?|"
                      r"years?|days?)\b")),
    # a name given: "called We Do Care", "known as", a quoted or in-word-capitalised name ("Care4US")
    (NAME, re.compile(r"\b(?:called|named|known as|entitled|branded)\b|[‘“\"'][A-Z][^‘“\"']{1,60}[’”\"']|"
                      r"\b[A-Za-z]*[a-z][A-Z0-9][A-Za-z0-9]*\b|\([A-Z][A-Za-z0-9]{2,}\)|"
                      # a scheme's proper name: "the AXIS project", "Family Scilly service"
                      r"\b(?!The\b|This\b|A\b|An\b)[A-Z][\w’'&-]*(?:\s+[A-Z][\w’'&-]*){0,3}\s+(?:project|scheme|"
                      r"team|service|panel|programme|hub|group|forum|partnership|model|approach|initiative)s?\b")),
    # a person: a title before a name, or two or more capitalised words in a row mid-sentence
    # ("were Steve Lowe and Louise Hocking"), or a role that leads
    (PERSON, re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Dr|Professor|Cllr|Councillor|Sir|Dame)\.? [A-Z]|"
                        r"(?<=[a-z,] )[A-Z][a-z]+ (?:[A-Z]\. )?[A-Z][a-z]+(?:-[A-Z][a-z]+)?\b|"
                        r"\b(?:director|chief executive|lead member|chair|leader|commissioner|inspectors?)\b")),
)


@lru_cache(maxsize=1024)
def expected_answer_type(query: str) -> str | None:
    """NUMBER, DATE, NAME or PERSON for a factoid question (the first that its wording asks
    for), None for any other question."""
    for kind, pattern in _QUESTION_TYPES:
        if pattern.search(query):
            return kind
    return None


@lru_cache(maxsize=1024)
def answer_type_words(query: str) -> frozenset[str]:
    """Keyword tokens (indexer.keywords.keyword_tokens) of the words that say what kind of answer
    the question wants rather than what it is about: "many" in "how many", "share" in "what
    share of", "name" in "what is the name of", "called" in "what is it called". Empty for a
    question of no answer type. Letters state a number or a name without these words ("around
    half", "known as Care4US"), so they are not evidence that a sentence answers."""
    from indexer.keywords import keyword_tokens

    for _, pattern in _QUESTION_TYPES:
        found = pattern.search(query)
        if found:
            return frozenset(keyword_tokens(found.group(0))) & _type_vocabulary()
    return frozenset()


@lru_cache(maxsize=1)
def _type_vocabulary() -> frozenset[str]:
    """The tokens of _TYPE_WORDS (the words of the patterns above that name the answer's kind)."""
    from indexer.keywords import keyword_tokens

    return frozenset(keyword_tokens(_TYPE_WORDS))


# the words of _QUESTION_TYPES' phrases that name the kind of answer, not its topic ("the scheme"
# in "what is the scheme called" is the topic). Not "long", "often", "quickly": letters state such
# answers in those words ("children wait too long", "visited often")
_TYPE_WORDS = ("many much share proportion percentage per cent percent number fraction "
               "ratio big large date year month name names called call named")


# a calendar date or year: its digits are a date, not a count ("26 to 31 March 2023", "2019–20")
_DATE_NUMBERS = re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?(?:\s*(?:to|and|-|–)\s*\d{{1,2}}(?:st|nd|rd|th)?)?\s+"
                           rf"(?:{_MONTH})(?:\s+(?:19|20)\d\d)?|\b(?:19|20)\d\d(?:\s*[-–/]\s*\d{{2,4}})?\b")


def without_dates(sentence: str) -> str:
    """`sentence` with the digits of its dates and years blanked ("26 to 31 March 2023", "2019–20"):
    what is left of its numbers are counts and amounts."""
    return _DATE_NUMBERS.sub(" ", sentence)


@lru_cache(maxsize=16384)
def sentence_answer_types(sentence: str) -> frozenset[str]:
    """The answer types a sentence holds an instance of (a number, a date, a name, a person).
    The digits of a date or a year count as a date, not as a number. Kept per sentence text: the
    second stage (search/rerank.py) and the answer (search/answer.py) ask for the same sentences."""
    undated = without_dates(sentence)
    return frozenset(kind for kind, pattern in _SENTENCE_TYPES
                     if pattern.search(undated if kind == NUMBER else sentence))
