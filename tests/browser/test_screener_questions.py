"""screener/questions.py against the household contract: every answer lands in a field the
engine reads, with a value the engine accepts; every optional question can be skipped; the
page script finds every word it uses. (Plain Python: no browser needed.)"""

from __future__ import annotations

import ast
import json
import re
import sys

from screener import household as contract
from screener import questions
from screener.parameters import PARAMETERS
from tests.conftest import ROOT

ENUMS = {
    "area": contract.AREAS, "labor": contract.LABOR, "self_care": contract.SELF_CARE,
    "student": contract.STUDENT, "supporters": contract.SUPPORTERS,
    "disability.category": contract.DISABILITY_CATEGORIES, "disability.grade": contract.DISABILITY_GRADES,
    "emergency.kind": contract.EMERGENCY_KINDS,
}
BOOLEANS = {"residence_permit", "serious_illness", "newly_employed", "assets_over_limit"}
NESTED = {"income_monthly": contract.INCOME_KINDS, "expenses_year": contract.EXPENSE_KINDS,
          "disability": ("category", "grade"), "emergency": ("kind", "township")}


def all_fields():
    return [(s, f) for s in questions.SCREENS for f in s.fields]


def test_every_answer_goes_to_a_contract_field_with_an_allowed_value():
    for screen, f in all_fields():
        if f.path is None:
            continue
        member = f.path.startswith("members[].")
        path = f.path.removeprefix("members[].")
        head, _, rest = path.partition(".")
        assert head in (contract.MEMBER_FIELDS if member else contract.TOP_FIELDS), f"{f.id}: {f.path}"
        assert member == screen.per_member, f"{f.id}: member fields belong on per-member screens"
        if rest:
            assert rest in NESTED[head], f"{f.id}: {f.path}"
        values = [c.data()["json"] for c in f.choices]
        if path in ENUMS:
            assert all(v is None or v in ENUMS[path] for v in values), f"{f.id}: {values}"
        if path in BOOLEANS:
            assert all(v in (True, False, None) for v in values), f"{f.id}: {values}"
        if f.kind == "money":
            unit = "month" if head in ("income_monthly", "wages_monthly") else "year"
            assert f.unit == unit and f.min == 0 and f.max == contract.MAX_MONEY, f.id
    ages = [f for _, f in all_fields() if f.path == "members[].age"]
    assert len(ages) == 1 and ages[0].required and (ages[0].min, ages[0].max) == (0, 130)


def test_every_question_can_be_answered_dont_know_unless_essential():
    for _, f in all_fields():
        if f.kind in ("choice", "select", "multi") and not f.required:
            assert any(c.value == questions.DONT_KNOW and c.data()["json"] is None for c in f.choices), f.id


def test_conditions_are_data_about_known_fields():
    ids = set(questions.field_ids())

    def walk(c):
        if c is None:
            return
        assert isinstance(c, dict)
        json.dumps(c)
        for key in ("q", "member"):
            if key in c:
                assert c[key] in ids, c
        if "uses" in c:
            assert c["uses"] in PARAMETERS, c
        for key in ("all", "any"):
            for x in c.get(key, []):
                walk(x)
        walk(c.get("not"))

    for s in questions.SCREENS:
        walk(s.skip_if)
        walk(s.member_if)
        for f in s.fields:
            walk(f.show_if)
    json.dumps(questions.data({name: 16 for name in questions.age_parameters()}), ensure_ascii=False)
    assert len(ids) == len(questions.field_ids()), "field ids must be unique"
    assert questions.SCREENS[0].roster, "the first screen is the household, so it shows before any script"


def test_the_page_scripts_find_every_word_they_use():
    for name in ("app.js", "result.js"):
        script = (ROOT / "screener" / "web" / name).read_text(encoding="utf-8")
        used = set(re.findall(r"\bUI\.([a-z_]+)", script))
        assert used and used <= set(questions.UI), (name, used - set(questions.UI))
        assert not re.search(r"[\u4e00-\u9fff]", re.sub(r"/\*.*?\*/|//[^\n]*", "", script, flags=re.S)), \
            f"{name} should hold no Chinese of its own: the words live in screener/questions.py"


def test_questions_module_is_standard_library_only():
    """The standard library and the engine's own stdlib-only modules (the household limits, the status words)."""
    tree = ast.parse((ROOT / "screener" / "questions.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        for name in names:
            assert name.split(".")[0] in sys.stdlib_module_names | {"__future__", "screener"}, name
