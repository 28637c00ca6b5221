"""What every programme's rules read: the household, the jurisdiction's parameters on the day,
the counted income, and helpers to write reasons, pick documents and route to an office."""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from screener import routing
from screener.citation import cited
from screener.household import Household
from screener.status import LIKELY, POSSIBLE, UNLIKELY

AREA_WORDS = {"urban": "城市", "rural": "农村"}
_RANK = {UNLIKELY: 0, POSSIBLE: 1, LIKELY: 2}

# National documents the engine falls back on where a jurisdiction's own document is silent.
DIBAO_NATIONAL = "minfa-2021-57"     # 最低生活保障审核确认办法
TEKUN_NATIONAL = "minfa-2021-43"     # 特困人员认定办法
# 特困人员认定办法 第六条, whose words the site holds (policies/sources/minfa-2021-43.yaml).
TEKUN_NO_INCOME = "minfa-2021-43/6「收入低于当地最低生活保障标准，且财产符合当地特困人员财产状况规定的，应当认定为本办法所称的无生活来源」"
CANJI_NATIONAL = "guofa-2015-52"     # 国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见
LINSHI_NATIONAL = "guofa-2014-47"    # 国务院关于全面建立临时救助制度的通知


def cap(status: str, ceiling: str) -> str:
    return status if _RANK[status] <= _RANK[ceiling] else ceiling


@lru_cache(maxsize=16384)    # standards and per-person figures come back again and again
def yuan(x: float) -> str:
    """740 → "740元"; 733.333 → "733.33元" (rounded to the fen as round(x, 2) does)."""
    s = f"{x:.2f}"
    if s[-3:] == ".00":
        return ("0" if s == "-0.00" else s[:-3]) + "元"
    return s.rstrip("0") + "元"


EXAMPLE_NOTE = "（示例数值，未经官方核实）"   # after an example figure (verified: false) in a reason


def reason(text: str, source: str | None) -> dict:
    """A reason: its words, the clause id it rests on and, when the data names them, the clause's words."""
    return cited({"text": text}, source)


def standards(p, area: str | None) -> tuple:
    """(urban, rural, source, the one that applies, whether not knowing the area matters, the lower one)."""
    v = p.get("dibao_standard")
    urban, rural = float(v.value["urban"]), float(v.value["rural"])
    if area == "urban":
        std = urban
    elif area == "rural":
        std = rural
    else:
        # Not knowing urban/rural: use the higher standard (the reading least likely to exclude).
        std = max(urban, rural)
    matters = area is None and urban != rural
    return urban, rural, v.source, std, matters, min(urban, rural) if matters else std


class Ages(NamedTuple):
    """The national ages that divide a household's members (policies/jurisdictions/_national): who is a
    child (minor_age_limit), from when wages and labour are asked (working_age_from), who is old
    (elderly_age), who is of school age (school_age_from). None where no value is in force (a date
    before the law the value comes from): the division it makes is then not drawn."""
    minor: int | None
    working: int | None
    elderly: int | None
    school: int | None

    def child(self, age: int) -> bool:
        return self.minor is not None and age < self.minor

    def asked_wages(self, age: int) -> bool:
        return self.working is None or age >= self.working

    def old(self, age: int) -> bool:
        return self.elderly is not None and age >= self.elderly

    def working_age(self, age: int) -> bool:
        """An adult (not a child) who is not old: who normally supports the others."""
        return not self.child(age) and not self.old(age)


def household_ages(p) -> Ages:
    return Ages(p.value("minor_age_limit"), p.value("working_age_from"), p.value("elderly_age"),
                p.value("school_age_from"))


