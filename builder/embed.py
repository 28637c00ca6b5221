"""Embedding: the loader script offices paste (site/embed.js), the messenger inside the
embed frame, and the 嵌入 page where an editor picks settings and copies the snippet."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from builder.templates import render

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "embed"


def write_embedding_page(ctx) -> None:
    """docs/embedding/: the 嵌入 page — choose place, township, colour, programmes; preview; copy."""
    from builder.screener_page import chosen_jurisdictions

    bundle = ctx.engine_bundle
    jurisdictions = chosen_jurisdictions(ctx)
    offices = {j["id"]: [{"id": o["id"], "name": o["name"]} for o in j["offices"] if o["level"] == "township"]
               for j in jurisdictions}
    offered = {p for j in jurisdictions for p in j["programs"]}
    programs = [{"id": p["id"], "name": p["name"]} for p in bundle["programs"].values() if p["id"] in offered]
    page = ctx.docs_dir / "embedding" / "index.md"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(render("embed/embedding.md.j2", site_root="../", jurisdictions=jurisdictions, programs=programs,
                           nginx_embed=deploy_block("nginx.conf", "location /embed/ {", "    }"),
                           apache_embed=deploy_block("apache.htaccess", '<If "%{REQUEST_URI} =~ m#/embed/#">',
                                                     "    </If>"),
                           data_json=json.dumps({"offices": offices}, ensure_ascii=False).replace("</", "<\\/")),
                    encoding="utf-8")
    (ctx.docs_dir / "assets").mkdir(exist_ok=True)
    shutil.copy(STATIC / "configurator.js", ctx.docs_dir / "assets" / "embed-configurator.js")


def deploy_block(name: str, first: str, last: str) -> str:
    """The lines of deploy/<name> from `first` to `last`, unindented: the 嵌入 page shows the very
    settings the deploy tests check, so the advice cannot drift from them."""
    lines = (ROOT / "deploy" / name).read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == first.strip())
    end = next(i for i in range(start, len(lines)) if lines[i] == last)
    indent = len(lines[start]) - len(lines[start].lstrip())
    return "\n".join(line[indent:] for line in lines[start:end + 1])


# Only the site's own origin; WebAssembly compiles in the engine's worker, which this also allows.
# frame-ancestors cannot be set from <meta>: the 嵌入 page documents the server header for it.
EMBED_CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; "
             "connect-src 'self'; worker-src 'self'; font-src 'self'; base-uri 'self'; form-action 'none'; "
             "object-src 'none'")


def write_embed_page(ctx) -> None:
    """site/embed/ (the page the iframe shows) and site/embed.js (the loader offices paste).

    Runs before the screener's asset step, which adds the embed page to the offline cache."""
    from builder.screener_page import render_app

    target = ctx.site_dir / "embed"
    target.mkdir(exist_ok=True)
    app = render_app(ctx, site_root="../", assets="../screener/", embed=True)
    (target / "index.html").write_text(render("embed/frame.html.j2", app=app, csp=EMBED_CSP, site_root="../"),
                                       encoding="utf-8")
    for name in ("frame.js", "embed.css"):
        shutil.copy(STATIC / name, target / name)
    shutil.copy(STATIC / "loader.js", ctx.site_dir / "embed.js")
