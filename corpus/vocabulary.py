"""The corpus's own vocabulary: in how many clean documents each word occurs.

OCR repair trusts a word the system word list lacks ("kriminalpræventive", a kommune's
place names) once clean documents of the corpus use it. Kept as a JSON file in the data
folder so a damaged document indexed alone later still benefits from earlier runs.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from pathlib import Path

from indexer.lexicon import Lexicon, oov_rate, word_counts
from indexer.models import ParsedDocument

log = logging.getLogger(__name__)

FILE_NAME = "vocabulary.json"
CLEAN_OOV = 0.05  # documents with more unknown words than this may be OCR-damaged: not evidence


class Vocabulary:
    """Document frequencies of words in clean documents, persisted next to the catalog."""

    def __init__(self, path: Path) -> None:
        self.path = path
        data = self._load()
        self.documents: set[str] = set(data.get("documents", []))
        self.words: Counter = Counter(data.get("words", {}))

    def _load(self) -> dict:
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError):
            log.warning("vocabulary file %s is unreadable; starting a new one", self.path)
            return {}

    def add(self, content_hash: str, parsed: ParsedDocument, base: Lexicon) -> bool:
        """Count the words of a document once, if it reads as clean text; True when counted."""
        if content_hash in self.documents:
            return False
        rate = oov_rate(parsed.text, base)
        if rate is None or rate > CLEAN_OOV:
            return False
        self.documents.add(content_hash)
        self.words.update(set(word_counts(parsed.text)))
        return True

    def lexicon(self, base: Lexicon) -> Lexicon:
        """The word list plus these corpus words."""
        return base.with_corpus(self.words)

    def save(self) -> None:
        """Write the file atomically."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"documents": sorted(self.documents), "words": dict(self.words)},
                                  ensure_ascii=False), encoding="utf-8")
        tmp.replace(self.path)
