"""Counted income: what the household earns per month, minus what the jurisdiction's rules do
not count (exclusions) or let it deduct (deductions). Each exclusion and deduction carries
the clause (the parameter's source) it rests on.

Rules implemented here, per jurisdiction through its dated parameters:
- 基础养老金不计入 (`basic_pension_excluded`; national 十四五 rule, 运城 二（一）, 枞阳 二（二）).
- 就业成本 (`employment_cost_basis` + `employment_cost_rate`): 运城 30 % of the 城市低保标准 per
  employed member; 枞阳 30 % of the local standard; 鹤城/XX "适当扣减" by a local rule → only an
  estimate, which can make a result `possible` but never `likely`.
- 天津 首次就业 600 元/月 for a 低保 household member, a year (`first_job_deduction`), and the 2020
  epidemic 务工成本 500 元/户/月 while in force (`epidemic_work_cost`).
Expense-type (支出型) rules need the standard too and live with 低保 (programs/dibao.py).
"""

from __future__ import annotations

from screener.citation import cited
from screener.context import Context, yuan
from screener.household import INCOME_KINDS, LABELS


class Income:
    __slots__ = ("gross", "counted_total", "per_person", "deductions", "unknown", "nothing_known", "wages_total",
                 "pension", "pension_counted", "pension_expired", "local_employment", "local_employment_source",
                 "local_employment_rate", "support", "assumed_dibao", "wages_left", "expenses_total")

    def as_result(self) -> dict:
        return {
            "counted_monthly_total": round(self.counted_total, 2),
            "counted_monthly_per_person": round(self.per_person, 2),
            "deductions": self.deductions,
        }


def count(ctx: Context) -> Income:
    hh, p = ctx.hh, ctx.p
    inc = Income()
    inc.unknown = []
    inc.deductions = []
    inc.assumed_dibao = False
    wages = 0.0
    wage_unknown = False
    workers = []     # members with a wage: the only ones the deductions below apply to
    ages = ctx.ages     # younger than the 劳动年龄 are not asked about wages
    for m in hh.members:
        if m.wages is None:
            if ages.asked_wages(m.age) and m.labor != "none" and m.student is None:
                wage_unknown = True
        else:
            wages += m.wages
            if m.wages:
                workers.append(m)
    if wage_unknown:
        inc.unknown.append("工资收入")
    other = 0.0
    for k in INCOME_KINDS:
        v = hh.income[k]
        if v is None:
            inc.unknown.append(LABELS[k])
        else:
            other += v
    inc.wages_total = wages
    # No income question answered at all: an amount would be the whole standard, a guess dressed as a figure.
    inc.nothing_known = (all(hh.income[k] is None for k in INCOME_KINDS) and hh.last_year_income is None
                         and all(m.wages is None for m in hh.members))
    inc.gross = wages + other
    inc.pension = hh.income["basic_pension"] or 0.0
    inc.support = hh.income["support_received"] or 0.0
    # This year's medical and education costs (支出型 rules of 低保, 临时救助, 低保边缘).
    inc.expenses_total = (hh.expenses["medical"] or 0.0) + (hh.expenses["education"] or 0.0)
    inc.pension_expired = None
    inc.pension_counted = True
    inc.local_employment = 0.0
    inc.local_employment_source = None
    inc.local_employment_rate = 0.0
    taken = 0.0

    # 城乡居民基础养老金: not counted while the rule is in force.
    excluded = ctx.used("basic_pension_excluded")
    if inc.pension:
        if excluded is not None and excluded.value is True:
            inc.deductions.append(cited({"label": "城乡居民基础养老金不计入家庭收入", "amount": round(inc.pension, 2)},
                                        excluded.source))
            taken += inc.pension
            inc.pension_counted = False
        elif p.expired("basic_pension_excluded") is not None:
            inc.pension_expired = p.expired("basic_pension_excluded")

    left = {m.index: (m.wages or 0.0) for m in hh.members}

    # 就业成本 at a rate of a 低保标准, per employed member.
    basis = p.get("employment_cost_basis")
    rate = ctx.used("employment_cost_rate")
    if basis is not None and rate is not None and workers:
        base = ctx.std_urban if basis.value == "urban_standard" else ctx.std
        per_worker = rate.value * base
        amount = sum(min(left[m.index], per_worker) for m in workers)
        if basis.value in ("urban_standard", "area_standard"):
            for m in workers:
                left[m.index] -= min(left[m.index], per_worker)
            which = "城市低保标准" if basis.value == "urban_standard" else "低保标准"
            inc.deductions.append(cited({
                "label": f"就业成本扣减：{len(workers)}人就业，每人按{which}{yuan(base)}的{round(rate.value * 100)}%"
                         f"扣减{yuan(per_worker)}（不超过本人工资）",
                "amount": round(amount, 2)}, rate.source))
            taken += amount
        else:   # "local": the amount is set locally; keep an estimate for `possible`
            inc.local_employment = amount
            inc.local_employment_source = basis.source
            inc.local_employment_rate = rate.value

    # 天津: first job of a 低保 household member, and the 2020 epidemic 务工成本.
    receiving = ctx.receiving("dibao")
    first_job = p.get("first_job_deduction")
    if first_job is not None and first_job.value and workers:
        newly = [m for m in workers if m.newly_employed]
        if newly and receiving is not False:
            inc.assumed_dibao = inc.assumed_dibao or receiving is None
            amount = 0.0
            for m in newly:
                d = min(left[m.index], first_job.value)
                left[m.index] -= d
                amount += d
            months = p.value("first_job_deduction_months", 12)
            inc.deductions.append(cited({
                "label": f"首次就业的低保家庭成员核减劳动成本：{len(newly)}人，每人每月{yuan(first_job.value)}，"
                         f"核减期{months}个月", "amount": round(amount, 2)}, first_job.source))
            taken += amount
    epidemic = p.get("epidemic_work_cost")
    if epidemic is not None and epidemic.value:
        ctx.used("epidemic_work_cost")
        if workers and receiving is not False:
            inc.assumed_dibao = inc.assumed_dibao or receiving is None
            # "核定家庭收入时每月扣减务工成本500元": once per household (元/户/月), however many work.
            amount, cap_left = 0.0, float(epidemic.value)
            for m in workers:
                d = min(left[m.index], cap_left)
                left[m.index] -= d
                cap_left -= d
                amount += d
            inc.deductions.append(cited({
                "label": f"疫情期间外出务工、返岗复工的低保对象，核定家庭收入时每户每月扣减务工成本{yuan(epidemic.value)}"
                         "（直至疫情结束）",
                "amount": round(amount, 2)}, epidemic.source))
            taken += amount

    inc.wages_left = left
    inc.counted_total = max(0.0, inc.gross - taken)
    inc.per_person = inc.counted_total / ctx.n
    return inc
