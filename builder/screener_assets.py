"""The screener's asset step: the page's scripts and data, the engine folder, the service worker.

    asset step  write_screener_assets site/screener/{flow,app,engine,worker}.js, screener.css, data.json
                                      site/screener/engine/<hash>/  Pyodide 0.29 + trimmed stdlib + wheel + lock
                                      site/sw.js                    the service worker (offline second visit)

The engine directory is named by the hash of its contents, so servers may cache it for ever
(deploy/nginx.conf, deploy/apache.htaccess) and the service worker can tell versions apart. What goes
into it: builder/engine_package.py; its .br/.gz copies: builder/precompress.py; the page:
builder/screener_page.py.
"""

from __future__ import annotations

import hashlib
import html.parser
import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from builder.engine_package import ENGINE_PACKAGE, PYODIDE, PYODIDE_VERSION, file_hash, folder_name, make_engine
from builder.errors import UserFacingError
from builder.precompress import precompress, precompress_files
from builder.screener_page import chosen_jurisdictions


ROOT = Path(__file__).resolve().parent.parent
WEB = ENGINE_PACKAGE / "web"
WEB_FILES = ("flow.js", "result.js", "app.js", "engine.js", "screener.css")


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
    ctx.engine_dir, ctx.engine_files = engine.directory, engine.files
    for name in WEB_FILES:
        shutil.copyfile(WEB / name, target / name)
    config = {
        "version": PYODIDE_VERSION, "dir": "engine/" + engine.directory.split("screener/engine/", 1)[1],
        "files": engine.files, "sizes": engine.sizes, "wheel_integrity": _sri(engine.wheel_sha256),
    }
    write_with_header(WEB / "worker.js", target / "worker.js", "MINGBAI_ENGINE", config)
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
            version = hashlib.sha256(version.encode() + file_hash(site / url).encode()).hexdigest()[:12]
    write_with_header(WEB / "sw.js", site / "sw.js", "MINGBAI_SW", {
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


def write_with_header(src: Path, dst: Path, name: str, value) -> None:
    header = f"self.{name} = {json.dumps(value, ensure_ascii=False, separators=(',', ':'))};\n"
    dst.write_text(header + src.read_text(encoding="utf-8"), encoding="utf-8")


def _sri(sha256_hex: str) -> str:
    import base64

    return "sha256-" + base64.b64encode(bytes.fromhex(sha256_hex)).decode()


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


def build_engine(bundle: dict, site: Path) -> Engine:
    with tempfile.TemporaryDirectory(prefix="mingbai-engine-out-") as tmp_name:
        ours = make_engine(bundle, Path(tmp_name))
        lock = json.loads(ours["lock"].read_text(encoding="utf-8"))
        wheel_sha = lock["packages"]["screener"]["sha256"]
        parts = {"loader": PYODIDE / "pyodide.js", "asm": PYODIDE / "pyodide.asm.js",
                 "wasm": PYODIDE / "pyodide.asm.wasm", **ours}
        name = folder_name(parts)
        out = site / "screener" / "engine" / name
        out.mkdir(parents=True)
        files, sizes = {}, {}
        for role, path in parts.items():
            shutil.copyfile(path, out / path.name)
            files[role] = path.name
            sizes[path.name] = path.stat().st_size
        precompress(out)
    return Engine(directory=f"screener/engine/{name}/", files=files, sizes=sizes, wheel_sha256=wheel_sha)


def write_search_copies(ctx) -> None:
    """search/search_index.json's precompressed copies (1 MB of text: 100 KB as brotli), fetched
    only when a resident first opens the search (overrides/main.html)."""
    index = ctx.site_dir / "search" / "search_index.json"
    if index.exists():
        precompress_files([index])
