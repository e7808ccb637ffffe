"""The app's confidence line under an answer: the calibrated probability that the quoted passages
answer the question (search.abstain.confidence_label), with what it means in a help tooltip."""
from __future__ import annotations

from search.abstain import confidence_label
from search.types import Answer


def show_confidence(st, answer: Answer) -> None:
    """Write the confidence caption for `answer` (`st` is the streamlit module); nothing for an
    answer the abstention model did not score (a list answer, a place with no letters)."""
    label = confidence_label(answer)
    if label is not None:
        st.caption(label.text, help=label.help)
