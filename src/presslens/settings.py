"""One frozen settings object, one spelling per setting, validated once.

Precedence: defaults, then ``presslens.toml`` (in the working directory, or the
file named by ``PRESSLENS_CONFIG``), then ``PRESSLENS_*`` environment variables,
then explicit keyword arguments (which the CLI fills from its flags). The key
``max_bytes`` is ``--max-bytes`` on the command line, ``PRESSLENS_MAX_BYTES`` in the
environment and ``max_bytes`` in TOML.

Components that take configuration have a section of their own: a frozen dataclass below
(:class:`NLPSettings`, :class:`PersuasionSettings`, :class:`CheckworthySettings`), named by the
component's ``config``.
A section's key ``mode`` is ``PRESSLENS_PERSUASION_MODE`` in the environment and
``[presslens.persuasion] mode = "fast"`` (or a top-level ``[persuasion]`` table) in TOML.
:meth:`Settings.load` is the only place in presslens that reads the environment for
settings, and it checks every value once: a bad value is a :class:`~presslens.errors.ConfigError`
whose one line names the setting, the value and what is allowed (the CLI exits 2 on it).
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from presslens.errors import ConfigError

PersuasionMode = Literal["tagger", "fast", "tagger-accurate", "accurate", "balanced"]
PERSUASION_MODES: tuple[str, ...] = typing.get_args(PersuasionMode)


@dataclass(frozen=True, slots=True)
class NLPSettings:
    """The shared spaCy base (component ``nlp``)."""

    full_parse: bool = False
    """Parse every sentence instead of only those that can hold attribution (slower; same cues)."""
    gemm_fix: bool = True
    """Let spaCy's models multiply with numpy instead of blis' generic kernels (faster here,
    same results; ``bench/sourcing.py --check-gemm`` compares both)."""


@dataclass(frozen=True, slots=True)
class PersuasionSettings:
    """The persuasion-technique annotator (component ``techniques``)."""

    mode: PersuasionMode = "tagger"
    """``tagger`` (default), ``fast``, ``tagger-accurate``, ``accurate`` or ``balanced``
    (docs/persuasion.md compares their scores and costs)."""
    cues: bool = True
    """Add the audited guideline cues (doubt, hypocrisy charges, appeals to fear)."""
    threads: int = 1
    """Threads of the ONNX encoders (pool workers have a core each: keep 1 there)."""
    tagger_dir: str | None = None
    """A folder with another ``tagger.onnx`` + ``tagger.json`` (evaluation); default: the bundled model."""
    display_threshold: float = 0.5
    """Spans whose confidence (the estimated probability that an annotator following the PTC
    guidelines marks the span with that technique) reaches this are ``shown`` in the report, the
    reader and profiles; every span stays in the JSON with its confidence."""


@dataclass(frozen=True, slots=True)
class ServeSettings:
    """``presslens serve`` and the ASGI app factory (``presslens.web.app.app_from_env``): the
    command line sets these for its worker processes as ``PRESSLENS_SERVE_*`` variables."""

    db: str | None = None
    """The database the API and reader serve (a path or URL); none: ``POST /analyze`` only."""
    allow_fetch: bool = False
    """Let ``POST /analyze`` fetch a URL (public addresses only)."""
    max_body_bytes: int = 5_000_000
    """Largest request body accepted (bytes)."""
    allowed_hosts: str = "localhost,127.0.0.1,::1"
    """Host names the server answers to, separated by commas (``*``: any). Any other ``Host`` header
    gets 400, so a page that rebinds its own DNS name to 127.0.0.1 cannot read the corpus."""
    max_query_chars: int = 1000
    """Longest search query accepted (characters); longer ones get 400."""
    max_query_terms: int = 32
    """Most words a search query may hold (repeats and each word of a phrase count); more get 400."""
    query_timeout: float = 3.0
    """Seconds a request's database work may take before it is stopped (503 ``query-timeout``; 0: no limit)."""
    query_throttle_after: float = 0.25
    """Seconds after which a request's query counts as costly and yields part of its core (SQLite)."""
    query_workers: int = 4
    """Database connections per server process: reads run in parallel on them, never behind one lock."""
    query_queue: int = 64
    """Requests that may wait for a database connection; beyond that 503 ``busy`` with ``Retry-After``."""
    analysis_queue: int = 8
    """Analyses that may wait while one runs (one at a time per process); beyond that 503 ``busy``."""
    shutdown_grace: float = 3.0
    """Seconds running requests get to finish after SIGTERM before the process exits anyway."""

    def __post_init__(self) -> None:
        for name in ("max_body_bytes", "max_query_chars", "max_query_terms", "query_workers"):
            if getattr(self, name) < 1:
                raise ConfigError(f"setting serve.{name}={getattr(self, name)!r} must be 1 or more")
        for name in ("query_queue", "analysis_queue", "query_timeout", "query_throttle_after", "shutdown_grace"):
            if getattr(self, name) < 0:
                raise ConfigError(f"setting serve.{name}={getattr(self, name)!r} must be 0 or more")

    def hosts(self) -> tuple[str, ...]:
        """``allowed_hosts`` as a tuple of lower-case names."""
        return tuple(h.strip().lower().strip("[]") for h in self.allowed_hosts.split(",") if h.strip())


