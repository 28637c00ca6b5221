"""Every parameter the engine reads, declared once: its name, unit, what kind of value it takes,
which programmes use it, and what it means in plain Chinese.

The data loader (builder/policies) refuses a parameter file that names anything else, or gives
a value of the wrong kind, with file:line; policies/README.md's table and the county worksheet
(数据核对表) are generated from this table; and the engine's parameter lookups (`Params.get`)
raise on a name that is not here, so a misspelt name can never silently switch a rule off.
Standard library only: the engine ships to the browser.
"""

from __future__ import annotations

from dataclasses import dataclass

# Kinds of value:
#   money    yuan (元), ≥ 0               number   a plain number ≥ 0 (倍, 比例, 个月, 周岁 …)
#   yesno    true / false                 choice   one of `choices`
#   shares   a list of shares 0..1, one per month
KINDS = ("money", "number", "yesno", "choice", "shares")


@dataclass(frozen=True)
class Declared:
    name: str
    kind: str
    unit: str
    programs: tuple[str, ...]
    meaning: str                               # plain Chinese: what the figure is, for a 民政局 clerk
    choices: tuple[str, ...] = ()
    breakdowns: tuple[tuple[str, ...], ...] = ()   # allowed `breakdown:` key lists; () = a single `value`
    maximum: float | None = None
    resident_sees: bool = False                # a figure residents read (the worksheet's 标准 sheet)

    def check(self, value) -> str | None:
        """None when `value` is allowed, else what is allowed, in Chinese."""
        if self.kind in ("money", "number"):
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                return f"应为数字（{self.unit}），实际是 {value!r}"
            if value < 0:
                return f"不能为负数，实际是 {value}"
            if self.maximum is not None and value > self.maximum:
                return f"应不超过 {self.maximum:g}（{self.unit}），实际是 {value}"
            return None
        if self.kind == "yesno":
            return None if isinstance(value, bool) else f"应为 true 或 false，实际是 {value!r}"
        if self.kind == "choice":
            return None if value in self.choices else f"应为 {' | '.join(self.choices)} 之一，实际是 {value!r}"
        if self.kind == "shares":
            ok = isinstance(value, list) and value and all(
                isinstance(x, (int, float)) and not isinstance(x, bool) and 0 <= x <= 1 for x in value)
            return None if ok else f"应为 0 到 1 之间的比例列表（每月一个），实际是 {value!r}"
        return f"未知的参数类型 {self.kind}"


def is_amount(name: str) -> bool:
    """A money parameter: an unverified value of it is an example amount (示例), which no clause states."""
    declared = PARAMETERS.get(name)
    return declared is not None and declared.kind == "money"


