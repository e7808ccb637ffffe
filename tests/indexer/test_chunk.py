"""Chunking real letters: exact offsets, token limits, the model's 256 word-piece limit, no text lost."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.build import _fit_chunks
from indexer.chunk import chunk_text, filler_spans, rechunk
from indexer.config import MODEL_MAX_WORDPIECES, ChunkSettings
from indexer.embed import CONTEXT_MAX_CHARS, passage_text, wordpiece_counts
from indexer.load import load_document
from indexer.schema import Chunk
from indexer.tokens import count_tokens

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
SAMPLE = sorted(CORPUS.glob("*.txt"))[::25]  # 40 letters of every kind, news included


@pytest.fixture(scope="module")
def chunked():
    out = []
    for path in SAMPLE:
        doc, _ = load_document(path)
        out.append((doc, chunk_text(doc.id, doc.text)))
    return out


def test_offsets_reproduce_chunk_text(chunked):
    for doc, chunks in chunked:
        assert chunks
        for chunk in chunks:
            assert doc.text[chunk.start:chunk.end] == chunk.text
            assert chunk.text == chunk.text.strip()


def test_chunks_respect_the_token_budget(chunked):
    limit = ChunkSettings().max_tokens
    for _, chunks in chunked:
        assert max(count_tokens(c.text) for c in chunks) <= limit + 2  # +joins between sentences


def test_every_passage_fits_the_models_word_piece_limit(chunked):
    texts = [passage_text(doc, c) for doc, chunks in chunked for c in chunks]
    counts = wordpiece_counts(texts)
    assert len(counts) > 500
    assert max(counts) <= MODEL_MAX_WORDPIECES


def test_no_text_lost_between_chunks(chunked):
    for doc, chunks in chunked:
        covered = bytearray(len(doc.text))
        for chunk in chunks:
            covered[chunk.start:chunk.end] = b"\1" * (chunk.end - chunk.start)
        lost = "".join(ch for ch, c in zip(doc.text, covered) if not c and not ch.isspace())
        assert lost == "", doc.id


def test_consecutive_chunks_overlap_and_move_forward(chunked):
    for _, chunks in chunked:
        for before, after in zip(chunks, chunks[1:]):
            assert after.start > before.start
            assert after.start <= before.end + 2


def test_chunks_are_sentence_aligned():
    doc, _ = load_document(CORPUS / "fv-merton-2020-11-20.txt")
    chunks = chunk_text(doc.id, doc.text)
    ends = [c.text[-1] for c in chunks[:-1]]
    assert sum(e in ".!?:;”’)" or e.isalnum() for e in ends) == len(ends)
    assert sum(e in ".!?”’)" for e in ends) / len(ends) >= 0.7


DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"


def test_b03_dot_leader_is_never_part_of_a_passage_and_the_letter_keeps_its_passages():
    """The 'Signed ......' line used to push a passage over 256 word pieces, and the whole
    letter was cut again into 368 passages of ~20 characters."""
    doc, _ = load_document(DATA / "b03-min-dotted-line.txt")
    chunks = _fit_chunks(doc, chunk_text(doc.id, doc.text), ChunkSettings())
    assert len(chunks) == 9  # 10 with Ofsted's letterhead, which loader 5 leaves out
    assert all(doc.text[c.start:c.end] == c.text and "....." not in c.text for c in chunks)
    assert max(wordpiece_counts([passage_text(doc, c) for c in chunks])) <= MODEL_MAX_WORDPIECES
    assert chunks[-1].text.endswith("Her Majesty’s Inspector\n\nSigned")
    assert min(len(c.text) for c in chunks[:-1]) > 500


def test_b04_context_line_is_cut_to_whole_names_and_fits_the_model():
    """The forty authorities do not fit the context line: it names the whole ones that fit and how
    many more (indexer.context_line), and the passage fits the model (the build of b04 alone, with
    its warning and search: tests/indexer/test_long_authority.py)."""
    doc, _ = load_document(DATA / "b04-long-authority-header.txt")
    chunks = chunk_text(doc.id, doc.text)
    context = passage_text(doc, chunks[0]).split("\n")[0]
    assert len(doc.authority) > 2000
    assert len(context) <= CONTEXT_MAX_CHARS + 1 and context.endswith("Board and 38 more, JTAI, May 2023:")
    assert context.startswith("Fictional Borough 0 Children and Families Partnership Board; Fictional Borough 1")
    assert _fit_chunks(doc, chunks, ChunkSettings()) == chunks == [Chunk(doc.id, 0, len(doc.text) - 1, doc.text.rstrip(), "")]
    assert wordpiece_counts([passage_text(doc, chunks[0])])[0] <= MODEL_MAX_WORDPIECES


def test_an_over_limit_passage_is_cut_alone():
    """One passage over the model's limit is cut again; every other passage stays as it was."""
    doc, _ = load_document(CORPUS / "fv-merton-2020-11-20.txt")
    chunks = chunk_text(doc.id, doc.text)
    big = Chunk(doc.id, chunks[2].start, chunks[4].end, doc.text[chunks[2].start:chunks[4].end], chunks[2].heading)
    given = [*chunks[:2], big, *chunks[5:]]
    assert wordpiece_counts([passage_text(doc, big)])[0] > MODEL_MAX_WORDPIECES
    fitted = _fit_chunks(doc, given, ChunkSettings())
    pieces = fitted[2: len(fitted) - len(chunks[5:])]
    assert fitted[:2] == chunks[:2] and fitted[2 + len(pieces):] == chunks[5:]
    assert len(pieces) >= 2
    assert pieces[0].start == big.start and pieces[-1].end == big.end
    assert all(doc.text[p.start:p.end] == p.text and big.start <= p.start < p.end <= big.end for p in pieces)
    assert max(wordpiece_counts([passage_text(doc, p) for p in pieces])) <= MODEL_MAX_WORDPIECES


