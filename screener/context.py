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


def cap(status: str, ceiling: str) -> str:
    return status if _RANK[status] <= _RANK[ceiling] else ceiling


def yuan(x: float) -> str:
    """740 → "740元"; 733.333 → "733.33元"."""
    r = round(x, 2)
    return f"{int(r)}元" if r == int(r) else f"{r:.2f}".rstrip("0") + "元"


def money(x: float) -> float:
    return round(float(x) + 0.0, 2)


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
        self._routes: dict[str, dict] = {}
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
        prog = self.b.programs.get(pid)
        if prog is not None:
            basis = prog.for_jurisdiction(self.j.id)[3]
            if basis:
                return basis[0]["source"]
        return default

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
    def documents(self, pid: str) -> list[str]:
        docs = self.b.programs[pid].for_jurisdiction(self.j.id)[0]
        flags = self.flags
        return [d["text"] for d in docs if "if" not in d or d["if"] in flags]

    def time_limits(self, pid: str) -> list[dict]:
        return [{"what": t["what"], "limit": t["limit"], "unit": t["unit"], "source": t["source"]}
                for t in self.b.programs[pid].for_jurisdiction(self.j.id)[2]]

    def route(self, pid: str) -> dict:
        from screener.routing import route

        if pid == "linshi" or pid in self.j.department_for or self.b.programs[pid].kind == "referral":
            kind = pid
        else:
            kind = "home"   # every cash programme goes to the same office
        got = self._routes.get(kind)
        if got is None:
            got = self._routes[kind] = route(self, pid)
        return dict(got)

    def result(self, pid: str, status: str, reasons: list[dict], amount=None, standard=None, details=None) -> dict:
        prog = self.b.programs[pid]
        self.status[pid] = status
        out_details = {"kind": prog.kind}
        if details:
            out_details.update(details)
        limits = self.time_limits(pid)
        if limits:
            out_details["time_limits"] = limits
        return {
            "id": pid,
            "name": prog.name,
            "status": status,
            "monthly_amount": None if amount is None else money(amount),
            "standard_monthly": None if standard is None else money(standard),
            "reasons": reasons,
            "documents": self.documents(pid),
            "apply_at": self.route(pid),
            "details": out_details,
        }
