"""policies/jurisdictions/<id>/{jurisdiction,parameters,offices}.yaml: load, check, validate.

Stored as `policies.data["jurisdictions"]`: id → `Jurisdiction` (in folder-name order), and
`policies.data["national_parameters"]`: name → `Parameter` from `jurisdictions/_national/`,
the fallback for every jurisdiction that does not set a parameter itself.
The field reference for a county adding its folder is policies/README.md.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from builder.errors import Problem
from builder.policies.schema import ID, Any, Bool, Date, Enum, Int, List, Map, Record, Str, as_date, load_checked
from builder.yamlfile import Lines
from screener import model
from screener.citation import CITE_PATTERN, SOURCE_ID
from screener.parameters import PARAMETERS, is_amount

PARAM_NAME = r"[a-z][a-z0-9_]*"
NATIONAL = "_national"
PROGRAM_IDS_HINT = "programs/ 下的项目编号，如 dibao"
CITE = Str(CITE_PATTERN, hint="出处：条款编号加原话（如 yuncheng-2021-59/2.1.5「按照城市低保标准的30%给予扣减」）或 "
                         "references.yaml 里的编号")
# Who last checked an entry against the office's own records, and when (written by `build.py apply-worksheet`).
CHECKED = {"last_confirmed": Date(), "confirmed_by": Str()}
# Words that must never appear as a usable phone number in example data.
_PHONE = re.compile(r"^[0-9][0-9\-]{2,19}$")

JURISDICTION_SCHEMA = Record(
    required={
        "id": Str(ID, hint="小写字母、数字和连字符组成的编号，与文件夹名相同"),
        "name": Str(),
        "full_name": Str(),
        "level": Enum(("municipality", "prefecture", "county", "district")),
        "province": Str(),
        "sources": List(Str(SOURCE_ID, hint="policies/sources/ 下的文件编号"), min_items=1),
        "programs": List(Str(ID, hint=PROGRAM_IDS_HINT), min_items=1),
        "fallback_office": Str(ID, hint="offices.yaml 里县级办公室的编号"),
        "hotline": Record(required={"number": Str(r"[0-9]{3,8}", hint="热线号码，如 12345"), "name": Str(),
                                    "source": CITE, "verified": Bool()},
                          optional={"note": Str(), **CHECKED}),
        "routing": Record(
            required={
                "residence_permit": Record(required={"allowed": Enum(("yes", "where_possible", "no")), "source": CITE},
                                           optional={"note": Str()}),
                "emergency_site": Record(required={"allowed": Enum(("yes", "exploring", "national", "no")), "source": CITE},
                                         optional={"note": Str()}),
            },
        ),
    },
    optional={
        # What a government leaflet carries (the print files): the complaints line and the office that issues it.
        "supervision": Record(required={"number": Str(r"[0-9][0-9\-]{2,19}", nullable=True,
                                                      hint="监督举报电话，如 0562-1234567；不知道就写 null（印刷品留空白让乡镇填写）"),
                                        "verified": Bool()},
                              optional={"name": Str(), "source": Str(), "note": Str(), **CHECKED}),
        "issued_by": Record(required={"name": Str(), "verified": Bool()}, optional={"note": Str(), **CHECKED}),
        "division_code": Str(r"[0-9]{6}", hint="6 位统计用区划代码"),
        "anonymised": Bool(),
        "note": Str(),
        "order": Int(minimum=0),
    },
)

# An example amount (verified: false) has `source: null`: no clause states it (policies/README.md).
VALUE_FIELDS = {"source": Str(CITE_PATTERN, nullable=True), "verified": Bool(), "last_confirmed": Date()}
SCALAR = Any()  # checked against the declaration (screener/parameters.py)

PARAMETER_SCHEMA = Record(
    required={
        "description": Str(),
        "unit": Str(),
        "values": Map(Any(nullable=False), keys=Str(r"\d{4}-\d{2}-\d{2}", hint="生效日期 YYYY-MM-DD")),
    },
    optional={"breakdown": List(Str(r"[a-z_]+"), min_items=1), "note": Str(), "reference_url": Str()},
)

OFFICE_SCHEMA = Record(
    required={
        "id": Str(ID, hint="小写拼音编号，如 oushan"),
        "name": Str(),
        "level": Enum(("county", "township")),
        "kind": Enum(("minzheng", "township", "department", "development_zone")),
        "address": Str(nullable=True),
        "phone": Str(nullable=True, hint="可拨打的电话号码；不知道就写 null（页面会改为提示拨打 12345）"),
        "hours": Str(nullable=True),
        "handles": List(Str(ID, hint=PROGRAM_IDS_HINT)),
        "verified": Bool(),
    },
    optional={
        "full_name": Str(),
        "source": CITE,
        "phone_source": Str(),
        "note": Str(),
        "division_code": Str(r"[0-9]{9,12}", hint="统计用区划代码"),
        **CHECKED,
    },
)

OFFICES_SCHEMA = List(OFFICE_SCHEMA, min_items=1)


@dataclass
class Parameter(model.Parameter):
    """A parameter as policies/ writes it, with where (file:line)."""

    file: str = ""
    line: int | None = None
    lines: Lines | None = field(default=None, repr=False)


@dataclass
class Office(model.Office):
    file: str = ""
    line: int | None = None


@dataclass(frozen=True)
class PlaceWords:
    """Words that depend on what kind of place it is, so that no template types 县里 for 天津."""

    local: str             # the level below that decides a case: 县里 / 区里 / 各县（市、区）
    district_bureau: str   # the 民政局 of a resident's district: 县民政局 / 区民政局 / 县（市、区）民政局
    standards_by: str      # who sets province-wide standards: 省里、市里 / 市里


LEVEL_WORDS = {
    "county": PlaceWords("县里", "县民政局", "省里、市里"),
    "district": PlaceWords("区里", "区民政局", "省里、市里"),
    "prefecture": PlaceWords("各县（市、区）", "县（市、区）民政局", "省里、市里"),
    "municipality": PlaceWords("各区", "区民政局", "市里"),
}


@dataclass
class Jurisdiction(model.Jurisdiction):
    """A place as policies/jurisdictions/<id>/ writes it, with its folder and each file's lines."""

    folder: str = ""
    lines: dict[str, Lines] = field(default_factory=dict, repr=False)

    @property
    def words(self) -> PlaceWords:
        return LEVEL_WORDS[self.level]


