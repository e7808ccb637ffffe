"""Improvement questions: what a council needs to improve ("What needs to improve in Haringey?",
"What does Kent need to improve?", "What were Leeds's areas for improvement in its 2018
inspection?", "What should Bristol improve after the 2023 focused visit?"; as a short keyword query,
"Kent areas for improvement", "Haringey 2024 recommendations").

Council officers ask this before an inspection, and a search for the question's words finds
stray sentences that repeat them. Most letters answer it in a list of their own, under a heading
("What needs to improve", "What does the local authority need to improve?", "Areas for
improvement", "Areas for priority action", "Recommendations": the improvement headings of
search.overview.STOP). The answer quotes that list's items, verbatim and in order, each labelled
with its list's heading (AnswerSentence.lead_in), from the letter the question means
(search.overview.letters_asked: the council's latest letter, or the one of the year, month or kind
it names). Lists under improvement headings that follow one another are one section ("Areas for
priority action" then "Areas for improvement" in a focused visit); the first section that holds an
item is quoted (a SIF report's contents list names the heading first; the LSCB's list comes after
the local authority's). An item is quoted up to the end of its first sentence (a JTAI letter's
items are paragraphs). An area SEND report's section of paragraphs, some leading in to bullets
("... In particular, they should urgently improve:"), yields each paragraph and each bullet, a
bullet labelled with its paragraph's lead-in sentence instead of the heading. Lines that only name (a council and NHS board, a person and title, a web
or postal address: the "Responsible body" column and "Local area partnership details" block of an
area SEND report) are no items. When the question names no year, month or kind of letter, nor "latest" (and
the filters set none), and the council's latest letter has no such list (a focused visit or an
outstanding inspection that lists nothing to improve), the newest letter the question could mean
that has one is quoted, and the answer's message says so: "The newest letter, the focused visit of
5 December 2024 (fv-barnsley-2024-12-05), lists nothing to improve; this answer quotes the
list of the ILACS inspection of 27 October 2023 (ilacs-barnsley-2023-10-27), the newest letter that has one."
A letter the question names that has no list is not swapped for another: None, and the usual
answer applies.
"""
from __future__ import annotations

import calendar
import dataclasses
import re
import time
from typing import TYPE_CHECKING

from indexer.bullets import LIST_ITEM
from indexer.keywords import keyword_tokens
from indexer.schema import NEWS_KIND, DocumentInfo
from search.filters import Filters
from search.overview import (SERVICES, OVERVIEW_WORDS, STOP, asked_context, heading_like, letters_asked, quoted_answer,
                             topic_words)
from search.query import LATEST, QueryContext
from search.types import Answer

if TYPE_CHECKING:
    from search.index import Index

# a question asking what to improve: "needs to improve", "need improving", "should ... improve",
# "areas for improvement", "priority action", "recommendations"
ASKS = re.compile(r"\bneed(?:s|ed)?\s+(?:to\s+(?:be\s+)?)?improv\w*|\b(?:has|have|had)\s+to\s+improve\b|"
                  r"\b(?:should|must|could|ought\s+to)\b[^?.]*\bimprove\b|"
                  r"\bareas?\s+(?:for|of|needing|that\s+need\w*|to)\s+(?:improv\w*|priority\s+action)|"
                  r"\bpriority\s+actions?\b|\brecommendations?\b|\bimprovement\s+(?:areas?|points|priorities)\b", re.IGNORECASE)
_WHAT = re.compile(r"\b(?:what|which|list|name)\b", re.IGNORECASE)
# a query that asks a yes/no or how question, not for the list: "Does Haringey need to improve?"
_QUESTION_START = re.compile(r"^\W*(?:does|do|did|is|are|was|were|has|have|had|how|why|when|where|who|whose|will|would|"
                             r"can|could|should|shall|must|may|might)\b", re.IGNORECASE)
KEYWORD_WORDS = 6  # the most words of a keyword query asking for the list ("Kent areas for improvement")
# the words of an improvement question that say nothing of a topic
IMPROVE_WORDS = frozenset(keyword_tokens(
    "need needs needed improve improved improving improvement improvements area areas priority action actions "
    "recommendation recommendations recommend recommended should must could ought has have had identified identify "
    "set out list name ofsted inspectors inspector after before following its their council local authority "
    "key main biggest top according"))