@dataclass(frozen=True, slots=True)
class CheckworthySettings:
    """The check-worthiness annotator (component ``checkworthy``)."""

    threshold: float | None = None
    """Calibrated probability a sentence must reach to be labelled (default: the model's, chosen on
    CheckThat! train out-of-fold predictions; see the model card)."""
    top_share: float = 0.25
    """At most this share of an article's sentences is labelled, in pick order (at least
    one): the label narrows a page down to what a fact-checker would pick."""

    def __post_init__(self) -> None:
        if not 0.0 < self.top_share <= 1.0:
            raise ConfigError(f"setting checkworthy.top_share={self.top_share!r} must be in (0, 1]")
        if self.threshold is not None and not 0.0 <= self.threshold <= 1.0:
            raise ConfigError(f"setting checkworthy.threshold={self.threshold!r} must be in [0, 1]")


SECTIONS: dict[str, type] = {
    "nlp": NLPSettings, "persuasion": PersuasionSettings, "serve": ServeSettings, "checkworthy": CheckworthySettings,
}
"""Section name -> its dataclass; a component names its section with ``@component(config=...)``."""


@dataclass(frozen=True, slots=True)
class Settings:
    max_bytes: int = 20_000_000
    """Inputs larger than this are refused (bytes)."""
    min_body_chars: int = 80
    """A page whose body has fewer characters is rejected as ``no-article-text``."""
    language: str | None = None
    """Force the article language instead of detecting it."""
    favor_precision: bool = False
    """Passed to trafilatura for HTML: drop more borderline text."""
    html_fallback: bool = False
    """Let trafilatura run its readability/jusText fallbacks on HTML (slower). Off by
    default: presslens falls back to its own block scoring when trafilatura finds no
    body, and on the ScrapingHub benchmark the fallbacks did not raise F1 (bench/README.md)."""
    nlp: NLPSettings = field(default_factory=NLPSettings)
    persuasion: PersuasionSettings = field(default_factory=PersuasionSettings)
    serve: ServeSettings = field(default_factory=ServeSettings)
    checkworthy: CheckworthySettings = field(default_factory=CheckworthySettings)

    def section(self, name: str) -> Any:
        """The settings section ``name`` (a frozen dataclass)."""
        if name not in SECTIONS:
            raise ConfigError(f"unknown settings section {name!r}; known sections: {', '.join(SECTIONS)}")
        return getattr(self, name)

    @classmethod
    def load(cls, config: str | Path | None = None, **overrides: Any) -> Settings:
        """Defaults < TOML file < ``PRESSLENS_*`` environment < ``overrides`` (``None`` values ignored).

        A section is overridden with a mapping: ``Settings.load(persuasion={"mode": "fast"})``.
        """
        values: dict[str, Any] = {}
        path = Path(config) if config else Path(os.environ.get("PRESSLENS_CONFIG", "presslens.toml"))
        if path.is_file():
            try:
                data = tomllib.loads(path.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
                raise ConfigError(f"{path}: not valid TOML ({exc}); fix or remove the file") from exc
            top = dict(data.get("presslens", data))
            for name in SECTIONS:  # a top-level [persuasion] table beside [presslens]
                if name in data and name not in top and "presslens" in data:
                    top[name] = data[name]
            _merge(values, top, source=str(path))
        env: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            if f.name in SECTIONS:
                for sf in dataclasses.fields(SECTIONS[f.name]):
                    value = os.environ.get(f"PRESSLENS_{f.name.upper()}_{sf.name.upper()}")
                    if value is not None:
                        env.setdefault(f.name, {})[sf.name] = value
            else:
                value = os.environ.get(f"PRESSLENS_{f.name.upper()}")
                if value is not None:
                    env[f.name] = value
        _merge(values, env, source="environment")
        _merge(values, {k: v for k, v in overrides.items() if v is not None}, source="arguments")
        return cls._coerce(values)

    @classmethod
    def _coerce(cls, values: Mapping[str, Any]) -> Settings:
        kwargs = _coerce_fields(cls, values, prefix="")
        for name, section in SECTIONS.items():
            raw = values.get(name)
            if raw is None:
                continue
            if isinstance(raw, section):
                kwargs[name] = raw
                continue
            if not isinstance(raw, Mapping):
                raise ConfigError(f"setting {name} must be a table of settings, not {raw!r}")
            kwargs[name] = section(**_coerce_fields(section, raw, prefix=f"{name}."))
        return cls(**kwargs)


def cache_dir() -> Path | None:
    """Where the ``presslens`` command keeps its start-up caches (:mod:`presslens.recache`), or None.

    ``PRESSLENS_CACHE_DIR`` names the folder (``off``, ``0`` or empty: no cache); otherwise
    ``$XDG_CACHE_HOME/presslens`` or ``~/.cache/presslens``. Read before the settings file (the
    cache works while the command's modules import), so it is an environment variable only.
    """
    value = os.environ.get("PRESSLENS_CACHE_DIR")
    if value is not None:
        return None if value.strip().lower() in {"", "0", "off", "no", "false"} else Path(value)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return None if base.startswith("~") else Path(base) / "presslens"


def _merge(into: dict[str, Any], new: Mapping[str, Any], source: str) -> None:
    for key, value in new.items():
        if key in SECTIONS and isinstance(value, Mapping):
            into.setdefault(key, {})
            if isinstance(into[key], Mapping):
                into[key] = {**into[key], **value}
                continue
        into[key] = value


def _coerce_fields(cls: type, values: Mapping[str, Any], prefix: str) -> dict[str, Any]:
    """Check and convert ``values`` against the fields of the dataclass ``cls``."""
    hints = typing.get_type_hints(cls)
    known = {f.name for f in dataclasses.fields(cls)}
    kwargs: dict[str, Any] = {}
    for key, value in values.items():
        if key not in known:
            raise ConfigError(f"unknown setting {prefix}{key!r}; known settings: {', '.join(prefix + k for k in sorted(known))}")
        if prefix == "" and key in SECTIONS:
            continue  # sections are checked by the caller
        kwargs[key] = _coerce_value(f"{prefix}{key}", value, hints[key])
    return kwargs


_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}


def _coerce_value(name: str, value: Any, tp: Any) -> Any:
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is typing.Union or type(tp).__name__ == "UnionType":
        non_none = [a for a in args if a is not type(None)]
        if value is None or (isinstance(value, str) and value.strip().lower() in {"", "none"}):
            return None
        return _coerce_value(name, value, non_none[0])
    if origin is Literal:
        text = str(value).strip()
        if text not in args:
            raise ConfigError(f"setting {name}={value!r} is not one of {', '.join(map(str, args))}")
        return text
    if tp is bool:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in _TRUE | _FALSE:
            return text in _TRUE
        raise ConfigError(f"setting {name}={value!r} is not a boolean (use 1/0, true/false, yes/no, on/off)")
    if tp in (int, float):
        if isinstance(value, bool):
            raise ConfigError(f"setting {name}={value!r} is not a valid {tp.__name__}")
        try:
            return tp(value)
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"setting {name}={value!r} is not a valid {tp.__name__}") from exc
    if tp is str:
        return str(value)
    return value


__all__ = ["Settings", "cache_dir", "NLPSettings", "PersuasionSettings", "ServeSettings", "CheckworthySettings", "PERSUASION_MODES", "SECTIONS"]
