"""The 数据核对表: written for every place, filled in as a county would, applied to a copy of policies/, and
then seen where residents see it (engine, guide, offices page, 标准调整记录, booklet). Mistakes are each
reported at their sheet, row and column, and nothing is written; applying twice changes nothing."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.conftest import ROOT

TODAY = dt.date.today()
CHECKED_ON = TODAY - dt.timedelta(days=1)
START = dt.date(TODAY.year, 1, 1)
DOC = ("关于调整城乡低保等社会救助标准的通知", "测民〔%d〕8号" % (TODAY.year - 1))


def load(root: Path):
    from builder.policies import load_policies

    return load_policies(root, check_date=TODAY)


def apply(paths, root: Path, yes: bool = True) -> tuple[int, str]:
    from builder.worksheet.apply import apply_worksheets

    said: list[str] = []
    rc = apply_worksheets(list(paths), root, TODAY, yes, out=said.append, confirm=lambda: False)
    return rc, "\n".join(said)


def write(policies, jid: str, folder: Path) -> Path:
    from builder.worksheet.write import write_worksheet

    out = folder / f"数据核对表-{jid}.xlsx"
    write_worksheet(policies, policies.data["jurisdictions"][jid], out, TODAY)
    return out


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.yaml"))}


def new_value(current: str, unit: str, kind_shares: bool):
    """A figure different from the current one and within the declared range."""
    if kind_shares or unit == "周岁":
        return current if kind_shares else int(current)  # the same schedule or age, now confirmed
    number = float(re.match(r"[\d.]+", current).group())
    if unit.startswith("元"):
        return int(number) + 37
    if unit.startswith("比例"):
        return round(min(number + 0.05, 1), 2)
    if unit == "倍":
        return number + 0.5
    return int(number) + 1                               # 个月


class Sheet:
    """A worksheet opened for filling in, cells addressed by header and row key."""

    def __init__(self, path: Path):
        self.path, self.wb = path, load_workbook(path)

    def rows(self, sheet: str):
        ws = self.wb[sheet]
        headers = {c.value: c.column for c in ws[1]}
        for r in range(2, ws.max_row + 1):
            yield r, ws.cell(r, headers["编号"]).value, (lambda h, v, r=r: ws.cell(r, headers[h], v))

    def save(self, path: Path) -> Path:
        self.wb.save(path)
        return path


def fill_everything(path: Path, out: Path) -> dict:
    """Every 标准 row and every 办事地点 row filled in; returns what was written, by row key."""
    from screener.parameters import PARAMETERS

    s = Sheet(path)
    wrote: dict[str, object] = {}
    ws = s.wb["标准"]
    headers = {c.value: c.column for c in ws[1]}
    for r, key, cell in s.rows("标准"):
        name = key.split(".")[0]
        current, unit = ws.cell(r, headers["目前数值"]).value, ws.cell(r, headers["单位"]).value
        value = new_value(str(current), unit, PARAMETERS[name].kind == "shares")
        wrote[key] = value
        for h, v in (("现行数值", value), ("起始日期", START), ("依据文件名称", DOC[0]), ("文号", DOC[1]),
                     ("发布日期", START - dt.timedelta(days=10)), ("核对人", "王芳"), ("核对日期", CHECKED_ON)):
            cell(h, v)
    for i, (r, key, cell) in enumerate(s.rows("办事地点")):
        if key == "issued_by":
            wrote[key] = None
        elif key == "hotline":
            wrote[key] = None
        elif key == "supervision":
            wrote[key] = "0562-3219900"
            cell("电话", wrote[key])
            cell("出处", "县民政局公示栏")
        else:
            wrote[key] = f"0562-32{i:05d}"
            cell("地址", f"人民路{i + 1}号便民服务中心")
            cell("电话", wrote[key])
            cell("办公时间", "周一至周五 8:30-12:00，14:30-17:30")
        cell("核对人", "王芳")
        cell("核对日期", CHECKED_ON.isoformat())
    return {"path": s.save(out), "wrote": wrote}


def office_phones(wrote: dict) -> dict[str, str]:
    return {k: v for k, v in wrote.items() if "." not in k and k not in ("hotline", "supervision", "issued_by")
            and isinstance(v, str) and v.startswith("0562-32") and k != "supervision"}


# ---- the file format ------------------------------------------------------------------------------------------

def test_round_trip_editing_leaves_untouched_files_byte_for_byte():
    from builder.worksheet.apply import YamlFiles

    files = YamlFiles(ROOT / "policies")
    for p in sorted((ROOT / "policies" / "jurisdictions").rglob("*.yaml")):
        files.doc(str(p.relative_to(ROOT / "policies")))
    files.doc("references.yaml")
    assert files.changed() == {}


def test_worksheet_command_writes_the_sheet_and_its_csv_pair(tmp_path):
    out = tmp_path / "枞阳.xlsx"
    done = subprocess.run([sys.executable, "build.py", "worksheet", "--jurisdiction", "zongyang", "-o", str(out)],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert out.exists() and (tmp_path / "枞阳-标准.csv").exists() and (tmp_path / "枞阳-办事地点.csv").exists()
    wb = load_workbook(out)
    assert wb.sheetnames == ["说明", "标准", "办事地点"]
    guide = "\n".join(str(c.value) for row in wb["说明"].iter_rows() for c in row if c.value)
    assert "白色格子" in guide and "核对人" in guide and "示例" in guide
    standards = wb["标准"]
    headers = [c.value for c in standards[1]]
    for h in ("现行数值", "起始日期", "依据文件名称", "文号", "发布日期", "核对人", "核对日期"):
        assert h in headers
    keys = [standards.cell(r, headers.index("编号") + 1).value for r in range(2, standards.max_row + 1)]
    assert {"dibao_standard.urban", "dibao_standard.rural", "tekun_basic_standard.urban"} <= set(keys)
    # Locked header and grey columns, white input cells with validation, printable on A4 landscape.
    assert standards.protection.sheet and standards.freeze_panes == "A2"
    value_col = headers.index("现行数值") + 1
    assert standards.cell(2, value_col).protection.locked is False
    assert standards.cell(2, headers.index("目前数值") + 1).protection.locked is True
    kinds = {dv.type for dv in standards.data_validations.dataValidation}
    assert {"decimal", "date"} <= kinds
    assert standards.page_setup.orientation == "landscape" and int(standards.page_setup.paperSize) == 9
    offices = wb["办事地点"]
    o_headers = [c.value for c in offices[1]]
    o_keys = [offices.cell(r, o_headers.index("编号") + 1).value for r in range(2, offices.max_row + 1)]
    assert {"minzhengju", "oushan", "hotline", "supervision", "issued_by"} <= set(o_keys)
    assert any(dv.type == "textLength" for dv in offices.data_validations.dataValidation)


def test_applying_an_unfilled_sheet_changes_nothing(tmp_path, policies_copy):
    policies = load(policies_copy)
    before = snapshot(policies_copy)
    for jid in policies.data["jurisdictions"]:
        rc, said = apply([write(policies, jid, tmp_path)], policies_copy)
        assert rc == 0 and "不用改" in said, said
    assert snapshot(policies_copy) == before


@pytest.fixture
def policies_copy(tmp_path) -> Path:
    root = tmp_path / "policies"
    shutil.copytree(ROOT / "policies", root)
    return root


# ---- every place, end to end ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def applied(tmp_path_factory):
    """Every place's sheet filled in completely and applied to one copy of policies/, then built."""
    from builder.site import BuildOptions, build_site

    base = tmp_path_factory.mktemp("worksheet")
    root = base / "policies"
    shutil.copytree(ROOT / "policies", root)
    policies = load(root)
    filled, outputs = {}, {}
    for jid in policies.data["jurisdictions"]:
        filled[jid] = fill_everything(write(policies, jid, base), base / f"filled-{jid}.xlsx")
        rc, said = apply([filled[jid]["path"]], root)
        assert rc == 0, said
        outputs[jid] = said
    after_first = snapshot(root)
    second = {jid: apply([f["path"]], root) for jid, f in filled.items()}
    ctx = build_site(BuildOptions(site_dir=base / "site", policies_dir=root, quiet=True,
                                  site_url="https://mingbai.example.gov.cn/"))
    return {"root": root, "filled": filled, "said": outputs, "second": second, "after_first": after_first,
            "ctx": ctx, "site": base / "site", "policies": load(root)}


