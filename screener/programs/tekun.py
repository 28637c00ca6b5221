"""特困人员救助供养 (tekun): the three 无 and the amount.

- 无劳动能力 (民发〔2021〕43号, as restated): aged `tekun_elderly_age` (60) or over; under
  `tekun_minor_age_limit` (16 in the older texts, 18 since 民发〔2020〕69号 — a dated parameter);
  一、二、三级 intellectual or mental disability; 一、二级 physical disability; 一级 visual disability.
  Someone who says they cannot work but fits none of these → `possible` (认定 decides).
- 无生活来源: per-person counted income below the 低保标准, assets within the local limit.
- 无法定赡养抚养扶养义务人, or the 义务人 cannot fulfil the duty (`supporters`).
- Amount: `tekun_basic_standard` (天津: 城市 / 农村集中 / 农村分散), or `tekun_basic_multiplier` × 低保标准
  (XX 二（四）: at least 1.3 ×), plus XX's care fee by self-care level: 1/10, 1/6, 1/3 of last year's
  minimum wage (`tekun_care_divisor`, `minimum_wage`).
"""

from __future__ import annotations

from typing import NamedTuple

from screener.citation import split
from screener.context import (EXAMPLE_NOTE, LIKELY, POSSIBLE, TEKUN_NATIONAL, TEKUN_NO_INCOME, UNLIKELY, Context, cap,
                              reason, yuan)

CITES = (TEKUN_NATIONAL, TEKUN_NO_INCOME)
_CARE = {"full": "全自理", "partial": "半护理", "none": "全护理"}


class _RuleAges(NamedTuple):
    """The ages the 特困 rule itself names (not the household's division, `Context.ages`), on the day."""
    elderly: int | None          # tekun_elderly_age
    minor: int | None            # tekun_minor_age_limit
    elderly_words: str           # 年满…周岁
    minor_words: str             # 未满…周岁
    minor_source: str
    elderly_source: str


def _rule_ages(p) -> _RuleAges:
    elderly, minor = p.get("tekun_elderly_age"), p.get("tekun_minor_age_limit")
    e, n = (None if elderly is None else elderly.value), (None if minor is None else minor.value)
    return _RuleAges(e, n, f"年满{e}周岁", f"未满{n}周岁", minor.source if minor is not None else TEKUN_NATIONAL,
                     elderly.source if elderly is not None else TEKUN_NATIONAL)


def _no_labour(m, ages: _RuleAges) -> tuple[str | None, bool]:
    """(why, certain): why member `m` has no labour capacity under the 特困 rules."""
    if ages.elderly is not None and m.age >= ages.elderly:
        return ages.elderly_words, True
    if ages.minor is not None and m.age < ages.minor:
        return ages.minor_words, True
    if m.disability:
        category, grade = m.disability
        if category in ("intellectual", "mental") and grade <= 3:
            return f"{grade}级{'智力' if category == 'intellectual' else '精神'}残疾", True
        if category == "physical" and grade <= 2:
            return f"{grade}级肢体残疾", True
        if category == "visual" and grade == 1:
            return "1级视力残疾", True
        if category == "multiple" and grade <= 2:
            return f"{grade}级多重残疾（需经认定）", False
    if m.labor == "none":
        return "本人无劳动能力（需经认定）", False
    return None, False