_PIECES = st.sampled_from(["Mr. Okafor", "leads the service.", "e.g.", "agency staff", "\n\n", "\n", "• ", "1. ",
                           "...........", "- - - - - -", "aGVsbG8gd29ybGQgdGhpcyBpcyBiYXNlNjQgZW5jb2Rl", "para. 3.2",
                           "Headline findings", "Children’s", "wait.", "x" * 30])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, min_size=1, max_size=60), st.integers(8, 60))
def test_offsets_exact_and_no_passage_holds_a_run_without_words(pieces, budget):
    text = " ".join(pieces)
    settings_ = ChunkSettings(max_tokens=budget, overlap_tokens=budget // 4)
    chunks = chunk_text("d", text, settings_)
    filler = filler_spans(text)
    covered = bytearray(len(text))
    for chunk in chunks:
        assert text[chunk.start:chunk.end] == chunk.text == chunk.text.strip()
        assert not any(a < chunk.end and chunk.start < b for a, b in filler)
        covered[chunk.start:chunk.end] = b"\1" * (chunk.end - chunk.start)
        for piece in rechunk(text, chunk, ChunkSettings(max_tokens=max(1, budget // 3), overlap_tokens=0)):
            assert text[piece.start:piece.end] == piece.text and chunk.start <= piece.start < piece.end <= chunk.end
    in_filler = bytearray(len(text))
    for a, b in filler:
        in_filler[a:b] = b"\1" * (b - a)
    assert all(covered[i] or in_filler[i] or ch.isspace() for i, ch in enumerate(text))


def test_a_long_graded_section_heading_is_the_heading_of_the_passages_under_it():
    """ILACS section headings state the area's grade and run past twelve words; paragraph 50 of
    Tameside's 2024 letter sits under the leadership heading, not the care leavers' one."""
    from pathlib import Path

    from indexer.load import load_document

    corpus = Path(__file__).resolve().parents[2] / "corpus"
    doc = load_document(corpus / "ilacs-tameside-2024-02-13.txt")[0]
    chunks = chunk_text(doc.id, doc.text)
    heading = next(c.heading for c in chunks if "50. The pace and impact" in c.text)
    assert heading == "The impact of leaders on social work practice with children and families: inadequate"


def test_sentence_units_are_split_units_without_counts_and_cached():
    from corpus_slice import CORPUS
    from indexer.chunk import sentence_units, split_units

    text = (CORPUS / "ilacs-tameside-2019-07-01.txt").read_text(encoding="utf-8")[:6000]
    units = sentence_units(text)
    assert [(u.start, u.end, u.heading) for u in units] == [(u.start, u.end, u.heading) for u in split_units(text)]
    assert all(u.tokens == 0 for u in units)
    assert sentence_units(text) is units


def test_a_heading_line_glued_to_the_next_sentence_is_a_heading():
    """Newcomer: passages in the "Main findings" section of focused-visit letters sat under the
    heading before it, "What needs to improve in this area of social work practice?" (26 of 27
    sampled): "Main findings\nAt the previous focused visit, ..." was one sentence to the splitter,
    so no heading unit. Positive findings then read as criticisms."""
    from indexer.chunk import split_units

    root = Path(__file__).resolve().parents[2]
    doc, _ = load_document(root / "corpus" / "fv-tameside-2022-06-06.txt")
    units = split_units(doc.text, count=lambda _: 0)
    headings = [doc.text[u.start:u.end] for u in units if u.heading]
    assert "Main findings" in headings
    after = next(u for u in units if doc.text[u.start:u.end].startswith("At the previous focused visit, in May 2021"))
    assert not after.heading
    chunks = chunk_text(doc.id, doc.text, ChunkSettings())
    findings = [c for c in chunks if c.start >= doc.text.index("Main findings")]
    assert findings and findings[0].heading == "Main findings"
    # a grade split over two lines stays one unit ("Requires\nImprovement to be good" is no heading)
    assert not any(h in ("Requires", "Requires improvement") for h in headings)
