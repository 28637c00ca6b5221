"""最低生活保障 (dibao).

Rules, each with the clause it rests on (the jurisdiction's own clause comes from its dated
parameter's `source`; the national one is named here):

- 差额: per-person counted income below the 低保标准 → (standard − per-person income) × household
  size a month. 民发〔2021〕57号; XX市 二（七）.
- XX市 兜底保障分类 (`dibao_categories`, XX 二（一）, rural only): 一类 (no labour capacity among the
  adults — children have none by definition — and no income) gets the full standard; 二类 and 三类 the 差额.
- 单人户 (`dibao_single_person`): a 一、二级 disabled, 三级 intellectual/mental disabled or seriously ill
  member of a low-income family (运城 二（一）、二（四）, 天津 二（二）, national 57号) or of a registered
  poor household (XX 二（二）, 鹤城 三（一）: we cannot check that → `possible`) may be included alone.
- 渐退 (`gradual_exit_*`): a current recipient whose income rose above the standard keeps receiving
  for a while: 运城 6 months; 枞阳 6, at most 12 (rural); 天津 3 months 100 % + 3 months 50 %
  (through employment); XX at most a year, only for 建档立卡贫困户 in rural 低保 (`registered_poor`: we cannot
  check that → `possible`); 鹤城 "落实渐退机制" (length local).
- 天津 疫情防控期间暂停低保对象退出 (`dibao_exit_suspended`, 二（五）, dated like the 务工成本): a current
  recipient keeps receiving while it is in force, whatever raised the income.
- 支出型 and local deductions, which can only make the answer `possible`: 运城 赡养费 not counted for
  支出型 families; XX medical or education costs over 2 × last year's income (each kind cites its own
  sentence: `expense_deduction_medical` / `expense_deduction_education`); 鹤城 rigid costs of
  disability, illness and schooling; 鹤城/XX employment costs "适当扣减".
- Assets over the local limit → `unlikely`; unknown → never `likely`.

More counted income never improves the status or raises the amount within one kind of inclusion
(`details.inclusion`). Across the 单人户 threshold it can: a family just over the standard no longer
qualifies as a whole, and its severely disabled member then gets the standard minus their own
income — a cliff in the policy itself, reported as such.
"""

from __future__ import annotations

from screener.citation import split
from screener.context import (AREA_WORDS, DIBAO_NATIONAL, EXAMPLE_NOTE, LIKELY, POSSIBLE, UNLIKELY, Context, cap,
                              reason, standards, yuan)

CITES = (DIBAO_NATIONAL,)
_RIGID = frozenset(("disability", "serious_illness", "student"))   # members whose costs are 刚性支出 (ctx.flags)


def _single_amount(ctx: Context, severe: list) -> float:
    """What the severe members get as 单人户: the standard minus each one's own income — their own
    counted wage (after their own 就业成本) plus a per-head share of the household's counted non-wage
    income; another member's wage deductions are theirs alone."""
    own_wages = ctx.income.wages_left
    shared = max(0.0, ctx.income.counted_total - sum(own_wages.values())) / ctx.n
    return sum(max(0.0, ctx.std - own_wages[m.index] - shared) for m, _ in severe)


def _cliff(ctx: Context, amount: float, reasons: list, details: dict) -> None:
    """A household on 差额 whose severely disabled or ill member would get more alone once the household's
    income rises over the standard (单人户 is for low-income families, not 低保 ones): say so."""
    rule = ctx.p.get("dibao_single_person")
    mult = ctx.p.get("dibian_income_multiplier")
    if rule is None or rule.value != "low_income" or mult is None or ctx.n == 1:
        return
    severe = ctx.severe_members
    if not severe:
        return
    alone = _single_amount(ctx, severe)
    if alone <= amount:
        return
    ctx.used("dibao_single_person")
    names = "、".join(m.label for m, _ in severe)
    low, high = ctx.std * ctx.n, mult.value * ctx.std * ctx.n
    details["cliff"] = {"single_person_monthly": round(alone, 2), "household_income_from": round(low, 2),
                        "household_income_below": round(high, 2)}
    reasons.append(reason(
        f"如果全家核算后的月收入超过{yuan(low)}（人均超过低保标准）、但低于{yuan(high)}（低收入家庭收入线），"
        f"全家就不再符合低保，但{names}可以按“单人户”单独申请，估算每月约{yuan(alone)}，比现在全家按差额领的"
        f"{yuan(amount)}多。收入有变化时，可以再测一次。", rule.source))


