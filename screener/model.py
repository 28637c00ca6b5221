"""The policy data model, written once: what a dated parameter value, a parameter, an office, a
programme, a notice and a place are, and their JSON form in the engine's bundle
(screener/data/bundle.json, shape below).

The builder loads policies/ into these classes (builder/policies adds where each came from, for
file:line messages) and writes the bundle with `bundle_json`; the engine reads it back with
`from_bundle` into the same classes (screener/data.py builds its per-day views on them).

    {"version": 1,
     "jurisdictions": {id: {id, name, full_name, level, province, anonymised, sources: [{id, short_title,
                            doc_number, date, valid_until}], programs: [ids], fallback_office, hotline, routing,
                            parameters: {name: {description, unit, breakdown, values: [{start, value, source,
                                                                                         verified, note}]}},
                            offices: [{id, name, full_name, level, kind, address, phone, hours, handles,
                                       verified, note}]}},
     "programs": {id: {id, name, short_name, kind, run_by, summary, basis, documents, steps, time_limits}},
     "citations": {cite: {label, url}}}

A jurisdiction's `parameters` in the bundle already include the national fallbacks
(policies/jurisdictions/_national). `citations` holds every clause id the engine can put in a result.
Standard library only: the engine ships to the browser.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from screener.dated import applies_in, in_force

BUNDLE_VERSION = 1

# A programme step's stage: the resident's steps in the order she meets them (guides and print number them in
# this order), then `note` (something she should know about the steps) and `office` (how the office works
# inside: the guide lists it apart, print leaves it out).
RESIDENT_STAGES = ("apply", "check", "publicize", "decide", "pay", "choose")
STAGES = RESIDENT_STAGES + ("note", "office")

# The keys of a programme's items that the engine reads, in the bundle's order.
ITEM_KEYS = {
    "basis": ("text", "source", "jurisdictions", "role"),
    "documents": ("text", "source", "if", "jurisdictions"),
    "steps": ("text", "source", "jurisdictions", "role", "until"),
    "time_limits": ("what", "limit", "unit", "source", "jurisdictions", "note", "until"),
}


def _iso(d) -> str | None:
    return d.isoformat() if isinstance(d, dt.date) else d


def _date(text) -> dt.date | None:
    return dt.date.fromisoformat(text) if isinstance(text, str) else text


@dataclass(eq=False, slots=True)
class Value:
    """One dated value of a parameter: a number, yes/no, choice or list, or a dict keyed by the breakdown."""

    start: dt.date
    value: object
    source: str | None            # the clause with the words that state it; None for an example figure
    verified: bool
    last_confirmed: dt.date | None = None
    note: str = ""

    def to_json(self) -> dict:
        return {"start": self.start.isoformat(), "value": self.value, "source": self.source,
                "verified": self.verified, "note": self.note}

    @classmethod
    def from_json(cls, d: dict) -> "Value":
        return cls(dt.date.fromisoformat(d["start"]), d["value"], d["source"], d["verified"], note=d["note"])


@dataclass
class Parameter:
    name: str
    description: str
    unit: str
    breakdown: list[str] | None
    values: list[Value]           # sorted by start date
    note: str = ""

    def at(self, when: dt.date) -> Value | None:
        return in_force(self.values, when, start=lambda v: v.start)

    def to_json(self) -> dict:
        return {"description": self.description, "unit": self.unit, "breakdown": self.breakdown,
                "values": [v.to_json() for v in self.values]}

    @classmethod
    def from_json(cls, name: str, d: dict) -> "Parameter":
        return cls(name, d["description"], d["unit"], d["breakdown"], [Value.from_json(v) for v in d["values"]])


@dataclass
class Office:
    id: str
    name: str
    level: str                    # county | township
    kind: str                     # minzheng | township | department | development_zone
    address: str | None
    phone: str | None
    hours: str | None
    handles: list[str]
    verified: bool
    full_name: str = ""
    source: str | None = None
    note: str = ""
    division_code: str | None = None
    phone_source: str = ""

    def to_json(self) -> dict:
        """The office as a result names it (`apply_at`) and the page lists it."""
        return {"id": self.id, "name": self.name, "full_name": self.full_name or self.name, "level": self.level,
                "kind": self.kind, "address": self.address, "phone": self.phone, "hours": self.hours,
                "handles": list(self.handles), "verified": self.verified, "note": self.note}

    @classmethod
    def from_json(cls, d: dict) -> "Office":
        return cls(d["id"], d["name"], d["level"], d["kind"], d["address"], d["phone"], d["hours"], d["handles"],
                   d["verified"], full_name=d["full_name"], note=d["note"])


@dataclass
class Notice:
    """A notice a place applies, as far as results mention it (its number, and when it stops being valid)."""

    id: str
    short_title: str
    doc_number: str | None
    date: dt.date | None
    valid_until: dt.date | None

    def to_json(self) -> dict:
        return {"id": self.id, "short_title": self.short_title, "doc_number": self.doc_number,
                "date": _iso(self.date), "valid_until": _iso(self.valid_until)}

    @classmethod
    def from_json(cls, d: dict) -> "Notice":
        return cls(d["id"], d["short_title"], d["doc_number"], _date(d["date"]), _date(d["valid_until"]))


@dataclass
class Program:
    """A programme's facts. Its items (basis, documents, steps, time limits) are dicts as policies/ writes
    them, each with its `source`, and `jurisdictions`/`until` where it does not apply everywhere or always."""

    id: str
    name: str
    short_name: str
    kind: str                     # cash | referral
    summary: dict
    run_by: str
    documents: list[dict]
    steps: list[dict]
    time_limits: list[dict]
    order: int = 100
    note: str = ""
    basis: list[dict] = field(default_factory=list)

    def for_jurisdiction(self, items: list[dict], jid: str, on: dt.date) -> list[dict]:
        """The items that apply in `jid` on the day `on` (an item with `until` ends after that day)."""
        return [i for i in items if applies_in(i, jid) and ("until" not in i or on <= _date(i["until"]))]

    def steps_for(self, jid: str, on: dt.date) -> list[dict]:
        """The steps in `jid` on `on` in the order the resident meets them (by stage), then notes, then the
        office's own rules."""
        return sorted(self.for_jurisdiction(self.steps, jid, on), key=lambda s: STAGES.index(s["stage"]))

    def to_json(self) -> dict:
        def items(key):
            return [{k: _iso(i[k]) if k == "until" else i[k] for k in ITEM_KEYS[key] if k in i}
                    for i in getattr(self, key)]
        return {"id": self.id, "name": self.name, "short_name": self.short_name, "kind": self.kind,
                "run_by": self.run_by, "summary": dict(self.summary), "basis": items("basis"),
                "documents": items("documents"), "steps": items("steps"), "time_limits": items("time_limits")}

    @classmethod
    def from_json(cls, d: dict) -> "Program":
        return cls(d["id"], d["name"], d["short_name"], d["kind"], d["summary"], d["run_by"], d["documents"],
                   d["steps"], d["time_limits"], basis=d["basis"])


