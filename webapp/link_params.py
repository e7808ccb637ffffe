"""A shared link's filter values, read as tolerantly as the CLI reads its options, and the ones
that cannot be used named rather than dropped.

Streamlit's widgets bound to URL parameters silently drop a value that is not one of their
options (`authority=tameside`, `k=9999`). `read_link` runs once per session, before the sidebar
is drawn: it maps each value the way `isearch` would (authorities through
indexer.authorities.canonical_authority, as Filters.parse does; kinds and judgements through
search.filters.parse_kind/parse_judgement; `since`/`until` as `--since`/`--until`, shown on the
years slider; `mode=dense` as semantic) and returns the widget
values to preset, one phrase per value it had to ignore (for a one-line warning) and the
misspelt authorities it read as the one council each is close to (search/council_spelling.py, as a
question's "Tamesid" is read: "Showing results for Tameside (the link says "tamesid")."). The
CLI's `--authority Tamesid` stays an error (exit 2, "did you mean Tameside?"): a filter typed at a
terminal can be retyped, a shared link cannot.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from indexer.authorities import authority_record, canonical_authority
from search.council_spelling import suggest_council
from search.spelling import correction_note
from search.filters import FilterError, parse_date_bound, parse_judgement, parse_kind


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


@dataclass(frozen=True)
class LinkCorrection:
    """A link's authority value `typed` ("tamesid") that names no council, read as `council`, the
    one council with letters here that it is close to (search.council_spelling.suggest_council)."""

    typed: str
    council: str


def _multi(values: list[str], options: Sequence[str], parse, what: str, why,
           meant=None) -> tuple[list[str], list[str], list[LinkCorrection]]:
    """(values kept, phrases for those ignored, corrections). `why`: the reason a value is ignored,
    or a function of the value giving it; `meant`: value -> the option a misspelt value stands for,
    or None."""
    kept, ignored, corrected = [], [], []
    for value in values:
        try:
            name = parse(value)
        except FilterError:
            name = None
        if name not in options and meant is not None and (name := meant(value)) in options:
            corrected.append(LinkCorrection(value.strip(), name))
        if name in options:
            if name not in kept:
                kept.append(name)
        elif value.strip():
            ignored.append(f"{what} {value!r} ({why(value) if callable(why) else why})")
    return kept, ignored, corrected


def _meant_council(options: Sequence[str]):
    """value -> the one council a misspelt authority value ("tamesid") is close to, or None for a
    council's own name (one with no letters here is not another council's typo) or no single one."""
    def meant(value: str) -> str | None:
        return None if authority_record(value) else suggest_council(value, options)
    return meant


def _no_authority(options: Sequence[str]):
    """The reason an authority value is ignored: no letters for it here, also when it is a misspelt
    council that has none ("Barnsly": Barnsley)."""
    def why(value: str) -> str:
        meant = _meant_council(options)(value)
        return (f"no council called that; {meant}, the one it is close to, has no letters in this index"
                if meant else "no letters for it in this index")
    return why


def read_link(params: Mapping[str, list[str]],
              options: LinkOptions) -> tuple[dict[str, object], list[str], list[LinkCorrection]]:
    """(session state to preset, phrases naming each ignored value, misspelt authorities read as a
    council) for URL parameters `params` (name -> every value given). Only parameters present are
    preset; a preset value is always one of the widget's options. An authority value that names no
    council but is close to exactly one with letters here ("tamesid") is read as that council.
    `since`/`until` (YYYY, YYYY-MM or YYYY-MM-DD, as `isearch --since/--until` take them) are kept as
    given and preset the years slider to their years (they win over `years`): _link_dates.
    Ignored: an authority with no letters here (nor a single close council that has), an unknown
    kind or judgement, years outside options.years or not numbers, a date that is no date, a since
    after the until or a period with no year of options.years, k outside 1..max_k, an unknown mode."""
    state: dict[str, object] = {}
    ignored: list[str] = []
    corrected: list[LinkCorrection] = []
    for key, options_of, parse, why, meant in (
            ("authority", options.authorities, canonical_authority, _no_authority(options.authorities),
             _meant_council(options.authorities)),
            ("kind", options.kinds, parse_kind, "not a kind of letter in this index", None),
            ("judgement", options.judgements, parse_judgement, "not a judgement", None)):
        if key in params:
            state[key], dropped, read_as = _multi(params[key], options_of, parse, key, why, meant)
            ignored += dropped
            corrected += read_as
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
    dates, dropped = _link_dates(params, options.years)
    state.update(dates)
    ignored += dropped
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
    return state, ignored, corrected


def _link_dates(params: Mapping[str, list[str]], span: tuple[int, int]) -> tuple[dict[str, object], list[str]]:
    """(state, ignored phrases) for a link's `since` and `until` (the last value of each), read as
    search.filters.Filters.parse reads `--since`/`--until`: state holds each usable bound as given
    ("2021-06") and "years", the slider's (first, last) year showing them, clipped to `span` (a bound
    before the first letter still leaves out undated ones, as the CLI's does). A bound that is no
    date, or both when since is after until or the period holds no year of `span`, is ignored."""
    first, last = span
    bounds, ignored = {}, []
    for key, end in (("since", False), ("until", True)):
        value = (params.get(key) or [""])[-1].strip() if key in params else ""
        if not value:
            continue
        try:
            bounds[key] = (value, parse_date_bound(value, end=end))
        except FilterError as exc:
            ignored.append(f"{key} {value!r} ({str(exc).split('; ')[-1]})")
    if not bounds:
        return {}, ignored
    low = bounds["since"][1] if "since" in bounds else f"{first:04d}-01-01"
    high = bounds["until"][1] if "until" in bounds else f"{last:04d}-12-31"
    if "since" in bounds and "until" in bounds and low > high:
        return {}, ignored + [f"since {bounds['since'][0]!r} (after until {bounds['until'][0]!r})"]
    years = (max(first, int(low[:4])), min(last, int(high[:4])))
    if years[0] > years[1]:
        given = ", ".join(f"{key} {value!r}" for key, (value, _) in bounds.items())
        return {}, ignored + [f"{given} (letters here are from {first} to {last})"]
    return {key: value for key, (value, _) in bounds.items()} | {"years": years}, ignored


def warning_line(ignored: Sequence[str]) -> str:
    """One line for the app naming every ignored value ("Ignored from this link: authority 'Atlantis'
    (no letters for it in this index)."); "" when nothing was."""
    return f"Ignored from this link: {'; '.join(ignored)}." if ignored else ""


def url_values(state: Mapping[str, object]) -> dict[str, list[str]]:
    """The URL parameters that carry `state` (as read_link returns it) in the form the app's own
    links and widgets write: every value as a string, the years as two ({"years": ["2019", "2020"]});
    [] for a parameter whose values were all ignored."""
    def strings(value) -> list[str]:
        return [str(v) for v in value] if isinstance(value, (list, tuple)) else [str(value)]
    return {key: strings(value) for key, value in state.items()}


def correction_line(corrected: Sequence[LinkCorrection]) -> str:
    """One line for the app naming every misspelt authority a link was read with, as a question's
    are (search.spelling.correction_note): 'Showing results for Tameside (the link says "tamesid").';
    "" when there is none."""
    return correction_note(corrected, source="link")
