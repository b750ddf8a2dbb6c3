"""What search and /ask derive from a passage's text alone, derived once per passage.

Search splits a hit's text into sentences to highlight it, and checks which of them hold the
kind of answer a question asks for (``answer_type_first`` looks at every candidate); /ask scores
the same sentences as evidence. These facts depend on the text alone, so they are kept per
passage in the store's ``passages`` cache, which every write empties (indexer/store/cache.py).
The key is the chunk id with the text as read (masked for readers, or not), and an entry is used
only for that exact text. Passages that merely share a text do not share an entry (the bench's
synthetic store copies a few real texts many times): a hit means the passage itself came back.
"""

from __future__ import annotations

from indexer.pipeline import MAX_SENTENCES
from indexer.text import passage_sentences
from search_api.retrieval.answer_type import AnswerType

WHOLE = -1  # the index that stands for the whole text in Passage.found


class Passage:
    """A passage's sentences, and which kinds of answer its text and each sentence hold
    (found as questions ask, then remembered)."""

    __slots__ = ("text", "sentences", "_found")

    def __init__(self, text: str) -> None:
        self.text = text
        self.sentences: tuple[str, ...] = tuple(passage_sentences(text))
        self._found: dict[tuple[AnswerType, int], bool] = {}

    @property
    def vectored(self) -> tuple[str, ...]:
        """The sentences that have a stored vector (indexer.pipeline.chunk_sentences)."""
        return self.sentences[:MAX_SENTENCES]

    def found(self, kind: AnswerType, index: int = WHOLE) -> bool:
        """True when sentence ``index`` (WHOLE: the whole text) holds an answer of this kind."""
        key = (kind, index)
        value = self._found.get(key)
        if value is None:
            value = self._found[key] = kind.found_in(self.text if index == WHOLE else self.sentences[index])
        return value

    def sentence_holds(self, types: tuple[AnswerType, ...], index: int) -> bool:
        """answer_type.holds for sentence ``index``."""
        return all(self.found(t, index) for t in types)

    def holds(self, types: tuple[AnswerType, ...]) -> bool:
        """answer_type.passage_holds: a sentence holds an answer of every type."""
        return self.sentence_holds(types, WHOLE) and any(self.sentence_holds(types, i)
                                                        for i in range(len(self.sentences)))


def passage(store, chunk_id: str, text: str) -> Passage:
    """The passage's facts: from the store's cache when this chunk was read with this text since
    the last write, else derived now (and kept)."""
    cache = getattr(store, "passages", None)
    if cache is None:
        return Passage(text)
    key = (chunk_id, text)
    found = cache.get(key)
    if found is None:
        found = Passage(text)
        cache.put(key, found)
    return found
