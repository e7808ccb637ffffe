"""`isearch ask/query` output choices on the real slice index: --json and --csv exclude each other
(one-line usage error, exit 2, as for `isearch councils`), and `ask --csv` on a question that is not a
list question writes the answer's quoted sentences, each with its citation and span."""
from __future__ import annotations

import csv
import json
import io

import pytest

from search.cli import main
from search.list_answer import is_list_question
from search.export import single_line
from search.list_output import CSV_COLUMNS

QUESTION = "care leavers in Tameside"


@pytest.mark.parametrize("command", [["ask", "care leavers"], ["query", "care leavers"], ["councils"]])
@pytest.mark.parametrize("flags", [["--json", "--csv"], ["--csv", "--json"]])
def test_json_and_csv_together_are_a_one_line_usage_error(small_index_dir, capsys, command, flags):
    with pytest.raises(SystemExit) as exit_:
        main([*command, *flags, "--index-dir", str(small_index_dir)])
    out, err = capsys.readouterr()
    assert exit_.value.code == 2 and out == ""
    assert err.count("\n") == 1 and "not allowed with argument" in err
    assert err.startswith(f"isearch {command[0]}: error: ") and "--help" in err


def test_bad_arguments_elsewhere_are_one_line_too(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["query", "x", "--mode", "fuzzy"])
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and err.count("\n") == 1 and "invalid choice: 'fuzzy'" in err


def test_ask_csv_writes_a_prose_answers_quoted_sentences(small_index, small_index_dir, capsys):
    assert not is_list_question(QUESTION)
    answer = small_index.ask(QUESTION)
    assert answer.answered and answer.sentences and not answer.rows
    assert main(["ask", QUESTION, "--csv", "--index-dir", str(small_index_dir)]) == 0
    reader = csv.DictReader(io.StringIO(capsys.readouterr().out, newline=""))
    records = list(reader)
    assert tuple(reader.fieldnames) == CSV_COLUMNS  # the columns of a list answer's rows
    assert [r["sentence"] for r in records] == [single_line(s.text) for s in answer.sentences]  # one line a cell
    assert [r["row"] for r in records] == [str(n) for n in range(1, len(records) + 1)]
    for record, sentence in zip(records, answer.sentences):
        hit = answer.hits[sentence.citation - 1]
        body = small_index.document(record["doc_id"]).text
        assert single_line(body[int(record["start"]): int(record["end"])]) == record["sentence"]  # verbatim, at its span
        assert (record["citation"], record["passage_start"], record["passage_end"]) == \
            (str(sentence.citation), str(hit.start), str(hit.end))
        assert (record["authority"], record["title"], record["date"], record["kind"]) == \
            (hit.authority, hit.title, hit.date, hit.kind)
        assert record["authority"] == "Tameside"


def test_ask_csv_on_an_unanswered_question_says_so_and_exits_1(small_index, small_index_dir, capsys):
    question = "zebra crossings on mars"
    assert not small_index.ask(question).answered
    assert main(["ask", question, "--csv", "--index-dir", str(small_index_dir)]) == 1
    out, err = capsys.readouterr()
    assert out.strip() == ",".join(CSV_COLUMNS)
    assert err.count("\n") == 1 and "no sentences quoted" in err and "isearch query --csv" in err


@pytest.mark.parametrize("flags", [[], ["--json"], ["--csv"]])
def test_ask_exits_1_when_the_letters_do_not_answer(small_index, small_index_dir, capsys, flags):
    """A declined answer exited 0 (only `--csv` said 1), so a script could not tell it from an answer."""
    question = "What is the weather in Merton?"
    assert not small_index.ask(question).answered
    assert main(["ask", question, *flags, "--index-dir", str(small_index_dir)]) == 1
    out = capsys.readouterr().out
    if not flags:  # the closest passages are still shown
        assert "The letters do not answer this question" in out and "\n[1] " in out
    assert main(["ask", QUESTION, *flags, "--index-dir", str(small_index_dir)]) == 0


def test_a_follow_on_question_naming_no_council_has_no_confidence(small_index_dir, capsys):
    """"and what about care leavers there?" is declined by rule (the council is not named): `ask --json`
    gave "confidence": 0.0, a score it never computed; answers without a score (list answers) give null."""
    import json

    assert main(["ask", "and what about care leavers there?", "--json", "--index-dir", str(small_index_dir)]) == 1
    answer = json.loads(capsys.readouterr().out)
    assert answer["answered"] is False and "without naming it" in answer["message"]
    assert answer["confidence"] is None and answer["signals"] == {}
    assert main(["ask", "and what about care leavers there?", "--index-dir", str(small_index_dir)]) == 1
    out = capsys.readouterr().out
    assert out.startswith('The question refers to a council ("there") without naming it') and "Confidence" not in out


@pytest.mark.parametrize("question", ["care leavers", "Which councils were praised for their work with care leavers?"])
def test_ask_with_no_passage_says_so_plainly(small_index_dir, capsys, question):
    """Newcomer: `ask "care leavers" --since 2030` printed "The letters do not answer this question. The
    closest passages are shown below." and then no passage (a list question: "No letter says this. The
    closest passages ..."). With no passage the line says why there is none; --json keeps the message."""
    args = ["ask", question, "--index-dir", str(small_index_dir)]
    assert main([*args, "--since", "2030"]) == 1
    assert capsys.readouterr() == ("No letters match the filters (since 2030).\n", "")
    assert main([*args, "--since", "2030-03", "--authority", "Tameside", "--csv"]) == 1
    out, err = capsys.readouterr()
    assert out.strip() == ",".join(CSV_COLUMNS)
    assert err == "no sentences quoted: No letters match the filters (Tameside; since 2030-03).\n"
    assert main([*args, "--since", "2030", "--json"]) == 1
    answer = json.loads(capsys.readouterr().out)
    assert answer["hits"] == [] and "closest passages are shown below" in answer["message"]


def test_ask_with_no_passage_in_the_letters_the_filters_keep(small_index_dir, capsys):
    args = ["ask", "zzqx frobnicate", "--mode", "keyword", "--index-dir", str(small_index_dir)]
    assert main(args) == 1
    assert capsys.readouterr().out == "No passage matches the question.\n"
    assert main([*args, "--authority", "Tameside", "--until", "2019-07"]) == 1
    assert capsys.readouterr().out == ("No passage of the letters the filters keep (Tameside; until 2019-07) matches "
                                       "the question.\n")


@pytest.mark.parametrize("question", ["🙂🙂🙂", "1234", "the of and", "?"])
def test_a_question_with_no_words_is_bad_input(small_index_dir, capsys, question):
    """Newcomer: "🙂🙂🙂" exited 1 (declined) while "" exited 2: both are questions with nothing to look for."""
    code = main(["ask", question, "--index-dir", str(small_index_dir)])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "the question has no words to look for" in err
