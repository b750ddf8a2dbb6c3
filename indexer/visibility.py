"""Who may see a document: ``public``, ``signed-in`` or only its own ``kommune``.

A reader's identity becomes a ``Viewer``; the store and the catalog turn a viewer into a
condition inside their queries (never a filter applied afterwards). Curators and admins
have no viewer: they see everything.
"""

from __future__ import annotations

from dataclasses import dataclass

from indexer.errors import InvalidInput

PUBLIC, SIGNED_IN, KOMMUNE = "public", "signed-in", "kommune"
VISIBILITIES = (PUBLIC, SIGNED_IN, KOMMUNE)
LABELS = {PUBLIC: "alle", SIGNED_IN: "indloggede brugere", KOMMUNE: "kun dokumentets egen kommune"}


@dataclass(frozen=True)
class Viewer:
    """A reader as visibility sees them: signed in or not, and their kommune (bare name, e.g. "Faxe")."""

    signed_in: bool = False
    kommune: str | None = None

    def visibilities(self) -> tuple[str, ...]:
        """The visibilities this reader sees regardless of the document's kommune."""
        return (PUBLIC, SIGNED_IN) if self.signed_in else (PUBLIC,)


ANONYMOUS_VIEWER = Viewer()


def parse_visibility(value: object) -> str:
    """A visibility value, checked: InvalidInput (with the allowed values) for anything else."""
    text = str(value).strip().lower().replace("_", "-")
    if text not in VISIBILITIES:
        raise InvalidInput(f"Ukendt synlighed {value!r}; vælg en af: {', '.join(VISIBILITIES)}.")
    return text


def default_visibility(kind: str | None, *, by_kind: dict[str, str], default: str = PUBLIC) -> str:
    """The visibility a new document gets when nothing sets it: per kind, else ``default``."""
    return by_kind.get((kind or "").strip().lower(), default)