def test_applying_the_same_sheet_twice_changes_nothing(applied):
    for jid, (rc, said) in applied["second"].items():
        assert rc == 0 and "不用改" in said, (jid, said)
    assert snapshot(applied["root"]) == applied["after_first"]


def test_the_diff_says_old_and_new_per_place(applied):
    said = applied["said"]["zongyang"]
    assert "枞阳县（zongyang）" in said
    assert re.search(r"最低生活保障标准.*740元（2021-07-01 起，示例） → 777元（%s 起，已核实" % START, said), said
    assert "欧山镇人民政府：地址 （空） → " in said and "监督举报电话：（空） → 0562-3219900（已核实）" in said
    assert "新增依据文件" in said and DOC[1] in said


def test_new_figures_are_dated_verified_and_cite_the_document(applied):
    policies = applied["policies"]
    for jid, j in policies.data["jurisdictions"].items():
        wrote = applied["filled"][jid]["wrote"]
        dibao = j.parameters["dibao_standard"].at(TODAY)
        assert dibao.start == START and dibao.verified and dibao.last_confirmed == CHECKED_ON
        assert dibao.value == {"urban": wrote["dibao_standard.urban"], "rural": wrote["dibao_standard.rural"]}
        ref = policies.references[dibao.source]
        assert ref.doc_number == DOC[1] and ref.title == DOC[0]
        for o in j.offices:
            assert o.verified and o.phone == wrote[o.id] and o.address
        assert j.supervision["number"] == "0562-3219900" and j.supervision["verified"]
        assert j.issued_by["verified"]


