"""Check a filled-in 数据核对表 against what policies/ holds, and turn it into updates.

Every problem is collected (sheet, row, column, in Chinese) before anything is decided: one run tells the
county everything to fix. A row the county did not fill is no update; a filled 标准 row is a new dated
figure with its document; a filled 办事地点 row is an office (or the hotline, 监督举报电话, 印发单位)
confirmed with the person and date who checked it.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from dataclasses import dataclass, field

from builder.worksheet.read import Complaint, Table
from builder.worksheet.table import CONTACT_ROWS, OFFICES, STANDARDS, Row, rows_for
from screener.parameters import PARAMETERS

EARLIEST = dt.date(1990, 1, 1)
_FULL_WIDTH = str.maketrans("０１２３４５６７８９－（）　", "0123456789-() ")
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
# A number a resident can dial: an area code and number, a mobile, a short service number, a 400 number.
_PHONE = re.compile(r"(0\d{2,3}-?\d{7,8}(-\d{1,6})?|1\d{10}|\d{3,8}|400-?\d{3}-?\d{4})")
_HOTLINE = re.compile(r"\d{3,8}")


@dataclass
class Document:
    title: str | None
    number: str | None            # 文号
    published: dt.date | None


@dataclass
class FigureUpdate:
    """A new dated value of one parameter in one place (every part of a breakdown together)."""

    jid: str
    param: str
    start: dt.date
    value: object                 # a number / list, or {part: number} for a breakdown
    document: Document
    checked_by: str
    checked_on: dt.date


@dataclass
class ContactUpdate:
    """An office, or the place's hotline / 监督举报电话 / 印发单位, as checked."""

    jid: str
    key: str
    fields: dict                  # address, phone, hours, name — what the row now says (None = empty)
    source: str | None            # the 出处 column
    checked_by: str
    checked_on: dt.date


@dataclass
class Plan:
    figures: list[FigureUpdate] = field(default_factory=list)
    contacts: list[ContactUpdate] = field(default_factory=list)
    complaints: list[Complaint] = field(default_factory=list)


def _number(v):
    """A cell as a number (full-width digits and thousands separators allowed), or None."""
    if isinstance(v, bool):
        return None
    if not isinstance(v, (int, float)):
        try:
            v = float(str(v).translate(_FULL_WIDTH).replace(",", "").replace("，", "").strip())
        except ValueError:
            return None
    if not math.isfinite(v):         # NaN and infinity are numbers to float(), never a figure
        return None
    return int(v) if float(v).is_integer() else v


def _date(v) -> tuple[dt.date | None, str | None]:
    """(date, None) or (None, what is wrong)."""
    if isinstance(v, dt.date):
        return v, None
    m = _DATE.fullmatch(str(v).translate(_FULL_WIDTH).strip())
    if not m:
        return None, f"“{v}”不是日期，请写成 2026-01-01 这样"
    try:
        return dt.date(*map(int, m.groups())), None
    except ValueError:
        return None, f"“{v}”不是日历上有的日子"


def phone_number(v) -> tuple[str | None, str | None]:
    """(normalised number, None) or (None, what is wrong)."""
    text = str(v).translate(_FULL_WIDTH).replace(" ", "")
    text = re.sub(r"^\((0\d{2,3})\)", r"\1-", text)
    if not _PHONE.fullmatch(text):
        return None, f"“{v}”不是可拨打的电话号码：只能有数字和连字符，如 0562-1234567、13912345678"
    return text, None


