"""Mingbai's eligibility engine: standard-library Python that runs unchanged in CPython and Pyodide.

    import screener
    result = screener.evaluate({"members": [{"age": 70}]}, jurisdiction="zongyang")
    print(screener.to_json(result))

The household and result shapes are fixed by the contract (../shared/contract.md);
the data comes from screener/data/bundle.json, generated from policies/.
"""

from __future__ import annotations

import json

from screener import data, jsonout
from screener.data import BundleMissing
from screener.engine import evaluate
from screener.household import HouseholdError, find_jurisdiction

__all__ = ["evaluate", "HouseholdError", "BundleMissing", "to_json", "list_jurisdictions", "list_offices",
           "use_bundle"]


def to_json(result, indent: int | None = None) -> str:
    """The one serialisation of a result (CLI, batch, browser): UTF-8 text, keys in contract order,
    compact (or indented for people when `indent` is given); the same bytes in CPython and Pyodide.
    Compact text reuses the text of the parts results share (screener/jsonout.py)."""
    if indent is None:
        b = data.current()
        return jsonout.dumps(result, b.sharing.json if b is not None else None)
    return json.dumps(result, ensure_ascii=False, indent=indent)


def list_jurisdictions() -> list[dict]:
    return [{"id": j.id, "name": j.name} for j in data.bundle().jurisdictions.values()]


def list_offices(jid: str) -> list[dict]:
    j = find_jurisdiction(data.bundle(), jid, "--jurisdiction")
    keys = ("id", "name", "level", "kind", "address", "phone", "hours", "handles", "verified")
    return [{k: o[k] for k in keys} for o in j.offices.values()]


def use_bundle(raw_or_path) -> None:
    """Answer from this bundle (a dict or a path to bundle.json) from now on."""
    data.use(raw_or_path)
