"""Loaders for the guide site's own data: policies/glossary.yaml and policies/guides/*.yaml.

Registered in builder/policies/extra_loaders.py, so `build.py check` reports their problems
as file:line like every other policies/ file. They fill `policies.data["glossary"]` (a list of
Term) and `policies.data["guides"]` (program id → GuideProse).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from builder.errors import Problem
from builder.policies.schema import Enum, List, Record, Str, load_checked
from screener.citation import CITE_PATTERN

CITES = List(Str(CITE_PATTERN, hint="引用加原话，如 yuncheng-2021-59/2.1.5「按照城市低保标准的30%给予扣减」，或 minfa-2021-57"))

GLOSSARY_SCHEMA = List(Record(
    required={"term": Str(), "plain": Str()},
    optional={"aliases": List(Str()), "more": Str(), "cite": CITES},
), min_items=1)

# A statement: words (may use template expressions for figures) and what it rests on.
# `only` / `except` limit it to some jurisdictions; `when` to jurisdictions that have a parameter.
# A `cite` of a clause the site holds carries the clause's words that say it: `doc/2.1.4「……」`.
# `introduces: all_of`: the statement introduces the ones after it as conditions that must all be met;
# its words say how many with `{{ count }}`, which the renderer fills with the number it shows.
STATEMENT = Record(
    required={"text": Str()},
    optional={"cite": CITES, "only": List(Str()), "except": List(Str()), "when": Str(),
              "introduces": Enum(("all_of",))},
)
FAQ = Record(
    required={"q": Str(), "a": Str()},
    optional={"cite": CITES, "only": List(Str()), "except": List(Str()), "when": Str()},
)
GUIDE_SCHEMA = Record(
    required={"program": Str(r"[a-z][a-z0-9_]*"), "what": List(STATEMENT, min_items=1),
              "who": List(STATEMENT, min_items=1), "amount": List(STATEMENT), "faq": List(FAQ)},
    optional={"how": List(STATEMENT), "documents": List(STATEMENT), "timing": List(STATEMENT),
              "where": List(STATEMENT), "search_terms": List(Str())},
)

# A figure typed into prose: Arabic digits, or a Chinese count of money, time, percent or items (三条: a count
# that print may contradict when it leaves some out).
TYPED_FIGURE = re.compile(r"[0-9０-９]|[零一二两三四五六七八九十百千万]+\s*(?:个月|个工作日|元|天|日|年|%|％|成)"
                          r"|(?:下面|以下|共)[一二两三四五六七八九十]+\s*[条项]")
_EXPR = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)


@dataclass
class Term:
    term: str
    plain: str
    aliases: list[str] = field(default_factory=list)
    more: str = ""
    cite: list[str] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return "t-" + self.term


@dataclass
class GuideProse:
    program: str
    sections: dict[str, list[dict]]
    faq: list[dict]
    search_terms: list[str]
    file: str
    lines: object = field(default=None, repr=False)


def load_glossary(root: Path, policies, problems: list[Problem]) -> None:
    path = root / "glossary.yaml"
    policies.data["glossary"] = []
    if not path.exists():
        return
    data, lines = load_checked(path, root, GLOSSARY_SCHEMA, problems)
    if data is None:
        return
    seen: dict[str, int] = {}
    terms = []
    for i, t in enumerate(data):
        for word in [t["term"], *t.get("aliases", [])]:
            if word in seen:
                problems.append(lines.problem(f"[{i}]", f"“{word}”已在第 {seen[word] + 1} 条出现过"))
            seen[word] = i
        for j, c in enumerate(t.get("cite", [])):
            if (wrong := policies.citation_problem(c, [])):    # the glossary speaks for no one place
                problems.append(lines.problem(f"[{i}].cite[{j}]", wrong))
        terms.append(Term(t["term"], t["plain"], t.get("aliases", []), t.get("more", ""), t.get("cite", [])))
    policies.data["glossary"] = terms


def load_guides(root: Path, policies, problems: list[Problem]) -> None:
    guides: dict[str, GuideProse] = {}
    policies.data["guides"] = guides
    for path in sorted((root / "guides").glob("*.yaml")):
        data, lines = load_checked(path, root, GUIDE_SCHEMA, problems, key="program", expected=path.stem)
        if data is None:
            continue
        sections = {k: data.get(k, []) for k in ("what", "who", "amount", "how", "documents", "timing", "where")}
        for name, items in [*sections.items(), ("faq", data["faq"])]:
            for i, item in enumerate(items):
                for key in ("text", "q", "a"):
                    if key in item:
                        typed = TYPED_FIGURE.search(_EXPR.sub("", item[key]))
                        if typed:
                            problems.append(lines.problem(
                                f"{name}[{i}].{key}",
                                f"指南文字里直接写了数字“{typed.group(0)}”：数字要从 parameters 里取，"
                                f"写成 {{{{ p.参数名 }}}} 之类的模板表达式"))
        guides[data["program"]] = GuideProse(data["program"], sections, data["faq"],
                                             data.get("search_terms", []), lines.rel, lines)


def validate_guides(policies, problems: list[Problem], check_date) -> None:
    """Guide prose names programmes, jurisdictions and parameters that exist."""
    programs = policies.data.get("programs", {})
    jurisdictions = policies.data.get("jurisdictions", {})
    params = set(policies.data.get("national_parameters", {}))
    for j in jurisdictions.values():
        params |= set(j.parameters)
    for guide in policies.data.get("guides", {}).values():
        if programs and guide.program not in programs:
            problems.append(guide.lines.problem(
                "program", f"没有项目 {guide.program}（policies/programs/{guide.program}.yaml）"))
        items = [(f"{name}[{i}]", item) for name, section in guide.sections.items() for i, item in enumerate(section)]
        items += [(f"faq[{i}]", item) for i, item in enumerate(guide.faq)]
        for path, item in items:
            for key in ("only", "except"):
                for jid in item.get(key, []):
                    if jurisdictions and jid not in jurisdictions:
                        problems.append(guide.lines.problem(f"{path}.{key}[{item[key].index(jid)}]",
                                                            f"没有地区 {jid}；可选：{', '.join(jurisdictions)}"))
            runs = [j.id for j in jurisdictions.values() if guide.program in j.programs]
            shown_in = [j for j in item.get("only", runs) if j not in item.get("except", [])]
            for k, c in enumerate(item.get("cite", [])):
                if (wrong := policies.citation_problem(c, shown_in)):
                    problems.append(guide.lines.problem(f"{path}.cite[{k}]", wrong))
            if "when" in item and params and item["when"] not in params:
                problems.append(guide.lines.problem(f"{path}.when", f"没有哪个地区有参数 {item['when']}"))
