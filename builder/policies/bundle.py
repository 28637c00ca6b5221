"""The engine's data: `engine_bundle(policies)` picks from policies/ only what screener/ needs,
and `write_bundle(policies, path)` writes it as screener/data/bundle.json (gitignored; the
build, the CLI and the tests regenerate it). The same file is shipped to the browser.

Shape (version 1):

    {"version": 1,
     "jurisdictions": {id: {id, name, full_name, level, province, anonymised, sources: [{id, short_title,
                            doc_number, date, valid_until}], programs: [ids], fallback_office, hotline, routing,
                            parameters: {name: {description, unit, breakdown, values: [{start, value, source, verified, note}]}},
                            offices: [{id, name, full_name, level, kind, address, phone, hours, handles,
                                       verified, note}]}},
     "programs": {id: {id, name, short_name, kind, run_by, summary, basis, documents, steps, time_limits}},
     "citations": {cite: {label, url}}}

A jurisdiction's `parameters` already include the national fallbacks (jurisdictions/_national).
`citations` holds every clause id the engine can put in a result, with its label and site URL. A
`source` in the data may carry the words it rests on (`doc/2.1「…」`); the engine splits them into a
result's `source` and `quote` (screener/citation.py).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path

from builder.errors import Problem
from screener.citation import split

BUNDLE_VERSION = 1


def _iso(d) -> str | None:
    return d.isoformat() if isinstance(d, dt.date) else d


def _parameter(p) -> dict:
    return {
        "description": p.description,
        "unit": p.unit,
        "breakdown": p.breakdown,
        "values": [{"start": v.start.isoformat(), "value": v.value, "source": v.source, "verified": v.verified,
                    "note": v.note} for v in p.values],
    }


def _office(o) -> dict:
    return {"id": o.id, "name": o.name, "full_name": o.full_name or o.name, "level": o.level, "kind": o.kind,
            "address": o.address, "phone": o.phone, "hours": o.hours, "handles": list(o.handles),
            "verified": o.verified, "note": o.note}


def _items(items: list[dict], keys: tuple[str, ...]) -> list[dict]:
    return [{k: str(i[k]) if k == "until" else i[k] for k in keys if k in i} for i in items]


def engine_citations() -> set[str]:
    """The clause ids written in the engine's own code (national defaults next to each rule)."""
    from screener import rules

    return set(rules.code_citations())


def engine_bundle(policies) -> dict:
    national = policies.data.get("national_parameters", {})
    jurisdictions = {}
    cites: set[str] = set()
    for j in policies.data["jurisdictions"].values():
        params = {name: _parameter(p) for name, p in national.items()}
        params.update({name: _parameter(p) for name, p in j.parameters.items()})
        for p in params.values():
            cites.update(v["source"] for v in p["values"])
        sources = []
        for sid in j.sources:
            s = policies.sources.get(sid)
            if s is not None:
                sources.append({"id": s.id, "short_title": s.short_title, "doc_number": s.doc_number,
                                "date": _iso(s.date), "valid_until": _iso(s.valid_until)})
        cites.add(j.hotline["source"])
        cites.update(r["source"] for r in j.routing.values())
        cites.update(o.source for o in j.offices if o.source)
        jurisdictions[j.id] = {
            "id": j.id, "name": j.name, "full_name": j.full_name, "level": j.level, "province": j.province,
            "anonymised": j.anonymised, "sources": sources, "programs": list(j.programs),
            "fallback_office": j.fallback_office, "hotline": {k: _iso(v) for k, v in j.hotline.items()},
            "routing": {k: dict(v) for k, v in j.routing.items()},
            "parameters": dict(sorted(params.items())), "offices": [_office(o) for o in j.offices],
        }
    programs = {}
    for p in policies.data["programs"].values():
        programs[p.id] = {
            "id": p.id, "name": p.name, "short_name": p.short_name, "kind": p.kind, "run_by": p.run_by,
            "summary": dict(p.summary),
            "basis": _items(p.basis, ("text", "source", "jurisdictions", "role")),
            "documents": _items(p.documents, ("text", "source", "if", "jurisdictions")),
            "steps": _items(p.steps, ("text", "source", "jurisdictions", "role", "until")),
            "time_limits": _items(p.time_limits, ("what", "limit", "unit", "source", "jurisdictions", "note",
                                                  "until")),
        }
        cites.add(p.summary["source"])
        for key in ("basis", "documents", "steps", "time_limits"):
            cites.update(i["source"] for i in programs[p.id][key])
    cites |= engine_citations()
    citations = {}
    for c in sorted({split(c)[0] for c in cites if c}):
        resolved = policies.cite(c)
        if resolved is not None:
            citations[c] = {"label": resolved.label, "url": resolved.url}
    return {"version": BUNDLE_VERSION, "jurisdictions": jurisdictions, "programs": programs, "citations": citations}


def bundle_json(policies) -> str:
    return json.dumps(engine_bundle(policies), ensure_ascii=False, separators=(",", ":"), sort_keys=False) + "\n"


def write_bundle(policies, path: Path) -> Path:
    """Write the bundle atomically (a reader never sees half a file)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(bundle_json(policies), encoding="utf-8")
    os.replace(tmp, path)
    return path


def main(argv: list[str]) -> int:
    """`python -m builder.policies.bundle [PATH]`: check policies/ and write the bundle (default: where the
    engine reads it). screener/cli.py runs this when policies/ is newer than the bundle."""
    from builder.errors import UserFacingError
    from builder.policies import load_policies
    from screener.data import BUNDLE_PATH

    root = Path(__file__).resolve().parents[2]
    try:
        write_bundle(load_policies(root / "policies"), Path(argv[0]) if argv else BUNDLE_PATH)
    except UserFacingError as e:
        print(e, file=sys.stderr)
        return 1
    return 0


def validate_engine_citations(policies, problems: list[Problem], check_date) -> None:
    """Every clause id the engine's code can emit must resolve, like the ones in the data files."""
    try:
        cites = engine_citations()
    except ImportError:
        return
    for c in sorted(cites):
        found = policies.cite(c)
        if found is None:
            problems.append(Problem("screener/rules.py", None, None,
                                    f"引擎代码引用的出处 {c!r} 找不到对应的条款或参考文件"))
        elif (wrong := policies.quote_problem(found)):
            problems.append(Problem("screener/context.py", None, None, f"引擎代码引用的出处：{wrong}"))


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