def _single_person(ctx: Context, reasons: list, ceiling_reasons: list):
    """(status, amount, details) for 单人户 inclusion, or None when it does not apply."""
    rule = ctx.used("dibao_single_person")
    if rule is None or ctx.n == 1 or ("disability" not in ctx.flags and "serious_illness" not in ctx.flags):
        return None
    severe = ctx.severe_members
    if not severe:
        return None
    names = "、".join(f"{m.label}（{why}）" for m, why in severe)
    amount = _single_amount(ctx, severe)
    details = {"inclusion": "single_person",
               "single_person": [{"member": m.index, "why": why} for m, why in severe]}
    mult = ctx.used("dibian_income_multiplier")
    if rule.value == "low_income" and mult is not None:
        line = mult.value * ctx.std
        if ctx.income.per_person >= line:
            reasons.append(reason(
                f"{names}属于重度残疾或重病，但家庭人均收入{yuan(ctx.income.per_person)}不低于低收入家庭收入线"
                f"{yuan(line)}（低保标准的{mult.value}倍），不能按“单人户”单独纳入低保。", rule.source))
            return None
        reasons.append(reason(
            f"{names}属于重度残疾或重病，家庭人均收入{yuan(ctx.income.per_person)}低于低收入家庭收入线{yuan(line)}"
            f"（低保标准的{mult.value}倍），可以按“单人户”单独申请低保，估算每月{yuan(amount)}"
            f"（低保标准减去本人收入；家庭其他收入按人均分摊）。", rule.source))
        status = LIKELY
        if ctx.p.value("dibian_line_local") or not rule.verified:
            status = POSSIBLE
            ceiling_reasons.append(reason(f"低收入家庭的具体认定条件由当地确定，本站按低保标准的{mult.value}倍估算。",
                                          (ctx.p.get("dibian_line_local") or rule).source))
        return status, amount, details
    reasons.append(reason(
        f"{names}属于重度残疾或重病。当地文件规定，未脱贫建档立卡贫困户中的重度残疾人、重病患者可以参照“单人户”"
        f"纳入低保。“建档立卡贫困户”是脱贫攻坚时期的认定；本站无法判断您家是否属于这类家庭，也不知道当地现在是否"
        f"仍按这一条办理，请向乡镇（街道）询问。", rule.source))
    return POSSIBLE, amount, details


def _exit_suspended(ctx: Context, reasons: list):
    """(status, amount, details) while the jurisdiction has suspended exits from 低保 (天津, epidemic), else None."""
    rule = ctx.p.get("dibao_exit_suspended")
    if rule is None or rule.value is not True:
        return None
    ctx.used("dibao_exit_suspended")
    current = ctx.hh.dibao_monthly_current
    reasons.append(reason(f"您家正在领取低保，目前人均收入{yuan(ctx.income.per_person)}已超过低保标准{yuan(ctx.std)}。"
                          "疫情防控期间暂停开展低保对象退出工作，可以继续领取低保；疫情结束后按规定核查。", rule.source))
    held = {"source": split(rule.source)[0]}
    if current is None:
        reasons.append(reason("没有填写现在每月领取的低保金（dibao_monthly_current），继续领取的金额无法估算。", rule.source))
    else:
        held["monthly_amount"] = round(current, 2)
        reasons.append(reason(f"暂停退出期间按原标准每月约{yuan(current)}。", rule.source))
    # As under 渐退, the amount is the household's current payment: `monthly_amount` stays empty.
    return LIKELY, None, {"inclusion": "household", "exit_suspended": held}


