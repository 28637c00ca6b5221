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
    import screener

    jurisdictions = screener.list_jurisdictions()
    if ctx.options.jurisdiction:
        jurisdictions = [j for j in jurisdictions if j["id"] == ctx.options.jurisdiction]
    offices = {j["id"]: [o for o in screener.list_offices(j["id"]) if o["level"] == "township"]
               for j in jurisdictions}
    programs = [{"id": p["id"], "name": p["name"]} for p in screener.list_programs() if p.get("kind") == "cash"]
    data = {"offices": offices}
    page = ctx.docs_dir / "embedding" / "index.md"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(render("embed/embedding.md.j2", site_root="../", jurisdictions=jurisdictions,
                           programs=programs, data_json=json.dumps(data, ensure_ascii=False)), encoding="utf-8")
    shutil.copy(STATIC / "configurator.js", ctx.docs_dir / "assets" / "embed-configurator.js")


def copy_embed_scripts(ctx) -> None:
    shutil.copy(STATIC / "loader.js", ctx.site_dir / "embed.js")
    (ctx.site_dir / "embed").mkdir(exist_ok=True)
    shutil.copy(STATIC / "frame.js", ctx.site_dir / "embed" / "frame.js")
