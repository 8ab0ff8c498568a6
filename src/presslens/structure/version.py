"""The structure step's version, named in every record it writes (``producer``)."""

from __future__ import annotations

VERSION = 1
PRODUCER = f"structure@{VERSION}"
