"""The household (input) contract: check every field, name the path of anything wrong, and
turn the JSON into a `Household` the rules read. Missing or null means "don't know".

Every field is declared once, in `TOP` and `MEMBER` below: its name, kind and allowed values. From that
table come the allowed keys, the `Member` and `Household` attributes, the roster's CSV columns
(roster.py), the `--help` text (cli.py) and the property tests' households (tests/property/strategies.py);
tests/unit/test_household_fields.py checks that the checking code below reads exactly these fields.
"""

from __future__ import annotations

import datetime as _dt
import math
from dataclasses import dataclass
from functools import lru_cache

AREAS = ("rural", "urban")
LABOR = ("full", "partial", "none")
SELF_CARE = ("full", "partial", "none")
DISABILITY_CATEGORIES = ("physical", "visual", "hearing", "speech", "intellectual", "mental", "multiple")
DISABILITY_GRADES = (1, 2, 3, 4)
STUDENT = ("primary", "junior_high", "high_school", "vocational", "college")
SUPPORTERS = ("none", "unable", "able", "not_supporting")
EMERGENCY_KINDS = ("fire", "flood", "accident", "illness", "other")
INCOME_KINDS = ("farming", "business", "property", "support_received", "basic_pension", "other")
EXPENSE_KINDS = ("medical", "education")
MAX_MEMBERS = 20
_LABOR, _SELF_CARE, _STUDENT = frozenset(LABOR), frozenset(SELF_CARE), frozenset(STUDENT)
MAX_MONEY = 100_000_000



@dataclass(frozen=True)
class Field:
    """One field of the household JSON (../shared/contract.md)."""

    name: str
    kind: str                # age | choice | yesno | money | amounts | disability | office | date | text |
    #                          programmes | emergency | members | version
    choices: tuple = ()      # choice: the values; amounts: the kinds of amount; emergency: the kinds
    attr: str = ""           # the attribute the rules read, where it is named otherwise (wages_monthly → wages)

    @property
    def attribute(self) -> str:
        return self.attr or self.name


MEMBER = (
    Field("age", "age"),
    Field("labor", "choice", LABOR),
    Field("disability", "disability", DISABILITY_CATEGORIES),
    Field("serious_illness", "yesno"),
    Field("self_care", "choice", SELF_CARE),
    Field("student", "choice", STUDENT),
    Field("wages_monthly", "money", attr="wages"),
    Field("newly_employed", "yesno"),
)
TOP = (
    Field("jurisdiction", "text"),
    Field("date", "date"),
    Field("area", "choice", AREAS),
    Field("hukou_township", "office"),
    Field("residence_township", "office"),
    Field("residence_permit", "yesno"),
    Field("members", "members"),
    Field("income_monthly", "amounts", INCOME_KINDS, attr="income"),
    Field("supporters", "choice", SUPPORTERS),
    Field("last_year_income", "money"),
    Field("expenses_year", "amounts", EXPENSE_KINDS, attr="expenses"),
    Field("assets_over_limit", "yesno"),
    Field("receiving", "programmes"),
    Field("emergency", "emergency", EMERGENCY_KINDS),
    Field("dibao_monthly_current", "money"),
    Field("id", "text"),          # a roster row's id: carried through, not read by the rules
    Field("schema", "version"),   # the contract's version, 1
)
TOP_FIELDS = tuple(f.name for f in TOP)
MEMBER_FIELDS = tuple(f.name for f in MEMBER)

_MEMBER_KEYS = frozenset(MEMBER_FIELDS)
_TOP_KEYS = frozenset(TOP_FIELDS)

LABELS = {
    "farming": "种养殖收入", "business": "经营收入", "property": "财产性收入（租金、利息）",
    "support_received": "赡养（抚养、扶养）费", "basic_pension": "城乡居民基础养老金", "other": "其他收入",
    "medical": "本年度医疗费用", "education": "本年度教育支出",
}


class HouseholdError(ValueError):
    """Bad household input: `.path` names the field (`members[1].age`), `.message` says what is allowed."""

    def __init__(self, path: str, message: str):
        self.path, self.message = path, message
        super().__init__(f"输入有误：{path}：{message}" if path else f"输入有误：{message}")


