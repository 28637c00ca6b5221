"""A citation string as the data writes it: a clause id, optionally followed by the words of the clause
that support the claim, `yuncheng-2021-59/2.1.5「按照城市低保标准的30%给予扣减」`. Results carry the two
apart: `source` (the clause id) and `quote` (the words, when the data names them).
Standard library only: the engine ships to the browser."""

from __future__ import annotations

_SPLIT: dict = {}


def split(cite: str | None) -> tuple[str | None, str | None]:
    """`doc/2.1「words」` → ("doc/2.1", "words"); without a quote → (cite, None); None → (None, None)."""
    if cite is None:
        return None, None
    got = _SPLIT.get(cite)
    if got is None:
        head, mark, rest = cite.partition("「")
        quote = rest.removesuffix("」") if mark else None
        got = _SPLIT[cite] = (head.strip(), quote)
    return got


def cited(out: dict, cite: str | None) -> dict:
    """Add `source` (and `quote`, when there is one) for `cite` to the result dict `out`."""
    source, quote = split(cite)
    out["source"] = source
    if quote:
        out["quote"] = quote
    return out
