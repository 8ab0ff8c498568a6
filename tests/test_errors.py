"""One error root: every error carries a hint, an HTTP status and a code; one mapping to exit codes, one to HTTP."""

from __future__ import annotations

import pickle

import pytest
from click.testing import CliRunner

from presslens import errors
from presslens.cli import EXIT_SOME_FAILED, EXIT_USAGE, main
from presslens.cli.output import exit_code
from presslens.errors import (
    ArticleNotFound,
    BadRequest,
    ConfigError,
    InputError,
    NotFound,
    PresslensError,
    QueryError,
    StoreError,
    TooLarge,
)
from presslens.web.errors import http_error
from presslens.web.fetch import FetchError


def test_message_hint_and_line():
    error = StoreError("news.db: no such database", "create it with 'presslens ingest ... --db news.db'")
    assert str(error) == error.line() == "news.db: no such database; create it with 'presslens ingest ... --db news.db'"
    assert (error.status, error.code) == (503, "store")
    bad = InputError("page.html", "no-article-text", "no article text found", "is it an index page?")
    assert bad.line() == "page.html: no article text found; is it an index page?"
    assert bad.text() == "no article text found; is it an index page?"  # what the HTTP API says: no local path
    assert (bad.status, bad.code) == (422, "no-article-text") and InputError("-", "empty", "empty input").status == 400


def test_one_status_per_class_overridable_per_raise():
    assert (BadRequest("x").status, NotFound("x").status, TooLarge("x").status, QueryError("x").status) == (400, 404, 413, 400)
    assert (BadRequest("x", code="bad-form").code, BadRequest("x").code) == ("bad-form", "bad-request")
    assert FetchError("fetch-timeout", "too slow", 504).status == 504 and isinstance(FetchError("c", "m"), PresslensError)


def test_article_not_found_is_a_key_error_with_a_readable_message():
    error = ArticleNotFound("abc")
    assert isinstance(error, KeyError) and isinstance(error, NotFound)
    assert str(error) == "no article with id 'abc'" and error.status == 404


def test_errors_survive_pickling_across_processes():
    for error in (InputError("a.html", "binary", "binary data", "is it a page?"), FetchError("fetch-dns", "no host", 400),
                  ConfigError("bad"), BadRequest("m", "h", code="c"), ArticleNotFound("x")):
        back = pickle.loads(pickle.dumps(error))
        assert type(back) is type(error) and back.line() == error.line() and (back.status, back.code) == (error.status, error.code)


def test_every_error_class_has_a_status_and_a_code():
    classes = [c for c in vars(errors).values() if isinstance(c, type) and issubclass(c, PresslensError)]
    assert len(classes) >= 10
    for cls in classes:
        assert 400 <= cls.status < 600 and cls.code, cls


def test_the_one_exit_code_mapping():
    assert exit_code(InputError("x", "empty", "empty")) == EXIT_SOME_FAILED
    assert {exit_code(e) for e in (StoreError("x"), ConfigError("x"), QueryError("x"), BadRequest("x"), NotFound("x"))} == {EXIT_USAGE}


def test_the_one_http_mapping():
    err = http_error(InputError("<request>", "no-article-text", "no article text", "send the article page"))
    assert (err.status, err.code, err.message) == (422, "no-article-text", "no article text; send the article page")
    assert err.body() == {"error": {"status": 422, "code": "no-article-text", "message": "no article text; send the article page"}}
    crash = http_error(ZeroDivisionError("secret detail"))
    assert (crash.status, crash.code) == (500, "internal-error") and "secret" not in crash.message


@pytest.mark.parametrize("args", [["search", "{db}", '"unbalanced'], ["search", "{db}", "x", "--since", "soon"],
                                  ["export", "{db}", "--out", "{out}", "--tables", "nope"], ["dupes", "{missing}"]])
def test_cli_errors_are_one_line_and_exit_2(tmp_path, args):
    from presslens.store import open_store

    db = tmp_path / "news.db"
    open_store(db).close()
    paths = {"db": str(db), "out": str(tmp_path / "out"), "missing": str(tmp_path / "missing.db")}
    result = CliRunner().invoke(main, [a.format(**paths) for a in args], env={"PRESSLENS_CONFIG": "/nonexistent.toml"})
    assert result.exit_code == EXIT_USAGE, result.output
    assert result.stdout == "" and result.stderr.startswith("presslens: ") and result.stderr.count("\n") == 1
