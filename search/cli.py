"""`isearch`: index, query, ask, eval, bench, app. Handlers import their modules only when run."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path


class UsageError(Exception):
    """Bad input from the user: one line on stderr, exit 2."""


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
        report = build_index(paths, index_dir, progress=not args.quiet, force=args.force)
    except (BuildError, IndexStoreError) as exc:
        return _fail(str(exc))
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if report.up_to_date:
        print(f"index at {index_dir} is up to date: {report.documents} documents, {report.chunks} chunks "
              f"({report.seconds:.1f}s)")
    else:
        def names(items: list[str]) -> str:
            return (": " + ", ".join(items[:5]) + (" ..." if len(items) > 5 else "")) if items else ""
        print(f"added {len(report.added)}{names(report.added)}")
        print(f"changed {len(report.changed)}{names(report.changed)}")
        print(f"removed {len(report.removed)}{names(report.removed)}")
        print(f"indexed {report.documents} documents ({report.unchanged} unchanged) into {report.chunks} chunks; "
              f"embedded {report.embedded} new passages in {report.seconds:.1f}s -> {index_dir}")
    if report.warnings:
        print(f"{len(report.warnings)} warning(s): files listed above were skipped or partly read", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="isearch", description="Search Ofsted inspection letters, with cited passages.")
    sub = parser.add_subparsers(dest="command", required=True)

    index = sub.add_parser("index", help="build or update the index over corpus files or folders")
    index.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: corpus/)")
    index.add_argument("--index-dir", help="index directory (default: $ISEARCH_INDEX or .isearch/index)")
    index.add_argument("--force", action="store_true", help="rebuild even if nothing changed")
    index.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    index.set_defaults(handler=cmd_index)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except UsageError as exc:
        return _fail(str(exc))
    except KeyboardInterrupt:
        print("interrupted; the previous index is unchanged", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
