"""Read a filled-in 数据核对表 back: the .xlsx (openpyxl), or the CSV pair in UTF-8 or GBK/GB18030 (what
Excel and WPS write in China). Every cell keeps where it came from (file, sheet, row, column), so each
problem can be reported at the place the county will look for it."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl.utils import get_column_letter

from builder.worksheet.table import COLUMNS, OFFICES, STANDARDS


@dataclass(frozen=True)
class Where:
    table: str          # 标准 / 办事地点, or the CSV file's name
    row: int            # as the spreadsheet numbers it (the header is row 1)
    column: str = ""    # letter, e.g. I
    header: str = ""

    def __str__(self) -> str:
        cell = f" {self.column}列（{self.header}）" if self.column else ""
        return f"{self.table} 第{self.row}行{cell}"


@dataclass
class Complaint:
    where: Where
    message: str

    def __str__(self) -> str:
        return f"{self.where}：{self.message}"


@dataclass
class Table:
    name: str                                 # 标准 or 办事地点
    label: str                                # what a message calls it (the sheet, or the CSV file name)
    letters: dict[str, str]                   # header → column letter in this file
    rows: list[tuple[int, dict[str, object]]] = field(default_factory=list)

    def at(self, row: int, header: str = "") -> Where:
        return Where(self.label, row, self.letters.get(header, ""), header)


class WorksheetUnreadable(Exception):
    """The file is not a 数据核对表 at all (wrong format, sheet or header missing)."""


def _clean(v):
    if isinstance(v, str):
        v = v.strip()
        return v or None
    if isinstance(v, dt.datetime):
        return v.date()
    return v


def _table(name: str, label: str, header: list, body) -> Table:
    header = [_clean(h) for h in header]
    missing = [c.header for c in COLUMNS[name] if c.header not in header]
    if missing:
        raise WorksheetUnreadable(f"{label} 第1行缺少这些列：{'、'.join(missing)}（请用 build.py worksheet 生成的表来填）")
    letters = {h: get_column_letter(i + 1) for i, h in enumerate(header) if h}
    t = Table(name, label, letters)
    for number, values in body:
        cells = {h: _clean(values[i]) if i < len(values) else None for i, h in enumerate(header) if h}
        if any(v is not None for v in cells.values()):
            t.rows.append((number, cells))
    return t


def _read_xlsx(path: Path) -> list[Table]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, data_only=True, read_only=True)
    except Exception as e:   # openpyxl raises several kinds for a file that is not a workbook
        raise WorksheetUnreadable(f"{path.name} 打不开，不是 Excel（.xlsx）文件：{e}") from None
    tables = []
    for name in (STANDARDS, OFFICES):
        if name not in wb.sheetnames:
            raise WorksheetUnreadable(f"{path.name} 里没有“{name}”这张表（请用 build.py worksheet 生成的表来填）")
        rows = list(wb[name].iter_rows(values_only=True))
        if not rows:
            raise WorksheetUnreadable(f"{path.name} 的“{name}”表是空的")
        tables.append(_table(name, name, list(rows[0]), ((i, list(r)) for i, r in enumerate(rows[1:], start=2))))
    wb.close()
    return tables


def _decode(path: Path) -> str:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise WorksheetUnreadable(f"{path.name} 既不是 UTF-8 也不是 GBK 编码的文本")


def _read_csv(path: Path, name: str) -> Table:
    rows = list(csv.reader(io.StringIO(_decode(path))))
    if not rows:
        raise WorksheetUnreadable(f"{path.name} 是空的")
    return _table(name, path.name, rows[0], ((i, r) for i, r in enumerate(rows[1:], start=2)))


def _csv_name(path: Path) -> str | None:
    return next((n for n in (STANDARDS, OFFICES) if path.stem.endswith(f"-{n}")), None)


def read_worksheet(path: Path) -> list[Table]:
    """The two tables of FILE.xlsx, or of a CSV pair given by either of its files (FILE-标准.csv,
    FILE-办事地点.csv)."""
    if not path.exists():
        raise WorksheetUnreadable(f"找不到文件 {path}")
    if path.suffix.lower() == ".xlsx":
        return _read_xlsx(path)
    if path.suffix.lower() == ".csv":
        name = _csv_name(path)
        if name is None:
            raise WorksheetUnreadable(f"{path.name}：CSV 文件名要以 -{STANDARDS}.csv 或 -{OFFICES}.csv 结尾")
        stem = path.stem[: -len(name) - 1]
        tables = []
        for n in (STANDARDS, OFFICES):
            p = path.with_name(f"{stem}-{n}.csv")
            if not p.exists():
                raise WorksheetUnreadable(f"找不到 {p.name}：CSV 要两个文件一起（{stem}-{STANDARDS}.csv 和 {stem}-{OFFICES}.csv）")
            tables.append(_read_csv(p, n))
        return tables
    raise WorksheetUnreadable(f"{path.name}：只能读 .xlsx 或 .csv 文件")
