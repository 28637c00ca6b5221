"""The engine as the browser gets it: our wheel (only the modules the worker imports), the standard
library cut to what Pyodide and the engine import, and the lock file, all precompiled and byte-for-byte
reproducible.

How it is made small and quick to start (facts in ../shared/research/pyodide-and-site.md):
- the standard library is cut to what Pyodide's own start-up and package loader import
  (STARTUP_MODULES, measured) plus what the engine imports while it runs (_PROBE) plus a short
  safety list (EXTRA_MODULES); tests/pyodide/test_pyodide_equality.py runs every golden case
  in Pyodide on exactly this standard library and wheel;
- everything is precompiled with `pyodide py-compile` (host Python 3.13 = the runtime's) and
  stored uncompressed inside the zip so that compression in transit works on it;
- the standard library is compiled with -OO (no docstrings or asserts) and everything with
  `-X no_debug_ranges` (tracebacks keep their line numbers but lose the column markers): 25 %
  fewer bytes in transit. The engine keeps its asserts and docstrings, so it behaves exactly as
  on CPython;
- the files are byte-for-byte reproducible (fixed zip dates, hash-stamped .pyc), so the engine
  folder keeps its name from build to build and returning visitors keep their copy.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import zipfile
from pathlib import Path

from builder.errors import UserFacingError

ROOT = Path(__file__).resolve().parent.parent
PYODIDE = ROOT / "node_modules" / "pyodide"
PYODIDE_VERSION = "0.29.5"
PYODIDE_FILES = ("pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm")
ENGINE_PACKAGE = ROOT / "screener"
WHEEL_VERSION = "1.0.0"


# Not in the browser's wheel: the command line, its roster reader and text output, and what only the build
# reads (the question definitions it turns into the page, the list of clause ids written in rule code).
# The worker imports `screener` and evaluates; tests/unit/test_screener_assets.py checks the two agree.
NOT_IN_BROWSER = {"__main__.py", "cli.py", "batch.py", "roster.py", "discover.py", "explain.py", "questions.py",
                  "rules.py"}
# The caseworkers' page (staff/discover/) runs the roster reader and the batch too.
NOT_IN_STAFF_BROWSER = NOT_IN_BROWSER - {"batch.py", "roster.py", "discover.py"}


# What Pyodide 0.29.5 imports from its standard library to start and to install one pure wheel
# from a lock file: `sys.modules` after loadPyodide({lockFileURL, packages: ["screener"]}) in
# Node, minus importlib's bootstrap modules (Python runs those frozen, not from the zip).
# Re-measure with `measure_startup_modules()` when the pinned Pyodide changes (the build refuses
# another version until then).
STARTUP_MODULES = """
__future__ _colorize _compression _opcode_metadata _pyodide _pyodide._base _pyodide._core_docs
_pyodide._future_helper _pyodide._importhook _pyodide.docs_argspec _pyodide.docstring _pyodide.jsbind
_weakrefset ast asyncio asyncio.base_events asyncio.base_futures asyncio.base_subprocess asyncio.base_tasks
asyncio.constants asyncio.coroutines asyncio.events asyncio.exceptions asyncio.format_helpers asyncio.futures
asyncio.locks asyncio.log asyncio.mixins asyncio.protocols asyncio.queues asyncio.runners
asyncio.selector_events asyncio.sslproto asyncio.staggered asyncio.streams asyncio.subprocess
asyncio.taskgroups asyncio.tasks asyncio.threads asyncio.timeouts asyncio.transports asyncio.trsock
asyncio.unix_events bisect bz2 collections concurrent concurrent.futures concurrent.futures._base contextlib
contextvars copy copyreg dis email encodings encodings.aliases encodings.cp437 encodings.utf_8 enum fnmatch
functools glob heapq importlib importlib._abc importlib.abc importlib.metadata
importlib.metadata._collections importlib.metadata._functools importlib.metadata._itertools
importlib.metadata._meta importlib.resources importlib.resources._common importlib.resources._functional
importlib.resources.abc inspect json json.decoder json.encoder json.scanner keyword linecache logging opcode
operator pathlib pathlib._abc pathlib._local pyodide pyodide._package_loader pyodide._state pyodide.code
pyodide.common pyodide.ffi pyodide.webloop random re re._casefix re._compiler re._constants re._parser
reprlib selectors shutil signal socket string struct subprocess tarfile tempfile textwrap threading token
tokenize traceback types typing warnings weakref zipfile zipfile._path zipfile._path.glob
""".split()


# The safety list: codecs Python may look up by name at run time (UTF-8 with BOM, ASCII,
# Latin-1) although no run we measured needed them; a missing codec is an error no test would
# catch before a resident does. A few KB.
EXTRA_MODULES = ("encodings.utf_8_sig", "encodings.ascii", "encodings.latin_1")


# Pure-Python fallbacks of modules Pyodide has built in (its _datetime, _decimal, _io are C).
NOT_NEEDED = {"_pydatetime", "_pydecimal", "_pyio"}


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def folder_name(parts: dict[str, Path]) -> str:
    """An engine folder's name: the hash of its files by role, so a folder's contents never change."""
    digest = hashlib.sha256()
    for role in sorted(parts):
        digest.update(role.encode() + file_hash(parts[role]).encode())
    return digest.hexdigest()[:16]


def _check_pyodide() -> dict:
    package = PYODIDE / "package.json"
    if not package.exists():
        raise UserFacingError("node_modules/pyodide is missing: run `python3 build.py setup` (it runs npm ci)")
    version = json.loads(package.read_text(encoding="utf-8"))["version"]
    if version != PYODIDE_VERSION:
        raise UserFacingError(
            f"node_modules/pyodide is {version}, but builder/screener_assets.py was measured against "
            f"{PYODIDE_VERSION}: re-measure STARTUP_MODULES with measure_startup_modules() and update both")
    if sys.version_info[:2] != (3, 13):
        raise UserFacingError(f"the engine is precompiled for Pyodide's Python 3.13; this build runs Python "
                              f"{sys.version_info[0]}.{sys.version_info[1]}")
    return json.loads((PYODIDE / "pyodide-lock.json").read_text(encoding="utf-8"))["info"]


def make_engine(bundle: dict, out: Path) -> dict[str, Path]:
    """Our part of the engine, as the site ships it, in `out`: the trimmed precompiled standard
    library, the precompiled wheel and its lock file. Returns role → path ("stdlib", "wheel", "lock")."""
    lock_info = _check_pyodide()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="mingbai-engine-") as tmp_name:
        tmp = Path(tmp_name)
        dist = tmp / "dist"
        dist.mkdir()
        package = _stage_package(bundle, tmp / "pkg", NOT_IN_BROWSER)
        wheel = _pack_wheel(package, dist)
        _write_lock(lock_info, [wheel], dist)
        stdlib = tmp / "stdlib" / "python_stdlib.zip"
        _write_stdlib(package, stdlib)
        _py_compile(dist, optimize=False)
        _py_compile(stdlib, optimize=True)
        wheels = list(dist.glob("*.whl"))
        if len(wheels) != 1 or "cp313" not in wheels[0].name:
            raise UserFacingError(f"pyodide py-compile did not produce one cp313 wheel: {[w.name for w in wheels]}")
        # The same sources must give the same bytes, hence the same engine folder name: else every
        # build would send returning visitors the whole engine again.
        _normalize_zip(stdlib)
        _normalize_zip(wheels[0])
        _update_lock_hash(dist / "pyodide-lock.json", wheels[0])
        parts = {"stdlib": stdlib, "lock": dist / "pyodide-lock.json", "wheel": wheels[0]}
        for path in parts.values():
            shutil.copyfile(path, out / path.name)
    return {role: out / path.name for role, path in parts.items()}


def make_staff_engine(bundle: dict, out: Path, wheels: list[Path]) -> dict[str, Path]:
    """The caseworkers' engine in `out`: the wheel with the roster reader and the batch, the pure-Python
    `wheels` it also loads (openpyxl, for .xlsx), their lock file, and Pyodide's whole standard library
    (openpyxl needs xml.etree and more; this runs on an office PC, not a phone on 4G). Not precompiled:
    it starts once per visit. Returns role → path ("stdlib", "lock", "wheel", and each extra wheel's name)."""
    lock_info = _check_pyodide()
    missing = [w.name for w in wheels if not w.exists()]
    if missing:
        raise UserFacingError(f"{', '.join(missing)} missing: run `python3 build.py setup` (it downloads them)")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="mingbai-staff-engine-") as tmp_name:
        tmp = Path(tmp_name)
        dist = tmp / "dist"
        dist.mkdir()
        wheel = _pack_wheel(_stage_package(bundle, tmp / "pkg", NOT_IN_STAFF_BROWSER), dist)
        _normalize_zip(wheel)
        for w in wheels:
            shutil.copyfile(w, dist / w.name)
        _write_lock(lock_info, [wheel, *(dist / w.name for w in wheels)], dist)
        parts = {"stdlib": PYODIDE / "python_stdlib.zip", "lock": dist / "pyodide-lock.json", "wheel": wheel,
                 **{w.name: dist / w.name for w in wheels}}
        for path in parts.values():
            shutil.copyfile(path, out / path.name)
    return {role: out / path.name for role, path in parts.items()}


