"""Crash safety: SIGKILL `isearch index` at several points of a real build.

After every kill the previous index must still open (checksums verified) and answer; the
embedding cache must keep what was committed before the kill; the next `isearch index`
must complete, embedding only what the cache lacks. Kill points: 1 s and 4 s after start
(imports, scan, model load), twice during embedding (just after a batch reached the cache),
while the new index files are being written, and just after the symlink swap.
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import sqlite3
import time
from pathlib import Path

from corpus_slice import copy_slice
from indexer.store import builds_dir
from reliability_support import check_consistent, check_hits, isearch, isearch_popen, record
from search.index import open_index

FIRST = ("news-localgov-2016-04-06-dudley-inadequate", "news-cypnow-wakefield-first-inadequate-under-ilacs",
         "news-lgcplus-2018-12-19-leeds-outstanding-calderdale-good", "news-familylaw-2013-10-21-one-in-seven-inadequate")
# over 4 batches of 64 passages: each killed build commits at most one batch (it pauses after its
# first, see ISEARCH_PAUSE_AFTER_BATCH below), so embedding is left for the resumed build whatever
# the machine's speed
SECOND = ("ilacs-tameside-2019-07-01", "ilacs-sunderland-2021-08-20", "ilacs-merton-2022-05-09", "fv-merton-2020-11-20",
          "fv-tameside-2021-06-25", "sif-tameside-2016-12-09", "ilacs-tameside-2024-02-13")


def cache_rows(cache: Path) -> int:
    try:
        with sqlite3.connect(cache, timeout=30) as db:
            return db.execute("SELECT COUNT(*) FROM vectors").fetchone()[0]
    except sqlite3.OperationalError:  # not created yet
        return 0


def kill_when(process, condition, interval: float = 0.002, timeout: float = 300) -> float | None:
    """SIGKILL `process` as soon as `condition()` holds; seconds since the call, or None if it ended first."""
    started = time.monotonic()
    while process.poll() is None and time.monotonic() - started < timeout:
        if condition(time.monotonic() - started):
            process.send_signal(signal.SIGKILL)
            process.wait()
            return round(time.monotonic() - started, 2)
        time.sleep(interval)
    process.communicate(timeout=60)
    return None


def assert_answers(index_dir: Path, build_ids: set[str], query: str, doc_prefix: str) -> str:
    """The index at `index_dir` opens with full checksums, is one of `build_ids`, and answers."""
    index = open_index(index_dir)
    check_consistent(index)
    assert index.manifest["build_id"] in build_ids, (index.manifest["build_id"], build_ids)
    hits = index.search(query, k=5, mode="keyword")
    check_hits(index, hits, 5)
    assert hits and hits[0].doc_id.startswith(doc_prefix), [h.doc_id for h in hits]
    return index.manifest["build_id"]


def test_sigkill_at_any_point_keeps_the_old_index_and_the_cache(tmp_path):
    corpus = copy_slice(tmp_path / "corpus", FIRST)
    index_dir, cache = tmp_path / "store" / "index", tmp_path / "embed-cache.sqlite"
    env = {"ISEARCH_CACHE": str(cache)}
    args = ("index", str(corpus), "--index-dir", str(index_dir), "-q")
    first = isearch(*args, env=env)
    assert first.returncode == 0, first.stderr
    old = open_index(index_dir)
    old_id, old_chunks = old.manifest["build_id"], len(old)
    old_query = ("Dudley children's services inadequate", "news-localgov")
    first_rows = cache_rows(cache)

    # -- phase 1: new letters to embed; kill before and during embedding -----------------------
    copy_slice(corpus, SECOND)
    kills: list[tuple[str, float, int]] = []
    rows = first_rows
    # each build waits after its first committed batch (the build's own marker), so none can finish
    # before the kill, whatever the machine's speed: the kill lands before or at that point
    paused = {**env, "ISEARCH_PAUSE_AFTER_BATCH": str(tmp_path / "paused-after-batch")}
    for label, condition, interval in (
        ("at 1 s", lambda t: t >= 1.0, 0.01),
        ("at 4 s", lambda t: t >= 4.0, 0.01),
        ("embedding, first batch cached", lambda t: cache_rows(cache) > rows, 0.05),
        ("embedding, next batch cached", lambda t: cache_rows(cache) > rows, 0.05),
    ):
        process = isearch_popen(*args, env=paused)
        at = kill_when(process, condition, interval=interval)
        assert at is not None, f"build finished before the kill {label!r}"
        assert process.returncode == -signal.SIGKILL
        assert assert_answers(index_dir, {old_id}, *old_query) == old_id
        now = cache_rows(cache)
        assert now >= rows, "the cache lost committed embeddings"
        kills.append((label, at, now))
        rows = now
    assert rows > first_rows, "no embedding survived the kills"

    resumed = isearch(*args, env=env)
    assert resumed.returncode == 0, resumed.stderr
    embedded = int(re.search(r"embedded (\d+) new passages?", resumed.stdout).group(1))
    second = open_index(index_dir)
    assert 0 < embedded == cache_rows(cache) - rows, (embedded, rows)  # each missing passage embedded once
    assert embedded < len(second) - old_chunks, "the cache was not reused"
    second_id = assert_answers(index_dir, {second.manifest["build_id"]}, "Tameside agency social workers", "")
    assert second_id != old_id and {d.id for d in second.documents} == {*FIRST, *SECOND}

    # -- phase 2: no embedding left to do; kill while writing and just after the swap -------------
    # These windows last milliseconds; a try that misses one (the poller was not scheduled in
    # time) just completes a build, and we try again.
    builds = builds_dir(index_dir)

    def kill_forced_build(make_condition, what: str) -> float:
        for _ in range(5):
            at = kill_when(isearch_popen(*args, "--force", env=env), make_condition())
            if at is not None:
                return at
        raise AssertionError(f"five builds ended before the kill {what}")

    def writing():
        return lambda t: any(p.name.startswith(".tmp-") for p in builds.iterdir())

    def swapped():
        target = os.readlink(index_dir)
        return lambda t: os.readlink(index_dir) != target

    before = os.readlink(index_dir)
    at = kill_forced_build(writing, "while writing")
    after_write = assert_answers(index_dir, {p.name for p in builds.iterdir()}, *old_query)
    kept = "old index kept" if os.readlink(index_dir) == before else "new index already swapped in"
    kills.append((f"writing the new index, {kept}", at, cache_rows(cache)))

    before = os.readlink(index_dir)
    at = kill_forced_build(swapped, "after the swap")
    assert os.readlink(index_dir) != before
    assert assert_answers(index_dir, {p.name for p in builds.iterdir()}, *old_query) != after_write
    kills.append(("just after the swap, new index in place", at, cache_rows(cache)))

    # -- the next ordinary build completes and cleans up --------------------------------------
    (corpus / f"{FIRST[3]}.txt").unlink()
    final = isearch(*args, env=env)
    assert final.returncode == 0 and "removed 1" in final.stdout and "embedded 0 new passages" in final.stdout, final
    assert_answers(index_dir, {p.name for p in builds.iterdir()}, *old_query)
    assert not [p for p in builds.iterdir() if p.name.startswith(".tmp-")], "a killed build's folder was left behind"
    assert len(list(builds.iterdir())) <= 2
    record("crash_kills_survived", len(kills))
    record("crash_kill_points", [f"{label} ({at}s, {n} cached)" for label, at, n in kills])
    record("crash_resume", {"first_rows": first_rows, "rows_before_resume": rows, "resumed_embedded": embedded,
                            "passages": len(second)})
    shutil.rmtree(tmp_path / "store", ignore_errors=True)
