"""Figures in guides come from parameters, never from typed text.

In a guide's prose `{{ p.dibao_standard }}` prints the standard in force on the build date,
formatted by its unit, with a 示例 mark when it is not verified and a 依据 link to its
clause; `{{ p.dibao_standard.dated }}` adds the date it took effect; `{{ p.x.value }}` is the
bare value for conditions (`{% if p.basic_pension_excluded.value %}`). Every figure a page
prints is recorded on the GuideSite (release check, staleness warning, tests).
"""

from __future__ import annotations

import datetime as dt

from builder.claims import plain
from builder.errors import UserFacingError
from screener.parameters import is_amount

# Beside anything shown that is not yet confirmed with an official source (verified: false).
EXAMPLE_MARK = ' <span class="mb-example" title="示例数据，尚未与官方核实">示例</span>'
# Beside an unverified amount of money (a 低保标准 no official page was found for): said in words, since
# the page is dated today. Other unverified figures (an age restated from a national rule) keep 示例.
FIGURE_EXAMPLE_MARK = ' <span class="mb-example" title="没有找到官方公布的现行数值，这是示例">示例，不是现行标准</span>'

AREA_NAMES = {"urban": "城市", "rural": "农村", "rural_concentrated": "农村集中供养",
              "rural_dispersed": "农村分散供养", "full": "全自理", "partial": "半护理", "none": "全护理"}


def cn_date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _number(v) -> str:
    """1200 → "1200", 1200.0 → "1200", 1.5 → "1.5", 12345.67 → "12345.67" (no grouping, no exponent)."""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v) if isinstance(v, int) else f"{v:.10f}".rstrip("0").rstrip(".")


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


def format_figure(value, unit: str) -> str:
    """A parameter's value as pages print it, one figure or its urban/rural breakdown."""
    return format_breakdown(value, unit) if isinstance(value, dict) else format_value(value, unit)


class Figure:
    """One parameter value in force on the build date, as prose uses it. `str()` prints it (the
    guide and the print file each say how, in a subclass); `.dated` adds when it took effect;
    `.value` is the bare value; `.<part>` one part of an urban/rural breakdown."""

    def __init__(self, figures: "Figures", param, value, part: str | None = None):
        self._figures, self.param, self._value, self._part = figures, param, value, part

    def _raw(self):
        v = self._value.value
        return v[self._part] if self._part else v

    @property
    def value(self):
        self._figures.note(self.param, self._value, displayed=False)   # a statement chosen by this value rests on it
        return self._raw()

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
        return format_figure(self._raw(), self.param.unit)

    def __getattr__(self, part: str):
        if part.startswith("_"):
            raise AttributeError(part)
        v = self._value.value
        if isinstance(v, dict) and self._part is None and part in v:
            return type(self)(self._figures, self.param, self._value, part)
        raise UserFacingError(f"{self._figures.where}: parameter {self.param.name} has no part {part!r}"
                              f" (it has: {', '.join(v) if isinstance(v, dict) else 'none'})")

    def _render(self, dated: bool) -> str:
        raise NotImplementedError

    @property
    def dated(self):
        return self._render(dated=True)

    def __str__(self) -> str:
        return self._render(dated=False)

    def __bool__(self) -> bool:
        return True


class Figures:
    """`p` in prose and templates: one jurisdiction's parameters (national ones as fallback) in
    force on `today`. Subclasses name the Figure they make and record what a page uses."""

    figure = Figure

    def __init__(self, policies, jurisdiction, today: dt.date, where: str):
        self.policies, self.jurisdiction, self.today, self.where = policies, jurisdiction, today, where

    def param(self, name: str):
        return self.policies.parameter(self.jurisdiction, name)

    def has(self, name: str) -> bool:
        p = self.param(name)
        return p is not None and p.at(self.today) is not None

    def scope(self, param) -> str | None:
        """The jurisdiction a parameter belongs to; None for a national one."""
        return None if param.name not in self.jurisdiction.parameters else self.jurisdiction.id

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        p = self.param(name)
        if p is None:
            raise UserFacingError(f"{self.where}: the prose uses parameter {name!r}, which {self.jurisdiction.id} "
                                  f"does not have (nor policies/jurisdictions/_national)")
        v = p.at(self.today)
        if v is None:
            raise UserFacingError(f"{self.where}: parameter {name} of {self.jurisdiction.id} has no value in force "
                                  f"on {self.today}")
        return self.figure(self, p, v)

    def note(self, param, value, displayed: bool) -> None:
        """A page uses this value: `displayed` when its figure is printed, not only relied on."""
        raise NotImplementedError


def expired_notice(policies, jurisdiction, today: dt.date, short: bool = False, mark: bool = False) -> str | None:
    """What a page resting on a jurisdiction's notices says when one is past its stated validity."""
    old = [s for d in jurisdiction.sources if (s := policies.sources.get(d)) and s.valid_until and s.valid_until < today]
    if not old:
        return None
    names = "、".join(s.doc_number or s.short_title for s in old)
    until = "、".join(cn_date(s.valid_until) for s in old)
    if mark:        # one line in a printed page's margin
        return f"{names}已过有效期"
    if short:
        return f"{names}已过有效期（{until}止），现行办法以民政部门为准"
    return (f"这一页根据的文件{names}写明有效期到{until}，已经过期。下面仍按这份文件介绍；"
            f"现在具体怎么办，请以{jurisdiction.name}民政部门的说法为准，办之前先打电话问清楚。")


def is_example_amount(param: str) -> bool:
    """An unverified value of this parameter is an example amount, not a restated rule."""
    return is_amount(param)


class GuideFigure(Figure):
    """In a guide: the figure in bold, 示例 when unverified, and a 依据 link to its clause."""

    def _render(self, dated: bool) -> str:
        self._figures.note(self.param, self._value, displayed=True)
        out = f"**{self.text}**"
        if dated:
            out += f"<span class=\"mb-effective\">（{self.since}起）</span>"
        self._figures.site.claims.add(self._figures.claims_at, plain(
            f"{self.param.description}：{out}{self._mark()}"), self._value.source)
        return out + self._mark() + " " + self._figures.cite(self._value.source)

    def _mark(self) -> str:
        if self._value.verified:
            return ""
        return FIGURE_EXAMPLE_MARK if is_example_amount(self.param.name) else EXAMPLE_MARK

    @property
    def cite(self) -> str:
        """Only the 依据 link (and 示例 mark), for a statement that rests on the value without printing it."""
        self._figures.note(self.param, self._value, displayed=False)
        return (self._mark() + " " + self._figures.cite(self._value.source)).strip()



class GuideFigures(Figures):
    figure = GuideFigure

    def __init__(self, site, jurisdiction, page: str, cite, claims_at: str):
        super().__init__(site.policies, jurisdiction, site.today, page)
        self.site, self._cite, self.claims_at = site, cite, claims_at

    def note(self, param, value, displayed: bool) -> None:
        # Every value a guide rests on counts as shown: the release check and the staleness warning cover it.
        self.site.record_figure(self.scope(param), param, value, self.where)

    def cite(self, cite: str) -> str:
        return self._cite(cite)
