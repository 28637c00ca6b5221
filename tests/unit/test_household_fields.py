"""One field table (screener/household.py TOP and MEMBER) drives the contract's readers: the keys the
checker accepts, the attributes the rules read, the roster's CSV columns and the --help text."""

from __future__ import annotations

import pytest

import screener
from screener import data, household
from screener.cli import fresh_bundle, household_help
from screener.household import MEMBER, TOP
from screener.roster import _MEMBER_COLUMNS, _TOP_COLUMNS

fresh_bundle()

FULL = {
    "jurisdiction": "zongyang", "date": "2026-11-01", "area": "rural", "hukou_township": "oushan",
    "residence_township": "oushan", "residence_permit": False,
    "members": [{"age": 45, "labor": "full", "disability": {"category": "physical", "grade": 1},
                 "serious_illness": False, "self_care": "full", "student": "college", "wages_monthly": 100,
                 "newly_employed": False}],
    "income_monthly": {"farming": 1}, "supporters": "able", "last_year_income": 0,
    "expenses_year": {"medical": 0}, "assets_over_limit": False, "receiving": ["dibao"],
    "emergency": {"kind": "fire", "township": "oushan"}, "dibao_monthly_current": 0, "id": "r1", "schema": 1,
}


def test_the_full_example_sets_every_field_of_the_table():
    assert set(FULL) == {f.name for f in TOP} and set(FULL["members"][0]) == {f.name for f in MEMBER}


def test_every_field_is_read_into_the_attribute_the_rules_use():
    hh, _ = household.normalise(FULL, data.bundle())
    for f in TOP:
        if f.kind not in ("text", "version"):
            assert getattr(hh, f.attribute) is not None, f.name
    m = hh.members[0]
    assert set(type(m).__slots__) == {"index", "label", *(f.attribute for f in MEMBER)}
    for f in MEMBER:
        assert getattr(m, f.attribute) is not None, f.name


@pytest.mark.parametrize("where", ["top", "member"])
def test_a_key_outside_the_table_is_refused_naming_it(where):
    h = {**FULL, "members": [dict(FULL["members"][0])]}
    (h if where == "top" else h["members"][0])["colour"] = "red"
    with pytest.raises(screener.HouseholdError) as e:
        household.normalise(h, data.bundle())
    assert e.value.path == ("colour" if where == "top" else "members[0].colour")


def test_help_and_roster_columns_come_from_the_table():
    text = household_help()
    for f in (*TOP, *MEMBER):
        assert f'"{f.name}"' in text, f.name
        for c in f.choices:
            assert f'"{c}"' in text, (f.name, c)
    for f in MEMBER:
        assert f.name in _MEMBER_COLUMNS or f.kind == "disability"
    scalar = {f.name for f in TOP if f.kind in ("text", "date", "choice", "office", "yesno", "money")}
    assert set(_TOP_COLUMNS) == scalar
