"""Agreement reports for people and papers: a plain-text table, CSV rows, JSON, and one offline HTML file (tables,
per-label bars and a confusion matrix as inline SVG: no script, no network, fit to paste into a paper).

Reads the :class:`annotator.services.agreement.Report` of each layer; computes nothing itself.
"""

from __future__ import annotations

import csv
import html
import io
import json
from typing import Any


def _f(x: Any, digits: int = 3) -> str:
    if x is None:
        return "–"
    if isinstance(x, float):
        return f"{x:.{digits}f}"
    return str(x)


def rows(reports) -> list[dict[str, Any]]:
    """One row per (layer, measure, pair[, label]): what the CSV holds and the table shows."""
    out = []
    for rep in reports:
        for pair, p in rep.spans.get("pairs", {}).items():
            for mode in ("exact", "overlap"):
                m = p[mode]
                out.append({"layer": rep.layer, "measure": f"span F1 ({mode})", "pair": pair, "label": "",
                            "value": m["f1"], "precision": m["precision"], "recall": m["recall"],
                            "n": m["reference"] + m["other"]})
            for label, lp in p["labels"].items():
                out.append({"layer": rep.layer, "measure": "span F1 (exact)", "pair": pair, "label": label,
                            "value": lp["exact"]["f1"], "precision": lp["exact"]["precision"],
                            "recall": lp["exact"]["recall"],
                            "n": lp["exact"]["reference"] + lp["exact"]["other"]})
        tok = rep.tokens or {}
        for pair, t in tok.get("pairs", {}).items():
            out.append({"layer": rep.layer, "measure": "Cohen's kappa (tokens)", "pair": pair, "label": "",
                        "value": t["cohen_kappa"], "precision": None, "recall": None, "n": t["tokens"]})
        if tok:
            out.append({"layer": rep.layer, "measure": "Fleiss' kappa (tokens)", "pair": "all", "label": "",
                        "value": tok.get("fleiss_kappa"), "precision": None, "recall": None,
                        "n": tok.get("fleiss_tokens")})
            out.append({"layer": rep.layer, "measure": "Krippendorff's alpha (tokens, nominal)", "pair": "all",
                        "label": "", "value": tok.get("krippendorff_alpha"), "precision": None, "recall": None,
                        "n": tok.get("tokens")})
        for pair, a in rep.attributes.get("pairs", {}).items():
            if a.get("label"):
                out.append({"layer": rep.layer, "measure": "label agreement (same span)", "pair": pair,
                            "label": "", "value": a["label"]["agreement"], "precision": None, "recall": None,
                            "n": a["matched_spans"]})
            for key, v in a["attributes"].items():
                out.append({"layer": rep.layer, "measure": f"attribute '{key}' agreement", "pair": pair,
                            "label": "", "value": v["agreement"], "precision": None, "recall": None, "n": v["spans"]})
        for pair, l in rep.links.get("pairs", {}).items():
            for key in ("exact_untyped", "exact_typed", "overlap_untyped", "overlap_typed"):
                m = l[key]
                out.append({"layer": rep.layer, "measure": f"link F1 ({key.replace('_', ', ')})", "pair": pair,
                            "label": "", "value": m["f1"], "precision": m["precision"], "recall": m["recall"],
                            "n": m["reference"] + m["other"]})
            m = l["cross_document"]["overlap_typed"]
            out.append({"layer": rep.layer, "measure": "cross-document link F1 (overlap, typed)", "pair": pair,
                        "label": "", "value": m["f1"], "precision": m["precision"], "recall": m["recall"],
                        "n": m["reference"] + m["other"]})
        for pair, e in rep.entities.get("pairs", {}).items():
            for key, name in (("muc", "MUC"), ("b3", "B³"), ("ceaf_e", "CEAF-e"), ("blanc", "BLANC"),
                              ("conll", "CoNLL avg")):
                out.append({"layer": rep.layer, "measure": f"entity clusters {name} F1", "pair": pair, "label": "",
                            "value": e[key], "precision": None, "recall": None, "n": e["mentions"]})
    return out


def table(reports) -> str:
    lines = []
    for rep in reports:
        lines.append(f"layer {rep.layer}: {', '.join(rep.sources)} over {rep.documents} document(s)")
        lines += [f"  note: {n}" for n in rep.notes]
    data = [r for r in rows(reports)]
    if data:
        w_m = max(len(r["measure"]) for r in data)
        w_p = max(len(r["pair"]) for r in data)
        w_l = max([len(r["label"]) for r in data] + [5])
        lines.append(f"{'layer':<10} {'measure':<{w_m}} {'pair':<{w_p}} {'label':<{w_l}} {'value':>7} {'P':>7} "
                     f"{'R':>7} {'n':>7}")
        for r in data:
            lines.append(f"{r['layer']:<10} {r['measure']:<{w_m}} {r['pair']:<{w_p}} {r['label']:<{w_l}} "
                         f"{_f(r['value']):>7} {_f(r['precision']):>7} {_f(r['recall']):>7} {_f(r['n']):>7}")
    return "\n".join(lines) + "\n"


