"""WARC input: HTML responses become articles; damaged WARCs are rejected and the run goes on."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from presslens.corpus.ingest import expand_inputs, ingest
from presslens.corpus.warc import is_warc, iter_warc
from presslens.pipeline import Pipeline
from presslens.store import open_store


def page(title: str, body: str, dated: bool = False) -> bytes:
    meta = '<meta property="article:published_time" content="2024-02-03">' if dated else ""
    paras = "".join(f"<p>{p}</p>" for p in body.split("\n"))
    return (f"<html><head><title>{title}</title>{meta}</head><body><nav>Home | News</nav><article><h1>{title}</h1>"
            f"{paras}</article><footer>Copyright Harbour Post</footer></body></html>").encode()


FERRY = page("Ferry Crossings Resume", "Ferry crossings between Port Halvard and the islands resumed on Saturday after a "
             "two-day strike by deck crews ended with an agreement on overtime pay.\nThe operator said all morning "
             "sailings would run on time, and that tickets bought for cancelled crossings would be refunded within a week.")
RAIL = page("Rail Line to Reopen", "The council voted on Tuesday to reopen the rail line to Port Halvard after eleven "
            "years without trains.\nTrains will run twice a day from May, and the first timetable will be published "
            "next month by the regional transport board.", dated=True)


def write_warc(path: Path, records: list[tuple[str, bytes, str]], gz: bool = True) -> Path:
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=gz)
        for url, body, ctype in records:
            http = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http,
                                                          warc_headers_dict={"WARC-Date": "2025-01-02T03:04:05Z"}))
        writer.write_record(writer.create_warc_record("https://harbourpost.example/", "request",
                                                      payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
    return path


RECORDS = [
    ("https://harbourpost.example/ferry", FERRY, "text/html; charset=utf-8"),
    ("https://harbourpost.example/logo.png", b"\x89PNG\r\n\x1a\n", "image/png"),  # skipped: not HTML
    ("https://harbourpost.example/empty", b"", "text/html"),  # an HTML response with no text: rejected
    ("https://harbourpost.example/rail", RAIL, "text/html"),
]


def test_html_responses_become_articles_and_bad_warcs_are_rejected(tmp_path: Path, db_url: str):
    good = write_warc(tmp_path / "crawl.warc.gz", RECORDS)
    plain = write_warc(tmp_path / "plain.warc", RECORDS[:1], gz=False)
    data = good.read_bytes()
    (tmp_path / "cut.warc.gz").write_bytes(data[: len(data) * 2 // 3])  # a truncated gzip
    (tmp_path / "garbage.warc").write_bytes(b"this is not a WARC file\n" * 20)
    files, problems = expand_inputs([tmp_path])
    assert sorted(Path(f.name).name for f in files) == ["crawl.warc.gz", "cut.warc.gz", "garbage.warc", "plain.warc"]
    assert all(f.jsonl for f in files) and not problems and is_warc(plain) and not is_warc(tmp_path / "a.html")

    with open_store(db_url) as store:
        summary = ingest([tmp_path], store, Pipeline())
        assert (summary.stored, summary.duplicates) == (2, 2)  # plain.warc and cut.warc.gz repeat the ferry page
        rejected = {Path(r.source).name: r for r in store.rejected()}
        assert {k: r.reason for k, r in rejected.items()} == {
            "crawl.warc.gz:3": "no-text", "cut.warc.gz": "bad-warc", "garbage.warc": "bad-warc"}
        assert "truncated" in rejected["cut.warc.gz"].message and "not a WARC" in rejected["garbage.warc"].message
        articles = {a.url: a for a in map(store.get, store.ids())}
        ferry, rail = articles["https://harbourpost.example/ferry"], articles["https://harbourpost.example/rail"]
        assert ferry.title == "Ferry Crossings Resume" and ferry.text.startswith("Ferry crossings between")
        assert Path(ferry.source).name == "crawl.warc.gz:1"  # FILE:record, like a JSON Lines line
        assert ferry.published == "2025-01-02"  # no date in the page: the WARC-Date
        assert rail.published == "2024-02-03"  # the page's own date wins over the crawl date
        assert "Copyright Harbour Post" not in ferry.text

        again = ingest([tmp_path], store, Pipeline())  # every input done: nothing read again
        assert (again.skipped, again.stored) == (4, 0)


def test_damage_keeps_the_records_before_it(tmp_path: Path):
    good = write_warc(tmp_path / "crawl.warc", RECORDS, gz=False)
    raw = good.read_bytes()
    cut = raw.index(b"Rail Line to Reopen") + 10  # inside the last HTML record
    (tmp_path / "cut.warc").write_bytes(raw[:cut])
    items = list(iter_warc(tmp_path / "cut.warc", "cut.warc"))
    assert [i[0] for i in items[:-1]] == [1, 3] and items[-1].reason == "bad-warc"
    assert [i[0] for i in iter_warc(good, "crawl.warc", start_after=3)] == [4]  # resume after record 3
    gz = tmp_path / "one.warc.gz"
    gz.write_bytes(gzip.compress(raw)[:-12])
    assert list(iter_warc(gz, "one.warc.gz"))[-1].reason == "bad-warc"
    assert list(iter_warc(tmp_path / "gone.warc", "gone.warc"))[0].reason == "unreadable"
