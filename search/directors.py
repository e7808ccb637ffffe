"""Director questions: who is, or was, one council's director of children's services ("Who is the
director of children's services in Tameside?", "Who was the DCS in Merton in 2019?", "Who was
Barnsley's director of children's services at the 2022 JTAI?", "Who runs children's services in Kent?").

The letters name the director in one place that a search for the question's words ranks poorly: the
address block at the top of a focused-visit, monitoring-visit or JTAI letter, before "Dear ...". A
visit letter is addressed to the director by name, then title, each on a line of its own
("Rachael Wardell" / "Director of Children, Schools and Families"); a JTAI letter lists its
addressees one a line, the council's director first ("Sophie Wales, Interim Executive Director of
Children’s Services, Barnsley" / "Metropolitan Borough Council"). Councils give the post many titles
("Corporate Director, People", "Strategic Director for Children and Families", "Executive Director
Children’s Services (DCS)", "Chief Officer for Children’s Services"): a title line holds "Director"
(or "Directors", "(DCS)", "Chief Officer for Children’s Services") and none of the words of another
body's post (a JTAI's health, police and probation addressees). Body text ("The DCS has been in post
since May 2013") is never read: it does not say who.

The answer quotes the name and title, verbatim, of the letter the question means
(search.overview.letters_asked: latest first, or the one of the year, month or kind it names),
and its message says this is who that letter was addressed to, so the post may have changed since.
ILACS and SIF reports have no address block: when the newest letter the question can mean has
none, the newest one that has is quoted, and the message says so (but not past "the latest"
letter when the question asks for it). None when no letter it can mean has one: the usual answer.
"""
from __future__ import annotations

import dataclasses
import re
import time
from typing import NamedTuple, TYPE_CHECKING

from indexer.authorities import authority_key, canonical_authority, field_authorities, related_councils
from indexer.keywords import keyword_tokens
from indexer.schema import NEWS_KIND, DocumentInfo
from search.filters import Filters
from search.improvements import letter_named
from search.overview import asked_context, letters_asked, quoted_answer, topic_words
from search.query import LATEST, QueryContext
from search.types import Answer

if TYPE_CHECKING:
    from search.index import Index

_APOSTROPHE = r"[’']"
# the post asked about: "director of children's services", "DCS", "who runs children's services"
POST = re.compile(rf"\b(?:directors?|head)\s+(?:of|for)\s+(?:the\s+council{_APOSTROPHE}s\s+)?"
                  rf"children{_APOSTROPHE}?s?\s+services\b|"
                  rf"\bDCS\b|\bchildren{_APOSTROPHE}?s?\s+services\s+director\b|"
                  rf"\b(?:runs?|ran|running|heads?|headed|leads?|led|(?:is|was|in)\s+(?:in\s+)?charge\s+of)\s+"
                  rf"(?:the\s+|its\s+|their\s+|[\w-]+{_APOSTROPHE}s\s+)?(?:\w+\s+)?children{_APOSTROPHE}?s?\s+services\b",
                  re.IGNORECASE)
# a question asking who holds the post: "Who is/was ...", "Who's ...", "Who runs ...", "What is the name of
# ...", "Name the ..." (not "Who did the DCS appoint?", "Who reports to the DCS?")
_WHO = re.compile(r"^\W*(?:who(?:\s+(?:is|was|were|are|has\s+been|had\s+been)\b|[’']s\b|\s+(?:currently\s+)?"
                  r"(?:runs|ran|heads|headed|leads|led)\b)|what\s+(?:is|was|were)\s+the\s+names?\s+of\b|name\s+the\b|"
                  r"tell\s+me\s+who\s+(?:is|was)\b)", re.IGNORECASE)
# the words of a director question that say nothing of a topic
DIRECTOR_WORDS = frozenset(keyword_tokens(
    "who whos is was were are been has had the name names called current currently now today new present "
    "interim acting executive corporate strategic statutory director directors dcs head heads headed lead leads led "
    "run runs ran running charge of for children childrens services service council councils local authority "
    "at during time when inspection inspected inspections visit visited visits letter letters jtai focused monitoring "
    "ofsted its their tell me please addressed there then latest last recent most year"))
# the text before "Dear ...": the letter's address block
_DEAR = re.compile(r"^[ \t]*Dear\b", re.MULTILINE)
HEAD_CHARS = 3000  # an address block longer than this is no address block (a report's contents)
# a director's title: "Director" (a council's titles vary) or the few titles the post has without it
_TITLE = re.compile(rf"\b(?i:directors?)\b|\(DCS\)|\bChief Officer for Children{_APOSTROPHE}s Services\b")
# where a title starts after a name on the same line ("Sophie Wales, Interim Executive Director ...",
# "Ms Bernie Brown Director of Children’s Services")
_TITLE_START = re.compile(r"(?:,\s*|\s+)(?=(?:(?:Interim|Acting|Joint|Executive|Corporate|Strategic|Group|Managing|"
                          r"Bi-Borough|Statutory|Deputy|Chief)\s+)*(?:Directors?|Chief Officer)\b)")
