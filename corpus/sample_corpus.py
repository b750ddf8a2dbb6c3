"""The bundled sample corpus (fictional kommuner), so a new user can try the product at once."""

from __future__ import annotations

from pathlib import Path

SAMPLES_DIR = Path(__file__).parent / "samples"
