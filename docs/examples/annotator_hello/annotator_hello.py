"""annotator-hello: a minimal, complete Annotator plugin.

It declares a layer for figures (how many people were detained, injured, rallied...), suggests them with a
regular expression, exports them as a tab-separated table, and adds a headless command that counts them.
Drop this file into your plugins folder, or install the folder it lives in (``pip install -e .``): its
``pyproject.toml`` declares the entry point.
"""

from __future__ import annotations

import csv
import re

from annotator import (
    Command,
    Exporter,
    ExportResult,
    LabelSpec,
    LayerSpec,
    SpanSuggestion,
    Suggester,
    hookimpl,
)

__version__ = "1.0.0"

FIGURE = re.compile(r"\b(?:some |about |at least |more than |around )?\d[\d,.]*(?: million| thousand)?"
                    r" (?:people|protesters|demonstrators|staff|detainees|Russians)\b")
DETAINED = re.compile(r"\b(detain|detention|arrest|jail)", re.IGNORECASE)


@hookimpl
def register_layers(register):
    register(LayerSpec(
        "figure", title="Figures", color="#b39ddb", shortcut="F",
        labels=(LabelSpec("detained", "#ef9a9a", "1", "people detained or arrested"),
                LabelSpec("other", "#b39ddb", "2", "any other count of people")),
    ))


def suggest_figures(project, documents, task):
    """Propose every count of people; label it `detained` when the sentence speaks of detentions."""
    for done, doc in enumerate(documents):
        task.check()  # raises Cancelled when the user presses Cancel
        for m in FIGURE.finditer(doc.text):
            sentence_start = doc.text.rfind(".", 0, m.start()) + 1
            sentence_end = doc.text.find(".", m.end())
            sentence = doc.text[sentence_start:sentence_end if sentence_end != -1 else None]
            label = "detained" if DETAINED.search(sentence) else "other"
            yield SpanSuggestion(doc.id, m.start(), m.end(), "figure", label, score=0.8,
                                 reason="a number followed by a word for people")
        task.progress(done + 1, len(documents), doc.title)


@hookimpl
def register_suggesters(register):
    register(Suggester("figures", suggest_figures, title="Find counts of people", layers=("figure",)))


def write_tsv(project, path, filters, task):
    """One row per exported figure: outlet, label, text. Filters (status, documents...) apply."""
    rows = project.export_rows(filters)
    sources = {d.id: d.source for d in rows.document_objects()}
    count = 0
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, delimiter="\t", lineterminator="\n")
        writer.writerow(["source", "label", "text", "document_id", "start", "end"])
        for ann in rows.annotations():
            if ann["layer"] != "figure":
                continue
            writer.writerow([sources[ann["document_id"]], ann["label"], ann["text"], ann["document_id"],
                             ann["start"], ann["end"]])
            count += 1
    return ExportResult(path, {"figures": count})


@hookimpl
def register_exporters(register):
    register(Exporter("figures-tsv", write_tsv, extension=".tsv", description="Figures as a table"))


def count_figures(project, context):
    """Figures per outlet and label, accepted or suggested: `annotator run hello.count`."""
    sources = {d.id: d.source for d in project.documents()}
    counts: dict[str, int] = {}
    for ann in project.annotations(layer="figure", status=("accepted", "suggested")):
        key = f"{sources[ann.document_id]}: {ann.label}"
        counts[key] = counts.get(key, 0) + 1
    if "window" in context:  # run from the window: say it in the status bar too
        context["window"].show_message(f"{sum(counts.values())} figures")
    return dict(sorted(counts.items()))


@hookimpl
def register_commands(register):
    register(Command("hello.count", "Count figures", count_figures, shortcut="Ctrl+Alt+F", menu="Figures",
                     headless=True))