def _gradual_exit(ctx: Context, reasons: list):
    """(status, amount, details) for a current recipient whose income is now above the standard."""
    p, hh = ctx.p, ctx.hh
    scope = ctx.used("gradual_exit_scope")
    if scope is None:
        reasons.append(reason("您家正在领取低保，但人均收入已超过低保标准，按规定会退出低保。", DIBAO_NATIONAL))
        return UNLIKELY, None, {}
    rural_only = scope.value in ("rural", "registered_poor")
    if rural_only and hh.area == "urban":
        reasons.append(reason("当地的低保渐退期只适用于农村低保对象；城市低保家庭收入超过标准后按程序退出。", scope.source))
        return UNLIKELY, None, {}
    if scope.value == "employment" and ctx.income.wages_total == 0 and all(
            m.wages is not None for m in hh.members if ctx.ages.asked_wages(m.age)):
        reasons.append(reason("当地的渐退期只适用于通过劳动就业使收入超过低保标准的家庭；您家没有工资收入。", scope.source))
        return UNLIKELY, None, {}
    months_rule, max_rule = p.get("gradual_exit_months"), p.get("gradual_exit_max_months")
    months = None if months_rule is None else months_rule.value
    max_months = None if max_rule is None else max_rule.value
    schedule = p.get("gradual_exit_schedule")
    current = hh.dibao_monthly_current
    status = LIKELY
    ge = {"source": split(scope.source)[0]}
    if schedule is not None:
        shares = schedule.value
        ge["months"] = len(shares)
        ge["schedule"] = [{"month": i + 1, "share": s, "amount": None if current is None else round(current * s, 2)}
                          for i, s in enumerate(shares)]
        full = sum(1 for s in shares if s == 1.0)
        text = (f"人均收入超过低保标准后主动申报的，可以继续领取一段时间：前{full}个月按原低保金的100%发放，"
                f"后{len(shares) - full}个月按{round(shares[-1] * 100)}%发放，实现稳定脱困后再退出。")
        src = schedule.source
    elif months is not None:
        ge["months"] = months
        text = f"人均收入超过低保标准后，可以给予{months}个月的渐退期"
        if max_months and max_months > months:
            ge["max_months"] = max_months
            text += f"，最多不超过{max_months}个月"
        text += "，渐退期内继续领取低保金。"
        src = months_rule.source
    elif max_months is not None:
        ge["months"] = None
        ge["max_months"] = max_months
        text = f"人均收入超过低保标准后，允许不超过{max_months}个月的渐退期，稳定脱贫并经核实后再退出低保。"
        src = max_rule.source
    else:
        ge["months"] = None
        text = "当地落实低保渐退机制：人均收入超过标准后可以有一段渐退期，期限按当地办法，请向乡镇（街道）询问。"
        src = scope.source
        status = POSSIBLE
    reasons.append(reason(f"您家正在领取低保，目前人均收入{yuan(ctx.income.per_person)}已超过低保标准{yuan(ctx.std)}。" + text,
                          src))
    if rural_only and hh.area is None:
        status = POSSIBLE
        reasons.append(reason("当地渐退期只适用于农村低保对象；没有说明是城市还是农村。", scope.source))
    if scope.value == "registered_poor":
        status = POSSIBLE
        reasons.append(reason("当地文件写的是脱贫攻坚期内，给纳入农村低保的建档立卡贫困户渐退期。脱贫攻坚期已经结束，"
                              "“建档立卡贫困户”是那个时期的认定；本站无法判断您家是否属于这类家庭，也不知道当地现在是否"
                              "仍这样办，请向乡镇（街道）询问。", scope.source))
    if scope.value == "employment" and ctx.income.wages_total == 0:
        status = POSSIBLE
        reasons.append(reason("当地渐退期只适用于通过劳动就业使收入增加的家庭；工资收入没有填写。", scope.source))
    # The amount during 渐退 is the household's current payment (or a share of it), given in the schedule;
    # `monthly_amount` stays empty so that more income never shows a higher 低保 amount.
    if current is None:
        reasons.append(reason("没有填写现在每月领取的低保金（dibao_monthly_current），渐退期每月金额无法估算。", src))
    elif "schedule" not in ge:
        ge["monthly_amount"] = round(current, 2)
        reasons.append(reason(f"渐退期内继续领取低保；本站按您家现在每月领取的{yuan(current)}估算。", src))
    return status, None, {"inclusion": "household", "gradual_exit": ge}


