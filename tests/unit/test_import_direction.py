"""Imports run one way: data and engine below, the builder above. These are the directions already
kept; ARCHITECTURE.md names them. (screener/cli.py still imports the builder to refresh the bundle in a
checkout: the one known exception, issue 16.)"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KNOWN_EXCEPTIONS = {"screener/cli.py"}


def imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
    return found


def offenders(folder: str, forbidden: tuple[str, ...]) -> dict[str, list[str]]:
    out = {}
    for path in sorted((ROOT / folder).rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel in KNOWN_EXCEPTIONS:
            continue
        bad = sorted(m for m in imports(path) if m.startswith(forbidden))
        if bad:
            out[rel] = bad
    return out


def test_the_engine_imports_nothing_from_the_builder_or_tests():
    assert offenders("screener", ("builder", "tests")) == {}


def test_loading_policies_never_imports_page_or_print_code():
    forbidden = ("builder.pages", "builder.guide_site", "builder.print", "builder.screener_assets", "builder.embed",
                 "builder.site", "builder.worksheet")
    assert offenders("builder/policies", forbidden) == {}


def test_the_worksheet_sits_above_the_data_and_beside_the_pages():
    assert offenders("builder/worksheet", ("builder.site", "builder.print", "builder.guide_site", "tests")) == {}