# an improvement heading (whole line; a PDF's footnote number may follow: "What needs to improve?1")
HEADING = re.compile(r"^[ \t]*(?P<heading>(?:What needs to improve|What does the local authority need to improve|"
                     r"Areas for (?:improvement|priority action)|Recommendations)\b[^\n]{0,80}?)[ \t]*$",
                     re.IGNORECASE | re.MULTILINE)
_ITEM = re.compile(rf"[ \t]*(?:{LIST_ITEM}|\d{{1,3}}\.(?=[ \t]+\S))[ \t]*")  # a bullet or paragraph number
# a heading that ends a list but not a headline section: "The local authority’s strengths" (a SIF report);
# "Local area partnership details" heads an area SEND report's addressee block (names, titles, web and
# postal addresses of the council and the NHS board) straight after its "Areas for improvement"
_END = re.compile(r"^[ \t]*(?:[A-Z][^\n.◼•]{0,60}\bstrengths\b[^\n.]{0,40}|Progress since the last inspection|"
                  r"Local area partnership details)[ \t]*$", re.MULTILINE)
# a line that names but says nothing: no word in lower case but these joining words, web and mail
# addresses ("Ann Graham, Director of Children’s Services www.haringey.gov.uk", "Bury Metropolitan
# Borough", "Council and NHS Greater", "Manchester ICB", "Hove Town Hall, Norton Road, Hove")
_JOINING = frozenset("and of the at for in on upon to & -".split())
_WORD = re.compile(r"[^\s,;:()/]+")
_ADDRESS = re.compile(r"^(?:https?:|www\.)|\.(?:uk|com|org|net)\b|@", re.IGNORECASE)
_NUMBER = re.compile(r"[ \t]*\d{1,3}\.")  # a paragraph number, not a bullet
_SUB_ITEM = re.compile(r"[ \t]*[−─―⎯\u0336]")  # a sub-item's mark (indexer.bullets): part of the item above
_MARK_ALONE = re.compile(rf"[ \t]*(?:{LIST_ITEM}|\d{{1,3}}\.)[ \t]*$")  # "◼" / "1." on a line, its item on the next
_SENTENCE_END = re.compile(r"[.!?][”’\")]?(?=\s+[A-Z‘“(◼•]|\s*$)")
_ACTION = re.compile(r"\b(?:should|must|needs?\s+to)\b")  # a paragraph asking for action (_paragraph_start)
_ENDS = (".", "!", "?", ":", ";", "”", "’", ")")
MAX_ITEMS = 8  # items quoted; the message says how many more the section lists
REGION = 8000  # characters of a section read for its items


def asks_improvements(query: str, ctx: QueryContext) -> bool:
    """True for a question asking what the one council it names (ctx, search.query.analyse) needs
    to improve (ASKS, with "what", "which", "list" or "name"), or a keyword query of at most
    KEYWORD_WORDS words that asks it ("Kent areas for improvement", "Haringey 2024 recommendations",
    "Bury priority actions"; not one opening as a yes/no or how question, _QUESTION_START), with no
    topic word once the council, years, months, kind of letter, generic words and IMPROVE_WORDS are
    taken out. "What needs to improve in Haringey's front door?" and "Kent areas for improvement
    care leavers" have a topic; "How has Haringey improved since 2018?" and "Does Haringey need to
    improve?" ask no list: False."""
    if len(ctx.authorities) != 1 or NEWS_KIND in ctx.kinds or not ASKS.search(query):
        return False
    if not _WHAT.search(query) and (_QUESTION_START.match(query) or len(query.split()) > KEYWORD_WORDS):
        return False
    return not topic_words(keyword_tokens(SERVICES.sub(" ", query)), query, ctx, OVERVIEW_WORDS, IMPROVE_WORDS)


