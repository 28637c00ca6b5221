"""The server settings a county copies (deploy/) say what builder/serve.py does, and the built
site's engine is served the way Pyodide needs (.wasm as application/wasm, gzip in transit)."""

from __future__ import annotations

import json
import re
import urllib.request

from builder.serve import COMPRESSIBLE, MIME_TYPES
from tests.conftest import ROOT

NGINX = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
APACHE = (ROOT / "deploy" / "apache.htaccess").read_text(encoding="utf-8")


def _without_comments(text: str) -> str:
    """nginx: `#` to the end of the line. Apache only has whole-line comments (`#` may sit in a regex)."""
    if text is APACHE:
        return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    return "\n".join(line.split("#", 1)[0] for line in text.splitlines())


def nginx_types() -> dict[str, str]:
    block = re.search(r"\btypes\s*\{([^}]*)\}", _without_comments(NGINX)).group(1)
    out = {}
    for entry in block.split(";"):
        words = entry.split()
        for ext in words[1:]:
            out["." + ext] = words[0]
    return out


def apache_types() -> dict[str, str]:
    out = {}
    for mime, exts in re.findall(r"^AddType\s+(\S+)\s+(.+)$", _without_comments(APACHE), re.M):
        for ext in exts.split():
            out[ext] = mime
    return out


def test_mime_types_agree_with_the_built_in_server():
    nginx, apache = nginx_types(), apache_types()
    for ext, mime in MIME_TYPES.items():
        base = mime.split(";")[0]
        assert nginx.get(ext) == base, f"deploy/nginx.conf: {ext} should be {base}"
        assert apache.get(ext) == base, f"deploy/apache.htaccess: {ext} should be {base}"
    assert nginx[".wasm"] == apache[".wasm"] == "application/wasm"


def test_gzip_covers_what_the_built_in_server_compresses():
    text = _without_comments(NGINX)
    nginx_gzip = set(re.search(r"gzip_types([^;]*);", text).group(1).split()) | {"text/html"}  # html: always
    apache_gzip = set(re.search(r"AddOutputFilterByType\s+DEFLATE\s+(.+)$", _without_comments(APACHE), re.M)
                      .group(1).split())
    for ext in COMPRESSIBLE:
        if ext in MIME_TYPES:
            base = MIME_TYPES[ext].split(";")[0]
            assert base in nginx_gzip, f"deploy/nginx.conf gzip_types lacks {base} ({ext})"
            assert base in apache_gzip, f"deploy/apache.htaccess DEFLATE lacks {base} ({ext})"


def test_engine_folder_is_cached_for_ever_and_pages_are_revalidated():
    nginx = _without_comments(NGINX)
    engine = re.search(r"location\s+/screener/engine/\s*\{([^}]*)\}", nginx).group(1)
    assert "max-age=31536000" in engine and "immutable" in engine
    rest = re.search(r"location\s+/\s*\{([^}]*)\}", nginx).group(1)
    assert '"no-cache"' in rest
    apache = _without_comments(APACHE)
    assert re.search(r"REQUEST_URI.*screener/engine/.*\n\s*Header set Cache-Control \"public, max-age=31536000, "
                     r"immutable\"", apache)
    assert 'Header set Cache-Control "no-cache"' in apache


def _get(url: str, gzip: bool):
    headers = {"Accept-Encoding": "gzip"} if gzip else {}
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers)) as response:
        return response.headers, len(response.read())


def test_served_engine_has_the_right_types_and_is_gzipped(site_url, built_site):
    engine = next(built_site.glob("screener/engine/*/"))
    base = f"{site_url}/screener/engine/{engine.name}/"
    for gzip in (False, True):
        headers, _ = _get(base + "pyodide.asm.wasm", gzip)
        assert headers["Content-Type"] == "application/wasm"
    for name in ("pyodide.asm.wasm", "python_stdlib.zip", "pyodide.asm.js", next(engine.glob("*.whl")).name):
        headers, size = _get(base + name, True)
        assert headers.get("Content-Encoding") == "gzip", name
        assert size < (engine / name).stat().st_size * 0.8, f"{name} barely shrinks in transit"