class Context:
    """One evaluation: household `hh`, jurisdiction `j`, parameters `p` (j's on the household's date), bundle `b`."""

    def __init__(self, hh: Household, j, b, p):
        self.hh = hh
        self.j = j
        self.b = b
        self.p = p
        self.n = len(hh.members)
        self.examples: dict[str, None] = {}    # names of the parameters used whose values are verified: false, in order
        self.status: dict[str, str] = {}       # programme id → status, filled as programmes are evaluated
        self.std_urban, self.std_rural, self.std_source, self.std, self.area_matters, self.std_low = \
            p.once(standards, hh.area)
        self.used("dibao_standard")
        self.ages: Ages = p.once(household_ages)
        # Of the place's time limits that ended, the last days not yet past: what a result's limits depend on
        # besides the place, so every result shared between households is keyed by it.
        self.limits_in_force = tuple([u for u in j.limit_ends if hh.date <= u]) if j.limit_ends else ()
        self.flags = self._flags()
        self.income = None  # set by income.count()
        self._home_route = None
        self._home_key = None
        self._severe = None
        self.low_income = None   # 低保/特困/低保边缘 likely, possible or received: set by the referrals

    # --- parameters -------------------------------------------------------------------------------------------
    def used(self, name: str, params=None):
        """The parameter's Value (in `params`, else today's `p`), remembering it when it is example data (shown as 示例)."""
        v = (self.p if params is None else params).get(name)
        if v is not None and not v.verified:
            self.examples[name] = None
        return v

    def basis(self, pid: str, default: str, role: str) -> str:
        """The jurisdiction's clause whose words say this kind of reason (programs/<pid>.yaml `basis` with
        `role:`), else the national `default`."""
        return self.j.views[pid].basis_for.get(role) or default

    @property
    def area_word(self) -> str:
        return AREA_WORDS.get(self.hh.area, "")

    # --- household facts used by several programmes ---------------------------------------------------------------
    def _flags(self) -> frozenset:
        """Facts about the household as words: the conditions documents are listed under
        (programs/<id>.yaml `if`), and a few more the rules ask about (the `_` ones), with the ages in `Ages`."""
        hh = self.hh
        ages = self.ages
        f = set()
        add = f.add
        for m in hh.members:
            age = m.age
            if m.disability:
                add("disability")
            if m.serious_illness:
                add("serious_illness")
            if m.student:
                add("student")
            if m.wages:
                add("wages")
            if ages.child(age):
                add("minor")
                if ages.school is not None and age >= ages.school:
                    add("_school_age")
            else:
                add("_adult")
                if not ages.old(age) and (m.labor in ("full", "partial") or m.wages):
                    add("_able_adult")       # an adult under the elderly age who can work: who normally supports a child
            if ages.asked_wages(age) and not ages.old(age) \
                    and m.labor in ("full", "partial", None) and not m.wages and m.student is None:
                add("_jobless")
            if m.self_care in ("partial", "none"):
                add("_needs_care")
        if hh.residence_permit:
            add("residence_permit")
        if hh.emergency:
            add("emergency")
        if any(hh.expenses.values()):
            add("expenses")
        if hh.supporters is not None:
            add("supporters")
        if hh.receiving and "dibao" in hh.receiving:
            add("receiving_dibao")
        return frozenset(f)

    def receiving(self, pid: str) -> bool | None:
        return None if self.hh.receiving is None else pid in self.hh.receiving

    def severe(self, m) -> str | None:
        """Why member `m` counts as 重度残疾/重病 for 单人户 and 护理补贴, or None."""
        if m.disability:
            category, grade = m.disability
            if grade <= 2:
                return f"{grade}级残疾"
            if grade == 3 and category in ("intellectual", "mental"):
                return "三级" + ("智力" if category == "intellectual" else "精神") + "残疾"
        if m.serious_illness:
            return "重病"
        return None

    @property
    def severe_members(self) -> list:
        """[(member, why)] of the members who count as 重度残疾/重病 (`severe`), in order."""
        got = self._severe
        if got is None:
            flags = self.flags
            got = self._severe = [(m, why) for m in self.hh.members if (why := self.severe(m))] \
                if "disability" in flags or "serious_illness" in flags else []
        return got

    def green_channel(self, reasons: list, details: dict) -> None:
        """绿色通道 (`green_channel_age`): an elderly or 一、二级 disabled member speeds the application up."""
        green = self.p.get("green_channel_age")
        if green is not None and any(m.age >= green.value or (m.disability and m.disability[1] <= 2)
                                     for m in self.hh.members):
            details["green_channel"] = True
            reasons.append(reason(f"家里有{green.value}周岁以上老人或重度残疾人，办理时可以走绿色通道。", green.source))

    # --- output pieces ------------------------------------------------------------------------------------------
    # Documents, time limits and offices depend on few inputs: the bundle's `sharing` makes each once per
    # combination and results hold them (results are serialised, never mutated, by the CLI, batch and browser).
    def documents(self, view) -> list[str]:
        if not view.conditional:
            return view.all_documents
        return self.b.sharing.documents(view, self.flags & view.conditions)

    def route(self, pid: str) -> dict:
        kind = self.j.route_kind[pid]
        if kind == "home" and self._home_route is not None:
            return self._home_route
        hh = self.hh
        # The key holds exactly what routing.route reads for this programme, so households that
        # differ only in what the office does not depend on share one answer.
        if kind == "home" or kind == "linshi":
            home = self._home_key
            if home is None:
                home = self._home_key = routing.home_key(self)
            if kind == "linshi" and hh.emergency and hh.emergency[1]:
                key = (self.j.id, "linshi", hh.emergency[1], home)
            else:
                key = (self.j.id, "home", home)
        elif kind in self.j.department_for:
            key = (self.j.id, kind)
        else:   # a referral: the home office's name and level, never the rest of its explanation
            key = (self.j.id, kind, self.home_office())
        routes = self.b.sharing.routes
        got = routes.get(key)
        if got is None:
            got = routes.put(key, routing.route(self, pid))
        if kind == "home":
            self._home_route = got
        return got

    def home_office(self) -> str | None:
        """The office routing.route starts from (户籍, else 居住地, else the county's: None)."""
        return self.hh.hukou_township or self.hh.residence_township

    def shared_result(self, pid: str, status: str, variant, build) -> dict:
        """A result that depends only on the place, the office, the documents, the time limits in force and
        `variant` (a hashable summary of everything else it says): built once by `build()` and shared between
        households (tests/property: a household alone gets what it gets after any others)."""
        apply_at = self.route(pid)
        docs = None if status == UNLIKELY else self.documents(self.j.views[pid])
        # The office and the document list are cached objects that the cached result holds: their ids name them.
        key = (pid, variant, id(apply_at), id(docs), self.limits_in_force)
        results = self.b.sharing.results
        got = results.get(key)
        if got is None:
            got = results.put(key, build())
        self.status[pid] = status
        return got

    def result(self, pid: str, status: str, reasons: list[dict], amount=None, standard=None, details=None) -> dict:
        view = self.j.views[pid]
        self.status[pid] = status
        out_details = {"kind": view.kind}
        if details:
            out_details.update(details)
        limits = self.b.sharing.time_limits(view, self.limits_in_force) if view.ended_limits else view.time_limits
        if limits:
            out_details["time_limits"] = limits
        return {
            "id": pid,
            "name": view.name,
            "status": status,
            "monthly_amount": None if amount is None else round(amount + 0.0, 2),
            "standard_monthly": None if standard is None else round(standard + 0.0, 2),
            "reasons": reasons,
            "documents": self.documents(view) if status != UNLIKELY else [],   # nothing to bring
            "apply_at": self.route(pid),
            "details": out_details,
        }
