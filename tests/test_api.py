"""The public API: names, analyze() inputs, Pipeline composition, components and pickling."""

from __future__ import annotations

import dataclasses
import importlib
import pickle
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

import presslens
from presslens.components import REGISTRY
from presslens.errors import PipelineError, PresslensError
from presslens.records import ANNOTATION_TYPES, Article, annotation_kind

P1 = (
    "The harbor authority voted on Tuesday to extend the night ferry service through the winter, ending months "
    "of uncertainty for commuters who rely on the late boats."
)
P2 = (
    "Officials said the extension would cost about four million dollars a year, paid partly from a new levy on "
    "cruise ship passengers arriving at the main terminal."
)
MARKDOWN = f"# Night ferries keep running\n\nBy Jane Doe\n\n{P1}\n\n{P2}\n"
HTML = (
    "<!doctype html><html><head><title>Night ferries keep running</title></head><body><article>"
    f"<h1>Night ferries keep running</h1><p>By Jane Doe</p><p>{P1}</p><p>{P2}</p></article></body></html>"
)
TEXT = f"{P1}\n\n{P2}\n"


@pytest.fixture
def registry():
    """Register test components and annotation kinds, and take them away again: the
    default pipeline runs every registered component, and the schema lists every kind."""
    components, kinds = dict(REGISTRY), dict(ANNOTATION_TYPES)
    yield REGISTRY
    REGISTRY.clear()
    REGISTRY.update(components)
    ANNOTATION_TYPES.clear()
    ANNOTATION_TYPES.update(kinds)


# ---------------------------------------------------------------------------
# names
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("name", presslens.__all__)
def test_api_every_public_name_imports(name):
    assert hasattr(presslens, name), name
    module = importlib.import_module("presslens")
    assert getattr(module, name) is not None


def test_api_all_has_no_duplicates_and_covers_the_essentials():
    assert len(presslens.__all__) == len(set(presslens.__all__))
    for name in ("analyze", "Article", "Pipeline", "InputError", "Rejected", "Settings", "component", "PresslensError"):
        assert name in presslens.__all__


def test_api_errors_share_one_root():
    assert issubclass(presslens.InputError, PresslensError)
    assert issubclass(PipelineError, PresslensError)


# ---------------------------------------------------------------------------
# analyze(): every kind of source
# ---------------------------------------------------------------------------
def _check(a: Article, fmt: str) -> None:
    assert isinstance(a, Article)
    assert a.format == fmt
    assert P1 in a.text and P2 in a.text


def test_api_analyze_path_string(tmp_path):
    path = tmp_path / "page.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    a = presslens.analyze(str(path))
    _check(a, "markdown")
    assert a.source == str(path)
    assert a.title == "Night ferries keep running"
    assert a.authors == ("Jane Doe",)


