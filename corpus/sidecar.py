"""Sidecar metadata: ``<file>.meta.yaml`` next to a document, for files that cannot carry
front matter (PDF, DOCX, HTML) or whose inferred metadata is wrong."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from indexer.errors import IngestError

SUFFIX = ".meta.yaml"


class SidecarMeta(BaseModel):
    """The fields a sidecar may set; each one wins over front matter and inference."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = None
    kommune: str | None = None
    kind: str | None = None
    date: str | None = None
    url: str | None = None
    language: str | None = None
    visibility: str | None = None  # public, signed-in or kommune

    @field_validator("date", mode="before")
    @classmethod
    def _date_as_text(cls, value: object) -> object:
        return value.isoformat() if isinstance(value, date) else value


def sidecar_path(path: Path) -> Path:
    """Where the sidecar of ``path`` would be."""
    return path.with_name(path.name + SUFFIX)


def read_sidecar(path: Path) -> tuple[dict, str | None]:
    """The sidecar's fields and the hash of its bytes ({} and None without one)."""
    side = sidecar_path(path)
    if not side.is_file():
        return {}, None
    raw = side.read_bytes()
    try:
        data = yaml.safe_load(raw.decode("utf-8")) or {}
        fields = SidecarMeta.model_validate(data).model_dump(exclude_none=True)
    except (yaml.YAMLError, UnicodeDecodeError, ValidationError, TypeError) as exc:
        detail = exc.errors()[0]["msg"] if isinstance(exc, ValidationError) else type(exc).__name__
        raise IngestError(f"Sidecar-filen {side.name} kan ikke læses ({detail}).") from None
    return {k: str(v) for k, v in fields.items()}, hashlib.sha256(raw).hexdigest()
