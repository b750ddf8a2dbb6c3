"""Helpers for curation tests: a counting wrapper of the fake embedder, keys per role, documents."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from fastapi.testclient import TestClient

from corpus.tables import ROLES
from indexer.embedder import HashingEmbedder

ROLES_AND_ANONYMOUS = ("anonymous", *ROLES)

MINUTES = """# Referat fra SSP-udvalget i Faxe

## Punkt 1: Natteravne

Natteravnene i Faxe Ladeplads går hver fredag og lørdag. Lokalgrupperne følger udviklingen
blandt børn og unge og melder tilbage til koordinationsgruppen to gange om året.

## Kontakt

Spørgsmål til SSP-konsulent Jens Hansen på jens.hansen@faxe.dk eller telefon 56 20 30 40.
"""

PLAIN = """Lokalgrupper og skolesamarbejde i {kommune}

Lokalgrupperne i {kommune} Kommune mødes fire gange om året med skoleledere, SSP-konsulenten
og en lokalbetjent. De følger børn og unge i hvert skoledistrikt og planlægger forebyggende
forløb om {topic} sammen med fritidsklubberne.
"""


class CountingEmbedder:
    """Wraps the hashing embedder and counts what it is asked to embed."""

    def __init__(self, inner: HashingEmbedder | None = None) -> None:
        self.inner = inner or HashingEmbedder()
        self.name, self.dim = self.inner.name, self.inner.dim
        self.passages = 0

    def embed_query(self, text: str) -> np.ndarray:
        return self.inner.embed_query(text)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        self.passages += len(texts)
        return self.inner.embed_passages(texts)


@dataclass
class Api:
    """A test client with one key per role."""

    client: TestClient
    keys: dict[str, str]

    def auth(self, role: str) -> dict[str, str]:
        """Headers for a role ('anonymous' sends none)."""
        return {} if role == "anonymous" else {"Authorization": f"Bearer {self.keys[role]}"}

    def upload(self, text: str, *, name: str = "dokument.md", role: str = "curator", **fields: str) -> dict:
        """Upload a text file; asserts 201 and returns the record."""
        response = self.client.post("/v1/documents", files={"file": (name, text.encode("utf-8"), "text/plain")},
                                    data=fields, headers=self.auth(role))
        assert response.status_code == 201, response.text
        return response.json()

    def search(self, query: str, *, role: str = "anonymous", **filters) -> list[dict]:
        """Hits of a search as ``role``."""
        response = self.client.post("/v1/search", json={"query": query, "top_k": 10, "filters": filters},
                                    headers=self.auth(role))
        assert response.status_code == 200, response.text
        return response.json()["hits"]


def make_keys(catalog) -> dict[str, str]:
    """One key per role, named after it."""
    return {role: catalog.keys.create(name=f"{role}-nøgle", role=role).key for role in ROLES}
