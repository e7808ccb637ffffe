"""A question's misspellings, corrected before it is searched: misspelt councils
(search/council_spelling.py: "Tamesid" -> Tameside) and misspelt ordinary words
(search/word_spelling.py: "inspecotrs" -> inspectors), with the one line that says so and the
records `isearch --json` carries. `isearch ask/query` and the app call `question_corrections`,
search with `corrected_question`, and show `correction_note`.
"""
from __future__ import annotations

from collections.abc import Iterable

from search.council_spelling import Correction, council_corrections
from search.word_spelling import WordCorrection, word_corrections

AnyCorrection = Correction | WordCorrection


def question_corrections(question: str, own: Iterable[str] = ()) -> tuple[AnyCorrection, ...]:
    """Every correction of `question` in question order: its misspelt councils, then its misspelt
    words outside them. `own`: the council names an index's documents name (OwnCouncils.names)."""
    own = tuple(own)
    councils = council_corrections(question, own)
    words = word_corrections(question, own, skip=[(c.start, c.end) for c in councils])
    return tuple(sorted((*councils, *words), key=lambda c: c.start))


def _written(correction: AnyCorrection) -> str:
    return correction.council if isinstance(correction, Correction) else correction.word


def corrected_question(question: str, corrections: Iterable[AnyCorrection]) -> str:
    """`question` with each correction's council or word in place of what was typed."""
    out, at = [], 0
    for c in sorted(corrections, key=lambda c: c.start):
        out += [question[at:c.start], _written(c)]
        at = c.end
    return "".join(out) + question[at:]


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def correction_note(corrections: Iterable, source: str = "question") -> str:
    """One line for every correction, councils as named and words quoted, in question order:
    'Showing results for Tameside and "inspectors" (the question says "Tamesid" and "inspecotrs").'
    ("" when there is none). A correction is anything with `typed` and `council` (a council:
    council_spelling.Correction, webapp.link_params.LinkCorrection) or `word`; `source` says
    where the typed values came from ("the link says ...")."""
    corrections = sorted(corrections, key=lambda c: getattr(c, "start", 0))
    if not corrections:
        return ""
    meant = list(dict.fromkeys(c.council if hasattr(c, "council") else f'"{c.word}"' for c in corrections))
    typed = list(dict.fromkeys(f'"{c.typed}"' for c in corrections))
    return f"Showing results for {_listed(meant)} (the {source} says {_listed(typed)})."


def correction_records(corrections: Iterable[AnyCorrection]) -> list[dict[str, str]]:
    """The corrections for `--json`, in question order: {"typed", "council"} for a council,
    {"typed", "word"} for a word."""
    return [{"typed": c.typed, "council": c.council} if isinstance(c, Correction)
            else {"typed": c.typed, "word": c.word} for c in sorted(corrections, key=lambda c: c.start)]
