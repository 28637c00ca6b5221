"""Hypothesis strategies for households: valid ones (per ../shared/contract.md, every optional field
sometimes missing or null) and invalid ones (one thing broken, with the field path it must be reported at)."""

from __future__ import annotations

import copy
import datetime as dt

from hypothesis import strategies as st

from screener import data
from screener.household import DISABILITY_GRADES, EXPENSE_KINDS, INCOME_KINDS, MEMBER, TOP, Field

ABSENT = object()   # the key is left out altogether (unlike None: present, "don't know")
LAST_DAY = dt.date(2030, 12, 31)


def _bundle():
    return data.bundle()


def first_day(jid: str) -> dt.date:
    """The first day a jurisdiction's 低保标准 is in force (earlier dates are rejected by design)."""
    return _bundle().jurisdictions[jid].parameters["dibao_standard"].values[0].start


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


def value_of(f: Field, offices: list[str], programs: list[str]):
    """Valid values of a field, by its kind in the household's field table (screener/household.py): a new
    field gets households with it, and a new kind fails here until it has a strategy."""
    k = f.kind
    if k == "age":
        return st.one_of(st.integers(0, 130), st.sampled_from([0, 15, 16, 17, 18, 59, 60, 130]))
    if k == "choice":
        return maybe(st.sampled_from(f.choices))
    if k == "yesno":
        return maybe(st.booleans())
    if k == "money":
        return maybe(money)
    if k == "disability":
        return maybe(st.fixed_dictionaries({"category": st.sampled_from(f.choices),
                                            "grade": st.sampled_from(DISABILITY_GRADES)}))
    if k == "amounts":
        return maybe(st.fixed_dictionaries({}, optional={c: maybe(money, absent=False) for c in f.choices}))
    if k == "office":
        return maybe(st.sampled_from(offices))
    if k == "programmes":
        return maybe(st.lists(st.sampled_from(programs), max_size=3, unique=True))
    if k == "emergency":
        return maybe(st.fixed_dictionaries({"kind": st.sampled_from(f.choices)},
                                           optional={"township": maybe(st.sampled_from(offices), absent=False)}))
    raise AssertionError(f"no strategy for the kind {k!r} of {f.name}: add one to tests/property/strategies.py")


@st.composite
def members(draw, n_max: int = 6):
    n = draw(st.integers(1, n_max))
    return [_drop_absent({f.name: draw(value_of(f, [], [])) for f in MEMBER}) for _ in range(n)]


# Fields every generated household sets itself, and those the rules never read.
_SET_APART = {"jurisdiction", "date", "members"}
_NOT_GENERATED = ("text", "version")


@st.composite
def households(draw, jurisdiction: str | None = None):
    b = _bundle()
    jid = jurisdiction or draw(st.sampled_from(sorted(b.jurisdictions)))
    offices, programs = sorted(b.jurisdictions[jid].offices), sorted(b.programs)
    h = {"jurisdiction": jid, "date": draw(st.dates(first_day(jid), LAST_DAY)).isoformat(), "members": draw(members())}
    for f in TOP:
        if f.name not in _SET_APART and f.kind not in _NOT_GENERATED:
            h[f.name] = draw(value_of(f, offices, programs))
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
        "unknown_emergency_township", "enum",
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
    if kind == "enum":
        # Any field with a fixed list of values, of the member or the household, from the field table.
        f = draw(st.sampled_from([f for f in (*MEMBER, *TOP) if f.kind == "choice"]))
        bad = draw(st.sampled_from(["some", "", "Rural", 1, True, [], {}, [f.choices[0]]]))
        if f in MEMBER:
            return _set_member(h, i, f.name, bad), f"members[{i}].{f.name}"
        h[f.name] = bad
        return h, f.name
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
