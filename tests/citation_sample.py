"""Draw the citations a person reads to check that each quote supports its claim (issue 10):

    .venv/bin/python -m tests.citation_sample [SITE_DIR] [--n 30] [--seed 20261206]

Reads SITE_DIR/citations.json (default site/), draws n entries at random with a fixed seed among
those that cite a clause whose words the site holds (a 据转述 entry has no quote to read), and prints
each with its claim, the clause and the quoted words, numbered for the verdicts in the closing note.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

SEED = 20261206


def draw(entries: list[dict], n: int = 30, seed: int = SEED) -> list[dict]:
    readable = [e for e in entries if e["cite"] and not e["restated"]]
    return random.Random(seed).sample(readable, min(n, len(readable)))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("site", nargs="?", default="site")
    ap.add_argument("--n", type=int, default=30)
    ap.add_argument("--seed", type=int, default=SEED)
    args = ap.parse_args(argv)
    entries = json.loads((Path(args.site) / "citations.json").read_text(encoding="utf-8"))
    for i, e in enumerate(draw(entries, args.n, args.seed), start=1):
        print(f"{i:2}. [{e['where']}] {e['text']}\n    {e['cite']}「{e['quote']}」\n")


if __name__ == "__main__":
    main()