def load_parameters(path: Path, root: Path, problems: list[Problem]) -> dict[str, Parameter]:
    data, lines = load_checked(path, root, Any(), problems)
    if data is None:
        return {}
    if not isinstance(data, dict):
        problems.append(lines.problem("", "应为映射：参数名 → {description, unit, values …}"))
        return {}
    params: dict[str, Parameter] = {}
    for name, spec in data.items():
        if not re.fullmatch(PARAM_NAME, str(name)):
            problems.append(lines.problem(str(name), "参数名只能用小写字母、数字和下划线，如 dibao_standard"))
            continue
        found = []
        PARAMETER_SCHEMA.check(spec, name, lines, found)
        if found:
            problems += found
            continue
        declared = PARAMETERS.get(name)
        if declared is None:
            close = difflib.get_close_matches(name, PARAMETERS, n=1)
            problems.append(lines.problem(name, f"不认识的参数 {name}" + (f"（是不是 {close[0]}？）" if close else "")
                                          + "；引擎用到的参数见 policies/README.md 的参数表（screener/parameters.py）"))
            continue
        breakdown = spec.get("breakdown")
        allowed = [list(b) for b in declared.breakdowns]
        if (breakdown or allowed) and breakdown not in allowed:
            problems.append(lines.problem(f"{name}.breakdown", "应为 " + " 或 ".join(
                f"[{', '.join(b)}]" for b in allowed) if allowed else f"{name} 不分项，不要写 breakdown"))
            continue
        values = []
        for start, entry in spec["values"].items():
            vpath = f"{name}.values.{start}"
            try:
                start_date = dt.date.fromisoformat(start)
            except ValueError:
                problems.append(lines.problem(vpath, f"{start!r} 不是有效日期，应为 YYYY-MM-DD"))
                continue
            value_keys = {k: SCALAR for k in breakdown} if breakdown else {"value": SCALAR}
            schema = Record(required={**value_keys, **VALUE_FIELDS}, optional={"note": Str(), "confirmed_by": CHECKED["confirmed_by"]})
            found = []
            schema.check(entry, vpath, lines, found)
            if found:
                problems += found
                continue
            for k in value_keys:
                wrong = declared.check(entry[k])
                if wrong:
                    problems.append(lines.problem(f"{vpath}.{k}", f"{name}（{declared.meaning}）{wrong}"))
            value = {k: entry[k] for k in breakdown} if breakdown else entry["value"]
            values.append(model.Value(start_date, value, entry["source"], entry["verified"],
                                      as_date(entry["last_confirmed"]), entry.get("note", "")))
        values.sort(key=lambda v: v.start)
        params[name] = Parameter(name, spec["description"], spec["unit"], breakdown, values, spec.get("note", ""),
                                 file=lines.rel, line=lines.line(name), lines=lines)
    return params


