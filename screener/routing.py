"""Where to go (`apply_at`): the office, and in plain words why that one.

- 低保、特困、低保边缘、两项补贴 and the other programmes: the township (乡镇/街道) of the 户籍;
  for 居住证 holders the township where they live, where the jurisdiction allows it
  (`routing.residence_permit` in jurisdiction.yaml, with its clause).
- 临时救助: the 急难发生地 where the jurisdiction's document says so (`routing.emergency_site`).
- Referrals (医疗、教育、住房、就业救助): the department's office where offices.yaml has one.
- Otherwise the county-level office (`fallback_office`), with 12345 for directions.
"""

from __future__ import annotations


def _office(o: dict, why: str, ctx) -> dict:
    return {
        "office": o["id"],
        "name": o["name"],
        "address": o["address"],
        "phone": o["phone"],
        "hours": o["hours"],
        "verified": o["verified"],
        "hotline": ctx.j.hotline["number"],
        "why": why,
    }


def _home(ctx) -> tuple[dict, str]:
    hh, j = ctx.hh, ctx.j
    permit = j.routing["residence_permit"]
    if hh.hukou_township:
        o = j.offices[hh.hukou_township]
        if o["level"] == "county":
            why = (f"到户籍所在街道（乡镇）的社会救助窗口申请；不清楚是哪个窗口，可以问{o['name']}"
                   f"或拨打{j.hotline['number']}。")
        else:
            why = f"向户籍所在地{o['name']}提出申请。"
        if hh.residence_permit and hh.residence_township and hh.residence_township != hh.hukou_township \
                and permit["allowed"] != "no":
            why += f"持有居住证的，也可以问问能否在居住地{j.offices[hh.residence_township]['name']}申请。"
        return o, why
    if hh.residence_township:
        o = j.offices[hh.residence_township]
        if hh.residence_permit and permit["allowed"] != "no":
            why = f"持有居住证，可以在居住地{o['name']}申请"
            why += "（当地正在推进，先电话或到窗口确认能否受理）。" if permit["allowed"] == "where_possible" else "。"
        else:
            why = (f"没有填写户籍所在乡镇，按经常居住地{o['name']}指引；如果户籍不在这里，"
                   "请到户籍所在乡镇（街道）申请。")
        return o, why
    o = j.fallback
    return o, (f"没有填写户籍所在乡镇（街道）。申请一般到户籍所在乡镇（街道）；不清楚去哪里，"
               f"可以先问{o['name']}或拨打{j.hotline['number']}。")


def home_key(ctx) -> tuple:
    """What `_home` (the office and its explanation) depends on, besides the place: change them together."""
    hh = ctx.hh
    allowed = ctx.j.routing["residence_permit"]["allowed"] != "no"
    if hh.hukou_township:
        also = hh.residence_township if (hh.residence_permit and hh.residence_township and allowed
                                         and hh.residence_township != hh.hukou_township) else None
        return (hh.hukou_township, also)
    if hh.residence_township:
        return (None, hh.residence_township, bool(hh.residence_permit and allowed))
    return (None, None)


def route(ctx, pid: str) -> dict:
    j, hh = ctx.j, ctx.hh
    if pid == "linshi" and hh.emergency and hh.emergency[1]:
        site = j.offices[hh.emergency[1]]
        rule = j.routing["emergency_site"]
        if rule["allowed"] == "yes":
            return _office(site, f"急难发生在{site['name']}辖区，可以直接在急难发生地申请临时救助，不受户籍地、居住地限制。", ctx)
        if rule["allowed"] == "exploring":
            return _office(site, f"急难发生在{site['name']}辖区。当地正在探索在急难发生地申请临时救助，"
                                 "可以先到这里求助；不受理时到户籍所在乡镇申请。", ctx)
        if rule["allowed"] == "national":
            return _office(site, f"急难发生在{site['name']}辖区。当地文件没有写能不能在急难发生地申请；全国的意见提出"
                                 "可以在急难发生地申请临时救助，可以先到这里求助；不受理时到户籍所在乡镇申请。", ctx)
        o, why = _home(ctx)
        return _office(o, why + "（当地文件没有写可以在急难发生地申请。）", ctx)
    dept = j.department_for.get(pid) if ctx.b.programs[pid].kind == "referral" else None
    if dept is not None:
        return _office(dept, f"{ctx.b.programs[pid].name}由{dept['name']}办理。", ctx)
    o, why = _home(ctx)
    prog = ctx.b.programs[pid]
    if prog.kind == "referral":
        why = f"{prog.name}由{prog.run_by}办理。"
        if o["level"] == "township":
            why += f"可以先到{o['name']}的社会救助窗口咨询、转办。"
        else:
            why += f"不清楚到哪里办理，可以先问{o['name']}或拨打{ctx.j.hotline['number']}。"
    return _office(o, why, ctx)