def test_engine_is_precompiled_trimmed_and_locked(built_site):
    import zipfile

    engine = next(built_site.glob("screener/engine/*/"))
    wheel = next(engine.glob("*.whl"))
    assert wheel.name.endswith("-cp313-none-any.whl")                     # pyodide py-compile ran
    lock = json.loads((engine / "pyodide-lock.json").read_text())
    assert list(lock["packages"]) == ["screener"] and lock["packages"]["screener"]["file_name"] == wheel.name
    with zipfile.ZipFile(engine / "python_stdlib.zip") as z:
        names = z.namelist()
        assert all(i.compress_type == zipfile.ZIP_STORED for i in z.infolist())   # so gzip helps in transit
    assert names and not [n for n in names if n.endswith(".py")]                  # all .pyc
    assert "json/__init__.pyc" in names and "unittest/__init__.pyc" not in names   # trimmed
    with zipfile.ZipFile(wheel) as z:
        assert "screener/data/bundle.json" in z.namelist()
        assert not [n for n in z.namelist() if n.endswith(".py") or n.startswith("screener/web/")]
    worker = (built_site / "screener" / "worker.js").read_text()
    config = json.loads(re.match(r"self\.MINGBAI_ENGINE = (.*);\n", worker).group(1))
    assert config["dir"] == f"engine/{engine.name}/"
    sw = (built_site / "sw.js").read_text()
    precache = json.loads(re.match(r"self\.MINGBAI_SW = (.*);\n", sw).group(1))["precache"]
    for url in precache:
        assert (built_site / url).exists() or (built_site / url / "index.html").exists(), url
    assert f"screener/engine/{engine.name}/pyodide.asm.wasm" in precache and "screener/" in precache


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_real_nginx_with_the_deploy_settings_sends_every_header_on_every_location(built_site, tmp_path):
    """deploy/nginx.conf as a county would use it, on real nginx (Debian's), embedding limited to
    one site: the embed page keeps nosniff and no-cache beside its frame-ancestors header (nginx
    drops inherited add_header lines in a location with its own), folders are not listed, and a
    missing page gets the site's 404.html."""
    import shutil
    import subprocess
    import time
    import urllib.error

    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    port = _free_port()
    server = NGINX.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{port};")
    server = server.replace("root /var/www/mingbai/site;", f"root {built_site};")
    server = server.replace("include mime.types;", "include /etc/nginx/mime.types;")
    server = server.replace("brotli_static on;", "")          # Debian's nginx-light has no brotli module
    server = server.replace('# add_header Content-Security-Policy "frame-ancestors',
                            'add_header Content-Security-Policy "frame-ancestors')
    conf = tmp_path / "nginx.conf"
    conf.write_text(f"""pid {tmp_path}/nginx.pid; error_log {tmp_path}/error.log;
events {{}}
http {{ access_log off; client_body_temp_path {tmp_path}; proxy_temp_path {tmp_path};
fastcgi_temp_path {tmp_path}; uwsgi_temp_path {tmp_path}; scgi_temp_path {tmp_path};
{server}
}}""", encoding="utf-8")
    proc = subprocess.Popen([nginx, "-p", str(tmp_path), "-c", str(conf), "-g", "daemon off;"],
                            stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/", timeout=1)
                break
            except (urllib.error.URLError, ConnectionError):
                assert proc.poll() is None, proc.stderr.read().decode()
                time.sleep(0.05)

        def head(path):
            try:
                with urllib.request.urlopen(base + path, timeout=5) as r:
                    return r.status, r.headers, r.read()
            except urllib.error.HTTPError as e:
                return e.code, e.headers, e.read()

        status, h, _ = head("/embed/?j=zongyang")
        assert status == 200
        assert h["X-Content-Type-Options"] == "nosniff" and h["Cache-Control"] == "no-cache"
        assert "frame-ancestors 'self'" in h["Content-Security-Policy"]
        status, h, _ = head("/screener/")
        assert status == 200 and h["X-Content-Type-Options"] == "nosniff" and h["Cache-Control"] == "no-cache"
        engine = next(built_site.glob("screener/engine/*/"))
        status, h, _ = head(f"/screener/engine/{engine.name}/pyodide.asm.wasm")
        assert status == 200 and h["Content-Type"] == "application/wasm" and "immutable" in h["Cache-Control"]
        status, _, body = head(f"/screener/engine/{engine.name}/")
        assert status in (403, 404) and b"pyodide.asm.wasm" not in body
        status, _, body = head("/no-such-page/")
        assert status == 404 and body == (built_site / "404.html").read_bytes()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
