"""The presslens HTTP API: ``create_app()`` (FastAPI) and the guarded URL fetcher."""

from presslens.web.app import create_app

__all__ = ["create_app"]
