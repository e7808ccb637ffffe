"""A letter whose header and text name no council takes the one its title names (indexer/title_authority.py).

Newcomer report: indexing ../shared/cases/ingest (copied to tests/data/ingest) gave b05-unclosed-head.html,
b06-table-cells.html and b13-hyphenated-lines.pdf no authority, with a warning, though their titles
are "Focused visit to Wexbridge children's services" and "Wexbridge: Inspection of local authority
children's services" and b07, b08 and b09 of the same build give Wexbridge as their authority; so
"How was Wexbridge graded?" could not use b06's grade table and `--authority Wexbridge` dropped them.
The pass must give no letter a council it did not have: every real PDF and corpus letter keeps its
own, and a letter whose authority is blanked gets its own back or none."""
from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from corpus_slice import CORPUS, ROOT, SLICE_IDS, TEST_CACHE
from indexer.build import build_index
from indexer.load import load_document, no_authority_warning
from indexer.title_authority import authorities_from_titles, build_councils, title_councils, with_title_authorities

INGEST = ROOT / "tests" / "data" / "ingest"
REALDOCS = ROOT / "tests" / "data" / "realdocs"
UNNAMED = ("b05-unclosed-head", "b06-table-cells", "b13-hyphenated-lines")  # no header, no council the list knows
SUFFIX = {"b05-unclosed-head": ".html", "b06-table-cells": ".html", "b13-hyphenated-lines": ".pdf"}

# Each real PDF's council, as Ofsted's listing gives it (b13 is an invented Wexbridge letter).
PDF_AUTHORITIES = {
    "b13-hyphenated-lines": "", "fv-essex-2021-11-22": "Essex", "fv-westminster-2022-07-20": "Westminster",
    "ilacs-barnsley-2018-11-19": "Barnsley", "ilacs-derbyshire-2024-01-12": "Derbyshire",
    "ilacs-hampshire-2019-06-11": "Hampshire", "ilacs-merton-2022-05-09": "Merton",
    "ilacs-sunderland-2021-08-20": "Sunderland", "ilacs-wiltshire-2023-12-12": "Wiltshire",
    "jar-haringey-2009-07-03": "Haringey", "jtai-bracknell-forest-2019-03-08": "Bracknell Forest",
    "jtai-liverpool-2016-08-03": "Liverpool", "send-bury-2024-05-07": "Bury", "send-plymouth-2023-08-22": "Plymouth",
    "sif-bury-2016-05-16": "Bury", "sif-hampshire-2014-04-22": "Hampshire",
    "sif-kingston-upon-hull-2015-02-10": "Kingston upon Hull", "sif-stockton-on-tees-2016-08-05": "Stockton-on-Tees",
}


def _authorities(index_dir: Path) -> dict[str, str]:
    from indexer.doc_store import read_documents

    return {doc.id: doc.authority for doc in read_documents(index_dir)}


