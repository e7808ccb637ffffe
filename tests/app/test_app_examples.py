"""The app's example questions, as a first-time user clicks them, get answers that quote the
letters on what was asked (real slice of the corpus, real model)."""
from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def examples() -> tuple[str, ...]:
    """app.EXAMPLES, read from app.py without running Streamlit."""
    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    node = next(n for n in tree.body if isinstance(n, ast.Assign) and getattr(n.targets[0], "id", "") == "EXAMPLES")
    return ast.literal_eval(node.value)


# words an answer to each example must quote (the topic, in the letters' wording)
TOPIC = {"front door": r"front door|MASH|contacts? and referrals|referrals?",
         "agency": r"\bagency (?:staff|social workers|workers)",
         "care leavers": r"care leavers|care-experienced"}


def test_every_example_question_finds_and_quotes_its_topic(small_index):
    """The list example gets rows, each quoting its topic; each other example has a passage on its
    topic among the five shown first. (Those two are answered on the full index, confidence 0.55
    and above; on this slice of six letters they sit just under the threshold, 0.45 against 0.46,
    and show the passages instead.)"""
    from search.list_answer import is_list_question

    for question in examples():
        topic = next(pattern for key, pattern in TOPIC.items() if key in question)
        answer = small_index.ask(question)
        if is_list_question(question):
            assert answer.answered and answer.rows, question
            assert all(re.search(topic, " ".join(s.text for s in row.sentences), re.I) for row in answer.rows)
        else:
            assert any(re.search(topic, hit.text, re.I) for hit in answer.hits[:5]), question
