"""Concurrency: 8 reader threads query while other processes rebuild the same index.

Readers use an index opened before the rebuilds and indexes they reopen along the way. Every
answer must be well formed, every opened index must be exactly one build (the old document set
or the new one, its files matching its manifest), and the index opened first must keep working
after the rebuilds have deleted its folder.
"""
from __future__ import annotations

import itertools
import random
import shutil
import threading
import time
import traceback
from collections import Counter

from corpus_slice import CORPUS, SLICE_IDS, TEST_CACHE, copy_slice
from indexer.build import build_index
from reliability_support import check_answer, check_consistent, check_hits, isearch, record
from search.filters import Filters
from search.index import open_index

THREADS = 8
MIN_QUERIES = 500
EXTRA = SLICE_IDS[-1]  # cached in the test cache: rebuilds need no model
QUERIES = ("agency social workers and caseloads", "management oversight", "Tameside front door delays",
           "what did inspectors say about Merton's early help", "PLO pre-proceedings", "care leavers in Sunderland",
           "children missing from home", "quality of supervision in Haringey", "JTAI Barnsley neglect",
           "BCP monitoring visit", "2021 focused visit", "the and of", "!!!", "Westminster 2022 July",
           "help and protection", "<script>alert(1)</script>", "stability of the workforce", "return home interviews")
FILTERS = (None, None, None, Filters.parse(authority="Merton"), Filters.parse(since="2020"),
           Filters.parse(kind="focused visit"), Filters.parse(until="2020-06", kind="ILACS"))
MODES = ("keyword", "keyword", "keyword", "keyword", "keyword", "hybrid", "hybrid", "hybrid", "dense", "dense")


def test_eight_readers_while_the_index_is_rebuilt(tmp_path):
    corpus = copy_slice(tmp_path / "corpus", SLICE_IDS[:-1])
    index_dir = tmp_path / "store" / "index"
    build_index([corpus], index_dir, cache_path=TEST_CACHE, progress=False)
    shared = open_index(index_dir)
    old_docs, new_docs = frozenset(SLICE_IDS[:-1]), frozenset(SLICE_IDS)
    first_folder = shared.folder

    shared.embed_query("warm up")  # load the model once, before the clock starts
    rebuilding = threading.Event()  # a rebuild process is running now
    done = threading.Event()
    errors: list[str] = []
    served = Counter()
    builds_seen: dict[str, frozenset] = {shared.manifest["build_id"]: old_docs}
    lock = threading.Lock()
    ticket = itertools.count()

    def rebuilder() -> None:
        env = {"ISEARCH_CACHE": str(TEST_CACHE)}
        args = ("index", str(corpus), "--index-dir", str(index_dir), "-q")
        try:  # add the letter, rebuild as is, remove it, rebuild as is, ... until the readers are through
            for step in itertools.cycle(("add", "force", "remove", "force")):
                with lock:
                    if served["rebuilds"] >= 4 and served["queries"] >= MIN_QUERIES or errors:
                        return
                if step == "add":
                    shutil.copy(CORPUS / f"{EXTRA}.txt", corpus)
                elif step == "remove":
                    (corpus / f"{EXTRA}.txt").unlink()
                rebuilding.set()
                result = isearch(*args, *(["--force"] if step == "force" else []), env=env)
                rebuilding.clear()
                if result.returncode != 0 or "embedded 0 new passages" not in result.stdout:
                    errors.append(f"rebuild {step}: {result.returncode} {result.stdout} {result.stderr}")
                with lock:
                    served["rebuilds"] += 1
        except Exception:
            errors.append(traceback.format_exc())
        finally:
            done.set()

    def reader(number: int) -> None:
        rng = random.Random(number)
        index = shared
        while not (rebuilding.is_set() or done.is_set()):  # start with the first rebuild
            time.sleep(0.005)
        while not done.is_set():
            n = next(ticket)
            try:
                if rng.random() < 0.08:
                    index = open_index(index_dir)
                    check_consistent(index)
                    docs = frozenset(d.id for d in index.documents)
                    assert docs in (old_docs, new_docs), sorted(docs ^ old_docs)
                    with lock:
                        served["reopened"] += 1
                        assert builds_seen.setdefault(index.manifest["build_id"], docs) == docs
                query, mode, filters = rng.choice(QUERIES), rng.choice(MODES), rng.choice(FILTERS)
                k = rng.choice((1, 5, 10))
                if rng.random() < 0.25:
                    check_answer(index, index.ask(query, k=k, mode=mode, filters=filters), k)
                    kind = "ask"
                else:
                    check_hits(index, index.search(query, k=k, mode=mode, filters=filters), k, filters)
                    kind = "search"
                with lock:
                    served[f"{kind} {mode}"] += 1
                    served["queries"] += 1
                    served["while a rebuild process ran"] += rebuilding.is_set()
            except Exception:
                with lock:
                    errors.append(f"thread {number}, query {n}: {traceback.format_exc()}")
                if len(errors) > 20:
                    return

    threads = [threading.Thread(target=reader, args=(i,)) for i in range(THREADS)]
    threads.append(threading.Thread(target=rebuilder))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    assert not any(t.is_alive() for t in threads), "a thread hung"
    assert not errors, "\n".join(errors[:5])

    queries = served["queries"]
    assert queries >= MIN_QUERIES and served["rebuilds"] >= 4, served
    assert served["while a rebuild process ran"] >= MIN_QUERIES // 2, served
    assert len(builds_seen) >= 2, "no reader saw a rebuilt index"
    # the first index's folder has been pruned by the later builds; it still answers from memory and mmaps
    assert not first_folder.exists()
    check_hits(shared, shared.search("agency social workers", k=5, mode="hybrid"), 5)
    record("concurrency", {**dict(sorted(served.items())), "builds_seen": len(builds_seen)})


def test_a_second_build_of_the_same_index_is_refused_in_one_line(tmp_path):
    """While one build holds the lock, another `isearch index` on that index stops at once, exit 2, the index untouched."""
    from indexer import store
    from reliability_support import one_line_error

    corpus = copy_slice(tmp_path / "corpus", SLICE_IDS[:2])
    index_dir = tmp_path / "store" / "index"
    build_index([corpus], index_dir, cache_path=TEST_CACHE, progress=False)
    before = open_index(index_dir).manifest["build_id"]
    with store.build_lock(index_dir):
        result = isearch("index", str(corpus), "--index-dir", str(index_dir), "--force", "-q",
                         env={"ISEARCH_CACHE": str(TEST_CACHE)})
    assert result.returncode == 2 and "another `isearch index` is building" in one_line_error(result.stderr)
    assert open_index(index_dir).manifest["build_id"] == before
