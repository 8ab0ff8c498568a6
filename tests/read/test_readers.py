"""Readers: format detection, decoding, and the Page each format gives."""

from __future__ import annotations

import gzip
import io
import json

import pytest

import presslens
from presslens import Settings
from presslens.errors import InputError
from presslens.read import detect_format, load, read
from presslens.read.decode import check_size, decode
from presslens.read.jsonl import iter_records, record_content, record_meta
from presslens.read.markdown import read_markdown
from presslens.read.text import read_text

PROSE = (
    "The harbor authority voted on Tuesday to extend the night ferry service through the winter, ending months "
    "of uncertainty for commuters who rely on the late boats."
)
PROSE_2 = (
    "Officials said the extension would cost about four million dollars a year, paid partly from a new levy on "
    "cruise ship passengers arriving at the main terminal."
)


def _page_is_consistent(page) -> None:
    for b in page.blocks:
        assert page.text[b.start : b.end] == b.text
    starts = [b.start for b in page.blocks]
    assert starts == sorted(starts)


# ---------------------------------------------------------------------------
# format detection
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("page.html", "html"),
        ("page.HTM", "html"),
        ("page.xhtml", "html"),
        ("page.html.gz", "html"),
        ("notes.md", "markdown"),
        ("notes.markdown", "markdown"),
        ("notes.md.gz", "markdown"),
        ("records.jsonl", "jsonl"),
        ("records.ndjson", "jsonl"),
        ("records.json", "jsonl"),
        ("article.txt", "text"),
    ],
)
def test_readers_format_from_suffix(name, fmt):
    assert detect_format("whatever", name) == fmt


@pytest.mark.parametrize(
    ("content", "fmt"),
    [
        ("<!doctype html><html><body><p>Hi</p></body></html>", "html"),
        ("<div><p>Hello</p><p>there</p></div>", "html"),
        ("# Title\n\nSome text with a [link](http://example.org).\n", "markdown"),
        ("## Heading\n\n- one\n- two\n", "markdown"),
        ('{"text": "one"}\n{"text": "two"}\n', "jsonl"),
        ('{\n  "text": "one"\n}\n', "jsonl"),
        ("Plain words on a line.\n\nAnother paragraph.", "text"),
        ("Costs rose 5% <em>not</em> much.", "text"),  # one tag is not a page
    ],
)
def test_readers_format_from_content(content, fmt):
    assert detect_format(content) == fmt


# ---------------------------------------------------------------------------
# decoding and loading
# ---------------------------------------------------------------------------
def test_readers_decode_utf8_and_boms():
    assert decode("x", "caf\u00e9".encode(), 100) == "caf\u00e9"
    assert decode("x", b"\xef\xbb\xbfcaf\xc3\xa9", 100) == "caf\u00e9"
    assert decode("x", "caf\u00e9 \u2014 ok".encode("utf-16"), 100) == "caf\u00e9 \u2014 ok"
    assert decode("x", "caf\u00e9".encode("utf-16-be").join([b"\xfe\xff", b""]), 100) == "caf\u00e9"


def test_readers_decode_declared_charset():
    html = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251"></head><body>Привет, мир</body></html>'
    assert decode("x", html.encode("windows-1251"), 10_000) == html


def test_readers_decode_gzip():
    assert decode("x", gzip.compress(b"hello there"), 100) == "hello there"


def test_readers_check_size_message():
    with pytest.raises(InputError) as info:
        check_size("big.html", 25_300_000, 20_000_000)
    assert info.value.reason == "too-large"
    assert info.value.line() == (
        "big.html: is 25.3 MB, over the 20 MB size limit; raise it with --max-bytes (or PRESSLENS_MAX_BYTES)"
    )
    check_size("ok.html", 20_000_000, 20_000_000)  # at the limit is fine


