"""Parse the `key: value` header block that opens a corpus text file."""
from __future__ import annotations

import datetime as dt
import re

HEADER_KEYS = ("title", "authority", "date", "kind", "judgement", "source", "licence")
_KEY_LINE = re.compile(r"^([A-Za-z_]+)\s*:\s?(.*)$")


class HeaderError(ValueError):
    """A header value that cannot be right (e.g. an impossible date)."""


def split_header(raw: str) -> tuple[dict[str, str], str]:
    """Split `raw` into (header fields, body). No header: ({}, raw).

    A header is one or more `key: value` lines closed by a line `---`.
    Unknown keys are kept; values are stripped.
    """
    lines = raw.split("\n")
    fields: dict[str, str] = {}
    for i, line in enumerate(lines):
        stripped = line.rstrip("\r")
        if stripped.strip() == "---":
            if not fields:
                return {}, raw
            body = "\n".join(lines[i + 1 :])
            return fields, body
        match = _KEY_LINE.match(stripped)
        if not match:
            return {}, raw
        fields[match.group(1).lower()] = match.group(2).strip()
    return {}, raw


def parse_meta_lines(raw: str) -> dict[str, str]:
    """Parse a sidecar `.meta` file: `key: value` lines, blank lines and `#` comments ignored."""
    fields: dict[str, str] = {}
    for line in raw.splitlines():
        if not line.strip() or line.lstrip().startswith("#") or line.strip() == "---":
            continue
        match = _KEY_LINE.match(line.strip())
        if match:
            fields[match.group(1).lower()] = match.group(2).strip()
    return fields


def normalise_date(value: str) -> str:
    """Check a header date (YYYY-MM-DD, YYYY-MM, YYYY; empty or "unknown" for none); raise HeaderError if impossible."""
    value = value.strip()
    if value.lower() in {"", "unknown", "undated", "n/a", "none", "-"}:
        return ""
    try:
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):  # ASCII digits: \d takes '２０２１'
            return dt.date.fromisoformat(value).isoformat()
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}", value):
            dt.date.fromisoformat(value + "-01")
            return value
        if re.fullmatch(r"[0-9]{4}", value):
            dt.date(int(value), 1, 1)  # year 0000 does not exist
            return value
    except ValueError:
        pass
    raise HeaderError(f"impossible date {value!r}")
