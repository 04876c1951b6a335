"""Built-in plugin ``core-readers``: plain articles from ``.txt``, ``.md``, ``.html`` and ``.jsonl`` files.

Each reader decodes the bytes (refusing binary, empty or undecodable files), takes a title (first line of a
plain-text article, first heading of Markdown, ``<title>`` of HTML, the JSONL field) and leaves cleaning to
the cleaner chain. A folder's ``manifest.json`` can give title, source, published date and URL per file.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import orjson

from annotator import ImportBatch, Importer, ImportRefused, NewDocument, decode_bytes, hookimpl

TITLE_MAX = 200


def _first_line_title(text: str) -> str:
    """The first non-blank line (of ``text.splitlines()``), shortened to ``TITLE_MAX``. The lines of a growing
    head of the text are searched, not every line of it: its last, perhaps cut, line is only taken once the head
    is the whole text. The usual first line (printable, ending in a line break within the head) is taken
    without splitting the head: a printable line holds none of the characters ``splitlines`` breaks at."""
    end = text.find("\n", 0, 1024)
    if end > 0:
        line = text[:end]
        if line.isprintable() and (line := line.strip()):
            return line if len(line) <= TITLE_MAX else line[: TITLE_MAX - 1].rsplit(" ", 1)[0] + "…"
    size = 1024
    while True:
        whole = size >= len(text)
        lines = text[:size].splitlines()
        for line in lines if whole else lines[:-1]:
            line = line.strip()
            if line:
                return line if len(line) <= TITLE_MAX else line[: TITLE_MAX - 1].rsplit(" ", 1)[0] + "…"
        if whole:
            return ""
        size *= 8


def read_text(path, data: bytes, options: dict) -> ImportBatch:
    text, encoding = decode_bytes(data, str(path))
    batch = ImportBatch([NewDocument(text=text, title=_first_line_title(text), raw=data, encoding=encoding)])
    if encoding not in ("utf-8", "utf-8-sig"):
        batch.warnings.append(f"{path}: not UTF-8; decoded as {encoding}")
    return batch


_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")


def read_markdown(path, data: bytes, options: dict) -> ImportBatch:
    text, encoding = decode_bytes(data, str(path))
    title = ""
    lines = []
    for line in text.splitlines():
        m = _MD_HEADING.match(line)
        if m:
            title = title or m.group(1)
            lines.append(m.group(1))
        else:
            lines.append(line)
    plain = "\n".join(lines)
    batch = ImportBatch([NewDocument(text=plain, title=title or _first_line_title(plain), raw=data,
                                     encoding=encoding)])
    if encoding not in ("utf-8", "utf-8-sig"):
        batch.warnings.append(f"{path}: not UTF-8; decoded as {encoding}")
    return batch


class _HTMLText(HTMLParser):
    SKIP = {"script", "style", "noscript", "template", "svg", "iframe", "head", "nav", "footer", "form", "button"}
    BLOCK = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "section",
             "article", "header", "tr", "table", "figcaption", "figure", "pre", "hr", "dd", "dt", "main", "aside"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.title: list[str] = []
        self.in_title = False
        self.meta: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        if tag == "title":
            self.in_title = True
        elif tag == "meta":
            a = dict(attrs)
            key = a.get("property") or a.get("name")
            if key and a.get("content"):
                self.meta[key.lower()] = a["content"]
        if tag in self.SKIP and tag != "head":
            self.skip += 1
        if tag in self.BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        if tag in self.SKIP and tag != "head" and self.skip:
            self.skip -= 1
        if tag in self.BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if self.in_title:
            self.title.append(data)
            return
        if not self.skip:
            self.parts.append(re.sub(r"[ \t\r\n]+", " ", data))


def read_html(path, data: bytes, options: dict) -> ImportBatch:
    text, encoding = decode_bytes(data, str(path))
    parser = _HTMLText()
    try:
        parser.feed(text)
        parser.close()
    except Exception as exc:  # html.parser is lenient; this is for the truly broken
        raise ImportRefused(f"cannot parse HTML: {exc}", path=path) from None
    body = "".join(parser.parts)
    body = "\n\n".join(p.strip() for p in re.split(r"\n\s*\n", body) if p.strip())
    if not body:
        raise ImportRefused("the HTML page has no text outside scripts and styles", path=path)
    # the parser already decoded character references (convert_charrefs): no second unescape ("&amp;lt;" is "&lt;")
    title = " ".join("".join(parser.title).split()) or parser.meta.get("og:title", "")
    doc = NewDocument(text=body, title=title or _first_line_title(body), raw=data, encoding=encoding,
                      source=parser.meta.get("og:site_name", ""), url=parser.meta.get("og:url"),
                      published=parser.meta.get("article:published_time"))
    batch = ImportBatch([doc])
    if encoding not in ("utf-8", "utf-8-sig"):
        batch.warnings.append(f"{path}: not UTF-8; decoded as {encoding}")
    return batch


JSONL_FIELDS = ("title", "source", "published", "url", "language")


def read_jsonl(path, data: bytes, options: dict) -> ImportBatch:
    text, encoding = decode_bytes(data, str(path))
    docs = []
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            record = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            raise ImportRefused(f"malformed JSON: {exc}", path=path, line=number) from None
        if not isinstance(record, dict):
            raise ImportRefused("each line must be a JSON object", path=path, line=number)
        body = record.get("text")
        if not isinstance(body, str) or not body.strip():
            raise ImportRefused('missing or empty "text" field', path=path, line=number)
        for key in JSONL_FIELDS:
            if key in record and record[key] is not None and not isinstance(record[key], str):
                raise ImportRefused(f'"{key}" must be a string', path=path, line=number)
        meta = {k: v for k, v in record.items() if k not in ("text", *JSONL_FIELDS)}
        docs.append(NewDocument(
            text=body, title=record.get("title") or _first_line_title(body), source=record.get("source") or "",
            published=record.get("published"), url=record.get("url"), language=record.get("language") or "en",
            raw=line.encode("utf-8"), encoding=encoding, meta={"line": number, **meta},
        ))
    if not docs:
        raise ImportRefused("no articles in the file", path=path)
    return ImportBatch(docs)


@hookimpl
def register_importers(register):
    register(Importer("text", read_text, (".txt", ".text"), "Plain-text article (title = first line)", corpus=True))
    register(Importer("markdown", read_markdown, (".md", ".markdown"), "Markdown article", corpus=True))
    register(Importer("html", read_html, (".html", ".htm"), "Web page (text extracted)", corpus=True))
    register(Importer("jsonl", read_jsonl, (".jsonl",), "One article per line: text, title, source...",
                      corpus=True))
