"""Metadata detection on real letters with their header removed, checked against the header."""
from __future__ import annotations

from pathlib import Path

from indexer.authorities import canonical_authority, find_authorities
from indexer.header import split_header
from indexer.judgements import lookup_judgement
from indexer.metadata import detect_authority, detect_date, detect_judgement, detect_kind

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def letters(prefix: str, limit: int = 60):
    for path in sorted(CORPUS.glob(f"{prefix}-*.txt"))[:limit]:
        fields, body = split_header(path.read_text(encoding="utf-8"))
        if ";" not in fields["authority"]:
            yield fields, body


def share(pairs) -> float:
    pairs = list(pairs)
    return sum(a == b for a, b in pairs) / len(pairs)


def test_authority_detected_from_letter_text():
    for prefix in ("fv", "ilacs", "sif", "jtai"):
        assert share((detect_authority(b), canonical_authority(f["authority"])) for f, b in letters(prefix)) >= 0.97, prefix


def test_focused_visit_letter_date_is_the_date_at_the_top():
    assert share((detect_date(b), f["date"]) for f, b in letters("fv", 120)) >= 0.97


def test_kind_detected_from_title_wording():
    for prefix in ("fv", "ilacs", "sif", "jtai"):
        assert share((detect_kind(b), f["kind"]) for f, b in letters(prefix)) >= 0.9, prefix


def test_judgement_wording_matches_published_grade():
    pairs = [(detect_judgement(b), lookup_judgement(f["authority"], f["date"])) for f, b in letters("ilacs", 80)]
    graded = [(a, b) for a, b in pairs if b]
    assert len(graded) >= 70
    assert share(graded) >= 0.97


def test_authority_names_are_tolerant_of_council_suffixes():
    assert canonical_authority("London Borough of Barnet") == "Barnet"
    assert canonical_authority("Telford & Wrekin Council") == "Telford and Wrekin"
    assert canonical_authority("Durham County Council") == "Durham"
    assert find_authorities("agency staff in tameside and Bury, then reading the letter") == ["Tameside", "Bury"]