def _amount(ctx: Context, people: list, reasons: list) -> tuple[float | None, dict]:
    p, hh = ctx.p, ctx.hh
    basic = ctx.used("tekun_basic_standard")
    details: dict = {}
    per_person = None
    if basic is not None:
        v = basic.value
        if "rural_dispersed" in v:
            if hh.area == "urban":
                per_person = float(v["urban"])
                text = f"特困人员基本生活标准（城市）每人每月{yuan(per_person)}。"
            else:
                per_person = float(v["rural_dispersed"])
                text = (f"特困人员基本生活标准：农村分散供养每人每月{yuan(per_person)}，农村集中供养"
                        f"{yuan(v['rural_concentrated'])}，城市{yuan(v['urban'])}；按在家分散供养估算。")
                if hh.area is None:
                    text += "没有说明城乡：按农村分散供养估算。"
        else:
            if hh.area in v:
                per_person = float(v[hh.area])
            else:
                per_person = float(max(v.values()))
            text = f"特困人员基本生活标准每人每月{yuan(per_person)}。"
        if not basic.verified:
            text = text[:-1] + EXAMPLE_NOTE + "。"
        reasons.append(reason(text, basic.source))
        details["basic_standard"] = per_person
        details["basic_standard_verified"] = basic.verified
    elif p.get("tekun_basic_multiplier") is not None:
        mult = ctx.used("tekun_basic_multiplier")
        per_person = mult.value * ctx.std
        reasons.append(reason(f"特困人员基本生活标准原则上不低于当地低保标准的{mult.value}倍：{yuan(ctx.std)}×{mult.value}"
                              f"＝每人每月{yuan(per_person)}（按最低额估算）。", mult.source))
        details["basic_standard"] = round(per_person, 2)
    else:
        reasons.append(reason("特困人员基本生活标准由当地确定，本站没有录入，无法估算金额。", TEKUN_NATIONAL))
        return None, details
    total = per_person * len(people)
    divisor = p.get("tekun_care_divisor")
    if divisor is not None:
        wage_year = str(int(hh.date[:4]) - 1)
        # "上年度最低工资标准": the minimum wage in force at the end of last year.
        wage = ctx.used("minimum_wage", ctx.j.params(f"{wage_year}-12-31"))
        wage_value = None if wage is None else float(wage.value)
        care = []
        for m in people:
            if m.self_care is None:
                reasons.append(reason(f"{m.label}的生活自理能力没有填写：照料护理费按全自理、半护理、全护理分别为上年度最低工资标准的"
                                      f"1/{divisor.value['full']}、1/{divisor.value['partial']}、1/{divisor.value['none']}。",
                                      divisor.source))
                continue
            if wage_value is None:
                reasons.append(reason(f"{m.label}（{_CARE[m.self_care]}）另有照料护理费，按当地上年度最低工资标准的"
                                      f"1/{divisor.value[m.self_care]}安排；本站没有录入最低工资标准。", divisor.source))
                continue
            fee = wage_value / divisor.value[m.self_care]
            care.append({"member": m.index, "level": _CARE[m.self_care], "amount": round(fee, 2)})
            total += fee
            reasons.append(reason(f"{m.label}属于{_CARE[m.self_care]}，照料护理费按上年度（{wage_year}年）最低工资标准"
                                  f"{yuan(wage_value)}的1/{divisor.value[m.self_care]}，每月约{yuan(fee)}。", divisor.source))
        if care:
            details["care"] = care
    return total, details


def _support_modes(p, view) -> tuple[str, dict]:
    """(source, details.support_modes): the same for every household of the place (`view`: its 特困)."""
    mode_src = next((s["source"] for s in view.steps if "jurisdictions" in s), TEKUN_NATIONAL)
    return mode_src, {
        "concentrated": "集中供养：住进特困人员供养服务机构（敬老院等），由机构照料。",
        "dispersed": "分散供养：在家生活，由照料服务人照料，乡镇（街道）和照料人签订照料服务协议。",
        "source": split(mode_src)[0],
    }