def _choices(values) -> str:
    return "、".join("null" if v is None else str(v) for v in values)


def show_value(value, limit: int = 40) -> str:
    """A bad value as a message quotes it: at most `limit` characters, and printable whatever it holds."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    if isinstance(value, str):
        text = value if len(value) <= limit else f"{value[:limit]}…（共 {len(value)} 个字）"
        return '"' + text.encode("utf-8", "backslashreplace").decode("utf-8") + '"'
    if isinstance(value, (dict, list)):
        return "对象" if isinstance(value, dict) else "列表"
    if isinstance(value, int) and abs(value) >= 10 ** limit:
        return f"一个 {len(str(abs(value)))} 位的数字" if abs(value) < 10 ** 4000 else "一个位数极多的数字"
    return str(value)


def _enum(value, path: str, choices) -> str | None:
    if value is None:
        return None
    if value not in choices or isinstance(value, bool):
        raise HouseholdError(path, f"不认识的值 {show_value(value)}；可选：{_choices(choices)}，或 null（不清楚）")
    return value


def _bool(value, path: str) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise HouseholdError(path, f"应为 true 或 false（或 null 表示不清楚），实际是 {show_value(value)}")


def _money(value, path: str) -> float | None:
    if value is None:
        return None
    t = type(value)
    if (t is int or t is float) and 0 <= value <= MAX_MONEY:   # the common case, fast (NaN fails the test)
        return float(value)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise HouseholdError(path, f"应为金额（元，不小于 0 的数字），实际是 {show_value(value)}")
    if value < 0:
        raise HouseholdError(path, f"金额不能为负数，实际是 {show_value(value)}；应为不小于 0 的数字（元）")
    if value > MAX_MONEY:
        raise HouseholdError(path, f"金额 {show_value(value)} 太大；应不超过 {MAX_MONEY} 元")
    return float(value)


def _object(value, path: str, fields) -> dict | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise HouseholdError(path, f"应为对象（{{…}}），实际是 {show_value(value)}")
    for key in value:
        if key not in fields:
            raise HouseholdError(f"{path}.{key}" if path else key,
                                 f"不认识的字段；允许的字段：{'、'.join(fields)}")
    return value


def _office(value, path: str, jurisdiction) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or value not in jurisdiction.offices:
        ids = "、".join(jurisdiction.offices)
        raise HouseholdError(path, f"{jurisdiction.name}没有编号为 {show_value(value)} 的乡镇（街道）或办公室；可选：{ids}")
    return value


class Member:
    """members[index] as the rules read it: one attribute per field of `MEMBER`, plus its place and label."""

    __slots__ = ("index", *(f.attribute for f in MEMBER), "label")

    def __init__(self, index, label, *, age, labor, disability, serious_illness, self_care, student, wages,
                 newly_employed):
        self.index = index
        self.age = age
        self.labor = labor
        self.disability = disability          # None or (category, grade)
        self.serious_illness = serious_illness
        self.self_care = self_care
        self.student = student
        self.wages = wages                    # None = don't know
        self.newly_employed = newly_employed
        self.label = label                    # 申请人 / 第n位家庭成员


_LABELS = ["申请人"] + [f"第{i + 1}位家庭成员" for i in range(1, MAX_MEMBERS)]   # by index


class Household:
    """The household as the rules read it: one attribute per field of `TOP` the rules use."""

    __slots__ = tuple(f.attribute for f in TOP if f.kind not in ("text", "version"))


def _member(raw, i: int) -> Member:
    if type(raw) is not dict:
        if not isinstance(raw, dict):
            raise HouseholdError(f"members[{i}]", f"每位家庭成员应为对象（至少包含 age），实际是 {show_value(raw)}")
    if not _MEMBER_KEYS.issuperset(raw):
        _object(raw, f"members[{i}]", MEMBER_FIELDS)
    g = raw.get
    age = g("age")
    if type(age) is not int or not 0 <= age <= 130:
        age = _age(age, f"members[{i}]")
    disability = g("disability")
    if disability is not None:
        disability = _disability(disability, f"members[{i}].disability")
    labor, serious, care, student, wages, newly = (g("labor"), g("serious_illness"), g("self_care"), g("student"),
                                                    g("wages_monthly"), g("newly_employed"))
    # The common case (a valid value) is tested inline; anything else goes through the checks that
    # name the field. `type(x) is str` first: a list is not hashable and must not reach `in`.
    if labor is not None and not (type(labor) is str and labor in _LABOR):
        labor = _enum(labor, f"members[{i}].labor", LABOR)
    if serious is not None and serious is not True and serious is not False:
        serious = _bool(serious, f"members[{i}].serious_illness")
    if care is not None and not (type(care) is str and care in _SELF_CARE):
        care = _enum(care, f"members[{i}].self_care", SELF_CARE)
    if student is not None and not (type(student) is str and student in _STUDENT):
        student = _enum(student, f"members[{i}].student", STUDENT)
    if wages is not None:
        t = type(wages)
        wages = float(wages) if (t is int or t is float) and 0 <= wages <= MAX_MONEY \
            else _money(wages, f"members[{i}].wages_monthly")
    if newly is not None and newly is not True and newly is not False:
        newly = _bool(newly, f"members[{i}].newly_employed")
    return Member(i, _LABELS[i], age=age, labor=labor, disability=disability, serious_illness=serious,
                  self_care=care, student=student, wages=wages, newly_employed=newly)


def _age(age, path: str) -> int:
    if age is None:
        raise HouseholdError(f"{path}.age", "必须填写年龄（0 到 130 的整数）")
    if isinstance(age, float) and age.is_integer():
        age = int(age)
    if isinstance(age, bool) or not isinstance(age, int):
        raise HouseholdError(f"{path}.age", f"应为 0 到 130 的整数（周岁），实际是 {show_value(age)}")
    if not 0 <= age <= 130:
        raise HouseholdError(f"{path}.age", f"年龄 {age} 超出范围；应为 0 到 130 的整数（周岁）")
    return int(age)


def _disability(disability, dpath: str) -> tuple:
    _object(disability, dpath, ("category", "grade"))
    for key in ("category", "grade"):
        if disability.get(key) is None:
            raise HouseholdError(f"{dpath}.{key}", "有残疾人证时要填写类别和等级；没有残疾人证请写 null")
    category = _enum(disability["category"], f"{dpath}.category", DISABILITY_CATEGORIES)
    grade = _enum(disability["grade"], f"{dpath}.grade", DISABILITY_GRADES)
    return (category, grade)


def parse_date(value, path: str = "date") -> str:
    if not isinstance(value, str):
        raise HouseholdError(path, f"应为日期 YYYY-MM-DD，实际是 {show_value(value)}")
    try:
        return _dt.date.fromisoformat(value).isoformat() if len(value) == 10 else _bad_date(value, path)
    except ValueError:
        return _bad_date(value, path)


@lru_cache(maxsize=4096)      # a roster's rows mostly share one date
def _date_text(value: str, path: str) -> str:
    return parse_date(value, path)


def _bad_date(value, path):
    raise HouseholdError(path, f"{show_value(value)} 不是有效日期；应为 YYYY-MM-DD，如 2026-11-01")


def _amounts(given: dict, kinds, prefix: str) -> dict:
    out = {}
    for k in kinds:
        v = given.get(k)
        if v is not None:
            t = type(v)
            v = float(v) if (t is int or t is float) and 0 <= v <= MAX_MONEY else _money(v, prefix + k)
        out[k] = v
    return out


def find_jurisdiction(bundle, jid, path: str):
    """The bundle's jurisdiction `jid`, or HouseholdError naming `path` (the field or option it came from)."""
    known = bundle.jurisdictions
    if not isinstance(jid, str) or jid not in known:
        raise HouseholdError(path, f"没有这个地区 {show_value(jid)}；可选：{'、'.join(known)}")
    return known[jid]