def _other_ways(ctx: Context, reasons: list) -> bool:
    """Local deductions and exclusions that could bring the income under the standard: True if any might."""
    hh, p, inc, n, std = ctx.hh, ctx.p, ctx.income, ctx.n, ctx.std
    counted = inc.counted_total
    found = False
    if inc.pension_expired is not None and (counted - inc.pension) / n < std:
        reasons.append(reason("如果基础养老金仍不计入收入，人均收入就低于低保标准。", inc.pension_expired.source))
        found = True
    local = inc.local_employment
    rule = p.get("expense_deduction")
    rigid = inc.expenses_total
    if rule is not None and rule.value == "local":
        if rigid and (counted - local - rigid / 12) / n < std:
            reasons.append(reason(
                f"家庭成员因残疾、重病或上学增加的刚性支出（本年度{yuan(rigid)}），核算收入时可以按当地核算评估办法适当扣减；"
                "扣多少由当地定，扣减后可能低于低保标准。", rule.source))
            found = True
        elif not ctx.flags.isdisjoint(_RIGID) and hh.expenses["medical"] is None and hh.expenses["education"] is None:
            reasons.append(reason(
                "家里有残疾、重病或上学的成员：这些刚性支出核算收入时可以按当地办法适当扣减，但本年度支出没有填写。", rule.source))
            found = True
    elif rule is not None and rule.value == "over_multiple":
        mult = p.value("expense_deduction_multiplier", 2)
        ly = hh.last_year_income
        med, edu = hh.expenses["medical"] or 0.0, hh.expenses["education"] or 0.0
        if rigid and (counted - local - rigid / 12) / n < std:
            if ly is None:
                reasons.append(reason(
                    f"本年度医疗或教育支出累计超过上年度家庭年收入{mult}倍的，核算收入时可以适当扣减；上年度家庭年收入没有填写。",
                    rule.source))
                found = True
            elif med > mult * ly or edu > mult * ly:
                kind = "medical" if med > mult * ly else "education"
                which = "医疗费用" if kind == "medical" else "教育支出"
                own = p.get(f"expense_deduction_{kind}")     # the sentence about this kind of cost
                reasons.append(reason(
                    f"本年度个人负担的{which}超过上年度家庭年收入{yuan(ly)}的{mult}倍，核算家庭收入时可以按规定程序适当扣减；"
                    "扣减办法和标准由各县市区制定，扣减后可能低于低保标准。", (own or rule).source))
                found = True
    if local and (counted - local) / n < std and not found:
        reasons.append(reason(
            f"工资收入可以扣减必要的就业成本，扣减标准由当地制定；按低保标准的{round(inc.local_employment_rate * 100)}%估算，扣减后人均约"
            f"{yuan((counted - local) / n)}，低于标准。", inc.local_employment_source))
        found = True
    excluded_support = ctx.p.get("support_excluded_expense_type")
    if excluded_support is not None and excluded_support.value and inc.support:
        hardship = rigid > 0 or hh.emergency is not None or not ctx.flags.isdisjoint(_RIGID)
        if hardship and (counted - inc.support) / n < std:
            reasons.append(reason(
                f"因大病、残疾、教育或突发事件支出较大的“支出型”贫困家庭，经村民委员会民主评议、乡镇（街道）审核备案后，"
                f"可以不计算赡养（抚养、扶养）费（您家每月{yuan(inc.support)}），这样人均收入就低于标准。",
                excluded_support.source))
            found = True
    return found


