"""A static file server for site/ that behaves like a correctly configured production server
(deploy/nginx.conf, deploy/apache.htaccess): the right MIME types (`.wasm` as application/wasm,
without which Pyodide hangs); the build's precompressed `<file>.br` / `<file>.gz` copies when
the browser accepts them, else gzip on the fly for text and wasm; ETags with 304 answers; and
caching as the deploy settings say (the engine folder, named by its contents' hash, for ever;
everything else revalidated on each visit). Used by `build.py serve`, the tests and the
benchmarks. tests/browser/test_screener_deploy.py checks the deploy files against the tables here.
"""

from __future__ import annotations

import email.utils
import gzip
import http.server
import io
import threading
from functools import lru_cache, partial
from pathlib import Path
from urllib.parse import unquote, urlsplit

from builder.delivery import PRECOMPRESSED

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
IMMUTABLE = "/screener/engine/"          # folder names are content hashes: cache for ever
CACHE_FOREVER = "public, max-age=31536000, immutable"
CACHE_CHECK = "no-cache"


@lru_cache(maxsize=512)
def _gzipped(path: str, mtime: float) -> bytes:
    return gzip.compress(Path(path).read_bytes(), compresslevel=6, mtime=0)


def accepted_encodings(header: str) -> set[str]:
    """The content codings an Accept-Encoding header allows (those with q > 0), lower case."""
    out = set()
    for item in header.split(","):
        name, *params = [p.strip() for p in item.split(";")]
        q = 1.0
        for p in params:
            key, _, value = p.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if name and q > 0:
            out.add(name.lower())
    return out


def _etag_matches(header: str | None, etag: str) -> bool:
    if not header:
        return False
    tags = [t.strip() for t in header.split(",")]
    return "*" in tags or any(t.removeprefix("W/") == etag for t in tags)


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **MIME_TYPES}
    gzip_enabled = True          # on-the-fly gzip and the precompressed copies
    brotli_enabled = True        # the .br copies (off: a server without brotli, for the benchmark)

    def log_message(self, format, *args):  # noqa: A002 - signature fixed by the base class
        if getattr(self.server, "verbose", False):
            super().log_message(format, *args)

    def end_headers(self):
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def _url_path(self) -> str | None:
        """The request's path, decoded; None when it is not text or holds a NUL (answered 400)."""
        try:
            path = unquote(urlsplit(self.path).path, errors="strict")
        except (UnicodeDecodeError, ValueError):
            return None
        return None if "\0" in path else path

    def send_error(self, code, message=None, explain=None):
        """Missing pages get the site's own 404.html (as nginx's and Apache's error_page do)."""
        page = Path(self.directory) / "404.html"
        if code != 404 or self.command == "HEAD" or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", MIME_TYPES[".html"])
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", CACHE_CHECK)
        self.end_headers()
        self.wfile.write(body)

    def list_directory(self, path):  # noqa: ARG002 - never list a folder's files
        self.send_error(404)
        return None

    def _representation(self, path: Path) -> tuple[str | None, Path | None, bytes | None]:
        """(Content-Encoding, file to send, bytes to send): a precompressed copy, gzip made now, or the file."""
        if not self.gzip_enabled:
            return None, path, None
        accepted = accepted_encodings(self.headers.get("Accept-Encoding", ""))
        for encoding, suffix in PRECOMPRESSED.items():
            if encoding == "br" and not self.brotli_enabled:
                continue
            copy = path.with_name(path.name + suffix)
            if encoding in accepted and copy.is_file():
                return encoding, copy, None
        if "gzip" in accepted and path.suffix in COMPRESSIBLE:
            return "gzip", None, _gzipped(str(path), path.stat().st_mtime)
        return None, path, None

    def send_head(self):
        url_path = self._url_path()
        if url_path is None:
            self.send_error(400, "Bad request path")
            return None
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not url_path.endswith("/"):
                return super().send_head()      # the base class sends the redirect to the slash URL
            path = path / "index.html"
        if not path.is_file():
            self.send_error(404)                # never a directory listing
            return None
        encoding, send_path, body = self._representation(path)
        stat = path.stat()
        etag = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}-{encoding or "identity"}"'
        compressible = path.suffix in COMPRESSIBLE or encoding is not None
        cache = CACHE_FOREVER if IMMUTABLE in url_path else CACHE_CHECK

        if _etag_matches(self.headers.get("If-None-Match"), etag):
            self.send_response(304)
            self._common_headers(etag, cache, compressible)
            self.end_headers()
            return None
        source = io.BytesIO(body) if body is not None else open(send_path, "rb")  # noqa: SIM115 - closed by the caller
        length = len(body) if body is not None else send_path.stat().st_size
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        if encoding:
            self.send_header("Content-Encoding", encoding)
        self.send_header("Content-Length", str(length))
        self.send_header("Last-Modified", email.utils.formatdate(stat.st_mtime, usegmt=True))
        self._common_headers(etag, cache, compressible)
        self.end_headers()
        return source

    def _common_headers(self, etag: str, cache: str, compressible: bool) -> None:
        self.send_header("ETag", etag)
        self.send_header("Cache-Control", cache)
        if compressible and self.gzip_enabled:
            self.send_header("Vary", "Accept-Encoding")


def make_server(root: Path, host: str = "127.0.0.1", port: int = 0, gzip_enabled: bool = True,
                verbose: bool = False, brotli_enabled: bool = True) -> http.server.ThreadingHTTPServer:
    handler = partial(type("Handler", (SiteHandler,), {"gzip_enabled": gzip_enabled,
                                                       "brotli_enabled": brotli_enabled}), directory=str(root))
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