# another body's post (a JTAI letter's health, police, probation and partnership addressees)
_OTHER_POST = re.compile(r"\b(?:Nurs\w*|Quality|Clinical|NHS|CCG|Trust|Hospital|Probation|Police|Constab\w*|"
                         r"Commissioning Groups?|Governance|Maternity|Medical|Director of Public Health|Public Health Director|"
                         r"Rehabilitation|Partnership|LSCB|Safeguarding Children Board|Ofsted)\b")
# a person's name (or two: "Graham Reiter and Audrey Kingham"): capitalised words, a title before and
# honours after; a comma may end it
_WORD = r"(?:Mc|Mac|O[’'])?[A-Z][A-Za-z’']*(?:-[A-Z][A-Za-z’']*)?"
_PERSON = rf"(?:(?:Mr|Mrs|Ms|Miss|Dr|Prof|Professor|Sir|Dame|Cllr)\.?\s+)?{_WORD}(?:\s+{_WORD}){{1,3}}"
NAME = re.compile(rf"^{_PERSON}(?:\s+and\s+{_PERSON})?(?:\s+(?:OBE|MBE|CBE|QPM|QC))*\s*,?$")
# words of an address or a body, never of a name ("Wigan Town Hall", "Children’s Services")
_NOT_NAME = re.compile(rf"\b(?:Council|Borough|County|City|Town|Hall|House|Centre|Center|Civic|Street|Road|Square|Lane|"
                       rf"Services?|Children{_APOSTROPHE}?s?|Directorate|Level|Room|Metropolitan|Authority|Offices?|"
                       rf"Building|Buildings|Gateway|Place|Way|Trust|Executive|Director)\b")
# where a title runs on to the next line: it ends with a comma, "and", "of", "&" or a dash
_RUNS_ON = re.compile(rf"(?:,|\band|\bof|\bfor|&|[-–]|\bChildren{_APOSTROPHE}s)\s*$")
_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}\b")  # "CA1 1RD": an address on the title's line
# the rest of a JTAI entry's body on the next line ("Barnsley" / "Metropolitan Borough Council")
_BODY_TAIL = re.compile(r"^[^,]{0,60}\b(?:Council|Borough|local authority|Authority|Services)$")


class Director(NamedTuple):
    """Who a letter is addressed to as its director: the span start:end of its text holding the
    name and the title (one line, or the name's line and the title's lines), and the name and
    title as written (white space collapsed)."""

    start: int
    end: int
    name: str
    title: str


def asks_director(query: str, ctx: QueryContext) -> bool:
    """True for a question asking who is, or was, the director of children's services (POST: also
    "DCS", "who runs/heads/leads children's services") of the one council it names (ctx,
    search.query.analyse), in words that ask who (_WHO), with no topic word once the council, years,
    months, kind of letter, generic words and DIRECTOR_WORDS are taken out. "What did inspectors say
    about the director of children's services in Merton?" asks no name; "Who did the DCS in Merton
    appoint?" has a topic: False."""
    if len(ctx.authorities) != 1 or NEWS_KIND in ctx.kinds or not _WHO.search(query) or not POST.search(query):
        return False
    return not topic_words(keyword_tokens(query), query, ctx, DIRECTOR_WORDS)


