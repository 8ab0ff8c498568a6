"""The progress bar of ``presslens ingest`` (rich, on stderr; quiet when stderr is not a terminal)."""

from __future__ import annotations

import time

from presslens.corpus.ingest import IngestSummary


class RichProgress:
    """``with RichProgress() as bar: ingest(..., on_progress=bar.update)``; quiet when not a terminal."""

    def __init__(self, disable: bool = False) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeElapsedColumn

        console = Console(stderr=True)
        self.progress = Progress(
            TextColumn("[bold]ingest"), BarColumn(), DownloadColumn(), TimeElapsedColumn(),
            TextColumn("{task.fields[articles]} articles ({task.fields[rate]:.0f}/s), {task.fields[failures]} failed"),
            console=console, disable=disable or not console.is_terminal, transient=False,
        )
        self.task = self.progress.add_task("ingest", total=None, articles=0, rate=0.0, failures=0)
        self._last = 0.0

    def update(self, s: IngestSummary) -> None:
        now = time.monotonic()
        if now - self._last < 0.1 and s.bytes_done < s.bytes_total:
            return
        self._last = now
        self.progress.update(self.task, total=s.bytes_total or None, completed=s.bytes_done,
                             articles=s.articles, rate=s.rate, failures=s.rejected)

    def __enter__(self) -> RichProgress:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()


__all__ = ["RichProgress"]