def test_the_engine_uses_the_new_figures_and_phones(applied):
    import screener
    from builder.policies.bundle import engine_bundle
    from screener.engine import evaluate

    screener.use_bundle(engine_bundle(applied["policies"]))
    try:
        for jid, j in applied["policies"].data["jurisdictions"].items():
            township = next((o.id for o in j.offices if o.level == "township"), None)
            household = {"jurisdiction": jid, "area": "rural", "members": [{"age": 45, "wages_monthly": 0}]}
            if township:
                household["hukou_township"] = township
            result = evaluate(household, date=TODAY.isoformat())
            dibao = next(p for p in result["programs"] if p["id"] == "dibao")
            assert dibao["standard_monthly"] == applied["filled"][jid]["wrote"]["dibao_standard.rural"]
            assert dibao["details"]["standard_verified"] is True
            assert not any("示例数据" in w and "最低生活保障标准" in w for w in result["warnings"]), result["warnings"]
            if township:
                assert dibao["apply_at"]["phone"] == applied["filled"][jid]["wrote"][township]
                assert dibao["apply_at"]["verified"] is True
    finally:
        screener.use_bundle(engine_bundle(load(ROOT / "policies")))


def test_guides_offices_and_changes_show_the_new_values_without_example_marks(applied):
    site = applied["site"]
    for jid in applied["policies"].data["jurisdictions"]:
        wrote = applied["filled"][jid]["wrote"]
        guide = (site / "guides" / jid / "dibao" / "index.html").read_text(encoding="utf-8")
        assert f"{wrote['dibao_standard.rural']}元" in guide
        assert "示例，不是现行标准" not in guide
        offices = (site / "offices" / jid / "index.html").read_text(encoding="utf-8")
        for key, phone in office_phones(wrote).items():
            assert f'href="tel:{phone.replace("-", "")}">{phone}</a>' in offices, (jid, key)
    changes = re.sub(r"<[^>]+>", "", (site / "changes" / "index.html").read_text(encoding="utf-8"))
    assert f"{START.year}年1月1日起，枞阳县最低生活保障标准为" in changes
    assert "2021年7月1日起，枞阳县最低生活保障标准" not in changes      # the example is gone, not "调整" from


def test_release_refuses_nothing_the_worksheet_covers(applied):
    from builder.errors import UserFacingError
    from builder.pages.checks import refuse_example_data

    ctx = applied["ctx"]
    try:
        refuse_example_data(ctx.guide_site)
        left = []
    except UserFacingError as e:
        left = [line for line in str(e).splitlines() if line.startswith("  ")]
    for jid in applied["policies"].data["jurisdictions"]:
        for line in left:
            # What remains is national (restated national rules) or a past value, never today's local figure.
            assert f"jurisdictions/{jid}/offices.yaml" not in line
            assert not re.search(rf"jurisdictions/{jid}/parameters.yaml: \w+ value from {START}", line)
    for f in ctx.print_files:
        assert not [e for e in f.examples if "电话" in e or "地址" in e or "标准" in e], (f.kind, f.examples)


