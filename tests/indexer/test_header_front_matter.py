"""Front matter whose closing `---` line was forgotten: read as body text, with a one-line
warning naming the file (the b08 Markdown letter of tests/data/ingest with its closing line taken out)."""
from __future__ import annotations

from pathlib import Path

from indexer.header import split_header, unclosed_front_matter
from indexer.load import load_document

LETTER = Path(__file__).resolve().parents[1] / "data" / "ingest" / "b08-yaml-front-matter.md"


def _unclosed(tmp_path: Path, name: str) -> tuple[Path, str]:
    raw = LETTER.read_text(encoding="utf-8").replace("kind: focused visit\n---\n", "kind: focused visit\n", 1)
    path = tmp_path / name
    path.write_text(raw, encoding="utf-8")
    return path, raw


def test_unclosed_front_matter_warns_once_naming_the_file_and_keeps_every_word(tmp_path):
    path, raw = _unclosed(tmp_path, "fv-wexbridge.md")
    doc, warnings = load_document(path)
    assert warnings[0] == f"{path}: header opens with '---' but no '---' line closes it; read as body text"
    assert (doc.authority, doc.date) == ("", "")  # no header was read: the user is told why, and that
    assert len(warnings) == 2 and warnings[1].startswith(f"{path}: no local authority found")  # it has no council
    assert doc.text.startswith("---\ntitle: \"Focused visit to Wexbridge children's services\"\nauthority: Wexbridge\n")
    assert "Personal advisers know their young people well" in doc.text


def test_unclosed_key_value_header_in_a_txt_warns_too(tmp_path):
    path, _ = _unclosed(tmp_path, "fv-wexbridge.txt")
    _, warnings = load_document(path)
    assert warnings[0].startswith(f"{path}: header opens with '---'")
    assert sum("header opens with" in w for w in warnings) == 1


def test_closed_front_matter_and_a_markdown_rule_are_not_reported(tmp_path):
    assert not unclosed_front_matter(LETTER.read_text(encoding="utf-8"))
    assert split_header(LETTER.read_text(encoding="utf-8"))[0]["authority"] == "Wexbridge"
    for raw in ("---\n\nJust a rule above, no header.\n", "---\nInspectors met care leavers.\n", "# Title\n---\n"):
        assert not unclosed_front_matter(raw)
        path = tmp_path / "rule.md"
        path.write_text(raw, encoding="utf-8")
        assert load_document(path)[1] == []
