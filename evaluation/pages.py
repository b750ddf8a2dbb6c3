"""Which pages of an original PDF hold a quote: the ground truth for page-accurate citations."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from evaluation.judge import covers
from indexer.parser import parse_bytes


class PageIndex:
    """The text of every page of the PDFs in the corpus folders, read on first use."""

    def __init__(self, folders: Sequence[Path]) -> None:
        self._files = {p.name: p for folder in folders for p in Path(folder).rglob("*.pdf")}
        self._pages = lru_cache(maxsize=64)(self._read)

    def _read(self, name: str) -> dict[int, str]:
        parsed = parse_bytes(name, self._files[name].read_bytes())
        pages: dict[int, list[str]] = {}
        for block in parsed.blocks:
            if block.page is not None:
                pages.setdefault(block.page, []).append(block.text)
        return {page: "\n".join(texts) for page, texts in pages.items()}

    def holding(self, source: str, quote: str) -> set[int]:
        """The pages of ``source`` (a PDF of the corpus) whose text holds ``quote``; empty otherwise."""
        name = Path(source).name
        if name not in self._files or not quote.strip():
            return set()
        return {page for page, text in self._pages(name).items() if covers(text, quote)}

    def page_ok(self, source: str, quote: str, page: int | None) -> bool | None:
        """True when ``page`` holds the quote; None when the source is no PDF or no page holds it whole."""
        pages = self.holding(source, quote)
        return (page in pages) if pages else None
