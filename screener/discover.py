"""主动发现 for caseworkers (staff/discover/): a roster screened a few hundred rows at a time.

The page's worker hands over the roster file; `Discovery.step` evaluates the next rows exactly as
`python -m screener batch` does (`batch.outcomes`, `batch.csv_row`), so the CSV the page exports is the
command line's file byte for byte. For the page's table it keeps, per household that could ask for a
programme it does not receive yet, what the result's recommendation says: what to ask for first, the
others, the estimated amount, one reason, the office, and what the roster left unsaid (to check at the
visit). Nothing here leaves the worker's memory.
"""

from __future__ import annotations

import base64
import io
import json
from itertools import islice
from pathlib import Path

from screener import data
from screener.batch import csv_header, csv_row, outcomes
from screener.roster import RosterError, count_rows, excel_csv, read_rows

# What the roster left open that the caseworker should ask about at the visit (household field → words).
UNSAID = (("assets_over_limit", "家庭财产（存款、车辆、房产）是否超过当地规定"),
          ("supporters", "有没有赡养（抚养、扶养）人，能不能履行义务"))


class Discovery:
    def __init__(self, path: str, jurisdiction: str | None = None, date: str | None = None,
                 encoding: str | None = None):
        b = data.bundle()
        self._bundle = b
        self.program_ids = list(b.programs)
        self.total = count_rows(Path(path))
        self.done = 0
        self.finished = False
        self.rows = [csv_header(self.program_ids)]      # the CSV's rows, header first
        self.found: list[dict] = []
        self.rejected: list[dict] = []
        self._outcomes = outcomes(read_rows(Path(path), encoding), jurisdiction, date)

    def step(self, limit: int = 500) -> str:
        """Evaluate up to `limit` more rows; JSON of what they added (for the page) and how far the run is."""
        found, rejected = [], []
        taken = 0
        try:
            for n, row_id, household, result, error in islice(self._outcomes, limit):
                taken += 1
                self.rows.append(csv_row(n, row_id, result, error, self.program_ids))
                if error is not None:
                    rejected.append({"row": n, "id": row_id, "path": error.path, "message": error.message})
                else:
                    line = self._line(n, row_id, household, result)
                    if line is not None:
                        found.append(line)
        except RosterError as e:
            self.finished = True
            return json.dumps({"error": str(e)}, ensure_ascii=False)
        self.done += taken
        self.finished = taken < limit
        self.found += found
        self.rejected += rejected
        return json.dumps({"done": self.done, "total": self.total, "finished": self.finished,
                           "found": found, "rejected": rejected}, ensure_ascii=False)

    def _line(self, n: int, row_id, household: dict, result: dict) -> dict | None:
        rec = result["recommendation"]
        wanted = ([rec["apply_first"]] if rec["apply_first"] else []) + rec["also"]
        if not wanted:
            return None
        by_id = {p["id"]: p for p in result["programs"]}
        first = by_id[wanted[0]]
        j = self._bundle.jurisdictions[result["jurisdiction"]["id"]]
        town = household.get("hukou_township") or household.get("residence_township")
        town = town if town in j.offices else None
        reason = rec["why"] or next((r["text"] for r in first["reasons"] if r["source"]), "")
        check = []
        if rec["unknown_income"]:
            check.append("收入：" + "、".join(rec["unknown_income"]))
        check += [words for field, words in UNSAID if household.get(field) is None]
        link = {k: v for k, v in household.items() if k != "id" and v is not None}
        link["jurisdiction"] = j.id
        return {
            "row": n, "id": row_id, "place": j.id,
            "town": town, "town_name": j.offices[town]["name"] if town else None,
            "programs": [{"id": pid, "name": by_id[pid]["name"], "status": by_id[pid]["status"],
                          "amount": by_id[pid]["monthly_amount"]} for pid in wanted],
            "amount": rec["amount"], "amount_basis": rec["amount_basis"],
            "reason": reason, "check": check,
            "office": first["apply_at"]["name"], "phone": first["apply_at"]["phone"],
            "answers": base64.urlsafe_b64encode(json.dumps(link, ensure_ascii=False).encode()).decode().rstrip("="),
        }

    def csv_text(self) -> str:
        """The whole run as `python -m screener batch -o OUT.csv` writes it (with the BOM Excel needs)."""
        return excel_csv(self.rows)

    def xlsx_bytes(self) -> bytes:
        """The same table as an Excel workbook (openpyxl, shipped beside the engine for staff only),
        numbers as numbers; a second sheet lists the households found, in words."""
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet("结果")
        for row in self.rows:
            sheet.append(row)
        found = book.create_sheet("建议核查")
        found.append(["行号", "id", "乡镇（街道）", "建议申请", "估算每月（元）", "主要理由", "核实什么", "办理单位", "电话"])
        for f in self.found:
            found.append([f["row"], f["id"], f["town_name"] or "", "、".join(p["name"] for p in f["programs"]),
                          f["amount"], f["reason"], "；".join(f["check"]), f["office"], f["phone"] or ""])
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()
