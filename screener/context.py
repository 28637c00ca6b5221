"""What every programme's rules read: the household, the jurisdiction's parameters on the day,
the counted income, and helpers to write reasons, pick documents and route to an office."""

from __future__ import annotations

from screener.household import Household

LIKELY, POSSIBLE, UNLIKELY = "likely", "possible", "unlikely"
_RANK = {UNLIKELY: 0, POSSIBLE: 1, LIKELY: 2}

# National documents the engine falls back on where a jurisdiction's own document is silent.
DIBAO_NATIONAL = "minfa-2021-57"     # 最低生活保障审核确认办法
TEKUN_NATIONAL = "minfa-2021-43"     # 特困人员认定办法
CANJI_NATIONAL = "guofa-2015-52"     # 国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见
LINSHI_NATIONAL = "guofa-2014-47"    # 国务院关于全面建立临时救助制度的通知


_DOCS: dict = {}
_ROUTES: dict = {}


def clear_caches() -> None:
    from screener import engine
    from screener.programs import referrals

    engine._FIXED.clear()
    referrals._CACHE.clear()
    _DOCS.clear()
    _ROUTES.clear()


def cap(status: str, ceiling: str) -> str:
    return status if _RANK[status] <= _RANK[ceiling] else ceiling


def yuan(x: float) -> str:
    """740 → "740元"; 733.333 → "733.33元"."""
    r = round(x, 2)
    i = int(r)
    return f"{i}元" if i == r else f"{r:.2f}".rstrip("0") + "元"


def reason(text: str, source: str) -> dict:
    return {"text": text, "source": source}


class Context:
    """One evaluation: household `hh`, jurisdiction `j`, parameters `p`, bundle `b`."""

    def __init__(self, hh: Household, j, b):
        self.hh = hh
        self.j = j
        self.b = b
        self.p = j.params(hh.date)
        self.n = len(hh.members)
        self.warnings: list[str] = []
        self.examples: dict[str, str] = {}     # parameter name → description, for values marked verified: false
        self.status: dict[str, str] = {}       # programme id → status, filled as programmes are evaluated
        std = self.p.value("dibao_standard")
        self.std_urban = float(std["urban"])
        self.std_rural = float(std["rural"])
        self.std_source = self.p.get("dibao_standard").source
        if hh.area == "urban":
            self.std = self.std_urban
        elif hh.area == "rural":
            self.std = self.std_rural
        else:
            # Not knowing urban/rural: use the higher standard (the reading least likely to exclude).
            self.std = max(self.std_urban, self.std_rural)
        self.area_matters = hh.area is None and self.std_urban != self.std_rural
        self.std_low = min(self.std_urban, self.std_rural) if self.area_matters else self.std
        self.used("dibao_standard")
        self.flags = self._flags()
        self.income = None  # set by income.count()

    # --- parameters -------------------------------------------------------------------------------------------
    def used(self, name: str):
        """The parameter's Value, remembering it when it is example data (shown as 示例)."""
        v = self.p.get(name)
        if v is not None and not v.verified:
            self.examples.setdefault(name, v.note or name)
        return v

    def basis(self, pid: str, default: str) -> str:
        """The clause a programme rests on in this jurisdiction (programs/<pid>.yaml `basis`), else `default`."""
        return self.j.views[pid].basis or default

    @property
    def area_word(self) -> str:
        return {"urban": "城市", "rural": "农村"}.get(self.hh.area, "")

    # --- household facts used by several programmes ---------------------------------------------------------------
    def _flags(self) -> frozenset:
        hh = self.hh
        f = set()
        for m in hh.members:
            if m.disability:
                f.add("disability")
            if m.serious_illness:
                f.add("serious_illness")
            if m.student:
                f.add("student")
            if m.wages:
                f.add("wages")
            if m.age < 18:
                f.add("minor")
            if m.age >= 60:
                f.add("elderly")
        if hh.residence_permit:
            f.add("residence_permit")
        if hh.emergency:
            f.add("emergency")
        if any(hh.expenses.values()):
            f.add("expenses")
        if hh.supporters is not None:
            f.add("supporters")
        if hh.receiving and "dibao" in hh.receiving:
            f.add("receiving_dibao")
        return frozenset(f)

    def has_able_adult(self, exclude=None) -> bool:
        """Someone aged 18–59 who can work (or earns a wage) lives in the household: for a child, the
        person who normally supports them."""
        return any(m is not exclude and 18 <= m.age < 60 and (m.labor in ("full", "partial") or m.wages)
                   for m in self.hh.members)

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

    # --- output pieces ------------------------------------------------------------------------------------------
    # Documents, time limits and offices depend on few inputs: computed once per combination and
    # shared between results (results are serialised, never mutated, by the CLI, batch and browser).
    def documents(self, view) -> list[str]:
        if not view.conditional:
            return [t for _, t in view.documents]
        key = (self.j.id, view.id, self.flags)
        got = _DOCS.get(key)
        if got is None:
            got = [t for cond, t in view.documents if cond is None or cond in self.flags]
            if len(_DOCS) > 4096:
                _DOCS.clear()
            _DOCS[key] = got
        return got

    def route(self, pid: str) -> dict:
        from screener.routing import route

        hh = self.hh
        if pid == "linshi" or self.b.programs[pid].kind == "referral":
            kind = pid
        else:
            kind = "home"   # every cash programme goes to the same office
        key = (self.j.id, kind, hh.hukou_township, hh.residence_township, hh.residence_permit,
               hh.emergency[1] if hh.emergency and kind == "linshi" else None)
        got = _ROUTES.get(key)
        if got is None:
            if len(_ROUTES) > 4096:
                _ROUTES.clear()
            got = _ROUTES[key] = route(self, pid)
        return got

    def result(self, pid: str, status: str, reasons: list[dict], amount=None, standard=None, details=None) -> dict:
        view = self.j.views[pid]
        self.status[pid] = status
        out_details = {"kind": view.kind}
        if details:
            out_details.update(details)
        if view.time_limits:
            out_details["time_limits"] = view.time_limits
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
