"""The web reader's pages, in process (FastAPI TestClient): the article page and its layers, the corpus
pages, the security headers, and a hostile article that must come out as escaped text only."""

from __future__ import annotations

import html
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from presslens.corpus.ingest import ingest
from presslens.pipeline import Pipeline, default_components
from presslens.store import open_store
from presslens.web import reader
from presslens.web.app import create_app
from presslens.web.pages import CSP, parse_form

SHARED = Path(os.environ.get("PRESSLENS_SHARED", Path(__file__).resolve().parents[2].parent / "shared"))
SEED_MD = SHARED / "examples" / "globalresearch-aleppo-2016.md"

# Invented articles (never text from ../shared in the repository).
FERRY = ("Ferry crossings between Port Halvard and the islands resumed on Saturday after a two-day strike by deck crews "
         "ended with an agreement on overtime pay. \"We are glad the boats are back,\" said Marta Ilves, the harbour "
         "commissioner.\n\nThe operator said all 14 morning sailings would run on time, and that tickets bought for "
         "cancelled crossings would be refunded within a week, according to the port authority. Some critics claim the "
         "deal is a \"surrender\" to the unions.")
EVIL_MARKUP = ("<script>window.pwned = 1; alert('script')</script>\n"
               "<img src=x onerror=\"window.pwned = 2; alert('onerror')\">\n"
               "<a href=\"javascript:window.pwned=3\">click me</a>\n"
               "<style>body { display: none }</style><div style=\"position:fixed;inset:0;background:url(javascript:alert(4))\">x</div>\n"
               "<svg onload=alert(5)></svg><iframe src=\"javascript:alert(6)\"></iframe>")
EVIL_TEXT = ("The council met on Tuesday to discuss the harbour budget, which rose by 12 per cent this year. "
             + EVIL_MARKUP.replace("\n", " ") + " \"We will not pay for it,\" said Daniel Okafor, the treasurer.\n\n"
             "Residents said the vote was close and that another meeting would follow in the spring. " + EVIL_MARKUP.replace("\n", " "))
RECORDS = [
    {"id": "ferry", "url": "https://meridian.example/ferry", "title": "Ferry Strike Ends", "source": "Meridian Review",
     "date": "2025-03-09", "text": FERRY},
    {"id": "evil", "url": "javascript:alert(1)", "title": "<img src=x onerror=alert(1)>Budget", "source": "<b>Evil</b> Post",
     "date": "2025-04-01", "text": EVIL_TEXT},
]


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("pages")
    records = root / "news.jsonl"
    records.write_text("\n".join(json.dumps(r) for r in RECORDS) + "\n", encoding="utf-8")
    path = root / "news.db"
    with open_store(path) as store:
        summary = ingest([SEED_MD, records], store, Pipeline(default_components()))
        assert summary.articles == 3
    return path


@pytest.fixture(scope="module")
def client(db: Path):
    with TestClient(create_app(db), base_url="http://localhost", raise_server_exceptions=True) as c:
        yield c


@pytest.fixture(scope="module")
def ids(client) -> dict[str, str]:
    items = client.get("/articles").json()["items"]
    return {("seed" if "Aleppo" in (a["title"] or "") else "evil" if "Budget" in (a["title"] or "") else "ferry"): a["id"] for a in items}


@pytest.fixture(scope="module")
def seed_page(client) -> str:
    resp = client.post("/reader", files={"file": (SEED_MD.name, SEED_MD.read_bytes(), "text/markdown")}, data={"format": "auto"})
    assert resp.status_code == 200, resp.text[:500]
    return resp.text


def assert_headers(resp) -> None:
    assert resp.headers["content-security-policy"] == CSP
    assert resp.headers["x-content-type-options"] == "nosniff"
    assert resp.headers["referrer-policy"] == "no-referrer"


