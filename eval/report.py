"""Reports: the terminal table, report.json, report.md with a bar chart, and comparisons."""
from __future__ import annotations

import json
from pathlib import Path

from search.wording import counted

CHART = "metrics.png"
DEFINITIONS = {
    "recall@k": "share of answerable questions with a relevant item in the top k (trec_eval 'success', "
                "ranx hit_rate@k); at passage level: a relevant passage is in the top k",
    "mrr@k": "mean reciprocal rank of the first relevant item within the top k",
    "ndcg@k": "binary nDCG; passage level: the ideal set is every relevant chunk of the question's document "
              "plus any retrieved chunk that contains an evidence string (pooled over modes)",
    "relevant passage": "contains an evidence string after collapsing white space, or covers at least half "
                        "of the characters of one in the question's document",
    "document level": "hits deduplicated by document in rank order; relevant document = the question's doc",
    "cites_relevant": "share of answerable questions answered with at least one citation to a relevant passage",
    "answered": "share of answerable questions that got an answer (not an abstention)",
    "verbatim": "share of answer sentences found verbatim in the passage they cite (must be 1.0)",
    "abstention_precision": "share of abstentions that were on unanswerable questions",
    "abstention_recall": "share of unanswerable questions on which ask abstained",
    "token_f1": "bag-of-words F1 between the answer sentences and the evidence, averaged over answerable "
                "questions (an abstention scores 0)",
    "council_recall": "list questions: share of the councils of `docs` that the list answer has a row for "
                      "(mean over list questions)",
    "council_precision": "list questions: share of the list answer's rows whose council is one of `docs`' councils "
                         "(mean over list questions that got rows)",
    "letter_recall@20": "list questions: share of `docs` among the letters of the top 20 passages of search",
    "rows_verbatim": "share of list-answer rows whose every sentence is document text[start:end] inside the "
                     "passage it cites (must be 1.0)",
    "rows_cite_relevant": "share of list-answer rows citing at least one relevant passage (one holding an "
                          "evidence string); a right row may cite another sentence, so this is a lower bound",
    "latency_ms": "wall time per call over the question set, query embedding included (cache cleared), "
                  "after one warm-up query per mode",
}
ANSWER_KEYS = ("cites_relevant", "answered", "verbatim", "abstention_precision", "abstention_recall", "token_f1")
CHART_ANSWER_KEYS = ("cites_relevant", "token_f1", "abstention_precision", "abstention_recall")
LIST_KEYS = ("council_recall", "council_precision", "letter_recall@20", "rows_verbatim", "rows_cite_relevant")


class ReportError(Exception):
    """A report.json that cannot be read for --compare."""


