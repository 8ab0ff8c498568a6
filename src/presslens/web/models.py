"""The API's published contract: response models for OpenAPI, the one error body, and which
statuses each endpoint documents.

The endpoints return plain dicts (no second validation pass on every response); these models
only describe them in ``/openapi.json``, and ``tests/web/test_openapi.py`` checks live responses
(200s and every error) against that published schema. FastAPI's own 422 body (``{"detail":
...}``) never reaches a client (:mod:`presslens.web.errors` answers every error with
``{"error": {...}}``), so it is replaced by :class:`ErrorBody` in the schema too.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class ErrorDetail(BaseModel):
    status: int = Field(description="The HTTP status, repeated.")
    code: str = Field(description="A short machine-readable code: bad-query, not-found, busy, query-timeout ...")
    message: str = Field(description="What went wrong and what to do about it, in one line.")


class ErrorBody(BaseModel):
    """Every error, whatever produced it."""

    error: ErrorDetail


class Info(BaseModel):
    name: str
    version: str
    database: str | None = Field(description="The database's file name or redacted URL (never a path on the server).")
    allow_fetch: bool
    max_body_bytes: int
    docs: str
    openapi: str
    reader: str


class ArticleSummary(BaseModel):
    id: str
    title: str | None
    publisher: str | None
    published: str | None
    url: str | None
    source: str | None = Field(description="The input the article came from: its file name (and record), never its folders.")


class _Page(BaseModel):
    limit: int
    offset: int
    total: int | None = Field(description="How many items there are (null for /search, which ranks only as far as it shows).")
    next: str | None = Field(description="The URL of the next page, percent-encoded; null on the last one.")


class ArticlePage(_Page):
    items: list[ArticleSummary]


class Hit(ArticleSummary):
    score: float
    snippet: str
    highlights: list[list[int]] = Field(description="[start, end] offsets of the matched words in snippet.")


class SearchPage(_Page):
    items: list[Hit]


class Count(BaseModel):
    name: str
    count: int
    refs: list[str]
    uncertain: int = 0


class VoiceRank(BaseModel):
    own: int
    quoted: int
    words: int
    own_per_1000: float
    percentile: float | None = Field(description="Mid-rank percentile (0-100) among `among` compared; null when not compared.")
    among: int


class Profile(BaseModel):
    model_config = ConfigDict(extra="allow")

    source: str
    articles: int
    first_published: str | None
    last_published: str | None
    words: int
    publishers: list[Count]
    quotes: int
    quotes_per_article: float
    sources: int
    vague_sources: int
    vague_share: float
    vague_refs: list[str]
    top_speakers: list[Count] = Field(description="One identity per person (name variants joined), most quoted first.")
    numeric_claims: int
    numeric_claims_per_1000_words: float
    techniques: int = Field(description="Technique spans at or over the display threshold.")
    technique_threshold: float
    techniques_below_threshold: int
    techniques_per_1000_words: dict[str, float]
    technique_counts: list[Count]
    own_voice: VoiceRank | None = Field(None, description="Spans at or over the display threshold in the outlet's own "
                                        "wording vs inside quotations, its own-voice rate and its percentile among "
                                        "the corpus's outlets (docs/persuasion.md).")
    republished_from: list[Count]
    republished_by: list[Count]
    article_ids: list[str]
    domains: list[str]
    labels: dict[str, str] | None


class SpeakerQuote(BaseModel):
    article_id: str
    title: str | None
    published: str | None
    publisher: str | None
    url: str | None
    idx: int
    start: int | None
    end: int | None
    text: str
    speaker: str = Field(description="The name as this article gave it (one of the identity's spellings).")
    role: str | None
    kind: str | None
    verbatim: bool = Field(description="false for a paraphrase (indirect speech): not the speaker's own words.")
    speaker_confidence: float | None
    uncertain: bool


class SpeakerPage(_Page):
    items: list[SpeakerQuote]


class DupeMember(BaseModel):
    article_id: str
    role: str
    publisher: str | None
    published: str | None
    containment: float
    jaccard: float
    added: list[str]
    removed: list[str]


class DupeCluster(BaseModel):
    id: int
    original_id: str
    reason: str
    members: list[DupeMember]
    named_source: str | None


class DupePage(_Page):
    items: list[DupeCluster]
    stale: bool = Field(description="Articles were stored after the clusters were built (presslens dupes --rebuild).")


WHY = {
    400: "bad-host (Host not allowed), bad-request, bad-query, bad-components, fetch-* and the input reasons (binary, empty ...)",
    404: "not-found",
    405: "method-not-allowed",
    413: "too-large",
    422: "invalid-request (a missing or mistyped parameter or field), no-article-text",
    500: "internal-error",
    502: "fetch-failed, fetch-too-many-redirects",
    503: "no-database, store, busy (with Retry-After), query-timeout, query-cancelled, stopping",
    504: "fetch-timeout",
}


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The ``responses`` entry of an endpoint for these error statuses (always 400 bad-host, 422, 500 and 503 too)."""
    out: dict[int | str, dict[str, Any]] = {}
    for status in sorted({400, 422, 500, 503, *statuses}):
        out[status] = {"model": ErrorBody, "description": WHY[status]}
    return out


def ok(model: type[BaseModel], description: str) -> dict[int | str, dict[str, Any]]:
    return {200: {"model": model, "description": description}}


def record_schema() -> tuple[dict[str, Any], dict[str, Any]]:
    """The Article record's JSON Schema (schema/article.schema.json) as an OpenAPI schema and the
    components it refers to (``#/$defs/X`` becomes ``#/components/schemas/Record_X``)."""
    import json

    from presslens.schema import article_schema

    text = json.dumps(article_schema())
    text = re.sub(r'"#/\$defs/([^"]+)"', r'"#/components/schemas/Record_\1"', text)
    schema = json.loads(text)
    defs = schema.pop("$defs", {})
    schema.pop("$schema", None)
    schema.pop("$id", None)
    return schema, {f"Record_{k}": v for k, v in defs.items()}


__all__ = ["ArticlePage", "ArticleSummary", "Count", "DupeCluster", "DupePage", "ErrorBody", "ErrorDetail", "Hit", "Info",
           "Profile", "SearchPage", "SpeakerPage", "SpeakerQuote", "errors", "ok", "record_schema"]
