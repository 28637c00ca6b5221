"""The screener in the site: its page (questions as plain HTML) and its engine (Pyodide + our wheel).

    page step   write_screener_page   docs/screener/index.md  ← templates/screener/ + screener/questions.py
    asset step  write_screener_assets site/screener/{flow,app,engine,worker}.js, screener.css, data.json
                                      site/screener/engine/<hash>/  Pyodide 0.29 + trimmed stdlib + wheel + lock
                                      site/sw.js                    the service worker (offline second visit)

The engine directory is named by the hash of its contents, so servers may cache it for ever
(deploy/nginx.conf, deploy/apache.htaccess) and the service worker can tell versions apart.

How the engine is made small and quick to start (facts in ../shared/research/pyodide-and-site.md):
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
- each engine file gets precompressed siblings, `<name>.br` (brotli, quality 11) and `<name>.gz`
  (zopfli), which builder/serve.py and the deploy/ settings send as they are: 2.9 MB in transit
  with brotli, 3.5 MB with the .gz copies, 3.9 MB with gzip on the fly. Both are cached in
  .cache/engine/ by content, since brotli at quality 11 needs ~20 s for the wasm;
- the files are byte-for-byte reproducible (fixed zip dates, hash-stamped .pyc), so the engine
  folder keeps its name from build to build and returning visitors keep their copy.
"""

from __future__ import annotations

import hashlib
import html.parser
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from builder.errors import UserFacingError
from builder.delivery import PRECOMPRESSED

ROOT = Path(__file__).resolve().parent.parent
PYODIDE = ROOT / "node_modules" / "pyodide"
PYODIDE_VERSION = "0.29.5"
PYODIDE_FILES = ("pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm")
ENGINE_PACKAGE = ROOT / "screener"
WEB = ENGINE_PACKAGE / "web"
WEB_FILES = ("flow.js", "app.js", "engine.js", "screener.css")
WHEEL_VERSION = "1.0.0"
# Not in the browser's wheel: the command line, its roster reader and text output, and what only the build
# reads (the question definitions it turns into the page, the list of clause ids written in rule code).
# The worker imports `screener` and evaluates; tests/unit/test_screener_assets.py checks the two agree.
NOT_IN_BROWSER = {"__main__.py", "cli.py", "batch.py", "roster.py", "explain.py", "questions.py", "rules.py"}

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


# ---------------------------------------------------------------------------------------------------------------
# Data the page and the engine share

def chosen_jurisdictions(ctx) -> list[dict]:
    """The engine data of the jurisdictions this build is for."""
    return [ctx.engine_bundle["jurisdictions"][j.id] for j in ctx.jurisdictions]


def routing_units(j: dict) -> list[dict]:
    """The offices a resident picks where she lives: the townships (乡镇、街道) where the place's
    offices are townships (枞阳, 鹤城); its districts and counties where they are (运城, 天津)."""
    towns = [o for o in j["offices"] if o["level"] == "township"]
    return towns or [o for o in j["offices"] if o["level"] == "county" and o["id"] != j["fallback_office"]
                     and o.get("kind", "minzheng") == "minzheng"]


def _place_name(o: dict) -> str:
    """A district's office stands for the district: "和平区民政局" is answered as "和平区"."""
    return o["name"].removesuffix("民政局") if o["level"] == "county" else o["name"]


def questions_data(ctx) -> dict:
    """screener/questions.py's data with `choices_from` filled from the engine data."""
    from screener import questions

    bundle = ctx.engine_bundle
    js = chosen_jurisdictions(ctx)
    data = questions.data()
    cash = [p for p in bundle["programs"].values() if p["kind"] == "cash"]
    for screen in data["screens"]:
        for f in screen["fields"]:
            source = f.pop("choices_from")
            if source is None:
                continue
            if source == "jurisdictions":
                f["choices"] = [{"value": j["id"], "label": j["name"], "json": j["id"], "help": "",
                                 "exclusive": False} for j in js] + f["choices"]
            elif source == "programs":
                f["choices"] = [{"value": p["id"], "label": p["name"], "json": p["id"], "help": "",
                                 "exclusive": False} for p in cash] + f["choices"]
            elif source == "townships":
                f["choices_by_j"] = {
                    j["id"]: [{"value": o["id"], "label": _place_name(o), "json": o["id"], "help": "",
                               "exclusive": False} for o in routing_units(j)] + f["choices"]
                    for j in js}
            else:
                raise UserFacingError(f"screener/questions.py: field {f['id']}: unknown choices_from {source!r}")
    data["jurisdictions"] = [{"id": j["id"], "name": j["name"]} for j in js]
    data["fixed_jurisdiction"] = js[0]["id"] if len(js) == 1 else None
    return data