def load_report(path: str | Path) -> dict:
    """An earlier report.json (ReportError with a one-line reason if unusable)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ReportError(f"--compare: no such file {path}") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReportError(f"--compare: {path} is not a readable report.json ({exc.__class__.__name__})") from None
    if not isinstance(data, dict) or not isinstance(data.get("modes"), dict):
        raise ReportError(f"--compare: {path} is not an `isearch eval` report.json (no 'modes')")
    return data


def _metric_keys(report: dict) -> list[str]:
    for mode in report["modes"].values():
        return [key for key in mode["passage"]["all"] if key != "n"]
    return []


def _fmt(value, digits: int = 3) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def _text_table(headers: list[str], rows: list[list[str]], left: int = 2) -> str:
    """Aligned columns: the first `left` flush left (names), the rest flush right (numbers)."""
    widths = [max(len(str(c)) for c in column) for column in zip(headers, *rows)]

    def line(cells: list) -> str:
        return "  ".join(str(c).ljust(w) if i < left else str(c).rjust(w)
                         for i, (c, w) in enumerate(zip(cells, widths))).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)])


def _md_table(headers: list[str], rows: list[list[str]]) -> str:
    out = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(out)


def _sections(report: dict) -> list[tuple[str, list[str], list[list], int]]:
    """(title, headers, rows, name columns) for each table, shared by the terminal and markdown output."""
    keys = _metric_keys(report)
    tables = []
    for level in ("passage", "document"):
        rows = []
        for mode, figures in report["modes"].items():
            for group, values in figures[level].items():
                rows.append([mode, group, values["n"], *(_fmt(values[k]) for k in keys)])
        tables.append((f"Retrieval, {level} level", ["mode", "questions", "n", *keys], rows, 2))
    rows = [[mode, f["answer"]["n_answerable"], *(_fmt(f["answer"][k]) for k in ANSWER_KEYS)]
            for mode, f in report["modes"].items()]
    tables.append(("Answers (ask)", ["mode", "n", *ANSWER_KEYS], rows, 1))
    rows = [[mode, *(_fmt(f["latency_ms"][call][p], 1) for call in ("search", "ask") for p in ("p50", "p95"))]
            for mode, f in report["modes"].items()]
    tables.append(("Latency (ms)", ["mode", "search p50", "search p95", "ask p50", "ask p95"], rows, 1))
    rows = [[mode, f["list"]["n"], f["list"]["rows"], *(_fmt(f["list"].get(k)) for k in LIST_KEYS),
             _fmt(f["list"]["ask_ms"]["p50"], 1), _fmt(f["list"]["ask_ms"]["p95"], 1)]
            for mode, f in report["modes"].items() if "list" in f]
    if rows:
        tables.append(("List answers (list questions)", ["mode", "n", "rows", *LIST_KEYS, "ask p50 ms", "ask p95 ms"],
                       rows, 1))
    return tables


def _headline(report: dict) -> str:
    meta = report["meta"]
    q = meta["questions"]
    styles = ", ".join(f"{n} {s}" for s, n in q["styles"].items())
    counts = meta["index"]["manifest"].get("counts", {})
    commit = (meta["git"].get("commit") or "unknown")[:10] + (" (dirty)" if meta["git"].get("dirty") else "")
    held = ", ".join(counted(counts[key], noun) if isinstance(counts.get(key), int) else f"? {noun}s"
                     for key, noun in (("documents", "document"), ("chunks", "chunk")))
    return (f"{q['path']}: {counted(q['count'], 'question')} ({styles}); k={meta['k']}; index {meta['index']['dir']} "
            f"({held}); commit {commit}; {meta['date']}")


def render_table(report: dict) -> str:
    """The report as plain-text tables for the terminal."""
    parts = [_headline(report)]
    for title, headers, rows, left in _sections(report):
        parts.append(f"\n{title}\n{_text_table(headers, rows, left)}")
    parts.append("\nRecall@k at passage level = a relevant passage is in the top k (see report.md).")
    return "\n".join(parts)


def render_markdown(report: dict) -> str:
    """report.md: headline, the tables, the chart and the definitions."""
    parts = ["# Evaluation report", "", _headline(report), "", f"![metrics per mode]({CHART})", ""]
    for title, headers, rows, _ in _sections(report):
        parts += [f"## {title}", "", _md_table(headers, rows), ""]
    if report.get("warnings"):
        parts += ["## Warnings", "", *(f"- {w}" for w in report["warnings"]), ""]
    parts += ["## Definitions", "", *(f"- **{k}**: {v}" for k, v in report["meta"]["definitions"].items()), ""]
    return "\n".join(parts)


def _chart_series(report: dict) -> tuple[list[str], dict[str, list[float]]]:
    keys = _metric_keys(report)
    labels = [f"passage\n{k}" for k in keys] + [f"doc\n{k}" for k in keys]
    labels += [k.replace("_", "\n") for k in CHART_ANSWER_KEYS]
    series = {}
    for mode, f in report["modes"].items():
        values = [f["passage"]["all"][k] for k in keys] + [f["document"]["all"][k] for k in keys]
        values += [f["answer"][k] for k in CHART_ANSWER_KEYS]
        series[mode] = [v if v is not None else 0.0 for v in values]
    return labels, series


def write_chart(report: dict, path: Path) -> None:
    """A grouped bar chart of the main figures, one colour per mode (matplotlib, Agg)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels, series = _chart_series(report)
    width = 0.8 / max(len(series), 1)
    fig, ax = plt.subplots(figsize=(max(8, len(labels) * 0.9), 4.5))
    for i, (mode, values) in enumerate(series.items()):
        ax.bar([x + i * width for x in range(len(labels))], values, width, label=mode)
    ax.set_xticks([x + width * (len(series) - 1) / 2 for x in range(len(labels))], labels, fontsize=8)
    ax.set_ylim(0, 1)
    ax.set_ylabel("score")
    ax.set_title(f"{Path(report['meta']['questions']['path']).name}: metrics per mode "
                 f"({report['meta']['questions']['answerable']} answerable questions)")
    ax.legend()
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def write_all(report: dict, out: Path) -> None:
    """report.json, report.md and the chart into folder `out` (created)."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    write_chart(report, out / CHART)
    (out / "report.md").write_text(render_markdown(report), encoding="utf-8")


# ---- comparison -------------------------------------------------------------------
def figures(report: dict) -> dict[str, float | None]:
    """Every figure of a report under a flat name, e.g. 'hybrid passage all recall@5'."""
    flat: dict[str, float | None] = {}
    for mode, f in report["modes"].items():
        for level in ("passage", "document"):
            for group, values in f.get(level, {}).items():
                flat.update({f"{mode} {level} {group} {k}": v for k, v in values.items() if k != "n"})
        flat.update({f"{mode} answer {k}": f.get("answer", {}).get(k) for k in ANSWER_KEYS})
        for call, values in f.get("latency_ms", {}).items():
            flat.update({f"{mode} latency {call} {p}": values.get(p) for p in ("p50", "p95")})
        if "list" in f:
            flat.update({f"{mode} list {k}": f["list"].get(k) for k in LIST_KEYS})
            flat.update({f"{mode} list latency ask {p}": f["list"]["ask_ms"].get(p) for p in ("p50", "p95")})
    return flat


def _verdict(name: str, old, new) -> str:
    if old is None or new is None:
        return "n/a"
    if "latency" in name:
        if abs(new - old) <= 0.1 * max(old, 1e-9):
            return "~"
        return "better" if new < old else "worse"
    if abs(new - old) < 1e-9:
        return "="
    return "better" if new > old else "worse"


def compare(new: dict, old: dict) -> list[dict]:
    """Each figure in either report: old value, new value, change and a verdict."""
    a, b = figures(old), figures(new)
    rows = []
    for name in list(b) + [n for n in a if n not in b]:
        before, after = a.get(name), b.get(name)
        change = round(after - before, 4) if before is not None and after is not None else None
        rows.append({"figure": name, "old": before, "new": after, "change": change,
                     "verdict": _verdict(name, before, after)})
    return rows


def _comparison_row(row: dict) -> list[str]:
    digits = 1 if " latency " in row["figure"] else 3
    change = "-" if row["change"] is None else f"{row['change']:+.{digits}f}"
    return [row["figure"], _fmt(row["old"], digits), _fmt(row["new"], digits), change, row["verdict"]]


def render_comparison(new: dict, old: dict, old_path: str) -> str:
    """The change of every figure against an earlier report, with notes on what differs."""
    rows = compare(new, old)
    notes = []
    old_q, new_q = old.get("meta", {}).get("questions", {}), new["meta"]["questions"]
    if old_q.get("sha256") != new_q.get("sha256"):
        notes.append(f"note: the question sets differ ({old_q.get('path')} vs {new_q.get('path')})")
    if old.get("meta", {}).get("k") != new["meta"]["k"]:
        notes.append(f"note: k differs ({old.get('meta', {}).get('k')} vs {new['meta']['k']})")
    old_build = old.get("meta", {}).get("index", {}).get("manifest", {}).get("build_id")
    if old_build != new["meta"]["index"]["manifest"].get("build_id"):
        notes.append(f"note: different index builds ({old_build} vs {new['meta']['index']['manifest'].get('build_id')})")
    tally = {v: [r for r in rows if r["verdict"] == v] for v in ("better", "worse")}
    table = _text_table(["figure", "old", "new", "change", "verdict"],
                        [_comparison_row(r) for r in rows], left=1)
    head = f"Compared with {old_path}:"
    summary = [f"Summary: {counted(len(tally['better']), 'figure')} better, {len(tally['worse'])} worse, "
               f"{len(rows) - len(tally['better']) - len(tally['worse'])} unchanged or not comparable"]
    for verdict in ("worse", "better"):
        changed = sorted(tally[verdict], key=lambda r: -abs(r["change"]))
        if changed:
            listed = ", ".join(f"{r['figure']} {_comparison_row(r)[3]}" for r in changed[:8])
            summary.append(f"  {verdict}: {listed}" + (f" (+{len(changed) - 8} more)" if len(changed) > 8 else ""))
    return "\n".join([head, *notes, table, *summary])
