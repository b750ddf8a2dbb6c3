"""What a curator may set as document metadata, checked the same way for uploads and edits."""

from __future__ import annotations

from datetime import date

from indexer.errors import InvalidInput
from indexer.kommuner import KOMMUNER
from indexer.metadata import KINDS, safe_url
from indexer.visibility import parse_visibility

EDITABLE = ("title", "kommune", "kind", "date", "url", "language", "visibility")
REQUIRED = ("title", "visibility")  # never cleared
_KOMMUNE_BY_LOWER = {k.lower(): k for k in (*KOMMUNER, "national")}


def _kommune(value: str) -> str:
    canonical = _KOMMUNE_BY_LOWER.get(value.strip().lower().removesuffix(" kommune"))
    if canonical is None:
        raise InvalidInput(f"Ukendt kommune {value!r}: brug et af de 98 kommunenavne eller 'national'.")
    return canonical


def _kind(value: str) -> str:
    kind = value.strip().lower()
    if kind not in KINDS:
        raise InvalidInput(f"Ukendt dokumenttype {value!r}; vælg en af: {', '.join(KINDS)}.")
    return kind


def _date(value: str) -> str:
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise InvalidInput(f"Ugyldig dato {value!r}; skriv ÅÅÅÅ-MM-DD.") from None




def _title(value: str) -> str:
    title = " ".join(value.split())
    if not 1 <= len(title) <= 500:
        raise InvalidInput("Titlen skal være mellem 1 og 500 tegn.")
    return title


def _language(value: str) -> str:
    code = value.strip().lower()
    if not (2 <= len(code) <= 10 and code.replace("-", "").isalpha()):
        raise InvalidInput(f"Ugyldig sprogkode {value!r}; skriv fx 'da'.")
    return code


CHECKS = {"title": _title, "kommune": _kommune, "kind": _kind, "date": _date, "url": safe_url, "language": _language,
          "visibility": parse_visibility}


def check_metadata(values: dict, *, allow_null: bool = False) -> dict:
    """Cleaned values for the editable fields given; unknown fields and bad values are InvalidInput."""
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise InvalidInput(f"Feltet {sorted(unknown)[0]!r} kan ikke ændres.")
    cleaned: dict = {}
    for name, value in values.items():
        if value is None or (isinstance(value, str) and not value.strip()):
            if allow_null and name not in REQUIRED:
                cleaned[name] = None
            continue
        cleaned[name] = CHECKS[name](str(value))
    return cleaned