def addressed_director(text: str) -> Director | None:
    """The director a letter (`text`: its body, as Index.document(id).text holds it) is addressed
    to: in the address block before its "Dear ..." line, the first line holding a director's title
    (_TITLE, not another body's post: _OTHER_POST) with a name before it on the same line ("Name,
    Title ...") or on the line above ("Name" / "Title"); the title's following lines are included
    while it runs on (a line ending in a comma, "and", "of"; a JTAI entry's council name on the
    next line). None when the letter has no address block (ILACS and SIF reports) or none of its
    lines names a director so (a block naming a chief executive, or a name with no title)."""
    dear = _DEAR.search(text, 0, HEAD_CHARS)
    if dear is None:
        return None
    # (start, end) of each line of the block with text, trailing white space left out
    lines = [(m.start(), m.start() + len(m.group().rstrip())) for m in re.finditer(r"[^\n]*\S[^\n]*", text[:dear.start()])]
    for n, (s, e) in enumerate(lines):
        line = text[s:e]
        if not _TITLE.search(line) or _OTHER_POST.search(line):
            continue
        before, comma, _ = line.partition(",")
        cut = _TITLE_START.search(line)
        if comma and _TITLE.search(line, len(before)) and is_name(before):
            start, name, title_start, entry = s, before, s + len(before) + 1, True  # "Name, Title, Council" (a JTAI's)
        elif cut and cut.start() > 0 and is_name(line[:cut.start()]):
            start, name, title_start, entry = s, line[:cut.start()], s + cut.end(), True  # "Ms Bernie Brown Director ..."
        else:
            # "Name" / "Title", or "Name" / "Council" / "Title" (the council's line between)
            above = [(s2, e2) for s2, e2 in lines[max(0, n - 2):n] if is_name(text[s2:e2])][-1:]
            if not above:
                return None  # the addressee's title with no name to it: nothing to quote
            start, name, title_start, entry = above[0][0], text[slice(*above[0])], s, False
        while text[title_start].isspace():
            title_start += 1
        end = e
        postcode = _POSTCODE.search(text, title_start, end)
        if postcode:  # a whole address block run onto one line: the title ends with its first "Services"
            services = re.search(r"\bServices?\b", text[title_start:postcode.start()])
            end = title_start + services.end() if services else end
        for s2, e2 in ([] if postcode else lines[n + 1:n + 3]):
            following = text[s2:e2].strip()
            if _RUNS_ON.search(text[title_start:end]) or following[:1].islower() or (
                    entry and "," in text[title_start:end] and _BODY_TAIL.match(following)):
                end = e2  # the title (or a JTAI entry's council) goes on
            else:
                break
        return Director(start, end, " ".join(name.split()).rstrip(", "), " ".join(text[title_start:end].split()))
    return None


def is_name(line: str) -> bool:
    """Whether `line` (one line of an address block, or the part before a title) is a person's name
    (NAME: "Rachael Wardell", "Dr Lee-Anne Farach", "Martin Kelly OBE", "Alan Adams ,"), not a place
    or a body ("Wigan Town Hall", "Oldham Childrens Services": _NOT_NAME)."""
    line = line.strip()
    return bool(NAME.match(line)) and not _NOT_NAME.search(line)


def directors_answer(index: "Index", query: str, filters: Filters | None = None, k: int = 10,
                     mode: str = "hybrid") -> Answer | None:
    """The answer to a director question (asks_director): the name and title of the director the
    letter it means (search.overview.letters_asked, latest first) is addressed to (addressed_director),
    quoted as one span cited to its passage, as an overview answer cites and scores its sentences
    (search.overview.quoted_answer). Answer.message says which letter and its date, and that the post
    may have changed since (after any reorganisation note, search.reorganisations). When that letter
    has no address block naming a director, the newest letter the question can mean that has one is
    quoted and the message names both, unless the question asks for the latest letter (LATEST).
    None when the question is no director question, no letter of the council fits it, or none it
    may be answered from names a director in its address block (the usual answer applies)."""
    started = time.perf_counter()
    filters = filters or Filters()
    ctx = asked_context(index, query, filters)  # ("Who is the DCS?" --authority Merton)
    if not asks_director(query, ctx):
        return None
    letters = [d for d in letters_asked(index, query, ctx, filters) if not _predecessors_letter(d, ctx.authorities)]
    if not letters:
        return None
    newest = letters[0]
    for letter in letters[:1] if LATEST.search(query) else letters:
        director = addressed_director(index.document(letter.id).text)
        if director is not None:
            break
    else:
        return None
    notes = [f"This is the director named in the address block of {letter_named(letter)}, whom the letter was "
             "addressed to then; the post may have changed since."]
    if letter is not newest:
        why = " (an inspection report has none)" if newest.kind in ("ILACS inspection", "SIF inspection") else ""
        notes.append(f"The newest letter the question can mean, {letter_named(newest)}, names no director in an "
                     f"address block{why}; this answer quotes the newest letter that does.")
    answer = quoted_answer(index, query, ctx, filters, k, mode, letter.id, [(director.start, director.end, "")],
                           started, quoted_by="director")
    if answer is None:
        return None
    return dataclasses.replace(answer, message=" ".join([answer.message, *notes]).strip())  # after a reorganisation note



def _predecessors_letter(letter: DocumentInfo, named: tuple[str, ...]) -> bool:
    """Is `letter` only of councils that the councils `named` replaced (indexer.authorities.
    related_councils)? Cumbria's 2017 director was never Cumberland's: a successor's question
    does not quote it (a replaced council's question may quote its successor's, with the
    reorganisation note)."""
    earlier = {authority_key(council) for name in named
               for council, relation in related_councils(canonical_authority(name)).items() if relation == "predecessor"}
    councils = field_authorities(letter.authority) or [letter.authority]
    return all(authority_key(council) in earlier for council in councils)