def _load_offices(path: Path, root: Path, problems: list[Problem]) -> list[Office]:
    data, lines = load_checked(path, root, OFFICES_SCHEMA, problems)
    if data is None:
        return []
    offices, seen = [], set()
    for i, o in enumerate(data):
        if o["id"] in seen:
            problems.append(lines.problem(f"[{i}].id", f"办公室编号 {o['id']} 重复；同一地区内每个编号只能用一次"))
        seen.add(o["id"])
        phone = o["phone"]
        if phone is not None:
            # An unverified phone number could be dialled by someone in need: never allow one.
            if not o["verified"]:
                problems.append(lines.problem(f"[{i}].phone", "未核实（verified: false）的办公室不能写电话号码；"
                                                              "不知道就写 null，页面会提示拨打 12345"))
            if not o.get("phone_source"):
                problems.append(lines.problem(f"[{i}].phone", "写了电话就要在 phone_source 写明它来自哪个官方页面"))
            if not _PHONE.match(phone.replace(" ", "")):
                problems.append(lines.problem(f"[{i}].phone", f"{phone!r} 不是电话号码（数字和连字符）"))
        offices.append(Office(o["id"], o["name"], o["level"], o["kind"], o["address"], phone, o["hours"],
                              o["handles"], o["verified"], o.get("full_name", ""), o.get("source"),
                              o.get("note", ""), o.get("division_code"), o.get("phone_source", ""), lines.rel,
                              lines.line(f"[{i}]")))
    return offices


def load_jurisdictions(root: Path, policies, problems: list[Problem]) -> None:
    folder = root / "jurisdictions"
    jurisdictions: dict[str, Jurisdiction] = {}
    national = folder / NATIONAL / "parameters.yaml"
    policies.data["national_parameters"] = load_parameters(national, root, problems) if national.exists() else {}
    for d in sorted(p for p in folder.glob("*") if p.is_dir() and not p.name.startswith("_")):
        missing = [n for n in ("jurisdiction.yaml", "parameters.yaml", "offices.yaml") if not (d / n).exists()]
        if missing:
            problems.append(Problem(f"policies/jurisdictions/{d.name}", None, None,
                                    f"缺少文件 {', '.join(missing)}；每个地区文件夹都要有 jurisdiction.yaml、"
                                    "parameters.yaml、offices.yaml"))
            continue
        data, lines = load_checked(d / "jurisdiction.yaml", root, JURISDICTION_SCHEMA, problems, key="id",
                                   expected=d.name, named="文件夹名")
        if data is None:
            continue
        params = load_parameters(d / "parameters.yaml", root, problems)
        offices = _load_offices(d / "offices.yaml", root, problems)
        j = Jurisdiction(
            id=data["id"], name=data["name"], full_name=data["full_name"], level=data["level"],
            province=data["province"], sources=data["sources"], programs=data["programs"],
            fallback_office=data["fallback_office"], hotline=data["hotline"], routing=data["routing"],
            parameters=params, offices=offices,
            notices=[policies.sources[s].notice() for s in data["sources"] if s in policies.sources],
            division_code=data.get("division_code"),
            anonymised=data.get("anonymised", False), note=data.get("note", ""), folder=f"policies/jurisdictions/{d.name}",
            order=data.get("order", 100), supervision=data.get("supervision"), issued_by=data.get("issued_by"),
        )
        j.lines["jurisdiction"] = lines
        jurisdictions[j.id] = j
    policies.data["jurisdictions"] = dict(sorted(jurisdictions.items(), key=lambda kv: (kv[1].order, kv[0])))


