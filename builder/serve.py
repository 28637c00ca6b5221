"""A static file server for site/ that behaves like a correctly configured production server:
the right MIME types (`.wasm` as application/wasm, without which Pyodide hangs), gzip for
text and wasm when the browser asks, and no caching surprises. Used by `build.py serve`,
the tests and the benchmarks. The settings a county needs on its own server are in
docs/deploy (nginx, Apache) and are checked by a test against the same table.
"""

from __future__ import annotations

import gzip
import http.server
import io
import threading
from functools import lru_cache, partial
from pathlib import Path

MIME_TYPES = {
    ".wasm": "application/wasm",
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".json": "application/json",
    ".webmanifest": "application/manifest+json",
    ".whl": "application/zip",
    ".zip": "application/zip",
    ".pdf": "application/pdf",
    ".svg": "image/svg+xml",
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".xml": "application/xml",
}
COMPRESSIBLE = {".html", ".css", ".js", ".mjs", ".json", ".svg", ".wasm", ".txt", ".xml", ".webmanifest", ".map",
                ".zip", ".whl"}  # the engine's zips are stored uncompressed inside so that this gzip works


@lru_cache(maxsize=512)
def _gzipped(path: str, mtime: float) -> bytes:
    return gzip.compress(Path(path).read_bytes(), compresslevel=6, mtime=0)


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **MIME_TYPES}
    gzip_enabled = True

    def log_message(self, format, *args):  # noqa: A002 - signature fixed by the base class
        if getattr(self.server, "verbose", False):
            super().log_message(format, *args)

    def end_headers(self):
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (self.gzip_enabled and accepts_gzip and path.is_file() and path.suffix in COMPRESSIBLE):
            return super().send_head()
        if not self.path.split("?")[0].endswith("/") and Path(self.translate_path(self.path)).is_dir():
            return super().send_head()  # the base class sends the redirect to the slash URL
        body = _gzipped(str(path), path.stat().st_mtime)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        return io.BytesIO(body)


def make_server(root: Path, host: str = "127.0.0.1", port: int = 0, gzip_enabled: bool = True,
                verbose: bool = False) -> http.server.ThreadingHTTPServer:
    handler = partial(type("Handler", (SiteHandler,), {"gzip_enabled": gzip_enabled}), directory=str(root))
    server = http.server.ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    server.verbose = verbose
    return server


def serve_in_thread(root: Path, **kw) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = make_server(root, **kw)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, port = server.server_address[:2]
    return server, f"http://{host}:{port}"


def serve(root: Path, host: str = "127.0.0.1", port: int = 8000) -> None:
    if not (root / "index.html").exists():
        raise SystemExit(f"{root} has no index.html: run `python3 build.py build` first.")
    server = make_server(root, host, port, verbose=True)
    print(f"Serving {root} at http://{host}:{port}/  (Ctrl+C stops)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("\nstopped.")
    finally:
        server.server_close()
