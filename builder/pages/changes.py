"""The changes page: every dated parameter value, newest first, as a sentence
("2025年9月1日起，天津市最低生活保障标准由1010元调整为1045元。")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from builder.pages.figures import cn_date, format_figure

# Units whose values are codes or yes/no switches for the engine, not a standard to tell a resident.
_CODES = ("范围", "条件", "基数", "规则", "是/否")
_QUESTION = re.compile(r"多少|几|是否")


@dataclass
class Change:
    start: object
    place: str
    sentence: str
    verified: bool
    cite: str
    note: str


def _text(param, value) -> str:
    return format_figure(value.value, param.unit)


def changes_of(site, place: str, param, jid: str | None, page: str) -> list[Change]:
    out = []
    previous = None
    for value in param.values:
        now = _text(param, value)
        # The name, without the explanation after a colon or in brackets.
        name = re.sub(r"（[^）]*）|\([^)]*\)", "", re.split(r"[：:]", param.description)[0])
        be = "：" if _QUESTION.search(name) else "为"         # "……扣减多少比例：30%", not "……多少比例为30%"
        if previous is None:
            sentence = f"{cn_date(value.start)}起，{place}{name}{be}{now}。"
        elif _text(param, previous) == now:
            sentence = f"{cn_date(value.start)}起，{place}{name}{'：' if be == '：' else '仍为'}{now}（重新发文确认）。"
        else:
            sentence = f"{cn_date(value.start)}起，{place}{name}{'：' if be == '：' else ''}由{_text(param, previous)}调整为{now}。"
        out.append(Change(value.start, place, sentence, value.verified, site.cite_link(page, value.source),
                          value.note))
        site.claims.add("changes", sentence + ("" if value.verified else "（示例）"), value.source)
        site.record_figure(jid, param, value, page)
        previous = value
    return out


def plan_changes(site) -> None:
    site.registry.plan("changes.md")


def _listed(param, jid, in_guides: set) -> bool:
    """Money standards always; other figures when a guide shows them (not the engine's estimating aids)."""
    return param.unit not in _CODES and (param.unit.startswith("元") or (jid, param.name) in in_guides)


def write_changes(site) -> None:
    page = "changes.md"
    in_guides = {(f.jurisdiction, f.name) for f in site.shown_figures if f.page.startswith("guides/")}
    changes: list[Change] = []
    for j in site.jurisdictions.values():
        for param in j.parameters.values():
            if _listed(param, j.id, in_guides):
                changes += changes_of(site, j.name, param, j.id, page)
    for param in site.policies.data.get("national_parameters", {}).values():
        if _listed(param, None, in_guides):
            changes += changes_of(site, "全国", param, None, page)
    changes.sort(key=lambda c: (c.start, c.place), reverse=True)
    years = {}
    for c in changes:
        years.setdefault(c.start.year, []).append(c)
    site.write(page, "pages/changes.md.j2", years=years, today=cn_date(site.today))