def _category(ctx: Context, reasons: list):
    """XX市 兜底保障分类 (rural 低保 only): (category, full_amount?)."""
    rule = ctx.used("dibao_categories")
    if rule is None or not rule.value or ctx.hh.area != "rural":
        if rule is not None and rule.value and ctx.hh.area is None:
            reasons.append(reason("农村低保对象还按兜底保障一、二、三类分类：完全丧失劳动能力、家庭无收入的一类对象按农村低保标准"
                                  "全额发放；没有说明是不是农村，本站按差额估算。", rule.source))
        return None, False
    # Only adults' labour capacity sorts the household: a child has none by definition, so a child
    # with no `labor` answer neither blocks 一类 nor makes the household 二类.
    labours = [m.labor for m in ctx.hh.members if not ctx.ages.child(m.age)]
    if all(l == "none" for l in labours) and ctx.income.gross == 0 and not ctx.income.unknown:
        reasons.append(reason("全家完全丧失劳动能力、家庭没有经济收入，可以认定为社会救助兜底保障一类对象，"
                              "按农村低保标准全额发放低保金。", rule.source))
        return "一类", True
    if any(l in ("none", "partial") for l in labours):
        reasons.append(reason("家里有丧失或部分丧失劳动能力的成员，可以认定为兜底保障二类对象，按人均收入低于农村低保标准的差额发放。",
                              rule.source))
        return "二类", False
    if any(l is None for l in labours):
        reasons.append(reason("劳动能力没有填写：完全丧失劳动能力且家庭无收入的（一类）按农村低保标准全额发放，"
                              "其他按差额发放。", rule.source))
        return None, False
    reasons.append(reason("家庭成员都有劳动能力，属于兜底保障三类对象，按人均收入低于农村低保标准的差额发放。", rule.source))
    return "三类", False


def _standard(p, area: str | None) -> tuple[bool, dict]:
    """(verified, the reason that states the standard): the same for the place, day and 城乡类别."""
    urban, rural, source, std, area_matters, _ = p.once(standards, area)
    verified = p.get("dibao_standard").verified
    example = "" if verified else EXAMPLE_NOTE
    if area_matters:
        text = (f"没有说明是城市还是农村：按较高的低保标准每人每月{yuan(std)}估算"
                f"（城市{yuan(urban)}，农村{yuan(rural)}）{example}。")
    else:
        text = f"当地{AREA_WORDS.get(area, '')}低保标准为每人每月{yuan(std)}{example}。"
    return verified, reason(text, source)


