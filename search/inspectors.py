"""Who inspected: questions that ask it, and the spans of a letter that name the inspectors.

Letters name their inspectors in a few set forms: a title block or "inspection team" line
("Lead inspector: Brenda McLaughlin, Her Majesty’s Inspector", "Team inspectors: Margaret Burke
HMI, ..."), wrapped over lines or with the role on the next line ("Lead inspector: Neil
Penswick\\nHer Majesty’s Inspector"); a sentence ("His Majesty’s Inspectors for this visit were
Claire Beckingham and Tracey Scott.", "The visit was conducted by ..."), which a PDF may set
without its full stop; an area SEND report's team, name first ("Phil Minns, Ofsted Lead
inspector"); and the signature of a letter its lead inspector wrote. Such a line sits among other
title-block lines (title, dates, "Judgement"), so the sentence splitter glues it to them: a
question asking who inspected quotes the span that names the inspectors, not the block around
it. A question asking who led an inspection asks for its lead inspector (inspector_question).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

def letter_of_year(date: str, inspection_start: str, years) -> bool:
    """Whether a letter dated `date` (ISO, "" when undated) about an inspection that began on
    `inspection_start` (ISO, "" when the letter states none) is the letter of an inspection in one
    of `years` ("Who was the lead inspector for Sandwell in 2022?"): dated in one of them, or
    published in the first search.abstain.PUBLISHED_BY_MONTH months of the next year (a December
    visit's letter) about an inspection that began in the year asked; a letter that states no
    inspection dates is judged by its date alone. Not a September 2023 area SEND report for 2022."""
    from search.abstain import PUBLISHED_BY_MONTH

    if not date[:4].isdigit():
        return False
    year, month = int(date[:4]), int(date[5:7]) if date[5:7].isdigit() else 0
    if year in years:
        return True
    early = year - 1 in years and 0 < month <= PUBLISHED_BY_MONTH
    return early and (not inspection_start[:4].isdigit() or int(inspection_start[:4]) in years)


def letter_of_month(date: str, inspection_start: str, months) -> bool:
    """Whether a letter dated `date` (ISO) about an inspection that began on `inspection_start`
    (ISO, "" when the letter states none) is the letter of a visit in one of `months` (1-12; "Who
    were the inspectors on BCP Council's first monitoring visit in June 2022?", when a council had
    several visits that year): the inspection began in one of them, or the letter is dated in one
    of them or the month after (a letter follows its visit by a few weeks)."""
    if inspection_start[5:7].isdigit() and int(inspection_start[5:7]) in months:
        return True
    if not date[5:7].isdigit():
        return False
    month = int(date[5:7])
    return month in months or (month - 2) % 12 + 1 in months


# a question asking who led (or carried out) an inspection or visit, not who led a service:
# the words between the verb and "inspection"/"visit" only say which one ("Merton's 2022",
# "the most recent Ofsted", "the Barnsley joint targeted area")
_WHICH_WORD = (r"(?:(?i:the|a|an|this|that|its|their|last|latest|most|recent|previous|first|second|third|full|"
               r"standard|short|focused|monitoring|joint|targeted|area|local|authority|children[’']s|services)|"
               r"[A-Z][\w’'&-]*|[\w-]+[’']s|\d[\w–-]*)")
_INSPECTION = r"(?i:inspections?|visits?|JTAI|ILACS|SIF)\b"
# the verbs of what inspectors (or an inspection) said or found
_SAID_VERBS = (r"say|said|says|find|found|finds|tell|told|write|wrote|note|noted|recommend|recommended|report|reported|"
               r"describe|described|think|thought|agree|agreed|feel|felt|see|saw|praise|praised|criticise|criticised|"
               r"conclude|concluded|identify|identified|highlight|highlighted|raise|raised|judge|judged")
_WHO_LED = re.compile(rf"\b(?i:who) (?P<verb>(?i:led|headed|ran|(?:was|were) (?:in charge of|leading|heading)))\s+"
                      rf"(?=(?:{_WHICH_WORD}\s+){{0,6}}{_INSPECTION})")
# "did" as the question's verb ("Who did Merton's 2022 inspection?"), not as its auxiliary ("Who did
# the inspection praise?", "Who did the 2022 inspection say was accountable?": whom it reported on)
_DID = rf"did(?![^?]*\b(?i:{_SAID_VERBS}|criticize|criticized|commend|commended|blame|blamed|mention|name|single)\b)"
_WHO_DID = re.compile(rf"\b(?i:who) (?:(?P<verb>(?i:inspected))\s+|(?P<did>(?i:carried out|conducted|{_DID}))\s+"
                      rf"(?=(?:{_WHICH_WORD}\s+){{0,6}}{_INSPECTION}))")
# a question asking for the lead inspector (not the team)
LEAD_ASKED = re.compile(r"\blead (?:inspectors?|HMIs?)\b", re.IGNORECASE)
# what the inspectors said or did ("What did the lead inspector say about ...?"), not who they were
_REPORTED = re.compile(rf"\b(?:inspectors?|HMIs?)(?:[’']s?)?\s+(?:\w+\s+)?(?:{_SAID_VERBS})\b", re.IGNORECASE)
_WHO = re.compile(r"(?:^|[,;:]\s*)(?:who|which)\b", re.IGNORECASE)


def asks_names(query: str) -> bool:
    """Whether a question about the inspectors asks who they were ("Who was the lead inspector
    for Merton in 2022?", "Name the lead HMI for Bromley") rather than what they said or found
    ("What did the lead inspector say about care leavers?")."""
    return bool(_WHO.search(query)) or not _REPORTED.search(query)


def inspector_question(query: str) -> str:
    """`query` in the words the index answers who inspected in: "Who led Merton's 2022
    inspection?" (or "headed", "was in charge of") as "Who was the lead inspector for Merton's
    2022 inspection?"; "Who inspected Merton in 2022?" (or "carried out", "conducted") as "Who
    were the inspectors for Merton in 2022?". Any other query is returned unchanged, and so is
    "Who led the improvement after the inspection?" (what was led is not the inspection)."""
    found = _WHO_LED.search(query)
    if found:
        return f"{query[:found.start('verb')]}was the lead inspector for {query[found.end():]}"
    found = _WHO_DID.search(query)
    if found:
        verb = "verb" if found.group("verb") else "did"
        return f"{query[:found.start(verb)]}were the inspectors for {query[found.end():]}"
    return query


@dataclass(frozen=True)
class InspectorSpan:
    """text[start:end] names inspectors; `label` is the line's label ("Lead inspector", "Team
    inspectors"), empty for a sentence ("The inspectors were ...")."""

    start: int
    end: int
    label: str

    @property
    def lead(self) -> bool:
        """The lead inspector's line ("Lead inspector:", "Phil Minns, Ofsted Lead inspector"), not a deputy's."""
        return bool(LEAD_ASKED.search(self.label)) and "deputy" not in self.label.lower()

    @property
    def team(self) -> bool:
        """A labelled line naming other inspectors than the lead (team, deputy, shadow)."""
        return bool(self.label) and not self.lead


# the statement: a label ending in "inspector(s)"/"HMI(s)" and a colon, "... inspectors ... were"
# ("His Majesty’s Inspectors for this visit were lead inspector Ceri Evans and ..."), or "The visit
# was conducted by Donna Marriott, ..."; a name (a capital) follows
_NAMES = re.compile(r"\b(?i:inspectors?|HMIs?)\b(?:[^.\n]{0,40}?\b(?:were|was|is)(?: lead inspector)?|[ \t]*:)\s+(?=[A-Z])"
                    r"|\b(?:visit|inspection) was (?:conducted|carried out|led) by\s+(?=[A-Z])")
_LABEL_LINE = re.compile(r"[ \t]*(?P<label>(?:[\w’'-]+ ){0,3}?(?i:inspectors?|HMIs?))[ \t]*:")
# an area SEND report's team: the name, then the inspectorate and role ("Phil Minns, Ofsted Lead
# inspector", "Sam Hainey, Ofsted HMI, lead inspector", "Elizabeth Fox, CQC inspector"), a line
# each (or two on a line: "Sue Eastwood, Ofsted HMI Lead inspector Kaye Goodfellow, CQC Lead inspector")
_NAME_FIRST = re.compile(r"(?:^|(?<=[Ii]nspector ))[ \t]*(?:(?:Mr|Mrs|Ms|Miss|Dr) )?[A-Z][\w’'-]+(?: [A-Z][\w’'-]+){1,2}"
                         r"(?: HMI)?, (?P<label>(?:HMI, )?(?:Ofsted|CQC)(?: HMI)?(?:,? (?:[Ll]ead )?(?:[Ii]nspector|HMI))?)"
                         r"(?: \([^)\n]{1,30}\))?(?=[ \t]*$| [A-Z]|,)", re.MULTILINE)
# the inspector who signs a letter ("Yours sincerely\nKate Malleson\nHer Majesty’s Inspector"),
# its lead inspector: the name and the role
_SIGNED_BY = re.compile(r"(?:^|(?<=\n))[ \t]*[A-Z][\w’'-]+(?: [A-Z][\w’'-]+){1,3}(?: HMI\b)?\.?[ \t]*\n[ \t]*"
                        r"(?:Senior )?(?:Her|His) Majesty[’']s Inspector(?=[ \t.]*(?:\n|$))")
_SIGN_OFF = re.compile(r"Yours (?:sincerely|faithfully)[ \t]*\n\s*")
# a line giving the role of the name before it ("Her Majesty’s Inspector", "HMI")
_ROLE_LINE = re.compile(r"(?:Senior )?(?:Her|His) Majesty[’']s\s+Inspectors?\b|S?HMIs?\b|Ofsted Inspectors?\b")
# a line that goes on with the list of names ("Bennett, Rachel Griffiths and Paul Williams.")
_NAME_RUN = re.compile(r"[A-Z][\w’'-]*(?: [A-Z][\w’'-]*)*(?:,| and\b|\.)")
# the end of a sentence: not the full stop of an initial ("Fiona J. Millns")
_SENTENCE_END = re.compile(r"(?<!\b[A-Z])[.!?](?=\s|$)")
_CLOSED = (".", "!", "?", ":", ";")
_OPEN_ENDS = frozenset("a an and as at by for from in into of on or the to with her his".split())


def names_inspectors(text: str) -> bool:
    """Whether `text` (a sentence or a quoted span) names inspectors in one of the forms
    inspector_spans finds, a signature included ("Kate Malleson\\nHer Majesty’s Inspector")."""
    return bool(_NAMES.search(text) or _NAME_FIRST.search(text) or _SIGNED_BY.fullmatch(text.strip()))


def inspector_spans(text: str) -> list[InspectorSpan]:
    """The spans of `text` (a passage) that name inspectors, in order of their start, each a line
    or a sentence from its start (a label, or the sentence's first word) to the last name or role,
    verbatim (text[start:end]); consecutive labelled lines are separate spans."""
    spans: list[InspectorSpan] = []
    for found in _NAMES.finditer(text):
        if spans and found.start() < spans[-1].end:
            continue  # "Lead inspectors: A, His Majesty’s Inspector, and B" holds a second match
        start = _statement_start(text, found.start())
        label = _LABEL_LINE.match(text, start)
        end = _names_end(text, found.end())
        if end > found.end():
            spans.append(InspectorSpan(start, end, label.group("label") if label else ""))
    for found in _NAME_FIRST.finditer(text):
        start = found.start() + len(found.group(0)) - len(found.group(0).lstrip())
        if not any(span.start < found.end() and start < span.end for span in spans):
            spans.append(InspectorSpan(start, found.end(), found.group("label")))
    for sign_off in _SIGN_OFF.finditer(text):
        found = _SIGNED_BY.match(text, sign_off.end())
        if found and not any(span.start < found.end() and found.start() < span.end for span in spans):
            spans.append(InspectorSpan(found.start(), found.end(), ""))
    return sorted(spans, key=lambda span: span.start)


def quoted_spans(text: str, spans: list[InspectorSpan], lead: bool) -> list[InspectorSpan]:
    """The inspector spans of `text` an answer quotes: for a question asking for the lead
    inspector (LEAD_ASKED) the lead's lines and the sentences naming a visit's inspectors, not
    the team's, deputy's or shadow's lines; for any other the spans as they are. Spans with only
    white space between them are quoted as one (the inspection team's lines, or an area SEND
    report's Ofsted and CQC lead inspectors)."""
    kept = [span for span in spans if not (lead and span.team)]
    joined: list[InspectorSpan] = []
    for span in kept:
        if joined and not text[joined[-1].end:span.start].strip():
            last = joined[-1]
            joined[-1] = InspectorSpan(last.start, span.end, last.label if last.lead or not span.lead else span.label)
        else:
            joined.append(span)
    return joined


def _statement_start(text: str, at: int) -> int:
    """Where the line or sentence holding position `at` starts: its line's start, or back over
    lines the sentence began on ("His Majesty’s\\nInspectors for this visit were ..."), after
    the full stop of the sentence before it."""
    start = text.rfind("\n", 0, at) + 1
    while start > 0:
        before = text[text.rfind("\n", 0, start - 1) + 1: start - 1].rstrip()
        words = before.split()
        line = text[start:at].lstrip()
        if (not words or before.endswith(_CLOSED)
                or not (line[:1].islower() or words[-1].lower() in _OPEN_ENDS or words[-1].endswith(("’s", "'s")))):
            break
        start = text.rfind("\n", 0, start - 1) + 1  # the sentence began on the line before
    ends = list(_SENTENCE_END.finditer(text, start, at))
    if ends:
        start = ends[-1].end()
    while start < at and text[start].isspace():
        start += 1
    return start


def _names_end(text: str, at: int) -> int:
    """The end of the names that start at `at`: the sentence's full stop, or the end of the last
    line of the list. A line goes on when it ends on a comma, "and" or a first name alone, or on
    "of", "Majesty’s" ("... are Her Majesty’s\\nInspectors."), when the next line goes on with
    names ("... Inspectors Nicola\\nBennett, Rachel Griffiths ..."), or when it gives the role
    ("Lead inspector: Neil Penswick\\nHer Majesty’s Inspector", a blank line between in a PDF)."""
    line_start = at
    while True:
        line_end = text.find("\n", line_start)
        line_end = len(text) if line_end < 0 else line_end
        stop = _SENTENCE_END.search(text, line_start, line_end)
        if stop:
            return stop.end()
        names = text[at:line_end].rstrip()
        next_start, next_line = line_end + 1, ""
        while next_start < len(text):  # the next line that is not blank
            following = text.find("\n", next_start)
            next_line = text[next_start: len(text) if following < 0 else following].strip()
            if next_line or following < 0:
                break
            next_start = following + 1
        last = re.split(r",|\band\b|:", names)[-1].split()
        role = _ROLE_LINE.match(next_line)
        if next_start > line_end + 1:  # after a blank line only the role goes on
            goes_on = role is not None and role.end() >= len(next_line.rstrip("."))
        else:
            goes_on = (len(last) <= 1 or role is not None or _NAME_RUN.match(next_line)  # "..., Simone\nWhite SHMI, ..."
                       or last[-1].lower() in _OPEN_ENDS or last[-1].endswith(("’s", "'s")))
        if line_end >= len(text) or not next_line or ":" in next_line or not goes_on:
            return at + len(names)
        line_start = next_start
