"""evaluate(): household in, result out (shape fixed by ../shared/contract.md)."""

from __future__ import annotations

from screener import data, income
from screener.context import Context
from screener.household import HouseholdError, normalise
from screener.programs import EVALUATORS, ORDER, referrals
from screener.recommend import recommend


def evaluate(household: dict, jurisdiction: str | None = None, date: str | None = None) -> dict:
    b = data.bundle()
    hh, j = normalise(household, b, jurisdiction, date)
    p = j.params(hh.date)
    if p.get("dibao_standard") is None:
        first = j.parameters["dibao_standard"].values[0].start.isoformat()
        raise HouseholdError("--date" if date is not None else "date",
                             f"{j.name}的数据从 {first} 起；请选 {first} 或之后的日期")
    ctx = Context(hh, j, b, p)
    ctx.income = income.count(ctx)
    run, group, listed = b.sharing.plans.get(j.id) or b.sharing.plans.setdefault(j.id, plan(j.programs))
    results = {pid: evaluate_programme(ctx) for pid, evaluate_programme in run}
    if group:     # the referrals, together (they run last: they read the statuses of the others)
        results.update(zip(group, referrals.evaluate_all(ctx, group)))
    return {
        "jurisdiction": j.ref,
        "date": hh.date,
        "household_size": ctx.n,
        "income": ctx.income.as_result(),
        "programs": [results[pid] for pid in listed],
        "warnings": _warnings(ctx, results),
        "recommendation": recommend(ctx, results),
    }


def plan(programs: list[str]) -> tuple:
    """For a jurisdiction offering `programs` (kept per bundle in `sharing.plans`): (programmes to run, in
    ORDER, with their evaluators; the referrals, run together after them; ids to list, in the
    jurisdiction's order)."""
    run = [(pid, EVALUATORS[pid]) for pid in ORDER if pid in programs and pid in EVALUATORS]
    group = tuple(pid for pid in ORDER if pid in programs and pid in referrals.WHY)
    return run, group, [pid for pid in programs if pid in EVALUATORS or pid in referrals.WHY]


def _warnings(ctx: Context, results: dict) -> list[str]:
    hh, j = ctx.hh, ctx.j
    out = []
    skipped = list(ctx.income.unknown)
    if hh.assets_over_limit is None:
        skipped.append("家庭财产是否超过当地规定")
    if hh.area is None and ctx.area_matters:
        skipped.append("城市还是农村")
    if hh.supporters is None and "tekun" in results and results["tekun"]["status"] != "unlikely":
        skipped.append("法定赡养（抚养、扶养）义务人的情况")
    if skipped:
        out.append(f"有些问题没有回答（{'、'.join(skipped)}）：本站按最不会把您排除在外的方式估算，相关结果最多标为“可能”。")
    # Every office is one of the place's offices: where they are all (un)verified alike, no need to look.
    unverified = j.offices_unverified
    if unverified is None:
        unverified = any(not r["apply_at"]["verified"] for r in results.values())
    key = (j.id, hh.date, tuple(ctx.examples), unverified)
    sharing = ctx.b.sharing
    fixed = sharing.warnings(key)
    if fixed is None:
        fixed = sharing.keep_warnings(key, _fixed_warnings(ctx, unverified))
    return out + fixed if out else list(fixed)


def _fixed_warnings(ctx: Context, unverified: bool) -> list[str]:
    """Warnings that depend only on the place, the day and the data used."""
    j, out = ctx.j, []
    for s in j.notices:
        if s.valid_until and s.valid_until.isoformat() < ctx.hh.date:
            out.append(f"{s.doc_number or s.short_title}的有效期到 {s.valid_until} 为止；结果仍按这份文件估算，"
                       f"现行办法请向{j.fallback['name']}或 {j.hotline['number']} 确认。")
    money = [n for n in ctx.examples if "元" in j.parameters[n].unit]
    if money:
        names = "、".join(dict.fromkeys(j.parameters[n].description for n in money))
        out.append(f"示例数据：{names}还没有经官方核实，金额只作演示；请以当地民政部门公布的标准为准。")
    if unverified:
        out.append(f"办公室的地址、电话、办公时间还没有经官方核实；出发前请先拨打 {j.hotline['number']} 确认。")
    if j.anonymised:
        out.append(f"{j.name}的文件是匿名的，这里的结果只用来演示规则。")
    return out