def assert_no_inline_code(page: str) -> None:
    """Only external scripts and stylesheets (the CSP allows nothing else), no event-handler attributes."""
    for tag in re.findall(r"<script\b[^>]*>", page):
        assert 'src="/static/' in tag, tag
    assert "<style" not in page
    assert not re.search(r"<[a-z][^>]*\sstyle=", page)
    assert not re.search(r"<[a-z][^>]*\son[a-z]+=", page, re.I)
    assert not re.search(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", page, re.I)


class _Spans(HTMLParser):
    """Text of each annotation of each layer in the article body, read from the nested layer spans."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, list[str]] | None] = []
        self.texts: dict[str, dict[str, str]] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "span":
            cls = (a.get("class") or "").split()
            self.stack.append((a["data-layer"], (a.get("data-a") or "").split()) if "ly" in cls else None)

    def handle_endtag(self, tag):
        if tag == "span" and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        for item in self.stack:
            if item:
                layer, aids = item
                for aid in aids:
                    by = self.texts.setdefault(layer, {})
                    by[aid] = by.get(aid, "") + data


def spans(page: str, layer: str) -> list[str]:
    """The texts of one layer's annotations in the body."""
    parser = _Spans()
    parser.feed(page[page.index('<article class="body'):page.index("</article>")])
    return list(parser.texts.get(layer, {}).values())


def test_reader_form_and_headers(client):
    resp = client.get("/reader")
    assert resp.status_code == 200 and "text/html" in resp.headers["content-type"]
    assert_headers(resp)
    assert '<form class="analyse" method="post" action="/reader"' in resp.text
    assert_no_inline_code(resp.text)
    # A browser asking for / gets the reader; API clients still get the JSON.
    assert client.get("/", headers={"accept": "text/html,*/*"}, follow_redirects=False).headers["location"] == "/reader"
    assert client.get("/").json()["reader"] == "/reader"
    sample = client.get("/reader/sample")
    assert sample.status_code == 200 and "Tidewater Rail Line" in sample.text and 'data-layer="quotes"' in sample.text


def test_every_response_has_the_csp(client, ids):
    for path in ("/articles", f"/articles/{ids['ferry']}", "/no/such/page", "/static/reader.css", "/static/reader.js",
                 "/openapi.json", f"/read/{ids['seed']}", "/corpus"):
        assert_headers(client.get(path))
    assert_headers(client.post("/analyze", json={}))  # an error too
    docs = client.get("/docs")  # Swagger UI: a documented, looser policy (CDN + its inline starter), no article content
    assert docs.status_code == 200 and "script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net" in docs.headers["content-security-policy"]
    assert docs.headers["x-content-type-options"] == "nosniff"


def test_seed_article_page_has_every_layer(seed_page):
    page = seed_page
    assert_no_inline_code(page)
    for layer in ("quotes", "scare", "vague", "sources", "claims", "techniques", "entities", "checkworthy"):
        assert f'id="layer-{layer}"' in page, layer
    assert 'id="layer-sentences"' not in page  # structure, not a highlight
    assert "Samantha Power" in page and "The US ambassador to the United Nations" in page
    assert any("312,000" == s for s in spans(page, "claims"))
    assert any("Syrian Observatory for Human Rights" in s for s in spans(page, "sources"))
    assert spans(page, "techniques") and spans(page, "vague") and spans(page, "scare")
    # the claim's details: value, what is counted, and the source
    detail = page[page.index('<div class="detail" id="d-numeric-claims-'):]
    block = next(b for b in re.split(r'(?=<div class="detail" id=")', page) if "<dd>312,000</dd>" in b)
    assert "Syrian Observatory for Human Rights" in block and "people have died since the war began" in block
    assert detail
    # side panel
    for text in ("World Socialist Web Site", "Global Research", "Bill Van Auken", "2016-12-14", "parts of total",
                 "By Bill Van Auken", "Boilerplate removed"):
        assert text in page, text
    # off-by-default layers render switched off
    assert re.search(r'<span class="ly st-box c-1[^"]* off" data-layer="entities"', page)


def test_article_text_is_complete_and_escaped(client, ids):
    """The segments put back together are the body, character for character (nothing dropped or added)."""
    record = client.get(f"/articles/{ids['seed']}").json()
    view = reader.build(record)
    for (ps, pe), segs in zip(((p["start"], p["end"]) for p in record["paragraphs"]), view["paragraphs"], strict=True):
        assert "".join(s["text"] for s in segs) == record["text"][ps:pe]
    page = client.get(f"/read/{ids['seed']}").text
    body = page[page.index('<article class="body'):page.index("</article>")]
    text = html.unescape(re.sub(r"<[^>]+>", "", body))
    for para in record["text"].split("\n\n")[:5]:
        assert para.strip() in text


def test_hostile_article_is_escaped_text(client):
    for fmt in ("text", "html", "auto"):
        resp = client.post("/reader", data={"content": EVIL_TEXT, "format": fmt})
        assert resp.status_code == 200, resp.text[:300]
        page = resp.text
        assert_no_inline_code(page)
        assert "<img" not in page and "<iframe" not in page and "<svg onload" not in page and "<b>" not in page
        if fmt == "text":  # read as text, the markup is the article's text: shown, escaped
            body = page[page.index('<article class="body'):page.index("</article>")]
            assert "script&gt;" in body and "onerror=&#34;window.pwned = " in body
            shown = html.unescape(re.sub(r"<[^>]+>", "", body))
            assert "<script>window.pwned = 1; alert('script')</script>" in shown
            assert '<a href="javascript:window.pwned=3">click me</a>' in shown
    # a stored record whose title, publisher and url are hostile
    ids = {a["title"]: a["id"] for a in client.get("/articles").json()["items"]}
    evil_id = ids["<img src=x onerror=alert(1)>Budget"]
    page = client.get(f"/read/{evil_id}").text
    assert_no_inline_code(page)
    assert "&lt;img src=x onerror=alert(1)&gt;Budget" in page and "<img src=x" not in page
    assert '<dd class="url">javascript:alert(1)</dd>' in page  # shown, not linked
    corpus = client.get("/corpus").text
    assert "&lt;img src=x onerror=alert(1)&gt;Budget" in corpus and "&lt;b&gt;Evil&lt;/b&gt; Post" in corpus
    assert_no_inline_code(corpus)


def test_reader_form_errors(client):
    resp = client.post("/reader", data={"content": "   ", "format": "auto"})
    assert resp.status_code == 400 and "paste an article" in resp.text and "text/html" in resp.headers["content-type"]
    assert_headers(resp)
    resp = client.post("/reader", data={"content": "Too short.", "format": "text"})
    assert resp.status_code == 422 and "no-article-text" in resp.text
    resp = client.post("/reader", content=b"{}", headers={"content-type": "application/json"})
    assert resp.status_code == 415
    assert client.get("/read/0000000000000000").status_code == 404


def test_parse_form_multipart_and_urlencoded():
    body = (b"--XyZ\r\nContent-Disposition: form-data; name=\"content\"\r\n\r\nline one\r\nline two\r\n"
            b"--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.html\"\r\nContent-Type: text/html\r\n\r\n"
            b"<p>\xc3\xa9</p>\r\n--XyZ--\r\n")
    form = parse_form("multipart/form-data; boundary=XyZ", body)
    assert form["content"] == (b"line one\r\nline two", None)
    assert form["file"] == ("<p>é</p>".encode(), "a.html")
    assert parse_form("application/x-www-form-urlencoded", b"content=a+%3Cb%3E&format=text") == {
        "content": (b"a <b>", None), "format": (b"text", None)}


def test_new_annotation_kinds_get_a_layer_without_template_changes():
    text = "Officials said the plan might perhaps work. It is certain to fail, critics said."
    hs = text.index("might")
    record = {"text": text, "paragraphs": [{"start": 0, "end": len(text)}], "annotations": {
        "hedges": [{"start": hs, "end": hs + 18, "cue": "might perhaps", "strength": 0.4, "producer": "hedges@1"}],
        "techniques": [{"start": 0, "end": 43, "technique": "Doubt", "confidence": 0.5, "text": text[:43], "level": "sentence"}],
        "sentences": [{"start": 0, "end": 43}],
        "claim_consistency": [{"start": 0, "end": 10, "kind": "x"}],
        "broken": [{"start": 50, "end": 10}, "not a record"],
        "claims": [{"start": 0, "end": 9, "label": "x"}],  # a new kind whose name is a known layer's id
    }}
    view = reader.build(record)
    layers = {ly.id: ly for ly in view["layers"]}
    assert set(layers) == {"hedges", "techniques", "k-claims"} and layers["k-claims"].label == "Claims"
    assert layers["hedges"].label == "Hedges" and layers["hedges"].tag == "H" and layers["hedges"].on
    detail = next(d for d in view["details"] if d["kind"] == "hedges")
    assert ("Cue", "might perhaps") in detail["fields"] and ("Strength", "0.4") in detail["fields"]
    assert "Producer" not in dict(detail["fields"])
    # overlap: the hedge segment sits inside the technique span, each in its own layer span
    segs = view["paragraphs"][0]
    assert "".join(s["text"] for s in segs) == text
    both = next(s for s in segs if s["text"] == "might perhaps work")
    assert [ly["layer"] for ly in both["layers"]] == ["techniques", "hedges"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 60), st.integers(1, 30), st.sampled_from(["quotes", "techniques", "numeric_claims", "odd"])),
                max_size=12),
       st.lists(st.integers(1, 59), max_size=4, unique=True))
