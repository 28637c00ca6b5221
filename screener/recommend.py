"""The result's `recommendation` (../shared/contract.md): the one thing to ask for first.

特困人员救助供养 and 低保 cannot both be had. Where both are open:

- 特困 first when every member of the household is one of its people (a lone elder, say) and it is at
  least as sure as 低保: its standard is the higher one, and 低保 stays the fall-back;
- 低保 first otherwise: the household applies as a whole, and whether a member can be 特困 instead is
  for the township to find out (a member with a spouse or parent who can work usually is not).

Where nothing excludes anything, the first open programme in `_PRIORITY` is named (临时救助 first after
an emergency), and the others the household could ask for at the same time, referrals included, are
listed in `also`. A programme the household already
receives is not applied for again: it is listed in `report` (tell the office what changed).

The amount (`about`: the programme named first, or else the one received) is the programme's own estimate — but only where the answers carry it: a
低保 amount from skipped incomes is an estimate "if those incomes are nothing" (`amount_basis`), and
with no income answered at all there is no amount (`no_amount` says which of the two reasons for no
figure applies, so the page needs no rule of its own).
"""

from __future__ import annotations

from screener.citation import split
from screener.context import DIBAO_NATIONAL, LIKELY, TEKUN_NATIONAL, UNLIKELY, Context, reason

_PRIORITY = ("tekun", "dibao", "dibian", "linshi", "canji")
_INCOME_BASED = frozenset(("dibao", "dibian"))     # amounts that are a difference from the counted income
_EXCLUSIVE_WHY = "特困人员和低保不能同时享受：符合特困条件的，一般按特困供养办理。"
_EXCLUSIVE_SOURCE, _EXCLUSIVE_QUOTE = split(TEKUN_NATIONAL)
# Shared by every result that has it (results are serialised, never changed).
_REPORT_NOTE = reason("已经在领的不用再申请；家庭人口、收入、财产有变化时，要主动向乡镇（街道）申报。", DIBAO_NATIONAL)


def _rank(r: dict) -> int:
    return 0 if r["status"] == LIKELY else 1


def recommend(ctx: Context, results: dict) -> dict:
    receiving = set(ctx.hh.receiving or ())
    open_ = [pid for pid, r in results.items() if r["status"] != UNLIKELY]
    report = [pid for pid in open_ if pid in receiving]
    wanted = [pid for pid in open_ if pid not in receiving]
    first, instead, why, exclusive = None, [], None, False
    tekun, dibao = results.get("tekun"), results.get("dibao")
    if "tekun" in wanted and dibao is not None and dibao["status"] != UNLIKELY:
        everyone = len(tekun["details"].get("members", ())) == ctx.n
        on_dibao = "dibao" in receiving
        if everyone and _rank(tekun) <= _rank(dibao):
            first, instead = "tekun", ["dibao"]
            why = _EXCLUSIVE_WHY + ("您家正在领低保，可以问乡镇（街道）能不能改按特困供养。" if on_dibao
                                    else "按您的回答，先申请特困供养；不被认定为特困的，可以申请低保。")
        else:
            first, instead = (None if on_dibao else "dibao"), ["tekun"]
            why = (_EXCLUSIVE_WHY + "您家还有其他成员，" + ("继续领低保" if on_dibao else "先按全家申请低保")
                   + "；哪位家庭成员能不能按特困供养，请工作人员看看。")
        exclusive = True
    if first is None:
        # After a fire or a flood, 临时救助 is what helps this month.
        order = ("linshi", *(pid for pid in _PRIORITY if pid != "linshi")) if ctx.hh.emergency else _PRIORITY
        ordered = sorted((pid for pid in wanted if pid not in instead and pid in order),
                         key=lambda pid: (_rank(results[pid]), order.index(pid)))
        first = ordered[0] if ordered else None
    also = [pid for pid in wanted if pid != first and pid not in instead]
    about = first if first is not None else next((pid for pid in report if pid in _PRIORITY), None)
    out = {"apply_first": first, "instead_of": instead, "why": why, "source": None, "also": also,
           "report": report, "about": about, "amount": None, "amount_basis": "none",
           "unknown_income": list(ctx.income.unknown)}
    if report:
        out["report_note"] = _REPORT_NOTE
    if exclusive:
        out["source"] = _EXCLUSIVE_SOURCE
        if _EXCLUSIVE_QUOTE:
            out["quote"] = _EXCLUSIVE_QUOTE
    if about is not None:
        amount = results[about]["monthly_amount"]
        if about in _INCOME_BASED and ctx.income.nothing_known:
            out["no_amount"] = "no_income"          # no income was answered: no figure at all
        elif amount is None:
            out["no_amount"] = "not_estimated"      # the programme's amount is set by the office
        else:
            out["amount"] = amount
            out["amount_basis"] = "unknown_as_zero" if about in _INCOME_BASED and ctx.income.unknown else "answers"
    return out
