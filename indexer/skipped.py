"""Why each file under the corpus paths cannot be indexed, for `isearch index` when none can.

indexer.build raises BuildError("no documents to index (N files skipped)") when every file was
skipped; this reads the same files the same way (indexer.load.scan_paths, load_document) to say
why, one reason a file, as the build's own warnings do when at least one file is good.
"""
from __future__ import annotations

from pathlib import Path

from indexer.load import LoadError, file_hash, load_document, scan_paths


def skipped_reasons(paths: list[Path]) -> list[str]:
    """One line per problem found under `paths` (files or folders): the scan's warnings (symlink
    loops, README files ...), unreadable files, duplicate ids or contents, and each LoadError
    message ("<path>: empty file, skipped" ...). [] for a path that does not exist."""
    try:
        scan = scan_paths([Path(p) for p in paths])
    except FileNotFoundError:
        return []
    reasons = list(scan.warnings)
    ids: dict[str, Path] = {}
    digests: dict[str, Path] = {}
    for path in scan.files:
        try:
            digest = file_hash(path)
        except OSError as exc:
            reasons.append(f"{path}: cannot read ({exc.strerror}), skipped")
            continue
        if path.stem in ids:
            reasons.append(f"{path}: same document id as {ids[path.stem]}, skipped")
            continue
        if digest in digests:
            reasons.append(f"{path}: duplicate of {digests[digest]}, skipped")
            continue
        ids[path.stem], digests[digest] = path, path
        try:
            load_document(path, content_hash=digest)
        except LoadError as exc:
            reasons.append(str(exc))
    return reasons
