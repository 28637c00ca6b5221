"""The caseworkers' 主动发现 page (staff/discover/): a whole roster screened in the office's browser,
by the same engine, with nothing uploaded.

    page step   write_discover_page    docs/staff/discover.md; docs/staff/rosters/: the roster template
                                       (CSV and .xlsx) and a 20-row example roster per place
    asset step  write_discover_assets  site/staff/discover/{discover.js, discover-worker.js, discover.css}
                                       site/staff/discover/engine/<hash>/   (engine_package.make_staff_engine)

The worker starts Pyodide from the screener's engine folder (the same pyodide.js, .asm.js and .wasm, so
nothing is shipped twice) with the staff engine's lock file: the engine with its roster reader and batch
(screener/discover.py), openpyxl for .xlsx, and Pyodide's whole standard library.
"""

from __future__ import annotations

import posixpath
import shutil
import tempfile
from pathlib import Path

import yaml

from builder.engine_package import folder_name, make_staff_engine
from builder.errors import UserFacingError
from builder.screener_assets import write_with_header
from builder.screener_page import chosen_jurisdictions, routing_units
from builder.setup_env import BROWSER_WHEELS, WHEEL_DIR
from builder.templates import TEMPLATES, render
from screener.household import DISABILITY_GRADES, LABELS, MAX_MEMBERS, MEMBER, TOP
from screener.roster import csv_columns, csv_table, excel_csv
from screener.status import STATUS_WORDS

ROOT = Path(__file__).resolve().parent.parent
WEB = ROOT / "screener" / "web"
WEB_FILES = ("discover.js", "discover.css")
TEMPLATE_MEMBERS = 4          # m1_ … m4_ in the template; a bigger household adds m5_ … itself
EXAMPLE = TEMPLATES / "staff" / "roster-example.yaml"
TEXT_COLUMNS = {"id", "jurisdiction", "hukou_township", "residence_township", "emergency_township", "receiving"}

# What each roster column holds, for the page and the template's 说明 sheet (a member's column as m<n>_…).
MEANING = {
    "id": "您自己的编号或姓名，原样写进结果（结果只在本机）",
    "jurisdiction": "地区编号（见下文）；本页按页面上选的地区算，这一列可以不要",
    "date": "按哪一天的标准算，如 2026-12-01；本页按页面上选的日期算，这一列可以不要",
    "area": "城市还是农村户口",
    "hukou_township": "户籍所在乡镇（街道）的编号（见下文）",
    "residence_township": "居住地乡镇（街道）的编号，和户籍地不同时填",
    "residence_permit": "在居住地有没有居住证",
    "supporters": "赡养（抚养、扶养）人：没有、没有能力、有能力、有能力但不履行",
    "assets_over_limit": "家庭财产是否超过当地规定",
    "receiving": "已经在领的救助，用空格或分号隔开；什么都没领写“无”（空着算不清楚）",
    "emergency_kind": "最近遇到的急难：火灾、水灾、意外、重病、其他",
    "emergency_township": "急难发生地乡镇（街道）的编号",
    "income_": "全家每月的{}（元）",
    "expenses_": "全家{}（元）",
    "last_year_income": "全家上一年的总收入（元）",
    "dibao_monthly_current": "正在领的低保金，每月（元）",
    "m_age": "第 n 位成员的年龄（m1 是申请人）",
    "m_labor": "劳动能力：完全、部分、没有",
    "m_disability_category": "残疾类别",
    "m_disability_grade": "残疾等级（1–4 级）",
    "m_serious_illness": "是否患重病",
    "m_self_care": "生活自理：能、部分、不能",
    "m_student": "在读：小学、初中、高中、中职、大学",
    "m_wages_monthly": "每月工资（元）",
    "m_newly_employed": "是否刚就业",
}


def _meaning(column: str) -> str:
    if column[:1] == "m" and column[1:2].isdigit():
        return MEANING["m_" + column.split("_", 1)[1]]
    for prefix in ("income_", "expenses_"):
        if column.startswith(prefix):
            return MEANING[prefix].format(LABELS[column.removeprefix(prefix)])
    return MEANING[column]


def _values(column: str) -> str:
    """What a cell may hold, from the household's field table."""
    name = column.split("_", 1)[1] if column[:1] == "m" and column[1:2].isdigit() else column
    fields = {f.name: f for f in (*TOP, *MEMBER)}
    if name == "disability_category":
        return " ".join(fields["disability"].choices)
    if name == "disability_grade":
        return " ".join(map(str, DISABILITY_GRADES))
    if name == "emergency_kind":
        return " ".join(fields["emergency"].choices)
    if name.endswith("_township"):
        return "编号"
    if name.startswith(("income_", "expenses_")):
        return "数字"
    f = fields[name]
    return {"choice": " ".join(f.choices), "yesno": "是 否（也可写 1 0、true false）", "age": "数字",
            "money": "数字", "office": "编号", "date": "年-月-日", "programmes": "dibao tekun …（见下文）或 无",
            "text": "文字"}[f.kind]