def evaluate(ctx: Context) -> dict:
    hh, inc, n, std = ctx.hh, ctx.income, ctx.n, ctx.std
    reasons: list[dict] = []
    ceiling_reasons: list[dict] = []
    verified, standard = ctx.p.once(_standard, ctx.hh.area)
    details: dict = {"standard_verified": verified}
    reasons.append(standard)
    if not inc.nothing_known:
        reasons.append(reason(f"共同生活的家庭成员{n}人，核算后的家庭月收入{yuan(inc.counted_total)}，"
                              f"人均{yuan(inc.per_person)}。", DIBAO_NATIONAL))
    if inc.pension_expired is not None:
        reasons.append(reason(f"城乡居民基础养老金每月{yuan(inc.pension)}已计入收入：文件规定“十四五”时期不计入，"
                              "这个时期已结束，现在是否仍不计入以当地现行办法为准。", inc.pension_expired.source))
    basis = ctx.basis("dibao", DIBAO_NATIONAL, role="difference")
    amount = None
    receiving = ctx.receiving("dibao")

    if inc.per_person < std:
        status = LIKELY
        category, full = _category(ctx, reasons)
        if category:
            details["category"] = category
        if full:
            amount = std * n
        else:
            amount = (std - inc.per_person) * n
        if not full and not inc.nothing_known:
            reasons.append(reason(f"人均收入低于低保标准，按差额发放：（{yuan(std)}－{yuan(inc.per_person)}）×{n}人，"
                                  f"估算每月{yuan(amount)}。", basis))
        details["inclusion"] = "household"
        if not receiving and not full and not inc.nothing_known:
            _cliff(ctx, amount, reasons, details)
        if receiving:
            text = "您家正在领取低保，按现在的情况仍符合条件；家庭情况变化要主动申报。"
            current = hh.dibao_monthly_current
            if current is not None and not inc.nothing_known and abs(current - amount) >= 1:
                text += f"按现在的收入，低保金会从每月{yuan(current)}调整为约{yuan(amount)}。"
            reasons.append(reason(text, DIBAO_NATIONAL))
        if ctx.area_matters and inc.per_person >= ctx.std_low:
            status = POSSIBLE
            example = "" if verified else EXAMPLE_NOTE
            ceiling_reasons.append(reason(f"按农村标准{yuan(ctx.std_low)}{example}就不符合：请确认是城市还是农村低保。",
                                          ctx.std_source))
    elif receiving:
        status, amount, more = _exit_suspended(ctx, reasons) or _gradual_exit(ctx, reasons)
        details.update(more)
    else:
        reasons.append(reason(f"人均收入{yuan(inc.per_person)}不低于低保标准{yuan(std)}，全家一起申请不符合条件。", basis))
        single = _single_person(ctx, reasons, ceiling_reasons)
        whole_household = _other_ways(ctx, reasons)     # 支出型 and local deductions: the whole household may qualify
        if single is not None:
            status, amount, more = single
            details.update(more)
            if whole_household:
                # Two readings: the member alone (单人户), or the whole household after a local deduction. Which
                # one applies is the township's decision, and the amounts differ.
                status = POSSIBLE
                amount = amount or None
                details["also_household"] = True
                reasons.append(reason("两种办法都可能：重度残疾或重病的成员按“单人户”单独纳入低保，或者按上面说的扣减后全家"
                                      "一起纳入低保。按哪一种、每月多少，由乡镇（街道）核定。", DIBAO_NATIONAL))
        elif whole_household:
            status = POSSIBLE
        else:
            status = UNLIKELY
        if status != UNLIKELY and "inclusion" not in details:
            details["inclusion"] = "household"

    # What the screener cannot check keeps the answer at `possible` at most.
    if hh.assets_over_limit is True:
        status = UNLIKELY
        amount = None
        reasons.append(reason("家庭财产（存款、房产、车辆等）超过当地规定，不符合低保条件。", DIBAO_NATIONAL))
    elif status != UNLIKELY:
        if hh.assets_over_limit is None:
            ceiling_reasons.append(reason("家庭财产（存款、房产、车辆等）是否在当地规定以内还不清楚，申请时会核对。",
                                          DIBAO_NATIONAL))
        if inc.nothing_known:
            amount = None
            ceiling_reasons.append(reason("收入的问题都没有回答，本站估不出每月能领多少；申请时按核实的收入计算。",
                                          DIBAO_NATIONAL))
        elif inc.unknown:
            ceiling_reasons.append(reason(f"没有填写：{'、'.join(inc.unknown)}，本站按0计算；这些收入会让人均收入变高。",
                                          DIBAO_NATIONAL))
        if hh.supporters == "not_supporting" and not receiving:
            ceiling_reasons.append(reason(
                "您说有赡养（抚养、扶养）义务人但他们不给钱：本站按实际收到的钱估算。核算收入时义务人的赡养费怎么算，"
                "由乡镇（街道）调查核实，申请时请当面问清楚。", DIBAO_NATIONAL))
        if inc.assumed_dibao:
            ceiling_reasons.append(reason("劳动成本核减只适用于低保家庭成员；没有填写是否正在领取低保，本站按正在领取计算。",
                                          DIBAO_NATIONAL))
        if ceiling_reasons:
            status = cap(status, POSSIBLE)
            reasons += ceiling_reasons
        ctx.green_channel(reasons, details)
    return ctx.result("dibao", status, reasons, amount=amount if status != UNLIKELY else None, standard=std,
                      details=details)
