"""Denials in list answers: sentences and questions saying that the thing asked about is absent.

- A sentence denying the topic ("The inspection did not find any areas for priority and immediate
  action") is no row for a question asking who had it (`denied_terms`, `denies_topic`).
- A question asking for the absence ("Which councils had no areas for priority action?", "...
  without ...", "... never had ...") keeps only the sentences stating it (`asked_absence`,
  `states_absence`): the same denials the other way round.
- A denial of more of it ("There are no additional priority actions": the earlier ones remain) states
  no absence (`_MORE`).
- A sentence saying the topic's head word was lessened ("is less reliant on agency staff", "has
  reduced its reliance on ...", "reliance on agency staff has reduced") is no row for a question
  asking who has it ("Which councils rely too much on agency social workers?"), unless the question
  itself asks for less (`reduction_terms`, `reduces_topic`).
A denial covers the first `_DENIAL_REACH` words after it, within its clause (list_polarity's
CLAUSE_BREAK). Pure functions of text and keyword tokens (indexer.keywords).
"""
from __future__ import annotations

import re

from indexer.keywords import keyword_tokens
from search.glossary import synonym_groups
from search.list_polarity import CLAUSE_BREAK

# a word or phrase denying what follows it: "no areas for ...", "none of the ...", "did not find any
# ...", "not ... any"; "not" alone ("has not addressed the areas for priority action") denies the verb
_DENIAL = (r"no|none(?:\s+of(?:\s+the)?)?|nor|neither|never|not\s+(?:\w+\s+){0,3}?any|n[o’']t\s+any|"
           r"(?:did|does|do|was|were|has|have|had)\s+not\s+(?:find|identify|see|raise|highlight)\w*")
_DENIES = re.compile(rf"\b(?:{_DENIAL})\b", re.IGNORECASE)
_DENIAL_REACH = 4  # words after the denial that it covers ("no additional [priority] actions")
# words after a denial that deny only more of the thing, not the thing: "no additional priority actions"
_MORE = re.compile(r"\s*(?:any\s+)?(?:additional|further|new|other|more|extra)\b", re.IGNORECASE)
# a word saying that what follows it was lessened or is small, ending the words before the head word (up
# to three determiners or modifiers between: "reducing a previous heavy reliance"):
# "less reliant", "reduced (its) reliance", "a reduction in reliance", "fewer vacancies"; "reducing" only
# when no intention precedes it ("success in reducing reliance", not "a commitment to reducing reliance")
_LESSENED = (r"fewer|lower|reduced|decreased|diminished|(?<!\bto )(?<!\bof )(?<!\bon )(?<!\bat )(?<!\btowards )"
             r"(?:reducing|decreasing)|(?:reduction|decrease|fall|drop)\s+in")
_MODIFIERS = r"(?:(?:its|their|the|a|an|his|her|this|that|both|previous(?:ly)?|former(?:ly)?|earlier|heavy|heavily|high|over)[\s-]+){0,3}"
_REDUCED_BEFORE = re.compile(
    rf"\b(?:(?:less|minimal|negligible|low|limited|{_LESSENED})\s+{_MODIFIERS}|"
    # ... or of the first of two things ("a reduction in the number of social work vacancies and reliance on ...")
    rf"(?:{_LESSENED})\s+(?:[\w’'-]+\s+){{1,6}}?(?:and|or)\s+{_MODIFIERS})$", re.IGNORECASE)
# ... or after it, as the clause's verb: "reliance on agency staff has (significantly) reduced"
# or "... is (comparatively) low", "is being reduced", "is reducing"
_REDUCED_AFTER = re.compile(r"\b(?:has|have|had|is|are|was|were)\s+(?:been\s+|being\s+)?(?:\w+ly\s+)?(?:reduced|"
                            r"decreased|fallen|fell|declined|lowered|diminished|reducing|decreasing|falling|declining|"
                            r"low|lower|minimal|negligible)\b", re.IGNORECASE)
# ... or before it across a comma: "The rate of staff turnover has fallen, as has the local authority’s reliance on ..."
_REDUCED_AS = re.compile(r"\b(?:reduced|decreased|fallen|fell|declined|lowered|diminished)\s*,?\s+as\s+"
                         r"(?:has|have|had|did|does|is|are)\s+((?:[\w’'-]+\s+){0,4}[\w’'-]+)", re.IGNORECASE)
