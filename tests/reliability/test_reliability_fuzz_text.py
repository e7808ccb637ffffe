"""Property tests for the pure text side: chunker, header parser, file loader, filter parser.

Each test counts the inputs Hypothesis tried and records the figure.
"""
from __future__ import annotations

import datetime as dt
import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from corpus_slice import CORPUS, SLICE_IDS
from indexer.chunk import chunk_text, filler_spans
from indexer.config import ChunkSettings
from indexer.header import HEADER_KEYS, HeaderError, normalise_date, parse_meta_lines, split_header
from indexer.load import LoadError, load_document
from indexer.schema import JUDGEMENTS, KINDS
from indexer.tokens import count_tokens
from reliability_support import record
from search.filters import FilterError, Filters, parse_date_bound

def fast(examples: int) -> settings:
    """No deadline (the machine is shared), a fixed number of examples."""
    return settings(max_examples=examples, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

# Real sentences from the slice, and the odd pieces that break naive splitters.
_REAL = [s for doc in SLICE_IDS[:3] for s in re.split(r"(?<=[.!?])\s+", (CORPUS / f"{doc}.txt").read_text("utf-8"))
         if 0 < len(s) < 400][:200]
_PIECES = ["The council", " agency staff", ".", "!", "?", " ", "  ", "\n", "\n\n", "\n \n", "\t", "\u00a0", "\u2028",
           "\u3000", "\x1c", "”", '"', ")", "• ", "- ", "1. ", "Heading", "😀", "中文字符", "é", "e\u0301", "x" * 60,
           "a.b", "https://reports.ofsted.gov.uk/provider/44/80476?x=1", "0" * 30, "\r\n", "---", "title: x"]
TEXTS = st.one_of(
    st.text(max_size=800),
    st.lists(st.sampled_from(_PIECES), max_size=250).map("".join),
    st.lists(st.sampled_from(_REAL + _PIECES), max_size=60).map("".join),
    st.lists(st.sampled_from(_REAL), min_size=1, max_size=40).map(" ".join),
)


def test_chunker_properties():
    """Offsets reproduce the text, no chunk is over the token limit, no character that is not
    white space is lost between chunks, and every chunk moves forward (no chunk repeats the tail
    of the one before)."""
    tried = {"n": 0}

    @fast(600)
    @given(TEXTS, st.integers(6, 200), st.integers(0, 60))
    def check(text: str, max_tokens: int, overlap: int) -> None:
        tried["n"] += 1
        chunks = chunk_text("doc", text, ChunkSettings(max_tokens=max_tokens, overlap_tokens=overlap))
        covered = bytearray(len(text))
        for chunk in chunks:
            assert chunk.doc_id == "doc" and 0 <= chunk.start < chunk.end <= len(text)
            assert text[chunk.start:chunk.end] == chunk.text and chunk.text.strip() == chunk.text
            assert count_tokens(chunk.text) <= max_tokens, (count_tokens(chunk.text), chunk.text)
            covered[chunk.start:chunk.end] = b"\1" * (chunk.end - chunk.start)
        filler = bytearray(len(text))
        for begin, end in filler_spans(text):  # runs without words ("-----", "....."): in no passage
            assert not any(covered[begin:end]), text[begin:end]
            filler[begin:end] = b"\1" * (end - begin)
        lost = [i for i, ch in enumerate(text) if not ch.isspace() and not covered[i] and not filler[i]]
        assert not lost, (lost[:5], text)
        for before, after in zip(chunks, chunks[1:]):
            assert before.start < after.start and before.end < after.end
        assert bool(chunks) == any(not ch.isspace() and not filler[i] for i, ch in enumerate(text))

    check()
    record("fuzz_chunker_inputs", tried["n"])


def test_chunker_on_real_letters_with_default_settings():
    """The settings the index uses, on whole real letters with their white space mangled."""
    tried = {"n": 0}
    bodies = [split_header((CORPUS / f"{doc}.txt").read_text("utf-8"))[1] for doc in SLICE_IDS[:4]]

    @fast(40)
    @given(st.sampled_from(bodies), st.sampled_from([" ", "\n", "  \n\t", "\u00a0", "\n\n\n"]), st.integers(0, 6))
    def check(body: str, space: str, every: int) -> None:
        tried["n"] += 1
        text = re.sub(r" ", space, body) if every == 0 else body.replace(". ", "." + space * every)
        chunks = chunk_text("doc", text)
        assert all(text[c.start:c.end] == c.text and count_tokens(c.text) <= ChunkSettings().max_tokens for c in chunks)
        covered = bytearray(len(text))
        for c in chunks:
            covered[c.start:c.end] = b"\1" * (c.end - c.start)
        assert all(covered[i] or ch.isspace() for i, ch in enumerate(text))

    check()
    record("fuzz_chunker_real_inputs", tried["n"])


_KEYS = st.sampled_from([*HEADER_KEYS, "Title", "AUTHORITY", "extra_key"])
_VALUES = st.text(alphabet=st.characters(exclude_characters="\n\r", exclude_categories=("Cs",)), max_size=60)


def test_header_parser_properties():
    """split_header never raises; a header it finds is a prefix of the file and the body is the rest;
    a header we write is read back; a file with no header comes back whole."""
    tried = {"n": 0}

    @fast(500)
    @given(st.dictionaries(_KEYS, _VALUES, min_size=1, max_size=6), st.text(max_size=300), st.text(max_size=300))
    def check(fields: dict, body: str, noise: str) -> None:
        tried["n"] += 1
        raw = "".join(f"{k}: {v}\n" for k, v in fields.items()) + "---\n" + body
        parsed, parsed_body = split_header(raw)
        assert parsed_body == body
        assert parsed == {k.lower(): v.strip() for k, v in fields.items()}  # later keys win
        got, rest = split_header(noise)
        if got:
            assert noise.endswith(rest) and all(re.fullmatch(r"[a-z_]+", k) for k in got)
        else:
            assert rest == noise
        parse_meta_lines(noise)

    check()
    record("fuzz_header_inputs", tried["n"])


_DATES = st.one_of(
    st.text(max_size=12),
    st.text(alphabet="0123456789-", max_size=10),
    st.builds(lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}", st.integers(0, 9999), st.integers(0, 13), st.integers(0, 32)),
    st.builds(lambda y, m: f"{y:04d}-{m:02d}", st.integers(0, 9999), st.integers(0, 13)),
    st.builds(lambda y: f"{y:04d}", st.integers(0, 9999)),
    st.sampled_from(["２０２１", "٢٠٢١-٠١", "0000", "9999-12", "2021-02-29", "2024-02-29", "unknown", " 2021 "]),
)


def test_header_dates_are_either_refused_or_usable_by_every_filter():
    """normalise_date returns "" or an ASCII date that the date filters accept at both ends, so a
    document's date can never make a search with --since/--until fail."""
    tried = {"n": 0}
    since, until = Filters.parse(since="2019"), Filters.parse(until="2019-06")

    @fast(800)
    @given(_DATES)
    def check(value: str) -> None:
        tried["n"] += 1
        try:
            date = normalise_date(value)
        except HeaderError as exc:
            assert repr(value.strip()) in str(exc)
            return
        if not date:
            return
        assert re.fullmatch(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?", date)
        assert parse_date_bound(date, end=False) <= parse_date_bound(date, end=True)
        for filters in (since, until):
            filters.matches("Bury", "focused visit", date, "")

    check()
    record("fuzz_date_inputs", tried["n"])


def test_loader_on_arbitrary_bytes(tmp_path_factory):
    """Any bytes under any supported suffix: a Document, or a LoadError naming the file. Nothing else."""
    tried = {"n": 0, "loaded": 0}
    folder = tmp_path_factory.mktemp("fuzzload")
    header = b"title: Focused visit to Bury\nauthority: Bury\ndate: 2021-06-25\nkind: focused visit\n---\n"

    @fast(300)
    @given(st.sampled_from([".txt", ".md", ".html", ".pdf"]), st.booleans(),
           st.one_of(st.binary(max_size=3000), st.text(max_size=2000).map(lambda t: t.encode("utf-8", "surrogatepass")),
                     st.sampled_from([b"%PDF-1.4\n", b"<html><script>x</script></html>", b"\xef\xbb\xbf", b"\xff\xfe"])))
    def check(suffix: str, with_header: bool, data: bytes) -> None:
        tried["n"] += 1
        path = folder / f"doc{tried['n']}{suffix}"
        path.write_bytes((header if with_header else b"") + data)
        try:
            doc, warnings = load_document(path)
        except LoadError as exc:
            assert str(path) in str(exc) and "\n" not in str(exc)
            return
        tried["loaded"] += 1
        assert doc.id == path.stem and doc.text.strip() and doc.kind in KINDS
        assert doc.judgement in ("", *JUDGEMENTS)
        assert all(str(path) in w for w in warnings)
        doc.text.encode("utf-8")  # storable in the JSON lines tables

    check()
    record("fuzz_loader_inputs", tried["n"])


_FILTER_TEXT = st.one_of(st.none(), st.text(max_size=30), st.sampled_from(
    [*KINDS, *JUDGEMENTS, "Focused", "ILACS", "ri", "Requires_Improvement", "London Borough of Barnet",
     "Telford & Wrekin Council", "2021", "2021-6", "2021-06-31", "9999-12", "0000", "２０２１", "", "  "]))


def test_filter_parser_properties():
    """Filters.parse raises only FilterError (one line); what it accepts never fails to match."""
    tried = {"n": 0, "accepted": 0}
    documents = [("Bury", "focused visit", "2021-06-25", ""), ("Barnet; Enfield", "JTAI", "2019-03", "good"),
                 ("", "other", "", ""), ("Telford and Wrekin", "ILACS inspection", "2018", "inadequate")]

    @fast(800)
    @given(_FILTER_TEXT, _FILTER_TEXT, _FILTER_TEXT, _FILTER_TEXT, st.one_of(_FILTER_TEXT, st.lists(st.text(max_size=12))))
    def check(authority, kind, since, until, judgement) -> None:
        tried["n"] += 1
        try:
            filters = Filters.parse(authority=authority, kind=kind, since=since, until=until, judgement=judgement)
        except FilterError as exc:
            assert str(exc) and "\n" not in str(exc)
            return
        tried["accepted"] += 1
        assert set(filters.kind) <= set(KINDS) and set(filters.judgement) <= set(JUDGEMENTS)
        for field in (filters.since, filters.until):
            assert field == "" or re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", field)
        for doc in documents:
            assert filters.matches(*doc) in (True, False)

    check()
    record("fuzz_filter_inputs", tried["n"])


def test_every_well_formed_date_bound_is_accepted():
    """YYYY, YYYY-MM and YYYY-MM-DD for any real date parse at both ends (9999-12 used to overflow)."""
    tried = {"n": 0}

    @fast(400)
    @given(st.dates(), st.sampled_from(["%Y", "%Y-%m", "%Y-%m-%d"]), st.booleans())
    @example(dt.date(9999, 12, 31), "%Y-%m", True)
    @example(dt.date(2024, 2, 1), "%Y-%m", True)
    def check(day, form: str, end: bool) -> None:
        tried["n"] += 1
        text = f"{day.year:04d}" + day.strftime(form)[len(str(day.year)):]
        bound = parse_date_bound(text, end=end)
        assert bound[: len(text)] == text and (bound >= text if end else bound <= text + "-99")
        Filters.parse(since=text, until=text)

    check()
    record("fuzz_date_bound_inputs", tried["n"])
