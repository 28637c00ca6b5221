"""The engine the site ships is small in transit and still whole: a standard library of exactly
the modules Pyodide and the engine import (plus the safety list), precompiled without docstrings
or column positions, stored so compression in transit works, and precompressed copies that
are byte for byte the files they stand for. (That the trimmed engine answers every golden case
as CPython does is tests/pyodide/test_pyodide_equality.py.)"""

from __future__ import annotations

import gzip
import json
import marshal
import os
import shutil
import types
import zipfile
from pathlib import Path

import pytest

from builder import engine_package as sa
from builder import precompress as pc

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def engine(tmp_path_factory) -> dict[str, Path]:
    from builder.policies import load_policies
    from builder.policies.bundle import engine_bundle

    return sa.make_engine(engine_bundle(load_policies(ROOT / "policies")), tmp_path_factory.mktemp("engine"))


def _code(data: bytes) -> types.CodeType:
    return marshal.loads(data[16:])          # .pyc: 16-byte header, then the marshalled module


def _all_code(code: types.CodeType):
    yield code
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            yield from _all_code(const)


def _module(name: str) -> str:
    stem = name.removesuffix(".pyc").removesuffix("/__init__")
    return stem.replace("/", ".")


def test_stdlib_is_exactly_the_measured_closure(engine):
    with zipfile.ZipFile(engine["stdlib"]) as z:
        infos = z.infolist()
    names = [i.filename for i in infos]
    assert all(i.compress_type == zipfile.ZIP_STORED for i in infos)
    assert names and all(n.endswith(".pyc") for n in names)
    present = {_module(n) for n in names}
    wanted = set(sa.STARTUP_MODULES) | set(sa.EXTRA_MODULES) | {"dataclasses", "datetime"}
    stock = {_module(n.removesuffix(".py") + ".pyc") for n in zipfile.ZipFile(sa.PYODIDE / "python_stdlib.zip").namelist()
             if n.endswith(".py")}
    assert {m for m in wanted if m in stock} <= present
    # Everything else stays out: no module that nobody imports, only packages' parents beside them.
    parents = {m.rsplit(".", i)[0] for m in wanted for i in range(1, m.count(".") + 1)}
    probe = sa.engine_modules(ROOT, _bundle_file(engine))
    extra = present - wanted - parents - probe
    assert not extra, f"modules nobody imports are shipped: {sorted(extra)}"
    assert not present & {"unittest", "sqlite3", "tkinter", "_pydecimal", "_pydatetime", "_pyio"}


def _bundle_file(engine) -> Path:
    target = engine["wheel"].parent / "bundle-for-probe.json"
    if not target.exists():
        with zipfile.ZipFile(engine["wheel"]) as z:
            target.write_bytes(z.read("screener/data/bundle.json"))
    return target


def test_stdlib_has_no_docstrings_and_no_column_positions_but_keeps_line_numbers(engine):
    with zipfile.ZipFile(engine["stdlib"]) as z:
        code = _code(z.read("json/__init__.pyc"))
    assert not any(isinstance(c, str) and "JSON (JavaScript Object Notation)" in c
                   for co in _all_code(code) for c in co.co_consts)
    positions = [p for co in _all_code(code) for p in co.co_positions()]
    assert positions and all(p[2] is None and p[3] is None for p in positions)      # no columns
    assert any(p[0] is not None for p in positions)                                    # line numbers kept


def test_engine_keeps_its_docstrings_and_asserts(engine):
    with zipfile.ZipFile(engine["wheel"]) as z:
        names = z.namelist()
        code = _code(z.read("screener/__init__.pyc"))
    assert "screener/data/bundle.json" in names and not [n for n in names if n.endswith(".py")]
    assert isinstance(code.co_consts[0], str) and code.co_consts[0].strip()          # the module docstring
    lock = json.loads(engine["lock"].read_text(encoding="utf-8"))
    assert lock["packages"]["screener"]["file_name"] == engine["wheel"].name


def test_precompressed_copies_are_the_same_bytes_and_cached(tmp_path, monkeypatch):
    monkeypatch.setattr(pc, "COMPRESSED_CACHE", tmp_path / "cache")
    folder = tmp_path / "engine"
    folder.mkdir()
    text = ("明白 " * 5000).encode()
    (folder / "big.js").write_bytes(text)
    (folder / "random.bin").write_bytes(os.urandom(6000))
    pc.precompress(folder)
    import brotli

    assert brotli.decompress((folder / "big.js.br").read_bytes()) == text
    assert gzip.decompress((folder / "big.js.gz").read_bytes()) == text
    assert not (folder / "random.bin.br").exists() and not (folder / "random.bin.gz").exists()   # no gain, no copy
    # A second build takes the copies from the cache instead of compressing again.
    for p in folder.glob("*.br"):
        p.unlink()
    for p in folder.glob("*.gz"):
        p.unlink()
    monkeypatch.setattr(pc, "_brotli", lambda data: pytest.fail("compressed again"))
    monkeypatch.setattr(pc, "_zopfli", lambda data: pytest.fail("compressed again"))
    pc.precompress(folder)
    assert brotli.decompress((folder / "big.js.br").read_bytes()) == text
    assert not list(folder.glob("*.br.br"))


def test_server_and_build_read_the_copies_names_from_one_table():
    from builder import delivery, serve

    assert serve.PRECOMPRESSED is delivery.PRECOMPRESSED is pc.PRECOMPRESSED


@pytest.mark.slow
def test_startup_modules_still_cover_what_pyodide_imports(engine, tmp_path):
    """Pyodide's own start-up and package install, measured again in Node on the stock standard
    library: all of it must be in STARTUP_MODULES (else the site's engine would not start)."""
    if shutil.which("node") is None or not (sa.PYODIDE / "pyodide.mjs").exists():
        pytest.fail("需要 Node 和 node_modules/pyodide：先运行 python3 build.py setup")
    wheel_dir = tmp_path / "wheel"
    wheel_dir.mkdir()
    for role in ("wheel", "lock"):
        shutil.copyfile(engine[role], wheel_dir / engine[role].name)
    measured = set(sa.measure_startup_modules(wheel_dir))
    missing = measured - set(sa.STARTUP_MODULES)
    assert not missing, f"Pyodide now imports {sorted(missing)} at start-up: add them to STARTUP_MODULES"


def test_the_wheel_carries_only_what_the_browser_imports(engine, tmp_path):
    """The worker imports `screener` and evaluates: every engine module it loads is in the wheel, and the
    command line, its roster reader, its text output and the question definitions are not."""
    import subprocess
    import sys

    with zipfile.ZipFile(engine["wheel"]) as z:
        z.extractall(tmp_path)
        shipped = {n[:-len(".pyc")].replace("/", ".").removesuffix(".__init__") for n in z.namelist()
                   if n.startswith("screener/") and n.endswith(".pyc")}
    probe = sa._PROBE.split("spec = lambda")[0] + \
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('screener'))))\n"
    done = subprocess.run([sys.executable, "-S", "-E", "-s", "-c", probe, str(_bundle_file(engine))], cwd=tmp_path,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    imported = set(json.loads(done.stdout.strip().splitlines()[-1]))
    assert shipped == imported, (sorted(shipped - imported), sorted(imported - shipped))
    assert not shipped & {f"screener.{m[:-3]}" for m in sa.NOT_IN_BROWSER}
