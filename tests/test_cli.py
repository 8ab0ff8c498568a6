"""The ``presslens`` command line, run in process with click's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import presslens
from presslens.cli import EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, main, sample_path

REPO = Path(__file__).resolve().parents[1]
SAMPLE_MD = sample_path("md")
SAMPLE_HTML = sample_path("html")
ENV = {"COLUMNS": "200", "NO_COLOR": "1", "PRESSLENS_CONFIG": "/nonexistent/presslens.toml"}


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(*args: str, input: str | bytes | None = None):
        return runner.invoke(main, list(args), input=input, env=ENV, catch_exceptions=False)

    return invoke


@pytest.fixture
def bad_file(tmp_path: Path) -> Path:
    path = tmp_path / "picture.html"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    return path


def test_cli_analyze_prints_a_report(run):
    result = run("analyze", str(SAMPLE_MD))
    assert result.exit_code == EXIT_OK, result.output
    out = result.stdout
    for text in (
        "Harbour Town Votes to Reopen Tidewater Rail Line After Eleven Years",
        "Marta Ilves",
        "2025-03-09",
        "Meridian Review",
        "Provenance",
        "The Kessel Valley Gazette",
        "Removed from the body",
        "fair-use",
    ):
        assert text in out, text
    assert result.stderr == ""


def test_cli_analyze_json_round_trips(run):
    result = run("analyze", str(SAMPLE_MD), "--json")
    assert result.exit_code == EXIT_OK
    data = json.loads(result.stdout)
    assert data["schema_version"] == presslens.SCHEMA_VERSION
    article = presslens.Article.from_json(result.stdout)
    assert article.to_dict() == data
    assert article == presslens.analyze(SAMPLE_MD)


def test_cli_analyze_several_paths_give_json_lines(run):
    result = run("analyze", str(SAMPLE_MD), str(SAMPLE_HTML))
    assert result.exit_code == EXIT_OK
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    records = [presslens.Article.from_json(line) for line in lines]
    assert [r.format for r in records] == ["markdown", "html"]
    assert {r.title for r in records} == {"Harbour Town Votes to Reopen Tidewater Rail Line After Eleven Years"}


def test_cli_analyze_report_flag_keeps_reports_for_several(run):
    result = run("analyze", str(SAMPLE_MD), str(SAMPLE_HTML), "--report")
    assert result.exit_code == EXIT_OK
    assert result.stdout.count("Provenance") == 2
    with pytest.raises(json.JSONDecodeError):
        json.loads(result.stdout.splitlines()[0])


def test_cli_analyze_bad_file_among_good_ones_exits_1(run, bad_file):
    result = run("analyze", str(SAMPLE_MD), str(bad_file), str(SAMPLE_HTML))
    assert result.exit_code == EXIT_SOME_FAILED
    err = result.stderr.strip().splitlines()
    assert len(err) == 1, err
    assert str(bad_file) in err[0] and "binary" in err[0]
    lines = result.stdout.splitlines()
    assert len(lines) == 2, "the good inputs are still printed"
    assert [json.loads(line)["format"] for line in lines] == ["markdown", "html"]


@pytest.mark.parametrize("make", ["missing", "empty", "directory"])
def test_cli_analyze_single_bad_input_exits_1_with_one_line(run, tmp_path, make):
    path = tmp_path / "page.md"
    if make == "empty":
        path.write_text("")
    elif make == "directory":
        path.mkdir()
    result = run("analyze", str(path))
    assert result.exit_code == EXIT_SOME_FAILED
    err = result.stderr.strip().splitlines()
    assert len(err) == 1 and str(path) in err[0], err
    assert "Traceback" not in result.output
    assert result.stdout == ""


def test_cli_analyze_missing_path_without_suffix_says_it_does_not_exist(run, tmp_path):
    """A command-line argument is a path, never article text, even without a suffix."""
    missing = tmp_path / "no-such-article"
    result = run("analyze", str(missing), "--components", "none")
    assert result.exit_code == EXIT_SOME_FAILED
    assert result.stderr.strip().splitlines() == [f"presslens: {missing}: does not exist; check the path"]


def test_cli_analyze_reads_stdin(run):
    result = run("analyze", "-", "--json", input=SAMPLE_MD.read_bytes())
    assert result.exit_code == EXIT_OK, result.output
    article = presslens.Article.from_json(result.stdout)
    assert article.source == "<stdin>"
    assert article.format == "markdown"
    assert article.id == presslens.analyze(SAMPLE_MD).id


def test_cli_analyze_format_flag_overrides_detection(run, tmp_path):
    path = tmp_path / "page.txt"
    path.write_bytes(SAMPLE_MD.read_bytes())
    result = run("analyze", str(path), "--format", "markdown", "--json")
    assert result.exit_code == EXIT_OK
    assert json.loads(result.stdout)["format"] == "markdown"


def test_cli_analyze_unknown_format_exits_2(run):
    result = run("analyze", str(SAMPLE_MD), "--format", "docx")
    assert result.exit_code == EXIT_USAGE
    assert "docx" in result.stderr


def test_cli_analyze_without_paths_exits_2(run):
    assert run("analyze").exit_code == EXIT_USAGE


def test_cli_unknown_command_exits_2(run):
    assert run("frobnicate").exit_code == EXIT_USAGE


def test_cli_bad_settings_file_exits_2(run, tmp_path):
    config = tmp_path / "presslens.toml"
    config.write_text("max_bytes = [not toml")
    result = run("analyze", str(SAMPLE_MD), "--config", str(config))
    assert result.exit_code == EXIT_USAGE
    assert str(config) in result.stderr


def test_cli_max_bytes_refuses_large_input(run):
    result = run("analyze", str(SAMPLE_MD), "--max-bytes", "100")
    assert result.exit_code == EXIT_SOME_FAILED
    assert "--max-bytes" in result.stderr


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_cli_demo(run, fmt):
    result = run("demo", "--format", fmt, "--json")
    assert result.exit_code == EXIT_OK, result.output
    article = presslens.Article.from_json(result.stdout)
    assert article.title == "Harbour Town Votes to Reopen Tidewater Rail Line After Eleven Years"
    assert article.provenance.original_source == "The Kessel Valley Gazette"


def test_cli_demo_report(run):
    result = run("demo")
    assert result.exit_code == EXIT_OK
    assert "Harbour Town Votes" in result.stdout and "Provenance" in result.stdout


def test_cli_schema_equals_committed_copy(run):
    result = run("schema")
    assert result.exit_code == EXIT_OK
    committed = (REPO / "schema" / "article.schema.json").read_text(encoding="utf-8")
    assert json.loads(result.stdout) == json.loads(committed), "run `make schema` and commit schema/article.schema.json"
    assert result.stdout.strip() == committed.strip()


def test_cli_version(run):
    result = run("--version")
    assert result.exit_code == EXIT_OK
    assert presslens.__version__ in result.stdout


def _commands() -> list[str]:
    return sorted(main.commands)


def test_cli_has_the_documented_commands():
    assert {"analyze", "demo", "schema"} <= set(_commands())


@pytest.mark.parametrize("name", [None, *_commands()])
def test_cli_every_command_has_help_with_an_example(run, name):
    args = ["--help"] if name is None else [name, "--help"]
    result = run(*args)
    assert result.exit_code == EXIT_OK
    assert "Example: presslens" in result.stdout, name
    assert "Usage:" in result.stdout


def test_cli_top_level_help_documents_exit_codes(run):
    out = run("--help").stdout
    assert "Exit codes" in out and "0" in out and "1" in out and "2" in out


@pytest.mark.parametrize("name", _commands())
def test_cli_every_command_is_in_the_docs(name):
    docs = (REPO / "README.md").read_text(encoding="utf-8")
    docs += "".join(p.read_text(encoding="utf-8") for p in sorted((REPO / "docs").glob("*.md")))
    assert f"presslens {name}" in docs, f"document `presslens {name}` in README.md or docs/"


def test_cli_options_have_help():
    for name, cmd in main.commands.items():
        for param in cmd.params:
            if isinstance(param, click.Option):
                assert param.help, f"{name} {param.opts}"


def test_cli_analyze_components_picks_annotators(run):
    none = json.loads(run("analyze", str(SAMPLE_MD), "--json", "--components", "none").stdout)
    assert none["text"] and not any(none["annotations"].get(k) for k in ("sentences", "quotes", "techniques"))
    some = run("analyze", str(SAMPLE_MD), "--json", "--components", "quotes")
    assert some.exit_code == EXIT_OK, some.output
    got = json.loads(some.stdout)["annotations"]
    assert got.get("sentences") and got.get("quotes") and not got.get("techniques")  # requirements added, nothing else
    bad = run("analyze", str(SAMPLE_MD), "--components", "nonsense")
    assert bad.exit_code == EXIT_USAGE and "unknown component" in bad.stderr
