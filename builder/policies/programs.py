"""policies/programs/<id>.yaml: each programme's facts (name, kind, documents to bring, steps,
time limits), every item with its citation. Stored as `policies.data["programs"]`: id → `Program`.

Plain-language prose for residents lives in policies/guides/ (the guides' files); these are
the facts the engine and the print files share. Field reference: policies/README.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from builder.errors import Problem
from builder.policies.schema import ID, Date, Enum, List, Num, Record, Str, load_checked
from screener import model
from screener.citation import CITE_PATTERN
from screener.model import STAGES

CITE = Str(CITE_PATTERN, hint="出处：条款编号加原话（如 zongyang-2021-fangan/2.6.4「将低保、特困办理时限压缩到20个工作日内」）"
                            "或 references.yaml 里的编号")
JURISDICTIONS = List(Str(ID, hint="地区编号，如 zongyang"), min_items=1)

# When a document is only needed for some households (programs/*.yaml `if:`): the engine picks them by
# these names; guides and print say them in these words.
DOCUMENT_CONDITIONS = {
    "disability": "家里有残疾人的", "serious_illness": "家里有重病患者的", "student": "家里有在校学生的",
    "wages": "家里有人上班挣工资的", "residence_permit": "在居住地申请的", "emergency": "遇到急难的",
    "supporters": "有赡养（抚养、扶养）义务人的", "minor": "为未成年人申请的", "expenses": "看病、上学花钱多的",
    "elderly": "为老年人申请的", "receiving_dibao": "已经领低保的",
}

# What a step is for, so rules find it by its role, never by its wording; for a `basis` item, which of the
# engine's reasons its clause's words say (`general`: the programme exists here; `criteria`: who qualifies;
# `difference`: paid as the gap to the standard; 临时救助 `emergency` 急难型, `expense` 支出型). A reason
# whose words no basis item of the jurisdiction says cites the national document.
STEP_ROLES = ("apply", "advance_relief", "small_amount", "internal", "support_mode",
              "general", "criteria", "difference", "emergency", "expense")

ITEM = Record(
    required={"text": Str(), "source": CITE},
    optional={"jurisdictions": JURISDICTIONS, "note": Str(), "until": Date(), "role": Enum(STEP_ROLES)},
)
STEP = Record(
    required={"text": Str(), "source": CITE, "stage": Enum(STAGES)},
    optional={"jurisdictions": JURISDICTIONS, "note": Str(), "until": Date(), "role": Enum(STEP_ROLES)},
)

PROGRAM_SCHEMA = Record(
    required={
        "id": Str(ID, hint="项目编号，与文件名相同，如 dibao"),
        "name": Str(),
        "short_name": Str(),
        "kind": Enum(("cash", "referral")),
        "summary": Record(required={"text": Str(), "source": CITE}),
        "run_by": Str(),
        "documents": List(Record(
            required={"text": Str(), "source": CITE},
            optional={"if": Enum(tuple(DOCUMENT_CONDITIONS)), "jurisdictions": JURISDICTIONS, "note": Str()},
        )),
        "steps": List(STEP, min_items=1),
    },
    optional={
        "time_limits": List(Record(
            required={"what": Str(), "limit": Num(minimum=0), "unit": Enum(("工作日", "日", "小时", "个月")),
                      "source": CITE},
            optional={"jurisdictions": JURISDICTIONS, "note": Str(), "until": Date()},
        )),
        "basis": List(ITEM),
        "department_kind": Str(),
        "note": Str(),
        "order": Num(minimum=0, integer=True),
    },
)


@dataclass
class Program(model.Program):
    """A programme as policies/programs/<id>.yaml writes it, with its lines."""

    file: str = ""
    lines: object = field(default=None, repr=False)


def load_programs(root: Path, policies, problems: list[Problem]) -> None:
    programs: dict[str, Program] = {}
    for path in sorted((root / "programs").glob("*.yaml")):
        data, lines = load_checked(path, root, PROGRAM_SCHEMA, problems, key="id", expected=path.stem)
        if data is None:
            continue
        programs[data["id"]] = Program(
            data["id"], data["name"], data["short_name"], data["kind"], data["summary"], data["run_by"],
            data["documents"], data["steps"], data.get("time_limits", []), order=data.get("order", 100),
            note=data.get("note", ""), basis=data.get("basis", []), file=lines.rel, lines=lines)
    policies.data["programs"] = dict(sorted(programs.items(), key=lambda kv: (kv[1].order, kv[0])))


def validate_programs(policies, problems: list[Problem], check_date: dt.date | None) -> None:
    jurisdictions = policies.data.get("jurisdictions", {})
    for p in policies.data.get("programs", {}).values():
        lines = p.lines
        shown_everywhere = [j.id for j in jurisdictions.values() if p.id in j.programs]
        if (wrong := policies.citation_problem(p.summary["source"], shown_everywhere)):
            problems.append(lines.problem("summary.source", wrong))
        for key in ("documents", "steps", "time_limits", "basis"):
            for i, item in enumerate(getattr(p, key)):
                if (wrong := policies.citation_problem(item["source"], item.get("jurisdictions", shown_everywhere))):
                    problems.append(lines.problem(f"{key}[{i}].source", wrong))
                for k, jid in enumerate(item.get("jurisdictions", [])):
                    if jurisdictions and jid not in jurisdictions:
                        problems.append(lines.problem(f"{key}[{i}].jurisdictions[{k}]",
                                                      f"没有地区 {jid}；可选：{', '.join(jurisdictions)}"))
