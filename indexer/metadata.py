"""Detect a letter's metadata from its text when it has no header block.

Authority from the title or address block, date from the letter date or the
"Published" line, kind from the title, judgement from "overall effectiveness" wording.
"""
from __future__ import annotations

import datetime as dt
import re

from indexer.authorities import authority_key, canonical_authority, find_authorities, known_authorities

_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august",
     "september", "october", "november", "december"], start=1)}
_DATE = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(" + "|".join(_MONTHS) + r")\s+(\d{4})\b", re.IGNORECASE
)
_GRADE = r"(outstanding|good|requires improvement(?: to be good)?|inadequate)"

_KIND_PATTERNS = (
    ("JTAI", r"joint targeted area inspection"),
    ("focused visit", r"focused visit"),
    ("monitoring visit", r"monitoring visit"),
    ("SIF inspection", r"inspection of services for children in need of help and protection|single inspection framework"),
    ("ILACS inspection", r"inspection of (?:the )?local authority children|inspection of children[’']s social care services"
     r"|inspection of [\w ,&-]+ children[’']s services|\bILACS\b"),
)
_TITLE_AUTHORITY = (
    r"(?:focused|monitoring) visit to (?:the )?(.+?) (?:local authority )?children[’']s services",
    r"joint targeted area inspection of (?:the )?(.+?)(?:\n|$|\.)",
    r"inspection of (?:the )?(.+?) local authority children[’']s services",
    r"(London Borough of [A-Z][\w ]+?|Royal Borough of [A-Z][\w ]+?|[A-Z][\w ]+? (?:County|City|Metropolitan Borough|Borough) Council)\b",
)


def _to_iso(day: str, month: str, year: str) -> str:
    try:
        return dt.date(int(year), _MONTHS[month.lower()], int(day)).isoformat()
    except ValueError:
        return ""


_MONTH = "(" + "|".join(_MONTHS) + ")"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(\d{4})"
# "13 May 2019 to 24 May 2019", "20 June to 1 July 2022", "1 to 5 July 2024", "23 and 24 June 2021",
# "18 November – 10 December 2014", "18 December 2019" (dashes, "to", "and", "-" between)
_SPAN = re.compile(
    _DAY + r"(?:\s+" + _MONTH + r")?(?:\s+" + _YEAR + r")?\s*(?:to|and|–|—|-)\s*" + _DAY + r"\s+" + _MONTH + r"\s+" + _YEAR
    + r"|" + _DAY + r"\s+" + _MONTH + r"\s+" + _YEAR, re.IGNORECASE)
_INSPECTION_LEAD = re.compile(
    r"inspection dates?\s*:?|dates? of (?:the )?(?:visit|inspection)\s*:?|visit dates?\s*:?"
    r"|(?:focused|monitoring) visit to [^\n]{0,120}?(?:\n[^\n]{0,120}?)?\b(?:on|between)|(?:inspection|visit) took place (?:from|on|between)"
    r"|^\s*between", re.IGNORECASE | re.MULTILINE)
_PREVIOUS = re.compile(r"(?:previous|last) inspection\s*:?\s*$", re.IGNORECASE)


def _span_dates(match: re.Match) -> tuple[str, str]:
    """(start, end) ISO dates of a _SPAN match; a single date is both."""
    d1, m1, y1, d2, m2, y2, d, m, y = match.groups()
    if d is not None:
        one = _to_iso(d, m, y)
        return one, one
    end = _to_iso(d2, m2, y2)
    start = _to_iso(d1, m1 or m2, y1 or y2)
    if start and end and start > end and not y1:  # "28 December to 3 January 2020"
        start = _to_iso(d1, m1 or m2, str(int(y2) - 1))
    return start, end


def detect_inspection_dates(text: str) -> tuple[str, str]:
    """(first day, last day) of the inspection or visit, ISO; ("", "") when not stated.

    From "Inspection dates: 13 May 2019 to 24 May 2019", "Inspection date: 18 November –
    10 December 2014", "dates of visit", a letter's "visit to ... children's services on 23 and
    24 June 2021" or "The inspection took place from 23 to 27 May 2022". Dates of a previous
    inspection ("Date of previous inspection: ...") are not taken.
    """
    found = _inspection_dates(text)
    return (found[0], found[1]) if found else ("", "")


