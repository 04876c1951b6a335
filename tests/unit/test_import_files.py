"""Import of each input format (.txt .md .html .jsonl, folders, legacy encodings) and refusal of bad input: each
refused file is named with a specific reason, and nothing of it is stored."""

from __future__ import annotations

import json
import os
import random
import time

import pytest


def only_refusal(report, path):
    assert report.imported == [] and report.skipped == [], report
    assert [r["path"] for r in report.refused] == [str(path)]
    return report.refused[0]["reason"]


def assert_nothing_stored(proj):
    assert proj.documents() == [] and proj.annotations() == [] and proj.history() == []


PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")


@pytest.mark.parametrize("name, data, reason", [
    ("photo.txt", PNG, "binary file"),
    ("empty.txt", b"", "the file is empty"),
    ("blank.md", b" \n\r\n\t\n", "the file is empty"),
    ("garbage.txt", bytes(random.Random(7).choices(range(128, 256), k=2000)), "cannot decode the file"),
    ("bad-bom.txt", b"\xff\xfeA\x00\x00\xd8", "byte-order mark"),
    ("ads.txt", b"Advertisement\n\nhttps://example.com/x\n", "nothing is left after cleaning"),
    ("report.pdf", b"%PDF-1.4 whatever", "unsupported file type '.pdf'"),
    ("notes", b"no suffix at all", "unsupported file type '(no suffix)'"),
])
def test_bad_files_are_refused_with_a_reason(proj, tmp_path, name, data, reason):
    path = tmp_path / name
    path.write_bytes(data)
    got = only_refusal(proj.import_paths([path]), path)
    assert reason in got
    assert_nothing_stored(proj)


def test_a_missing_path_is_refused(proj, tmp_path):
    assert "no such file" in only_refusal(proj.import_paths([tmp_path / "nope.txt"]), tmp_path / "nope.txt")


