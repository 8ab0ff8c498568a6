"""One frozen settings object, one spelling per setting.

Precedence: defaults, then ``presslens.toml`` (in the working directory, or the
file named by ``PRESSLENS_CONFIG``), then ``PRESSLENS_*`` environment variables,
then explicit keyword arguments (which the CLI fills from its flags). The key
``max_bytes`` is ``--max-bytes`` on the command line, ``PRESSLENS_MAX_BYTES`` in the
environment and ``max_bytes`` in TOML.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from presslens.errors import ConfigError


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

    @classmethod
    def load(cls, config: str | Path | None = None, **overrides: Any) -> Settings:
        values: dict[str, Any] = {}
        path = Path(config) if config else Path(os.environ.get("PRESSLENS_CONFIG", "presslens.toml"))
        if path.is_file():
            try:
                data = tomllib.loads(path.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
                raise ConfigError(f"{path}: not valid TOML ({exc}); fix or remove the file") from exc
            values.update(data.get("presslens", data))
        for f in dataclasses.fields(cls):
            env = os.environ.get(f"PRESSLENS_{f.name.upper()}")
            if env is not None:
                values[f.name] = env
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls._coerce(values)

    @classmethod
    def _coerce(cls, values: dict[str, Any]) -> Settings:
        known = {f.name: f for f in dataclasses.fields(cls)}
        kwargs: dict[str, Any] = {}
        for key, value in values.items():
            if key not in known:
                raise ConfigError(f"unknown setting {key!r}; known settings: {', '.join(known)}")
            default = known[key].default
            try:
                if isinstance(default, bool):
                    kwargs[key] = value if isinstance(value, bool) else str(value).lower() in {"1", "true", "yes", "on"}
                elif isinstance(default, int):
                    kwargs[key] = int(value)
                else:
                    kwargs[key] = value
            except (TypeError, ValueError) as exc:
                raise ConfigError(f"setting {key}={value!r} is not a valid {type(default).__name__}") from exc
        return cls(**kwargs)


__all__ = ["Settings"]
