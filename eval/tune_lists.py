"""Choose the list-answer thresholds (search/list_answer.py, ListSettings) by measuring council
recall and precision of the rows on a question set.

    python -m eval.tune_lists [--questions eval/questions/dev_list.jsonl] [--check eval/questions/list_extra.jsonl]
                              [--index-dir DIR] [--top 15]

Each list question is searched once, as `Index.ask` does (topic without the question's frame,
the question's own filters, ListSettings.depth passages, hybrid); every sentence's evidence is
measured once (`sentence_evidence`); then each grid point only re-applies its thresholds
(`select_sentences`). A council is counted when a letter of it gets a qualifying sentence, as
`compose_rows` makes a row for it. Figures are the means `isearch eval` reports: council recall
over the questions, council precision over the questions that got rows.

Objective: recall + precision on --questions; ties go to the grid point nearest the current
defaults (summed absolute differences), then to precision. Two dense criteria are searched,
each alone: min_dense (an absolute cosine of the passage to the topic, which depends on the
embedding model's scale) and min_dense_ratio (the passage's cosine as a share of the best
retrieved passage's cosine, which does not). The
--check sets are reported with the current defaults and the chosen settings, never used to
choose. The chosen values are written by hand into ListSettings.
"""
from __future__ import annotations

import argparse
import dataclasses
import itertools
from pathlib import Path

from eval.harness import _councils
from eval.questions import load_questions
from indexer.authorities import authority_key, split_authorities
from search import open_index
from search.filters import Filters
from search.list_answer import ListSettings, asked_polarity, list_hits, select_sentences, sentence_evidence

COVERAGE = (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4)
COVERAGE_NAMED = (0.0, 0.05, 0.1, 0.15)
ANCHOR_RATIO = (0.0, 0.25, 0.5, 0.75, 1.0)
FULL_COVERAGE = (0.99, 1.01)  # 1.01: off (no sentence carries more than all of the topic)
MIN_DENSE = tuple(round(0.05 * i, 2) for i in range(11))  # 0-0.5, absolute cosine
MIN_DENSE_RATIO = tuple(round(0.1 * i, 1) for i in range(10))  # 0-0.9 of the best passage's cosine
NAMED_DENSE_FLOOR = (False, True)  # does the dense floor apply to sentences holding a name as written?


@dataclasses.dataclass(frozen=True)
class Prepared:
    """One list question, searched once: its gold councils (comparison keys) and the evidence
    of every sentence of its retrieved passages."""

    id: str
    gold: frozenset[str]
    evidence: list


def prepare(index, questions, depth: int, mode: str = "hybrid",
            retrieval: ListSettings | None = None) -> list[Prepared]:
    """Search each list question (`is_list` and answerable) once, as `answer_list` does
    (`list_hits`), with the retrieval of `retrieval` (dense_weight, phrase_passages; default
    ListSettings()) at `depth` passages."""
    base = dataclasses.replace(retrieval or ListSettings(), depth=depth)
    prepared = []
    for q in questions:
        if not (q.is_list and q.answerable):
            continue
        topic, hits = list_hits(index, q.question, Filters(), mode, base)
        prepared.append(Prepared(q.id, frozenset(_councils(index, q.docs)),
                                 sentence_evidence(topic, hits, index.bm25, base, asked_polarity(q.question))))
    return prepared


def councils_of(evidence, settings: ListSettings) -> set[str]:
    """Comparison keys of the councils that get a row under `settings`."""
    return {authority_key(a) for c in select_sentences(evidence, settings)
            for a in split_authorities(c.hit.authority or "unknown authority")}


def measure(prepared: list[Prepared], settings: ListSettings) -> dict[str, float]:
    """Mean council recall (questions with gold councils) and precision (questions with rows),
    as `isearch eval` computes them; `answered` is the share of questions with rows."""
    recalls, precisions = [], []
    for p in prepared:
        got = councils_of(p.evidence, settings)
        if p.gold:
            recalls.append(len(got & p.gold) / len(p.gold))
        if got:
            precisions.append(len(got & p.gold) / len(got))
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    return {"recall": recall, "precision": precision, "answered": len(precisions) / (len(prepared) or 1)}


def grid(base: ListSettings) -> list[ListSettings]:
    """Every grid point: each dense criterion alone (the other off)."""
    points = []
    for cov, named, anchor, full, floor in itertools.product(COVERAGE, COVERAGE_NAMED, ANCHOR_RATIO, FULL_COVERAGE,
                                                             NAMED_DENSE_FLOOR):
        common = dict(min_coverage=cov, min_coverage_named=named, anchor_ratio=anchor, full_coverage=full,
                      named_dense_floor=floor)
        points += [dataclasses.replace(base, **common, min_dense=d, min_dense_ratio=0.0) for d in MIN_DENSE]
        points += [dataclasses.replace(base, **common, min_dense=0.0, min_dense_ratio=r) for r in MIN_DENSE_RATIO[1:]]
    return points


