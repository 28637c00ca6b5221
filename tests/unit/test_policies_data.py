"""policies/jurisdictions and policies/programs: a broken file fails with file:line, the field
and what is allowed; citations must resolve; every parameter needs a value on the check date.

Each test builds a small policies/ tree of its own, so it does not depend on the real data."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from builder.errors import PolicyDataError
from builder.policies import load_policies
from builder.policies.bundle import engine_bundle, write_bundle

ROOT = Path(__file__).resolve().parents[2]

SOURCE = """\
id: demo-2024-1
title: 示例县社会救助通知
short_title: 示例通知
doc_number: 示民发〔2024〕1号
issuers: [示例县民政局]
date: 2024-01-01
jurisdiction: demo
clauses:
  - id: "1"
    title: 一、低保
  - id: "1.1"
    title: （一）标准
    text: 低保标准每人每月600元，向乡镇申请。就业成本按30%扣减。
  - id: "2.1"
    title: （二）临时救助
    text: 在急难发生地申请临时救助。
"""

REFERENCES = """\
- id: minfa-2021-57
  title: 最低生活保障审核确认办法
  doc_number: 民发〔2021〕57号
- id: minfa-2021-43
  title: 特困人员认定办法
  doc_number: 民发〔2021〕43号
- id: guofa-2015-52
  title: 国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见
  doc_number: 国发〔2015〕52号
- id: guofa-2014-47
  title: 国务院关于全面建立临时救助制度的通知
  doc_number: 国发〔2014〕47号
"""

PROGRAM = """\
id: dibao
name: 最低生活保障
short_name: 低保
kind: cash
run_by: 民政部门
summary:
  text: 收入低于标准的家庭按差额领取。
  source: minfa-2021-57
documents:
  - text: 身份证、户口簿
    source: minfa-2021-57
steps:
  - text: 向乡镇申请。
    source: demo-2024-1/1.1.1「向乡镇申请」
    stage: apply
"""

JURISDICTION = """\
id: demo
name: 示例县
full_name: 示例省示例县
level: county
province: 示例省
sources: [demo-2024-1]
programs: [dibao]
fallback_office: minzhengju
hotline:
  number: "12345"
  name: 12345热线
  source: minfa-2021-57
  verified: true
routing:
  residence_permit:
    allowed: where_possible
    source: minfa-2021-57
  emergency_site:
    allowed: "yes"
    source: demo-2024-1/2.1「在急难发生地申请临时救助」
"""

PARAMETERS = """\
dibao_standard:
  description: 最低生活保障标准
  unit: 元/人/月
  breakdown: [urban, rural]
  values:
    2024-01-01:
      urban: 600
      rural: 600
      source: demo-2024-1/1.1.1「低保标准每人每月600元」
      verified: true
      last_confirmed: 2026-11-01
employment_cost_basis:
  description: 就业成本扣减基数
  unit: 基数
  values:
    2024-01-01:
      value: area_standard
      source: demo-2024-1/1.1.2「就业成本按30%扣减」
      verified: true
      last_confirmed: 2026-11-01
employment_cost_rate:
  description: 就业成本扣减比例
  unit: 比例
  values:
    2024-01-01:
      value: 0.3
      source: demo-2024-1/1.1.2「就业成本按30%扣减」
      verified: true
      last_confirmed: 2026-11-01
"""

OFFICES = """\
- id: minzhengju
  name: 示例县民政局
  level: county
  kind: minzheng
  address: null
  phone: null
  hours: null
  handles: [dibao]
  verified: false
- id: dongzhen
  name: 东镇人民政府
  level: township
  kind: township
  address: null
  phone: null
  hours: null
  handles: [dibao]
  verified: false
