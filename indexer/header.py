"""Parse the header that opens a corpus text file: a `key: value` block closed by `---`, or
Markdown YAML front matter (`---` ... `---`, read with PyYAML's safe_load) with the same keys."""
from __future__ import annotations

import datetime as dt
import re

import yaml

HEADER_KEYS = ("title", "authority", "date", "kind", "judgement", "source", "licence",
               "inspection_start", "inspection_end")
_KEY_LINE = re.compile(r"^([A-Za-z_][A-Za-z_-]*)\s*:\s?(.*)$")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.DOTALL)
_FRONT_MATTER_MAX_CHARS = 65536  # a header, not a document: larger blocks are left as text


class HeaderError(ValueError):
    """A header value that cannot be right (e.g. an impossible date)."""


def _key(name: str) -> str:
    return name.lower().replace("-", "_")


def split_header(raw: str) -> tuple[dict[str, str], str]:
    """Split `raw` into (header fields, body). No header: ({}, raw).

    A header is one or more `key: value` lines closed by a line `---`, or YAML front matter:
    a first line `---`, a YAML mapping of plain values, and a closing line `---`. Keys are
    lower-cased ("-" read as "_"); unknown keys are kept (see unknown_keys); values are
    stripped strings (a YAML date as YYYY-MM-DD, a list joined with "; ").
    """
    if raw.startswith("---"):
        return _split_front_matter(raw)
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
        fields[_key(match.group(1))] = match.group(2).strip()
    return {}, raw


def _split_front_matter(raw: str) -> tuple[dict[str, str], str]:
    """YAML front matter: ({fields}, body after the closing `---`), or ({}, raw) when the block
    is not a mapping of plain values (a Markdown rule, broken YAML, nested values). Nested
    values are refused, so aliases cannot multiply what is read."""
    match = _FRONT_MATTER.match(raw)
    block = (match.group(1) or "") if match else ""
    if not match or len(block) > _FRONT_MATTER_MAX_CHARS:
        return {}, raw
    try:
        data = yaml.safe_load(block)
    except yaml.YAMLError:
        return {}, raw
    if not isinstance(data, dict) or not data:
        return {}, raw
    fields: dict[str, str] = {}
    for name, value in data.items():
        if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z_][A-Za-z_-]*", name):
            return {}, raw
        text = _plain(value)
        if text is None:
            return {}, raw
        fields[_key(name)] = text
    return fields, raw[match.end():]


def unclosed_front_matter(raw: str) -> bool:
    """Whether `raw` opens with a `---` line and a header line of a known key ("title: ...")
    but no line `---` closes the block: front matter whose closing line was forgotten. Such a
    file is read as body text (split_header returns no fields); the loader warns about it. A
    Markdown rule at the top (no header key after it) is not front matter and is not reported."""
    lines = raw.split("\n")
    if lines[0].rstrip("\r").rstrip(" \t") != "---" or _FRONT_MATTER.match(raw):
        return False
    first = next((line.strip() for line in lines[1:] if line.strip()), "")
    match = _KEY_LINE.match(first)
    return bool(match) and _key(match.group(1)) in HEADER_KEYS


def _plain(value) -> str | None:
    """A YAML value as header text; None for a nested mapping or a list of non-scalars."""
    if value is None:
        return ""
    if isinstance(value, dt.date):  # dt.datetime included
        return value.isoformat()[:10]
    if isinstance(value, (str, int, float, bool)):
        return str(value).strip()
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        return "; ".join(str(v).strip() for v in value)
    return None


def unknown_keys(fields: dict[str, str]) -> list[str]:
    """The header keys that are not HEADER_KEYS, in the order given (they are not used)."""
    return [key for key in fields if key not in HEADER_KEYS]


def parse_meta_lines(raw: str) -> dict[str, str]:
    """Parse a sidecar `.meta` file: `key: value` lines, blank lines and `#` comments ignored."""
    fields: dict[str, str] = {}
    for line in raw.splitlines():
        if not line.strip() or line.lstrip().startswith("#") or line.strip() == "---":
            continue
        match = _KEY_LINE.match(line.strip())
        if match:
            fields[_key(match.group(1))] = match.group(2).strip()
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
