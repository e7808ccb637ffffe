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


def text_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with a real text layer (Helvetica, WinAnsi), written by hand."""
    def literal(line: str) -> str:
        data = line.encode("cp1252", "replace").decode("latin-1")
        return "(" + data.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"

    stream = "\n".join(["BT", "/F1 10 Tf", "12 TL", "40 800 Td", *(f"{literal(x)} Tj T*" for x in lines), "ET"]).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def build_slice_index(tmp_path_factory, name: str, ids=SLICE_IDS) -> Path:
    """Index real corpus files `ids` (embeddings from the test cache) in a fresh temporary folder
    named after `name`; return the index directory."""
    from indexer.build import build_index

    corpus = copy_slice(tmp_path_factory.mktemp(f"{name}-corpus"), ids)
    index_dir = tmp_path_factory.mktemp(f"{name}-idx") / "index"
    build_index([corpus], index_dir, cache_path=TEST_CACHE, progress=False)
    return index_dir


def open_slice_index(tmp_path_factory, name: str, ids=SLICE_IDS):
    """build_slice_index(tmp_path_factory, name, ids), opened (search.index.Index)."""
    from search.index import open_index

    return open_index(build_slice_index(tmp_path_factory, name, ids))


def index_as_format(folder: Path, copy: Path, version: int) -> Path:
    """A copy of the index `folder` as format `version` wrote it: the files later formats added
    removed from the folder and its manifest (digest recomputed); returns `copy`."""
    import json
    import os

    from indexer import store
    from indexer.schema import FORMAT_FILES, FORMAT_VERSION, MANIFEST

    shutil.copytree(os.path.realpath(folder), copy)
    manifest = json.loads((copy / MANIFEST).read_text(encoding="utf-8"))
    for name in set(FORMAT_FILES[FORMAT_VERSION]) - set(FORMAT_FILES[version]):
        (copy / name).unlink()
        del manifest["files"][name]
    manifest["format_version"] = version
    manifest["manifest_sha256"] = store.manifest_digest(manifest)
    (copy / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    return copy


def answer_at_any_confidence(index, question: str):
    """The answer `index.ask(question)` would compose if the abstention model's threshold were 0:
    the same search, sentence choice and model (search/data/abstention.json), another operating
    point. For tests of which sentences are chosen on a slice whose evidence sits near the
    threshold (the shipped threshold is fitted on the full index)."""
    import dataclasses

    from search.abstain import abstention_model
    from search.answer import compose_answer

    found = index.searched(question, 10, "hybrid", None)
    named = index.documents_of(found.ctx.authorities) if found.ctx.authorities else None
    return compose_answer(question, found.hits, index.bm25, found.ctx, stated=found.stated, terms=found.terms,
                          units=index.passage_units, named_docs=named, sources=index.outlet_docs(question),
                          model=dataclasses.replace(abstention_model(), threshold=0.0))


def assert_quoted_in_cited(index, answer) -> None:
    """Every quoted sentence of `answer` is its letter's text at its span, inside the passage it cites."""
    for sentence in answer.sentences:
        assert index.document(sentence.doc_id).text[sentence.start:sentence.end] == sentence.text
        hit = answer.hits[sentence.citation - 1]
        assert hit.doc_id == sentence.doc_id and hit.start <= sentence.start and sentence.end <= hit.end


def quoted_by_rule_line(answer, model, reason: str) -> str:
    """The confidence line (search.abstain.confidence_label) of `answer`, quoted under `model`'s threshold
    by the rule that states `reason` ("its headline findings", "the director it is addressed to")."""
    return (f"Confidence {answer.confidence:.2f} from how well the quoted passages match the question (calibrated on "
            f"{model.questions} questions); quoted because the letter states what is asked: {reason}")
