"""Bundled plugin ``interchange``: the formats researchers' other tools read and write.

Registers, through the public hooks only, exporters (all take the same filters as the JSON export) and
importers for: W3C Web Annotation JSON-LD/JSONL, brat standoff (folder or zip), CoNLL-2003/IOB2, spaCy DocBin
(when spaCy is installed), JSONL for Hugging Face ``datasets``, CSV, REFI-QDA projects (``.qdpx``), INCEpTION /
WebAnno UIMA CAS XMI (when dkpro-cassis is installed) and Label Studio JSON tasks.
Each format lives in its own module; see docs/formats.md for what each holds and loses.
"""

from __future__ import annotations

import importlib.util

from annotator import Exporter, Importer, hookimpl

from . import brat, conll, csv_format, hf_jsonl, label_studio, qdpx, w3c, xmi


def spacy_available() -> bool:
    return importlib.util.find_spec("spacy") is not None


def _spacy_write(project, path, filters, task):
    from . import spacy_docbin

    return spacy_docbin.write_docbin(project, path, filters, task)


def _spacy_read(path, data, options):
    from . import spacy_docbin

    return spacy_docbin.read_docbin(path, data, options)


@hookimpl
def register_exporters(register):
    register(Exporter("w3c-jsonld", w3c.write_jsonld, ".jsonld",
                      "W3C Web Annotation: one AnnotationCollection (JSON-LD) with the documents' texts"))
    register(Exporter("w3c-jsonl", w3c.write_jsonl, ".jsonl", "W3C Web Annotation: one annotation per line"))
    register(Exporter("brat", brat.write_brat, "", "brat standoff: folder of .txt/.ann pairs + annotation.conf",
                      directory=True))
    register(Exporter("brat-zip", brat.write_brat_zip, ".zip",
                      "brat standoff collection in one .zip (the brat folder inside)"))
    register(Exporter("conll", conll.write_conll, ".conll",
                      "CoNLL-2003 / IOB2 of one entity layer (for spacy convert, flair, HF token classification)"))
    if spacy_available():
        register(Exporter("spacy-docbin", _spacy_write, ".spacy",
                          "spaCy DocBin (.spacy) of entity spans, ready for `spacy train`"))
    register(Exporter("hf-jsonl", hf_jsonl.write_hf_jsonl, ".jsonl",
                      "JSONL for Hugging Face datasets: one document per line with its annotations"))
    register(Exporter("csv", csv_format.write_csv, ".csv",
                      "CSV, one row per annotation (UTF-8, RFC 4180) for spreadsheets and R"))
    register(Exporter("qdpx", qdpx.write_qdpx, ".qdpx",
                      "REFI-QDA project (.qdpx) for NVivo, ATLAS.ti, MAXQDA, QualCoder"))
    if xmi.cassis_available():
        register(Exporter("inception-xmi", xmi.write_xmi_zip, ".zip",
                          "INCEpTION / WebAnno: UIMA CAS XMI zip (DKPro Core types) + TypeSystem.xml"))
    register(Exporter("label-studio", label_studio.write_label_studio, "",
                      "Label Studio: folder with tasks.json (annotations, predictions) + label_config.xml",
                      directory=True))


@hookimpl
def register_importers(register):
    register(Importer("w3c-jsonld", w3c.read_jsonld, (".jsonld",),
                      "W3C Web Annotation collection/page/annotation (JSON-LD)"))
    register(Importer("w3c-jsonl", w3c.read_jsonl, (),
                      "W3C Web Annotation, one per line (use --format w3c-jsonl; needs the documents)"))
    register(Importer("brat", brat.read_brat, (), "brat standoff folder (.txt/.ann pairs, annotation.conf)",
                      directory=True, detect=brat.is_brat_folder))
    register(Importer("brat-zip", brat.read_brat_zip, (".zip",), "brat standoff collection in a .zip"))
    register(Importer("conll", conll.read_conll, (".conll", ".iob", ".iob2"), "CoNLL-2003 / IOB2 NER"))
    if spacy_available():
        register(Importer("spacy-docbin", _spacy_read, (".spacy",), "spaCy DocBin (.spacy): texts, ents, spans"))
    register(Importer("hf-jsonl", hf_jsonl.read_hf_jsonl, (),
                      "JSONL for Hugging Face datasets, as exported (use --format hf-jsonl)"))
    register(Importer("csv", csv_format.read_csv, (".csv",),
                      "CSV of annotations (as exported) onto documents already in the project"))
    register(Importer("qdpx", qdpx.read_qdpx, (".qdpx",), "REFI-QDA project (.qdpx): text sources, codings, links"))
    if xmi.cassis_available():
        register(Importer("inception-xmi", xmi.read_xmi_zip, (),
                          "INCEpTION / WebAnno XMI export (.zip of a document or a whole project; "
                          "use --format inception-xmi)"))
        register(Importer("uima-xmi", xmi.read_xmi, (".xmi",), "one UIMA CAS XMI file (TypeSystem.xml beside it)"))
    register(Importer("label-studio", label_studio.read_label_studio, (),
                      "Label Studio JSON export (tasks with annotations/predictions; use --format label-studio)"))
    register(Importer("label-studio-folder", label_studio.read_label_studio_folder, (),
                      "a Label Studio folder as Annotator exports it (tasks.json + label_config.xml)",
                      directory=True, detect=label_studio.is_label_studio_folder))
