"""Polarity in list answers: whether a list question asks where the letters found something
wanting ("Which councils were told their chronologies were poor?") or praised it ("... praised for
...", "... strong ..."), and whether a letter's sentence judges the topic that way.

A sentence is cut into clauses at punctuation and contrast words (`CLAUSE_BREAK`); a clause that
carries the topic must state the polarity asked (`states_polarity`). The cues are data
(`NEGATIVE_CUES`, `POSITIVE_CUES`). Pure functions of text and keyword tokens (indexer.keywords).
"""
from __future__ import annotations

import re

from indexer.keywords import keyword_tokens

# what a question says when it asks where the letters found something wanting, or praised it
_ASKS_NEGATIVE = re.compile(
    r"\b(?:poor(?:ly)?|weak(?:ly|ness|nesses)?|inadequate(?:ly)?|insufficient(?:ly)?|ineffective(?:ly)?|"
    r"not\s+(?:good|effective|strong|robust|well)(?:\s+enough)?|(?:not\s+)?good\s+enough|requires?\s+improvement|"
    r"unacceptabl[ey]|criticis(?:e|ed|es)|criticiz(?:e|ed|es)|deficient|substandard|sub-standard|lacking|"
    r"shortcomings?|failings?|failing|low[- ]quality)\b", re.IGNORECASE)
_ASKS_POSITIVE = re.compile(
    r"\b(?:praised?|commended|good|strong|excellent|outstanding|effective(?:ly)?|high[- ]quality|strengths?)\b",
    re.IGNORECASE)
# what a clause of a letter says when it finds something wanting; a negation ("not", "no",
# "lack") turns any praise in the same clause into a finding against
NEGATIVE_CUES = re.compile(
    r"^\s*(?:ensure|improve|introduce|develop|strengthen|review|increase|reduce|address)\b|"  # a recommendation
    r"\b(?:not|no|never|none|nor|without|cannot|isn[’']t|aren[’']t|don[’']t|doesn[’']t|poor(?:ly|er)?|poor-quality|"
    r"weak(?:ly|er|ness|nesses)?|inadequate(?:ly)?|insufficient(?:ly)?|ineffective(?:ly)?|inconsisten(?:t|tly|cy|cies)|"
    r"variab(?:le|ly|ility)|var(?:y|ies|ied)|limited|lack(?:s|ing|ed)?|absence|incomplete|"
    # "missing" as a shortfall ("information is missing"), not children who go missing
    r"(?<!\bgo )(?<!\bgoes )(?<!\bgoing )(?<!\bwent )(?<!\bgone )(?<!\bbeen )(?<!\breported )(?<!\bchildren )"
    r"missing(?!\s+(?:from\s+(?:home|care|education|school)|episodes?|children|young|incidents?|persons?|"
    r"co-?ordinators?|teams?|protocols?|panels?))|"
    r"out[- ]of[- ]date|outdated|fail(?:s|ed|ing|ure|ures)?|deficien(?:t|cy|cies)|shortfalls?|shortcomings?|gaps?|"
    r"unclear|unacceptabl[ey]|too\s+(?:few|many|often|little|long|slow|much)|few|little|only|basic|less\s+than|"
    r"requires?\s+improvement|(?:needs?|need)\s+(?:to\s+)?(?:improv\w*|strengthen\w*|updat\w*)|"
    r"delay(?:s|ed)?|(?:serious|significant|some|have|has|had|raised?|raising|remaining)\s+concerns?|concerns?\s+(?:about|remain|that)|superficial|rarely|seldom|vague|generic|patchy|underdeveloped|under-developed|"
    r"(?:needs?|is\s+needed|is\s+required|remains?)\s+to\s+be\s+done|before\s+(?:services|practice|it|they|the\s+service)\s+(?:are|is|becomes?)\s+good|minimal|onerous|deteriorat\w*|declin\w*|worse|yet\s+to|struggl\w*|unable|difficult\w*|overly|not\s+yet)\b",
    re.IGNORECASE)
