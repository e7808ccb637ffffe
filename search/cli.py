"""`isearch`: index, query, ask, eval, bench, councils, app. Handlers import their modules only when run."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from indexer.config import ENCODER_VARIANTS
from indexer.schema import NEWS_KIND
from search.wording import counted, number


class UsageError(Exception):
    """Bad input from the user: one line on stderr, exit 2."""


class OneLineParser(argparse.ArgumentParser):
    """argparse with a one-line usage error (`isearch ask: error: ...; see isearch ask --help`), exit 2,
    instead of the usage block: the same for every subcommand (subparsers inherit the class)."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: error: {message} (see `{self.prog} --help`)\n")


def _fail(message: str, code: int = 2) -> int:
    print(f"isearch: error: {message}", file=sys.stderr)
    return code


def _index_dir(args) -> Path:
    from indexer.config import default_index_dir

    return Path(args.index_dir) if args.index_dir else default_index_dir()


def cmd_index(args) -> int:
    from indexer.build import BuildError, build_index
    from indexer.store import IndexStoreError

    index_dir = _index_dir(args)
    paths = [Path(p) for p in (args.paths or ["corpus"])]
    try:
        report = build_index(paths, index_dir, progress=not args.quiet, force=args.force, encoder=args.encoder,
                             model=args.model, keep_others=not args.replace)
    except (BuildError, IndexStoreError) as exc:
        for warning in getattr(exc, "warnings", []):  # why each file was skipped, as a build that goes on says
            print(f"warning: {warning}", file=sys.stderr)
        return _fail(str(exc))
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if report.up_to_date:
        print(f"index at {index_dir} is up to date: {counted(report.documents, 'document')}, "
              f"{counted(report.chunks, 'chunk')} ({report.seconds:.1f}s)")
    else:
        def names(items: list[str]) -> str:
            return (": " + ", ".join(items[:5]) + (" ..." if len(items) > 5 else "")) if items else ""
        print(f"added {number(len(report.added))}{names(report.added)}")
        print(f"changed {number(len(report.changed))}{names(report.changed)}")
        print(f"removed {number(len(report.removed))}{names(report.removed)}")
        if report.kept:
            print(f"kept {number(len(report.kept))} indexed before from other folders{names(report.kept)} "
                  "(--replace indexes only the paths given)")
        print(f"indexed {counted(report.documents, 'document')} ({number(report.unchanged)} unchanged) into "
              f"{counted(report.chunks, 'chunk')}; embedded {counted(report.embedded, 'new passage')} in "
              f"{report.seconds:.1f}s -> {index_dir}")
    if report.warnings:
        # (not "files skipped": a warning may be about a file read whole, as b04's header naming 40 councils)
        print(f"{counted(len(report.warnings), 'warning')} above, each naming its file and what was done with it",
              file=sys.stderr)
    return 0


def _open(args):
    from search.index import IndexOpenError, open_index

    try:
        return open_index(_index_dir(args))
    except IndexOpenError as exc:
        raise UsageError(str(exc)) from None


def _filters(args):
    from search.filters import FilterError, Filters

    try:
        filters = Filters.parse(authority=args.authority, kind=args.kind, since=args.since, until=args.until,
                                judgement=args.judgement, include_news=False if args.no_news else None)
    except FilterError as exc:
        raise UsageError(str(exc)) from None
    if args.no_news and NEWS_KIND in filters.kind:
        raise UsageError("--no-news and --kind 'news article' contradict each other; drop one")
    return filters


