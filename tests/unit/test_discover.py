"""主动发现 (screener/discover.py) in CPython: the page's worker runs exactly this. Its CSV is the command
line's file byte for byte; its table lists what a household could ask for and does not receive yet; a
broken row is listed and the run goes on; the roster files the page offers read back without a reject."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

import screener
from bench.engine_batch import write_csv_roster
from builder.setup_env import BROWSER_WHEELS
from screener.discover import Discovery
from screener.roster import csv_household, csv_table
from tests.golden.golden import all_cases
from tests.unit.test_engine_cli import cli
from tests.unit.test_engine_rules import real_bundle  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module", autouse=True)
def _fresh(real_bundle):  # noqa: F811
    pass


def golden_roster(path: Path) -> list[dict]:
    """Every golden household as one row of a CSV roster (their own place and date in the row)."""
    households = [dict(c.household, id=c.id) for c in all_cases()]
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(csv_table(households))
    return households


def run_all(path: Path, **kw) -> Discovery:
    d = Discovery(str(path), **kw)
    steps = 0
    while not d.finished:
        json.loads(d.step(97))
        steps += 1
    assert steps > 1 or d.done < 97
    return d


def cli_csv(tmp_path: Path, roster: Path, *args) -> bytes:
    out = tmp_path / "cli.csv"
    done = cli("batch", *args, str(roster), "-o", str(out))
    assert done.returncode == 0, done.stderr
    return out.read_bytes()


def test_the_csv_roster_reads_back_as_the_same_household():
    for case in all_cases():
        h = case.household
        columns, cells = csv_table([h])
        back = csv_household(dict(zip(columns, cells)))
        # equal as values: a CSV cell "2000" is read as 2000.0, as the command line reads it
        assert json.loads(screener.to_json(screener.evaluate(back))) == \
            json.loads(screener.to_json(screener.evaluate(h))), case.where


def test_golden_roster_csv_equals_the_command_line(tmp_path):
    roster = tmp_path / "golden.csv"
    golden_roster(roster)
    d = run_all(roster)
    assert d.csv_text().encode("utf-8") == cli_csv(tmp_path, roster)
    assert d.csv_text().startswith("\ufeffrow,id,")


def test_a_generated_thousand_row_roster_equals_the_command_line(tmp_path):
    roster = tmp_path / "roster.csv"
    write_csv_roster(roster, 1000, seed=4242)
    d = run_all(roster, date="2026-03-01")
    assert d.done == 1000 and len(d.rejected) == 1          # row 1000 is made invalid on purpose
    assert d.rejected[0] == {"row": 1000, "id": "r001000", "path": "members[0].age",
                             "message": d.rejected[0]["message"]}
    assert d.csv_text().encode("utf-8") == cli_csv(tmp_path, roster, "--date", "2026-03-01")


def test_the_table_lists_what_is_open_and_not_received(tmp_path):
    roster = tmp_path / "r.csv"
    households = golden_roster(roster)
    d = run_all(roster)
    by_id = {h["id"]: h for h in households}
    assert d.found
    for line in d.found:
        h = by_id[line["id"]]
        result = screener.evaluate(h)
        rec = result["recommendation"]
        wanted = ([rec["apply_first"]] if rec["apply_first"] else []) + rec["also"]
        assert [p["id"] for p in line["programs"]] == wanted
        assert not set(wanted) & set(h.get("receiving") or ())
        assert line["amount"] == rec["amount"]
        assert line["reason"]
        assert re.fullmatch(r"[A-Za-z0-9_-]+", line["answers"])
    listed = {line["id"] for line in d.found}
    for h in households:
        if h["id"] not in listed:
            rec = screener.evaluate(h)["recommendation"]
            assert rec["apply_first"] is None and not rec["also"], h["id"]


def test_a_broken_row_is_listed_and_the_others_are_screened(tmp_path):
    roster = tmp_path / "bad.csv"
    roster.write_text("id,m1_age,m1_labor,area\na,72,none,rural\nb,七十,none,rural\nc,40,sometimes,urban\n"
                      "d,,,\ne,35,full,urban\n", encoding="utf-8")
    d = run_all(roster, jurisdiction="zongyang")
    assert [(r["row"], r["id"], r["path"]) for r in d.rejected] == [(2, "b", "members[0].age"),
                                                                     (3, "c", "members[0].labor"),
                                                                     (4, "d", "members")]
    assert d.done == 5 and len(d.rows) == 6


def test_an_unreadable_xlsx_is_one_clear_message(tmp_path):
    roster = tmp_path / "x.xlsx"
    roster.write_bytes(b"not a zip")
    d = Discovery(str(roster), jurisdiction="zongyang")
    out = json.loads(d.step(100))
    assert "不是能读的 .xlsx" in out["error"] and d.finished


def test_the_xlsx_export_holds_the_same_table(tmp_path):
    from openpyxl import load_workbook

    roster = tmp_path / "r.csv"
    write_csv_roster(roster, 60, seed=7)
    d = run_all(roster)
    path = tmp_path / "out.xlsx"
    path.write_bytes(d.xlsx_bytes())
    book = load_workbook(path, read_only=True)
    def cell(v):
        try:
            return float(v)
        except (TypeError, ValueError):
            return "" if v is None else v
    rows = [[cell(v) for v in r] for r in book["结果"].iter_rows(values_only=True)]
    text = [[cell(v) for v in r] for r in csv.reader(d.csv_text()[1:].splitlines())]
    assert rows == text
    assert sum(1 for _ in book["建议核查"].iter_rows()) == len(d.found) + 1


def test_the_example_rosters_and_template_read_without_a_reject(tmp_path):
    from builder.discover_page import column_rows, example_households
    from screener import data

    for j in data.bundle().jurisdictions.values():
        households = example_households(data.bundle().raw["jurisdictions"][j.id])
        assert len(households) == 20
        for h in households:
            screener.evaluate(h, jurisdiction=j.id)
    rows = column_rows()
    names = [r["name"] for r in rows]
    assert names[0] == "id" and "m<n>_age" in names and len(names) == len(set(names))
    assert all(r["meaning"] and r["allowed"] for r in rows)
    assert len({r["meaning"] for r in rows}) == len(rows)          # no two columns explained alike


def test_the_browser_wheels_are_the_pinned_versions():
    pins = dict(line.strip().lower().split("==") for line in (ROOT / "requirements.txt").read_text().splitlines()
                if "==" in line)
    for name in BROWSER_WHEELS:
        package, version = name.split("-")[:2]
        assert pins[package.lower()] == version, name
