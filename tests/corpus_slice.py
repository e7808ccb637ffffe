"""The real-corpus slice the tests index, shared by every test folder (import corpus_slice)."""
from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
TEST_CACHE = ROOT / ".isearch" / "test-embed-cache.sqlite"
SLICE_IDS = (
    "fv-westminster-2022-07-20",
    "fv-merton-2020-11-20",
    "fv-herefordshire-2020-01-21",
    "fv-tameside-2021-06-25",
    "ilacs-merton-2022-05-09",
    "ilacs-tameside-2019-07-01",
    "jtai-barnsley-2022-07-18",
    "fv-haringey-2020-01-21",
    "ilacs-sunderland-2021-08-20",
    "news-bournemouthecho-bcp-second-monitoring-visit-letter",
)


def copy_slice(folder: Path, ids=SLICE_IDS) -> Path:
    """Copy real corpus files into `folder` (file names unchanged) and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    for doc_id in ids:
        shutil.copy(CORPUS / f"{doc_id}.txt", folder / f"{doc_id}.txt")
    return folder
