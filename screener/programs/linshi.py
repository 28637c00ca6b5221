"""临时救助 (linshi): 急难型 and 支出型.

- 急难型: fire, flood, accident, serious illness or another sudden event (`emergency`) → apply at once;
  先行救助 / 小金额先行救助 and small amounts approved by the township where the document says so
  (XX 二（五）, 运城 二（六）, 枞阳 二（三）, 鹤城 三（一）, 天津 二（五）: within 24 hours).
- 支出型: this year's medical and education costs leave the household below the 低保标准
  (运城 二（一） defines the 支出型 family; 天津 二（二）).
- Where: the 急难发生地 where the document allows it (routing.py).
- Amount: no source gives a figure or range, so none is estimated.
"""

from __future__ import annotations

from screener.context import LIKELY, LINSHI_NATIONAL, POSSIBLE, UNLIKELY, Context, reason, yuan

CITES = (LINSHI_NATIONAL,)
_SITE_RULE = {    # routing.emergency_site `allowed`: what the document says about applying where it happened
    "yes": "当地规定可以在急难发生地申请临时救助，由急难发生地审核并发放。",
    "exploring": "当地正在探索在急难发生地申请临时救助；急难发生地不受理的，到户籍所在地申请。",
    "national": "当地文件没有写能不能在急难发生地申请；全国的意见提出可以在急难发生地申请临时救助。",
    "no": "当地规定到户籍所在地申请临时救助。",
}
_KINDS = {"fire": "火灾", "flood": "水灾", "accident": "意外事故", "illness": "重大疾病", "other": "突发困难"}


def _none(ctx: Context) -> dict:
    reasons = [reason("目前没有遇到急难情况，也没有使生活陷入困境的大额医疗、教育支出；以后遇到突发困难，"
                      "可以随时申请临时救助。", LINSHI_NATIONAL)]
    return ctx.result("linshi", UNLIKELY, reasons, details={"types": []})


def evaluate(ctx: Context) -> dict:
    hh, inc, n = ctx.hh, ctx.income, ctx.n
    rigid = inc.expenses_total
    if not hh.emergency and (not rigid or (inc.counted_total * 12 - rigid) / 12 / n >= ctx.std):
        # No emergency and no crushing expense: the same answer for every such household of the place.
        return ctx.shared_result("linshi", UNLIKELY, None, lambda: _none(ctx))
    emergency_basis = ctx.basis("linshi", LINSHI_NATIONAL, role="emergency")
    reasons: list[dict] = []
    details: dict = {"types": []}
    status = UNLIKELY
    steps = [s for s in ctx.j.views["linshi"].steps if "until" not in s or ctx.hh.date <= s["until"]]
    if hh.emergency:
        kind, township = hh.emergency
        # Every notice asks that the emergency leave 基本生活陷入困境. The screener cannot weigh the loss, so
        # it is `likely` only for a household already below the 低保标准 with assets within the limit.
        hard_up = inc.per_person < ctx.std and not inc.unknown and hh.assets_over_limit is False
        status = LIKELY if kind != "other" and hard_up else POSSIBLE
        details["types"].append("急难型")
        reasons.append(reason(f"遭遇{_KINDS[kind]}等急难、基本生活陷入困境的，可以申请急难型临时救助。", emergency_basis))
        if kind == "other":
            reasons.append(reason("是否属于急难情形，由乡镇（街道）根据实际情况认定。", emergency_basis))
        if not hard_up:
            reasons.append(reason("急难是不是让家里的基本生活陷入了困境，要看损失和家里的收入、财产，由乡镇（街道）核实认定。",
                                  emergency_basis))
        quick = next((s for s in steps if s.get("role") == "advance_relief"), None)
        if quick is not None:
            details["advance_relief"] = True
            reasons.append(reason(quick["text"], quick["source"]))
        if township is None:
            reasons.append(reason("没有填写急难发生在哪个乡镇（街道）：一般到户籍所在地或急难发生地申请。", LINSHI_NATIONAL))
        else:
            site = ctx.j.routing["emergency_site"]
            reasons.append(reason(_SITE_RULE[site["allowed"]], site["source"]))
    if rigid:
        left = (inc.counted_total * 12 - rigid) / 12 / n
        if left < ctx.std:
            status = LIKELY if status == LIKELY else POSSIBLE
            details["types"].append("支出型")
            src = ctx.basis("linshi", LINSHI_NATIONAL, role="expense")
            reasons.append(reason(
                f"本年度医疗、教育等必需支出{yuan(rigid)}，扣除后家庭人均每月约{yuan(max(left, 0.0))}，"
                f"低于低保标准{yuan(ctx.std)}，属于“支出型”困难，可以申请临时救助。", src))
    # Past the early return there is an emergency or a crushing expense: `status` is not UNLIKELY here.
    small = next((s for s in steps if s.get("role") == "small_amount"), None)
    if small is not None:
        details["small_amount_township"] = True
        reasons.append(reason(small["text"], small["source"]))
    reasons.append(reason("临时救助金额按当地标准和困难程度确定，本站不估算金额。", LINSHI_NATIONAL))
    return ctx.result("linshi", status, reasons, details=details)
