"""What the 数据核对表 holds for one place: its two tables (标准, 办事地点), their columns, and the rows
prefilled from policies/. The writer (xlsx, CSV) and the reader/checker both use these declarations,
so a column is named, placed and described once.

A row is identified by its 编号: `dibao_standard.urban` (a parameter and its part) on 标准; an office id,
or one of `hotline`, `supervision`, `issued_by` on 办事地点.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from builder.pages.figures import AREA_NAMES, format_figure
from screener.parameters import PARAMETERS

STANDARDS = "标准"
OFFICES = "办事地点"
GUIDE = "说明"


@dataclass(frozen=True)
class Column:
    header: str
    width: int              # characters, so that both tables print on one A4 landscape width
    fill: bool = False      # a white cell for the county to fill in; otherwise grey and locked
    kind: str = "text"      # text | number | date | phone — what the sheet's data validation allows
    help: str = ""          # the input message Excel shows on the cell


STANDARD_COLUMNS = (
    Column("地区编号", 8),
    Column("编号", 14),
    Column("项目", 24),
    Column("分项", 7),
    Column("单位", 8),
    Column("目前数值", 9),
    Column("目前起始日期", 11),
    Column("目前状态", 8),
    Column("现行数值", 9, True, "number", "本地正在执行的数字，只写数字（比例写 0.3，不写 30%）"),
    Column("起始日期", 11, True, "date", "从哪天起执行，写成 2026-01-01"),
    Column("依据文件名称", 18, True, "text", "定这个数字的文件名称"),
    Column("文号", 13, True, "text", "文件的文号，如 枞民〔2025〕12号"),
    Column("发布日期", 11, True, "date", "文件的发布日期，写成 2025-12-20"),
    Column("核对人", 7, True, "text", "核对这一行的人的姓名"),
    Column("核对日期", 11, True, "date", "核对的日期，写成 2026-12-06"),
)

OFFICE_COLUMNS = (
    Column("地区编号", 8),
    Column("编号", 11),
    Column("名称", 20),
    Column("类别", 10),
    Column("地址", 24, True, "text", "办公地点的地址"),
    Column("电话", 13, True, "phone", "可拨打的号码，如 0562-1234567；手机号 11 位"),
    Column("办公时间", 18, True, "text", "如 周一至周五 8:30-12:00，14:30-17:30"),
    Column("出处", 16, True, "text", "地址、电话从哪里来，如 县政府网站“机构信息”、公示栏"),
    Column("核对人", 7, True, "text", "核对这一行的人的姓名"),
    Column("核对日期", 11, True, "date", "核对的日期，写成 2026-12-06"),
    Column("目前状态", 8),
)

COLUMNS = {STANDARDS: STANDARD_COLUMNS, OFFICES: OFFICE_COLUMNS}

# The three sentences on the first sheet.
GUIDE_SENTENCES = (
    "请在“标准”和“办事地点”两张表的白色格子里，填上本地正在执行的数字和办事地点的地址、电话、办公时间；灰色格子不要改，"
    "没有把握的格子请空着。",
    "每个新数字都要写上从哪天起执行、依据的文件名称或文号，每一行都要写核对人和核对日期；日期一律写成 2026-01-01 这样。",
    "填好后把文件交给负责网站的同事：他运行一条命令检查并写入，有问题会逐行指出；写入以后，网站、自测和口袋书上的“示例”"
    "就换成您核实过的数字和电话。",
)

VERIFIED, EXAMPLE, NATIONAL_VALUE = "已核实", "示例", "全国数值"
# Rows on 办事地点 that are not offices: the place's hotline, 监督举报电话 and the office printed as 印发单位.
CONTACT_ROWS = {
    "hotline": ("热线", ("电话",)),
    "supervision": ("监督举报电话", ("电话",)),
    "issued_by": ("印发单位", ("名称",)),
}


@dataclass
class Row:
    """One prefilled row: `cells` maps a header to what the sheet shows; `fill` the headers the county
    may write in (the grey ones are locked)."""

    key: str
    cells: dict[str, object]
    fill: tuple[str, ...]
    param: str | None = None          # 标准: the parameter; 办事地点: None
    part: str | None = None           # 标准: the breakdown key, or None for a single value


def _shown(value, unit: str) -> str:
    """The value as the county writes it in 现行数值 (0.3, not 30%), with the reading beside a ratio."""
    if isinstance(value, list):
        return "、".join(f"{x:g}" for x in value)
    plain = f"{value:g}" if isinstance(value, float) else str(value)
    return f"{plain}（即{format_figure(value, unit)}）" if unit.startswith("比例") else plain


def standard_parameters(policies, j) -> list[tuple[str, object, bool]]:
    """(name, Parameter, set by the place itself) for every figure residents see in this place:
    declared `resident_sees`, used by a programme the place offers, and in force here (its own or
    the national value)."""
    out = []
    for name, d in PARAMETERS.items():
        if d.resident_sees and set(d.programs) & set(j.programs) and (p := policies.parameter(j, name)):
            out.append((name, p, name in j.parameters))
    return out


def standard_rows(policies, j, today: dt.date) -> list[Row]:
    rows = []
    fill = tuple(c.header for c in STANDARD_COLUMNS if c.fill)
    for name, param, own in standard_parameters(policies, j):
        d = PARAMETERS[name]
        current = param.at(today) or param.values[-1]
        status = VERIFIED if current.verified else EXAMPLE
        if not own:
            status += f"（{NATIONAL_VALUE}）"
        for part in param.breakdown or [None]:
            value = current.value[part] if part else current.value
            unit = d.unit
            shown = _shown(value, unit)
            cells = {"地区编号": j.id, "编号": f"{name}.{part}" if part else name, "项目": d.meaning,
                     "分项": AREA_NAMES.get(part, part) if part else "—", "单位": unit, "目前数值": shown,
                     "目前起始日期": current.start.isoformat(), "目前状态": status}
            rows.append(Row(cells["编号"], cells, fill, name, part))
    return rows


def office_rows(j) -> list[Row]:
    rows = []
    fill = tuple(c.header for c in OFFICE_COLUMNS if c.fill)
    for o in j.offices:
        level = "县级" if o.level == "county" else "乡镇（街道）"
        cells = {"地区编号": j.id, "编号": o.id, "名称": o.full_name or o.name, "类别": level,
                 "地址": o.address or "", "电话": o.phone or "", "办公时间": o.hours or "",
                 "出处": o.phone_source,
                 "目前状态": VERIFIED if o.verified else EXAMPLE}
        rows.append(Row(o.id, cells, fill))
    for key, (label, editable) in CONTACT_ROWS.items():
        spec = getattr(j, key) or {}
        name = spec.get("name") or (label if key == "supervision" else "")
        cells = {"地区编号": j.id, "编号": key, "名称": name, "类别": label, "地址": "", "办公时间": "",
                 "电话": "" if key == "issued_by" else (spec.get("number") or ""), "出处": "",
                 "目前状态": VERIFIED if spec.get("verified") else EXAMPLE}
        rows.append(Row(key, cells, (*editable, "出处", "核对人", "核对日期")))
    return rows


def rows_for(policies, j, today: dt.date) -> dict[str, list[Row]]:
    return {STANDARDS: standard_rows(policies, j, today), OFFICES: office_rows(j)}