def _known_authorities(index, names) -> None:
    """UsageError naming an --authority (`names`: canonical names) the index holds no letters for
    (nor its predecessors or successors), instead of a silent "no passages match". A misspelt
    council ("Tamesid") is named as the council meant ("did you mean Tameside?") only when the index
    has letters for it; else the line says it has none, as the app's link warning does."""
    from indexer.authorities import authority_record, lineage
    from search.council_spelling import suggest_council

    def has_letters(name: str) -> bool:
        return any(index.has_letters(n) for n in lineage(name))

    for name in names:
        if not has_letters(name):
            meant = None if authority_record(name) else suggest_council(name, index.own_councils.names)
            if meant and has_letters(meant):  # a misspelt council is an error, as any unknown value
                raise UsageError(f"no council called {name!r}; did you mean {meant}? (`isearch councils` lists them)")
            if meant:  # never offered: a filter for it would find nothing either
                raise UsageError(f"no council called {name!r}; {meant}, the one it is close to, has no letters in "
                                 "the index (`isearch councils` lists them)")
            raise UsageError(f"no letters for authority {name!r} in the index (`isearch councils` lists them)")


def _correct_spelling(index, query: str, args) -> tuple[str, dict]:
    """`query` with its misspelt councils and words written right ("Tamesid" -> "Tameside",
    "inspecotrs" -> "inspectors": search/spelling.py), and for --json {"question": as typed,
    "corrections": [{"typed", "council"} or {"typed", "word"}]} ({} when nothing was corrected). The
    one-line note ('Showing results for Tameside (the question says "Tamesid").') is printed above a
    text answer, on stderr beside --json/--csv."""
    from search.spelling import corrected_question, correction_note, correction_records, question_corrections

    corrections = question_corrections(query, index.own_councils.names)
    if not corrections:
        return query, {}
    print(correction_note(corrections), file=sys.stderr if args.json or args.csv else sys.stdout)
    return corrected_question(query, corrections), {"question": query, "corrections": correction_records(corrections)}


def _read_query(args) -> str:
    from search.query import QueryError, clean_query

    text = " ".join(args.query)
    if text.strip() == "-":
        text = sys.stdin.read()
    try:
        return clean_query(text)
    except QueryError as exc:
        raise UsageError(str(exc)) from None


def cmd_query(args) -> int:
    import json

    from search.render import render_hits

    query = _read_query(args)
    filters = _filters(args)
    index = _open(args)
    _known_authorities(index, filters.authority)
    query, corrected = _correct_spelling(index, query, args)
    hits = index.search(query, k=args.k, mode=args.mode, filters=filters)
    if args.csv:
        from search.export import hits_csv

        sys.stdout.write(hits_csv(hits))
    elif args.json:
        print(json.dumps({"query": query, "mode": args.mode, "hits": [h.to_dict() for h in hits], **corrected},
                         ensure_ascii=False, indent=1))
    elif hits:
        print(render_hits(hits, query, color=sys.stdout.isatty()))
    else:
        print("no passages match", file=sys.stderr)
    return 0 if hits else 1


def cmd_ask(args) -> int:
    import json

    from search.render import render_answer

    query = _read_query(args)
    from indexer.keywords import keyword_tokens

    if not any(any(ch.isalpha() for ch in token) for token in keyword_tokens(query)):  # "🙂🙂🙂", "1234", "the of and"
        raise UsageError("the question has no words to look for: ask about a topic, a council or a grade")
    filters = _filters(args)
    index = _open(args)
    _known_authorities(index, filters.authority)
    query, corrected = _correct_spelling(index, query, args)
    answer = index.ask(query, k=args.k, filters=filters, mode=args.mode)
    if not (answer.answered or answer.hits or answer.rows or args.json):  # no passage to point to
        from search.no_passages import letters_pass, no_passages_message

        line = no_passages_message(answer, filters, letters_pass(index, filters))
        if args.csv:
            from search.export import answer_csv

            sys.stdout.write(answer_csv(answer))  # the header alone
            print(f"no sentences quoted: {line}", file=sys.stderr)
        else:
            print(line)
        return 1
    if args.csv:  # one line per quoted sentence: a list answer's rows, or a prose answer's sentences
        from search.export import answer_csv

        sys.stdout.write(answer_csv(answer))
        if answer.answered and answer.message:  # another council's letter quoted for the one asked about
            print(answer.message, file=sys.stderr)
        if not answer.answered:
            from search.answer import NO_ANSWER

            why = "the letters do not answer this question" if answer.message == NO_ANSWER else answer.message
            print(f"no sentences quoted: {why.rstrip('.')}; `isearch query --csv` exports the passages",
                  file=sys.stderr)
            return 1
    elif args.json:
        print(json.dumps({**answer.to_dict(), **corrected}, ensure_ascii=False, indent=1))
    elif answer.rows:
        from search.list_output import render_rows

        print(render_rows(answer))
    else:
        from search.abstain import confidence_label

        label = confidence_label(answer)  # None for an answer settled by rule
        if label is not None:
            print(label.text)
        if answer.answered and answer.message:  # "Cumbria County Council was replaced by ...: this answer quotes ..."
            print(answer.message)
        print(render_answer(answer, color=sys.stdout.isatty()))
    return 0 if answer.answered else 1  # declined: the closest passages are shown, but nothing is quoted