def test_size_limit(proj, tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("Lukashenko said so. " * 100)
    reason = only_refusal(proj.import_paths([path], size_limit=1000), path)
    assert reason == "the file is 2.0 KiB, over the article limit of 1000 bytes"
    assert_nothing_stored(proj)
    assert len(proj.import_paths([path], size_limit=10_000).imported) == 1


@pytest.mark.parametrize("lines, line_no, reason", [
    (['{"text": "One."}', '{"text": "Two."}', '{"text": "Three.", oops}'], 3, "malformed JSON"),
    (['{"text": "One."}', "", '["not", "an", "object"]'], 3, "must be a JSON object"),
    (['{"title": "no text"}'], 1, 'missing or empty "text"'),
    (['{"text": "One."}', '{"text": "Two.", "published": 2020}'], 2, '"published" must be a string'),
])
def test_malformed_jsonl_is_refused_whole_with_the_line_number(proj, tmp_path, lines, line_no, reason):
    path = tmp_path / "articles.jsonl"
    path.write_text("\n".join(lines) + "\n")
    got = only_refusal(proj.import_paths([path]), path)
    assert got.startswith(f"line {line_no}: ") and reason in got
    assert_nothing_stored(proj)  # the good lines before the bad one are not stored either


def test_cli_names_the_refused_file_and_fails(tmp_path):
    from click.testing import CliRunner

    from annotator.cli import cli

    runner = CliRunner()
    project = tmp_path / "p.annotator"
    assert runner.invoke(cli, ["new", str(project)]).exit_code == 0
    bad = tmp_path / "photo.txt"
    bad.write_bytes(PNG)
    result = runner.invoke(cli, ["import", "-p", str(project), str(bad)])
    assert result.exit_code == 1
    assert f"refused   {bad}: this is a binary file" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("encoding, text", [
    ("cp1252", "“Café au lait,” said the naïve résumé writer — 7,000 détenus.\n\nSecond paragraph.\n"),
    ("latin-1", "Straße in München, Zürich und Genève.\n"),
    ("cp1250", "Zażółć gęślą jaźń w Łodzi.\n"),
    ("cp1251", "Лукашенко сказал, что Путин предложил помощь.\n"),
    ("utf-16", "“Unicode” with a BOM: Łódź, Лукашенко.\n"),
])
def test_legacy_encodings_are_decoded_and_reported(proj, tmp_path, encoding, text):
    path = tmp_path / "legacy.txt"
    path.write_bytes(text.encode(encoding))
    report = proj.import_paths([path])
    assert len(report.imported) == 1, report
    doc = proj.document(report.imported[0]["document_id"], with_raw=True)
    assert doc.text == text.strip()
    assert doc.raw == path.read_bytes()
    if encoding != "utf-16":
        expected = {"latin-1": "cp1252"}.get(encoding, encoding)  # cp1252 is the superset actually used
        assert doc.encoding == expected
        assert report.warnings == [f"{path}: not UTF-8; decoded as {expected}"]


def test_markdown(proj, tmp_path):
    path = tmp_path / "a.md"
    path.write_text("# Belarus leader says Putin offers help\n\nThe *crowd* chanted “Thank you!”.\n\n## Reaction\n\n"
                    "Police kept a low profile.\n")
    doc = proj.document(proj.import_paths([path]).imported[0]["document_id"])
    assert doc.title == "Belarus leader says Putin offers help"
    assert doc.text.startswith("Belarus leader says Putin offers help\n\nThe *crowd* chanted “Thank you!”.")
    assert "\n\nReaction\n\n" in doc.text and "#" not in doc.text


def test_html(proj, tmp_path):
    path = tmp_path / "page.html"
    path.write_text("""<!doctype html><html><head><title>Lukashenko &amp; Putin talk</title>
<meta property="og:site_name" content="Example News"><meta property="og:url" content="https://example.org/a">
<style>p { color: red } .ad { display: none }</style><script>var tracking = "Advertisement";</script></head>
<body><nav>Home | World | Europe</nav><h1>Lukashenko &amp; Putin talk</h1>
<p>Thousands rallied in <b>Minsk</b> on Saturday.<script>alert("x")</script></p>
<p>&ldquo;We will not give up the country,&rdquo; he said &mdash; on TV.</p>
<footer>© 2020 Example News</footer></body></html>""")
    doc = proj.document(proj.import_paths([path]).imported[0]["document_id"])
    assert doc.title == "Lukashenko & Putin talk"
    assert (doc.source, doc.url) == ("Example News", "https://example.org/a")
    assert doc.text == ("Lukashenko & Putin talk\n\nThousands rallied in Minsk on Saturday.\n\n"
                        "“We will not give up the country,” he said — on TV.")
    for dropped in ("color", "tracking", "alert", "Home | World", "©"):
        assert dropped not in doc.text


def test_html_with_nothing_but_scripts_is_refused(proj, tmp_path):
    path = tmp_path / "empty.html"
    path.write_text("<html><head><script>var a = 1;</script><style>p{}</style></head><body></body></html>")
    assert "no text outside scripts and styles" in only_refusal(proj.import_paths([path]), path)


def test_jsonl(proj, tmp_path):
    path = tmp_path / "articles.jsonl"
    records = [
        {"text": "Thousands rallied in Minsk.\n\nPolice kept a low profile.", "title": "Minsk rally", "source": "AP",
         "published": "2020-08-15", "url": "https://example.org/1", "section": "World"},
        {"text": "Lukashenko spoke with Putin by phone.", "source": "RFE/RL"},
    ]
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n\n")
    report = proj.import_paths([path])
    assert len(report.imported) == 2
    first, second = sorted(proj.documents(), key=lambda d: d.meta["line"])
    assert (first.title, first.source, first.published, first.url) == ("Minsk rally", "AP", "2020-08-15",
                                                                       "https://example.org/1")
    assert first.meta["section"] == "World" and first.meta["line"] == 1
    assert (second.title, second.source, second.published) == ("Lukashenko spoke with Putin by phone.", "RFE/RL", None)
    assert proj.import_paths([path]).imported == []  # idempotent per article


def test_folders_nested_with_manifests_and_bad_files(proj, tmp_path):
    root = tmp_path / "corpus"
    (root / "day2").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / "a.txt").write_text("First article\n\nBody one.\n")
    (root / "day2" / "b.md").write_text("# Second article\n\nBody two.\n")
    (root / "day2" / "manifest.json").write_text(json.dumps(
        {"files": {"b.md": {"title": "From the manifest", "source": "AFP", "published": "2020-08-16"}}}))
    (root / "broken.txt").write_bytes(PNG)
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    report = proj.import_paths([root])
    assert sorted(i["title"] for i in report.imported) == ["First article", "From the manifest"]
    assert [r["path"] for r in report.refused] == [str(root / "broken.txt")]
    b = next(d for d in proj.documents() if d.source == "AFP")
    assert (b.title, b.published) == ("From the manifest", "2020-08-16")
    assert "2 document(s) imported; 1 refused" in report.summary()