def test_readers_load_kinds_of_source(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("# T\n\nText.", encoding="utf-8")
    s = Settings()
    assert load(path, s) == (str(path), "# T\n\nText.")
    assert load(str(path), s) == (str(path), "# T\n\nText.")
    assert load(b"# T\n\nText.", s) == ("<bytes>", "# T\n\nText.")
    assert load("# T\n\nText.", s) == ("<string>", "# T\n\nText.")
    assert load("<p>Text.</p>", s) == ("<string>", "<p>Text.</p>")


def test_readers_load_stdin(monkeypatch):
    fake = io.TextIOWrapper(io.BytesIO(b"# T\n\nText from a pipe."), encoding="utf-8")
    monkeypatch.setattr("sys.stdin", fake)
    assert load("-", Settings()) == ("<stdin>", "# T\n\nText from a pipe.")


# ---------------------------------------------------------------------------
# markdown
# ---------------------------------------------------------------------------
MD = """# Title

Some *text* with a [link](http://example.org) and ![an image](a.png) in it.\\
Second line of the same paragraph

- item one
- item two

> a quotation

---

```
code block
```

| a | b |
|---|---|
| 1 | 2 |

**A wholly bold standfirst**

<div>raw <b>html</b> block</div>
"""


def test_readers_markdown_blocks():
    page = read_markdown(MD, "x.md")
    assert page.format == "markdown" and page.source == "x.md"
    _page_is_consistent(page)
    kinds = [(b.kind, b.text) for b in page.blocks]
    assert kinds[0] == ("heading", "Title")
    assert page.blocks[0].level == 1
    assert ("paragraph", "Second line of the same paragraph") in kinds
    assert ("list_item", "item one") in kinds and ("list_item", "item two") in kinds
    assert ("blockquote", "a quotation") in kinds
    assert ("hr", "---") in kinds
    assert ("code", "code block") in kinds
    assert ("table", "a | b") in kinds and ("table", "1 | 2") in kinds
    assert ("paragraph", "raw html block") in kinds


def test_readers_markdown_links_images_emphasis_and_hard_breaks():
    page = read_markdown(MD, "x.md")
    first, second = page.blocks[1], page.blocks[2]
    assert "an image" not in page.text  # image alt text is not article text
    assert first.text.startswith("Some text with a link")
    assert first.link_chars == len("link")
    assert first.group == second.group  # a hard break keeps one paragraph
    items = [b for b in page.blocks if b.kind == "list_item"]
    assert items[0].list_id == items[1].list_id >= 0
    bold = next(b for b in page.blocks if b.text == "A wholly bold standfirst")
    assert bold.emphasized and not first.emphasized


def test_readers_markdown_keeps_typographic_quotes():
    page = read_markdown("\u201cWe will,\u201d she said \u2014 and left.", "x.md")
    assert page.blocks[0].text == "\u201cWe will,\u201d she said \u2014 and left."


# ---------------------------------------------------------------------------
# plain text
# ---------------------------------------------------------------------------
def test_readers_text_paragraphs_and_lines():
    page = read_text(f"{PROSE}\n\n{PROSE_2}\r\nOne more line.\n\n- a list item\n", "t.txt")
    _page_is_consistent(page)
    assert [b.text for b in page.blocks] == [PROSE, PROSE_2, "One more line.", "- a list item"]
    assert [b.kind for b in page.blocks] == ["paragraph", "paragraph", "paragraph", "list_item"]


def test_readers_text_joins_hard_wrapped_lines():
    wrapped = "\n".join(
        [
            "The harbor authority voted on Tuesday to extend the night",
            "ferry service through the winter, ending months of uncertainty",
            "for commuters who rely on the late boats.",
        ]
    )
    page = read_text(wrapped, "t.txt")
    assert [b.text for b in page.blocks] == [" ".join(wrapped.split("\n"))]


def test_readers_text_hash_separated_dump():
    page = read_text("First paragraph here. ### Second paragraph here. ### Third one.", "t.txt")
    assert [b.text for b in page.blocks] == ["First paragraph here.", "Second paragraph here.", "Third one."]


# ---------------------------------------------------------------------------
# JSON and JSON Lines
# ---------------------------------------------------------------------------
def test_readers_jsonl_records_and_names():
    text = "\n".join(
        [
            json.dumps({"id": 7, "text": PROSE}),
            "",
            json.dumps({"markdown": "# T\n\n" + PROSE}),
        ]
    )
    recs = list(iter_records(text, "f.jsonl"))
    assert [name for name, _ in recs] == ["f.jsonl#7", "f.jsonl:3"]


def test_readers_json_array_and_pretty_printed_object():
    arr = json.dumps([{"text": PROSE}, {"id": "b", "text": PROSE_2}])
    assert [n for n, _ in iter_records(arr, "a.json")] == ["a.json:1", "a.json#b"]
    one = json.dumps({"id": "x", "text": PROSE}, indent=2)
    recs = list(iter_records(one, "one.json"))
    assert len(recs) == 1 and recs[0][0] == "one.json#x" and recs[0][1]["text"] == PROSE


def test_readers_record_content_order():
    assert record_content({"html": "<p>h</p>", "text": "t"}, "r") == ("html", "<p>h</p>")
    assert record_content({"markdown": "# m", "text": "t"}, "r") == ("markdown", "# m")
    assert record_content({"text": "  ", "content": "c"}, "r") == ("text", "c")
    assert record_content({"body": "b"}, "r") == ("text", "b")
    with pytest.raises(InputError) as info:
        record_content({"title": "only a title"}, "r:1")
    assert info.value.reason == "no-text" and info.value.path == "r:1"


def test_readers_record_meta():
    meta = record_meta(
        {
            "id": 3,
            "url": " https://example.org/a ",
            "title": "Ferries",
            "date": "2021-03-03T10:00:00Z",
            "source": "Harbor Ledger",
            "authors": "Jane Doe, John Roe",
            "language": "en",
        }
    )
    assert meta == {
        "url": "https://example.org/a",
        "title": "Ferries",
        "language": "en",
        "published": "2021-03-03",
        "publisher": "Harbor Ledger",
        "authors": ["Jane Doe", "John Roe"],
        "record_id": "3",
        "given": ("published", "authors", "publisher"),
    }
    assert record_meta({"author": ["Ann Lee", " "], "publish_date": "March 3, 2021"}) == {
        "authors": ["Ann Lee"],
        "published": "2021-03-03",
        "given": ("published", "authors"),
    }
    assert record_meta({"published": "sometime", "portal": "Clarion"}) == {"publisher": "Clarion", "given": ("publisher",)}


def test_readers_jsonl_metadata_reaches_the_article(tmp_path):
    path = tmp_path / "r.jsonl"
    rec = {
        "id": "a1",
        "text": f"{PROSE}\n\n{PROSE_2}",
        "url": "https://example.org/a",
        "title": "Ferries run on",
        "published": "2021-03-03",
        "publisher": "Harbor Ledger",
        "authors": ["Jane Doe"],
    }
    path.write_text(json.dumps(rec) + "\n", encoding="utf-8")
    a = presslens.analyze(path)
    assert (a.title, a.url, a.published, a.publisher, a.authors) == (
        "Ferries run on", "https://example.org/a", "2021-03-03", "Harbor Ledger", ("Jane Doe",)
    )
    assert a.source == f"{path}#a1"
    assert a.paragraph_texts() == [PROSE, PROSE_2]


# ---------------------------------------------------------------------------
# read(): one entry point
# ---------------------------------------------------------------------------
def test_readers_read_yields_pages_and_errors(tmp_path):
    path = tmp_path / "r.jsonl"
    path.write_text(json.dumps({"text": PROSE}) + "\nnot json\n", encoding="utf-8")
    out = list(read(path))
    assert out[0].format == "text" and out[0].source == f"{path}:1"
    assert isinstance(out[1], InputError) and out[1].reason == "bad-json"


def test_readers_format_argument_overrides_detection():
    page = next(read("# Not a heading in text mode\n\n" + PROSE, format="text"))
    assert page.format == "text"
    assert page.blocks[0].kind == "paragraph"
    with pytest.raises(InputError):
        next(read(PROSE, format="pdf"))


def test_readers_html_page():
    html = (
        "<html><head><title>T</title><style>p{color:red}</style></head><body>"
        "<nav><ul><li><a href='/'>Home</a></li><li><a href='/n'>News</a></li></ul></nav>"
        f"<h1>Ferries</h1><p>{PROSE}<br>Second line</p><p style='display:none'>secret</p>"
        "<script>var x = 1;</script></body></html>"
    )
    page = next(read(html))
    assert page.format == "html"
    _page_is_consistent(page)
    texts = [b.text for b in page.blocks]
    assert "Ferries" in texts and PROSE in texts and "Second line" in texts
    assert "secret" not in page.text and "var x" not in page.text and "color:red" not in page.text
    home = next(b for b in page.blocks if b.text == "Home")
    assert home.kind == "list_item" and home.link_density == 1.0
    assert page.extracted is not None


def test_readers_html_br_lines_share_one_group():
    html = f"<html><body><h1>Ferries</h1><p>{PROSE}<br>Second line<br>Third line</p><p>{PROSE_2}</p></body></html>"
    page = next(read(html))
    groups = {b.text: b.group for b in page.blocks}
    assert groups[PROSE] == groups["Second line"] == groups["Third line"]
    assert groups["Ferries"] != groups[PROSE] != groups[PROSE_2]
