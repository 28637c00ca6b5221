"""`python -m screener …` as people and scripts meet it: answers, every bad-input case of the
contract (exit 2, one Chinese line naming the field, nothing on stdout, no traceback), and
batch runs that survive bad rows."""

from __future__ import annotations

import csv
import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT
from tests.unit.test_engine_rules import real_bundle  # noqa: F401  (session fixture: fresh bundle.json)

PY = str(ROOT / ".venv" / "bin" / "python")
GOOD = {"jurisdiction": "zongyang", "date": "2026-11-01", "area": "rural", "hukou_township": "oushan",
        "members": [{"age": 68, "labor": "none", "wages_monthly": 0, "self_care": "partial"},
                    {"age": 66, "labor": "partial", "wages_monthly": 200}],
        "income_monthly": {"farming": 150, "business": 0, "property": 0, "support_received": 100,
                           "basic_pension": 0, "other": 0},
        "supporters": "unable", "assets_over_limit": False, "receiving": [], "emergency": None}


def cli(*args, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([PY, "-m", "screener", *args], input=stdin, capture_output=True, text=True, cwd=ROOT,
                          timeout=120)


@pytest.fixture(scope="module", autouse=True)
def _fresh(real_bundle):  # noqa: F811
    pass


def test_evaluate_from_stdin_prints_a_result():
    done = cli("evaluate", stdin=json.dumps(GOOD, ensure_ascii=False))
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["jurisdiction"] == {"id": "zongyang", "name": "枞阳县"}
    dibao = next(p for p in result["programs"] if p["id"] == "dibao")
    assert dibao["status"] == "likely"
    assert dibao["apply_at"]["office"] == "oushan"
    assert dibao["documents"]


def test_evaluate_from_a_file_with_flags(tmp_path):
    path = tmp_path / "h.json"
    path.write_text(json.dumps({k: v for k, v in GOOD.items() if k != "jurisdiction"}), encoding="utf-8")
    done = cli("evaluate", "--jurisdiction", "zongyang", "--date", "2025-01-01", str(path))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["date"] == "2025-01-01"


BAD = [
    ({"members": [{"age": "45"}]}, "members[0].age"),                              # wrong type
    ({"members": [{"age": 45, "labor": "sometimes"}]}, "members[0].labor"),         # unknown enum
    ({"members": [{"age": 45}], "area": "suburb"}, "area"),
    ({"members": [{"age": 45, "wages_monthly": -1}]}, "members[0].wages_monthly"),  # negative money
    ({"members": [{"age": 45}], "income_monthly": {"farming": -3}}, "income_monthly.farming"),
    ({"members": [{"age": 45}, {"age": 131}]}, "members[1].age"),                   # age outside 0..130
    ({"members": [{"age": -1}]}, "members[0].age"),
    ({"members": []}, "members"),                                                   # empty members
    ({"members": [{"age": 45}], "hukou_township": "atlantis"}, "hukou_township"),   # unknown township
    ({"members": [{"age": 45}], "emergency": {"kind": "fire", "township": "x"}}, "emergency.township"),
    ({"members": [{"age": 45, "disability": {"category": "physical", "grade": 5}}]}, "members[0].disability.grade"),
    ({"members": [{"age": 45}], "receiving": ["pension"]}, "receiving[0]"),
    ({"members": [{"age": 45}], "assets_over_limit": "no"}, "assets_over_limit"),
    ({"members": [{}]}, "members[0].age"),
    ({"members": [{"age": 45}], "colour": "blue"}, "colour"),
]


@pytest.mark.parametrize("household,path", BAD, ids=[p for _, p in BAD])
def test_bad_household_exits_2_naming_the_field(household, path):
    done = cli("evaluate", "--jurisdiction", "zongyang", stdin=json.dumps(household))
    assert done.returncode == 2
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    line = done.stderr.strip()
    assert "\n" not in line
    assert path in line
    assert "应" in line or "可选" in line or "允许" in line or "必须" in line   # says what is allowed


@pytest.mark.parametrize("args,stdin,needle", [
    (["evaluate", "--jurisdiction", "atlantis"], json.dumps({"members": [{"age": 3}]}), "--jurisdiction"),
    (["evaluate"], json.dumps({"jurisdiction": "atlantis", "members": [{"age": 3}]}), "jurisdiction"),
    (["evaluate"], json.dumps({"members": [{"age": 3}]}), "jurisdiction"),
    (["evaluate", "--jurisdiction", "xx"], "{not json", "JSON"),
    (["evaluate", "--jurisdiction", "xx"], "", "JSON"),
    (["evaluate", "--jurisdiction", "xx", "--date", "2026-02-30"], json.dumps({"members": [{"age": 3}]}), "--date"),
    (["evaluate", "--jurisdiction", "xx", "/no/such/file.json"], None, "找不到文件"),
    (["offices", "--jurisdiction", "atlantis"], None, "--jurisdiction"),
    (["evaluate", "--wat"], None, "命令行参数"),
])
def test_other_bad_input_exits_2(args, stdin, needle):
    done = cli(*args, stdin=stdin)
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    assert needle in done.stderr and done.stderr.count("\n") == 1


def test_jurisdictions_and_offices():
    done = cli("jurisdictions")
    assert done.returncode == 0
    js = json.loads(done.stdout)
    assert {"id": "zongyang", "name": "枞阳县"} in js
    assert {j["id"] for j in js} >= {"zongyang", "yuncheng", "tianjin", "hecheng", "xx"}
    offices = json.loads(cli("offices", "--jurisdiction", "zongyang").stdout)
    ids = [o["id"] for o in offices]
    assert len(ids) == len(set(ids))
    assert {"minzhengju", "jingkaiqu", "oushan", "baimei"} <= set(ids)
    assert all(o["level"] in ("county", "township") for o in offices)
    assert len([o for o in offices if o["level"] == "township"]) == 17   # 16 乡镇 + 经开区
    assert all(o["phone"] is None for o in offices if not o["verified"])


def test_help_documents_commands_and_csv_columns():
    out = cli("--help").stdout
    for command in ("evaluate", "batch", "jurisdictions", "offices"):
        assert command in out
    assert "m1_age" in cli("batch", "--help").stdout


def test_batch_jsonl_with_a_bad_row_keeps_going(tmp_path):
    rows = [dict(GOOD, id="a"), {"id": "b", "members": [{"age": 300}]}, "{broken", dict(GOOD, id="d", area="urban")]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows) + "\n",
                   encoding="utf-8")
    out = tmp_path / "out.jsonl"
    done = cli("batch", "--jurisdiction", "zongyang", str(src), "-o", str(out))
    assert done.returncode == 0, done.stderr
    lines = [json.loads(l) for l in out.read_text(encoding="utf-8").splitlines()]
    assert [l["row"] for l in lines] == [1, 2, 3, 4]
    assert [l["ok"] for l in lines] == [True, False, False, True]
    assert lines[1]["error"]["path"] == "members[0].age" and lines[1]["id"] == "b"
    assert lines[0]["result"]["programs"][0]["id"] == "dibao"
    assert "第 2 行" in done.stderr and "第 3 行" in done.stderr
    assert "Traceback" not in done.stderr


