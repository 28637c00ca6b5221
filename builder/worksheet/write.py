"""Write the 数据核对表 of one place: an .xlsx (openpyxl) with a 说明 sheet and the two tables, and the
same two tables as a CSV pair (UTF-8 with BOM, which Excel and WPS open as Chinese)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from builder.worksheet.table import COLUMNS, GUIDE, GUIDE_SENTENCES, OFFICES, STANDARDS, Row, rows_for
from screener.parameters import PARAMETERS

GREY = PatternFill("solid", fgColor="E7E6E6")
HEADER = PatternFill("solid", fgColor="BDD7EE")
THIN = Side(style="thin", color="A6A6A6")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
DATE_FORMAT = "yyyy-mm-dd"
LINE = 15          # points per line of wrapped text


def csv_pair(xlsx: Path) -> dict[str, Path]:
    """The two CSV files written beside FILE.xlsx: FILE-标准.csv and FILE-办事地点.csv."""
    return {sheet: xlsx.with_name(f"{xlsx.stem}-{sheet}.csv") for sheet in (STANDARDS, OFFICES)}


def write_worksheet(policies, j, out: Path, today: dt.date) -> list[Path]:
    """Write FILE.xlsx and its CSV pair; return the paths written."""
    tables = rows_for(policies, j, today)
    wb = Workbook()
    _guide_sheet(wb.active, j, today)
    for sheet, rows in tables.items():
        _table_sheet(wb.create_sheet(sheet), sheet, rows)
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    written = [out]
    for sheet, path in csv_pair(out).items():
        headers = [c.header for c in COLUMNS[sheet]]
        with path.open("w", encoding="utf-8-sig", newline="") as f:
            w = csv.writer(f)
            w.writerow(headers)
            for row in tables[sheet]:
                w.writerow([_plain(row.cells.get(h, "")) for h in headers])
        written.append(path)
    return written


def _plain(v) -> str:
    return v.isoformat() if isinstance(v, dt.date) else str(v)


def _guide_sheet(ws, j, today: dt.date) -> None:
    ws.title = GUIDE
    ws["A1"] = f"{j.full_name} 社会救助数据核对表"
    ws["A1"].font = Font(size=16, bold=True)
    for i, sentence in enumerate(GUIDE_SENTENCES, start=3):
        ws.cell(i, 1, f"{i - 2}. {sentence}").alignment = WRAP
        ws.row_dimensions[i].height = 48
    facts = [("地区", f"{j.name}（编号 {j.id}）"), ("生成日期", today.isoformat()),
             ("白色格子", "请填写"), ("灰色格子", "不要改（表里原有的数据）")]
    for i, (k, v) in enumerate(facts, start=len(GUIDE_SENTENCES) + 4):
        ws.cell(i, 1, f"{k}：{v}")
    ws.column_dimensions["A"].width = 110
    ws.protection.sheet = True
    _page(ws)


def _table_sheet(ws, sheet: str, rows: list[Row]) -> None:
    columns = COLUMNS[sheet]
    for c, col in enumerate(columns, start=1):
        cell = ws.cell(1, c, col.header)
        cell.font, cell.fill, cell.border = Font(bold=True), HEADER, BOX
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[get_column_letter(c)].width = col.width
    validations: dict[tuple, DataValidation] = {}
    ws.row_dimensions[1].height = 2 * LINE
    for r, row in enumerate(rows, start=2):
        # Two lines at least: a document title written in later wraps too.
        ws.row_dimensions[r].height = LINE * max(2, *(_lines(row.cells.get(col.header), col.width) for col in columns))
        for c, col in enumerate(columns, start=1):
            cell = ws.cell(r, c, row.cells.get(col.header) or None)
            cell.border, cell.alignment = BOX, WRAP
            if col.header not in row.fill:
                cell.fill, cell.protection = GREY, Protection(locked=True)
                continue
            cell.protection = Protection(locked=False)
            if col.kind == "date":
                cell.number_format = DATE_FORMAT
            elif col.kind == "phone":
                cell.number_format = "@"      # keep the leading 0 of 0562-…
            rule = _rule(col, row)
            if rule is not None:
                if rule not in validations:
                    validations[rule] = _validation(col, rule)
                    ws.add_data_validation(validations[rule])
                validations[rule].add(cell.coordinate)
    ws.freeze_panes = "A2"
    ws.protection.sheet = True
    ws.protection.formatColumns = ws.protection.formatRows = False   # widths and heights may be changed
    ws.print_title_rows = "1:1"
    _page(ws)


def _lines(value, width: int) -> int:
    """How many lines a wrapped cell needs: a Chinese character is about two column-width units wide."""
    if value is None:
        return 1
    units = sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(value))
    return max(1, -(-units // max(width - 1, 1)))


def _rule(col, row: Row) -> tuple | None:
    if col.kind == "number":
        d = PARAMETERS[row.param]
        return None if d.kind == "shares" else ("number", d.maximum, d.unit)
    if col.kind in ("date", "phone"):
        return (col.kind,)
    return None


def _validation(col, rule: tuple) -> DataValidation:
    kind = rule[0]
    if kind == "number":
        maximum, unit = rule[1], rule[2]
        dv = DataValidation(type="decimal", operator="between", formula1="0", formula2=f"{maximum:g}")
        dv.error = f"请只写数字（{unit}），在 0 到 {maximum:g} 之间。"
    elif kind == "date":
        dv = DataValidation(type="date", operator="between", formula1="DATE(1990,1,1)", formula2="DATE(2100,12,31)")
        dv.error = "请写成 2026-01-01 这样的日期，并且是日历上有的日子。"
    else:
        dv = DataValidation(type="textLength", operator="between", formula1="3", formula2="20")
        dv.error = "请写可拨打的号码：数字和连字符，如 0562-1234567。"
    dv.errorTitle = "格式不对"
    dv.prompt, dv.promptTitle = col.help, col.header
    dv.showErrorMessage = dv.showInputMessage = True
    dv.allow_blank = True
    return dv


def _page(ws) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = False
