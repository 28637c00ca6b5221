"""Hypothesis strategies for households: valid ones (per ../shared/contract.md, every optional field
sometimes missing or null) and invalid ones (one thing broken, with the field path it must be reported at)."""

from __future__ import annotations

import copy
import datetime as dt

from hypothesis import strategies as st

from screener import data
from screener.household import (AREAS, DISABILITY_CATEGORIES, EMERGENCY_KINDS, EXPENSE_KINDS, INCOME_KINDS, LABOR,
                                SELF_CARE, STUDENT, SUPPORTERS)

ABSENT = object()   # the key is left out altogether (unlike None: present, "don't know")
LAST_DAY = dt.date(2030, 12, 31)


def _bundle():
    return data.bundle()


def first_day(jid: str) -> dt.date:
    """The first day a jurisdiction's 低保标准 is in force (earlier dates are rejected by design)."""
    values = _bundle().jurisdictions[jid].raw["parameters"]["dibao_standard"]["values"]
    return dt.date.fromisoformat(values[0]["start"])


def maybe(strategy, absent: bool = True):
    """A value, or null, or (where allowed) the key left out."""
    choices = [strategy, st.none()]
    if absent:
        choices.append(st.just(ABSENT))
    return st.one_of(*choices)


def _drop_absent(d: dict) -> dict:
    return {k: v for k, v in d.items() if v is not ABSENT}


money = st.one_of(
    st.integers(0, 6000),
    st.floats(0, 20000, allow_nan=False, allow_infinity=False),
    st.sampled_from([0, 0.0, 1, 99999, 100_000_000]),
)


@st.composite
def members(draw, n_max: int = 6):
    n = draw(st.integers(1, n_max))
    out = []
    for _ in range(n):
        disability = draw(maybe(st.fixed_dictionaries({
            "category": st.sampled_from(DISABILITY_CATEGORIES), "grade": st.sampled_from([1, 2, 3, 4])})))
        m = {
            "age": draw(st.one_of(st.integers(0, 130), st.sampled_from([0, 15, 16, 17, 18, 59, 60, 130]))),
            "labor": draw(maybe(st.sampled_from(LABOR))),
            "disability": disability,
            "serious_illness": draw(maybe(st.booleans())),
            "self_care": draw(maybe(st.sampled_from(SELF_CARE))),
            "student": draw(maybe(st.sampled_from(STUDENT))),
            "wages_monthly": draw(maybe(money)),
            "newly_employed": draw(maybe(st.booleans())),
        }
        out.append(_drop_absent(m))
    return out


@st.composite
def households(draw, jurisdiction: str | None = None):
    b = _bundle()
    jid = jurisdiction or draw(st.sampled_from(sorted(b.jurisdictions)))
    j = b.jurisdictions[jid]
    offices = sorted(j.offices)
    date = draw(st.dates(first_day(jid), LAST_DAY)).isoformat()
    income = draw(maybe(st.fixed_dictionaries({}, optional={k: maybe(money, absent=False) for k in INCOME_KINDS})))
    expenses = draw(maybe(st.fixed_dictionaries({}, optional={k: maybe(money, absent=False) for k in EXPENSE_KINDS})))
    emergency = draw(maybe(st.fixed_dictionaries(
        {"kind": st.sampled_from(EMERGENCY_KINDS)}, optional={"township": maybe(st.sampled_from(offices), absent=False)})))
    h = {
        "jurisdiction": jid,
        "date": date,
        "area": draw(maybe(st.sampled_from(AREAS))),
        "hukou_township": draw(maybe(st.sampled_from(offices))),
        "residence_township": draw(maybe(st.sampled_from(offices))),
        "residence_permit": draw(maybe(st.booleans())),
        "members": draw(members()),
        "income_monthly": income,
        "supporters": draw(maybe(st.sampled_from(SUPPORTERS))),
        "last_year_income": draw(maybe(money)),
        "expenses_year": expenses,
        "assets_over_limit": draw(maybe(st.booleans())),
        "receiving": draw(maybe(st.lists(st.sampled_from(sorted(b.programs)), max_size=3, unique=True))),
        "emergency": emergency,
        "dibao_monthly_current": draw(maybe(money)),
    }
    return _drop_absent(h)


# --- invalid households: (household, the field path the error must name) ---------------------------------------------

def _set_member(h, i, key, value):
    h["members"][i][key] = value
    return h