def cmd_app(args) -> int:
    import os
    import subprocess

    app = Path(__file__).resolve().parent.parent / "app.py"
    env = dict(os.environ, ISEARCH_INDEX=str(_index_dir(args)))
    return subprocess.call([sys.executable, "-m", "streamlit", "run", str(app), "--server.headless", "true",
                            "--server.port", str(args.port), "--browser.gatherUsageStats", "false",
                            "--client.toolbarMode", "minimal"], env=env)


def cmd_eval(args) -> int:
    from eval.harness import run_cli

    return run_cli(args)


def cmd_bench(args) -> int:
    from eval.bench import run_cli

    return run_cli(args)


def cmd_councils(args) -> int:
    import json

    from search.councils import council_rows, councils_csv, render_councils
    from search.export import letter_url

    index = _open(args)
    if args.authority:
        from indexer.authorities import canonical_authority

        _known_authorities(index, [canonical_authority(args.authority)])
    rows = council_rows(index.documents, index.judgements, authority=args.authority)
    if args.authority and rows:
        from search.councils import related_note

        note = related_note(args.authority, rows)
        if note:
            print(note, file=sys.stderr)
    if args.csv:
        sys.stdout.write(councils_csv(rows, link=letter_url))
    elif args.json:
        print(json.dumps([row.to_dict() for row in rows], ensure_ascii=False, indent=1))
    elif rows:
        print(render_councils(rows))
    if not rows:
        print(f"no council with an ILACS or SIF inspection{' matches ' + repr(args.authority) if args.authority else ''}",
              file=sys.stderr)
    return 0 if rows else 1


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if not 1 <= number <= 1000:
        raise argparse.ArgumentTypeError("must be between 1 and 1000")
    return number


