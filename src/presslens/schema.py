"""JSON Schema of the article record, generated from the dataclasses.

The published copy lives in ``schema/article.schema.json`` (repo root) and in
the package; a test checks it equals what this module generates, so the schema
can never drift from the code. Annotation kinds registered with
``annotation_kind`` appear under ``annotations``.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping
from typing import Any, Literal

from presslens.records import ANNOTATION_TYPES, SCHEMA_VERSION, Article
from presslens.records.article import _hints


def _schema(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if tp is Any:
        return {}
    if tp is str:
        return {"type": "string"}
    if tp is bool:
        return {"type": "boolean"}
    if tp is int:
        return {"type": "integer"}
    if tp is float:
        return {"type": "number"}
    if origin in (typing.Union, types.UnionType):
        return {"anyOf": [_schema(a, defs) if a is not type(None) else {"type": "null"} for a in args]}
    if origin is Literal:
        return {"enum": list(args)}
    if origin is tuple or origin is list:
        return {"type": "array", "items": _schema(args[0], defs) if args else {}}
    if origin in (dict, Mapping) or origin is typing.Mapping:
        return {"type": "object", "additionalProperties": _schema(args[1], defs) if len(args) == 2 else {}}
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        name = tp.__name__
        if name not in defs:
            defs[name] = {}  # placeholder against recursion
            hints = _hints(tp)
            props, required = {}, []
            for f in dataclasses.fields(tp):
                props[f.name] = _schema(hints[f.name], defs)
                if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                    required.append(f.name)
            doc = (tp.__doc__ or "").strip().split("\n\n")[0]
            defs[name] = {"type": "object", "description": " ".join(doc.split()), "properties": props, "required": required}
        return {"$ref": f"#/$defs/{name}"}
    return {}


def article_schema() -> dict[str, Any]:
    defs: dict[str, Any] = {}
    _schema(Article, defs)
    ann = {kind: {"type": "array", "items": _schema(cls, defs)} for kind, cls in sorted(ANNOTATION_TYPES.items())}
    defs["Article"]["properties"]["annotations"] = {
        "type": "object",
        "properties": ann,
        "additionalProperties": {"type": "array"},
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://presslens.invalid/schema/article-{SCHEMA_VERSION}.json",
        "title": "presslens article record",
        "$ref": "#/$defs/Article",
        "$defs": defs,
    }
