"""Detect a letter's metadata from its text when it has no header block.

Authority from the title or address block, date from the letter date or the
"Published" line, kind from the title, judgement from "overall effectiveness" wording.
"""
from __future__ import annotations

import datetime as dt
import re

from indexer.authorities import canonical_authority, find_authorities

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


def detect_date(text: str) -> str:
    """The letter's date: a 'Published' line, else the first date in the opening lines."""
    head = text[:4000]
    published = re.search(r"(?:report )?published:?\s*" + _DATE.pattern, head, re.IGNORECASE)
    if published:
        return _to_iso(*published.groups()[-3:])
    for match in _DATE.finditer(head):
        iso = _to_iso(*match.groups())
        if iso:
            return iso
    return ""


def detect_kind(text: str, title: str = "") -> str:
    """One of the schema KINDS, from the title first and then the opening text."""
    for source in (title, detect_title(text), text[:3000]):
        for kind, pattern in _KIND_PATTERNS:
            if source and re.search(pattern, source, re.IGNORECASE):
                return kind
    return "other"


def detect_authority(text: str, title: str = "") -> str:
    """The authority a letter is addressed to or about, canonicalised; "" if none found."""
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
    )
    for pattern in patterns:
        match = re.search(pattern, text, re.IGNORECASE)
        if match:
            grade = match.group(1).lower()
            return "requires improvement" if grade.startswith("requires") else grade
    return ""


def detect_title(text: str) -> str:
    """A title line: the first line naming a visit or inspection, else the first non-empty line."""
    lines = [line.strip() for line in text[:3000].splitlines() if line.strip()]
    for i, line in enumerate(lines):
        if re.search(r"\b(visit to|inspection of|inspection)\b", line, re.IGNORECASE) and len(line) < 200:
            following = lines[i + 1] if i + 1 < len(lines) else ""
            if not re.search(r"services\W*$", line, re.IGNORECASE) and re.search(r"services\W*$", following, re.IGNORECASE):
                return f"{line} {following}"  # a title wrapped over two lines
            return line
    return lines[0][:200] if lines else ""
