"""The engine's data: `engine_bundle(policies)` writes the places and programmes of policies/ in the JSON
form screener/model.py defines (its docstring has the shape), with the label and URL of every clause the
engine can cite; `write_bundle(policies, path)` writes it as screener/data/bundle.json (gitignored; the
build, the CLI and the tests regenerate it). The same file is shipped to the browser.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from builder.errors import Problem
from screener.citation import split
from screener.model import bundle_json as model_bundle_json


def engine_citations() -> set[str]:
    """The clause ids written in the engine's own code (national defaults next to each rule)."""
    from screener import rules

    return set(rules.code_citations())


def _cited(jurisdictions, programs, national) -> set[str]:
    """Every citation the engine can put in a result from these places and programmes."""
    cites: set[str] = set()
    for j in jurisdictions:
        for p in {**national, **j.parameters}.values():
            cites.update(v.source for v in p.values)
        cites.add(j.hotline["source"])
        cites.update(r["source"] for r in j.routing.values())
        cites.update(o.source for o in j.offices if o.source)
    for p in programs:
        cites.add(p.summary["source"])
        for key in ("basis", "documents", "steps", "time_limits"):
            cites.update(i["source"] for i in getattr(p, key))
    return cites | engine_citations()


def engine_bundle(policies) -> dict:
    national = policies.data.get("national_parameters", {})
    jurisdictions = list(policies.data["jurisdictions"].values())
    programs = list(policies.data["programs"].values())
    citations = {}
    for c in sorted({split(c)[0] for c in _cited(jurisdictions, programs, national) if c}):
        resolved = policies.cite(c)
        if resolved is not None:
            citations[c] = {"label": resolved.label, "url": resolved.url}
    return model_bundle_json(jurisdictions, programs, national, citations)


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