def inspection_dates_span(text: str) -> tuple[int, int] | None:
    """Character span (start, end) in `text` of the statement of its inspection or visit dates
    that detect_inspection_dates reads: from the words that lead it ("Inspection dates:", "the
    focused visit to ... on") to the last date; None when the text states none."""
    found = _inspection_dates(text)
    return (found[2], found[3]) if found else None


def _inspection_dates(text: str) -> tuple[str, str, int, int] | None:
    """(first day, last day, span start, span end) of the first statement of the inspection dates."""
    head = text[:6000]
    for lead in _INSPECTION_LEAD.finditer(head):
        if _PREVIOUS.search(head[max(0, lead.start() - 40):lead.end()]) or "previous" in lead.group(0).lower():
            continue
        match = _SPAN.match(head, lead.end() + len(head[lead.end():]) - len(head[lead.end():].lstrip()))
        if match:
            start, end = _span_dates(match)
            if start and end:
                return start, end, lead.start() + len(lead.group(0)) - len(lead.group(0).lstrip()), match.end()
    return None


def detect_date(text: str) -> str:
    """The letter's or report's own date: a 'Published' line, else the first line of the
    opening that is a date and nothing else (a letter's date); "" if none (a report's
    "Inspection dates" are detect_inspection_dates, not its date)."""
    head = text[:4000]
    published = re.search(r"(?:report )?published(?: on)?:?\s*" + _DATE.pattern, head, re.IGNORECASE)
    if published:
        return _to_iso(*published.groups()[-3:])
    for line in re.finditer(r"^[ \t]*" + _DATE.pattern + r"[ \t]*$", head, re.IGNORECASE | re.MULTILINE):
        iso = _to_iso(*line.groups())
        if iso:
            return iso
    return ""


_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")


def detect_name_date(name: str) -> str:
    """The date a file name carries, ISO: "ilacs-sunderland-2021-08-20" (a corpus id) or "children's
    services inspection - 20 august 2021" (as Ofsted's report listings name their files); "" when
    it carries none, or more than one."""
    found = {_to_iso(*match) for match in _DATE.findall(name)}
    for year, month, day in _ISO_DATE.findall(name):
        try:
            found.add(dt.date(int(year), int(month), int(day)).isoformat())
        except ValueError:
            found.add("")
    return found.pop() if len(found) == 1 else ""



def publication_date(stated: str, named: str, created: str, within_days: int) -> str:
    """The date a PDF is indexed under, ISO: the day Ofsted published it, as its listing, the corpus
    headers and its file name give it. `stated` is the date its text states (detect_date: a letter's
    date line, the first "Report published" line), `named` the date its file name carries
    (detect_name_date), `created` its /CreationDate; each "" when absent.

    A letter is signed, and a PDF made, days before it is published (Liverpool's JTAI letter is dated
    2 August 2016 and was published on the 3rd; Hull's SIF report says "Report published: 3 February
    2015" and its review of the board, in the same PDF, the 10th, the day both went out). So the
    name's date is taken when it falls 0 to `within_days` days after the stated date, or, where the
    text states none, after the creation date; else the stated date, else the creation date. A name
    dated otherwise (the inspection's dates, a download date) is not taken."""
    reference = stated or created
    if named and reference:
        after = (dt.date.fromisoformat(named) - dt.date.fromisoformat(reference)).days
        if 0 <= after <= within_days:
            return named
    return reference

def covers_many_authorities(text: str, title: str = "", at_least: int = 5) -> bool:
    """Whether the text is about many councils (a summary page), not one: its title names no
    visit or inspection, its title and first lines do not name one council alone, and its
    first 6,000 characters name `at_least` authorities or more."""
    if any(re.search(pattern, title, re.IGNORECASE) for _, pattern in _KIND_PATTERNS):
        return False
    if len(set(find_authorities(title + "\n" + text[:300]))) == 1:  # its opening names one council
        return False
    return len(set(find_authorities(text[:6000]))) >= at_least