def to_csv(reports) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, ["layer", "measure", "pair", "label", "value", "precision", "recall", "n"],
                       lineterminator="\n")
    w.writeheader()
    for r in rows(reports):
        w.writerow({k: ("" if v is None else v) for k, v in r.items()})
    return buf.getvalue()


def to_json(reports) -> str:
    return json.dumps({"agreement": [r.to_dict() for r in reports]}, ensure_ascii=False, indent=1, sort_keys=True)


# --------------------------------------------------------------------------------------------- HTML

_CSS = """body{font:15px/1.45 system-ui,sans-serif;max-width:62rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ccc}h3{font-size:1rem}
table{border-collapse:collapse;margin:.5rem 0 1rem}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:right}
th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}.note{color:#555}
figure{margin:.5rem 0 1rem}figcaption{font-size:.85rem;color:#555}"""


def _esc(x: Any) -> str:
    return html.escape(str(x), quote=True)


def _bars(items: list[tuple[str, float | None]], title: str) -> str:
    """Horizontal bars (0..1) as inline SVG."""
    h = 22 * len(items) + 30
    out = [f'<figure><svg xmlns="http://www.w3.org/2000/svg" width="560" height="{h}" role="img" '
           f'aria-label="{_esc(title)}">']
    for i, (name, v) in enumerate(items):
        y = 10 + 22 * i
        width = 0 if v is None else max(0.0, min(1.0, v)) * 360
        out.append(f'<text x="0" y="{y + 14}" font-size="12">{_esc(name[:28])}</text>'
                   f'<rect x="180" y="{y}" width="{width:.1f}" height="16" fill="#0072B2"/>'
                   f'<text x="{186 + width:.1f}" y="{y + 13}" font-size="12">{_esc(_f(v))}</text>')
    out.append(f'<line x1="180" y1="5" x2="180" y2="{h - 15}" stroke="#888"/>'
               f'<line x1="540" y1="5" x2="540" y2="{h - 15}" stroke="#ddd"/></svg>'
               f"<figcaption>{_esc(title)}</figcaption></figure>")
    return "".join(out)


def _confusion(conf: list[list], a: str, b: str) -> str:
    labels_a = sorted({x for x, _, _ in conf})
    labels_b = sorted({y for _, y, _ in conf})
    cell = {(x, y): n for x, y, n in conf}
    top = max([n for _, _, n in conf] + [1])
    out = [f"<table><caption>Label confusion on spans both marked (rows: {_esc(a)}, columns: {_esc(b)})</caption>"
           "<tr><th></th>" + "".join(f"<th>{_esc(y)}</th>" for y in labels_b) + "</tr>"]
    for x in labels_a:
        out.append(f"<tr><th>{_esc(x)}</th>")
        for y in labels_b:
            n = cell.get((x, y), 0)
            shade = int(255 - 150 * n / top)
            colour = f"rgb({shade},{shade},255)" if x == y else f"rgb(255,{shade},{shade})"
            out.append(f'<td style="background:{colour if n else "#fff"}">{n}</td>')
        out.append("</tr>")
    out.append("</table>")
    return "".join(out)


def to_html(reports, *, title: str = "Inter-annotator agreement") -> str:
    parts = ["<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">",
             f"<title>{_esc(title)}</title><style>{_CSS}</style></head><body>", f"<h1>{_esc(title)}</h1>"]
    for rep in reports:
        parts.append(f"<h2>Layer {_esc(rep.layer)}</h2><p>{_esc(', '.join(rep.sources))} over "
                     f"{rep.documents} document(s).</p>")
        parts += [f'<p class="note">{_esc(n)}</p>' for n in rep.notes]
        layer_rows = rows([rep])
        if layer_rows:
            parts.append("<table><tr><th>measure</th><th>pair</th><th>label</th><th>value</th><th>P</th><th>R</th>"
                         "<th>n</th></tr>")
            for r in layer_rows:
                parts.append(f"<tr><td>{_esc(r['measure'])}</td><td>{_esc(r['pair'])}</td><td>{_esc(r['label'])}"
                             f"</td><td>{_f(r['value'])}</td><td>{_f(r['precision'])}</td><td>{_f(r['recall'])}</td>"
                             f"<td>{_f(r['n'])}</td></tr>")
            parts.append("</table>")
        for pair, p in rep.spans.get("pairs", {}).items():
            parts.append(f"<h3>{_esc(pair)}</h3>")
            parts.append(_bars([(label, lp["exact"]["f1"]) for label, lp in p["labels"].items()],
                               f"Exact span F1 per label, {pair}"))
            if p["confusion"]:
                a, _, b = pair.partition(" ~ ")
                parts.append(_confusion(p["confusion"], a, b))
    parts.append('<p class="note">Written by Annotator (annotator agreement). Span F1 takes one source as the '
                 "reference (F1 is symmetric); token-level κ and α count the rule tokenizer's tokens of the "
                 "documents each source annotated.</p></body></html>")
    return "".join(parts)


def render(reports, fmt: str) -> str:
    if fmt == "table":
        return table(reports)
    if fmt == "csv":
        return to_csv(reports)
    if fmt == "json":
        return to_json(reports)
    if fmt == "html":
        return to_html(reports)
    raise ValueError(f"unknown report format {fmt!r} (table, csv, json, html)")
