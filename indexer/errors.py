"""Typed domain errors. Each carries its HTTP status; the API renders them in one place."""

from __future__ import annotations


class VidensbankError(Exception):
    """Base of every error the service reports to a user."""

    status: int = 500
    title: str = "Internal error"
    type_slug: str = "internal"

    def __init__(self, detail: str, **extra: object) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra


class InvalidQuery(VidensbankError):
    status, title, type_slug = 422, "Invalid query", "invalid-query"


class InvalidInput(VidensbankError):
    """A value given to a curation command or endpoint that cannot be used."""

    status, title, type_slug = 422, "Invalid input", "invalid-input"


class NotFound(VidensbankError):
    status, title, type_slug = 404, "Not found", "not-found"


class Unauthorized(VidensbankError):
    status, title, type_slug = 401, "Unauthorized", "unauthorized"


class Forbidden(VidensbankError):
    status, title, type_slug = 403, "Forbidden", "forbidden"


class Conflict(VidensbankError):
    status, title, type_slug = 409, "Conflict", "conflict"


class PayloadTooLarge(VidensbankError):
    status, title, type_slug = 413, "Payload too large", "payload-too-large"


class ReviewRequired(Conflict):
    """Publishing is blocked until a curator has reviewed the personal-data flags."""

    title, type_slug = "Personal data not reviewed", "pii-review-required"


class DuplicateDocument(Conflict):
    title, type_slug = "Document already in the corpus", "duplicate-document"


class RateLimited(VidensbankError):
    """Too many requests; carries Retry-After in ``extra["headers"]``."""

    status, title, type_slug = 429, "Too many requests", "rate-limited"


class IngestError(VidensbankError):
    """A file that cannot be indexed; reported per file, never stops the others."""

    status, title, type_slug = 422, "File cannot be indexed", "ingest-error"


class UnsupportedFormat(IngestError):
    status, title, type_slug = 415, "Unsupported format", "unsupported-format"


class ParseError(IngestError):
    title, type_slug = "File cannot be read", "parse-error"


class FileTooLarge(IngestError):
    status, title, type_slug = 413, "File too large", "file-too-large"


class IndexNotReady(VidensbankError):
    status, title, type_slug = 503, "Index not ready", "index-not-ready"


class StoreLocked(IndexNotReady):
    title, type_slug = "Store in use", "store-locked"


class StoreDamaged(IndexNotReady):
    title, type_slug = "Store damaged", "store-damaged"


class CatalogUnavailable(IndexNotReady):
    title, type_slug = "Catalog unavailable", "catalog-unavailable"


class DiskFull(VidensbankError):
    """Too little free disk space to write safely; nothing was changed."""

    status, title, type_slug = 507, "Insufficient storage", "disk-full"


class EmbeddingMismatch(VidensbankError):
    status, title, type_slug = 409, "Embedding model mismatch", "embedding-mismatch"


class ConfigurationError(VidensbankError):
    status, title, type_slug = 500, "Configuration error", "configuration-error"


class IdentityUnavailable(VidensbankError):
    """The identity provider's signing keys cannot be fetched or read."""

    status, title, type_slug = 503, "Identity provider unavailable", "identity-unavailable"
