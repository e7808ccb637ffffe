"""List items are sentence units of their own, and Wingdings bullets read as "•": real letters."""
from __future__ import annotations

import re
from pathlib import Path

from indexer.bullets import list_item_starts, readable_bullets
from indexer.chunk import chunk_text, split_units
from indexer.header import split_header
from indexer.load import load_document
from indexer.sentences import sentence_spans

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
LINE_BULLET = re.compile(r"\n[ \t]*(?:[\ue000-\uf8ff◼▪●■•−─―⎯\u0336]|[-–*] )")  # a list item line


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text)]


def test_wingdings_bullets_become_readable_one_for_one():
    """Bradford's 2018 ILACS letter as curated: its "What needs to improve:" items begin with
    U+F06E. Read, each begins with "•", at the same offset: the text differs from the raw body in
    those characters only (so every offset stays exact); no private-use character is left."""
    raw = split_header((CORPUS / "ilacs-bradford-2018-10-29.txt").read_text(encoding="utf-8"))[1]
    read = readable_bullets(raw)
    assert len(read) == len(raw) and raw.count("\uf06e") == 10
    changed = [i for i, (a, b) in enumerate(zip(raw, read)) if a != b]
    assert len(changed) == 10 and all(raw[i] == "\uf06e" and read[i] == "•" and raw[i - 1] == "\n" for i in changed)
    doc, _ = load_document(CORPUS / "ilacs-bradford-2018-10-29.txt")
    assert not re.search(r"[\ue000-\uf8ff]", doc.text)
    assert "What needs to improve:\n• the identification and response to risk" in doc.text


def test_each_bullet_item_of_a_real_letter_is_its_own_sentence():
    """The heading line before the list is a sentence of its own, each "•" item another, and an
    item wrapped onto a second line ("... including children aged\\n16 to 17 ...") stays whole."""
    doc, _ = load_document(CORPUS / "ilacs-bradford-2018-10-29.txt")
    found = sentences(doc.text)
    at = found.index("What needs to improve:")
    assert found[at + 1:at + 4] == [
        "• the identification and response to risk, particularly the longer-term impact of domestic abuse and neglect",
        "• clarity about what change is needed by families and by when during preproceedings",
        "• the prioritisation and timely, proportionate response to contacts, including gaining parental consent",
    ]
    wrapped = next(s for s in found if "including children aged" in s)
    assert wrapped.startswith("• the response to children with specific vulnerabilities")
    assert wrapped.endswith("oversight and monitoring of allegations against professionals working with children")
    assert "\n16 to 17 who present as homeless" in wrapped
    units = [doc.text[u.start:u.end] for u in split_units(doc.text, count=len)]
    assert units[units.index("What needs to improve:") + 1:][:3] == found[at + 1:at + 4]
    for chunk in chunk_text(doc.id, doc.text):
        assert doc.text[chunk.start:chunk.end] == chunk.text


def test_dash_list_items_are_sentences_and_a_dash_inside_a_line_is_not_a_bullet():
    """Birmingham's 2016 SIF report: "In the last 12 months:" and four "- " items, five sentences."""
    doc, _ = load_document(CORPUS / "sif-birmingham-2016-11-25.txt")
    found = sentences(doc.text)
    at = found.index("In the last 12 months:")
    assert found[at + 1:at + 5] == [
        "- there have been 153 adoptions",
        "- 15 children became subject of special guardianship orders",
        "- 899 children ceased to be looked after, of whom 8% subsequently returned to be looked after",
        "- 18 children and young people ceased to be looked after and moved on to independent living.",
    ]
    text = "decision-making\n-year olds\nx - y\n  – z"
    assert list_item_starts(text) == [text.index("– z")]


def test_no_sentence_of_sampled_letters_runs_on_into_a_list_item():
    """Every 10th corpus letter (99 letters, Wingdings, "◼" and dash lists among them): no sentence
    and no chunker unit goes on past a line break into a line that starts with a bullet (over the
    whole corpus before: 2,795 sentences, e.g. "Findings\\n\\uf06e Since the last Ofsted inspection
    ..."). A dash inside a line ("During 2014−15") is no bullet."""
    bad, total = [], 0
    for path in sorted(CORPUS.glob("*.txt"))[::10]:
        doc, _ = load_document(path)
        spans = sentence_spans(doc.text) + [(u.start, u.end) for u in split_units(doc.text, count=len)]
        total += len(spans)
        bad += [doc.text[a:b][:80] for a, b in spans if LINE_BULLET.search(doc.text, a, b)]
    assert total > 50_000
    assert bad == []


def test_private_use_bullets_in_markdown_and_html_read_as_bullets(tmp_path):
    """Not only .txt: a Markdown letter and a saved web page with Wingdings bullets give "•"
    lines, each its own unit."""
    body = "What needs to improve:\n\uf0a7 the quality of plans\n\uf0a7 the timeliness of assessments\n"
    md = tmp_path / "fv-wexbridge.md"
    md.write_text("---\ntitle: Focused visit to Wexbridge\nauthority: Wexbridge\ndate: 2023-06-05\n---\n" + body,
                  encoding="utf-8")
    html = tmp_path / "fv-eastshire.html"
    html.write_text("<html><body><h1>Focused visit to Eastshire</h1><p>What needs to improve:<br>"
                    "\uf0a7 the quality of plans<br>\uf0a7 the timeliness of assessments</p></body></html>", encoding="utf-8")
    for path in (md, html):
        doc, _ = load_document(path)
        units = [doc.text[u.start:u.end] for u in split_units(doc.text, count=len)]
        assert units[-3:] == ["What needs to improve:", "• the quality of plans", "• the timeliness of assessments"], path