def column_rows() -> list[dict]:
    """The template's columns with meaning and values (member columns once, as m1_…)."""
    return [{"name": c.replace("m1_", "m<n>_"), "meaning": _meaning(c), "allowed": _values(c)} for c in csv_columns(1)]


def example_households(j: dict) -> list[dict]:
    """The example roster for a place: the made-up households, its townships in turn."""
    towns = [o["id"] for o in routing_units(j)]
    rows = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    out = []
    for i, h in enumerate(rows):
        h = dict(h)
        if towns:
            h["hukou_township"] = towns[i % len(towns)]
            if "emergency" in h:
                h["emergency"] = {**h["emergency"], "township": h["hukou_township"]}
        out.append(h)
    return out


def _template_xlsx(path: Path, columns: list[str]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "名单"
    sheet.append(columns)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        sheet.column_dimensions[cell.column_letter].width = max(10, len(cell.value) + 2)
        if cell.value in TEXT_COLUMNS:      # typed ids stay text (a leading 0, a long number)
            for row in range(2, 502):
                sheet.cell(row=row, column=cell.column).number_format = "@"
    sheet.freeze_panes = "B2"
    guide = book.create_sheet("说明")
    guide.append(["列名", "填什么", "可以填"])
    for r in column_rows():
        guide.append([r["name"], r["meaning"], r["allowed"]])
    guide.column_dimensions["A"].width = 26
    guide.column_dimensions["B"].width = 48
    guide.column_dimensions["C"].width = 48
    book.save(path)


def roster_files(ctx) -> dict:
    """Write the template and the example rosters into docs/staff/rosters/; their names for the page."""
    folder = ctx.docs_dir / "staff" / "rosters"
    folder.mkdir(parents=True, exist_ok=True)
    columns = csv_columns(TEMPLATE_MEMBERS)
    (folder / "roster-template.csv").write_bytes(excel_csv([columns]).encode("utf-8"))
    _template_xlsx(folder / "roster-template.xlsx", columns)
    examples = {}
    for j in chosen_jurisdictions(ctx):
        name = f"roster-example-{j['id']}.csv"
        (folder / name).write_bytes(excel_csv(csv_table(example_households(j))).encode("utf-8"))
        examples[j["id"]] = name
    return examples


def page_data(ctx) -> dict:
    """What the page's script reads: places, programmes, status words, today."""
    bundle = ctx.engine_bundle
    return {
        "places": [{"id": j["id"], "name": j["name"]} for j in chosen_jurisdictions(ctx)],
        "programs": [{"id": pid, "name": p["name"]} for pid, p in bundle["programs"].items()],
        "status": STATUS_WORDS,
        "today": ctx.options.today.isoformat(),
    }


def write_discover_page(ctx) -> None:
    examples = roster_files(ctx)
    places = [{"j": j, "example": examples[j["id"]], "towns": routing_units(j)} for j in chosen_jurisdictions(ctx)]
    page = ctx.docs_dir / "staff" / "discover.md"
    page.write_text(render("pages/discover.md.j2", places=places, columns=column_rows(),
                           max_members=MAX_MEMBERS, data=page_data(ctx)), encoding="utf-8")


def write_discover_assets(ctx) -> None:
    site = ctx.site_dir
    target = site / "staff" / "discover"
    if not (target / "index.html").exists():
        raise UserFacingError("staff/discover/index.html is missing from the built site (write_discover_page did not run)")
    if ctx.engine_dir is None:
        raise UserFacingError("the screener's engine folder is not built yet (write_screener_assets runs first)")
    with tempfile.TemporaryDirectory(prefix="mingbai-staff-out-") as tmp:
        parts = make_staff_engine(ctx.engine_bundle, Path(tmp), [WHEEL_DIR / n for n in BROWSER_WHEELS])
        name = folder_name(parts)
        out = target / "engine" / name
        out.mkdir(parents=True)
        for path in parts.values():
            shutil.copyfile(path, out / path.name)
    for n in WEB_FILES:
        shutil.copyfile(WEB / n, target / n)
    config = {
        "pyodide": posixpath.relpath(ctx.engine_dir, "staff/discover") + "/",
        "loader": ctx.engine_files["loader"],
        "dir": f"engine/{name}/", "stdlib": parts["stdlib"].name, "lock": parts["lock"].name,
        "packages": ["screener", "openpyxl"], "chunk": 400,
    }
    write_with_header(WEB / "discover-worker.js", target / "discover-worker.js", "MINGBAI_STAFF_ENGINE", config)
