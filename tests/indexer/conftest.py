"""Fixtures of the indexer tests."""

from __future__ import annotations

import pytest

from indexer.lexicon import load_lexicon


@pytest.fixture(scope="module")
def lexicon():
    """The system's Danish word list; the test is skipped without one."""
    lexicon = load_lexicon()
    if not lexicon.available:
        pytest.skip("no Danish word list installed (Debian wdanish or hunspell-da)")
    return lexicon
