"""困难残疾人生活补贴和重度残疾人护理补贴 (canji, 国发〔2015〕52号; 天津 二（四）, 鹤城 三（七）).

- 生活补贴: a disabled member (残疾人证) of a 低保 household.
- 护理补贴: 一、二级 disability needing long-term care (self-care `partial` or `none`).
No source gives the amounts, so none is estimated.
"""

from __future__ import annotations

from screener.context import CANJI_NATIONAL, LIKELY, POSSIBLE, UNLIKELY, Context, reason
from screener.status import STATUS_WORDS

CITES = (CANJI_NATIONAL,)


def evaluate(ctx: Context) -> dict:
    hh = ctx.hh
    basis = ctx.basis("canji", CANJI_NATIONAL, role="general")
    disabled = [m for m in hh.members if m.disability]
    if not disabled:
        return ctx.shared_result("canji", UNLIKELY, None, lambda: ctx.result(
            "canji", UNLIKELY, [reason("两项补贴发给持有残疾人证的人；家里没有填写持证的残疾人。", CANJI_NATIONAL)]))
    reasons: list[dict] = []
    details: dict = {}
    statuses = []
    # 生活补贴: disabled people in a 低保 household.
    dibao = ctx.status.get("dibao")
    names = "、".join(m.label for m in disabled)
    if ctx.receiving("dibao") or dibao == LIKELY:
        statuses.append(LIKELY)
        details["living_subsidy"] = [m.index for m in disabled]
        reasons.append(reason(f"{names}持有残疾人证，家庭{'正在领取' if ctx.receiving('dibao') else STATUS_WORDS[LIKELY]}低保，"
                              "可以申请困难残疾人生活补贴。", CANJI_NATIONAL))
    elif dibao == POSSIBLE:
        statuses.append(POSSIBLE)
        details["living_subsidy"] = [m.index for m in disabled]
        reasons.append(reason(f"{names}持有残疾人证；困难残疾人生活补贴发给低保家庭中的残疾人，要看低保能否批下来。",
                              CANJI_NATIONAL))
    else:
        reasons.append(reason("困难残疾人生活补贴发给低保家庭中的残疾人；您家目前看不符合低保。", CANJI_NATIONAL))
    # 护理补贴: grade 1 or 2, needing long-term care.
    severe = [m for m in disabled if m.disability[1] <= 2]
    if severe:
        care_names = "、".join(f"{m.label}（{m.disability[1]}级）" for m in severe)
        details["care_subsidy"] = [m.index for m in severe]
        if all(m.self_care in ("partial", "none") for m in severe):
            statuses.append(LIKELY)
            reasons.append(reason(f"{care_names}是一、二级重度残疾人，需要长期照护，可以申请重度残疾人护理补贴。", CANJI_NATIONAL))
        elif any(m.self_care in ("partial", "none") for m in severe):
            statuses.append(LIKELY)
            reasons.append(reason("家里需要长期照护的一、二级重度残疾人可以申请重度残疾人护理补贴。", CANJI_NATIONAL))
        else:
            statuses.append(POSSIBLE)
            reasons.append(reason(f"{care_names}是一、二级重度残疾人；护理补贴发给需要长期照护的重度残疾人，"
                                  "是否需要长期照护会经过评估。", CANJI_NATIONAL))
    else:
        reasons.append(reason("重度残疾人护理补贴发给残疾等级为一级、二级且需要长期照护的人。", CANJI_NATIONAL))
    if basis != CANJI_NATIONAL:
        reasons.append(reason("当地文件要求健全和落实这两项补贴制度。", basis))
    status = LIKELY if LIKELY in statuses else (POSSIBLE if statuses else UNLIKELY)
    if status != UNLIKELY:
        reasons.append(reason("补贴标准由当地确定，本站不估算金额。", CANJI_NATIONAL))
    return ctx.result("canji", status, reasons, details=details)