"""


def tree(tmp_path: Path, **replace: str) -> Path:
    """A minimal valid policies/ folder; `replace` swaps a file's text (keys: source, references, program,
    jurisdiction, parameters, offices)."""
    root = tmp_path / "policies"
    files = {
        "source": ("sources/demo-2024-1.yaml", SOURCE),
        "references": ("references.yaml", REFERENCES),
        "program": ("programs/dibao.yaml", PROGRAM),
        "jurisdiction": ("jurisdictions/demo/jurisdiction.yaml", JURISDICTION),
        "parameters": ("jurisdictions/demo/parameters.yaml", PARAMETERS),
        "offices": ("jurisdictions/demo/offices.yaml", OFFICES),
    }
    for key, (rel, text) in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(replace.get(key, text)), encoding="utf-8")
    # The national texts the engine's own code quotes (screener/context.py) come with every tree.
    for national in (ROOT / "policies" / "sources").glob("minfa-*.yaml"):
        (root / "sources" / national.name).write_text(national.read_text("utf-8"), encoding="utf-8")
    return root


def problems(root: Path, date: str = "2026-11-01") -> list[str]:
    with pytest.raises(PolicyDataError) as e:
        load_policies(root, check_date=date)
    return [str(p) for p in e.value.problems]


def test_minimal_tree_loads(tmp_path):
    policies = load_policies(tree(tmp_path), check_date="2026-11-01")
    j = policies.data["jurisdictions"]["demo"]
    assert j.parameters["dibao_standard"].at(__import__("datetime").date(2026, 1, 1)).value == {"urban": 600,
                                                                                               "rural": 600}
    assert [o.id for o in j.offices] == ["minzhengju", "dongzhen"]
    assert list(policies.data["programs"]) == ["dibao"]


def test_broken_yaml_reports_file_and_line(tmp_path):
    broken = PARAMETERS.replace("      rural: 600\n", "      rural: [600\n", 1)
    found = problems(tree(tmp_path, parameters=broken))
    assert len(found) == 1
    assert found[0].startswith("policies/jurisdictions/demo/parameters.yaml:")
    line = int(found[0].split(":")[1])
    assert 8 <= line <= 12
    assert "YAML" in found[0]


def test_wrong_field_reports_line_field_and_what_is_allowed(tmp_path):
    bad = OFFICES.replace("level: township", "level: village")
    found = problems(tree(tmp_path, offices=bad))
    assert found == ["policies/jurisdictions/demo/offices.yaml:12: 字段 [1].level：'village' 不是允许的值；"
                     "可选：county、township"]


def test_unresolved_citation_is_located(tmp_path):
    bad = PARAMETERS.replace("      value: 0.3\n      source: demo-2024-1/1.1.2「就业成本按30%扣减」",
                             "      value: 0.3\n      source: demo-2024-1/9.9")
    found = problems(tree(tmp_path, parameters=bad))
    assert len(found) == 1
    assert found[0].startswith("policies/jurisdictions/demo/parameters.yaml:27: 字段 "
                               "employment_cost_rate.values.2024-01-01.source：")
    assert "demo-2024-1/9.9" in found[0] and "找不到" in found[0]


def test_sentence_citation_beyond_the_last_sentence_fails(tmp_path):
    bad = PROGRAM.replace("demo-2024-1/1.1.1", "demo-2024-1/1.1.3")
    found = problems(tree(tmp_path, program=bad))
    assert len(found) == 1 and found[0].startswith("policies/programs/dibao.yaml:14: 字段 steps[0].source")


def test_a_quote_not_in_its_clause_fails_with_file_and_line(tmp_path):
    bad = PARAMETERS.replace("「就业成本按30%扣减」\n      verified: true\n      last_confirmed: 2026-11-01\nemployment_cost_rate",
                             "「就业成本按40%扣减」\n      verified: true\n      last_confirmed: 2026-11-01\nemployment_cost_rate")
    found = problems(tree(tmp_path, parameters=bad))
    assert len(found) == 1
    assert found[0].startswith("policies/jurisdictions/demo/parameters.yaml:18: 字段 employment_cost_basis.values.2024-01-01.source")
    assert "「就业成本按40%扣减」" in found[0] and "找不到" in found[0]


def test_a_quote_is_compared_without_whitespace(tmp_path):
    spaced = PARAMETERS.replace("「低保标准每人每月600元」", "「低保标准 每人每月\u3000600元」")
    load_policies(tree(tmp_path, parameters=spaced), check_date="2026-11-01")


def test_a_clause_cited_without_its_words_fails(tmp_path):
    bad = PROGRAM.replace("demo-2024-1/1.1.1「向乡镇申请」", "demo-2024-1/1.1.1")
    found = problems(tree(tmp_path, program=bad))
    assert len(found) == 1 and found[0].startswith("policies/programs/dibao.yaml:14: 字段 steps[0].source")
    assert "没有写原文依据" in found[0]


def test_a_reference_cannot_carry_a_quote(tmp_path):
    bad = PROGRAM.replace("  source: minfa-2021-57\ndocuments", "  source: minfa-2021-57「收入低于标准」\ndocuments")
    found = problems(tree(tmp_path, program=bad))
    assert len(found) == 1 and "据转述" in found[0]


def test_an_example_amount_cites_no_clause(tmp_path):
    example = PARAMETERS.replace("      source: demo-2024-1/1.1.1「低保标准每人每月600元」\n      verified: true",
                                 "      source: demo-2024-1/1.1.1「低保标准每人每月600元」\n      verified: false")
    found = problems(tree(tmp_path, parameters=example))
    assert len(found) == 1 and "示例金额" in found[0] and "source: null" in found[0]
    fixed = example.replace("      source: demo-2024-1/1.1.1「低保标准每人每月600元」\n      verified: false",
                            "      source: null\n      verified: false")
    load_policies(tree(tmp_path, parameters=fixed), check_date="2026-11-01")
    unverified_rule = PARAMETERS.replace("      value: 0.3\n      source: demo-2024-1/1.1.2「就业成本按30%扣减」\n      verified: true",
                                         "      value: 0.3\n      source: null\n      verified: true")
    found = problems(tree(tmp_path, parameters=unverified_rule))
    assert len(found) == 1 and "要写出处" in found[0]


def test_parameter_without_a_value_on_the_check_date(tmp_path):
    found = problems(tree(tmp_path), date="2023-06-01")
    assert any("dibao_standard.values" in p and "2023-06-01" in p for p in found)
    assert all(p.startswith("policies/jurisdictions/demo/parameters.yaml:") for p in found)


def test_missing_required_field_and_unknown_field(tmp_path):
    bad = JURISDICTION.replace("province: 示例省\n", "provinse: 示例省\n")
    found = problems(tree(tmp_path, jurisdiction=bad))
    assert any("缺少必填字段 province" in p for p in found)
    assert any("provinse" in p and "不认识的字段" in p for p in found)


def test_unverified_phone_number_is_refused(tmp_path):
    bad = OFFICES.replace("  phone: null\n  hours: null\n  handles: [dibao]\n  verified: false\n- id: dongzhen",
                          "  phone: 0562-1234567\n  hours: null\n  handles: [dibao]\n  verified: false\n- id: dongzhen")
    found = problems(tree(tmp_path, offices=bad))
    assert any("[0].phone" in p and "未核实" in p for p in found)


def test_duplicate_office_ids(tmp_path):
    bad = OFFICES.replace("id: dongzhen", "id: minzhengju")
    found = problems(tree(tmp_path, offices=bad))
    assert any("重复" in p and p.startswith("policies/jurisdictions/demo/offices.yaml:10") for p in found)


def test_a_county_notice_cannot_speak_for_another_county(tmp_path):
    """The programme's step cites 示例县's notice; a second county that runs the same programme
    under other rules would show that step as if it were its own law."""
    root = tree(tmp_path)
    other = root / "jurisdictions" / "other"
    other.mkdir()
    # Its own data cites its own notice, as a county's must.
    for name in ("parameters.yaml", "offices.yaml"):
        text = (root / "jurisdictions" / "demo" / name).read_text("utf-8")
        (other / name).write_text(text.replace("demo-2024-1", "other-2024-1"), encoding="utf-8")
    (other / "jurisdiction.yaml").write_text(
        JURISDICTION.replace("id: demo", "id: other").replace("demo-2024-1", "other-2024-1"), "utf-8")
    (root / "sources" / "other-2024-1.yaml").write_text(
        SOURCE.replace("id: demo-2024-1", "id: other-2024-1").replace("jurisdiction: demo", "jurisdiction: other"), "utf-8")
    found = problems(root)
    assert len(found) == 1, found
    assert found[0].startswith("policies/programs/dibao.yaml:14: 字段 steps[0].source")
    assert "demo-2024-1" in found[0] and "other" in found[0] and "jurisdictions" in found[0]
    scoped = PROGRAM.replace("    source: demo-2024-1/1.1.1", "    jurisdictions: [demo]\n    source: demo-2024-1/1.1.1")
    (root / "programs" / "dibao.yaml").write_text(scoped, encoding="utf-8")
    assert load_policies(root, check_date="2026-11-01").data["jurisdictions"]["other"].sources == ["other-2024-1"]


def test_a_county_parameter_cannot_rest_on_another_countys_notice(tmp_path):
    root = tree(tmp_path)
    other = root / "jurisdictions" / "other"
    other.mkdir()
    (root / "sources" / "other-2024-1.yaml").write_text(
        SOURCE.replace("id: demo-2024-1", "id: other-2024-1").replace("jurisdiction: demo", "jurisdiction: other"), "utf-8")
    (other / "jurisdiction.yaml").write_text(
        JURISDICTION.replace("id: demo", "id: other").replace("demo-2024-1", "other-2024-1"), "utf-8")
    (other / "offices.yaml").write_text(OFFICES, "utf-8")
    (other / "parameters.yaml").write_text(PARAMETERS, "utf-8")     # still citing 示例县's notice
    (root / "programs" / "dibao.yaml").write_text(
        PROGRAM.replace("    source: demo-2024-1/1.1.1", "    jurisdictions: [demo]\n    source: demo-2024-1/1.1.1"), "utf-8")
    found = problems(root)
    assert found and all(p.startswith("policies/jurisdictions/other/parameters.yaml:") for p in found), found
    assert "demo-2024-1" in found[0] and "other" in found[0]


def test_programme_not_defined(tmp_path):
    bad = JURISDICTION.replace("programs: [dibao]", "programs: [dibao, nosuch]")
    found = problems(tree(tmp_path, jurisdiction=bad))
    assert any("programs[1]" in p and "nosuch" in p for p in found)


def test_fallback_office_must_be_a_county_office(tmp_path):
    bad = JURISDICTION.replace("fallback_office: minzhengju", "fallback_office: dongzhen")
    found = problems(tree(tmp_path, jurisdiction=bad))
    assert any("fallback_office" in p for p in found)


def test_bundle_carries_what_the_engine_needs(tmp_path):
    policies = load_policies(tree(tmp_path), check_date="2026-11-01")
    bundle = engine_bundle(policies)
    j = bundle["jurisdictions"]["demo"]
    assert j["parameters"]["dibao_standard"]["values"][0]["value"] == {"urban": 600, "rural": 600}
    assert j["offices"][1]["id"] == "dongzhen"
    assert bundle["programs"]["dibao"]["documents"][0]["text"] == "身份证、户口簿"
    assert bundle["citations"]["demo-2024-1/1.1.1"]["url"] == "sources/demo-2024-1/#c-1-1-s1"
    assert "minfa-2021-57" in bundle["citations"]      # cited in the engine's own code
    path = write_bundle(policies, tmp_path / "out" / "bundle.json")
    assert json.loads(path.read_text(encoding="utf-8")) == bundle


def test_engine_answers_from_a_minimal_tree(tmp_path):
    import screener
    from screener import data

    policies = load_policies(tree(tmp_path), check_date="2026-11-01")
    screener.use_bundle(engine_bundle(policies))
    try:
        r = screener.evaluate({"members": [{"age": 40, "wages_monthly": 700}], "area": "rural"},
                              jurisdiction="demo", date="2026-11-01")
        assert r["income"]["deductions"][0]["amount"] == 180
        assert r["programs"][0]["id"] == "dibao"
    finally:
        data.reset()


def test_the_real_policies_folder_is_valid():
    from tests.conftest import ROOT

    load_policies(ROOT / "policies")


# --- Declared parameters (screener/parameters.py): the three broken files a review found -----------------------

def test_a_renamed_parameter_is_refused_with_a_suggestion(tmp_path):
    bad = PARAMETERS.replace("employment_cost_rate:", "employment_cost_rates:")
    found = problems(tree(tmp_path, parameters=bad))
    assert len(found) == 1
    assert found[0].startswith("policies/jurisdictions/demo/parameters.yaml:21: 字段 employment_cost_rates：")
    assert "不认识的参数" in found[0] and "employment_cost_rate？" in found[0]


def test_a_yes_for_a_money_figure_is_refused(tmp_path):
    bad = PARAMETERS.replace("      urban: 600\n", "      urban: true\n", 1)
    found = problems(tree(tmp_path, parameters=bad))
    assert found == ["policies/jurisdictions/demo/parameters.yaml:7: 字段 dibao_standard.values.2024-01-01.urban："
                     "dibao_standard（最低生活保障标准（低保标准），分城市、农村）应为数字（元/人/月），实际是 True"]
    words = PARAMETERS.replace("      urban: 600\n", '      urban: "seven hundred"\n', 1)
    assert "应为数字" in problems(tree(tmp_path / "w", parameters=words))[0]


def test_an_impossible_date_is_refused_at_its_line(tmp_path):
    bad = PARAMETERS.replace("    2024-01-01:\n      urban", "    2021-13-01:\n      urban", 1)
    found = problems(tree(tmp_path, parameters=bad))
    assert len(found) == 1 and found[0].startswith("policies/jurisdictions/demo/parameters.yaml:6: ")
    assert "2021-13-01" in found[0] and "不是有效的日期" in found[0]


def test_a_value_outside_the_allowed_set_and_a_wrong_breakdown_are_refused(tmp_path):
    bad = PARAMETERS.replace("value: area_standard", "value: city_standard")
    found = problems(tree(tmp_path, parameters=bad))
    assert len(found) == 1 and "urban_standard | area_standard | local" in found[0]
    bad = PARAMETERS.replace("breakdown: [urban, rural]", "breakdown: [city, rural]").replace("urban: 600", "city: 600")
    found = problems(tree(tmp_path / "b", parameters=bad))
    assert len(found) == 1 and "dibao_standard.breakdown" in found[0] and "[urban, rural]" in found[0]


def test_every_parameter_in_the_data_is_declared_and_the_engine_refuses_an_undeclared_name():
    from screener import data
    from screener.parameters import PARAMETERS as DECLARED, UndeclaredParameter

    import screener
    screener.evaluate({"members": [{"age": 40}]}, jurisdiction="zongyang")      # loads the bundle
    bundle = data.bundle()
    for j in bundle.raw["jurisdictions"].values():
        assert set(j["parameters"]) <= set(DECLARED), j["id"]
    params = data.Params(bundle.jurisdictions["zongyang"].parameters, "2026-11-01")
    assert params.get("gradual_exit_months").value == 6
    with pytest.raises(UndeclaredParameter):
        params.get("gradual_exit_month")                 # the misspelling that used to switch 渐退 off


def test_readme_parameter_table_is_generated_from_the_declaration():
    from builder.policies.parameter_table import README, current_table, generated_table

    assert current_table() == generated_table(), (
        f"{README} 的参数表和 screener/parameters.py 不一致：运行 .venv/bin/python -m builder.policies.parameter_table")
