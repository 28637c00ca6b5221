"""A citation string as the data writes it: a clause id, optionally followed by the words of the clause
that support the claim, `yuncheng-2021-59/2.1.5「按照城市低保标准的30%给予扣减」`. Results carry the two
apart: `source` (the clause id) and `quote` (the words, when the data names them).
Standard library only: the engine ships to the browser."""

from __future__ import annotations

from functools import lru_cache

# The format, written once (the builder checks every citation in policies/ against these):
SOURCE_ID = r"[a-z0-9]+(-[a-z0-9]+)*"                      # a document in sources/ or references.yaml
CLAUSE_ID = r"(0|end|[1-9][0-9]*(\.[1-9][0-9]*)?)"          # 2.1, 2.1.4 (a sentence), 0 (preamble), end
# A citation may carry the words that support the claim: `doc/2.1.4「核减600元/月的劳动成本」`.
# The words may hold spaces (they are compared without them).
CITE_PATTERN = r"[^\s「」]+(「[^「」]+」)?"


def split(cite: str | None) -> tuple[str | None, str | None]:
    """`doc/2.1「words」` → ("doc/2.1", "words"); without a quote → (cite, None); None → (None, None)."""
    return (None, None) if cite is None else _split(cite)


@lru_cache(maxsize=4096)      # the same few hundred citations, for every household
def _split(cite: str) -> tuple[str, str | None]:
    head, mark, rest = cite.partition("「")
    return head.strip(), (rest.removesuffix("」") if mark else None)


def cited(out: dict, cite: str | None) -> dict:
    """Add `source` (and `quote`, when there is one) for `cite` to the result dict `out`."""
    source, quote = split(cite)
    out["source"] = source
    if quote:
        out["quote"] = quote
    return out