_REDUCTION_REACH = 6  # words after the head word within which the reduced thing is named ("reliant on [agency] staff")
# a question itself asking for less of something ("which councils have reduced their reliance on ...?",
# "... have low caseloads?"): a reduction is then what it asks for
_ASKS_LESS = re.compile(r"\b(?:less|fewer|low(?:er|est)?|reduc\w*|decreas\w*|declin\w*|fall(?:s|en|ing)?|fell|"
                        r"small(?:er)?|few|no\s+longer|manageable)\b", re.IGNORECASE)
# how a question asks for the absence of what it names: a denial of _DENIES, or "without", "lacking",
# "did not have", "never had" ("which councils had no areas for priority action?", "... without a ...")
_ASKS_FOR = re.compile(
    rf"\b(?:{_DENIAL}|without|lack(?:s|ed|ing)?|not\s+(?:have|had|get|got|receive)\w*|"
    r"(?:didn|doesn|don|hasn|haven|hadn)[’']t\s+(?:have|had|get|got|receive)\w*)\b", re.IGNORECASE)
# a question that itself asks for an absence ("which councils had no areas for priority action?")
_ASKS_ABSENCE = re.compile(r"\b(?:no|not|none|nor|never|without|lack\w*)\b|n[’']t\b", re.IGNORECASE)
# shortfalls a question asking for a negative finding names as the thing found ("serious weaknesses")
_SHORTFALL_NOUNS = frozenset(keyword_tokens("weakness weaknesses shortcoming shortcomings failing failings "
                                            "deficiency deficiencies concern concerns shortfall shortfalls"))


def denied_terms(question: str, polarity: str | None, anchors: set[str], judged: frozenset[str]) -> frozenset[str]:
    """The keyword tokens whose denial in a sentence ("there are no areas for priority action")
    takes the sentence out of the list: the topic's anchor terms for a question with no polarity,
    the shortfall nouns it names ("weaknesses") for one asking for a negative finding; none for a
    question that itself asks for an absence ("... had no ...", "... without ..."), or one asking
    for praise (`states_polarity` already refuses any negation there)."""
    if _ASKS_ABSENCE.search(question):
        return frozenset()
    if polarity is None:
        return frozenset(anchors)
    if polarity == "negative":
        return frozenset(judged & _SHORTFALL_NOUNS)
    return frozenset()


def denies_topic(sentence: str, terms: frozenset[str], names: re.Pattern[str] | None = None) -> bool:
    """True when `sentence` denies one of `terms` (keyword tokens): a denial (`_DENIES`: "no",
    "none of", "did not find any", "not ... any") with a term among the _DENIAL_REACH words after
    it, in the same clause. "The inspection did not find any areas for priority and immediate
    action" denies "priority"; "The local authority has not addressed the areas for priority
    action" does not. Names the question asks about (`names`, e.g. "No Wrong Door") are no denial."""
    return _denial(sentence, terms, names, _DENIES) is not None


def asked_absence(topic: str, terms: frozenset[str], names: re.Pattern[str] | None = None) -> str:
    """What a question's topic asks to be absent, from the denial on: "no areas for priority action"
    for "had no areas for priority action?" ("without", "lacking", "did not have", "never had",
    "none of" and the denials of `denies_topic` ask so), when the denial reaches one of `terms`
    (the topic's anchor terms) as in denies_topic; "" when it asks for no absence ("which councils
    had areas for priority action?", "... use No Wrong Door?": a name, `names`, is no denial).
    A list answer to such a question keeps only the sentences that deny the terms."""
    start = _denial(topic, terms, names, _ASKS_FOR)
    return "" if start is None else " ".join(topic[start:].split()).rstrip(" ?.!")


def states_absence(sentence: str, terms: frozenset[str], names: re.Pattern[str] | None = None) -> bool:
    """True when `sentence` says one of `terms` is absent, as a question asks it (`asked_absence`'s
    denials: those of denies_topic, "without", "lacking", "does not have"): "There are no priority
    actions following this focused visit"; not "We have notified the Department for Education of the
    areas for priority action". A denial of more of it states no absence: "There are no additional
    priority actions" (Nottingham 2021, whose earlier priority actions remain)."""
    return _denial(sentence, terms, names, _ASKS_FOR, more=False) is not None