_D = Declared
_AREA = (("urban", "rural"),)
PARAMETERS: dict[str, Declared] = {d.name: d for d in (
    _D("dibao_standard", "money", "元/人/月", ("dibao", "tekun", "linshi", "dibian"),
       "最低生活保障标准（低保标准），分城市、农村", breakdowns=_AREA, maximum=10_000, resident_sees=True),
    _D("tekun_basic_standard", "money", "元/人/月", ("tekun",),
       "特困人员基本生活标准", maximum=10_000, resident_sees=True,
       breakdowns=(("urban", "rural"), ("urban", "rural_concentrated", "rural_dispersed"))),
    _D("tekun_basic_multiplier", "number", "倍", ("tekun",),
       "没有公布特困标准时：特困基本生活标准按低保标准的多少倍估算", maximum=10),
    _D("tekun_care_divisor", "number", "分母", ("tekun",),
       "特困人员照料护理费：全自理、半护理、全护理分别按上年度最低工资标准的几分之一",
       breakdowns=(("full", "partial", "none"),), maximum=100),
    _D("minimum_wage", "money", "元/月", ("tekun",),
       "当地月最低工资标准（用来算特困人员照料护理费）", maximum=20_000, resident_sees=True),
    _D("tekun_minor_age_limit", "number", "周岁", ("tekun",),
       "特困人员认定中的未成年人：未满多少周岁", maximum=18, resident_sees=True),
    _D("tekun_elderly_age", "number", "周岁", ("tekun",),
       "特困人员认定中视为无劳动能力的老年人：年满多少周岁", maximum=100, resident_sees=True),
    _D("tekun_basic_pension_excluded", "yesno", "是/否", ("tekun",),
       "认定特困人员时，城乡居民基础养老金是否不算收入"),
    _D("dibian_income_multiplier", "number", "倍", ("dibian", "dibao"),
       "低保边缘（低收入）家庭的收入线：人均收入低于低保标准的多少倍", maximum=10, resident_sees=True),
    _D("dibian_line_local", "yesno", "是/否", ("dibian",),
       "低保边缘家庭的认定办法还要由当地明确（是：本站只给“可能”）"),
    _D("dibian_monthly_amount", "money", "元/户/月", ("dibian",),
       "低收入家庭救助金（每户每月）", maximum=10_000, resident_sees=True),
    _D("dibian_expense_type", "yesno", "是/否", ("dibian",),
       "支出超过上年度收入的低保边缘家庭可以得到基本生活救助"),
    _D("dibao_single_person", "choice", "条件", ("dibao",),
       "重度残疾人、重病患者“单人户”纳入低保的条件：low_income＝家庭是低保边缘（低收入）家庭；"
       "poverty_registered＝家庭是未脱贫建档立卡贫困户", choices=("low_income", "poverty_registered")),
    _D("dibao_categories", "yesno", "是/否", ("dibao",),
       "农村兜底保障对象分一、二、三类（XX市）"),
    _D("dibao_exit_suspended", "yesno", "是/否", ("dibao",),
       "暂停低保对象退出（疫情防控期间）"),
    _D("employment_cost_basis", "choice", "基数", ("dibao", "tekun", "dibian"),
       "就业成本扣减的基数：urban_standard＝城市低保标准；area_standard＝按城乡类别的低保标准；"
       "local＝当地另定（本站只给“可能”）", choices=("urban_standard", "area_standard", "local")),
    _D("employment_cost_rate", "number", "比例", ("dibao", "tekun", "dibian"),
       "就业成本扣减：每个就业的人按基数的多少比例扣减（0.3 即 30%）", maximum=1, resident_sees=True),
    _D("first_job_deduction", "money", "元/人/月", ("dibao",),
       "低保家庭成员首次就业，核算收入时每月核减的劳动成本", maximum=10_000, resident_sees=True),
    _D("first_job_deduction_months", "number", "个月", ("dibao",),
       "首次就业劳动成本的核减期（几个月）", maximum=60, resident_sees=True),
    _D("epidemic_work_cost", "money", "元/户/月", ("dibao",),
       "疫情期间外出务工的低保对象，每月扣减的务工成本（疫情结束后为 0）", maximum=10_000),
    _D("basic_pension_excluded", "yesno", "是/否", ("dibao", "dibian"),
       "核算低保家庭收入时，城乡居民基础养老金是否不算收入"),
    _D("support_excluded_expense_type", "yesno", "是/否", ("dibao", "linshi"),
       "“支出型”困难家庭经民主评议后，赡养费可以不算收入"),
    _D("expense_deduction", "choice", "规则", ("dibao",),
       "支出型扣减：over_multiple＝医疗或教育支出超过上年度收入若干倍的家庭可以扣减；local＝按当地办法适当扣减",
       choices=("over_multiple", "local")),
    _D("expense_deduction_multiplier", "number", "倍", ("dibao",),
       "支出型扣减的门槛：支出超过上年度家庭年收入的多少倍", maximum=20),
    _D("expense_deduction_medical", "yesno", "是/否", ("dibao",), "支出型扣减包括医疗费用"),
    _D("expense_deduction_education", "yesno", "是/否", ("dibao",), "支出型扣减包括全日制学历教育支出"),
    _D("gradual_exit_scope", "choice", "范围", ("dibao",),
       "低保渐退适用于谁：all＝城乡低保对象；rural＝农村低保对象；employment＝因就业增收的低保对象；"
       "registered_poor＝建档立卡贫困户", choices=("all", "rural", "employment", "registered_poor")),
    _D("gradual_exit_months", "number", "个月", ("dibao",),
       "低保渐退期：收入超过标准后还能继续领几个月", maximum=36, resident_sees=True),
    _D("gradual_exit_max_months", "number", "个月", ("dibao",),
       "低保渐退期最长不超过几个月", maximum=36, resident_sees=True),
    _D("gradual_exit_schedule", "shares", "比例/月", ("dibao",),
       "低保渐退期每个月按原低保金的多少比例发放（1＝全额，0.5＝一半）", resident_sees=True),
    _D("minor_age_limit", "number", "周岁", ("ertong", "tekun"),
       "未成年人：未满多少周岁（筛查器据此判断家里谁是孩子、有没有能抚养孩子的大人）", maximum=18),
    _D("working_age_from", "number", "周岁", ("dibao", "tekun", "dibian", "jiuye"),
       "劳动年龄从多少周岁起（更小的孩子不问工资和劳动能力，也不当作没有工资的劳动力）", maximum=18),
    _D("elderly_age", "number", "周岁", ("ertong", "tekun", "jiuye"),
       "老年人：年满多少周岁（筛查器不再把他当作能抚养孩子、需要就业帮扶的劳动年龄成员）", maximum=100),
    _D("school_age_from", "number", "周岁", ("jiaoyu",),
       "义务教育入学年龄：年满多少周岁（从这个年龄起问上学情况）", maximum=18),
    _D("green_channel_age", "number", "周岁", ("dibao", "tekun", "linshi"),
       "办理社会救助开通绿色通道的老年人年龄：年满多少周岁", maximum=100, resident_sees=True),
)}


class UndeclaredParameter(KeyError):
    """A rule asked for a parameter that screener/parameters.py does not declare (a typo, or a new
    parameter not yet declared): a programming error, never a household's."""


def declared(name: str) -> Declared:
    try:
        return PARAMETERS[name]
    except KeyError:
        raise UndeclaredParameter(f"parameter {name!r} is not declared in screener/parameters.py") from None