def test_the_booklet_prints_the_new_figures_phones_and_supervision_line(applied):
    from pypdf import PdfReader

    for f in applied["ctx"].print_files:
        if f.kind != "booklet-a4":
            continue
        built = applied["site"] / "downloads" / f.jurisdiction / f.path.name
        text = "".join(page.extract_text() for page in PdfReader(built).pages)
        squeezed = re.sub(r"\s+", "", text)
        wrote = applied["filled"][f.jurisdiction]["wrote"]
        assert f"{wrote['dibao_standard.rural']}元" in squeezed, f.jurisdiction
        assert "0562-3219900" in squeezed, f.jurisdiction                 # 监督举报电话
        assert any(phone in squeezed for phone in office_phones(wrote).values()), f.jurisdiction
        assert not f.examples, (f.jurisdiction, f.examples)
        names = [o.name for o in applied["policies"].data["jurisdictions"][f.jurisdiction].offices]
        for name in names:                     # XX市's anonymised office names say （示例） themselves
            squeezed = squeezed.replace(name, "")
        assert "示例" not in squeezed, f.jurisdiction


# ---- mistakes ---------------------------------------------------------------------------------------------------

def test_ten_kinds_of_mistakes_are_each_reported_at_their_cell_and_nothing_is_written(tmp_path, policies_copy):
    policies = load(policies_copy)
    s = Sheet(write(policies, "zongyang", tmp_path))
    ws = s.wb["标准"]
    rows = {key: (r, cell) for r, key, cell in s.rows("标准")}

    def fill(key, **cells):
        r, cell = rows[key]
        base = {"现行数值": 800, "起始日期": START, "依据文件名称": DOC[0], "文号": DOC[1], "核对人": "王芳",
                "核对日期": CHECKED_ON}
        for h, v in {**base, **cells}.items():
            cell(h, v)
        return r

    r_text = fill("dibao_standard.urban", 现行数值="七百八")               # 1 text in a number cell
    r_rural = fill("dibao_standard.rural", 起始日期="2026-02-30")         # 2 a day that does not exist
    r_doc = fill("tekun_basic_standard.urban", 依据文件名称=None, 文号=None)   # 3 a figure without its document
    fill("tekun_basic_standard.rural")
    r_checker = fill("employment_cost_rate", 现行数值=0.35, 核对人=None)   # 4 an empty required cell
    r_range = fill("gradual_exit_months", 现行数值=99)                    # 5 out of the allowed range
    r_alone = fill("gradual_exit_max_months", 现行数值=12, 核对日期="2026/13/01")      # 6 a month that does not exist
    offices = {key: (r, cell) for r, key, cell in s.rows("办事地点")}
    r_phone, cell = offices["oushan"]
    cell("电话", "0562-32IO000")                                          # 7 a phone with letters
    cell("核对人", "王芳")
    cell("核对日期", CHECKED_ON)
    r_addr, cell = offices["tanggou"]
    cell("办公时间", "周一至周五")                                           # 8 an office with neither address nor phone
    cell("核对人", "王芳")
    cell("核对日期", CHECKED_ON)
    ow = s.wb["办事地点"]
    extra = ow.max_row + 1
    for c, v in enumerate(["zongyang", "xinzhen", "新镇人民政府", "乡镇（街道）", "新路1号", "0562-3200000"], start=1):
        ow.cell(extra, c, v)                                              # 9 an office that does not exist
    r_super, cell = offices["supervision"]
    cell("电话", "0562-3219900")
    cell("核对人", "王芳")
    cell("核对日期", (TODAY + dt.timedelta(days=30)).isoformat())          # 10 checked on a day still to come
    filled = s.save(tmp_path / "mistakes.xlsx")
    before = snapshot(policies_copy)

    rc, said = apply([filled], policies_copy)

    assert rc == 1 and "什么都没有写入" in said
    expected = [
        (f"标准 第{r_text}行 I列（现行数值）", "七百八"),
        (f"标准 第{r_rural}行 J列（起始日期）", "不是日历上有的日子"),
        (f"标准 第{r_doc}行 L列（文号）", "文件名称和文号至少填一个"),
        (f"标准 第{r_checker}行 N列（核对人）", "核对"),
        (f"标准 第{r_range}行 I列（现行数值）", "不超过 36"),
        (f"标准 第{r_alone}行 O列（核对日期）", "不是日历上有的日子"),
        (f"办事地点 第{r_phone}行 F列（电话）", "不是可拨打的电话号码"),
        (f"办事地点 第{r_addr}行 E列（地址）", "地址和电话至少要填一个"),
        (f"办事地点 第{extra}行 B列（编号）", "xinzhen"),
        (f"办事地点 第{r_super}行 J列（核对日期）", "还没到"),
    ]
    for where, what in expected:
        assert any(where in line and what in line for line in said.splitlines()), (where, what, said)
    assert f"数据核对表有 {len(expected)} 处问题" in said, said
    assert snapshot(policies_copy) == before