class _Rows:
    """Reads one row's cells and files a complaint, at its cell, for each wrong one."""

    def __init__(self, table: Table, number: int, cells: dict, plan: Plan, today: dt.date):
        self.table, self.number, self.cells, self.plan, self.today = table, number, cells, plan, today
        self.ok = True

    def complain(self, header: str, message: str) -> None:
        self.plan.complaints.append(Complaint(self.table.at(self.number, header), message))
        self.ok = False

    def text(self, header: str) -> str | None:
        v = self.cells.get(header)
        if v is None:
            return None
        if isinstance(v, dt.date):
            return v.isoformat()
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            return str(_number(v))          # a phone Excel stored as a number: 12345.0 → "12345"
        return str(v)

    def required(self, header: str, why: str = "这一格要填") -> str | None:
        t = self.text(header)
        if t is None:
            self.complain(header, why)
        return t

    def date(self, header: str, required: bool = True, future_days: int = 0) -> dt.date | None:
        v = self.cells.get(header)
        if v is None:
            if required:
                self.complain(header, "这一格要填日期，写成 2026-01-01 这样")
            return None
        d, wrong = _date(v)
        if wrong:
            self.complain(header, wrong)
            return None
        if d < EARLIEST:
            self.complain(header, f"{d} 太早了，请检查年份")
            return None
        if d > self.today + dt.timedelta(days=future_days):
            self.complain(header, f"{d} 还没到（今天是 {self.today}）" if not future_days
                          else f"{d} 离今天太远，请检查年份")
            return None
        return d


def check_tables(policies, tables: list[Table], today: dt.date) -> Plan:
    plan = Plan()
    jurisdictions = policies.data["jurisdictions"]
    # The place is the one most rows name; a row naming another place is reported where it is.
    named = Counter(cells.get("地区编号") for t in tables for _, cells in t.rows if cells.get("地区编号"))
    jid = next((k for k, _ in named.most_common() if k in jurisdictions), None)
    if jid is None:
        t = tables[0]
        plan.complaints.append(Complaint(t.at(t.rows[0][0] if t.rows else 2, "地区编号"),
                                         f"地区编号应是 {'、'.join(jurisdictions)} 之一，表里写的是："
                                         f"{'、'.join(map(str, named)) or '（空）'}"))
        return plan
    j = jurisdictions[jid]
    expected = rows_for(policies, j, today)
    for t in tables:
        _check_table(t, j, expected[t.name], plan, today)
    return plan


def _check_table(t: Table, j, expected: list[Row], plan: Plan, today: dt.date) -> None:
    by_key = {r.key: r for r in expected}
    seen: dict[str, int] = {}
    filled: list[tuple[_Rows, Row]] = []
    for number, cells in t.rows:
        rows = _Rows(t, number, cells, plan, today)
        if cells.get("地区编号") not in (None, j.id):
            rows.complain("地区编号", f"这一行是 {cells.get('地区编号')} 的，这张表是 {j.id} 的")
            continue
        key = rows.text("编号")
        row = by_key.get(key or "")
        if row is None:
            what = "办事地点" if t.name == OFFICES else "项目"
            rows.complain("编号", f"{what}编号“{key or '（空）'}”不是 {j.name} 的"
                          + ("办事地点（offices.yaml 里没有）；新增办事地点请先让负责网站的同事加进去"
                             if t.name == OFFICES else "项目；请不要改灰色的格子"))
            continue
        if key in seen:
            rows.complain("编号", f"“{key}”在第{seen[key]}行已经有了，同一项只能填一行")
            continue
        seen[key] = number
        filled.append((rows, row))
    if t.name == STANDARDS:
        _figures(filled, expected, j, plan)
    else:
        for rows, row in filled:
            _contact(rows, row, j, plan)


def _figures(filled: list, expected: list[Row], j, plan: Plan) -> None:
    groups: dict[str, list] = {}
    for rows, row in filled:
        if any(rows.cells.get(h) is not None for h in row.fill):
            groups.setdefault(row.param, []).append((rows, row, _figure_row(rows, row)))
    for name, got in groups.items():
        if not all(rows.ok for rows, _, _ in got):
            continue
        rows0, _, first = got[0]
        parts = [r for r in expected if r.param == name]
        breakdown = parts[0].part is not None
        have = {row.part for _, row, _ in got}
        if breakdown and have != {r.part for r in parts}:
            names = "、".join(r.cells["分项"] for r in parts)
            present = {row.part: rows for rows, row in filled if row.param == name}
            for r in parts:
                if r.part in have:
                    continue
                if r.part in present:
                    present[r.part].complain("现行数值", f"{names}要一起填：同一项目的其他行填了，这一行没有填")
                else:
                    rows0.complain("编号", f"{names}要一起填：表里少了“{r.key}”这一行")
            continue
        for rows, row, values in got[1:]:
            if values["start"] != first["start"]:
                rows.complain("起始日期", f"同一项目各行的起始日期要一致（第{rows0.number}行写的是 {first['start']}）")
            if values["document"] != first["document"]:
                rows.complain("依据文件名称", f"同一项目各行的依据文件要一致（第{rows0.number}行写的是 "
                                          f"{describe(first['document'])}）")
        if not all(rows.ok for rows, _, _ in got):
            continue
        value = {row.part: values["value"] for _, row, values in got} if breakdown else first["value"]
        plan.figures.append(FigureUpdate(j.id, name, first["start"], value, first["document"],
                                         first["checked_by"], first["checked_on"]))


