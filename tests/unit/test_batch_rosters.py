"""`batch` as a caseworker's real files meet it: a GBK CSV from Excel, an .xlsx, and a roster with
one of every kind of broken row. Every good row is written, every bad row is reported with its row
number, the run never aborts, and nothing is left half-written. `evaluate` keeps to the same limits."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.unit.test_engine_cli import cli
from tests.unit.test_engine_rules import real_bundle  # noqa: F401

HEADER = ["id", "area", "hukou_township", "m1_age", "m1_labor", "m1_wages_monthly", "income_farming",
          "assets_over_limit", "supporters"]
ROWS = [["张一", "rural", "oushan", "72", "none", "0", "100", "否", "none"],
        ["李二", "urban", "", "40", "full", "3000", "0", "否", "able"],
        ["王三", "rural", "", "68", "partial", "0", "200", "是", "unable"]]


@pytest.fixture(scope="module", autouse=True)
def _fresh(real_bundle):  # noqa: F811
    pass


def _csv_bytes(rows, encoding: str) -> bytes:
    text = io.StringIO(newline="")
    w = csv.writer(text)
    w.writerow(HEADER)
    w.writerows(rows)
    return text.getvalue().encode(encoding)


def _run(tmp_path, name: str, content: bytes, out: str = "out.csv", *extra):
    src = tmp_path / name
    src.write_bytes(content)
    done = cli("batch", "--jurisdiction", "zongyang", *extra, str(src), "-o", str(tmp_path / out))
    assert "Traceback" not in done.stderr, done.stderr
    return done


def _out_rows(tmp_path, out="out.csv"):
    return list(csv.DictReader((tmp_path / out).open(encoding="utf-8-sig")))


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8", "utf-8-sig"])
def test_csv_in_the_encodings_excel_writes(tmp_path, encoding):
    done = _run(tmp_path, "名单.csv", _csv_bytes(ROWS, encoding))
    assert done.returncode == 0, done.stderr
    rows = _out_rows(tmp_path)
    assert [r["id"] for r in rows] == ["张一", "李二", "王三"]
    assert all(r["error"] == "" for r in rows)
    assert rows[0]["dibao_status"] in ("likely", "possible")


def test_csv_encoding_can_be_named(tmp_path):
    done = _run(tmp_path, "名单.csv", _csv_bytes(ROWS, "gbk"), "out.csv", "--encoding", "gbk")
    assert done.returncode == 0 and [r["id"] for r in _out_rows(tmp_path)] == ["张一", "李二", "王三"]
    assert cli("batch", "--encoding", "latin-9", str(tmp_path / "名单.csv"), "-o",
               str(tmp_path / "o.csv")).returncode == 2


def test_csv_with_one_bad_row_of_each_kind_keeps_every_good_row(tmp_path):
    good = _csv_bytes(ROWS, "utf-8").splitlines(keepends=True)
    bad_bytes = "坏行".encode("gbk") + b",rural,,50,full,0,0,\xff\xfe,able\r\n"    # not UTF-8 in a UTF-8 file
    huge = ("巨格," + "rural," + "x" * 140_000 + ",50,full,0,0,否,able\r\n").encode()  # a 140,000-character cell
    unknown = "错值,rural,,abc,full,0,0,否,able\r\n".encode()
    content = b"".join([good[0], good[1], bad_bytes, good[2], huge, unknown, good[3]])
    done = _run(tmp_path, "roster.csv", content)
    assert done.returncode == 0, done.stderr
    rows = _out_rows(tmp_path)
    by_row = {int(r["row"]): r for r in rows}
    assert [by_row[n]["id"] for n in (1, 3, 6)] == ["张一", "李二", "王三"]
    assert all(by_row[n]["error"] == "" for n in (1, 3, 6))
    assert "UTF-8" in by_row[2]["error"] and "131072" in by_row[4]["error"]
    assert by_row[5]["error_path"] == "members[0].age"
    for n in (2, 4, 5):
        assert f"第 {n} 行" in done.stderr
    assert len(done.stderr) < 5_000                                  # the huge cell is not echoed


def _jsonl_bad_lines() -> list[bytes]:
    return [
        b'{"id":"u","members":[{"age":70}]}\xff\n',                      # invalid UTF-8
        b'{"id":"' + b"\\ud800" + b'","members":[{"age":3}]}\n',          # lone surrogate
        b'{"members":[{"age":1' + b"0" * 5000 + b'}]}\n',                 # a 5,000-digit number
        b"[" * 100_000 + b"]" * 100_000 + b"\n",                          # nested 100,000 deep
        b'{"members":[{"age":"' + b"x" * 200_000 + b'"}]}\n',             # a huge bad value
        b'{"members":[{"age":40}]\n',                                     # broken JSON
    ]


def test_jsonl_with_one_bad_line_of_each_kind(tmp_path):
    good = [json.dumps({"id": f"g{i}", "members": [{"age": 30 + i}]}).encode() + b"\n" for i in range(3)]
    bad = _jsonl_bad_lines()
    content = b"".join([good[0], *bad[:3], good[1], *bad[3:], good[2]])
    done = _run(tmp_path, "r.jsonl", content, "out.jsonl")
    assert done.returncode == 0, done.stderr
    lines = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 9
    assert [x["id"] for x in lines if x["ok"]] == ["g0", "g1", "g2"]
    rejected = [x for x in lines if not x["ok"]]
    assert [x["row"] for x in rejected] == [2, 3, 4, 6, 7, 8]
    assert all(x["error"]["message"] for x in rejected)
    assert len(done.stderr) < 5_000
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_xlsx_roster(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for r in ROWS:
        sheet.append([int(c) if c.isdigit() else c for c in r])
    book.save(tmp_path / "名单.xlsx")
    done = cli("batch", "--jurisdiction", "zongyang", str(tmp_path / "名单.xlsx"), "-o", str(tmp_path / "out.csv"))
    assert done.returncode == 0, done.stderr
    assert [r["id"] for r in _out_rows(tmp_path)] == ["张一", "李二", "王三"]


def test_paths_that_would_lose_data_are_refused(tmp_path):
    src = tmp_path / "in.csv"
    src.write_bytes(_csv_bytes(ROWS, "utf-8"))
    same = cli("batch", "--jurisdiction", "zongyang", str(src), "-o", str(src))
    assert same.returncode == 2 and "同一个文件" in same.stderr
    assert src.read_bytes() == _csv_bytes(ROWS, "utf-8")
    folder = cli("batch", "--jurisdiction", "zongyang", str(tmp_path), "-o", str(tmp_path / "o.csv"))
    assert folder.returncode == 2 and "文件夹" in folder.stderr and "Traceback" not in folder.stderr
    nested = tmp_path / "新" / "结果" / "o.csv"
    made = cli("batch", "--jurisdiction", "zongyang", str(src), "-o", str(nested))
    assert made.returncode == 0 and nested.exists()


@pytest.mark.parametrize("kind", range(6))
def test_evaluate_gives_one_short_line_for_each_bad_input(kind):
    import subprocess

    from tests.unit.test_engine_cli import PY, ROOT

    raw = _jsonl_bad_lines()[kind]
    done = subprocess.run([PY, "-m", "screener", "evaluate", "--jurisdiction", "zongyang"], input=raw,
                          capture_output=True, cwd=ROOT, timeout=120)
    err = done.stderr.decode("utf-8")
    assert done.returncode == 2, err
    assert done.stdout == b"" and "Traceback" not in err
    assert err.count("\n") == 1 and len(err) < 400
    if kind == 0:
        assert "UTF-8" in err and "area" not in err