def improvement_items(text: str) -> list[tuple[int, int, str]]:
    """[(start, end, heading)] of the items of the first improvement section of a letter (`text`:
    its body) that holds any, in document order: each item from after its bullet or paragraph number
    to the end of its first sentence (or of the item), `heading` its list's heading line with a
    footnote number dropped, or for a bullet under a paragraph of an area SEND report's section
    (_paragraphs_and_bullets) that paragraph's lead-in sentence ("In particular, they should urgently
    improve:"). Lists whose headings follow one another are one section. Offsets are character
    offsets of `text`; [] when the letter has no such list."""
    for found in HEADING.finditer(text):
        items: list[tuple[int, int, str]] = []
        heading = found
        while heading is not None:
            label = re.sub(r"(?<=[?:a-z])\d{1,2}$", "", " ".join(heading.group("heading").split()))
            end = min(len(text), heading.end() + REGION)
            stop = min((m for m in (STOP.search(text, heading.end(), end), _END.search(text, heading.end(), end)) if m),
                       key=lambda m: m.start(), default=None)
            listed = _list_items(text, heading.end(), stop.start() if stop else end)
            items += [(s, e, lead_in or label) for s, e, lead_in in listed]
            heading = HEADING.match(text, stop.start()) if stop and items else None
        if items:
            return items
    return []


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each line of text[start:end], trailing white space left out."""
    lines, at = [], start
    while at < end:
        newline = text.find("\n", at, end)
        stop = end if newline < 0 else newline
        line_end = stop
        while line_end > at and text[line_end - 1].isspace():
            line_end -= 1
        lines.append((at, line_end))
        at = stop + 1
    return lines


def _list_items(text: str, start: int, end: int) -> list[tuple[int, int, str | None]]:
    """The quoted spans (start, end, lead_in: None but for _paragraphs_and_bullets) of the items of
    the list in text[start:end]: when any line begins with a
    bullet or paragraph number, each such line with the lines straight under it (no blank line
    between); else each paragraph (lines joined until one ends a sentence). Lines before the first
    item (a lead-in "... the following areas of weakness:"), subheadings and page furniture are
    skipped; a prose paragraph after a blank line ends the list. A mark alone on its line ("◼",
    "1.": a PDF's text as corpus/ keeps some) starts the item on the next line with text. Lines
    that only name (_not_item_lines) are left out, and a mark alone on the last line."""
    skipped = _not_item_lines(text, start, end)
    lines = [line for line in _lines(text, start, end) if line not in skipped]
    filled = [(s, e) for s, e in lines if text[s:e].strip()]
    if filled and _MARK_ALONE.match(text, *filled[-1]):
        # a mark alone on the last line has no item (a stray "◼" above an area SEND report's addressees)
        lines, filled = [line for line in lines if line != filled[-1]], filled[:-1]
    marked = any(_ITEM.match(text, s, e) or _MARK_ALONE.match(text, s, e) for s, e in lines)
    if marked and _paragraph_after_items(text, lines):
        return _paragraphs_and_bullets(text, lines)
    if not marked and filled and text[filled[0][0]:filled[0][1]].lstrip()[:1].islower():
        # items written one a line with no mark, in lower case ("What needs to improve:" then "the
        # sufficiency of placements for older children"; a Word export's line breaks): each line
        # of the first run of lines is one, to the blank line that ends the list
        run = []
        for s, e in lines:
            if not text[s:e].strip():
                if run:
                    break
                continue
            run.append((_text_start(text, s, e), e, None))
        return run
    blocks: list[list[int]] = []
    current: list[int] | None = None
    blank, previous, pending = False, "", False
    # a numbered item ending with ":" ("7. Improve the arrangements ... by:") owns the bullets under it
    pending_number, numbered, parent = False, None, None
    for s, e in lines:
        line = text[s:e].strip()
        if not line:
            blank, current = True, (None if marked else current)
            continue
        item = _ITEM.match(text, s, e)
        if current is not None and _SUB_ITEM.match(text, s, e):
            current[1] = e  # "− permanence for children" under "The quality of oversight and monitoring of:"
        elif marked and _MARK_ALONE.match(text, s, e):
            pending, current = True, None  # the item is on the next line with text
            pending_number = _NUMBER.match(text, s, e) is not None
        elif (item and marked) or pending:
            number = pending_number if pending else _NUMBER.match(text, s, e) is not None
            if not number and parent is not None:
                current = parent  # a bullet under a numbered item ending "... by:": part of it
                current[1] = e
            else:
                current = [item.end() if item else _text_start(text, s, e), e]
                blocks.append(current)
                numbered, parent = (current if number else None), None
            pending = False
        elif current is not None and not blank and not (heading_like(line) and previous.endswith(_ENDS)):
            current[1] = e  # the item's next line
        elif heading_like(line) or line[:1].islower() or (not blocks and line.endswith(":")):
            current = None  # a subheading, page furniture, a lead-in or a page's rest of a sentence
        elif marked:
            if blocks:
                break  # prose after the list
            current = None
        else:
            current = [_text_start(text, s, e), e]
            blocks.append(current)
        blank, previous = False, line
        if (current is not None and current is numbered and len(blocks) > 1
                and text[current[0]:current[1]].rstrip().endswith(":")):
            # "7. Improve the arrangements ... by:" among numbered items: its bullets below are its own (a
            # first numbered paragraph ending "... the following action:" leads in to the items instead)
            parent = current
        if current is not None and not marked and text[current[1] - 1] in ".!?":
            current = None  # a paragraph ends with its sentence
    return [(*span, None) for span in (_first_sentence(text, s, e) for s, e in blocks) if span is not None]


def _paragraph_start(text: str, start: int, end: int) -> bool:
    """Does the line text[start:end] open a paragraph ("Leaders across the partnership should ensure
    that the", wrapped; "The ICB must ...")? Capitalised, no mark, and a sentence's line (not
    heading_like) or one saying "should", "must" or "need(s) to" (_ACTION)."""
    line = text[start:end].strip()
    return (line[:1].isupper() and not _ITEM.match(text, start, end) and not _MARK_ALONE.match(text, start, end)
            and (not heading_like(line) or _ACTION.search(line) is not None))


def _paragraph_after_items(text: str, lines: list[tuple[int, int]]) -> bool:
    """True for an area SEND report's section of paragraphs, some leading in to bullets ("Leaders
    across the partnership should ... In particular, they should urgently improve:" then
    "• children’s access to ..."): no paragraph numbers, at least two paragraphs saying "should" or
    "must" (_paragraph_start, each after a line that ends a sentence or item), and a paragraph saying
    it that leads in to bullets (its last line ends ":"); "need(s) to" counts as "should"."""
    paragraphs, lead_in, previous, acting = 0, False, "", False
    for s, e in lines:
        line = text[s:e].strip()
        if _NUMBER.match(text, s, e):
            return False
        if _paragraph_start(text, s, e) and (not previous or previous.endswith(_ENDS)):
            acting = _ACTION.search(line) is not None
            paragraphs += acting
        elif _ITEM.match(text, s, e) or _MARK_ALONE.match(text, s, e):
            acting = False
        acting = acting or (bool(line) and not _ITEM.match(text, s, e) and _ACTION.search(line) is not None)
        lead_in = lead_in or (acting and line.endswith(":") and not _ITEM.match(text, s, e))
        previous = line or previous
    return paragraphs >= 2 and lead_in


def _paragraphs_and_bullets(text: str, lines: list[tuple[int, int]]) -> list[tuple[int, int, str | None]]:
    """The items of a section of paragraphs and bullets (_paragraph_after_items), in document order:
    each paragraph to the end of its first sentence (a paragraph that is one lead-in sentence ending
    ":" is no item), and each bullet (with the lines under it that go on its sentence) to the end of
    its first sentence, its lead_in the sentence ending ":" of the paragraph above it ("In particular,
    they should urgently improve:"; None before any). A paragraph asking for nothing (no _ACTION: a
    "Responsible body" cell), subheadings and page furniture are skipped; a sub-item ("−") is its own
    item unless the bullet above ends ":"."""
    blocks: list[list] = []  # [start, end, lead_in, paragraph]
    current: list | None = None
    lead_in: str | None = None
    blank, previous, pending = False, "", False
    for s, e in lines:
        line = text[s:e].strip()
        if not line:
            blank, current = True, None
            continue
        item = _ITEM.match(text, s, e)
        if (current is not None and not current[3] and _SUB_ITEM.match(text, s, e)
                and text[current[0]:current[1]].rstrip().endswith(":")):
            current[1] = e  # "− permanence for children" under a bullet ending "... of:"
        elif _MARK_ALONE.match(text, s, e):
            pending, current = True, None  # the item is on the next line with text
        elif item or pending:
            current = [item.end() if item else _text_start(text, s, e), e, lead_in, False]
            blocks.append(current)
            pending = False
        elif _paragraph_start(text, s, e) and (current is None or blank or previous.endswith(_ENDS)):
            current, lead_in = [_text_start(text, s, e), e, None, True], None
            blocks.append(current)
        elif current is not None and not blank and not (heading_like(line) and previous.endswith(_ENDS)):
            current[1] = e  # the item's or paragraph's next line
        else:
            current = None  # a subheading or page furniture
        blank, previous = False, line
        if current is not None and current[3] and line.endswith((".", "!", "?", ":")):
            if line.endswith(":"):
                lead_in = _last_sentence(text, current[0], current[1])
                if lead_in == " ".join(text[current[0]:current[1]].split()):
                    blocks.remove(current)  # one lead-in sentence: a label, not an item
            current = None  # a paragraph ends with its sentence
    # a paragraph asking nothing is no item (a "Responsible body" cell: "Plymouth City Council, school and
    # college leaders")
    spans = ((_first_sentence(text, s, e), label) for s, e, label, paragraph in blocks
             if not paragraph or _ACTION.search(text, s, e))
    return [(*span, label) for span, label in spans if span is not None]


def _last_sentence(text: str, start: int, end: int) -> str:
    """The last sentence of text[start:end], its white space made single spaces."""
    ends = [m.end() for m in _SENTENCE_END.finditer(text, start, end) if m.end() < end - 1]
    return " ".join(text[ends[-1] if ends else start:end].split())


def _not_item_lines(text: str, start: int, end: int) -> set[tuple[int, int]]:
    """The lines of text[start:end] (as _lines gives them) that name and say nothing, left out of its
    items: each run of name lines (_names_only) that a blank line or the end of the text closes and
    whose last line ends no sentence (a council and NHS board, the "Responsible body" column of an
    area SEND report's table of priority actions, which its text sets between and inside the items;
    "... in\nBrighton and Hove." ends an item, "Leaders at Oldham Metropolitan Borough Council and"
    goes on in the line below), and the lines straight under a "Responsible body" column heading."""
    lines = _lines(text, start, end)
    skipped: set[tuple[int, int]] = set()
    run: list[tuple[int, int]] = []
    cell = False
    for s, e in [*lines, (end, end)]:
        line = text[s:e].strip()
        if cell:
            if line:
                skipped.add((s, e))
                continue
            cell = False
        if line.lower() == "responsible body":
            cell = True
        elif line and _names_only(line):
            run.append((s, e))
            continue
        elif not line and run and not text[run[-1][0]:run[-1][1]].rstrip().endswith((".", "!", "?")):
            skipped.update(run)
        run = []
    return skipped


def _names_only(line: str) -> bool:
    """A line with no word in lower case but joining words (_JOINING) and web or mail addresses, and
    no mark: names, titles, postal and web addresses ("Bury Metropolitan Borough", "Council and NHS
    Greater", "Ann Graham, Director of Children’s Services www.haringey.gov.uk"), never a sentence."""
    words = _WORD.findall(line)
    return bool(words) and not _ITEM.match(line) and not _MARK_ALONE.match(line) and not any(
        word[:1].islower() and word.strip(".’'") not in _JOINING and not _ADDRESS.search(word) for word in words)


def _text_start(text: str, start: int, end: int) -> int:
    """Where the text of the line text[start:end] begins, after its indent."""
    return end - len(text[start:end].lstrip())


def _first_sentence(text: str, start: int, end: int) -> tuple[int, int] | None:
    """text[start:end] up to the end of its first sentence; None when it holds no word."""
    while start < end and text[start].isspace():
        start += 1
    found = _SENTENCE_END.search(text, start, end)
    if found:
        end = found.end()
    return (start, end) if any(ch.isalpha() for ch in text[start:end]) else None


def improvements_answer(index: "Index", query: str, filters: Filters | None = None, k: int = 10,
                        mode: str = "hybrid") -> Answer | None:
    """The answer to an improvement question (asks_improvements): the items of the improvement
    section of the letter it means (search.overview.letters_asked, latest first; improvement_items),
    up to MAX_ITEMS, each labelled with its list's heading and cited to its passage, as an overview
    answer cites and scores its sentences (search.overview.quoted_answer). When that letter has no
    list and the question asks for no letter in particular (may_fall_back), the list of the newest
    letter it could mean that has one is quoted instead, and Answer.message names both letters; it
    also says how many more items the letter lists, after any reorganisation note
    (search.reorganisations). None when the question is no improvement question, no letter of
    the council fits it, or no letter it may be answered from has an improvement list (the usual
    answer applies)."""
    started = time.perf_counter()
    filters = filters or Filters()
    asked = _letters_asked(index, query, filters)
    if asked is None:
        return None
    ctx, letters = asked
    newest, notes = letters[0], []
    for letter in letters if may_fall_back(query, ctx, filters) else letters[:1]:
        items = improvement_items(index.document(letter.id).text)
        if items:
            break
    else:
        return None
    if letter is not newest:
        notes.append(f"The newest letter, {letter_named(newest)}, lists nothing to improve; this answer quotes "
                     f"the list of {letter_named(letter)}, the newest letter that has one.")
    if len(items) > MAX_ITEMS:
        notes.append(f"The letter lists {len(items)} items to improve; the first {MAX_ITEMS} are quoted ({letter.id}).")
    answer = quoted_answer(index, query, ctx, filters, k, mode, letter.id, items[:MAX_ITEMS], started,
                           quoted_by="improvements")
    if answer is None or not notes:
        return answer
    return dataclasses.replace(answer, message=" ".join([answer.message, *notes]).strip())  # after a reorganisation note


def no_list_note(index: "Index", query: str, filters: Filters | None = None) -> str | None:
    """For an improvement question whose letter (the one of the year, month, kind or "latest" it names, or
    its filters') lists nothing to improve, so that no older list may stand in (may_fall_back): what to
    tell the user when the usual answer declines ("the latest letter it asks for, the focused visit of
    5 December 2024 (fv-barnsley-2024-12-05), lists nothing to improve"); None otherwise."""
    filters = filters or Filters()
    asked = _letters_asked(index, query, filters)
    if asked is None or may_fall_back(query, asked[0], filters):
        return None
    letter = asked[1][0]
    if improvement_items(index.document(letter.id).text):
        return None
    return f"the letter it asks for, {letter_named(letter)}, lists nothing to improve"


def _letters_asked(index: "Index", query: str, filters: Filters) -> tuple[QueryContext, list[DocumentInfo]] | None:
    """(the question's context, the letters it can mean, latest first: search.overview.letters_asked)
    for an improvement question (asks_improvements); None for another question or when no letter fits."""
    ctx = asked_context(index, query, filters)  # ("What needs to improve?" --authority Haringey)
    if not asks_improvements(query, ctx):
        return None
    letters = letters_asked(index, query, ctx, filters)
    return (ctx, letters) if letters else None


def may_fall_back(query: str, ctx: QueryContext, filters: Filters) -> bool:
    """May an improvement question be answered from an older letter than the latest it could mean
    (ctx, search.query.analyse)? Only when it names no year, month or kind of letter, nor the latest
    or last one (search.query.LATEST), and `filters` set no kind, dates or judgement: "What needs to
    improve in Barnsley?" may; "... in 2024?", "... after its focused visit?", "... after its latest
    inspection?" may not."""
    return not (ctx.years or ctx.months or ctx.kinds or LATEST.search(query)
                or filters.kind or filters.since or filters.until or filters.judgement)


def letter_named(letter: DocumentInfo) -> str:
    """'the focused visit of 5 December 2024 (fv-barnsley-2024-12-05)': the letter's kind ("the letter"
    for another kind of document), its date and its id, for Answer.message."""
    kind = letter.kind if letter.kind not in ("other", "") else "letter"
    date = letter.date
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", date) and 1 <= int(date[5:7]) <= 12:
        date = f"{int(date[8:])} {calendar.month_name[int(date[5:7])]} {date[:4]}"
    return f"the {kind} of {date} ({letter.id})" if date else f"the undated {kind} ({letter.id})"