def describe(doc: Document, dated: bool = False) -> str:
    """《title》文号, and （date 发布） when `dated`."""
    return "".join(filter(None, [f"《{doc.title}》" if doc.title else None, doc.number,
                                 f"（{doc.published} 发布）" if dated and doc.published else None])) or "（没有写）"


def _figure_row(rows: _Rows, row: Row) -> dict:
    d = PARAMETERS[row.param]
    raw = rows.cells.get("现行数值")
    value = None
    if raw is None:
        rows.complain("现行数值", "填了这一行，就要填现行数值")
    elif d.kind == "shares":
        parts = [p for p in re.split(r"[,，、;；\s]+", str(raw).translate(_FULL_WIDTH)) if p]
        value = [_number(p) for p in parts]
        if not value or any(x is None for x in value) or (wrong := d.check(value)):
            rows.complain("现行数值", f"应为每月一个比例，用顿号分开，如 1、1、1、0.5、0.5、0.5；表里写的是“{raw}”")
            value = None
    else:
        value = _number(raw)
        if value is None:
            rows.complain("现行数值", f"应为数字（{d.unit}），表里写的是“{raw}”")
        elif (wrong := d.check(value)):
            rows.complain("现行数值", wrong)
            value = None
    start = rows.date("起始日期", future_days=366)
    title, number = rows.text("依据文件名称"), rows.text("文号")
    if title is None and number is None:
        rows.complain("文号", "新数字要写依据：依据文件名称和文号至少填一个")
    published = rows.date("发布日期", required=False)
    checked_by = rows.required("核对人", "要写核对这一行的人")
    checked_on = rows.date("核对日期")
    return {"value": value, "start": start, "document": Document(title, number, published),
            "checked_by": checked_by, "checked_on": checked_on}


def _contact(rows: _Rows, row: Row, j, plan: Plan) -> None:
    inputs = ("地址", "电话", "办公时间", "出处")
    now = {h: rows.text(h) for h in (*inputs, "名称")}
    changed = [h for h in (*inputs, "名称") if now[h] != (row.cells.get(h) or None)]
    checked = any(rows.cells.get(h) is not None for h in ("核对人", "核对日期"))
    if not changed and not checked:
        return
    for h in changed:
        if h not in row.fill:
            rows.complain(h, f"这一行不填{h}" if not row.cells.get(h) else f"{h}是灰色格子，不要改")
    checked_by = rows.required("核对人", "改了或核对了这一行，就要写核对人")
    checked_on = rows.date("核对日期")
    phone = None
    if now["电话"] is not None:
        phone, wrong = phone_number(now["电话"])
        if wrong:
            rows.complain("电话", wrong)
        elif row.key == "hotline" and not _HOTLINE.fullmatch(phone):
            rows.complain("电话", f"热线号码只写数字（3 到 8 位），如 12345；表里写的是“{now['电话']}”")
    if row.key == "issued_by":
        if now["名称"] is None:
            rows.complain("名称", "要写印发单位的名称")
    elif row.key in CONTACT_ROWS:
        if now["电话"] is None:
            rows.complain("电话", f"要写{CONTACT_ROWS[row.key][0]}的号码")
        elif row.key == "hotline" and phone != row.cells.get("电话") and now["出处"] is None:
            rows.complain("出处", "换了热线号码，就要写新号码的出处")
    elif now["地址"] is None and now["电话"] is None:
        rows.complain("地址", "核实一个办事地点，地址和电话至少要填一个")
    if rows.ok:
        fields = {"address": now["地址"], "phone": phone, "hours": now["办公时间"], "name": now["名称"]}
        plan.contacts.append(ContactUpdate(j.id, row.key, fields, now["出处"], checked_by, checked_on))
