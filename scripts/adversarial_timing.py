"""Time the text pipeline on adversarial inputs: one long unbroken "word" and other runs.

Prints a table (seconds per input at two lengths and their ratio; ~2 is linear, ~4 is
quadratic) and writes JSON next to the other measurements. Not a test: run it by hand,
before and after a change to a regular expression:

    PYTHONPATH=. .venv/bin/python scripts/adversarial_timing.py --length 40000
"""

from __future__ import annotations

import argparse
import json
import subprocess
import time
from pathlib import Path

from indexer.lexicon import load_lexicon
from indexer.pii import find_pii, mask_pii
from indexer.pipeline import prepare_document
from indexer.repair import repair_text
from indexer.settings import Settings
from indexer.text import passage_sentences
from search_api.retrieval.answer_type import expected, passage_holds
from search_api.retrieval.highlight import highlight

# Repeated units: letters, digits, dots, hyphens, spaces, e-mail and URL shapes, headings.
UNITS = {
    "word": "a", "digits": "1", "dots": ".", "ellipsis": "…", "hyphens": "a-", "dotted": "a.",
    "at-signs": "a@", "spaces-then-x": " ", "capitals": "Aa ", "phone-ish": "12 ", "pipes": "|",
    "hashes": "#", "url": "http://a", "mail-ish": "a.b@c", "newlines": "\n",
}


def adversarial(unit: str, length: int) -> str:
    """``unit`` repeated to about ``length`` characters, ending in a character that breaks matches."""
    return unit * (length // len(unit)) + " x-"


def _time(fn, repeat: int = 3) -> float:
    """The best of ``repeat`` runs (the machine is shared and noisy)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def steps(settings: Settings):
    """(name, function of text) for each step that reads document or query text."""
    lexicon = load_lexicon()
    types = expected("hvor mange lokalgrupper er der")
    return [
        ("find_pii", find_pii),
        ("mask_pii", mask_pii),
        ("passage_sentences", passage_sentences),
        ("repair_text", lambda t: repair_text(t, lexicon)),
        ("highlight", lambda t: highlight(t, "lokalgrupper i Faxe")),
        ("passage_holds", lambda t: passage_holds(types, t)),
        ("query (500 chars)", lambda t: highlight("lokalgrupper", t[:500]) and expected(t[:500])),
        ("prepare_document", lambda t: prepare_document(
            "x.md", f"# Overskrift {t[:200]}\n\n{t}\n".encode(), doc_id="x", content_hash="0" * 64,
            source="x.md", settings=settings)),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--length", type=int, default=20_000, help="characters of the shorter input")
    parser.add_argument("--steps", nargs="*", help="only these steps (default: all)")
    parser.add_argument("--out", type=Path, default=Path("evaluation/runs/adversarial_timing.json"))
    args = parser.parse_args()
    settings = Settings(embedding={"backend": "hashing"})
    rows = []
    print(f"{'step':<20} {'input':<14} {args.length:>9} {2 * args.length:>9}  ratio")
    for name, fn in steps(settings):
        if args.steps and name not in args.steps:
            continue
        for label, unit in UNITS.items():
            short_text, long_text = adversarial(unit, args.length), adversarial(unit, 2 * args.length)
            short, long = _time(lambda: fn(short_text)), _time(lambda: fn(long_text))
            ratio = long / max(short, 1e-4)
            rows.append({"step": name, "input": label, "short_s": round(short, 4), "long_s": round(long, 4),
                         "ratio": round(ratio, 2)})
            print(f"{name:<20} {label:<14} {short:9.3f} {long:9.3f}  {ratio:5.1f}")
    sha = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"git": sha, "length": args.length, "at": time.strftime("%Y-%m-%dT%H:%M:%SZ",
                                   time.gmtime()), "rows": rows}, indent=1))
    print(f"saved {args.out}")


if __name__ == "__main__":
    main()