POSITIVE_CUES = re.compile(
    r"\b(?:good|strong|stronger|effective(?:ly)?|well|improv(?:e|ed|es|ing|ement|ements)|outstanding|excellent|"
    r"thorough(?:ly)?|comprehensive|robust|detailed|clear(?:ly)?|up[- ]to[- ]date|high[- ]quality|strengths?|"
    r"impressive|timely|consistent(?:ly)?|helpful|useful|valuable|prais\w*|better|purposeful(?:ly)?|meaningful(?:ly)?|"
    r"insightful|analytical|rigorous(?:ly)?|well-maintained|well-written)\b",
    re.IGNORECASE)
# a shortfall the sentence says was put right ("Shortfalls in ... chronologies ... have been addressed")
_RESOLVED = re.compile(r"\b(?:ha(?:ve|s|d)\s+been|were|was|now)\s+(?:\w+\s+)?(?:addressed|resolved|rectified|remedied|"
                       r"overcome|put\s+right)\b", re.IGNORECASE)
# where a sentence's clauses part: semicolons, colons, dashes, commas, and contrast words
CLAUSE_BREAK = re.compile(r"[;:,]|\s[–—-]\s|\b(?:but|however|although|though|whereas|while|whilst|despite|yet)\b",
                           re.IGNORECASE)


def asked_polarity(question: str) -> str | None:
    """'negative' when the question asks where the letters found something wanting ("which
    councils were told their chronologies were poor?", "... criticised for ...", "... not good
    enough"), 'positive' when it asks where they praised it ("... praised for ...", "... strong
    ..."), None otherwise (most list questions: "which letters mention Kooth?")."""
    if _ASKS_NEGATIVE.search(question):
        return "negative"
    return "positive" if _ASKS_POSITIVE.search(question) else None


def judgement_words(topic: str) -> frozenset[str]:
    """The keyword tokens of the topic's judgement words ("poor", "good enough"): checked as the
    sentence's polarity (`clause_polarity`), not counted as topic terms."""
    found = [m.group(0) for p in (_ASKS_NEGATIVE, _ASKS_POSITIVE) for m in p.finditer(topic)]
    return frozenset(keyword_tokens(" ".join(found)))


def clause_polarity(clause: str) -> str | None:
    """'negative' when the clause finds something wanting (a NEGATIVE_CUES word: "poor", "not",
    "lack", "variable", "out of date", ...; a negation makes praise a finding against),
    'positive' when it only praises (POSITIVE_CUES), None when it judges nothing."""
    if NEGATIVE_CUES.search(clause):
        return "negative"
    return "positive" if POSITIVE_CUES.search(clause) else None


def states_polarity(sentence: str, polarity: str, carries_topic) -> bool:
    """Does `sentence` judge the topic as `polarity` ('negative' or 'positive')? Its clauses are
    cut at punctuation and contrast words ("but", "however", "although", ...); a clause that
    carries the topic (`carries_topic(clause)` is True) must state that polarity, or, when it
    judges nothing ("Case files contain chronologies"), the clause after it must ("but they vary
    in quality"). "However, chronologies submitted to court are of good quality" is positive, and a
    shortfall the sentence says was put right ("... have been addressed") is not negative; praise
    counts only in a sentence with no finding against ("although up to date, ... variable")."""
    if polarity == "negative" and _RESOLVED.search(sentence):
        return False  # the shortfall is reported as put right
    if polarity == "positive" and NEGATIVE_CUES.search(sentence):
        return False  # praise only when unqualified: "although up to date, they are variable" is a criticism
    cuts = [0, *(m.start() for m in CLAUSE_BREAK.finditer(sentence)), len(sentence)]
    clauses = [sentence[a:b] for a, b in zip(cuts, cuts[1:]) if sentence[a:b].strip(" ,;:")]
    for i, clause in enumerate(clauses):
        if not carries_topic(clause):
            continue
        said = clause_polarity(clause)
        if said is None and i + 1 < len(clauses):
            said = clause_polarity(clauses[i + 1])
        if said == polarity:
            return True
    return False