def normalise(raw, bundle, jurisdiction: str | None = None, date: str | None = None) -> tuple[Household, object]:
    """Check `raw` against the contract; return (Household, jurisdiction) or raise HouseholdError."""
    if not isinstance(raw, dict):
        raise HouseholdError("", f"家庭信息应为一个 JSON 对象（{{…}}），实际是 {show_value(raw)}")
    if not _TOP_KEYS.issuperset(raw):
        for key in raw:
            if key not in _TOP_KEYS and not (isinstance(key, str) and key.startswith("_")):
                raise HouseholdError(str(key), f"不认识的字段；允许的字段：{'、'.join(TOP_FIELDS)}")
    jid = jurisdiction if jurisdiction is not None else raw.get("jurisdiction")
    if jid is None:
        raise HouseholdError("jurisdiction",
                             f"请指定地区（字段 jurisdiction 或 --jurisdiction）；可选：{'、'.join(bundle.jurisdictions)}")
    j = find_jurisdiction(bundle, jid, "--jurisdiction" if jurisdiction is not None else "jurisdiction")
    hh = Household()
    when = date if date is not None else raw.get("date")
    if when is None:
        hh.date = _dt.date.today().isoformat()
    else:
        path = "--date" if date is not None else "date"
        hh.date = _date_text(when, path) if type(when) is str else parse_date(when, path)

    members = raw.get("members")
    if members is None:
        raise HouseholdError("members", "必须填写家庭成员列表（1 到 20 人，members[0] 是申请人）")
    if not isinstance(members, list):
        raise HouseholdError("members", f"应为列表（1 到 20 人），实际是 {show_value(members)}")
    if not 1 <= len(members) <= MAX_MEMBERS:
        raise HouseholdError("members", f"应有 1 到 {MAX_MEMBERS} 位家庭成员，实际是 {len(members)} 位")
    hh.members = [_member(m, i) for i, m in enumerate(members)]

    area = raw.get("area")
    hh.area = area if area is None or (type(area) is str and area in AREAS) else _enum(area, "area", AREAS)
    offices = j.offices
    v = raw.get("hukou_township")
    hh.hukou_township = v if v is None or (type(v) is str and v in offices) else _office(v, "hukou_township", j)
    v = raw.get("residence_township")
    hh.residence_township = v if v is None or (type(v) is str and v in offices) \
        else _office(v, "residence_township", j)
    v = raw.get("residence_permit")
    hh.residence_permit = v if v is None or v is True or v is False else _bool(v, "residence_permit")

    income = _object(raw.get("income_monthly"), "income_monthly", INCOME_KINDS)
    hh.income = _amounts(income, INCOME_KINDS, "income_monthly.") if income is not None \
        else dict.fromkeys(INCOME_KINDS)
    v = raw.get("supporters")
    hh.supporters = v if v is None or (type(v) is str and v in SUPPORTERS) else _enum(v, "supporters", SUPPORTERS)
    hh.last_year_income = _money(raw.get("last_year_income"), "last_year_income")
    expenses = _object(raw.get("expenses_year"), "expenses_year", EXPENSE_KINDS)
    hh.expenses = _amounts(expenses, EXPENSE_KINDS, "expenses_year.") if expenses is not None \
        else dict.fromkeys(EXPENSE_KINDS)
    v = raw.get("assets_over_limit")
    hh.assets_over_limit = v if v is None or v is True or v is False else _bool(v, "assets_over_limit")
    receiving = raw.get("receiving")
    if receiving is not None:
        if not isinstance(receiving, list):
            raise HouseholdError("receiving", f"应为项目编号列表，如 [\"dibao\"]，实际是 {show_value(receiving)}")
        programs = bundle.programs
        for i, pid in enumerate(receiving):
            if type(pid) is not str or pid not in programs:
                _enum(pid, f"receiving[{i}]", tuple(programs))
        receiving = tuple(receiving)
    hh.receiving = receiving
    emergency = raw.get("emergency")
    if emergency is not None:
        _object(emergency, "emergency", ("kind", "township"))
        if emergency.get("kind") is None:
            raise HouseholdError("emergency.kind", f"遇到急难时要写明类型：{_choices(EMERGENCY_KINDS)}；没有急难请写 emergency: null")
        emergency = (_enum(emergency["kind"], "emergency.kind", EMERGENCY_KINDS),
                     _office(emergency.get("township"), "emergency.township", j))
    hh.emergency = emergency
    hh.dibao_monthly_current = _money(raw.get("dibao_monthly_current"), "dibao_monthly_current")
    schema = raw.get("schema")
    if schema is not None and schema != 1:
        raise HouseholdError("schema", f"不支持的格式版本 {show_value(schema)}；本引擎读取版本 1")
    return hh, j
