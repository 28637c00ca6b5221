"""The engine's view of screener/data/bundle.json (generated from policies/ by the build).

The bundle is read once per process; each (jurisdiction, date) gets a `Params` view with the
parameter values in force that day, cached, so evaluating many households costs no lookups.
"""

from __future__ import annotations

import json
from pathlib import Path

BUNDLE_PATH = Path(__file__).resolve().parent / "data" / "bundle.json"

_bundle: "Bundle | None" = None


class BundleMissing(RuntimeError):
    """bundle.json is not there: the engine has no data to answer from."""


class Value:
    __slots__ = ("value", "source", "verified", "note", "start")

    def __init__(self, raw: dict):
        self.value = raw["value"]
        self.source = raw["source"]
        self.verified = raw["verified"]
        self.note = raw.get("note", "")
        self.start = raw["start"]


class Params:
    """Parameter values in force on one date for one jurisdiction; `p.get(name)` → Value | None."""

    __slots__ = ("_values", "_expired")

    def __init__(self, parameters: dict, date: str):
        self._values: dict[str, Value] = {}
        self._expired: dict[str, Value] = {}
        for name, spec in parameters.items():
            current, earlier_true = None, None
            for raw in spec["values"]:       # sorted by start date
                if raw["start"] <= date:
                    if current is not None and current["value"] is True:
                        earlier_true = current
                    current = raw
            if current is not None:
                self._values[name] = Value(current)
                if current["value"] is False and earlier_true is not None:
                    # A yes/no rule that applied until recently (e.g. a 十四五 exclusion): the engine says so.
                    self._expired[name] = Value(earlier_true)

    def get(self, name: str) -> Value | None:
        return self._values.get(name)

    def value(self, name: str, default=None):
        v = self._values.get(name)
        return default if v is None else v.value

    def expired(self, name: str) -> Value | None:
        return self._expired.get(name)


class Jurisdiction:
    def __init__(self, raw: dict):
        self.raw = raw
        self.id = raw["id"]
        self.name = raw["name"]
        self.programs: list[str] = raw["programs"]
        self.offices: dict[str, dict] = {o["id"]: o for o in raw["offices"]}
        self.fallback = self.offices[raw["fallback_office"]]
        self.hotline = raw["hotline"]
        self.routing = raw["routing"]
        self.sources = raw["sources"]
        self._params: dict[str, Params] = {}
        # Department offices by the programme they handle (e.g. 医保局 for yiliao).
        self.department_for: dict[str, dict] = {}
        for o in raw["offices"]:
            if o["kind"] == "department":
                for pid in o["handles"]:
                    self.department_for.setdefault(pid, o)

    def params(self, date: str) -> Params:
        p = self._params.get(date)
        if p is None:
            if len(self._params) > 512:
                self._params.clear()
            p = self._params[date] = Params(self.raw["parameters"], date)
        return p


class Program:
    def __init__(self, raw: dict):
        self.raw = raw
        self.id = raw["id"]
        self.name = raw["name"]
        self.kind = raw["kind"]
        self._per_j: dict[str, tuple] = {}

    def for_jurisdiction(self, jid: str) -> tuple:
        """(documents, steps, time_limits, basis) that apply in `jid`, computed once."""
        got = self._per_j.get(jid)
        if got is None:
            def pick(items):
                return [i for i in items if "jurisdictions" not in i or jid in i["jurisdictions"]]
            got = self._per_j[jid] = (pick(self.raw["documents"]), pick(self.raw["steps"]),
                                      pick(self.raw["time_limits"]), pick(self.raw["basis"]))
        return got


class View:
    """A programme as one jurisdiction offers it, prepared once: what a result needs."""

    __slots__ = ("id", "name", "kind", "documents", "conditional", "steps", "time_limits", "basis")

    def __init__(self, prog: Program, jid: str):
        docs, steps, limits, basis = prog.for_jurisdiction(jid)
        self.id, self.name, self.kind = prog.id, prog.name, prog.kind
        self.conditional = any("if" in d for d in docs)
        self.documents = [(d.get("if"), d["text"]) for d in docs]
        self.steps = steps
        self.time_limits = [{"what": t["what"], "limit": t["limit"], "unit": t["unit"], "source": t["source"]}
                            for t in limits]
        self.basis = basis[0]["source"] if basis else None


class Bundle:
    def __init__(self, raw: dict):
        self.raw = raw
        self.jurisdictions = {jid: Jurisdiction(j) for jid, j in raw["jurisdictions"].items()}
        self.programs = {pid: Program(p) for pid, p in raw["programs"].items()}
        self.citations: dict[str, dict] = raw["citations"]
        for j in self.jurisdictions.values():
            j.views = {pid: View(p, j.id) for pid, p in self.programs.items()}


def load(path: Path | None = None) -> Bundle:
    path = Path(path) if path else BUNDLE_PATH
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BundleMissing(f"找不到引擎数据 {path}；请先运行 `python3 build.py build` 或 "
                            "`.venv/bin/python -m screener jurisdictions`（会从 policies/ 生成）") from None
    return Bundle(json.loads(text))


def bundle() -> Bundle:
    global _bundle
    if _bundle is None:
        _bundle = load()
    return _bundle


def use(raw_or_path) -> Bundle:
    """Use this bundle (a dict or a path) from now on: tests, the browser, a fresh CLI regeneration."""
    global _bundle
    _bundle = Bundle(raw_or_path) if isinstance(raw_or_path, dict) else load(raw_or_path)
    _clear()
    return _bundle


def reset() -> None:
    global _bundle
    _bundle = None
    _clear()


def _clear() -> None:
    from screener import context

    context.clear_caches()