def _offices_for_failure(bundle: dict, js: list[dict]) -> list[dict]:
    """What the page shows when the engine cannot start: the county office and the hotline."""
    out = []
    for j in js:
        offices = {o["id"]: o for o in j["offices"]}
        fallback = offices[j["fallback_office"]]
        out.append({"id": j["id"], "name": j["name"], "office": fallback, "hotline": j["hotline"]})
    return out


def render_app(ctx, site_root: str, assets: str, embed: bool = False) -> str:
    """The screener's HTML (questions, review, result, failure screen, scripts) for a page whose
    URL is `site_root` below the site's root and which finds the screener's files at `assets`.
    The screener page wraps it in the site's chrome; the embed page uses it bare."""
    from builder.templates import render

    bundle = ctx.engine_bundle
    js = chosen_jurisdictions(ctx)
    data = questions_data(ctx)
    return render("screener/app.html.j2", q=data, screens=data["screens"], ui=data["ui"], site_root=site_root,
                  assets=assets, embed=embed, failure=_offices_for_failure(bundle, js),
                  data_json=json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/"))


# ---------------------------------------------------------------------------------------------------------------
# Page step

def write_screener_page(ctx) -> None:
    from builder.templates import render

    page = ctx.docs_dir / "screener" / "index.md"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(render("screener/page.md.j2", app=render_app(ctx, site_root="../", assets="./")),
                    encoding="utf-8")


# ---------------------------------------------------------------------------------------------------------------
# Asset step

@dataclass
class Engine:
    directory: str              # site-relative, e.g. "screener/engine/3f2a…/"
    files: dict[str, str]       # role → file name inside `directory`
    sizes: dict[str, int]       # file name → bytes
    wheel_sha256: str


def write_screener_assets(ctx) -> None:
    site = ctx.site_dir
    target = site / "screener"
    if not (target / "index.html").exists():
        raise UserFacingError("the screener page is missing from the built site (write_screener_page did not run)")
    bundle = ctx.engine_bundle
    engine = build_engine(bundle, site)
    for name in WEB_FILES:
        shutil.copyfile(WEB / name, target / name)
    config = {
        "version": PYODIDE_VERSION, "dir": "engine/" + engine.directory.split("screener/engine/", 1)[1],
        "files": engine.files, "sizes": engine.sizes, "wheel_integrity": _sri(engine.wheel_sha256),
    }
    _write_with_header(WEB / "worker.js", target / "worker.js", "MINGBAI_ENGINE", config)
    (target / "data.json").write_text(json.dumps(_site_data(ctx, bundle), ensure_ascii=False,
                                                 separators=(",", ":")), encoding="utf-8")
    pages = [p for p in ("screener/", "embed/") if (site / p / "index.html").exists()]
    precache = set(pages)
    for p in pages:
        precache |= _subresources(site, p)
    precache |= {f"screener/{n}" for n in (*WEB_FILES, "worker.js", "data.json")}
    precache |= _search_files(site)
    precache |= {engine.directory + n for n in engine.files.values()}
    places = place_pages(ctx, precache)
    version = hashlib.sha256(json.dumps(sorted(precache)).encode() + engine.directory.encode()).hexdigest()[:12]
    for url in sorted(precache | {u for urls in places.values() for u in urls}):
        if not url.endswith("/"):
            version = hashlib.sha256(version.encode() + _file_hash(site / url).encode()).hexdigest()[:12]
    _write_with_header(WEB / "sw.js", site / "sw.js", "MINGBAI_SW", {
        "version": version, "precache": sorted(precache), "immutable": engine.directory, "places": places})


def place_pages(ctx, precache: set[str]) -> dict[str, list[str]]:
    """Per place, what the service worker keeps once the screener of that place was opened: the home
    page, the place's guides and offices, the glossary, and what those pages load that the screener
    did not (site-relative; pages end in "/")."""
    site = ctx.site_dir
    places = {}
    for j in chosen_jurisdictions(ctx):
        pages = ["./", f"guides/{j['id']}/", f"offices/{j['id']}/", "glossary/"]
        pages += sorted(f"{p.parent.relative_to(site).as_posix()}/"
                        for p in (site / "guides" / j["id"]).glob("*/index.html"))
        pages = [p for p in pages if (site / p / "index.html").exists()]
        found = set(pages)
        for p in pages:
            found |= _subresources(site, "" if p == "./" else p)
        places[j["id"]] = sorted(found - precache)
    return places


def _search_files(site: Path) -> set[str]:
    """mkdocs-material's search (its worker, index and Chinese support), which every page starts:
    kept too, so an offline visit is quiet and the search box still works."""
    found = {"search/search_index.json"} if (site / "search" / "search_index.json").exists() else set()
    for pattern in ("assets/javascripts/workers/*.js", "assets/javascripts/lunr/min/lunr.stemmer.support.min.js",
                    "assets/javascripts/lunr/min/lunr.zh.min.js", "assets/javascripts/lunr/min/lunr.multi.min.js"):
        found |= {p.relative_to(site).as_posix() for p in site.glob(pattern)}
    return found


def _write_with_header(src: Path, dst: Path, name: str, value) -> None:
    header = f"self.{name} = {json.dumps(value, ensure_ascii=False, separators=(',', ':'))};\n"
    dst.write_text(header + src.read_text(encoding="utf-8"), encoding="utf-8")


def _sri(sha256_hex: str) -> str:
    import base64

    return "sha256-" + base64.b64encode(bytes.fromhex(sha256_hex)).decode()


def _file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _site_data(ctx, bundle: dict) -> dict:
    """Citation labels and URLs, the guide pages that exist and each programme's first step, per place."""
    site = ctx.site_dir
    js = chosen_jurisdictions(ctx)
    guides = {j["id"]: [pid for pid in j["programs"] if (site / "guides" / j["id"] / pid / "index.html").exists()]
              for j in js}
    steps = {}
    for j in js:
        steps[j["id"]] = {}
        for pid, p in ctx.policies.data["programs"].items():
            # The result's "how to apply" is the resident's first step, as the guide and print number it.
            mine = p.steps_for(j["id"], ctx.options.today)
            if mine:
                steps[j["id"]][pid] = {"text": mine[0]["text"], "source": mine[0]["source"]}
    return {"citations": bundle["citations"], "guides": guides, "steps": steps}


class _Subresources(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script" and a.get("src"):
            self.urls.append(a["src"])
        elif tag == "link" and a.get("href") and (a.get("rel") or "") in ("stylesheet", "icon", "preload",
                                                                            "modulepreload", "manifest"):
            self.urls.append(a["href"])


def _subresources(site: Path, page: str) -> set[str]:
    """Site-relative URLs of the scripts and styles `page` loads from the site itself."""
    import posixpath
    from urllib.parse import urlsplit

    parser = _Subresources()
    parser.feed((site / page / "index.html").read_text(encoding="utf-8"))
    found = set()
    for url in parser.urls:
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or url.startswith("/"):
            continue
        path = posixpath.normpath(posixpath.join(page, parts.path))
        if (site / path).is_file():
            found.add(path + (f"?{parts.query}" if parts.query else ""))
    return found


# ---------------------------------------------------------------------------------------------------------------
# The engine: Pyodide + trimmed stdlib + our wheel + lock file

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
        package = _stage_package(bundle, tmp / "pkg")
        wheel = _pack_wheel(package, dist)
        _write_lock(lock_info, wheel, dist)
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


def build_engine(bundle: dict, site: Path) -> Engine:
    with tempfile.TemporaryDirectory(prefix="mingbai-engine-out-") as tmp_name:
        ours = make_engine(bundle, Path(tmp_name))
        lock = json.loads(ours["lock"].read_text(encoding="utf-8"))
        wheel_sha = lock["packages"]["screener"]["sha256"]
        parts = {"loader": PYODIDE / "pyodide.js", "asm": PYODIDE / "pyodide.asm.js",
                 "wasm": PYODIDE / "pyodide.asm.wasm", **ours}
        digest = hashlib.sha256()
        for role in sorted(parts):
            digest.update(role.encode() + _file_hash(parts[role]).encode())
        name = digest.hexdigest()[:16]
        out = site / "screener" / "engine" / name
        out.mkdir(parents=True)
        files, sizes = {}, {}
        for role, path in parts.items():
            shutil.copyfile(path, out / path.name)
            files[role] = path.name
            sizes[path.name] = path.stat().st_size
        precompress(out)
    return Engine(directory=f"screener/engine/{name}/", files=files, sizes=sizes, wheel_sha256=wheel_sha)


# ---------------------------------------------------------------------------------------------------------------
# Precompressed copies: <file>.br and <file>.gz beside each engine file

COMPRESSED_CACHE = ROOT / ".cache" / "engine"


def _brotli(data: bytes) -> bytes:
    import brotli

    return brotli.compress(data, quality=11)


def _zopfli(data: bytes) -> bytes:
    import zopfli.gzip

    # 5 iterations: 3.5 % smaller than gzip -9 on the wasm in 12 s; more gains almost nothing.
    return zopfli.gzip.compress(data, numiterations=5)


def precompress(directory: Path) -> None:
    """Write <name>.br and <name>.gz beside every file in `directory` that they make smaller,
    the same bytes a server would send with Content-Encoding br or gzip."""
    precompress_files(sorted(p for p in directory.iterdir() if p.is_file() and p.suffix not in (".br", ".gz")))


def write_search_copies(ctx) -> None:
    """search/search_index.json's precompressed copies (1 MB of text: 100 KB as brotli), fetched
    only when a resident first opens the search (overrides/main.html)."""
    index = ctx.site_dir / "search" / "search_index.json"
    if index.exists():
        precompress_files([index])


def precompress_files(paths: list[Path]) -> None:
    makers = {"br": _brotli, "gzip": _zopfli}
    for path in paths:
        data = path.read_bytes()
        key = hashlib.sha256(data).hexdigest()
        for encoding, suffix in PRECOMPRESSED.items():
            cached = COMPRESSED_CACHE / f"{key}{suffix}"
            if not cached.exists():
                COMPRESSED_CACHE.mkdir(parents=True, exist_ok=True)
                partial = cached.with_name(cached.name + f".{os.getpid()}.tmp")
                partial.write_bytes(makers[encoding](data))
                partial.replace(cached)
            else:
                cached.touch()          # in use: kept by the clean-up below
            if cached.stat().st_size < len(data) * 0.9:
                shutil.copyfile(cached, path.with_name(path.name + suffix))
    # Each change to the engine leaves ~1.5 MB of copies behind: forget those unused for a month.
    for old in COMPRESSED_CACHE.glob("*"):
        if old.stat().st_mtime < time.time() - 30 * 86400:
            old.unlink(missing_ok=True)


def _stage_package(bundle: dict, target: Path) -> Path:
    """A copy of screener/ for the wheel: the Python files and the freshly made bundle.json."""
    src = ENGINE_PACKAGE
    pkg = target / "screener"
    for path in sorted(src.rglob("*.py")):
        rel = path.relative_to(src)
        if rel.parts[0] in ("web", "data") or "__pycache__" in rel.parts or rel.as_posix() in NOT_IN_BROWSER:
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


def _write_lock(info: dict, wheel: Path, dist: Path) -> None:
    from pyodide_lock import InfoSpec, PyodideLockSpec
    from pyodide_lock.utils import add_wheels_to_spec

    spec = PyodideLockSpec(info=InfoSpec.from_dict(info), packages={})
    spec = add_wheels_to_spec(spec, [wheel], base_path=dist)
    spec.to_json(dist / "pyodide-lock.json")


def _update_lock_hash(lock: Path, wheel: Path) -> None:
    from pyodide_lock import PyodideLockSpec

    spec = PyodideLockSpec.from_json(lock)
    spec.packages["screener"].sha256 = _file_hash(wheel)
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