def _stage_package(bundle: dict, target: Path, leave_out: set[str]) -> Path:
    """A copy of screener/ for a wheel: the Python files but `leave_out`, and the freshly made bundle.json."""
    src = ENGINE_PACKAGE
    pkg = target / "screener"
    for path in sorted(src.rglob("*.py")):
        rel = path.relative_to(src)
        if rel.parts[0] in ("web", "data") or "__pycache__" in rel.parts or rel.as_posix() in leave_out:
            continue
        (pkg / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, pkg / rel)
    (pkg / "data").mkdir(parents=True, exist_ok=True)
    (pkg / "data" / "bundle.json").write_text(
        json.dumps(bundle, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    return target


def _pack_wheel(staged: Path, dist: Path) -> Path:
    info = staged / f"screener-{WHEEL_VERSION}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: screener\nVersion: {WHEEL_VERSION}\n"
        "Summary: Mingbai's eligibility engine (standard-library Python)\n", encoding="utf-8")
    (info / "WHEEL").write_text("Wheel-Version: 1.0\nGenerator: mingbai-build\nRoot-Is-Purelib: true\n"
                                "Tag: py3-none-any\n", encoding="utf-8")
    _run([sys.executable, "-m", "wheel", "pack", str(staged), "-d", str(dist)], "wheel pack")
    return next(dist.glob("*.whl"))


def _write_lock(info: dict, wheels: list[Path], dist: Path) -> None:
    from pyodide_lock import InfoSpec, PyodideLockSpec
    from pyodide_lock.utils import add_wheels_to_spec

    spec = PyodideLockSpec(info=InfoSpec.from_dict(info), packages={})
    spec = add_wheels_to_spec(spec, wheels, base_path=dist)
    spec.to_json(dist / "pyodide-lock.json")


def _update_lock_hash(lock: Path, wheel: Path) -> None:
    from pyodide_lock import PyodideLockSpec

    spec = PyodideLockSpec.from_json(lock)
    spec.packages["screener"].sha256 = file_hash(wheel)
    spec.to_json(lock)


# Run in a bare CPython (no site-packages: the engine must need nothing but the standard library):
# import the engine, evaluate a spread of households in every place, and list the standard-library
# modules that got imported from files (built-in and frozen ones need no file, in CPython or Pyodide).
_PROBE = r"""
import json, sys
before = set(sys.modules)
import screener, screener.engine
screener.use_bundle(sys.argv[1])
kinds = ("fire", "flood", "accident", "illness", "other")
for j in screener.list_jurisdictions():
    towns = [o["id"] for o in screener.list_offices(j["id"]) if o["level"] == "township"] or [None]
    money = {"farming": 300, "business": 0, "property": 0, "support_received": 100, "basic_pension": 150, "other": 0}
    households = [
        {"members": [{"age": 72}]},
        {"members": [{"age": 70, "labor": "none", "self_care": "partial"}], "supporters": "none", "area": "rural",
         "income_monthly": money, "assets_over_limit": False, "receiving": []},
        {"members": [{"age": 40, "labor": "full", "wages_monthly": 1800, "newly_employed": True},
                     {"age": 38, "disability": {"category": "mental", "grade": 3}, "serious_illness": True},
                     {"age": 17, "student": "high_school"}, {"age": 8}],
         "area": "urban", "hukou_township": towns[0], "residence_township": towns[-1], "residence_permit": True,
         "income_monthly": money, "supporters": "unable", "last_year_income": 20000,
         "expenses_year": {"medical": 30000, "education": 5000}, "assets_over_limit": None,
         "receiving": ["dibao"], "emergency": {"kind": kinds[len(towns) % 5], "township": towns[-1]}},
        {"members": [{"age": 30, "wages_monthly": 90000}], "income_monthly": {"other": 50000}},
        {"members": [{"age": 200}]}, {"members": []}, {"members": [{"age": 50, "labor": "x"}]},
    ]
    for h in households:
        try:
            screener.to_json(screener.evaluate(h, jurisdiction=j["id"], date="2026-01-01"))
        except screener.HouseholdError as e:
            str(e)
spec = lambda m: getattr(getattr(sys.modules[m], "__spec__", None), "origin", None)
print(json.dumps(sorted(m for m in set(sys.modules) - before
                        if not m.startswith("screener") and spec(m) not in ("built-in", "frozen", None))))
"""


def engine_modules(staged: Path, bundle_path: Path) -> set[str]:
    """Standard-library modules the engine imports while it runs (see _PROBE)."""
    done = subprocess.run([sys.executable, "-S", "-E", "-s", "-c", _PROBE, str(bundle_path)], cwd=staged,
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise UserFacingError("the screener engine failed to run from its wheel's files in a bare Python "
                              f"(standard library only):\n{done.stderr.strip()[-2000:]}")
    return set(json.loads(done.stdout.strip().splitlines()[-1])) - NOT_NEEDED


def _write_stdlib(staged: Path, target: Path) -> None:
    """The trimmed standard library, .py files stored uncompressed (py-compile turns them into .pyc)."""
    stock = zipfile.ZipFile(PYODIDE / "python_stdlib.zip")
    wanted = set(STARTUP_MODULES) | set(EXTRA_MODULES) | engine_modules(staged, staged / "screener" / "data" / "bundle.json")
    names = set(stock.namelist())
    picked = set()
    for module in wanted:
        base = module.replace(".", "/")
        for candidate in (base + ".py", base + "/__init__.py"):
            if candidate in names:
                picked.add(candidate)
        # A package's parents must be importable too.
        parts = module.split(".")
        for i in range(1, len(parts)):
            init = "/".join(parts[:i]) + "/__init__.py"
            if init in names:
                picked.add(init)
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_STORED) as out:
        for name in sorted(picked):
            out.writestr(zipfile.ZipInfo(name, date_time=FIXED_DATE), stock.read(name))


FIXED_DATE = (2020, 1, 1, 0, 0, 0)


def _normalize_zip(path: Path) -> None:
    """Rewrite a zip with fixed dates and permissions and every entry stored uncompressed."""
    with zipfile.ZipFile(path) as z:
        entries = [(info.filename, z.read(info)) for info in z.infolist()]
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as out:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=FIXED_DATE)
            info.external_attr = 0o644 << 16
            out.writestr(info, data)