def test_a_breakdown_is_filled_together_with_one_start_date(tmp_path, policies_copy):
    policies = load(policies_copy)
    s = Sheet(write(policies, "yuncheng", tmp_path))
    for r, key, cell in s.rows("标准"):
        if key == "dibao_standard.urban":
            for h, v in (("现行数值", 700), ("起始日期", START), ("文号", DOC[1]), ("核对人", "李明"),
                         ("核对日期", CHECKED_ON)):
                cell(h, v)
            urban = r
        if key == "dibao_standard.rural":
            rural = r
    rc, said = apply([s.save(tmp_path / "half.xlsx")], policies_copy)
    assert rc == 1 and f"标准 第{rural}行 I列（现行数值）：城市、农村要一起填" in said, said
    assert urban


def test_the_csv_pair_in_gbk_applies_like_the_xlsx(tmp_path, policies_copy):
    """WPS and Excel in China save CSV as GBK: the pair is read back either way."""
    from builder.worksheet.write import csv_pair

    policies = load(policies_copy)
    xlsx = write(policies, "hecheng", tmp_path)
    pair = csv_pair(xlsx)
    for sheet, path in pair.items():
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
        head = rows[0]
        for row in rows[1:]:
            key = row[head.index("编号")]
            if sheet == "标准" and key.startswith("dibao_standard."):
                row[head.index("现行数值")] = "700" if key.endswith("urban") else "520"
                row[head.index("起始日期")] = f"{START.year}/1/1"            # how Excel writes a date in a CSV
                row[head.index("文号")] = "鹤民发〔2025〕3号"
                row[head.index("核对人")], row[head.index("核对日期")] = "张伟", CHECKED_ON.isoformat()
            if sheet == "办事地点" and key == "chengzhong":
                row[head.index("电话")] = "０７４５－２２２２２２２"             # full-width, as typed on a phone
                row[head.index("核对人")], row[head.index("核对日期")] = "张伟", CHECKED_ON.isoformat()
        buf = io.StringIO()
        csv.writer(buf).writerows(rows)
        path.write_bytes(buf.getvalue().encode("gb18030"))
    rc, said = apply([pair["办事地点"]], policies_copy)
    assert rc == 0, said
    j = load(policies_copy).data["jurisdictions"]["hecheng"]
    assert j.parameters["dibao_standard"].at(TODAY).value == {"urban": 700, "rural": 520}
    assert j.office("chengzhong").phone == "0745-2222222" and j.office("chengzhong").verified
    rc, said = apply([pair["标准"]], policies_copy)
    assert rc == 0 and "不用改" in said


def test_without_yes_the_command_shows_the_change_and_writes_nothing(tmp_path):
    """Run as a script without --yes (stdin is not a terminal): the diff is shown, policies/ is untouched."""
    policies = load(ROOT / "policies")
    filled = fill_everything(write(policies, "xx", tmp_path), tmp_path / "xx-filled.xlsx")["path"]
    before = snapshot(ROOT / "policies")
    done = subprocess.run([sys.executable, "build.py", "apply-worksheet", str(filled)], cwd=ROOT,
                          capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr
    assert "XX市（xx）" in done.stdout and "没有写入：确认无误后加 --yes" in done.stdout
    assert snapshot(ROOT / "policies") == before
