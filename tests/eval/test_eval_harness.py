"""A full `isearch eval` on the small real index: report.json, report.md, chart, --compare, --json."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.questions import load_questions
from search.cli import main
from corpus_slice import SLICE_IDS

ROOT = Path(__file__).resolve().parents[2]
QUESTION_FILES = (ROOT / "eval" / "questions" / "dev.jsonl", ROOT / "eval" / "questions" / "extra.jsonl")


@pytest.fixture(scope="module")
def slice_questions(tmp_path_factory) -> Path:
    """The shipped questions about letters in the test slice, plus the unanswerable ones."""
    path = tmp_path_factory.mktemp("questions") / "slice.jsonl"
    lines = []
    for source in QUESTION_FILES:
        for line in source.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if record["doc"] in SLICE_IDS or not record["answerable"]:
                lines.append(line)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def full_run(small_index_dir, slice_questions, tmp_path_factory):
    out = tmp_path_factory.mktemp("out") / "report"
    code = main(["eval", "--questions", str(slice_questions), "--index-dir", str(small_index_dir), "--out", str(out)])
    return code, out


def test_full_run_writes_every_output(full_run, slice_questions, capsys):
    code, out = full_run
    assert code == 0
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    questions = load_questions(slice_questions)
    answerable = [q for q in questions if q.answerable]
    assert set(report["modes"]) == {"keyword", "dense", "hybrid"}
    meta = report["meta"]
    assert meta["questions"]["count"] == len(questions) and meta["k"] == 10
    assert meta["git"]["commit"] is None or len(meta["git"]["commit"]) == 40
    assert meta["index"]["manifest"]["counts"]["documents"] == len(SLICE_IDS)
    assert meta["date"][:2] == "20"
    for mode, figures in report["modes"].items():
        for level in ("passage", "document"):
            groups = figures[level]
            assert set(groups) >= {"all", "paraphrase", "keyword"}
            assert groups["all"]["n"] == len(answerable)
            assert groups["paraphrase"]["n"] + groups["keyword"]["n"] == len(answerable)
            all_ = groups["all"]
            assert set(all_) == {"n", "recall@1", "recall@5", "recall@10", "mrr@10", "ndcg@10"}
            assert 0 <= all_["recall@1"] <= all_["recall@5"] <= all_["recall@10"] <= 1
            assert all_["mrr@10"] <= all_["recall@10"]
        # every document in this index is small and on topic: the right letter is usually found
        assert figures["document"]["all"]["recall@10"] >= 0.8, mode
        # a relevant passage in the top k implies its document is in the top k too
        assert figures["passage"]["all"]["recall@10"] <= figures["document"]["all"]["recall@10"]
        answer = figures["answer"]
        assert answer["verbatim"] == 1.0 and answer["sentences"] > 0
        assert answer["n_unanswerable"] == sum(not q.answerable for q in questions)
        assert answer["token_f1"] is not None and 0 <= answer["token_f1"] <= 1
        assert answer["abstention_recall"] is not None
        for call in ("search", "ask"):
            latency = figures["latency_ms"][call]
            assert 0 < latency["p50"] <= latency["p95"]
    assert len(report["questions"]) == len(questions)
    by_id = {q["id"]: q for q in report["questions"]}
    for q in answerable:  # every answerable question's evidence was located in the index
        assert by_id[q.id]["relevant_chunks"], q.id
        assert "passage_rank" in by_id[q.id]["modes"]["hybrid"]
    assert not [w for w in report["warnings"] if "evidence not found" in w]

    markdown = (out / "report.md").read_text(encoding="utf-8")
    assert "![metrics per mode](metrics.png)" in markdown and "| hybrid | all |" in markdown
    assert (out / "metrics.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_terminal_table_names_every_mode_and_metric(small_index_dir, slice_questions, tmp_path, capsys):
    code = main(["eval", "--questions", str(slice_questions), "--index-dir", str(small_index_dir),
                 "--modes", "keyword", "--k", "5", "--out", str(tmp_path)])
    text = capsys.readouterr().out
    assert code == 0
    assert "Retrieval, passage level" in text and "Retrieval, document level" in text
    assert "recall@1" in text and "recall@5" in text and "mrr@5" in text and "ndcg@5" in text
    assert "recall@10" not in text  # k=5 caps the cut-offs
    assert "cites_relevant" in text and "search p95" in text
    assert "dense" not in text.split("Retrieval")[1]


def test_json_prints_the_report(small_index_dir, slice_questions, tmp_path, capsys):
    code = main(["eval", "--questions", str(slice_questions), "--index-dir", str(small_index_dir),
                 "--modes", "keyword", "--out", str(tmp_path), "--json"])
    printed = json.loads(capsys.readouterr().out)
    assert code == 0
    assert printed == json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert list(printed["modes"]) == ["keyword"]


def test_compare_prints_the_change_of_each_figure(full_run, small_index_dir, slice_questions, tmp_path, capsys):
    _, old = full_run
    capsys.readouterr()
    code = main(["eval", "--questions", str(slice_questions), "--index-dir", str(small_index_dir),
                 "--modes", "keyword", "--out", str(tmp_path), "--compare", str(old / "report.json")])
    text = capsys.readouterr().out
    assert code == 0
    assert f"Compared with {old / 'report.json'}" in text
    lines = {line.split("  ")[0]: line for line in text.splitlines()}
    same = lines["keyword passage all recall@5"]  # keyword search is deterministic: no change
    assert same.split()[-2:] == ["+0.000", "="]
    assert lines["hybrid passage all recall@5"].split()[-3:] == ["-", "-", "n/a"]  # not run this time
    assert "keyword latency search p50" in lines
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["compared_with"]["path"] == str(old / "report.json")


def test_compare_with_a_bad_report_exits_2(small_index_dir, slice_questions, tmp_path, capsys):
    bad = tmp_path / "old.json"
    bad.write_text("{}", encoding="utf-8")
    code = main(["eval", "--questions", str(slice_questions), "--index-dir", str(small_index_dir),
                 "--compare", str(bad)])
    assert code == 2 and "not an `isearch eval` report.json" in capsys.readouterr().err


def test_questions_about_letters_outside_the_index_score_as_misses(small_index_dir, tmp_path, capsys):
    rows = [
        {"id": "in", "question": "Merton letters before proceedings language", "doc": "fv-merton-2020-11-20",
         "evidence": ["Letters before proceedings clearly inform parents about the local authority’s concerns"],
         "answerable": True, "style": "keyword"},
        {"id": "out", "question": "Essex care leavers laptops", "doc": "fv-essex-2021-11-22",
         "evidence": ["All care leavers have been provided with laptops or iPads"], "answerable": True,
         "style": "keyword"},
        {"id": "typo", "question": "Merton focused visit 2020", "doc": "fv-merton-2020-11-20",
         "evidence": ["a sentence that is in no letter"], "answerable": True, "style": "keyword"},
    ]
    path = tmp_path / "q.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    code = main(["eval", "--questions", str(path), "--index-dir", str(small_index_dir), "--modes", "keyword",
                 "--out", str(tmp_path / "out"), "--json"])
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    assert code == 0
    assert "out: document 'fv-essex-2021-11-22' is not in the index" in captured.err
    assert "typo: evidence not found in fv-merton-2020-11-20" in captured.err
    by_id = {q["id"]: q["modes"]["keyword"] for q in report["questions"]}
    assert by_id["in"]["passage_rank"] == 1 and by_id["in"]["doc_rank"] == 1
    assert by_id["out"]["passage_rank"] is None and by_id["out"]["doc_rank"] is None
    assert by_id["typo"]["passage_rank"] is None and by_id["typo"]["doc_rank"] is not None
    passage = report["modes"]["keyword"]["passage"]["all"]
    assert passage["n"] == 3 and passage["recall@10"] == pytest.approx(1 / 3, abs=1e-4)
