"""Authority names as data (indexer/data/authorities.csv, authority_changes.csv): every council
a real corpus file names is a real English council, news metadata about many councils is not
split into junk names, and reorganisations are followed both ways."""
from __future__ import annotations

import csv
from importlib import resources

from corpus_slice import CORPUS
from indexer.authorities import (all_authorities, authority_record, canonical_authority, changes, changes_for,
                                 english_authorities, field_authorities, find_authorities,
                                 find_places_outside_england, lineage, split_authorities)


def corpus_authority_fields() -> dict[str, str]:
    fields = {}
    for path in sorted(CORPUS.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines()[:12]:
            if line.startswith("authority:"):
                fields[path.stem] = line.partition(":")[2].strip()
    return fields


def test_data_files_are_well_formed():
    for name, width in (("authorities.csv", 5), ("authority_changes.csv", 5)):
        text = resources.files("indexer").joinpath("data", name).read_text(encoding="utf-8")
        rows = list(csv.reader(line for line in text.splitlines() if line and not line.startswith("#")))
        assert all(len(row) == width for row in rows), [row for row in rows if len(row) != width]
    names = [a.name for a in all_authorities()]
    assert len(names) == len(set(names))
    current = [a for a in all_authorities() if a.country == "England" and not a.until]
    assert len(current) == 153  # English councils with children's services since April 2023
    for change in changes():  # every change names councils in the list, abolished on that day
        assert authority_record(change.old) and authority_record(change.new), change
        if change.extent == "whole" and change.old != change.new:
            assert authority_record(change.old).until == change.date, change


def test_every_council_the_corpus_names_is_a_real_english_council():
    fields = corpus_authority_fields()
    assert len(fields) > 900
    known = set(english_authorities())
    junk = {doc: name for doc, field in fields.items() for name in field_authorities(field) if name not in known}
    assert junk == {}


def test_news_about_many_councils_is_not_split_into_junk():
    field = corpus_authority_fields()["news-publicsectorexecutive-ofsted-critical-of-council-run-childrens-services"]
    assert field.startswith("England (multiple; Birmingham")
    assert split_authorities(field) == [field]  # the ';' inside the brackets does not split it
    assert field_authorities(field) == ["Birmingham", "Buckinghamshire", "Coventry", "Knowsley", "Manchester",
                                        "Rotherham", "Slough"]
    assert field_authorities("England (national, Ofsted social care annual report 2013)") == []
    assert field_authorities("Surrey; Newham; West Sussex") == ["Surrey", "Newham", "West Sussex"]
    assert field_authorities("Bournemouth, Christchurch & Poole") == ["Bournemouth, Christchurch and Poole"]


def test_reorganisations_are_followed_both_ways():
    assert lineage("Cumberland") == ("Cumberland", "Cumbria")
    assert set(lineage("Cumbria")) == {"Cumbria", "Cumberland", "Westmorland and Furness"}
    assert set(lineage("Northamptonshire")) == {"Northamptonshire", "North Northamptonshire", "West Northamptonshire"}
    assert lineage("West Northamptonshire") == ("West Northamptonshire", "Northamptonshire")
    assert set(lineage("BCP")) == {"Bournemouth, Christchurch and Poole", "Bournemouth", "Poole"}
    assert lineage("Dorset") == ("Dorset",)  # Christchurch was only part of Dorset: not followed
    dorset = changes_for("Dorset")
    assert {(c.date, c.new, c.extent) for c in dorset} == {
        ("2019-04-01", "Dorset", "whole"), ("2019-04-01", "Bournemouth, Christchurch and Poole", "part")}
    assert {c.date for c in changes_for("Cumberland")} == {"2023-04-01"}
    assert {c.date for c in changes_for("North Northamptonshire")} == {"2021-04-01"}


def test_names_official_names_and_aliases():
    assert canonical_authority("Tameside Metropolitan Borough Council") == "Tameside"
    assert canonical_authority("Dorset County Council") == "Dorset"
    assert canonical_authority("Hull City Council") == "Kingston upon Hull"
    assert authority_record("Cumbria").official_name == "Cumbria County Council"
    assert find_authorities("agency staff in tameside and Bury, then reading the letter") == ["Tameside", "Bury"]
    assert find_authorities("What did inspectors say about the Isle of Man?") == []
    assert find_places_outside_england("What did inspectors say about the Isle of Man?") == ["Isle of Man"]
    assert find_places_outside_england("care leavers in Cardiff and the Isle of Wight") == ["Cardiff"]
    assert authority_record("Isle of Man").country == "Isle of Man"


def test_a_place_inside_an_organisation_name_is_not_the_council():
    # dev question d022: the letter that answers it is Rutland's; "Leicester" there names a club
    question = "Which council's early help service has a community partnership with Leicester City Football Club?"
    assert find_authorities(question) == []
    assert find_authorities("Sheffield Hallam University students on placement in Rotherham") == ["Rotherham"]
    assert find_authorities("How was Leicester City Council graded for care leavers?") == ["Leicester"]
    assert find_authorities("Royal Greenwich care leavers") == ["Greenwich"]
