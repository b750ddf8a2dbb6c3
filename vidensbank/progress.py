"""Rich progress bars for long runs, with known totals (counted first)."""

from __future__ import annotations

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

LABELS = {"read": "Læser filer", "embed": "Beregner vektorer", "reindex": "Genindekserer",
          "import": "Importerer", "migrate": "Kopierer punkter", "files": "Filer",
          "passages": "Tekststykker"}


class RichProgress:
    """Implements corpus.ingest.Progress with one bar per phase, on stderr."""

    def __init__(self, *, enabled: bool = True) -> None:
        self._bars = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                              TimeRemainingColumn(), console=Console(stderr=True), disable=not enabled,
                              transient=False)
        self._tasks: dict[str, int] = {}

    def __enter__(self) -> "RichProgress":
        self._bars.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._bars.stop()

    def start(self, phase: str, total: int) -> None:
        self._tasks[phase] = self._bars.add_task(LABELS.get(phase, phase), total=total)

    def advance(self, phase: str, n: int = 1) -> None:
        self._bars.advance(self._tasks[phase], n)

    def update(self, phase: str, *, total: int, completed: int) -> None:
        """Show absolute figures (a job followed on a server)."""
        if phase not in self._tasks:
            self.start(phase, total)
        self._bars.update(self._tasks[phase], total=total, completed=completed)
