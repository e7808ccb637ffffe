"""Metadata filters: authority, kind, date range, judgement, news. Parsing is strict; errors are one line.

An authority filter follows a council across reorganisations (indexer/data/authority_changes.csv):
a filter for Cumberland also passes Cumbria's letters (its predecessor), one for Northamptonshire
the letters of North and West Northamptonshire (its successors).
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from indexer.authorities import authority_key, canonical_authority, field_authorities, lineage
from indexer.schema import JUDGEMENTS, KINDS, NEWS_KIND


class FilterError(ValueError):
    """A filter value that cannot be understood; the message says which and why."""


_KIND_ALIASES = {
    "ilacs": "ILACS inspection", "inspection": "ILACS inspection", "sif": "SIF inspection",
    "jtai": "JTAI", "focused": "focused visit", "monitoring": "monitoring visit", "news": NEWS_KIND,
}


def parse_kind(value: str) -> str:
    """'focused visit', 'Focused', 'ilacs' ... -> a schema kind."""
    text = " ".join(value.lower().split())
    for kind in KINDS:
        if text == kind.lower():
            return kind
    if text in _KIND_ALIASES:
        return _KIND_ALIASES[text]
    raise FilterError(f"unknown kind {value!r}; choose from: {', '.join(KINDS)}")


def parse_judgement(value: str) -> str:
    text = " ".join(value.lower().replace("_", " ").split())
    if text.startswith("requires improvement") or text == "ri":
        return "requires improvement"
    if text in JUDGEMENTS:
        return text
    raise FilterError(f"unknown judgement {value!r}; choose from: {', '.join(JUDGEMENTS)}")


def parse_date_bound(value: str, end: bool) -> str:
    """'2021', '2021-06' or '2021-06-30' -> an ISO date; the end of the period when `end`."""
    text = value.strip()
    try:
        if re.fullmatch(r"[0-9]{4}", text):
            return dt.date(int(text), 12 if end else 1, 31 if end else 1).isoformat()
        if re.fullmatch(r"[0-9]{4}-[0-9]{1,2}", text):
            year, month = map(int, text.split("-"))
            first = dt.date(year, month, 1)
            if not end:
                return first.isoformat()
            return first.replace(day=calendar.monthrange(year, month)[1]).isoformat()  # 9999-12 too
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise FilterError(f"bad date {value!r}; use YYYY, YYYY-MM or YYYY-MM-DD") from None


@dataclass(frozen=True)
class Filters:
    """Hard filters; empty fields do not filter. Build with `Filters.parse` to validate."""

    authority: tuple[str, ...] = ()
    kind: tuple[str, ...] = ()
    since: str = ""
    until: str = ""
    judgement: tuple[str, ...] = ()
    # News articles (kind "news article"): False leaves them out; True or None (the default)
    # includes them. Answers quote a letter before a news article that says the same
    # (AnswerSettings.news_prior) and label every news citation. A kind filter naming
    # "news article" always includes them.
    include_news: bool | None = None

    @classmethod
    def parse(cls, authority=None, kind=None, since=None, until=None, judgement=None,
              include_news: bool | None = None) -> "Filters":
        """Validate user input (strings or lists of strings); raise FilterError."""
        def many(value) -> list[str]:
            if value is None:
                return []
            values = [value] if isinstance(value, str) else list(value)
            return [v for v in values if isinstance(v, str) and v.strip()]

        since_iso = parse_date_bound(since, end=False) if since and since.strip() else ""
        until_iso = parse_date_bound(until, end=True) if until and until.strip() else ""
        if since_iso and until_iso and since_iso > until_iso:
            raise FilterError(f"--since {since} is after --until {until}")
        return cls(
            authority=tuple(dict.fromkeys(canonical_authority(a) for a in many(authority))),
            kind=tuple(dict.fromkeys(parse_kind(k) for k in many(kind))),
            since=since_iso, until=until_iso,
            judgement=tuple(dict.fromkeys(parse_judgement(j) for j in many(judgement))),
            include_news=include_news,
        )

    def is_empty(self) -> bool:
        """True when no document is filtered out."""
        return not (self.authority or self.kind or self.since or self.until or self.judgement
                    or self.include_news is False)

    def authority_keys(self) -> set[str]:
        """authority_key of every council the authority filter passes: each named council and
        the councils it replaced or was replaced by (indexer.authorities.lineage)."""
        return {authority_key(name) for a in self.authority for name in lineage(a)}

    def matches(self, authority: str, kind: str, date: str, judgement: str) -> bool:
        """Does a document with these fields pass? Undated documents fail a date filter."""
        if self.authority:
            wanted = self.authority_keys()
            if not any(authority_key(a) in wanted for a in field_authorities(authority)):
                return False
        if self.kind and kind not in self.kind:
            return False
        if self.include_news is False and kind == NEWS_KIND and kind not in self.kind:
            return False
        if self.judgement and judgement not in self.judgement:
            return False
        if self.since or self.until:
            if not date:
                return False
            low = date if len(date) == 10 else parse_date_bound(date, end=True)
            high = date if len(date) == 10 else parse_date_bound(date, end=False)
            if self.since and low < self.since:
                return False
            if self.until and high > self.until:
                return False
        return True
