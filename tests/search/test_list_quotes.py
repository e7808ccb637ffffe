"""Quotes carry no paragraph numbers: numbered-paragraph letters (SIF reports: "119. ... 120.
Management oversight ...") are cut into passages that can end just after the next paragraph's
number, and the sentence splitter then glues "120." to the sentence before it. Quotes of ordinary
and list answers must neither start nor end with a bare paragraph number."""
from __future__ import annotations

import re

from corpus_slice import CORPUS

from indexer.chunk import chunk_text, sentence_units
from indexer.header import split_header
from search.answer import quotable_span

LEADING = re.compile(r"^(?:\d{1,3}(?:\.\d{1,2})*[.)]|\(\w{1,4}\))\s")
TRAILING = re.compile(r"[.!?:;)”\"’']\s+(?:\d{1,3}(?:\.\d{1,2})*\.?|\(\w{1,4}\))$")


def _body(doc_id: str) -> str:
    return split_header((CORPUS / f"{doc_id}.txt").read_text(encoding="utf-8"))[1]


def test_the_isle_of_wight_passage_cut_after_a_paragraph_number_quotes_the_sentence_alone():
    """The passage that ends "... the limited use of chronologies.\\n120." (seen in the list answer to
    "which councils were told their chronologies were poor?") quotes the sentence without "120."."""
    text = _body("sif-isle-of-wight-2014-11-19")
    end = text.index("limited use of chronologies.\n120.") + len("limited use of chronologies.\n120.")
    start = text.rindex("\n", 0, text.index("Although audits have shown gradual improvement")) + 1
    passage = text[start - 400: end]  # a passage whose last unit is the next paragraph's number
    quoted = [passage[slice(*quotable_span(passage, u.start, u.end))] for u in sentence_units(passage)]
    sentence = next(q for q in quoted if q.startswith("Although audits have shown gradual improvement"))
    assert sentence.endswith("the limited use of chronologies.")
    assert "120" not in sentence


def test_no_quote_of_a_numbered_letter_starts_or_ends_with_a_paragraph_number():
    """Every sentence of every passage of three real numbered-paragraph letters (as the indexer
    cuts them), once made quotable, has no paragraph number at either end; without quotable_span
    some do (the letters really are numbered), so the check can fail."""
    raw_bad = 0
    for doc_id in ("sif-isle-of-wight-2014-11-19", "fv-bournemouth-christchurch-poole-2020-11-27",
                   "fv-slough-2020-11-27"):
        text = _body(doc_id)
        for chunk in chunk_text(doc_id, text):
            for unit in sentence_units(chunk.text):
                raw = chunk.text[unit.start:unit.end]
                raw_bad += bool(LEADING.match(raw) or TRAILING.search(raw))
                quote = chunk.text[slice(*quotable_span(chunk.text, unit.start, unit.end))]
                assert not LEADING.match(quote), (doc_id, quote[:80])
                assert not TRAILING.search(quote), (doc_id, quote[-80:])
    assert raw_bad > 20


def test_numbers_that_belong_to_the_sentence_stay():
    """A count or a decimal at a sentence's start, a number inside it, and a line wrapped after
    "of" (not a heading: "the Mind of\\nMy Own App") are kept."""
    for sentence in ("3.5 per cent of referrals were repeat referrals.", "12 children were seen in 2019.",
                     "The service saw 120 children in 2019.", "This was noted in 2019. 120 children were seen."):
        assert quotable_span(sentence, 0, len(sentence)) == (0, len(sentence))
    wrapped = "The development of the Mind of\nMy Own App has helped children."
    assert quotable_span(wrapped, 0, len(wrapped)) == (0, len(wrapped))
    numbered = "(a) The local authority should improve its chronologies."
    assert numbered[slice(*quotable_span(numbered, 0, len(numbered)))].startswith("The local authority")