def evaluate(ctx: Context) -> dict:
    hh, inc = ctx.hh, ctx.income
    basis = ctx.basis("tekun", TEKUN_NATIONAL, role="criteria")
    reasons: list[dict] = []
    ceiling: list[dict] = []
    people, unsure = [], []
    rule_ages = ctx.p.once(_rule_ages)
    for m in hh.members:
        why, certain = _no_labour(m, rule_ages)
        if why:
            (people if certain else unsure).append((m, why))
    minor_src = rule_ages.minor_source
    # A child living with an adult who can work (never another child: `_able_adult`) is supported by them.
    supported = [(m, why) for m, why in people + unsure if ctx.ages.child(m.age)] \
        if "minor" in ctx.flags and "_able_adult" in ctx.flags else None
    if supported:
        people = [x for x in people if x not in supported]
        unsure = [x for x in unsure if x not in supported]
        if not people and not unsure:
            names = "、".join(m.label for m, _ in supported)
            reasons.append(reason(f"{names}未成年，和有劳动能力的成年家庭成员一起生活，一般由其抚养，不属于特困供养对象。",
                                  minor_src))
            return ctx.result("tekun", UNLIKELY, reasons)
    if not people and not unsure:
        reasons.append(reason("特困供养的对象是无劳动能力的老年人、残疾人和未成年人；家里没有符合“无劳动能力”条件的成员"
                              f"（{rule_ages.elderly_words}，或达到规定等级的残疾）。", basis))
        # The age that makes a child count rests on its own document (a dated parameter): cite that.
        limit = rule_ages.minor
        if limit is not None:
            older = [m.label for m in hh.members if limit <= m.age and ctx.ages.child(m.age)]
            text = f"未成年人要未满{limit}周岁才属于无劳动能力"
            text += f"；{'、'.join(older)}已满{limit}周岁。" if older else "。"
            reasons.append(reason(text, minor_src))
        return ctx.result("tekun", UNLIKELY, reasons)
    everyone = people + unsure
    names = "、".join(f"{m.label}（{why}）" for m, why in everyone)
    # The rule decides, not the resident's own guess at her capacity: say so where they differ.
    overruled = [m.label for m, why in people if m.labor in ("full", "partial") and "残疾" in why]
    # An age decides it: cite the dated parameter that gives the age (the notices name no age, or an old one).
    src = minor_src if any("未满" in w for _, w in everyone) else rule_ages.elderly_source if any("年满" in w for _, w in everyone) \
        else basis
    reasons.append(reason(f"按特困人员认定的规定，{names}算作无劳动能力"
                          + ("（以规定为准，不看本人填写的劳动能力）。" if overruled else "。"), src))
    status = LIKELY if people else POSSIBLE
    if unsure and not people:
        ceiling.append(reason("是否属于无劳动能力要经过认定。", TEKUN_NATIONAL))

    # 无法定义务人或义务人无能力
    if hh.supporters == "able":
        reasons.append(reason("有能够履行赡养、抚养、扶养义务的法定义务人，不符合特困供养条件。", basis))
        status = UNLIKELY
    elif hh.supporters is None:
        ceiling.append(reason("没有填写法定赡养、抚养、扶养义务人的情况：特困供养要求没有义务人，或义务人无履行义务能力。", basis))
    elif hh.supporters == "not_supporting":
        # The rule asks whether the 义务人 *can* support, not whether they do: the township finds out.
        ceiling.append(reason("您说有法定义务人，但他们不管、不给钱。特困供养要求没有义务人，或者义务人无履行义务能力；"
                              "义务人有能力却不履行的，一般不算，由乡镇（街道）调查后认定。", basis))
    else:
        reasons.append(reason("没有法定赡养、抚养、扶养义务人，或者义务人无履行义务能力。" if hh.supporters == "none"
                              else "法定义务人无履行义务能力。", basis))
    if status != UNLIKELY and len(everyone) < ctx.n:
        chosen = {m.index for m, _ in everyone}
        if any(m.labor in ("full", "partial", None) and ctx.ages.working_age(m.age)
               for m in hh.members if m.index not in chosen):
            ceiling.append(reason("同住的其他家庭成员中有劳动年龄的人，他们可能对申请人负有法定义务，需要核实。", TEKUN_NATIONAL))

    # 无生活来源: counted income below the 低保标准. 特困's own rule never counts the basic pension, even
    # where 低保's 十四五 exclusion has ended (认定办法 names no period).
    per_person = inc.per_person
    pension_rule = ctx.used("tekun_basic_pension_excluded")
    if inc.pension and inc.pension_counted and pension_rule is not None and pension_rule.value is True:
        per_person = max(0.0, per_person - inc.pension / ctx.n)
        reasons.append(reason(f"认定特困时，城乡居民基础养老金每月{yuan(inc.pension)}不计入收入。", pension_rule.source))
    if per_person >= ctx.std:
        reasons.append(reason(f"人均收入{yuan(per_person)}不低于低保标准{yuan(ctx.std)}，不属于“无生活来源”。", TEKUN_NO_INCOME))
        status = UNLIKELY
    else:
        reasons.append(reason(f"人均收入{yuan(per_person)}低于低保标准{yuan(ctx.std)}，属于“无生活来源”。", TEKUN_NO_INCOME))
        if inc.unknown:
            ceiling.append(reason(f"没有填写：{'、'.join(inc.unknown)}，本站按0计算。", TEKUN_NATIONAL))
        if ctx.area_matters and per_person >= ctx.std_low:
            ceiling.append(reason("是否低于标准取决于按城市还是农村标准，请确认城乡类别。", TEKUN_NATIONAL))
    if hh.assets_over_limit is True:
        reasons.append(reason("家庭财产超过当地规定，不符合特困供养条件。", TEKUN_NATIONAL))
        status = UNLIKELY
    elif hh.assets_over_limit is None and status != UNLIKELY:
        ceiling.append(reason("财产是否符合当地规定还不清楚，申请时会核对。", TEKUN_NATIONAL))

    amount = None
    details: dict = {"members": [{"member": m.index, "why": why} for m, why in everyone]}
    if status != UNLIKELY:
        if ceiling:
            status = cap(status, POSSIBLE)
            reasons += ceiling
        amount, more = _amount(ctx, [m for m, _ in everyone], reasons)
        details.update(more)
        mode_src, details["support_modes"] = ctx.p.once(_support_modes, ctx.j.views["tekun"])
        if any(m.self_care in ("partial", "none") for m, _ in everyone):
            reasons.append(reason("生活不能完全自理的，可以优先选择集中供养；在家的由乡镇（街道）安排照料服务。", mode_src))
        if "dibao" in ctx.j.programs:
            reasons.append(reason("特困人员和低保不能同时享受：符合特困条件的，一般按特困供养办理。", TEKUN_NATIONAL))
        ctx.green_channel(reasons, details)
    return ctx.result("tekun", status, reasons, amount=amount, standard=ctx.std, details=details)
