"""Inputs the Spark tests build (invented text)."""

from __future__ import annotations


def write_warc(path, records: list[tuple[str, bytes, str]]):
    """A WARC.gz of HTTP responses ``(url, body, content type)`` and one request record (skipped by readers)."""
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        for url, body, ctype in records:
            http = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http,
                                                          warc_headers_dict={"WARC-Date": "2025-01-02T03:04:05Z"}))
        writer.write_record(writer.create_warc_record("https://harbourpost.example/", "request",
                                                      payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
    return path