def _distance(a: ListSettings, b: ListSettings) -> float:
    fields = ("min_coverage", "min_coverage_named", "anchor_ratio", "full_coverage", "min_dense", "min_dense_ratio",
              "named_dense_floor")
    return sum(abs(getattr(a, f) - getattr(b, f)) for f in fields)


def tune(prepared: list[Prepared], base: ListSettings = ListSettings(),
         criterion: str | None = None) -> list[tuple[ListSettings, dict]]:
    """Every grid point with its figures, best first (recall + precision, then nearest to `base`,
    then precision). `criterion` "absolute" or "ratio" keeps only the points of that dense
    criterion (min_dense > 0 or min_dense_ratio > 0; the point with neither belongs to both)."""
    results = []
    for settings in grid(base):
        if criterion == "absolute" and settings.min_dense_ratio > 0:
            continue
        if criterion == "ratio" and settings.min_dense > 0:
            continue
        results.append((settings, measure(prepared, settings)))
    results.sort(key=lambda r: (-round(r[1]["recall"] + r[1]["precision"], 6), _distance(r[0], base),
                                -round(r[1]["precision"], 6)))
    return results


def _line(settings: ListSettings, figures: dict) -> str:
    return (f"{settings.min_coverage:5.2f} {settings.min_coverage_named:5.2f} {settings.anchor_ratio:5.2f} "
            f"{settings.full_coverage:5.2f} {settings.min_dense:5.2f} {settings.min_dense_ratio:5.2f} "
            f"{'yes' if settings.named_dense_floor else ' no':>5}   "
            f"{figures['recall']:.3f}  {figures['precision']:.3f}  {figures['answered']:.2f}")


HEADER = "  cov named anchr  full dense ratio nfloor  recall  prec.  answ."


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", default="eval/questions/dev_list.jsonl")
    parser.add_argument("--check", nargs="*", default=["eval/questions/list_extra.jsonl"])
    parser.add_argument("--index-dir", default=None)
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--depth", type=int, default=None, help="passages searched (default ListSettings.depth)")
    parser.add_argument("--dense-weight", type=float, default=None,
                        help="fusion's dense share for the list search (default ListSettings.dense_weight; negative: that of ordinary search)")
    parser.add_argument("--phrase-passages", type=int, default=None,
                        help="more passages holding the topic's names (default ListSettings.phrase_passages)")
    args = parser.parse_args(argv)
    index = open_index(Path(args.index_dir) if args.index_dir else None)
    defaults = ListSettings()
    retrieval = dataclasses.replace(
        defaults, depth=args.depth or defaults.depth,
        dense_weight=defaults.dense_weight if args.dense_weight is None else (args.dense_weight if args.dense_weight >= 0 else None),
        phrase_passages=defaults.phrase_passages if args.phrase_passages is None else args.phrase_passages)
    encoder = index.manifest.get("encoder", {})
    print(f"index {index.folder} ({encoder.get('model', encoder.get('name'))}, "
          f"{index.manifest.get('counts', {}).get('chunks')} passages)")
    print(f"retrieval: depth {retrieval.depth}, dense_weight {retrieval.dense_weight}, "
          f"phrase_passages {retrieval.phrase_passages}")
    tuning = prepare(index, load_questions(args.questions), retrieval.depth, retrieval=retrieval)
    checks = {path: prepare(index, load_questions(path), retrieval.depth, retrieval=retrieval) for path in args.check}
    print(f"{args.questions} ({len(tuning)} list questions), current defaults:")
    print(HEADER)
    print(_line(defaults, measure(tuning, defaults)))
    best = {}
    for criterion in ("absolute", "ratio"):
        results = tune(tuning, defaults, criterion)
        top = results[0][1]
        ties = sum(1 for _, f in results if round(f["recall"] + f["precision"], 6) == round(top["recall"] + top["precision"], 6))
        print(f"\nbest {args.top} with the {criterion} dense criterion ({len(results)} points, {ties} tied at the top):")
        print(HEADER)
        for settings, figures in results[: args.top]:
            print(_line(settings, figures))
        best[criterion] = results[0]
    for path, prepared in checks.items():
        print(f"\nheld out: {path} ({len(prepared)} list questions)")
        print(HEADER)
        print(_line(defaults, measure(prepared, defaults)) + "   current defaults")
        for criterion, (settings, _) in best.items():
            print(_line(settings, measure(prepared, settings)) + f"   best {criterion}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
