"""Judgement grades: per area, read from each ILACS and SIF letter's own text (at index time),
and the overall grade per authority and inspection from the published history CSV
(data/meta_ofsted_csc_ilacs_history.csv, the LA data collaborative's ILACS scrape)."""
from __future__ import annotations

import csv
import datetime as dt
import json
import re
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

from indexer.authorities import authority_key, canonical_authority

HISTORY_CSV = Path(__file__).resolve().parent.parent / "data" / "meta_ofsted_csc_ilacs_history.csv"
_GRADES = {"outstanding", "good", "requires improvement", "inadequate"}


def _parse(value: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(value.strip(), "%d/%m/%y").date()
    except ValueError:
        return None


@lru_cache(maxsize=1)
def _history() -> dict[str, list[tuple[dt.date, str]]]:
    table: dict[str, list[tuple[dt.date, str]]] = {}
    if not HISTORY_CSV.exists():
        return table
    with HISTORY_CSV.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            grade = row.get("overall_effectiveness_grade", "").strip().lower()
            published = _parse(row.get("publication_date", ""))
            if grade in _GRADES and published:
                key = authority_key(canonical_authority(row["local_authority"]))
                table.setdefault(key, []).append((published, grade))
    return table


def lookup_judgement(authority: str, date: str, window_days: int = 45) -> str:
    """The grade published for `authority` within `window_days` of `date`; "" if none."""
    if not authority or len(date) != 10:
        return ""
    try:
        when = dt.date.fromisoformat(date)
    except ValueError:
        return ""
    rows = _history().get(authority_key(canonical_authority(authority)), [])
    best = min(rows, key=lambda row: abs((row[0] - when).days), default=None)
    if best and abs((best[0] - when).days) <= window_days:
        return best[1]
    return ""


# ---- grades per area, read from the letters themselves ------------------------------------

ILACS, SIF = "ILACS", "SIF"
FRAMEWORK_OF_KIND = {"ILACS inspection": ILACS, "SIF inspection": SIF}
# Areas, in table order. ILACS (2018-): care leavers became their own judgement in 2023; before,
# "children in care and care leavers" was one judgement (recorded under children_in_care).
# SIF (2013-2018): adoption and care leavers are sub-judgements of children looked after.
AREAS = {
    ILACS: ("overall_effectiveness", "impact_of_leaders", "help_and_protection", "children_in_care", "care_leavers"),
    SIF: ("overall_effectiveness", "help_and_protection", "children_looked_after", "adoption", "care_leavers",
          "leadership"),
}
ALL_AREAS = tuple(dict.fromkeys(AREAS[ILACS] + AREAS[SIF]))
AREA_LABELS = {
    "overall_effectiveness": "Overall effectiveness",
    "impact_of_leaders": "Impact of leaders",
    "help_and_protection": "Help and protection",
    "children_in_care": "Children in care",
    "care_leavers": "Care leavers",
    "children_looked_after": "Children looked after and achieving permanence",
    "adoption": "Adoption performance",
    "leadership": "Leadership, management and governance",
}
# statuses: every (letter, area) pair has one, so nothing is ever a silent blank
GRADED = "graded"
NOT_IN_FRAMEWORK = "not judged under this framework"
CARE_LEAVERS_COMBINED = "care leavers not judged separately before 2023 (see children in care)"
NO_OVERALL = "no overall effectiveness grade (ILACS letters from mid-2026 give none)"
NOT_JUDGED = "not judged (the letter says so)"
NOT_FOUND = "not stated in the letter"
# how a grade was found
TABLE, SENTENCE, COLUMNS = "table entry", "opening sentence", "table columns paired in order"

_GRADE_WORDS = r"outstanding|good|requires?\s+improvement(?:\s+to\s+be\s+good)?|inadequate|not\s+judged"
_GRADE = f"(?P<grade>{_GRADE_WORDS})"
_LINE_START = r"(?im)^[ \t]*(?:\d(?:\.\d)?\.?[ \t]*)?"
_SEPARATOR = r"[ \t]*(?::|\.|[ \t]+(?:is|are)[ \t]*:?)?\s*"
_GRADE_END = r"[ \t]*\.?[ \t]*(?:\d[ \t]*)?$"


def _label(words: str) -> str:
    return r"\s+".join(re.escape(w) for w in words.split())


_ILACS_LABELS = {
    "overall_effectiveness": _label("overall effectiveness"),
    "impact_of_leaders": _label("the impact of leaders on") + r"(?:\s+social\s+work)?\s+" + _label("practice with children and families"),
    "help_and_protection": _label("the experiences and progress of children who need help and protection"),
    "children_in_care": _label("the experiences and progress of children in care") + r"(?P<combined>\s+and\s+care\s+leavers)?",
    "care_leavers": _label("the experiences and progress of") + r"(?:\s+children)?\s+" + _label("care leavers"),
}
_SIF_LABELS = {
    "help_and_protection": _label("children who need help and protection"),
    "children_looked_after": _label("children looked") + r"(?:\s+after\s+and\s+achieving)?\s+permanence",
    "adoption": _label("adoption performance"),
    "care_leavers": _label("experiences and progress of care leavers"),
    "leadership": _label("leadership,") + r"?\s+" + _label("management and governance"),
}
_SIF_TABLE_LABELS = tuple(re.compile(_LINE_START + f"(?P<label>{_SIF_LABELS[area]})") for area in AREAS[SIF][1:])
_PATTERNS = {
    framework: {area: re.compile(_LINE_START + f"(?P<label>{label})" + _SEPARATOR + _GRADE + _GRADE_END)
                for area, label in labels.items()}
    for framework, labels in ((ILACS, _ILACS_LABELS), (SIF, _SIF_LABELS))
}
# SIF letters state the overall grade in a sentence under the title, not in the table
_SIF_OVERALL = re.compile(
    r"(?i)(?P<label>children[’']s\s+services\s+(?:in|on)\s+[^\n.]{1,80}?(?:\n[^\n.]{1,40}?)?"
    r"|(?:the\s+)?overall\s+judgement\s+is(?:\s+that\s+children[’']s\s+services)?)"
    r"\s+(?:(?:are|is)\s+(?:judged\s+(?:to\s+be\s+)?)?)?" + _GRADE + r"\b")
_SIF_OVERALL_WITHIN = 3000  # characters from the top of the body
# a SIF table laid out in columns: labels first, then the grades in the same order
_GRADE_RUN = re.compile(r"(?im)^[ \t]*(?:(?:" + _GRADE_WORDS + r")[ \t]*)+$")
_ONE_GRADE = re.compile(f"(?i){_GRADE}")
_TABLE_END = re.compile(r"(?im)^[ \t]*(?:the\s+effectiveness\s+of\s+the\s+local|executive\s+summary|contents\b|section\s+1)")


@dataclass(frozen=True)
class AreaJudgement:
    """One area's grade as a letter states it.

    `grade` is one of schema.JUDGEMENTS ("requires improvement" stands for "requires
    improvement to be good"), or "" when `status` is not "graded"; `grade_text` is the
    letter's own words; text[start:end] is the table entry or sentence that states it
    (label through grade; 0, 0 when nothing is stated). `status` says why a grade is absent:
    the area is not part of the letter's framework, care leavers were judged with children in
    care (ILACS before 2023), or the letter does not state it.
    """

    doc_id: str
    framework: str  # "ILACS" or "SIF"
    area: str  # one of ALL_AREAS
    status: str
    grade: str = ""
    grade_text: str = ""
    label: str = ""  # the letter's words for the area
    start: int = 0
    end: int = 0
    method: str = ""  # TABLE, SENTENCE or COLUMNS when graded

    def to_dict(self) -> dict:
        return asdict(self)


def normalise_grade(text: str) -> str:
    """'Requires\\nImprovement to be good' -> 'requires improvement'; 'Good' -> 'good'; '' if not a grade."""
    words = " ".join(text.lower().split())
    if words.startswith("require"):
        return "requires improvement"
    return words if words in _GRADES else ""


def _judgement(doc_id: str, framework: str, area: str, label: re.Match, grade: re.Match, method: str) -> AreaJudgement:
    grade_text = grade.group("grade")
    if normalise_grade(grade_text):
        return AreaJudgement(doc_id, framework, area, GRADED, normalise_grade(grade_text), grade_text,
                             " ".join(label.group("label").split()), label.start("label"), grade.end("grade"), method)
    return AreaJudgement(doc_id, framework, area, NOT_JUDGED, "", grade_text, " ".join(label.group("label").split()),
                         label.start("label"), grade.end("grade"), method)


def _table_columns(text: str, framework: str) -> dict[str, tuple[re.Match, re.Match]]:
    """A SIF table whose PDF text came out in columns (every label, then every grade): pair the
    labels with the grade lines in order, when there are as many of each."""
    labels = _SIF_TABLE_LABELS
    first = labels[0].search(text)
    if framework != SIF or first is None:
        return {}
    end = _TABLE_END.search(text, first.end())
    region_end = end.start() if end else min(len(text), first.start() + 3000)
    found = []
    for area, pattern in zip(AREAS[SIF][1:], labels):
        match = pattern.search(text, first.start(), region_end)
        if match is None:
            return {}
        found.append((area, match))
    if [m.start() for _, m in found] != sorted(m.start() for _, m in found):
        return {}
    grades = [g for run in _GRADE_RUN.finditer(text, first.start(), region_end)
              for g in _ONE_GRADE.finditer(text, run.start(), run.end())]
    if len(grades) != len(found):
        return {}
    return {area: (label, grade) for (area, label), grade in zip(found, grades)}


def read_judgements(doc) -> list[AreaJudgement]:
    """Every area's grade as the letter `doc` (a schema.Document: id, kind, date, text) states
    it: one AreaJudgement per area of ALL_AREAS for ILACS and SIF inspections, [] for other kinds.

    Source: the judgement table at the top of the letter (the first line that pairs an area's
    label with a grade); a SIF letter's overall grade comes from its opening sentence
    ("Children's services in X are inadequate"); a SIF table that the PDF text laid out in
    columns is paired in order. Areas of the other framework get NOT_IN_FRAMEWORK; an ILACS
    letter that judges "children in care and care leavers" together gives care leavers
    CARE_LEAVERS_COMBINED; an ILACS letter of 2026 or later without an overall grade NO_OVERALL.
    """
    framework = FRAMEWORK_OF_KIND.get(doc.kind)
    if framework is None:
        return []
    doc_id, text = doc.id, doc.text
    found: dict[str, AreaJudgement] = {}
    for area, pattern in _PATTERNS[framework].items():
        match = pattern.search(text)
        if match:
            found[area] = _judgement(doc_id, framework, area, match, match, TABLE)
            if area == "children_in_care" and match.group("combined"):
                found["care_leavers"] = AreaJudgement(doc_id, framework, "care_leavers", CARE_LEAVERS_COMBINED)
    if framework == SIF:
        match = _SIF_OVERALL.search(text[:_SIF_OVERALL_WITHIN])
        if match:
            found["overall_effectiveness"] = _judgement(doc_id, framework, "overall_effectiveness", match, match, SENTENCE)
        # the whole table paired in order is right both for a table read row by row and for one
        # the PDF text laid out in columns (where the grade after a label may be another row's)
        for area, (label, grade) in _table_columns(text, framework).items():
            same = area in found and (found[area].start, found[area].end) == (label.start("label"), grade.end("grade"))
            found[area] = _judgement(doc_id, framework, area, label, grade, TABLE if same else COLUMNS)
    elif "overall_effectiveness" not in found and "impact_of_leaders" in found and doc.date[:4] >= "2026":
        found["overall_effectiveness"] = AreaJudgement(doc_id, framework, "overall_effectiveness", NO_OVERALL)
    out = []
    for area in ALL_AREAS:
        if area in found:
            out.append(found[area])
        elif area not in AREAS[framework]:
            out.append(AreaJudgement(doc_id, framework, area, NOT_IN_FRAMEWORK))
        else:
            out.append(AreaJudgement(doc_id, framework, area, NOT_FOUND))
    return out


def write_judgements(path: Path, documents) -> int:
    """Write every ILACS and SIF document's area judgements to `path` as JSON lines: a first
    line naming the areas per framework (so the file is never empty, and a truncated one fails
    its checksum), then one AreaJudgement per line, documents in the given order. Returns the
    number of judgement lines."""
    count = 0
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(json.dumps({"areas": AREAS}) + "\n")
        for doc in documents:
            for judgement in read_judgements(doc):
                handle.write(json.dumps(judgement.to_dict(), ensure_ascii=False) + "\n")
                count += 1
    return count


def load_judgements(path: Path) -> dict[str, list[AreaJudgement]]:
    """The judgements written by write_judgements, grouped by document id (areas in ALL_AREAS order).
    Raises ValueError/KeyError/TypeError on a malformed line."""
    by_doc: dict[str, list[AreaJudgement]] = {}
    with open(path, encoding="utf-8") as handle:
        if "areas" not in json.loads(handle.readline() or "{}"):
            raise ValueError(f"{path}: no header line")
        for line in handle:
            record = AreaJudgement(**json.loads(line))
            by_doc.setdefault(record.doc_id, []).append(record)
    return by_doc
