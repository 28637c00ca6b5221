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
    return any(ctx.status.get(pid) in _LOW for pid in ("dibao", "tekun", "dibian")) or bool(
        ctx.hh.receiving and {"dibao", "tekun", "dibian"} & set(ctx.hh.receiving))


def _basis(ctx: Context, pid: str) -> str:
    return ctx.j.views[pid].basis or ctx.b.programs[pid].raw["summary"]["source"]


_CACHE: dict = {}


def _refer(ctx: Context, pid: str, why: str | None, otherwise: str) -> dict:
    # A referral's result depends only on the place, the branch taken, the office and the documents:
    # built once and shared (results are serialised, never mutated).
    hh = ctx.hh
    key = (ctx.j.id, pid, why, hh.hukou_township, hh.residence_township, hh.residence_permit, ctx.flags)
    got = _CACHE.get(key)
    if got is None:
        src = _basis(ctx, pid)
        if why is None:
            got = ctx.result(pid, UNLIKELY, [reason(otherwise, src)])
        else:
            got = ctx.result(pid, POSSIBLE, [reason(why, src)])
        if len(_CACHE) > 8192:
            _CACHE.clear()
        _CACHE[key] = got
    ctx.status[pid] = got["status"]
    return got


def yiliao(ctx: Context) -> dict:
    hh = ctx.hh
    ill = [m.label for m in hh.members if m.serious_illness]
    why = None
    if ill or hh.expenses["medical"]:
        why = "家里有重病患者或较大的医疗支出" + ("，且属于困难家庭，" if _low_income(ctx) else "，") + "可以咨询医疗救助。"
    return _refer(ctx, "yiliao", why, "没有填写重病或医疗支出；看病自付费用负担重时，困难家庭可以申请医疗救助。")


def jiaoyu(ctx: Context) -> dict:
    hh = ctx.hh
    students = [m for m in hh.members if m.student]
    pupils = [m for m in hh.members if 6 <= m.age < 18]
    why = None
    if students:
        why = "家里有在读的高中、中职或大学学生，困难家庭的学生可以申请教育资助。"
    elif pupils and _low_income(ctx):
        why = "家里有上学年龄的孩子，困难家庭的学生可以享受义务教育阶段生活补助等资助。"
    return _refer(ctx, "jiaoyu", why, "家里没有在读学生，或家庭看起来不属于困难家庭。")


def zhufang(ctx: Context) -> dict:
    why = "如果住房困难（危房、无房），低保、特困、低收入家庭可以申请住房救助。" if _low_income(ctx) else None
    return _refer(ctx, "zhufang", why, "住房救助面向低保、特困和低收入家庭；你家目前看不属于这些家庭。")


def jiuye(ctx: Context) -> dict:
    hh = ctx.hh
    able = [m for m in hh.members
            if 16 <= m.age < 60 and m.labor in ("full", "partial", None) and not m.wages and m.student is None]
    why = None
    if able and _low_income(ctx):
        why = "家里有劳动年龄、有劳动能力但没有工资收入的成员，可以免费获得岗位推荐、职业指导和技能培训。"
    return _refer(ctx, "jiuye", why, "家里没有需要就业帮扶的劳动年龄成员，或家庭看起来不属于困难家庭。")


def ertong(ctx: Context) -> dict:
    hh = ctx.hh
    minors = [m for m in hh.members if m.age < 18 and not ctx.has_able_adult(exclude=m)]
    why = None
    if minors and (hh.supporters in ("none", "unable") or (hh.supporters is None and len(minors) == len(hh.members))):
        why = "家里有未满18周岁的孩子，父母或其他抚养人无法履行抚养义务的，可以按孤儿或事实无人抚养儿童申请基本生活费。"
    return _refer(ctx, "ertong", why, "孤儿和事实无人抚养儿童保障面向没有人能抚养的未成年人；你家的情况看不符合。")


def fuwu(ctx: Context) -> dict:
    hh = ctx.hh
    need = [m for m in hh.members if m.self_care in ("partial", "none")]
    why = None
    if need and _low_income(ctx):
        why = "家里有生活不能自理的成员，低保、特困等困难家庭可以获得必要的访视、照料服务。"
    return _refer(ctx, "fuwu", why, "服务类救助面向困难家庭中生活不能自理的老人、未成年人和残疾人。")


EVALUATORS = {"yiliao": yiliao, "jiaoyu": jiaoyu, "zhufang": zhufang, "jiuye": jiuye, "ertong": ertong, "fuwu": fuwu}
