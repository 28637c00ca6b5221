"""Referrals: programmes the documents point to but other departments run (医疗、教育、住房、就业救助),
孤儿和事实无人抚养儿童, and 服务类救助. The screener cannot check their own criteria, so a
referral is `possible` when the household is in the group the document names, else `unlikely`;
never `likely`. Each reason cites the clause of the jurisdiction's document (programs/<id>.yaml
`basis`), and `apply_at` names the department's office where offices.yaml has one.
"""

from __future__ import annotations

from screener.context import LIKELY, POSSIBLE, UNLIKELY, Context, reason

CITES = ()
_LOW = (LIKELY, POSSIBLE)


def _low_income(ctx: Context) -> bool:
    low = ctx.low_income
    if low is None:
        low = ctx.low_income = any(ctx.status.get(pid) in _LOW for pid in ("dibao", "tekun", "dibian")) or bool(
            ctx.hh.receiving and {"dibao", "tekun", "dibian"} & set(ctx.hh.receiving))
    return low


def _basis(ctx: Context, pid: str) -> str:
    return ctx.basis(pid, ctx.b.programs[pid].summary["source"], role="general")


def _refer(ctx: Context, pid: str, why: str | None) -> dict:
    # A referral's result depends only on the place, the branch taken, the office and the documents.
    status = UNLIKELY if why is None else POSSIBLE
    return ctx.shared_result(pid, status, why, lambda: ctx.result(
        pid, status, [reason(OTHERWISE[pid] if why is None else why, _basis(ctx, pid))]))


# Why the household is in the group each referral names (None: it is not). They ask about the
# household through ctx.flags (one pass over the members, context.py).

def _yiliao(ctx: Context) -> str | None:
    if "serious_illness" in ctx.flags or ctx.hh.expenses["medical"]:
        return "家里有重病患者或较大的医疗支出" + ("，且属于困难家庭，" if _low_income(ctx) else "，") + "可以咨询医疗救助。"
    return None


def _jiaoyu(ctx: Context) -> str | None:
    if "student" in ctx.flags:
        return "家里有在读的高中、中职或大学学生，困难家庭的学生可以申请教育资助。"
    if "_school_age" in ctx.flags and _low_income(ctx):
        return "家里有上学年龄的孩子，困难家庭的学生可以享受义务教育阶段生活补助等资助。"
    return None


def _zhufang(ctx: Context) -> str | None:
    return "如果住房困难（危房、无房），低保、特困、低收入家庭可以申请住房救助。" if _low_income(ctx) else None


def _jiuye(ctx: Context) -> str | None:
    if "_jobless" in ctx.flags and _low_income(ctx):
        return "家里有劳动年龄、有劳动能力但没有工资收入的成员，可以免费获得岗位推荐、职业指导和技能培训。"
    return None


def _ertong(ctx: Context) -> str | None:
    hh = ctx.hh
    # Children with no adult who can support them (a child is never that adult).
    if "minor" in ctx.flags and "_able_adult" not in ctx.flags and (
            hh.supporters in ("none", "unable") or (hh.supporters is None and "_adult" not in ctx.flags)):
        return "家里有未成年的孩子，父母或其他抚养人无法履行抚养义务的，可以按孤儿或事实无人抚养儿童申请基本生活费。"
    return None


def _fuwu(ctx: Context) -> str | None:
    if "_needs_care" in ctx.flags and _low_income(ctx):
        return "家里有生活不能自理的成员，低保、特困等困难家庭可以获得必要的访视、照料服务。"
    return None


WHY = {"yiliao": _yiliao, "jiaoyu": _jiaoyu, "zhufang": _zhufang, "jiuye": _jiuye, "ertong": _ertong, "fuwu": _fuwu}
OTHERWISE = {
    "yiliao": "没有填写重病或医疗支出；看病自付费用负担重时，困难家庭可以申请医疗救助。",
    "jiaoyu": "家里没有在读学生，或家庭看起来不属于困难家庭。",
    "zhufang": "住房救助面向低保、特困和低收入家庭；您家目前看不属于这些家庭。",
    "jiuye": "家里没有需要就业帮扶的劳动年龄成员，或家庭看起来不属于困难家庭。",
    "ertong": "孤儿和事实无人抚养儿童保障面向没有人能抚养的未成年人；您家的情况看不符合。",
    "fuwu": "服务类救助面向困难家庭中生活不能自理的老人、未成年人和残疾人。",
}


def evaluate_all(ctx: Context, pids: tuple) -> tuple:
    """The results of the referrals `pids` (in that order), as `_refer` would give them one by one.
    Each is a function of its why, office and documents; the offices depend on the place and the
    household's home office (context.Context.route), the documents on the flags their lists name."""
    whys = tuple([WHY[pid](ctx) for pid in pids])
    conditions = ctx.j.referral_conditions
    key = (ctx.j.id, pids, whys, ctx.home_office(), ctx.flags & conditions if conditions else None,
           ctx.limits_in_force)

    def make():
        results = tuple([_refer(ctx, pid, why) for pid, why in zip(pids, whys)])
        return results, {pid: r["status"] for pid, r in zip(pids, results)}

    got = ctx.b.sharing.group(key, make)
    ctx.status.update(got[1])
    return got[0]