def test_segments_cover_the_text_and_each_span_exactly(spans_in, cuts):
    """Any overlap of any kinds: the segments put back together are each paragraph, and a segment is
    inside a layer span exactly when that annotation covers it."""
    text = "abcdefghij" * 6
    bounds = [0, *sorted(cuts), len(text)]
    paragraphs = [{"start": a, "end": b} for a, b in zip(bounds, bounds[1:], strict=False) if b - a > 1]
    annotations: dict[str, list] = {}
    for start, length, kind in spans_in:
        annotations.setdefault(kind, []).append({"start": start, "end": min(len(text), start + length), "technique": "Doubt",
                                                 "confidence": 0.5, "speaker": "A"})
    view = reader.build({"text": text, "paragraphs": paragraphs, "annotations": annotations})
    assert len(view["paragraphs"]) == len(paragraphs)
    for p, segs in zip(paragraphs, view["paragraphs"], strict=True):
        assert "".join(seg["text"] for seg in segs) == text[p["start"]:p["end"]]
        pos = p["start"]
        for seg in segs:
            a, b = pos, pos + len(seg["text"])
            pos = b
            shown = {aid for ly in seg["layers"] for aid in ly["ids"].split()}
            want = {f"{reader.slug(kind)}-{i}" for kind, recs in annotations.items() for i, r in enumerate(recs)
                    if r["start"] < r["end"] and r["start"] <= a and r["end"] >= b}
            assert shown == want