@st.composite
def invalid_households(draw):
    h = copy.deepcopy(draw(households()))
    n = len(h["members"])
    i = draw(st.integers(0, n - 1))
    wrong_type = st.sampled_from(["x", "12", [], {}, True, 1.5])
    kind = draw(st.sampled_from([
        "age_high", "age_negative", "age_type", "age_missing", "members_empty", "members_type", "member_type",
        "negative_wage", "negative_income", "negative_expense", "negative_last_year", "money_type", "bool_money",
        "nan_money", "unknown_jurisdiction", "jurisdiction_type", "unknown_hukou", "unknown_residence",
        "unknown_emergency_township", "enum_labor", "enum_area", "enum_supporters", "enum_care", "enum_student",
        "disability_grade", "disability_category", "disability_missing_grade", "bool_type", "receiving_unknown",
        "receiving_type", "emergency_kind", "unknown_field", "unknown_member_field", "bad_date", "too_many_members",
        "income_type", "income_unknown_key",
    ]))
    if kind == "age_high":
        return _set_member(h, i, "age", draw(st.integers(131, 10_000))), f"members[{i}].age"
    if kind == "age_negative":
        return _set_member(h, i, "age", draw(st.integers(-1000, -1))), f"members[{i}].age"
    if kind == "age_type":
        return _set_member(h, i, "age", draw(st.sampled_from(["45", 45.5, True, [], {}]))), f"members[{i}].age"
    if kind == "age_missing":
        h["members"][i].pop("age")
        return h, f"members[{i}].age"
    if kind == "members_empty":
        h["members"] = []
        return h, "members"
    if kind == "members_type":
        h["members"] = draw(st.sampled_from([{"age": 3}, "x", 5]))
        return h, "members"
    if kind == "member_type":
        h["members"][i] = draw(st.sampled_from([45, "x", [], None]))
        return h, f"members[{i}]"
    if kind == "negative_wage":
        return _set_member(h, i, "wages_monthly", -draw(st.floats(0.01, 1e6))), f"members[{i}].wages_monthly"
    if kind == "negative_income":
        key = draw(st.sampled_from(INCOME_KINDS))
        h["income_monthly"] = {key: -draw(st.integers(1, 10**6))}
        return h, f"income_monthly.{key}"
    if kind == "negative_expense":
        key = draw(st.sampled_from(EXPENSE_KINDS))
        h["expenses_year"] = {key: -0.5}
        return h, f"expenses_year.{key}"
    if kind == "negative_last_year":
        h["last_year_income"] = -1
        return h, "last_year_income"
    if kind == "money_type":
        return _set_member(h, i, "wages_monthly", draw(st.sampled_from(["1000", [], {}]))), f"members[{i}].wages_monthly"
    if kind == "bool_money":
        h["dibao_monthly_current"] = True
        return h, "dibao_monthly_current"
    if kind == "nan_money":
        h["last_year_income"] = draw(st.sampled_from([float("nan"), float("inf")]))
        return h, "last_year_income"
    if kind == "unknown_jurisdiction":
        h["jurisdiction"] = draw(st.sampled_from(["beijing", "", "ZONGYANG", "zongyang "]))
        return h, "jurisdiction"
    if kind == "jurisdiction_type":
        h["jurisdiction"] = draw(st.sampled_from([1, [], {"id": "xx"}, True]))
        return h, "jurisdiction"
    if kind == "unknown_hukou":
        h["hukou_township"] = draw(st.sampled_from(["nowhere", "", 3, []]))
        return h, "hukou_township"
    if kind == "unknown_residence":
        h["residence_township"] = "nowhere"
        return h, "residence_township"
    if kind == "unknown_emergency_township":
        h["emergency"] = {"kind": "fire", "township": "nowhere"}
        return h, "emergency.township"
    if kind == "enum_labor":
        return _set_member(h, i, "labor", draw(st.sampled_from(["some", "", 1, True, [], {}]))), f"members[{i}].labor"
    if kind == "enum_area":
        h["area"] = draw(st.sampled_from(["town", "Rural", 0, ["rural"]]))
        return h, "area"
    if kind == "enum_supporters":
        h["supporters"] = draw(st.sampled_from(["maybe", False, []]))
        return h, "supporters"
    if kind == "enum_care":
        return _set_member(h, i, "self_care", draw(st.sampled_from(["half", ["full"]]))), f"members[{i}].self_care"
    if kind == "enum_student":
        return _set_member(h, i, "student", draw(st.sampled_from(["kindergarten", True, {}]))), f"members[{i}].student"
    if kind == "disability_grade":
        grade = draw(st.sampled_from([0, 5, "1", 1.5, True]))
        return _set_member(h, i, "disability", {"category": "physical", "grade": grade}), \
            f"members[{i}].disability.grade"
    if kind == "disability_category":
        return _set_member(h, i, "disability", {"category": "arm", "grade": 1}), f"members[{i}].disability.category"
    if kind == "disability_missing_grade":
        return _set_member(h, i, "disability", {"category": "visual"}), f"members[{i}].disability.grade"
    if kind == "bool_type":
        key = draw(st.sampled_from(["residence_permit", "assets_over_limit"]))
        h[key] = draw(st.sampled_from(["yes", 1, 0, "false"]))
        return h, key
    if kind == "receiving_unknown":
        h["receiving"] = ["dibao", draw(st.sampled_from(["pension", ["dibao"]]))]
        return h, "receiving[1]"
    if kind == "receiving_type":
        h["receiving"] = "dibao"
        return h, "receiving"
    if kind == "emergency_kind":
        h["emergency"] = {"kind": draw(st.sampled_from(["earthquake", None]))}
        return h, "emergency.kind"
    if kind == "unknown_field":
        h["income"] = 100
        return h, "income"
    if kind == "unknown_member_field":
        return _set_member(h, i, "wage", 100), f"members[{i}].wage"
    if kind == "bad_date":
        h["date"] = draw(st.sampled_from(["2025-13-01", "2025/10/01", "tomorrow", 20251001, "2025-02-30"]))
        return h, "date"
    if kind == "too_many_members":
        h["members"] = [{"age": 30}] * 21
        return h, "members"
    if kind == "income_type":
        h["income_monthly"] = draw(st.sampled_from([100, "100", [100]]))
        return h, "income_monthly"
    if kind == "income_unknown_key":
        h["income_monthly"] = {"salary": 100}
        return h, "income_monthly.salary"
    raise AssertionError(kind)
