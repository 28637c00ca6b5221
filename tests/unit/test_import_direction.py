"""Imports run one way: data and engine below, the builder above, and the engine has no import circle.
ARCHITECTURE.md names the directions. (screener/cli.py refreshes the bundle in a checkout by running the
builder's bundle step in its own process, never by importing it.)"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


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
        bad = sorted(m for m in imports(path) if m.startswith(forbidden))
        if bad:
            out[rel] = bad
    return out


def test_the_engine_imports_nothing_from_the_builder_or_tests():
    assert offenders("screener", ("builder", "tests")) == {}


def test_loading_policies_never_imports_page_or_print_code():
    forbidden = ("builder.pages", "builder.guide_site", "builder.print", "builder.screener_assets", "builder.screener_page",
                 "builder.engine_package", "builder.precompress", "builder.embed",
                 "builder.site", "builder.worksheet")
    assert offenders("builder/policies", forbidden) == {}


def test_the_worksheet_sits_above_the_data_and_beside_the_pages():
    assert offenders("builder/worksheet", ("builder.site", "builder.print", "builder.guide_site", "tests")) == {}


def screener_imports() -> dict[str, set[str]]:
    """screener module → the screener modules it imports anywhere in it (also inside functions)."""
    mods = {".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"): p
            for p in (ROOT / "screener").rglob("*.py") if "web" not in p.parts}

    def module_of(m: str) -> str:
        while m and m not in mods:              # screener.context.yuan → screener.context
            m = m.rpartition(".")[0]
        return m

    graph = {}
    for name, path in mods.items():
        deps = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                deps.update(module_of(f"{node.module}.{a.name}") for a in node.names)
            elif isinstance(node, ast.Import):
                deps.update(module_of(a.name) for a in node.names)
        graph[name] = deps - {"", name}
    return graph


def test_no_import_circle_in_the_engine():
    graph = screener_imports()
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> None:
        if module in path:
            raise AssertionError("import circle: " + " → ".join(path[path.index(module):] + [module]))
        if module in done:
            return
        for dep in sorted(graph[module]):
            visit(dep, path + [module])
        done.add(module)

    for module in sorted(graph):
        visit(module, [])
    assert graph["screener.engine"] >= {"screener.context", "screener.data"}     # the graph is the real one


def test_no_rule_module_keeps_state_between_households():
    """Sharing between households belongs to the bundle (screener/sharing.py), never to rule code: no
    module-level dict, list or set is written to in screener/programs/, context.py or engine.py."""
    for path in [*(ROOT / "screener" / "programs").glob("*.py"), ROOT / "screener" / "context.py",
                 ROOT / "screener" / "engine.py"]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        mutable = {t.id for node in tree.body if isinstance(node, (ast.Assign, ast.AnnAssign))
                   for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
                   if isinstance(t, ast.Name) and isinstance(node.value, (ast.Dict, ast.List, ast.Set))
                   and not t.id.isupper()}
        assert not mutable, f"{path.relative_to(ROOT)} keeps {sorted(mutable)} between households"
