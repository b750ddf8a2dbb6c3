"""The CLI's stderr console, shared by the entry point and every command's output.

Its own module so that the entry point does not import the output helpers (and with them the
search code) just to print an error."""

from __future__ import annotations

from rich.console import Console

err = Console(stderr=True, soft_wrap=True)  # messages are never broken inside a path or word