def _py_compile(path: Path, optimize: bool) -> None:
    """`pyodide py-compile` (pyodide-build), zip entries stored. The compiling interpreter runs
    with `-X no_debug_ranges` (no column positions in the code objects: about a quarter of the
    standard library's bytes) and, with optimize, with -OO (no docstrings or asserts)."""
    scripts = Path(sysconfig.get_path("scripts"))
    cli = scripts / "pyodide"
    if not cli.exists():
        cli = Path(sys.executable).parent / "pyodide"
    cmd = [sys.executable, *(["-OO"] if optimize else []), "-X", "no_debug_ranges", str(cli), "py-compile", "--silent", "--no-keep",
           "--compression-level", "0", str(path)]
    _run(cmd, "pyodide py-compile", cwd=path.parent)


def _run(cmd: list[str], what: str, cwd: Path | None = None) -> None:
    # SOURCE_DATE_EPOCH: py_compile then stamps each .pyc with its source's hash, not the time.
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "SOURCE_DATE_EPOCH": "1577836800"}
    done = subprocess.run(cmd, cwd=cwd or ROOT, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise UserFacingError(f"{what} failed while packaging the screener engine:\n{done.stderr.strip()[-2000:]}")


def measure_startup_modules(wheel_dir: Path) -> list[str]:
    """Re-measure STARTUP_MODULES: start stock Pyodide in Node, install the wheel in `wheel_dir`
    (with its pyodide-lock.json) and list the standard-library modules that got imported."""
    script = f"""
const {{ loadPyodide }} = await import({json.dumps((PYODIDE / "pyodide.mjs").as_uri())});
const py = await loadPyodide({{ lockFileURL: {json.dumps(str(wheel_dir / "pyodide-lock.json"))},
                                packages: ["screener"] }});
console.log(py.runPython(`import sys, json
json.dumps(sorted(n for n, m in sys.modules.items()
    if (getattr(m, '__file__', None) or '').startswith('/lib/python313.zip')))`));
"""
    done = subprocess.run(["node", "--input-type=module", "-e", script], capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise UserFacingError(f"measuring Pyodide's start-up failed:\n{done.stderr[-2000:]}")
    frozen = ("_frozen_importlib", "importlib._bootstrap")
    return [m for m in json.loads(done.stdout.strip().splitlines()[-1]) if not m.startswith(frozen)]