def test_a_malformed_manifest_is_reported_not_fatal(proj, tmp_path):
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "manifest.json").write_text("{not json")
    (tmp_path / "c" / "a.txt").write_text("Article\n\nText.\n")
    report = proj.import_paths([tmp_path / "c"])
    assert len(report.imported) == 1
    assert any("manifest.json: malformed JSON" in w for w in report.warnings)


def test_unicode_file_names_and_nfc(proj, tmp_path):
    path = tmp_path / "Łódź–Минск.txt"
    path.write_text("Cafe\u0301 in Minsk\n\nLukas\u030cenka spoke.\n")
    doc = proj.document(proj.import_paths([path]).imported[0]["document_id"])
    assert doc.text == "Café in Minsk\n\nLukašenka spoke."
    assert os.fspath(path) in [i["path"] for i in proj.import_paths([path]).skipped]


def test_html_title_entities_are_decoded_once(proj, tmp_path):
    path = tmp_path / "t.html"
    path.write_bytes("<title>Tags like &amp;lt;b&amp;gt; &amp; caf\xe9</title><p>Body text here.</p>".encode("cp1252"))
    report = proj.import_paths([path])
    doc = proj.document(report.imported[0]["document_id"])
    assert doc.title == "Tags like &lt;b&gt; & café"
    assert doc.encoding == "cp1252" and report.warnings == [f"{path}: not UTF-8; decoded as cp1252"]


def test_jsonl_records_end_at_newlines_only(proj, tmp_path):
    # U+2028 / U+2029 / U+0085 inside a JSON string are characters of the record, not line ends
    path = tmp_path / "articles.jsonl"
    records = [{"text": "Police said the march\u2028ended.", "title": "One\u2029record", "source": "AP"},
               {"text": "A second\u0085article.", "source": "AFP"}]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    report = proj.import_paths([path])
    assert not report.refused, report.refused
    assert len(report.imported) == 2
    assert sorted(d.source for d in proj.documents()) == ["AFP", "AP"]


def test_a_file_read_in_short_pieces_is_read_whole(proj, tmp_path, monkeypatch):
    """The importer reads a file with one open, one fstat and one read; a read that returns less (a pipe, a
    network file system, a file growing meanwhile) is continued to the end, and the limit still holds."""
    from annotator.services import importing

    text = "Minsk, 15 August. " + "Protesters gathered on the square. " * 200
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    real_read = os.read
    monkeypatch.setattr(importing.os, "read", lambda fd, n: real_read(fd, min(n, 7)))
    report = proj.import_paths([tmp_path / "a.txt"])
    assert len(report.imported) == 1, report
    assert proj._store.document(proj.documents()[0].id, with_raw=True).raw == text.encode()
    with pytest.raises(importing.ImportRefused, match="over the article limit"):
        importing._read_bytes(tmp_path / "a.txt", 100, "article")


def test_progress_is_reported_a_few_times_a_second_and_at_the_end(proj, tmp_path, monkeypatch):
    from annotator import TaskContext
    from annotator.services import importing

    for k in range(30):
        (tmp_path / f"{k:02d}.txt").write_text(f"Report {k}\n\nProtesters gathered, said witness {k}.\n")
    seen = []
    t0 = time.monotonic()
    report = proj.import_paths([tmp_path], TaskContext(progress=lambda d, t, m: seen.append((d, t, m))))
    took = time.monotonic() - t0
    assert len(report.imported) == 30
    assert seen[0][0] == 0 and seen[-1] == (30, 30, "done")
    assert len(seen) <= 2 + took / importing.PROGRESS_EVERY  # (the first file, then every PROGRESS_EVERY s)
    monkeypatch.setattr(importing, "PROGRESS_EVERY", 0.0)
    seen.clear()
    other = tmp_path / "more"
    other.mkdir()
    for k in range(5):
        (other / f"{k}.txt").write_text(f"Another report {k}\n\nPolice said {k} were held.\n")
    proj.import_paths([other], TaskContext(progress=lambda d, t, m: seen.append((d, t, m))))
    assert [d for d, _t, _m in seen] == [0, 1, 2, 3, 4, 5]
