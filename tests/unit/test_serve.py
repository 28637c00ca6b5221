"""builder/serve.py sends what a correctly configured production server sends: the build's
precompressed copies by the browser's Accept-Encoding, gzip made on the fly otherwise, the
original file's type, ETags answered with 304, and caching for ever only in the engine folder."""

from __future__ import annotations

import gzip
import http.client
import json

import pytest

from builder.serve import accepted_encodings, serve_in_thread

WASM = b"\0asm" + bytes(range(256)) * 64


@pytest.fixture()
def site(tmp_path):
    engine = tmp_path / "screener" / "engine" / "0123abcd"
    engine.mkdir(parents=True)
    (engine / "pyodide.asm.wasm").write_bytes(WASM)
    (engine / "pyodide.asm.wasm.br").write_bytes(b"BROTLI-BYTES")
    (engine / "pyodide.asm.wasm.gz").write_bytes(gzip.compress(WASM, mtime=0))
    (engine / "python_stdlib.zip").write_bytes(b"PK" + b"stored " * 500)     # no copies beside it
    (tmp_path / "index.html").write_text("<!doctype html><title>明白</title>" + "<p>字</p>" * 200, encoding="utf-8")
    (tmp_path / "data.json").write_text(json.dumps({"a": list(range(300))}), encoding="utf-8")
    (tmp_path / "guides").mkdir()
    (tmp_path / "guides" / "index.html").write_text("<p>guides</p>", encoding="utf-8")
    return tmp_path


@pytest.fixture()
def server_of(site):
    """server_of(**serve_in_thread options) → request(path, method, **headers) → (response, body)."""
    servers = []

    def start(**options):
        server, _ = serve_in_thread(site, **options)
        servers.append(server)
        host, port = server.server_address[:2]

        def request(path, method="GET", **headers):
            conn = http.client.HTTPConnection(host, port, timeout=10)
            conn.request(method, path, headers=headers)
            response = conn.getresponse()
            body = response.read()
            conn.close()
            return response, body

        return request

    yield start
    for server in servers:
        server.shutdown()


@pytest.fixture()
def get(server_of):
    return server_of()


def test_brotli_copy_when_the_browser_takes_brotli(get):
    r, body = get("/screener/engine/0123abcd/pyodide.asm.wasm", **{"Accept-Encoding": "gzip, deflate, br, zstd"})
    assert r.status == 200 and body == b"BROTLI-BYTES"
    assert r.headers["Content-Encoding"] == "br" and r.headers["Content-Type"] == "application/wasm"
    assert r.headers["Content-Length"] == str(len(body)) and r.headers["Vary"] == "Accept-Encoding"


def test_gzip_copy_when_brotli_is_not_accepted(get):
    for header in ("gzip", "gzip, br;q=0"):
        r, body = get("/screener/engine/0123abcd/pyodide.asm.wasm", **{"Accept-Encoding": header})
        assert r.headers["Content-Encoding"] == "gzip" and gzip.decompress(body) == WASM, header


def test_plain_file_without_accept_encoding(get):
    r, body = get("/screener/engine/0123abcd/pyodide.asm.wasm")
    assert body == WASM and "Content-Encoding" not in r.headers
    assert r.headers["Content-Type"] == "application/wasm"


def test_gzip_on_the_fly_where_the_build_made_no_copy(get):
    r, body = get("/screener/engine/0123abcd/python_stdlib.zip", **{"Accept-Encoding": "br, gzip"})
    assert r.headers["Content-Encoding"] == "gzip" and gzip.decompress(body).startswith(b"PKstored")
    assert r.headers["Content-Type"] == "application/zip"
    r, body = get("/", **{"Accept-Encoding": "gzip"})
    assert r.headers["Content-Type"] == "text/html; charset=utf-8" and "明白" in gzip.decompress(body).decode()


def test_engine_folder_is_cached_for_ever_and_the_rest_is_revalidated(get):
    r, _ = get("/screener/engine/0123abcd/pyodide.asm.wasm", **{"Accept-Encoding": "br"})
    assert r.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    for path in ("/", "/data.json", "/guides/"):
        r, _ = get(path, **{"Accept-Encoding": "gzip"})
        assert r.headers["Cache-Control"] == "no-cache", path


def test_etag_gives_304_for_the_same_representation_only(get):
    first, _ = get("/data.json", **{"Accept-Encoding": "gzip"})
    etag = first.headers["ETag"]
    again, body = get("/data.json", **{"Accept-Encoding": "gzip", "If-None-Match": etag})
    assert again.status == 304 and body == b"" and again.headers["ETag"] == etag
    assert again.headers["Cache-Control"] == "no-cache"
    plain, body = get("/data.json", **{"If-None-Match": etag})      # another encoding: another ETag
    assert plain.status == 200 and json.loads(body)["a"][-1] == 299 and plain.headers["ETag"] != etag
    wasm, _ = get("/screener/engine/0123abcd/pyodide.asm.wasm", **{"Accept-Encoding": "br"})
    again, body = get("/screener/engine/0123abcd/pyodide.asm.wasm",
                      **{"Accept-Encoding": "br", "If-None-Match": f'W/{wasm.headers["ETag"]}, "other"'})
    assert again.status == 304 and body == b""


def test_head_directory_redirect_and_missing_file(get):
    r, body = get("/screener/engine/0123abcd/pyodide.asm.wasm", method="HEAD", **{"Accept-Encoding": "br"})
    assert r.status == 200 and body == b"" and r.headers["Content-Length"] == str(len(b"BROTLI-BYTES"))
    r, _ = get("/guides")
    assert r.status == 301 and r.headers["Location"].endswith("/guides/")
    r, _ = get("/nothing-here.js", **{"Accept-Encoding": "gzip"})
    assert r.status == 404


def test_no_compression_when_switched_off(server_of):
    r, body = server_of(gzip_enabled=False)("/screener/engine/0123abcd/pyodide.asm.wasm",
                                            **{"Accept-Encoding": "br, gzip"})
    assert body == WASM and "Content-Encoding" not in r.headers


def test_a_server_without_brotli_sends_the_gzip_copy(server_of):
    r, body = server_of(brotli_enabled=False)("/screener/engine/0123abcd/pyodide.asm.wasm",
                                              **{"Accept-Encoding": "br, gzip"})
    assert r.headers["Content-Encoding"] == "gzip" and gzip.decompress(body) == WASM


@pytest.mark.parametrize("header, expected", [
    ("gzip, deflate, br, zstd", {"gzip", "deflate", "br", "zstd"}),
    ("br;q=0, gzip;q=0.5", {"gzip"}),
    ("GZIP ; q=1.0", {"gzip"}),
    ("", set()),
    ("br;q=x", set()),
])
def test_accept_encoding_is_read_with_its_weights(header, expected):
    assert accepted_encodings(header) == expected


def test_no_folder_listing_and_missing_pages_get_the_sites_404(site, server_of):
    (site / "404.html").write_text("<p>页面找不到了</p>", encoding="utf-8")
    get = server_of()
    for path in ("/screener/engine/", "/screener/engine/0123abcd/", "/nothing-here/", "/guides/missing.js"):
        r, body = get(path)
        assert r.status == 404, path
        assert "页面找不到了" in body.decode("utf-8"), path
        assert b"Directory listing" not in body and b"pyodide" not in body


def test_bad_paths_are_answered_400_without_a_traceback(get, capsys):
    for path in ("/a%00b", "/%ff%fe/", "/screener/%00"):
        r, _ = get(path)
        assert r.status == 400, path
    assert "Traceback" not in capsys.readouterr().err