def test_batch_csv_in_and_out(tmp_path):
    src = tmp_path / "in.csv"
    with src.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "area", "hukou_township", "m1_age", "m1_labor", "m1_wages_monthly", "m2_age",
                    "m2_disability_category", "m2_disability_grade", "income_farming", "assets_over_limit", "supporters"])
        w.writerow(["h1", "rural", "oushan", "70", "none", "0", "68", "physical", "2", "100", "否", "none"])
        w.writerow(["h2", "rural", "", "abc", "", "", "", "", "", "", "", ""])
        w.writerow(["h3", "urban", "hengbu", "40", "full", "3000", "", "", "", "0", "false", "able"])
    out = tmp_path / "out.csv"
    done = cli("batch", "--jurisdiction", "zongyang", str(src), "-o", str(out))
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    assert [r["id"] for r in rows] == ["h1", "h2", "h3"]
    assert rows[0]["dibao_status"] == "possible" and rows[0]["dibao_office"] == "oushan"  # income columns left out
    assert rows[1]["error_path"] == "members[0].age"
    assert rows[2]["dibao_status"] == "unlikely"
    assert "第 2 行" in done.stderr


def test_batch_bad_arguments_exit_2(tmp_path):
    assert cli("batch", "--jurisdiction", "zongyang", str(tmp_path / "none.jsonl"), "-o",
               str(tmp_path / "o.jsonl")).returncode == 2
    src = tmp_path / "in.txt"
    src.write_text("{}", encoding="utf-8")
    done = cli("batch", "--jurisdiction", "zongyang", str(src), "-o", str(tmp_path / "o.jsonl"))
    assert done.returncode == 2 and "jsonl" in done.stderr


def test_library_error_has_path_and_message():
    import screener

    with pytest.raises(screener.HouseholdError) as e:
        screener.evaluate({"members": [{"age": 5}, {"age": 2, "student": "phd"}]}, jurisdiction="xx")
    assert e.value.path == "members[1].student"
    assert "high_school" in e.value.message
    assert str(e.value).count("\n") == 0 and "members[1].student" in str(e.value)


def test_engine_imports_only_the_standard_library():
    code = ("import sys, screener, screener.cli, screener.batch; "
            "mods = [m for m in sys.modules if m.split('.')[0] in ('builder', 'yaml', 'rich')]; print(mods)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.stdout.strip() == "[]", done.stdout + done.stderr


def test_evaluate_text_explains_for_a_caseworker():
    done = cli("evaluate", "--text", stdin=json.dumps(GOOD, ensure_ascii=False))
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "■ 最低生活保障：可能符合，估算每月" in out
    assert "None" not in out          # an example figure has no clause: no empty 〔〕 either
    assert "去哪里：欧山镇人民政府" in out and "12345" in out
    assert "带上：" in out and "〔" in out
