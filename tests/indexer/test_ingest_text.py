"""Text and Markdown files as users write them: control characters, YAML front matter, unknown header keys."""
from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.chunk import chunk_text, split_units
from indexer.header import split_header
from indexer.keywords import keyword_tokens
from indexer.load import load_document
from indexer.sentences import sentence_spans

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"


def test_b07_vertical_tab_and_form_feed_are_white_space():
    """\\v is a line break, \\f a paragraph break; the items a Word export separated with \\v under
    "What needs to improve:" are sentence units of their own (loader 7), the heading another."""
    doc, warnings = load_document(DATA / "b07-vertical-tab-formfeed.txt")
    assert warnings == []
    assert "\v" not in doc.text and "\f" not in doc.text
    assert "agency\nstaff" in doc.text
    assert "improve:\nthe sufficiency of placements for older children\nthe stability" in doc.text
    tokens = keyword_tokens(doc.text)
    assert not set(keyword_tokens("agencystaff")) & set(tokens)
    assert set(keyword_tokens("agency staff")) <= set(tokens)
    assert "workers.\n\nInspectors found" in doc.text
    units = [doc.text[u.start:u.end] for u in split_units(doc.text, count=len)]
    assert units == [
        "Focused visit to Wexbridge children's services",
        "What needs to improve:",
        "the sufficiency of placements for older children",
        "the stability of the social work workforce",
        "The reliance on agency\nstaff remains high in the assessment service.",
        "Managers are recruiting permanent social workers.",
        "Inspectors found that supervision is regular and reflective.",
    ]
    assert [doc.text[a:b] for a, b in sentence_spans(doc.text)] == units
    chunks = chunk_text(doc.id, doc.text)
    assert all(doc.text[c.start:c.end] == c.text for c in chunks)


def test_b08_yaml_front_matter_is_the_header():
    doc, warnings = load_document(DATA / "b08-yaml-front-matter.md")
    assert warnings == []
    assert (doc.title, doc.authority, doc.date, doc.kind) == (
        "Focused visit to Wexbridge children's services", "Wexbridge", "2023-06-05", "focused visit")
    assert doc.text.startswith("\nFocused visit to Wexbridge children's services\n")  # no "# " (loader 5)
    assert "---" not in doc.text and "authority:" not in doc.text
    units = split_units(doc.text, count=len)
    assert units[0].heading and doc.text[units[0].start:units[0].end] == "Focused visit to Wexbridge children's services"


def test_front_matter_with_unknown_keys_warns_once_naming_the_file(tmp_path):
    path = tmp_path / "fv-wexbridge.md"
    path.write_text("---\ntitle: Focused visit to Wexbridge\nauthority: [Wexbridge, Eastshire]\ndate: 2023-06-05\n"
                    "inspectors: Jane Doe\nlayout: post\n---\nInspectors met care leavers.\n", encoding="utf-8")
    doc, warnings = load_document(path)
    assert warnings == [f"{path}: unknown header key(s) inspectors, layout ignored"]
    assert doc.authority == "Wexbridge; Eastshire"
    assert doc.text == "Inspectors met care leavers.\n"


def test_key_value_header_with_unknown_hyphenated_key_is_not_body_text(tmp_path):
    path = tmp_path / "fv-x.txt"
    shutil.copy(DATA / "b09-abbreviations.txt", path)
    raw = path.read_text(encoding="utf-8")
    path.write_text(raw.replace("licence: test\n", "licence: test\ninspection-dates: 3 to 4 July 2023\n"), encoding="utf-8")
    doc, warnings = load_document(path)
    assert warnings == [f"{path}: unknown header key(s) inspection_dates ignored"]
    assert doc.date == "2023-07-11" and "inspection" not in doc.text.split("\n")[0].lower()[:12]
    assert doc.text.startswith("Focused visit to Wexbridge")


def test_a_markdown_rule_or_broken_yaml_is_body_text():
    for raw in ("---\n\nJust a rule above.\n", "---\ntitle: [unclosed\n---\nBody.\n", "---\nlist:\n  - [nested]\n---\nBody.\n"):
        assert split_header(raw) == ({}, raw)


_CONTROLS = st.sampled_from(["\v", "\f", "\x01", "\x1b", "\x1f", "\x7f", "\u2028", "\u2029", "\x85"])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["agency", "staff", "Children", "care.", "Mr.", "e.g."]), _CONTROLS), min_size=1, max_size=30))
def test_control_characters_never_glue_words_and_offsets_stay_exact(tmp_path, pairs):
    body = "".join(word + control for word, control in pairs) + "end."
    path = tmp_path / "fv-controls.txt"
    path.write_text("title: T\nauthority: Wexbridge\ndate: 2023-01-01\nkind: focused visit\n---\n" + body, encoding="utf-8")
    doc, _ = load_document(path)
    assert doc.text.split() == [word for word, _ in pairs] + ["end."]
    for chunk in chunk_text(doc.id, doc.text):
        assert doc.text[chunk.start:chunk.end] == chunk.text