def _search_options(parser: argparse.ArgumentParser, csv_help: str) -> None:
    parser.add_argument("query", nargs="+", help="the question or keywords ('-' reads stdin)")
    parser.add_argument("-k", type=_positive, default=10, help="number of passages (default 10)")
    parser.add_argument("--mode", choices=("hybrid", "dense", "keyword"), default="hybrid")
    parser.add_argument("--authority", action="append", help="only this authority (repeatable)")
    parser.add_argument("--kind", action="append", help="only this kind, e.g. 'focused visit' (repeatable)")
    parser.add_argument("--judgement", action="append", help="only this overall judgement (repeatable)")
    parser.add_argument("--since", help="from this date: YYYY, YYYY-MM or YYYY-MM-DD")
    parser.add_argument("--until", help="up to this date: YYYY, YYYY-MM or YYYY-MM-DD")
    parser.add_argument("--no-news", action="store_true",
                        help="leave news articles out (by default they are searched and quoted, after a letter "
                             "that says the same, and labelled)")
    parser.add_argument("--index-dir", help="index directory (default: $ISEARCH_INDEX or .isearch/index)")
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="machine-readable output")
    output.add_argument("--csv", action="store_true", help=csv_help)


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(prog="isearch", description="Search Ofsted inspection letters, with cited passages.")
    sub = parser.add_subparsers(dest="command", required=True)

    index = sub.add_parser("index", help="build or update the index over corpus files or folders")
    index.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: corpus/)")
    index.add_argument("--index-dir", help="index directory (default: $ISEARCH_INDEX or .isearch/index)")
    index.add_argument("--force", action="store_true", help="rebuild even if nothing changed, reading every file again (embeddings still come from the cache)")
    index.add_argument("--model", choices=("minilm-ofsted", "minilm"), default=None,
                       help="embedding model: minilm-ofsted (all-MiniLM-L6-v2 fine-tuned on the letters) or minilm "
                            "(the bundled model as published) (default: $ISEARCH_MODEL or minilm-ofsted)")
    index.add_argument("--encoder", choices=ENCODER_VARIANTS, default=None,
                       help=f"ONNX encoder for the passages: {', '.join(ENCODER_VARIANTS)} "
                            "(default: $ISEARCH_ENCODER or fp32)")
    index.add_argument("--replace", action="store_true",
                       help="index only the paths given: documents indexed before from other folders are removed "
                            "(by default they are kept, so indexing a new folder adds to the index)")
    index.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    index.set_defaults(handler=cmd_index)

    query = sub.add_parser("query", help="ranked passages for a question")
    _search_options(query, "the passages as CSV (document, authority, date, kind, passage, span, link)")
    query.set_defaults(handler=cmd_query)

    ask = sub.add_parser("ask", help="a short answer quoted from the letters, with citations",
                         epilog="Exit status: 0 when an answer is quoted, 1 when the letters do not answer (the "
                                "closest passages are still shown), 2 for bad input.")
    _search_options(ask, "the quoted sentences as CSV, one line per sentence with its citation and span (a list "
                         "answer: per council row)")
    ask.set_defaults(handler=cmd_ask)

    app = sub.add_parser("app", help="start the web app (Streamlit)")
    app.add_argument("--index-dir", help="index directory (default: $ISEARCH_INDEX or .isearch/index)")
    app.add_argument("--port", type=int, default=8501)
    app.set_defaults(handler=cmd_app)

    evaluate = sub.add_parser("eval", help="retrieval and answer quality on a question set")
    evaluate.add_argument("--questions", default="eval/questions/dev.jsonl", help="JSON lines question file")
    evaluate.add_argument("--index-dir", help="index directory (default: $ISEARCH_INDEX or .isearch/index)")
    evaluate.add_argument("--modes", default="keyword,dense,hybrid", help="comma-separated modes")
    evaluate.add_argument("--k", type=_positive, default=10, help="cut-off for the metrics (default 10)")
    evaluate.add_argument("--out", help="folder for report.json, report.md and the chart")
    evaluate.add_argument("--compare", help="an earlier report.json to compare with")
    evaluate.add_argument("--json", action="store_true", help="print report.json to stdout")
    evaluate.set_defaults(handler=cmd_eval)

    bench = sub.add_parser("bench", help="indexing and query speed, memory, scaling")
    bench.add_argument("--index-dir", help="index directory (default: $ISEARCH_INDEX or .isearch/index)")
    bench.add_argument("--sizes", default="100000,1000000", help="synthetic index sizes in chunks")
    bench.add_argument("--quick", action="store_true", help="small sizes and few repeats (smoke run)")
    bench.add_argument("--out", default="eval/BENCHMARKS.md", help="where to write the results")
    bench.set_defaults(handler=cmd_bench)

    councils = sub.add_parser("councils", help="every council's latest inspection, grades per area, direction, visits")
    councils.add_argument("--authority", help="only this council")
    councils.add_argument("--index-dir", help="index directory (default: $ISEARCH_INDEX or .isearch/index)")
    output = councils.add_mutually_exclusive_group()
    output.add_argument("--csv", action="store_true", help="CSV, one row per council (links into the app)")
    output.add_argument("--json", action="store_true", help="machine-readable output")
    councils.set_defaults(handler=cmd_councils)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except UsageError as exc:
        return _fail(str(exc))
    except ValueError as exc:  # bad mode or k from the Python API surfaced through the CLI
        return _fail(str(exc))
    except KeyboardInterrupt:
        print("interrupted; the previous index is unchanged", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
