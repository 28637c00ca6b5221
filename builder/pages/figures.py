"""Figures in guides come from parameters, never from typed text.

In a guide's prose `{{ p.dibao_standard }}` prints the standard in force on the build date,
formatted by its unit, with a 示例 mark when it is not verified and a 依据 link to its
clause; `{{ p.dibao_standard.dated }}` adds the date it took effect; `{{ p.x.value }}` is the
bare value for conditions (`{% if p.basic_pension_excluded.value %}`). Every figure a page
prints is recorded on the GuideSite (release check, staleness warning, tests).
"""

from __future__ import annotations

import datetime as dt

from builder.errors import UserFacingError

AREA_NAMES = {"urban": "城市", "rural": "农村", "rural_concentrated": "农村集中供养",
              "rural_dispersed": "农村分散供养", "full": "全自理", "partial": "半护理", "none": "全护理"}


def cn_date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _number(v) -> str:
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return f"{v:,}".replace(",", "") if isinstance(v, int) else f"{v:g}"


def format_value(v, unit: str) -> str:
    """740, "元/人/月" → "740元"; 0.3, "比例" → "30%"; 6, "个月" → "6个月"."""
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, list):
        return _runs(v, unit) if unit.startswith("比例") else "、".join(format_value(x, unit) for x in v)
    if isinstance(v, str):
        return v
    if unit == "分母":
        return f"1/{_number(v)}"
    if unit.startswith("比例"):
        return _number(round(v * 100, 2)) + "%"
    if unit.startswith("元"):
        return _number(v) + "元"
    if unit in ("基数", "范围", "条件", "是/否"):
        return _number(v)
    return _number(v) + unit


def _runs(values: list, unit: str) -> str:
    """[1, 1, 1, .5, .5, .5] month by month → "第1至3个月100%，第4至6个月50%"."""
    out, start = [], 0
    for i in range(1, len(values) + 1):
        if i == len(values) or values[i] != values[start]:
            months = f"第{start + 1}个月" if i - start == 1 else f"第{start + 1}至{i}个月"
            out.append(months + format_value(values[start], "比例"))
            start = i
    return "，".join(out)


def format_breakdown(value: dict, unit: str) -> str:
    shown = {k: format_value(v, unit) for k, v in value.items()}
    if len(set(shown.values())) == 1:
        return next(iter(shown.values()))
    return "，".join(f"{AREA_NAMES.get(k, k)}{v}" for k, v in shown.items())


class Figure:
    def __init__(self, figures: "Figures", param, value, part: str | None = None):
        self._figures, self.param, self._value, self._part = figures, param, value, part

    @property
    def value(self):
        self._figures.shown(self.param, self._value)   # a statement chosen by this value shows it too
        v = self._value.value
        return v[self._part] if self._part else v

    @property
    def since(self) -> str:
        return cn_date(self._value.start)

    @property
    def start(self) -> dt.date:
        return self._value.start

    @property
    def verified(self) -> bool:
        return self._value.verified

    @property
    def text(self) -> str:
        """The formatted figure alone, no marks or links."""
        v = self.value
        if isinstance(v, dict):
            return format_breakdown(v, self.param.unit)
        return format_value(v, self.param.unit)

    def __getattr__(self, part: str):
        if part.startswith("_"):
            raise AttributeError(part)
        v = self._value.value
        if isinstance(v, dict) and self._part is None and part in v:
            return Figure(self._figures, self.param, self._value, part)
        raise UserFacingError(f"{self._figures.page}: parameter {self.param.name} has no part {part!r}"
                              f" (it has: {', '.join(v) if isinstance(v, dict) else 'none'})")

    def _render(self, dated: bool) -> str:
        self._figures.shown(self.param, self._value)
        out = f"**{self.text}**"
        if dated:
            out += f"<span class=\"mb-effective\">（{self.since}起）</span>"
        if not self._value.verified:
            out += self._figures.site.env.globals.get("example_mark", "")
        return out + " " + self._figures.cite(self._value.source)

    @property
    def cite(self) -> str:
        """Only the 依据 link (and 示例 mark), for a statement that rests on the value without printing it."""
        self._figures.shown(self.param, self._value)
        mark = "" if self._value.verified else self._figures.site.env.globals.get("example_mark", "")
        return (mark + " " + self._figures.cite(self._value.source)).strip()

    @property
    def dated(self) -> str:
        return self._render(dated=True)

    def __str__(self) -> str:
        return self._render(dated=False)

    def __bool__(self) -> bool:
        return True


class Figures:
    """`p` in guide prose and templates: parameters of one jurisdiction (national ones as fallback)."""

    def __init__(self, site, jurisdiction, page: str, cite):
        self.site, self.jurisdiction, self.page, self._cite = site, jurisdiction, page, cite

    def param(self, name: str):
        return self.jurisdiction.parameters.get(name) or self.site.policies.data.get("national_parameters", {}).get(name)

    def has(self, name: str) -> bool:
        p = self.param(name)
        return p is not None and p.at(self.site.today) is not None

    def __getattr__(self, name: str) -> Figure:
        if name.startswith("_"):
            raise AttributeError(name)
        p = self.param(name)
        if p is None:
            raise UserFacingError(f"{self.page}: the prose uses parameter {name!r}, which {self.jurisdiction.id} "
                                  f"does not have (nor policies/jurisdictions/_national)")
        v = p.at(self.site.today)
        if v is None:
            raise UserFacingError(f"{self.page}: parameter {name} of {self.jurisdiction.id} has no value in force "
                                  f"on {self.site.today}")
        return Figure(self, p, v)

    def shown(self, param, value) -> None:
        national = param.name not in self.jurisdiction.parameters
        self.site.record_figure(None if national else self.jurisdiction.id, param, value, self.page)

    def cite(self, cite: str) -> str:
        return self._cite(cite)