def detect_kind(text: str, title: str = "") -> str:
    """One of the schema KINDS, from the title first and then the opening text; "other" for
    a text about many councils (covers_many_authorities)."""
    if covers_many_authorities(text, title or detect_title(text)):
        return "other"
    for source in (title, detect_title(text), text[:3000]):
        for kind, pattern in _KIND_PATTERNS:
            if source and re.search(pattern, source, re.IGNORECASE):
                return kind
    return "other"


def detect_authority(text: str, title: str = "") -> str:
    """The authority a letter is addressed to or about, canonicalised; "" if none found or if
    the text is about many councils (covers_many_authorities)."""
    if covers_many_authorities(text, title or detect_title(text)):
        return ""
    head = title + "\n" + text[:3000]
    for pattern in _TITLE_AUTHORITY:
        match = re.search(pattern, head, re.IGNORECASE if not pattern.startswith("(London") else 0)
        if match:
            name = canonical_authority(match.group(1).strip(" ,"))
            if find_authorities(name):
                return find_authorities(name)[0]
    found = find_authorities(head)
    return found[0] if found else ""


def detect_judgement(text: str) -> str:
    """Overall effectiveness grade from the report's wording; "" when the text gives none."""
    patterns = (
        r"overall effectiveness\s*[:\-–]?\s*\n?\s*" + _GRADE + r"\b",
        r"overall effectiveness[^.\n]{0,80}?\bis\s+" + _GRADE + r"\b",
        r"overall judgement is that children[’']s services are\s+" + _GRADE + r"\b",
        # a SIF report's headline: "Children's services in Bury require improvement to be good"
        r"^children[’']s services in [^.\n]{1,60}? (?:are )?(outstanding|good|requires? improvement(?: to be good)?|inadequate)\b",
    )
    for pattern in patterns:
        match = re.search(pattern, text, re.IGNORECASE | re.MULTILINE)
        if match:
            grade = match.group(1).lower()
            return "requires improvement" if grade.startswith("require") else grade
    return ""


_COUNCIL_LINE_CHARS = 80  # a line naming a council and nothing else is short


def _council_line(line: str) -> bool:
    """Whether `line` is an English council's name and nothing else, as a report's title page
    sets it above the title: "Barnsley", "Tameside metropolitan borough", "London Borough of
    Hackney", "Sunderland City Council" (indexer.authorities.authority_key drops the council words);
    not the end of a sentence ("Southend-on-Sea.")."""
    line = line.strip()
    return (0 < len(line) <= _COUNCIL_LINE_CHARS and line[-1].isalpha()
            and authority_key(line) in known_authorities())


def detect_title(text: str) -> str:
    """A title line: the first line naming a visit or inspection, else the first non-empty line.

    A title that names no council is preceded by the council's name when the line just above it
    is that name alone, as ILACS and SIF title pages set it ("Barnsley" over "Inspection of
    children’s social care services" gives "Barnsley Inspection of children’s social care
    services"), so the title says whose report it is; the lines verbatim, joined by a space. A
    name wrapped over the two lines above ("St Helens Metropolitan Borough" / "Council") counts."""
    lines = [line.strip() for line in text[:3000].splitlines() if line.strip()]
    for i, line in enumerate(lines):
        if re.search(r"\b(visit to|inspection of|inspection)\b", line, re.IGNORECASE) and len(line) < 200:
            following = lines[i + 1] if i + 1 < len(lines) else ""
            title = line
            if not re.search(r"services\W*$", line, re.IGNORECASE) and re.search(r"services\W*$", following, re.IGNORECASE):
                title = f"{line} {following}"  # a title wrapped over two lines
            if not find_authorities(title):
                # the council's name on the line above, or wrapped over the two lines above
                above = [" ".join(lines[i - n:i]) for n in (1, 2) if i >= n]
                council = next((name for name in above if _council_line(name)), "")
                title = f"{council} {title}" if council else title
            return title
    return lines[0][:200] if lines else ""
