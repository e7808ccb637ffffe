"""What `isearch` prints about an index of one real letter (Merton's ILACS, the real model): counts
of one are singular ("indexed 1 documents", "1 warning(s)", "1 questions" before), and an
--authority typo is answered "did you mean" only with a council this index has letters for
("did you mean Tameside?" was offered for an index with no Tameside letter)."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from corpus_slice import ROOT, copy_slice

from search.cli import main
from search.index import open_index
from search.wording import counted, number

ONE_LETTER = "ilacs-merton-2022-05-09"


def isearch(*args: str, cache: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "search.cli", *args], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "ISEARCH_CACHE": str(cache)}, timeout=600)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """`isearch index` over Merton's ILACS letter and an empty file (skipped, one warning), with
    its own embedding cache: (index folder, the build's output, the second run's output)."""
    tmp = tmp_path_factory.mktemp("one-letter-cli")
    corpus = copy_slice(tmp / "corpus", (ONE_LETTER,))
    (corpus / "empty.txt").write_bytes(b"")
    args = ("index", str(corpus), "--index-dir", str(tmp / "index"), "-q")
    first = isearch(*args, cache=tmp / "cache.sqlite")
    assert first.returncode == 0, first.stderr
    again = isearch(*args, cache=tmp / "cache.sqlite")
    return tmp / "index", first, again


def run(index_dir: Path, capsys, *args: str) -> tuple[int, str, str]:
    code = main([*args, "--index-dir", str(index_dir)])
    out, err = capsys.readouterr()
    return code, out, err


def test_counted():
    assert [counted(n, "passage") for n in (0, 1, 2)] == ["0 passages", "1 passage", "2 passages"]
    assert counted(1204, "letter") == "1,204 letters"
    assert counted(1, "letter or report", "letters and reports") == "1 letter or report"
    assert counted(3, "letter or report", "letters and reports") == "3 letters and reports"
    assert [number(n) for n in (0, 999, 1000, 7561, 20123)] == ["0", "999", "1,000", "7,561", "20,123"]
    assert counted(1000, "passage") == "1,000 passages"


def test_index_counts_one_document_and_one_warning_in_the_singular(built):
    index_dir, first, again = built
    chunks = len(open_index(index_dir))
    assert chunks > 1
    assert (f"indexed 1 document (0 unchanged) into {chunks} chunks; embedded {chunks} new passages in "
            in first.stdout)  # before: "indexed 1 documents"
    assert first.stderr.splitlines()[-1] == "1 warning above, each naming its file and what was done with it"
    assert f"is up to date: 1 document, {chunks} chunks (" in again.stdout


def test_eval_of_one_question_says_one_question(built, tmp_path):
    index_dir, _, _ = built
    source = (ROOT / "eval" / "questions" / "dev.jsonl").read_text(encoding="utf-8").splitlines()
    questions = tmp_path / "one.jsonl"
    questions.write_text(next(line for line in source if json.loads(line)["doc"] == ONE_LETTER) + "\n",
                         encoding="utf-8")
    code = main(["eval", "--questions", str(questions), "--index-dir", str(index_dir), "--modes", "keyword",
                 "--out", str(tmp_path / "report")])
    assert code == 0
    report = (tmp_path / "report" / "report.md").read_text(encoding="utf-8")
    assert re.search(rf"{re.escape(str(questions))}: 1 question \(1 paraphrase\); k=10; index \S+ "
                     rf"\(1 document, {len(open_index(index_dir))} chunks\);", report)  # before: "1 questions"


@pytest.mark.parametrize("command", [["ask", "agency staff"], ["query", "agency staff"], ["councils"]])
def test_a_misspelt_authority_is_offered_only_with_letters_here(built, capsys, command):
    index_dir, _, _ = built
    code, out, err = run(index_dir, capsys, *command, "--authority", "Tamesid")
    assert (code, out) == (2, "")
    assert err == ("isearch: error: no council called 'Tamesid'; Tameside, the one it is close to, has no letters "
                   "in the index (`isearch councils` lists them)\n")  # before: "did you mean Tameside?"
    code, out, err = run(index_dir, capsys, *command, "--authority", "Mertn")
    assert (code, out) == (2, "")
    assert err == "isearch: error: no council called 'Mertn'; did you mean Merton? (`isearch councils` lists them)\n"