def _denial(text: str, terms: frozenset[str], names: re.Pattern[str] | None, denials: re.Pattern[str],
            more: bool = True) -> int | None:
    """Where in `text` the first denial (a match of `denials`) reaching one of `terms` starts; None when none does.
    `more`: a denial of more of a term ("no additional ...", `_MORE`) counts."""
    if not terms:
        return None
    if names is not None:
        text = names.sub(lambda m: " " * len(m.group(0)), text)  # same offsets
    for match in denials.finditer(text):
        rest = text[match.end():]
        if not more and _MORE.match(rest):
            continue
        cut = CLAUSE_BREAK.search(rest)
        words = (rest[:cut.start()] if cut else rest).split()[:_DENIAL_REACH]
        if terms & set(keyword_tokens(" ".join(words))):
            return match.start()
    return None


def absence_words(topic: str) -> frozenset[str]:
    """The keyword tokens of the topic's words asking for an absence ("never", "without", "not have":
    `asked_absence`'s denials), whether or not they reach a topic term."""
    return frozenset(keyword_tokens(" ".join(m.group(0) for m in _ASKS_FOR.finditer(topic))))


def reduction_terms(topic: str, polarity: str | None, anchors: frozenset[str],
                    terms: frozenset[str]) -> tuple[frozenset[str], frozenset[str]]:
    """(head, objects): the keyword tokens of the topic's head word with its one-word synonyms
    (search/data/synonyms.json), and the topic's other `terms`, for `reduces_topic`. The head word is
    the topic's first anchor term: "rely" of "rely too much on agency social workers?" (with "reliant",
    "reliance", "dependent", ...), "reliant" of "heavily reliant on agency staff?". Both empty when
    the question asks for less ("reduced their reliance", "low caseloads": `_ASKS_LESS`), for an
    absence, or for praise (polarity 'positive'). `anchors`: the topic's anchor terms; `terms`: all
    its weighted terms (glossary and synonym expansions included)."""
    if polarity == "positive" or _ASKS_LESS.search(topic) or _ASKS_ABSENCE.search(topic):
        return frozenset(), frozenset()
    head = next((t for t in keyword_tokens(topic) if t in anchors), None)
    if head is None:
        return frozenset(), frozenset()
    heads = {head}
    for group in synonym_groups():
        words = [keyword_tokens(p) for p in group]
        if [head] in words:
            heads.update(w[0] for w in words if len(w) == 1)
    return frozenset(heads), frozenset(terms - heads)


def reduces_topic(sentence: str, head: frozenset[str], objects: frozenset[str]) -> bool:
    """True when `sentence` says the head word (`reduction_terms`) was lessened, in a clause that names
    one of `objects` within _REDUCTION_REACH words after it (any object when `objects` is empty): "The
    local authority now has fewer vacancies, is less reliant on agency staff ..." (Darlington 2018),
    "... has reduced its reliance on agency social workers", "Reliance on agency staff has reduced", "the
    reliance on agency staff is comparatively low", "turnover has fallen, as has the ... reliance on agency
    workers"; not
    "... remains too reliant on agency workers", nor an intention ("a commitment to reducing the reliance
    on ...", "to reduce reliance on ...")."""
    if not head:
        return False
    for match in _REDUCED_AS.finditer(sentence):
        after = sentence[match.start(1):]
        if head & set(keyword_tokens(match.group(1))) and (not objects or objects & set(keyword_tokens(
                " ".join(after.split()[:_REDUCTION_REACH + 5])))):
            return True  # "turnover has fallen, as has the local authority’s reliance on agency workers"
    for clause in _clauses(sentence):
        words = clause.split()
        tokens = [keyword_tokens(w) for w in words]
        for i, toks in enumerate(tokens):
            if not head & set(toks):
                continue
            after = {t for ts in tokens[i + 1:i + 1 + _REDUCTION_REACH] for t in ts}
            if objects and not objects & after:
                continue
            before = " ".join(words[max(0, i - 10):i]) + " "
            if _REDUCED_BEFORE.search(before):
                return True  # "less reliant", "reduced its reliance"
            if _REDUCED_AFTER.search(" ".join(words[i + 1:i + 2 + _REDUCTION_REACH])):
                return True  # "reliance on agency staff has reduced"
    return False


def _clauses(sentence: str) -> list[str]:
    cuts = [0, *(m.start() for m in CLAUSE_BREAK.finditer(sentence)), len(sentence)]
    return [sentence[a:b] for a, b in zip(cuts, cuts[1:]) if sentence[a:b].strip(" ,;:")]
