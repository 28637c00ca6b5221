"""低保边缘家庭 / 低收入家庭 (dibian), where the jurisdiction's document names it
(枞阳 二（一）, 运城 二（四）, 天津 二（二）).

- Income line: per-person counted income below `dibian_income_multiplier` × 低保标准 (1.5, national
  guidance) and not eligible for 低保 itself. Where the county still has to set its own conditions
  (`dibian_line_local`), the answer is at most `possible`.
- 天津: 低收入家庭救助金 per household a month (`dibian_monthly_amount`), and the 支出型 rule: annual
  spending (medical, education and basic living at the 低保标准) above last year's total income →
  basic living assistance (`dibian_expense_type`).
- What it brings: 专项救助 (医疗、教育、住房、就业) and 单人户 低保 for severely disabled or ill members.
"""

from __future__ import annotations

from screener.context import DIBAO_NATIONAL, LIKELY, POSSIBLE, UNLIKELY, Context, cap, reason, yuan

CITES = (DIBAO_NATIONAL,)


def evaluate(ctx: Context) -> dict:
    hh, inc, n, std = ctx.hh, ctx.income, ctx.n, ctx.std
    mult = ctx.used("dibian_income_multiplier")
    if mult is None:
        return ctx.result("dibian", POSSIBLE, [reason("低保边缘（低收入）家庭的收入线当地还没有录入，请向乡镇（街道）询问。", DIBAO_NATIONAL)],
                          standard=std)
    line = mult.value * std
    reasons: list[dict] = []
    details: dict = {"income_line": round(line, 2)}
    amount = None
    if inc.per_person < std:
        reasons.append(reason(f"人均收入{yuan(inc.per_person)}低于低保标准{yuan(std)}，应申请（或继续领取）低保；"
                              "低保边缘家庭是不符合低保、但收入不高的家庭。", DIBAO_NATIONAL))
        return ctx.result("dibian", UNLIKELY, reasons, standard=std, details=details)
    if inc.per_person >= line:
        reasons.append(reason(f"人均收入{yuan(inc.per_person)}不低于低保边缘（低收入）家庭的收入线{yuan(line)}"
                              f"（低保标准{yuan(std)}的{mult.value}倍）。", mult.source))
        return ctx.result("dibian", UNLIKELY, reasons, standard=std, details=details)
    reasons.append(reason(f"人均收入{yuan(inc.per_person)}低于收入线{yuan(line)}（低保标准{yuan(std)}的{mult.value}倍），"
                          "可以申请认定为低保边缘（低收入）家庭。", mult.source))
    status = LIKELY
    ceiling: list[dict] = []
    local = ctx.p.get("dibian_line_local")
    if local is not None and local.value:
        ceiling.append(reason(f"低保边缘（低收入）家庭的收入、财产认定条件由当地明确，本站按低保标准的{mult.value}倍估算。",
                              local.source))
    paid = ctx.used("dibian_monthly_amount")
    if paid is not None:
        amount = float(paid.value)
        reasons.append(reason(f"低收入家庭救助金每户每月{yuan(amount)}。", paid.source))
    expense = ctx.p.get("dibian_expense_type")
    if expense is not None and expense.value:
        rigid = inc.expenses_total      # medical + education, never negative: non-zero when either is
        spending = rigid + 12 * n * std
        ly = hh.last_year_income
        if ly is not None and rigid and spending > ly:
            details["expense_type"] = True
            reasons.append(reason(f"年度支出总和约{yuan(spending)}（医疗、教育支出加上按低保标准核定的基本生活费用），"
                                  f"超过上年度总收入{yuan(ly)}，还可以获得基本生活救助。", expense.source))
        elif rigid and ly is None:
            reasons.append(reason("年度支出总和超过上年度总收入的，还可以获得基本生活救助；上年度家庭收入没有填写。",
                                  expense.source))
    severe = ctx.severe_members
    benefits = ["医疗救助", "教育救助", "住房救助", "就业救助"]
    if severe:
        benefits.append("重度残疾人、重病患者单独申请低保（单人户）")
    details["brings"] = benefits
    reasons.append(reason("认定后，可以按困难类型获得医疗、教育、住房、就业等专项救助"
                          + ("；家里的重度残疾人、重病患者还可以单独申请低保。" if severe else "。"), DIBAO_NATIONAL))
    if hh.assets_over_limit is True:
        reasons.append(reason("家庭财产超过当地规定，不能认定。", DIBAO_NATIONAL))
        return ctx.result("dibian", UNLIKELY, reasons, standard=std, details=details)
    if hh.assets_over_limit is None:
        ceiling.append(reason("家庭财产是否符合当地规定还不清楚，申请时会核对。", DIBAO_NATIONAL))
    if inc.unknown:
        ceiling.append(reason(f"没有填写：{'、'.join(inc.unknown)}，本站按0计算。", DIBAO_NATIONAL))
    if ctx.area_matters and inc.per_person >= mult.value * ctx.std_low:
        ceiling.append(reason("是否低于收入线取决于按城市还是农村标准，请确认城乡类别。", DIBAO_NATIONAL))
    if ceiling:
        status = cap(status, POSSIBLE)
        reasons += ceiling
    return ctx.result("dibian", status, reasons, amount=amount, standard=std, details=details)