@dataclass
class Jurisdiction:
    id: str
    name: str
    full_name: str
    level: str                    # municipality | prefecture | county | district
    province: str
    sources: list[str]            # the notices it applies (policies/sources/ ids)
    programs: list[str]
    fallback_office: str
    hotline: dict
    routing: dict
    parameters: dict[str, Parameter]   # its own; the bundle adds the national ones it does not set
    offices: list[Office]
    notices: list[Notice] = field(default_factory=list)   # what results say of `sources`
    division_code: str | None = None
    anonymised: bool = False
    note: str = ""
    order: int = 100
    supervision: dict | None = None
    issued_by: dict | None = None

    def office(self, office_id: str) -> Office | None:
        return next((o for o in self.offices if o.id == office_id), None)

    def to_json(self, national: dict[str, Parameter]) -> dict:
        params = {**national, **self.parameters}
        return {
            "id": self.id, "name": self.name, "full_name": self.full_name, "level": self.level,
            "province": self.province, "anonymised": self.anonymised,
            "sources": [n.to_json() for n in self.notices], "programs": list(self.programs),
            "fallback_office": self.fallback_office, "hotline": {k: _iso(v) for k, v in self.hotline.items()},
            "routing": {k: dict(v) for k, v in self.routing.items()},
            "parameters": {name: params[name].to_json() for name in sorted(params)},
            "offices": [o.to_json() for o in self.offices],
        }

    @classmethod
    def from_json(cls, d: dict) -> "Jurisdiction":
        notices = [Notice.from_json(n) for n in d["sources"]]
        return cls(d["id"], d["name"], d["full_name"], d["level"], d["province"], [n.id for n in notices],
                   d["programs"], d["fallback_office"], d["hotline"], d["routing"],
                   {name: Parameter.from_json(name, p) for name, p in d["parameters"].items()},
                   [Office.from_json(o) for o in d["offices"]], notices=notices, anonymised=d["anonymised"])


def bundle_json(jurisdictions, programs, national: dict[str, Parameter], citations: dict[str, dict]) -> dict:
    """The bundle's JSON form of these places and programmes (`citations`: clause id → {label, url})."""
    return {"version": BUNDLE_VERSION,
            "jurisdictions": {j.id: j.to_json(national) for j in jurisdictions},
            "programs": {p.id: p.to_json() for p in programs},
            "citations": citations}


def from_bundle(raw: dict) -> tuple[dict[str, Jurisdiction], dict[str, Program], dict[str, dict]]:
    """The places, programmes and citations of a bundle's JSON form."""
    if raw.get("version") != BUNDLE_VERSION:
        raise ValueError(f"bundle version {raw.get('version')!r}, expected {BUNDLE_VERSION}")
    return ({jid: Jurisdiction.from_json(j) for jid, j in raw["jurisdictions"].items()},
            {pid: Program.from_json(p) for pid, p in raw["programs"].items()},
            raw["citations"])
