"""A shared link's filter values, read as tolerantly as the CLI reads its options, and the ones
that cannot be used named rather than dropped.

Streamlit's widgets bound to URL parameters silently drop a value that is not one of their
options (`authority=tameside`, `k=9999`). `read_link` runs once per session, before the sidebar
is drawn: it maps each value the way `isearch` would (authorities through
indexer.authorities.canonical_authority, as Filters.parse does; kinds and judgements through
search.filters.parse_kind/parse_judgement; `mode=dense` as semantic) and returns the widget
values to preset plus one phrase per value it had to ignore, for a one-line warning.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from indexer.authorities import authority_record, canonical_authority
from search.council_spelling import suggest_council
from search.filters import FilterError, parse_judgement, parse_kind


@dataclass(frozen=True)
class LinkOptions:
    """What the sidebar offers: authorities (canonical names), kinds, judgements, modes as shown
    (name -> API mode), the year span and the largest number of passages."""

    authorities: Sequence[str]
    kinds: Sequence[str]
    judgements: Sequence[str]
    modes: Mapping[str, str]
    years: tuple[int, int]
    max_k: int


def _multi(values: list[str], options: Sequence[str], parse, what: str, why) -> tuple[list[str], list[str]]:
    """`why`: the reason a value is ignored, or a function of the value giving it."""
    kept, ignored = [], []
    for value in values:
        try:
            name = parse(value)
        except FilterError:
            name = None
        if name in options:
            if name not in kept:
                kept.append(name)
        elif value.strip():
            ignored.append(f"{what} {value!r} ({why(value) if callable(why) else why})")
    return kept, ignored


def _no_authority(options: Sequence[str]):
    """The reason an authority value is ignored: no letters for it here, or, for a misspelt council
    ("Tamesid"), that no council is called that and which one is meant (search/council_spelling.py:
    as `isearch --authority` does, the value is not used, only named)."""
    def why(value: str) -> str:
        meant = None if authority_record(value) else suggest_council(value, options)
        return f"no council called that; did you mean {meant}?" if meant else "no letters for it in this index"
    return why


def read_link(params: Mapping[str, list[str]], options: LinkOptions) -> tuple[dict[str, object], list[str]]:
    """(session state to preset, phrases naming each ignored value) for URL parameters `params`
    (name -> every value given). Only parameters present are preset; a preset value is always one
    of the widget's options. Ignored: an authority with no letters here (a misspelt one named with
    the council meant: "did you mean Tameside?"), an unknown kind or judgement, years outside
    options.years or not numbers, k outside 1..max_k, an unknown mode."""
    state: dict[str, object] = {}
    ignored: list[str] = []
    for key, options_of, parse, why in (
            ("authority", options.authorities, canonical_authority, _no_authority(options.authorities)),
            ("kind", options.kinds, parse_kind, "not a kind of letter in this index"),
            ("judgement", options.judgements, parse_judgement, "not a judgement")):
        if key in params:
            state[key], dropped = _multi(params[key], options_of, parse, key, why)
            ignored += dropped
    first, last = options.years
    if "years" in params:
        raw = params["years"]
        try:
            years = sorted(int(y) for y in raw)
        except ValueError:
            years = []
        if len(years) in (1, 2) and first <= years[0] and years[-1] <= last:
            state["years"] = (years[0], years[-1])  # one year: that year only
        elif raw:
            ignored.append(f"years {'-'.join(raw)!r} (letters here are from {first} to {last})")
    if "k" in params:
        value = (params["k"] or [""])[-1]
        if value.strip().isdigit() and 1 <= int(value) <= options.max_k:
            state["k"] = int(value)
        else:
            ignored.append(f"k {value!r} (passages to show: 1 to {options.max_k})")
    if "mode" in params:
        value = (params["mode"] or [""])[-1]
        names = {name.lower(): name for name in options.modes} | {api: name for name, api in options.modes.items()}
        if value.strip().lower() in names:
            state["mode"] = names[value.strip().lower()]
        else:
            ignored.append(f"mode {value!r} ({', '.join(options.modes)})")
    return state, ignored


def warning_line(ignored: Sequence[str]) -> str:
    """One line for the app naming every ignored value ("Ignored from this link: authority 'Atlantis'
    (no letters for it in this index)."); "" when nothing was."""
    return f"Ignored from this link: {'; '.join(ignored)}." if ignored else ""