def test_corpus_search_and_filters(client, ids):
    page = client.get("/corpus").text
    assert "Newest 3 articles" in page and f'href="/read/{ids["ferry"]}"' in page
    page = client.get("/corpus", params={"q": "ferry"}).text
    assert f'href="/read/{ids["ferry"]}"' in page and "<mark>" in page and f'/read/{ids["seed"]}"' not in page
    page = client.get("/corpus", params={"speaker": "Samantha Power"}).text
    assert f'/read/{ids["seed"]}"' in page and f'/read/{ids["ferry"]}"' not in page
    page = client.get("/corpus", params={"q": "Aleppo", "speaker": "Marta Ilves"}).text
    assert "0 results" in page
    page = client.get("/corpus", params={"source": "meridian review", "since": "2025-01-01", "until": "2025-12-31"}).text
    assert f'/read/{ids["ferry"]}"' in page and f'/read/{ids["seed"]}"' not in page
    page = client.get("/corpus", params={"source": "meridian.example"}).text  # a domain works too
    assert f'/read/{ids["ferry"]}"' in page and f'/read/{ids["evil"]}"' not in page
    techniques = client.get(f"/articles/{ids['seed']}").json()["annotations"]["techniques"]
    tech = next(t["technique"] for t in techniques if t["confidence"] >= 0.5)  # the filter counts what the reader shows
    page = client.get("/corpus", params={"technique": tech}).text
    assert f'/read/{ids["seed"]}"' in page
    page = client.get("/corpus", params={"q": '"unbalanced'}).text  # a bad query: a message, not a 500
    assert client.get("/corpus", params={"q": '"unbalanced'}).status_code == 200
    assert_no_inline_code(page)


def test_source_speaker_and_dupes_pages(client, ids):
    resp = client.get("/corpus/source/Global Research")
    assert resp.status_code == 200
    page = resp.text
    assert "<svg" in page and "Persuasion techniques per 1,000 words" in page and "Quotations per article" in page
    assert re.search(r'<rect x="\d+" y="\d+" width="\d+"', page)
    assert_no_inline_code(page)
    assert client.get("/corpus/source/nobody.example").status_code == 404
    page = client.get("/corpus/speaker/Samantha Power").text
    assert "incapable of shame" in page and f'/read/{ids["seed"]}#a-quotes-' in page
    assert client.get("/corpus/speaker/Nobody Atall").status_code == 404
    resp = client.get("/corpus/dupes")
    assert resp.status_code == 200 and "Duplicates and republications" in resp.text


