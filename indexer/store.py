"""Index directories on disk: manifest with checksums, atomic swap, verification.

`DIR` is a symlink to `DIR.builds/<build id>/`. A build writes a fresh folder there
and then replaces the symlink with os.replace, which is atomic: a reader sees the old
index or the new one, never a mix, and a build killed at any point leaves the old one.
The build lock lives in `DIR.builds/` too (build_lock), so a build adds nothing beside DIR
but DIR and DIR.builds.
"""
from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import time
from pathlib import Path

from indexer.schema import FORMAT_FILES, FORMAT_VERSION, MANIFEST


class IndexStoreError(Exception):
    """An index directory that is missing, corrupt or of another format; the message says which."""


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def builds_dir(index_dir: Path) -> Path:
    return index_dir.parent / f"{index_dir.name}.builds"


def new_build_dir(index_dir: Path) -> Path:
    """An empty folder for a build in progress (named .tmp-<pid>-<time>)."""
    folder = builds_dir(index_dir) / f".tmp-{os.getpid()}-{time.time_ns()}"
    folder.mkdir(parents=True)
    return folder


def write_json(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")


def manifest_digest(manifest: dict) -> str:
    """sha256 of the manifest's content, its own `manifest_sha256` entry left out."""
    content = {key: value for key, value in manifest.items() if key != "manifest_sha256"}
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def finish_manifest(folder: Path, manifest: dict) -> None:
    """Record size and sha256 of every index file of the manifest's format_version
    (indexer.schema.FORMAT_FILES) and of the manifest itself, then write manifest.json last."""
    names = FORMAT_FILES[manifest["format_version"]]
    manifest["files"] = {
        name: {"bytes": (folder / name).stat().st_size, "sha256": sha256_file(folder / name)}
        for name in names
    }
    manifest["manifest_sha256"] = manifest_digest(manifest)
    write_json(folder / MANIFEST, manifest)
    for name in (*names, MANIFEST):
        with open(folder / name, "rb") as handle:
            os.fsync(handle.fileno())


def publish(index_dir: Path, folder: Path, build_id: str) -> None:
    """Rename the finished `folder` to its build id and point `index_dir` at it, atomically."""
    final = builds_dir(index_dir) / build_id
    os.replace(folder, final)
    if index_dir.exists() and not index_dir.is_symlink():
        if not (index_dir / MANIFEST).exists() and any(index_dir.iterdir()):
            raise IndexStoreError(f"{index_dir} exists and is not an index; refusing to replace it")
        os.replace(index_dir, builds_dir(index_dir) / f"legacy-{time.time_ns()}")
    link = index_dir.parent / f".{index_dir.name}.link-{os.getpid()}"
    with contextlib.suppress(FileNotFoundError):
        link.unlink()
    os.symlink(os.path.relpath(final, index_dir.parent), link)
    os.replace(link, index_dir)
    _fsync_dir(index_dir.parent)
    prune(index_dir)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def prune(index_dir: Path, keep: int = 2) -> None:
    """Delete old builds (keeping the current one and the one before) and dead temp folders."""
    folder = builds_dir(index_dir)
    if not folder.exists():
        return
    current = os.path.realpath(index_dir) if index_dir.is_symlink() else ""
    builds = []
    for entry in folder.iterdir():
        if entry.name.startswith(".tmp-"):
            pid = entry.name.split("-")[1]
            if pid.isdigit() and not _pid_alive(int(pid)):
                shutil.rmtree(entry, ignore_errors=True)
        elif entry.is_dir():
            builds.append(entry)
    others = [b for b in builds if os.path.realpath(b) != current]
    others.sort(key=lambda p: p.stat().st_mtime, reverse=True)
    for build in others[keep - 1:]:
        shutil.rmtree(build, ignore_errors=True)


LOCK_NAME = ".lock"


@contextlib.contextmanager
def build_lock(index_dir: Path):
    """Only one build of an index at a time; a second one fails at once with a clear message.

    The lock is an flock on `DIR.builds/.lock`, in the builds folder the index already keeps
    (nothing else appears beside DIR). It is deleted while still held when the build ends, and
    the builds folder too when it is empty (a build that wrote nothing). Deleting is safe
    because a build that locks the file checks afterwards that the path still names the file it
    locked (same device and inode) and starts again when it does not: a build that opened the
    file just before it was deleted cannot hold a lock on a file no one else sees.
    """
    folder = builds_dir(index_dir)
    path = folder / LOCK_NAME
    while True:
        folder.mkdir(parents=True, exist_ok=True)
        try:
            handle = open(path, "a")  # "a": never truncates a file another build holds
        except FileNotFoundError:  # the folder went away with a build that just ended
            continue
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            raise IndexStoreError(f"another `isearch index` is building {index_dir}; try again when it finishes") from None
        held = os.fstat(handle.fileno())
        try:
            named = os.stat(path)
        except FileNotFoundError:
            named = None
        if named is not None and (named.st_dev, named.st_ino) == (held.st_dev, held.st_ino):
            break
        handle.close()  # locked a file the build before deleted on its way out: lock the new one
    try:
        yield
    finally:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        with contextlib.suppress(OSError):
            folder.rmdir()  # only when empty: no build was published
        handle.close()


def read_manifest(index_dir: Path) -> dict:
    """The manifest of the index at `index_dir`; IndexStoreError if missing or unreadable."""
    path = Path(index_dir) / MANIFEST
    if not Path(index_dir).exists():
        raise IndexStoreError(f"no index at {index_dir}; run `isearch index`")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise IndexStoreError(f"no index at {index_dir} (manifest.json missing); run `isearch index`") from None
    except (OSError, ValueError, UnicodeDecodeError):
        raise IndexStoreError(f"{path} is corrupt; rebuild with `isearch index`") from None
    # indexes written before the manifest carried its own checksum have no entry: accepted
    if (isinstance(manifest, dict) and "manifest_sha256" in manifest
            and manifest["manifest_sha256"] != manifest_digest(manifest)):
        raise IndexStoreError(f"{path} is corrupt (checksum mismatch); rebuild with `isearch index`")
    # an index of an older format that this version still reads (FORMAT_FILES) is accepted: it is
    # searched without what the newer format adds, and `isearch index` rebuilds it
    if not isinstance(manifest, dict) or manifest.get("format_version") not in FORMAT_FILES:
        raise IndexStoreError(
            f"{path}: index format {manifest.get('format_version') if isinstance(manifest, dict) else '?'} "
            f"is not {FORMAT_VERSION}; rebuild with `isearch index`")
    return manifest


def verify_files(folder: Path, manifest: dict, checksums: bool = True) -> None:
    """Check every index file of the manifest's format (its size, and its sha256 when
    `checksums`) against the manifest."""
    files = manifest.get("files")
    if not isinstance(files, dict):
        raise IndexStoreError(f"{folder / MANIFEST} is corrupt (no file list); rebuild with `isearch index`")
    for name in FORMAT_FILES.get(manifest.get("format_version"), FORMAT_FILES[FORMAT_VERSION]):
        path = folder / name
        expected = files.get(name) or {}
        try:
            size = path.stat().st_size
        except FileNotFoundError:
            raise IndexStoreError(f"{path} is missing; rebuild with `isearch index`") from None
        if size != expected.get("bytes") or (checksums and sha256_file(path) != expected.get("sha256")):
            raise IndexStoreError(f"{path} is corrupt (checksum mismatch); rebuild with `isearch index`")
