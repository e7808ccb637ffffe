"""Question files: the shipped ones load, our own evidence is verbatim, bad files exit 2 naming the line."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.questions import QuestionFileError, load_questions
from search.cli import main

ROOT = Path(__file__).resolve().parents[2]
DEV = ROOT / "eval" / "questions" / "dev.jsonl"
EXTRA = ROOT / "eval" / "questions" / "extra.jsonl"
GOOD = {"id": "q1", "question": "What about agency staff?", "doc": "fv-merton-2020-11-20",
        "evidence": ["some text"], "answerable": True, "style": "keyword"}


def _body(doc_id: str) -> str:
    """The document body: the text after the header's `---` line."""
    text = (ROOT / "corpus" / f"{doc_id}.txt").read_text(encoding="utf-8")
    return text.split("\n---\n", 1)[1]


def test_shipped_question_files_load():
    dev, extra = load_questions(DEV), load_questions(EXTRA)
    assert len(dev) == 60 and dev[0].line == 1
    assert {q.style for q in extra} == {"paraphrase", "keyword", "unanswerable"}
    assert 18 <= len(extra) <= 30
    assert sum(not q.answerable for q in extra) >= 3


def test_extra_questions_cover_other_letters_with_verbatim_evidence():
    dev_docs = {q.doc for q in load_questions(DEV)}
    extra = load_questions(EXTRA)
    assert not {q.id for q in extra} & {q.id for q in load_questions(DEV)}
    for q in extra:
        if not q.answerable:
            assert q.doc is None and q.evidence == ()
            continue
        assert q.doc not in dev_docs, q.id
        body = _body(q.doc)
        for evidence in q.evidence:
            assert evidence in body, f"{q.id}: evidence is not an exact substring of {q.doc}"


def _write(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "questions.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


BAD_LINES = [
    ("{not json", "not valid JSON"),
    (json.dumps([1, 2]), "expected a JSON object"),
    (json.dumps({k: v for k, v in GOOD.items() if k != "evidence"}), "missing field(s) evidence"),
    (json.dumps({**GOOD, "answerable": "yes"}), "'answerable' must be true or false"),
    (json.dumps({**GOOD, "evidence": "a string"}), "'evidence' must be a list of strings"),
    (json.dumps({**GOOD, "evidence": []}), "needs at least one evidence string"),
    (json.dumps({**GOOD, "doc": None}), "needs a 'doc'"),
    (json.dumps({**GOOD, "answerable": False}), "must have empty 'evidence'"),
    (json.dumps({**GOOD, "question": "  "}), "'question' must be a non-empty string"),
    (json.dumps({**GOOD, "question": "\u0000\u0001"}), "'question' is not searchable"),
    (json.dumps({**GOOD, "id": "d001"}), "duplicate id 'd001' (first on line 1)"),
]


@pytest.mark.parametrize("bad, problem", BAD_LINES)
def test_bad_line_is_named(tmp_path, bad, problem):
    first = json.dumps({**GOOD, "id": "d001"})
    path = _write(tmp_path, [first, "", bad])  # the blank line 2 is skipped, the bad one is line 3
    with pytest.raises(QuestionFileError) as error:
        load_questions(path)
    assert f"{path}:3:" in str(error.value) and problem in str(error.value)


def test_bad_question_file_exits_2_with_line_number(tmp_path, capsys):
    path = _write(tmp_path, [json.dumps(GOOD), json.dumps({**GOOD, "id": "q2", "style": 3})])
    code = main(["eval", "--questions", str(path), "--index-dir", str(tmp_path / "no-index")])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "Traceback" not in err
    assert f"{path}:2: 'style' must be a non-empty string" in err


@pytest.mark.parametrize("content, problem", [("", "no questions in the file"), ("\n\n", "no questions in the file")])
def test_empty_file_exits_2(tmp_path, capsys, content, problem):
    path = tmp_path / "empty.jsonl"
    path.write_text(content, encoding="utf-8")
    assert main(["eval", "--questions", str(path)]) == 2
    assert problem in capsys.readouterr().err


def test_missing_file_and_bad_mode_exit_2(tmp_path, capsys):
    assert main(["eval", "--questions", str(tmp_path / "nope.jsonl")]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main(["eval", "--questions", str(DEV), "--modes", "keyword,fuzzy"]) == 2
    assert "unknown mode fuzzy" in capsys.readouterr().err