def test_pages_without_a_database():
    with TestClient(create_app(), base_url="http://localhost") as c:
        assert c.get("/reader").status_code == 200
        resp = c.get("/corpus")
        assert resp.status_code == 503 and "presslens serve DB" in resp.text and "text/html" in resp.headers["content-type"]
        assert 'href="/corpus"' not in c.get("/reader").text


def test_safe_url_and_show():
    assert reader.safe_url("https://a.example/x") == "https://a.example/x"
    for bad in ("javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x", "vbscript:x", "//evil.example", None, 5):
        assert reader.safe_url(bad) is None
    assert reader.show(312000.0) == "312,000" and reader.show(0.85) == "0.85" and reader.show(True) == "yes"
    assert reader.show({"text": "cue"}) == "cue" and reader.show([]) is None


def test_reader_shows_how_sure_each_finding_is():
    """Invented record: a technique under the threshold is low, its tag names the technique; an uncertain
    speaker is marked, a quote without one is unattributed, reported speech is a paraphrase; speakers past
    the eighth colour get a pattern."""
    from presslens.web import reader

    text = " ".join(f"w{i:02d}" for i in range(60))
    quotes = [{"start": 4 * i, "end": 4 * i + 3, "text": text[4 * i:4 * i + 3], "kind": "indirect" if i == 1 else "direct",
               "speaker": None if i == 2 else f"Person {chr(65 + i)}", "confidence": 0.9,
               **({"speaker_confidence": 0.3} if i == 0 else {})} for i in range(12)]
    techniques = [{"start": 200, "end": 203, "technique": "Loaded_Language", "confidence": 0.8, "level": "token"},
                  {"start": 212, "end": 215, "technique": "Doubt", "confidence": 0.2, "level": "sentence"}]
    view = reader.build({"text": text, "annotations": {"quotes": quotes, "techniques": techniques}}, threshold=0.5)
    speakers = next(ly for ly in view["layers"] if ly.id == "quotes").speakers
    assert speakers[0]["name"] == "speaker uncertain: Person A?" and speakers[0]["uncertain"]
    assert speakers[2]["name"] == "(unattributed)" and not speakers[2]["uncertain"]
    assert [s["pattern"] for s in speakers[7:10]] == [0, 1, 1] and speakers[8]["colour"] == speakers[0]["colour"]
    details = {d["id"]: d for d in view["details"]}
    assert ("Speaker", "speaker uncertain: Person A?") in details["quotes-0"]["fields"]
    assert ("Speaker confidence", "0.3") in details["quotes-0"]["fields"]
    assert details["quotes-1"]["paraphrase"] and not details["quotes-0"]["paraphrase"]
    assert details["techniques-0"]["tag"] == "Loaded language" and not details["techniques-0"]["low"]
    assert details["techniques-1"]["tag"] == "Doubt" and details["techniques-1"]["low"]
    tech = next(ly for ly in view["layers"] if ly.id == "techniques")
    assert (tech.count, tech.low, view["low"]) == (2, 1, 1)
    segs = [ly for para in view["paragraphs"] for seg in para for ly in seg["layers"] if ly["layer"] == "techniques"]
    assert {(ly["low"], tuple(t["text"] for t in ly["tags"])) for ly in segs if ly["tags"]} == {
        (False, ("Loaded language",)), (True, ("Doubt",))}
    assert all("cf-" in ly["cls"] for ly in segs)
    everything = reader.build({"text": text, "annotations": {"techniques": techniques}}, threshold=0.1)
    assert everything["low"] == 0  # the threshold is the setting's, not a constant


def test_article_page_marks_uncertain_findings_and_the_control(client, ids):
    page = client.get(f"/read/{ids['seed']}").text
    assert 'id="show-uncertain"' in page and 'class="body hide-low"' in page
    assert re.search(r'class="ly st-top c-6[^"]* low', page)  # a technique under the threshold, hidden by default
    assert 'data-tag="T"' not in page and re.search(r'<span class="tag[^"]*" aria-hidden="true" data-tag="[A-Z][a-z]', page)