# ---- cross-file validation (runs once everything has loaded) -------------------------------------------------

def _example_problem(policies, p, v) -> str | None:
    """An example amount cites no clause (no clause states it); every other value cites one. An amount of 0
    is where a rule stops (天津's 务工成本 "直至疫情结束"), not an example figure."""
    example_amount = is_amount(p.name) and not v.verified and v.value != 0
    if v.source is None:
        return None if example_amount else "只有示例金额（verified: false 的金额）可以不写出处；这个数值要写出处"
    c = policies.cite(v.source)
    if example_amount and c is not None and not c.restated:
        return (f"示例金额不是 {c.label} 写的，不能引用它：写 source: null，并在 note 里说明真实数字要从哪里来"
                "（例如“请县民政局换成现行标准并注明文号”）")
    return None


def validate_jurisdictions(policies, problems: list[Problem], check_date: dt.date | None) -> None:
    when = check_date or dt.date.today()
    programs = policies.data.get("programs", {})
    national: dict[str, Parameter] = policies.data.get("national_parameters", {})

    everywhere = list(policies.data.get("jurisdictions", {}))

    def check_params(params: dict[str, Parameter], shown_in: list[str]) -> None:
        for p in params.values():
            for v in p.values:
                if (wrong := _example_problem(policies, p, v)):
                    problems.append(p.lines.problem(f"{p.name}.values.{v.start}.source", wrong))
                elif v.source is not None and (wrong := policies.citation_problem(v.source, shown_in)):
                    problems.append(p.lines.problem(f"{p.name}.values.{v.start}.source", wrong))
            if p.at(when) is None:
                first = p.values[0].start if p.values else None
                problems.append(p.lines.problem(f"{p.name}.values",
                                            f"{when} 这一天没有生效的数值（最早的数值从 {first} 起）；"
                                            "请补上该日期前生效的数值"))

    check_params(national, everywhere)
    for j in policies.data.get("jurisdictions", {}).values():
        lines = j.lines["jurisdiction"]
        for i, s in enumerate(j.sources):
            if s not in policies.sources:
                problems.append(lines.problem(f"sources[{i}]", f"policies/sources/ 里没有文件 {s}.yaml"))
        for i, pid in enumerate(j.programs):
            if programs and pid not in programs:
                problems.append(lines.problem(f"programs[{i}]", f"没有项目 {pid}；可选：{', '.join(sorted(programs))}"))
        here = [j.id]
        if (wrong := policies.citation_problem(j.hotline["source"], here)):
            problems.append(lines.problem("hotline.source", wrong))
        for rule, spec in j.routing.items():
            if (wrong := policies.citation_problem(spec["source"], here)):
                problems.append(lines.problem(f"routing.{rule}.source", wrong))
        office = j.office(j.fallback_office)
        if office is None or office.level != "county":
            problems.append(lines.problem("fallback_office", f"{j.fallback_office!r} 应为 offices.yaml 里一个 level: county 的办公室"))
        check_params(j.parameters, here)
        needed = {"dibao_standard"}
        for name in sorted(needed - set(j.parameters)):
            problems.append(Problem(f"{j.folder}/parameters.yaml", None, name, "缺少这个参数（每个地区都要有低保标准）"))
        for o in j.offices:
            for pid in o.handles:
                if programs and pid not in programs:
                    problems.append(Problem(o.file, o.line, f"{o.id}.handles",
                                            f"没有项目 {pid}；可选：{', '.join(sorted(programs))}"))
            if o.source and (wrong := policies.citation_problem(o.source, here)):
                problems.append(Problem(o.file, o.line, f"{o.id}.source", wrong))