def test_api_analyze_pathlib_path(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(HTML, encoding="utf-8")
    a = presslens.analyze(path)
    _check(a, "html")
    assert a.source == str(path)


def test_api_analyze_bytes():
    a = presslens.analyze(MARKDOWN.encode("utf-8"))
    _check(a, "markdown")
    assert a.source == "<bytes>"


@pytest.mark.parametrize(("content", "fmt"), [(MARKDOWN, "markdown"), (HTML, "html"), (TEXT, "text")])
def test_api_analyze_string_content(content, fmt):
    a = presslens.analyze(content)
    _check(a, fmt)
    assert a.source == "<string>"


def test_api_analyze_format_argument():
    a = presslens.analyze(MARKDOWN, format="text")
    assert a.format == "text"


def test_api_same_article_same_id_whatever_the_source(tmp_path):
    path = tmp_path / "page.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    ids = {presslens.analyze(s).id for s in (path, str(path), MARKDOWN, MARKDOWN.encode())}
    assert len(ids) == 1


def test_api_analyze_settings():
    with pytest.raises(presslens.InputError) as info:
        presslens.analyze(MARKDOWN, settings=presslens.Settings(max_bytes=10))
    assert info.value.reason == "too-large"
    assert presslens.analyze(TEXT, settings=presslens.Settings(language="xx")).language == "xx"


# ---------------------------------------------------------------------------
# Pipeline composition
# ---------------------------------------------------------------------------
def test_api_pipeline_unknown_component():
    with pytest.raises(PipelineError) as info:
        presslens.Pipeline(["no-such-component"])
    assert "no-such-component" in str(info.value)


def test_api_component_with_missing_requirement_is_refused(registry):
    @presslens.component("x", requires=("missing",))
    class NeedsMissing:
        def __call__(self, article):
            return article

    assert "x" in registry
    with pytest.raises(PipelineError) as info:
        presslens.Pipeline(["x"])
    assert "missing" in str(info.value)


def test_api_component_order_is_checked(registry):
    @presslens.component("makes-words", assigns=("words",))
    class MakesWords:
        def __call__(self, article):
            return article

    @presslens.component("needs-words", requires=("words",))
    class NeedsWords:
        def __call__(self, article):
            return article

    presslens.Pipeline(["makes-words", "needs-words"])
    with pytest.raises(PipelineError):
        presslens.Pipeline(["needs-words", "makes-words"])


@presslens.component("test-word-count", assigns=("word_count",))
class WordCount:
    """A toy annotator: one plain-dict annotation with the body's word count."""

    version = 2

    def __call__(self, article: Article) -> Article:
        return article.with_annotations(word_count=({"words": len(article.text.split()), "producer": f"{self.name}@{self.version}"},))


# Module-level registration is for the pickling test (a worker process imports this module);
# keep it out of the default pipeline that other tests run.
_WORD_COUNT_INFO = REGISTRY.pop("test-word-count")


@pytest.fixture
def word_count(registry):
    registry["test-word-count"] = _WORD_COUNT_INFO
    return "test-word-count"


def test_api_toy_component_adds_an_annotation(word_count):
    pipeline = presslens.Pipeline([word_count])
    a = pipeline(MARKDOWN)
    assert a.annotations["word_count"] == ({"words": len(a.text.split()), "producer": "test-word-count@2"},)
    again = Article.from_json(a.to_json())
    assert again == a
    assert again.annotations["word_count"][0]["words"] == len(a.text.split())


def test_api_toy_component_in_analyze_and_pipe(word_count):
    a = presslens.analyze(MARKDOWN, components=[word_count])
    assert "word_count" in a.annotations
    results = list(presslens.Pipeline([word_count]).pipe([MARKDOWN, b"", TEXT]))
    assert [type(r).__name__ for r in results] == ["Article", "Rejected", "Article"]
    assert all("word_count" in r.annotations for r in results if isinstance(r, Article))


def test_api_registered_annotation_kind_round_trips(registry):
    @annotation_kind("test_spans")
    @dataclasses.dataclass(frozen=True, slots=True)
    class Span:
        start: int
        end: int
        label: str
        confidence: float

    @presslens.component("test-spans", assigns=("test_spans",))
    class Spans:
        def __call__(self, article: Article) -> Article:
            return article.with_annotations(test_spans=(Span(0, 3, "THE", 1),))

    a = presslens.analyze(MARKDOWN, components=["test-spans"])
    again = Article.from_json(a.to_json())
    assert again == a
    assert isinstance(again.annotations["test_spans"][0], Span)
    assert again.annotations["test_spans"][0].confidence == 1.0

    from presslens.schema import article_schema

    assert "test_spans" in article_schema()["$defs"]["Article"]["properties"]["annotations"]["properties"]


def test_api_default_components_are_registered_ones():
    from presslens.pipeline import default_components

    assert set(default_components()) <= set(REGISTRY)


# ---------------------------------------------------------------------------
# pickling, for process pools
# ---------------------------------------------------------------------------
def test_api_pipeline_pickles(word_count):
    pipeline = presslens.Pipeline([word_count], presslens.Settings(max_bytes=123_456))
    clone = pickle.loads(pickle.dumps(pipeline))
    assert clone.names == pipeline.names
    assert clone.settings == pipeline.settings
    assert clone(MARKDOWN) == pipeline(MARKDOWN)
    # after use (components built) it still pickles
    pickle.dumps(pipeline)


def _run_in_worker(args: tuple[bytes, str]) -> str:
    pipeline = pickle.loads(args[0])
    return pipeline(args[1]).to_json()


def test_api_pipeline_runs_in_a_process_pool():
    pipeline = presslens.Pipeline([], presslens.Settings())
    blob = pickle.dumps(pipeline)
    with ProcessPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(_run_in_worker, [(blob, MARKDOWN), (blob, TEXT)]))
    assert [Article.from_json(r) for r in results] == [pipeline(MARKDOWN), pipeline(TEXT)]


def test_api_pipe_with_several_processes_keeps_order(tmp_path):
    path = tmp_path / "page.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    sources = [path, b"", TEXT, path]
    serial = list(presslens.Pipeline().pipe(sources))
    parallel = list(presslens.Pipeline().pipe(sources, n_process=2, batch_size=1))
    assert parallel == serial


def test_api_settings_pickle_and_compare():
    s = presslens.Settings(max_bytes=5, language="de")
    assert pickle.loads(pickle.dumps(s)) == s


def test_api_analyze_accepts_path_like(tmp_path):
    class Where:
        def __init__(self, p: Path) -> None:
            self.p = p

        def __fspath__(self) -> str:
            return str(self.p)

    path = tmp_path / "page.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    assert presslens.analyze(Where(path)).title == "Night ferries keep running"
