"""Page step: docs/staff/worksheet.md ("把示例数据换成本地数据") with each place's blank 数据核对表 to download,
so a 民政局 clerk gets the sheet from the site itself, never from a command line."""

from __future__ import annotations

from builder.templates import render
from builder.worksheet.table import EXAMPLE, OFFICES, STANDARDS, rows_for
from builder.worksheet.write import write_worksheet


def worksheet_name(jid: str) -> str:
    return f"worksheet-{jid}.xlsx"


def write_worksheet_page(ctx) -> None:
    folder = ctx.docs_dir / "staff" / "worksheets"
    places = []
    for j in ctx.jurisdictions:
        written = write_worksheet(ctx.policies, j, folder / worksheet_name(j.id), ctx.options.today)
        rows = rows_for(ctx.policies, j, ctx.options.today)
        unverified = {t: [r for r in rows[t] if r.cells["目前状态"].startswith(EXAMPLE)] for t in rows}
        places.append({"j": j, "files": [f.name for f in written],
                       "examples": len({r.param for r in unverified[STANDARDS]}),
                       "offices": len(unverified[OFFICES])})
    page = ctx.docs_dir / "staff" / "worksheet.md"
    page.write_text(render("pages/worksheet.md.j2", places=places), encoding="utf-8")
