"""The engine's view of screener/data/bundle.json (generated from policies/ by the build): the places and
programmes of screener/model.py, with what every result looks up prepared once.

The bundle is read once per process; each (jurisdiction, date) gets a `Params` view with the
parameter values in force that day, cached, so evaluating many households costs no lookups. What
results share is owned by the bundle too (`Bundle.sharing`, screener/sharing.py): a new bundle starts
afresh, nothing needs clearing.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from screener.citation import cited
from screener.dated import applies_in
from screener.model import Jurisdiction as Place
from screener.model import BUNDLE_VERSION, Parameter, Program, Value, from_bundle
from screener.parameters import PARAMETERS, UndeclaredParameter
from screener.sharing import Sharing

BUNDLE_PATH = Path(__file__).resolve().parent / "data" / "bundle.json"

_bundle: "Bundle | None" = None


class BundleMissing(RuntimeError):
    """bundle.json is not there: the engine has no data to answer from."""


class Params(dict):
    """Parameter values in force on one date for one jurisdiction: name → `model.Value` (`p.get(name)`)."""

    __slots__ = ("_expired", "_derived")

    def __init__(self, parameters: dict[str, Parameter], date: str):
        super().__init__()
        self._expired: dict[str, Value] = {}
        self._derived: dict = {}
        day = dt.date.fromisoformat(date)
        for name, spec in parameters.items():
            current = spec.at(day)
            if current is not None:
                self[name] = current
                if current.value is False:
                    i = spec.values.index(current)
                    earlier = spec.values[i - 1] if i else None
                    if earlier is not None and earlier.value is True:
                        # A yes/no rule that applied until recently (e.g. a 十四五 exclusion): the engine says so.
                        self._expired[name] = earlier

    def get(self, name: str, default=None):
        """The Value in force, or `default` where this place does not set it. A name that is not declared
        (screener/parameters.py) raises: a misspelt name must not switch a rule off silently."""
        if name not in PARAMETERS:
            raise UndeclaredParameter(name)
        return dict.get(self, name, default)

    def once(self, fn, *args):
        """`fn(self, *args)`: something worked out from these values alone (a standard's sentence, the
        ages a rule reads), computed for the first household of the day and place, then reused. `fn` must
        read nothing but its arguments."""
        key = (fn, args)
        got = self._derived.get(key)
        if got is None:
            got = self._derived[key] = fn(self, *args)
        return got

    def value(self, name: str, default=None):
        v = self.get(name)
        return default if v is None else v.value

    def expired(self, name: str) -> Value | None:
        if name not in PARAMETERS:
            raise UndeclaredParameter(name)
        return self._expired.get(name)


class Jurisdiction:
    """A place as the engine reads it: the model.Jurisdiction's data, and what every result there looks up,
    prepared once."""

    def __init__(self, place: Place, sharing: Sharing):
        self.id = place.id
        self.name = place.name
        self.ref = sharing.share({"id": self.id, "name": self.name})   # a result's "jurisdiction"
        self.programs: list[str] = place.programs
        self.parameters = place.parameters
        self.notices = place.notices
        self.anonymised = place.anonymised
        # Offices as results name them (`apply_at`): their JSON form, by id.
        self.offices: dict[str, dict] = {o.id: o.to_json() for o in place.offices}
        self.fallback = self.offices[place.fallback_office]
        verified = {bool(o.verified) for o in place.offices}
        # True: no office is verified; False: all are; None: some are.
        self.offices_unverified = (not verified.pop()) if len(verified) == 1 else None
        self.hotline = place.hotline
        self.routing = place.routing
        self._params: dict[str, Params] = {}
        # Department offices by the programme they handle (e.g. 医保局 for yiliao).
        self.department_for: dict[str, dict] = {}
        for o in place.offices:
            if o.kind == "department":
                for pid in o.handles:
                    self.department_for.setdefault(pid, self.offices[o.id])

    def params(self, date: str) -> Params:
        p = self._params.get(date)
        if p is None:
            if len(self._params) > 512:
                self._params.clear()
            p = self._params[date] = Params(self.parameters, date)
        return p


class View:
    """A programme as one jurisdiction offers it, prepared once: what a result needs."""

    __slots__ = ("id", "name", "kind", "documents", "all_documents", "conditional", "conditions",
                 "steps", "time_limits", "ended_limits", "basis_for")

    def __init__(self, prog: Program, jid: str, sharing: Sharing):
        def pick(items):     # the items that apply in `jid`
            return [i for i in items if applies_in(i, jid)]
        docs, steps, limits, basis = (pick(prog.documents), pick(prog.steps), pick(prog.time_limits),
                                      pick(prog.basis))
        self.id, self.name, self.kind = prog.id, prog.name, prog.kind
        self.conditional = any("if" in d for d in docs)
        self.conditions = frozenset(d["if"] for d in docs if "if" in d)
        self.documents = [(d.get("if"), d["text"]) for d in docs]
        # Shared by every result (never mutated): their JSON text is written once.
        self.all_documents = sharing.share([t for _, t in self.documents])
        self.steps = steps
        # Time limits that ended (`until`, e.g. an epidemic-era promise) are kept apart and shown only before then.
        self.time_limits = sharing.share([cited({"what": t["what"], "limit": t["limit"], "unit": t["unit"]},
                                                t["source"]) for t in limits if "until" not in t])
        self.ended_limits = [(t["until"], cited({"what": t["what"], "limit": t["limit"], "unit": t["unit"]},
                                                t["source"])) for t in limits if "until" in t]
        self.basis_for = {b["role"]: b["source"] for b in reversed(basis) if "role" in b}


class Bundle:
    def __init__(self, raw: dict):
        self.raw = raw
        self.sharing = Sharing()
        places, self.programs, self.citations = from_bundle(raw)
        self.jurisdictions = {jid: Jurisdiction(j, self.sharing) for jid, j in places.items()}
        for j in self.jurisdictions.values():
            j.views = {pid: View(p, j.id, self.sharing) for pid, p in self.programs.items()}
            # Which office question a programme asks: its own (referrals, 临时救助) or the home one.
            j.route_kind = {pid: pid if pid == "linshi" or p.kind == "referral" else "home"
                            for pid, p in self.programs.items()}
            j.referral_conditions = frozenset().union(*(v.conditions for v in j.views.values() if v.kind == "referral"))
            # The last days of the place's time limits that ended: a result shows such a limit up to that day.
            j.limit_ends = tuple(sorted({until for v in j.views.values() for until, _ in v.ended_limits}))


def load(path: Path | None = None) -> Bundle:
    path = Path(path) if path else BUNDLE_PATH
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BundleMissing(f"找不到引擎数据 {path}；请先运行 `python3 build.py build` 或 "
                            "`.venv/bin/python -m screener jurisdictions`（会从 policies/ 生成）") from None
    raw = json.loads(text)
    if raw.get("version") != BUNDLE_VERSION:
        raise BundleMissing(f"引擎数据 {path} 是旧版本（{raw.get('version')!r}，现在是 {BUNDLE_VERSION}）；"
                            "请运行 `python3 build.py build` 重新生成")
    return Bundle(raw)


def current() -> Bundle | None:
    """The bundle in use, without loading one."""
    return _bundle


def bundle() -> Bundle:
    global _bundle
    if _bundle is None:
        _bundle = load()
    return _bundle


def use(source) -> Bundle:
    """Use this bundle (`source`: a Bundle, its dict or a path) from now on: tests, the browser, a fresh CLI
    regeneration."""
    global _bundle
    _bundle = source if isinstance(source, Bundle) else Bundle(source) if isinstance(source, dict) else load(source)
    return _bundle


def reset() -> None:
    global _bundle
    _bundle = None
