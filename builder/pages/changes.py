"""The changes page: every dated parameter value, newest first, as a sentence
("2025年9月1日起，天津市最低生活保障标准由1010元调整为1045元。")."""

from __future__ import annotations

from dataclasses import dataclass

from builder.pages.figures import cn_date, format_breakdown, format_value

# Units whose values are codes for the engine, not something to tell a resident.
_CODES = ("范围", "条件", "基数")


@dataclass
class Change:
    start: object
    place: str
    sentence: str
    verified: bool
    cite: str
    note: str


def _text(param, value) -> str:
    v = value.value
    return format_breakdown(v, param.unit) if isinstance(v, dict) else format_value(v, param.unit)


def changes_of(site, place: str, param, jid: str | None, page: str) -> list[Change]:
    out = []
    previous = None
    for value in param.values:
        now = _text(param, value)
        name = param.description
        if previous is None:
            sentence = f"{cn_date(value.start)}起，{place}{name}为{now}。"
        elif _text(param, previous) == now:
            sentence = f"{cn_date(value.start)}起，{place}{name}仍为{now}（重新发文确认）。"
        else:
            sentence = f"{cn_date(value.start)}起，{place}{name}由{_text(param, previous)}调整为{now}。"
        out.append(Change(value.start, place, sentence, value.verified, site.cite_link(page, value.source),
                          value.note))
        site.shown_figures.append(_shown(jid, param, value, page))
        previous = value
    return out


def _shown(jid, param, value, page):
    from builder.pages.context import Shown

    return Shown(jid, param.name, value.start, value.verified, value.last_confirmed, param.file, page)


def plan_changes(site) -> None:
    site.registry.plan("changes.md")


def write_changes(site) -> None:
    page = "changes.md"
    changes: list[Change] = []
    for j in site.jurisdictions.values():
        for param in j.parameters.values():
            if param.unit not in _CODES:
                changes += changes_of(site, j.name, param, j.id, page)
    for param in site.policies.data.get("national_parameters", {}).values():
        if param.unit not in _CODES:
            changes += changes_of(site, "全国", param, None, page)
    changes.sort(key=lambda c: (c.start, c.place), reverse=True)
    years = {}
    for c in changes:
        years.setdefault(c.start.year, []).append(c)
    site.write(page, "pages/changes.md.j2", years=years, today=cn_date(site.today))