def _manifest(index_dir: Path) -> dict:
    return json.loads((index_dir / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def ingest_letters():
    return [load_document(path)[0] for path in sorted(INGEST.iterdir())]


@pytest.fixture(scope="module")
def pdfs():
    return [load_document(path)[0] for path in sorted(REALDOCS.glob("*.pdf"))]


def test_the_ingest_letters_take_wexbridge_from_their_titles(ingest_letters):
    loaded = {doc.id: doc.authority for doc in ingest_letters}
    assert all(loaded[doc_id] == "" for doc_id in UNNAMED)  # the loader alone, one file at a time, finds none
    letters, given = with_title_authorities(ingest_letters)
    assert given == dict.fromkeys(UNNAMED, "Wexbridge")
    assert {doc.id: doc.authority for doc in letters} == {**loaded, **given}  # no other letter changes
    assert [doc.id for doc in letters] == [doc.id for doc in ingest_letters]


def test_without_a_letter_naming_wexbridge_none_is_taken(ingest_letters):
    """Wexbridge is no council of authorities.csv: only another letter of the build makes it one."""
    alone = [doc for doc in ingest_letters if doc.id in UNNAMED or doc.id.startswith(("b03", "b10-min-b"))]
    assert authorities_from_titles(alone) == {}


def test_a_build_gives_them_wexbridge_and_drops_the_warnings(tmp_path):
    corpus = shutil.copytree(INGEST, tmp_path / "ingest")
    index_dir = tmp_path / "index"
    report = build_index([corpus], index_dir, cache_path=TEST_CACHE, progress=False)
    assert not any("no local authority" in line for line in report.warnings), report.warnings
    authorities = _authorities(index_dir)
    assert [doc_id for doc_id, name in authorities.items() if name == "Wexbridge"] == [
        "b05-unclosed-head", "b06-table-cells", "b07-vertical-tab-formfeed", "b08-yaml-front-matter",
        "b09-abbreviations", "b10-min-a", "b13-hyphenated-lines"]
    assert "" not in authorities.values()
    assert _manifest(index_dir)["title_authorities"] == dict.fromkeys(UNNAMED, "Wexbridge")
    grades = [json.loads(line) for line in (index_dir / "judgements.jsonl").read_text(encoding="utf-8").splitlines()[1:]]
    assert {(g["doc_id"], g["area"], g["grade"]) for g in grades} >= {
        ("b06-table-cells", "overall_effectiveness", "requires improvement"),
        ("b06-table-cells", "children_in_care", "inadequate")}


def test_a_later_build_gives_it_and_takes_it_back_with_the_letter_naming_it(tmp_path):
    """The letters are unchanged between builds (held as the index had them, not read again): a
    letter naming Wexbridge added later gives them Wexbridge; with it gone they have none again."""
    corpus = tmp_path / "letters"
    corpus.mkdir()
    for doc_id in UNNAMED:
        shutil.copy(INGEST / f"{doc_id}{SUFFIX[doc_id]}", corpus)
    index_dir = tmp_path / "index"
    first = build_index([corpus], index_dir, cache_path=TEST_CACHE, progress=False)
    assert first.warnings == [no_authority_warning(corpus / f"{doc_id}{SUFFIX[doc_id]}") for doc_id in UNNAMED]
    assert set(_authorities(index_dir).values()) == {""}

    shutil.copy(INGEST / "b07-vertical-tab-formfeed.txt", corpus)
    added = build_index([corpus], index_dir, cache_path=TEST_CACHE, progress=False)
    assert added.added == ["b07-vertical-tab-formfeed"] and added.unchanged == 3 and added.warnings == []
    assert set(_authorities(index_dir).values()) == {"Wexbridge"}

    (corpus / "b07-vertical-tab-formfeed.txt").unlink()
    removed = build_index([corpus], index_dir, cache_path=TEST_CACHE, progress=False)
    assert removed.removed == ["b07-vertical-tab-formfeed"]
    assert _authorities(index_dir) == dict.fromkeys(UNNAMED, "")
    assert _manifest(index_dir)["title_authorities"] == {}


def test_real_pdfs_keep_their_councils(pdfs):
    assert {doc.id: doc.authority for doc in pdfs} == PDF_AUTHORITIES
    letters, given = with_title_authorities(pdfs)
    assert given == {}  # b13's Wexbridge is named by no other PDF
    assert {doc.id: doc.authority for doc in letters} == PDF_AUTHORITIES


def test_a_real_pdf_without_its_council_gets_it_back_from_its_title(pdfs):
    """Each PDF's authority blanked in turn: its title gives it back, or (a page the loader reads as
    about several councils: the Haringey JAR, the SEND area reports) nothing; never another council."""
    back = {}
    for i, doc in enumerate(pdfs):
        back[doc.id] = authorities_from_titles([*pdfs[:i], replace(doc, authority=""), *pdfs[i + 1:]]).get(doc.id, "")
    other = {doc.id for doc in pdfs if doc.kind == "other"}
    assert other == {"jar-haringey-2009-07-03", "send-bury-2024-05-07", "send-plymouth-2023-08-22"}
    assert back == {doc_id: "" if doc_id in other else name for doc_id, name in PDF_AUTHORITIES.items()}


@pytest.mark.parametrize("doc_id, name", [
    *((doc_id, None) for doc_id in SLICE_IDS if not doc_id.startswith("news-")),
    ("fv-kingston-upon-hull-2025-08-28", "Kingston upon Hull"),  # "Kingston-upon-Hull children’s services"
    ("fv-dudley-2020-11-27", "Dudley"),  # "Dudley MBC children’s services"
    ("fv-sandwell-2024-11-29", "Sandwell"),  # "Sandwell Children’s Trust"
    ("sif-birmingham-2016-11-25", "Birmingham"),  # "Birmingham Re-inspection of services ..."
    ("fv-bath-and-north-east-somerset-2025-01-13", "Bath and North East Somerset"),  # not "Bath"
    ("fv-camden-2023-12-05", ""),  # "Focused visit to children’s services": no council named
    ("news-bournemouthecho-bcp-first-monitoring-visit-letter", ""),  # BCP Council's ... (Bournemouth Daily Echo): two
])
def test_a_corpus_letter_without_its_council_gets_it_back_or_none(ingest_letters, doc_id, name):
    doc = load_document(CORPUS / f"{doc_id}.txt")[0]
    expected = doc.authority if name is None else name
    assert authorities_from_titles([*ingest_letters, replace(doc, authority="")]).get(doc.id, "") == expected


def test_everyday_words_organisations_and_two_councils_give_none():
    extra = ["Wexbridge", "Haven"]
    assert title_councils(["Focused visit to Reading children’s services"]) == (["Reading"], ["Reading"])
    assert title_councils(["Reading the signs: a focused visit to Wexbridge children's services"], extra) == (
        ["Wexbridge"], ["Wexbridge"])  # 'Reading' opens the line as a word, not as the council
    assert title_councils(["Bath time and bedtime routines"]) == ([], [])
    assert title_councils(["Focused visit to the Haven children's services"], extra) == (["Haven"], ["Haven"])
    assert title_councils(["A safe haven: focused visit"], extra) == ([], [])  # written small
    assert title_councils(["Inspection of Reading University children's services"]) == ([], [])
    assert title_councils(["Joint targeted area inspection of Leeds and Calderdale"]) == (["Calderdale"], ["Leeds", "Calderdale"])
    assert title_councils(["focused visit to wexbridge children's services"], extra) == ([], [])
    assert title_councils(["Focused visit to Wexbridge children's services"], ["Wexbridge Borough Council"]) == (
        ["Wexbridge Borough Council"], ["Wexbridge Borough Council"])  # the name without its council words


def test_two_councils_in_a_title_or_a_placeholder_council_give_none(ingest_letters):
    b05 = next(doc for doc in ingest_letters if doc.id == "b05-unclosed-head")
    joint = replace(b05, id="joint", title="Joint targeted area inspection of Wexbridge and Northfold")
    assert authorities_from_titles([*ingest_letters, joint]).get("joint") is None
    # a stand-in authority ("Local authority", "Unknown") is no council a title can name
    stand_in = [replace(b05, id="a", authority="Local authority"), replace(b05, id="b", authority="Unknown")]
    assert build_councils(doc.authority for doc in stand_in) == []
    titled = replace(b05, id="c", title="Inspection of Local Authority Children's Services")
    assert authorities_from_titles([*stand_in, titled]) == {}
    # a page about many councils ("other") names none by design, whatever its title
    assert authorities_from_titles([*ingest_letters, replace(b05, id="d", kind="other")]).get("d") is None
