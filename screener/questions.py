"""Every question the screener asks, written once: wording, help, answer type, choices,
when it is skipped, how it is checked, and where the answer goes in the household JSON
(../shared/contract.md). Data only — the build renders it to HTML (templates/screener/)
and hands the same data to the page script (screener/web/app.js), which interprets it
generically and holds no policy logic.

Screens are one topic each. A screen with `per_member=True` shows one card per household
member (`member_if` picks which members); its fields write to `members[].<field>`.

Conditions are plain data, evaluated by the page script:

    {"q": "<field id>", "is": value}          the field's answer equals value
    {"q": "<field id>", "in": [values]}       … is one of the values
    {"q": "<field id>", "has": value}         a multiple-choice answer includes value
    {"q": "<field id>", "gt": number}         a number or money answer is greater than number
    {"member": "<field id>", "gte": n, "lte": n}   on a member card: that member's answer in range
    {"preset": "jurisdiction"}                the page was opened for one place (?j=… or a one-place site)
    {"uses": "<parameter>"}                   the chosen place has this parameter, with a value that counts,
                                              on the day the site was built or later (`place_uses`): a
                                              question only that rule reads is not asked elsewhere
    {"not": cond}, {"all": [conds]}, {"any": [conds]}

Within a member card `q` means that member's answer. A field hidden by its `show_if` on a
screen that is shown writes `when_hidden` (when given) if the answers the condition looks at
were given, so "没有赡养人" means 0 赡养费 rather than "don't know" (but an unknown wage
leaves "newly employed" unknown too). A field that is not answered, or whose screen is skipped, writes
nothing: the engine then treats it as "don't know" (the contract's null).

Answer types: `choice` (radio buttons), `select` (a drop-down, for long lists), `multi`
(check boxes), `integer`, `money` (yuan, per month or per year as the resident prefers;
`unit` is what the household JSON wants). `choices_from` fills choices at build time from
the engine data: `jurisdictions`, `townships` (per jurisdiction), `programs`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from screener.dated import in_force
from screener.household import MAX_MEMBERS, MAX_MONEY
from screener.status import STATUS_WORDS

DONT_KNOW = "unknown"      # the answer value of 不清楚; it writes null


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    json: object = "same"          # what the household JSON gets; "same" → value itself
    help: str = ""
    exclusive: bool = False        # multi: choosing it clears the others (都没有、不清楚)

    def data(self) -> dict:
        d = asdict(self)
        if d["json"] == "same":
            d["json"] = self.value
        return d


def dont_know(label: str = "不清楚") -> Choice:
    return Choice(DONT_KNOW, label, json=None, exclusive=True)


@dataclass(frozen=True)
class Field:
    id: str
    label: str
    kind: str                        # choice | select | multi | integer | money
    path: str | None = None          # where the answer goes; None: only steers other fields
    help: str = ""
    choices: tuple[Choice, ...] = ()
    choices_from: str | None = None
    required: bool = False           # essential: no 不清楚, the screen cannot be left empty
    min: float | None = None
    max: float | None = None
    unit: str | None = None          # money: "month" | "year", what the household JSON wants
    period: str | None = None        # money: the period offered first
    show_if: dict | None = None
    when_hidden: object = None       # written when hidden by show_if (None: nothing written)
    parent_needs: bool = False       # null answer → the whole parent object (e.g. disability) is null
    placeholder: str = ""
    messages: dict = field(default_factory=dict)
    # A field with no path of its own, answered from a prepared household (`#answers=`): "set" when the
    # path has a value, "null" when it is null (absent: unanswered).
    answer_from: dict | None = None

    def data(self) -> dict:
        d = {k: v for k, v in asdict(self).items() if k != "choices"}
        d["choices"] = [c.data() for c in self.choices]
        d["messages"] = {**MESSAGES.get(self.kind, {}), **self.messages}
        d["has_when_hidden"] = self.when_hidden is not None
        return d


@dataclass(frozen=True)
class Screen:
    id: str
    title: str
    fields: tuple[Field, ...]
    help: str = ""
    short: str = ""                  # the review screen's label for this topic
    per_member: bool = False
    member_if: dict | None = None    # which members get a card
    roster: bool = False             # the screen where members are added and removed
    skip_if: dict | None = None

    def data(self) -> dict:
        d = {k: v for k, v in asdict(self).items() if k != "fields"}
        d["fields"] = [f.data() for f in self.fields]
        return d


# Messages shown next to a field, in plain words. {min} {max} {label} are filled in by the page.
MESSAGES = {
    "integer": {
        "required": "请填写{label}。",
        "number": "请只填数字，比如 45。",
        "whole": "请填整数，不要小数点。",
        "range": "{label}应在 {min} 到 {max} 之间，请再看一下。",
    },
    "money": {
        "number": "请只填数字（单位：元），比如 1200；没有这项收入填 0，不知道就空着。",
        "negative": "金额不能是负数；没有就填 0。",
        "range": "这个金额太大了，请再看一下（最多 {max} 元）。",
    },
    "choice": {"required": "请选一项。"},
    "select": {"required": "请选一项。"},
    "multi": {"required": "请至少选一项。"},
}

# Words the page uses around the questions (the page script has no Chinese of its own).
UI = {
    "step": "第 {n} 步，共 {total} 步",
    "review_step": "最后一步：检查您的回答",
    "continue": "继续",
    "back": "返回上一步",
    "save_and_review": "保存，回到检查页",
    "restart": "从头开始",
    "clear_answers": "清除我的回答",
    "clear_confirm": "确定要清除这部手机上保存的全部回答吗？",
    "cleared": "已清除。这部手机上不再保存您的回答。",
    "change": "修改",
    "not_answered": "没有回答",
    "dont_know": "不清楚",
    "add_member": "添加一位家庭成员",
    "remove_member": "删除这位家庭成员",
    "member_self": "您自己（申请人）",
    "member_n": "第 {n} 位家庭成员",
    "member_age": "{age} 岁",
    "max_members": "最多填 {max} 位家庭成员。",
    "fix_errors": "有 {count} 处需要改一下，请看标红的地方。",
    "per_month": "每月",
    "per_year": "每年",
    "yuan": "元",
    "see_result": "看结果",
    "read_aloud": "朗读结果",
    "result_ready": "自测结果已经出来了：",
    "status": dict(STATUS_WORDS),
    "status_help": {
        "likely": "按您的回答，能查到的条件都符合。最后由乡镇（街道）审核确认。",
        "possible": "有的条件要看您没回答的情况，或者要工作人员入户核实、当地酌情决定。",
        "unlikely": "按您的回答，有一项硬条件不符合。情况有变化可以再测一次。",
    },
    "amount": "估算每月约 {amount} 元",
    "standard": "当地标准：每人每月 {amount} 元",
    "reasons": "为什么",
    "source": "依据",
    "documents": "要带的材料",
    "where": "到哪里办",
    "phone": "电话",
    "address": "地址",
    "hours": "办公时间",
    "no_phone": "电话还没有收录，可以先拨打 {hotline} 问清楚。",
    "time_limits": "要多久",
    "time_limit": "{what}：{limit} 个{unit}",
    "next_step": "下一步",
    "guide": "看这项救助的详细说明",
    "example": "示例",
    "example_help": "示例数据，尚未与官方核实",
    "place": "{place}，按 {date} 当天的标准估算。",
    "income": "按您的回答，家里每月计算在内的收入约 {total} 元，人均约 {per_person} 元。",
    "unlikely_heading": "暂不符合的项目",
    "referrals_heading": "还可以问问的救助",
    "none_fit": "按您的回答，暂时没有符合条件的项目，每一项的原因在下面。家里情况有变化（比如收入减少、有人生病或遇到急难），"
                "可以再测一次，也可以直接打电话问。",
    "print": "打印这份结果",
    "printed_on": "自测日期：{date}。这是估算，不是审批结果；以乡镇（街道）审核为准。",
    "loading": "正在准备计算工具，已完成 {percent}%。您的回答只在这部手机上计算。",
    "starting": "下载完成，正在启动计算工具……",
    "failed_title": "这部手机暂时算不出结果",
    "failed_reason": {
        "no_wasm": "这部手机的浏览器版本太旧，运行不了本站的计算工具。",
        "memory": "这部手机的内存不够，计算工具没能启动。可以关掉其他程序后再试。",
        "network": "网络不好，计算工具没有下载完。可以换个网络再试。",
        "other": "计算工具没能启动。",
    },
    "failed_help": "不用担心：您可以直接打电话或到办事地点问，工作人员会帮您看能申请哪些救助。",
    "retry": "再试一次",
    "hotline": "热线电话",
    "all_offices": "所有乡镇（街道）的地址和电话",
    "answer_apply": "先去申请：{name}",
    "answer_report": "您家已经在领{name}",
    "answer_none": "按您的回答，暂时没有要先申请的救助。",
    "answer_amount": "估算每月约 {amount} 元",
    "answer_amount_if": "金额要看没填的收入：如果{unknown}都是 0，估算每月约 {amount} 元；有这些收入的，会少一些。",
    "answer_no_amount": "收入的问题没有回答，估不出每月多少钱；申请时按核实的收入计算。",
    "answer_no_amount_other": "这项救助的金额由工作人员核定，本站估不出。",
    "answer_where": "到哪里办",
    "answer_bring": "要带的材料",
    "answer_instead": "不能和{names}同时领",
    "answer_also": "还可以同时问问：{names}",
    "office_unverified": "地址、电话、办公时间还没有经官方核实，出发前请先打电话问。",
    "details_heading": "详细情况",
    "caveats_heading": "要注意的地方",
    "more": "为什么，去哪里办",
    "excluded_amount": "和{name}不能同时领，先申请哪个见上面。",
    "deductions": "算收入时扣掉的",
    "deduction": "{label}：每月 {amount} 元",
    "answers_given": "您的回答",
    "site_address": "网址：{url}",
    "link_unreadable": "这个链接里的回答读不出来，请从第一个问题开始回答。",
    "clear_yes": "清除",
    "clear_no": "不清除",
    "error_field": "有一项回答没法计算（{path}）：{message}。请回到检查页改一下。",
    "error_engine": "计算时出了问题，请再试一次；还不行，请直接打电话问。",
}


def _money(id: str, label: str, path: str, unit: str = "month", period: str | None = None, help: str = "",
           **kw) -> Field:
    return Field(id, label, "money", path=path, unit=unit, period=period or unit, help=help, min=0, max=MAX_MONEY,
                 placeholder="不知道可以空着", **kw)


YES_NO_UNKNOWN = (Choice("yes", "是", json=True), Choice("no", "不是", json=False), dont_know())
# An age bound written as a parameter name is filled in by `data(ages)` from the national parameter.
ADULT = {"member": "age", "gte": "working_age_from"}

SCREENS: tuple[Screen, ...] = (
    Screen(
        "members", "家里一起生活的有哪些人？",
        help="包括您自己、配偶、未成年的子女，以及长期一起生活、互相有赡养抚养义务的家人。"
             "在外地上学的孩子也算。",
        short="家庭成员", per_member=True, roster=True,
        fields=(Field("age", "年龄（周岁）", "integer", path="members[].age", required=True, min=0, max=130,
                      placeholder="比如 45", messages={"required": "请填写年龄（周岁），比如 45。"}),),
    ),
    Screen(
        "jurisdiction", "您家在哪个县（市、区）？", short="地方",
        help="各地的救助标准不一样，本站按您选的地方估算。",
        skip_if={"preset": "jurisdiction"},
        fields=(Field("jurisdiction", "地方", "choice", path="jurisdiction", required=True,
                      choices_from="jurisdictions"),),
    ),
    Screen(
        "where", "您家住在哪里，户口在哪里？", short="住在哪里",
        help="各地的救助标准不一样，城市和农村的低保标准也可能不一样。申请低保、特困等救助，一般到户口所在的"
             "乡镇人民政府（街道办事处）办理。",
        fields=(
            Field("area", "您家按城市还是农村算？", "choice", path="area",
                  help="住在村里的选“农村”，住在城镇、街道社区的选“城市”。拿不准就选“不清楚”，本站按对您有利的方式估算。",
                  choices=(Choice("rural", "农村"), Choice("urban", "城市（城镇、街道社区）"), dont_know())),
            Field("hukou_township", "户口在哪个乡镇（街道）或区？", "select", path="hukou_township",
                  choices_from="townships", choices=(dont_know(),)),
            Field("lives", "现在住在哪里？", "choice", choices=(
                Choice("same", "就住在户口所在地"),
                Choice("elsewhere", "住在别的乡镇（街道）或区"),
                dont_know()), answer_from={"path": "residence_township", "set": "elsewhere"}),
            Field("residence_township", "现在住在哪个乡镇（街道）或区？", "select", path="residence_township",
                  choices_from="townships", choices=(dont_know("不在这个县（市、区），或不清楚"),),
                  show_if={"q": "lives", "is": "elsewhere"}),
            Field("residence_permit", "在现在住的地方办了居住证吗？", "choice", path="residence_permit",
                  help="持有居住证的，有的地方可以在居住地申请。",
                  choices=(Choice("yes", "办了", json=True), Choice("no", "没有办", json=False), dont_know()),
                  show_if={"q": "lives", "is": "elsewhere"}),
        ),
    ),
    Screen(
        "body", "每个人的身体和干活的情况", short="身体和劳动能力", per_member=True,
        help="说的是能不能干活挣钱（劳动能力）、有没有残疾人证、重病和生活能不能自理。"
             "不满{working_age_from}周岁的孩子不用填劳动能力。",
        fields=(
            Field("labor", "还能干活吗？", "choice", path="members[].labor", show_if=ADULT, choices=(
                Choice("full", "能正常干活"),
                Choice("partial", "只能干些轻活（部分丧失劳动能力）"),
                Choice("none", "完全不能干活（丧失劳动能力）"),
                dont_know())),
            Field("has_disability", "有没有残疾人证？", "choice", help="残疾人证上写着残疾类别和等级（一级最重）。", choices=(
                Choice("no", "没有"), Choice("yes", "有"), dont_know()),
                answer_from={"path": "members[].disability", "set": "yes", "null": "no"}),
            Field("disability_category", "残疾类别", "select", path="members[].disability.category",
                  parent_needs=True, show_if={"q": "has_disability", "is": "yes"}, choices=(
                      Choice("physical", "肢体残疾"), Choice("visual", "视力残疾"), Choice("hearing", "听力残疾"),
                      Choice("speech", "言语残疾"), Choice("intellectual", "智力残疾"),
                      Choice("mental", "精神残疾"), Choice("multiple", "多重残疾"), dont_know())),
            Field("disability_grade", "残疾等级", "choice", path="members[].disability.grade",
                  parent_needs=True, show_if={"q": "has_disability", "is": "yes"}, choices=(
                      Choice("1", "一级", json=1), Choice("2", "二级", json=2), Choice("3", "三级", json=3),
                      Choice("4", "四级", json=4), dont_know())),
            Field("serious_illness", "有没有重病？", "choice", path="members[].serious_illness",
                  help="比如癌症、尿毒症等重特大疾病，或得过重特大疾病医疗救助。", choices=(
                      Choice("yes", "有重病", json=True), Choice("no", "没有", json=False), dont_know())),
            Field("self_care", "吃饭、穿衣、上厕所能自己来吗？", "choice", path="members[].self_care", choices=(
                Choice("full", "都能自己来（全自理）"),
                Choice("partial", "有些要别人帮忙（半护理）"),
                Choice("none", "基本都要别人照顾（全护理）"),
                dont_know())),
        ),
    ),
    Screen(
        "school", "家里有人在上学吗？", short="上学", per_member=True,
        # 30: a question-design bound (older members are rarely full-time students), not a rule.
        member_if={"member": "age", "gte": "school_age_from", "lte": 30},
        help="说的是全日制学生，从小学到大学。",
        fields=(Field("student", "在读", "choice", path="members[].student", choices=(
            Choice("no", "不在上学", json=None),
            Choice("primary", "在读小学"),
            Choice("junior_high", "在读初中"),
            Choice("high_school", "在读高中"),
            Choice("vocational", "在读中职（中专、技校）"),
            Choice("college", "在读大学（大专、本科）"),
            dont_know())),),
    ),
    Screen(
        "wages", "每个人打工、上班的工资有多少？", short="工资", per_member=True, member_if=ADULT,
        help="填到手的钱。没有工资填 0；不知道可以空着。按月或按年填都行。",
        fields=(
            _money("wages_monthly", "工资", "members[].wages_monthly"),
            Field("newly_employed", "是不是刚找到工作（第一次就业或最近才上班）？", "choice",
                  path="members[].newly_employed", choices=YES_NO_UNKNOWN,
                  show_if={"all": [{"q": "wages_monthly", "gt": 0}, {"uses": "first_job_deduction"}]},
                  when_hidden=False),
        ),
    ),
    Screen(
        "income", "除了工资，家里还有哪些收入？", short="其他收入",
        help="全家加在一起。没有的填 0；不知道的可以空着。按月或按年填都行。",
        fields=(
            _money("farming", "种地、养殖的收入（扣掉成本后）", "income_monthly.farming", period="year"),
            _money("business", "做生意、跑运输等经营收入（扣掉成本后）", "income_monthly.business"),
            _money("property", "房租、利息、分红", "income_monthly.property"),
            _money("basic_pension", "城乡居民基础养老金", "income_monthly.basic_pension",
                   help="老人每月领的城乡居民养老保险基础养老金（不是职工退休金）。"),
            _money("other", "其他收入（比如别人给的钱、赔偿）", "income_monthly.other"),
        ),
    ),
    Screen(
        "support", "有没有子女、配偶等有义务照顾您家的人？", short="赡养、抚养",
        help="法律上有赡养、抚养、扶养义务的人，比如成年子女、配偶、父母（不算已经填在家庭成员里的人）。",
        fields=(
            Field("supporters", "义务人", "choice", path="supporters", choices=(
                Choice("none", "没有"),
                Choice("unable", "有，但他们自己也困难，没有能力照顾"),
                Choice("not_supporting", "有，但他们不管我、不给钱"),
                Choice("able", "有，他们照顾我、给钱"),
                dont_know())),
            _money("support_received", "他们给家里的钱（赡养费、抚养费）", "income_monthly.support_received",
                   show_if={"not": {"q": "supporters", "is": "none"}}, when_hidden=0),
        ),
    ),
    Screen(
        "year", "去年的收入和今年看病、上学的花费", short="去年收入和今年花费",
        help="不知道可以空着。按月或按年填都行。",
        fields=(
            _money("last_year_income", "去年一整年，全家的收入一共多少？", "last_year_income", unit="year",
                   help="包括工资、种地养殖、经营和其他收入。"),
            _money("medical", "今年看病自己花了多少钱？", "expenses_year.medical", unit="year",
                   help="只算自己掏的部分（医保报销后的）。没有就填 0。"),
            _money("education", "今年上学花了多少钱（学费、住宿费等）？", "expenses_year.education", unit="year"),
        ),
    ),
    Screen(
        "assets", "家里的财产，和已经在领的救助", short="财产和已领的救助",
        fields=(
            Field("assets_over_limit", "家里的存款、房子、车子等财产，有没有超过当地的规定？", "choice",
                  path="assets_over_limit",
                  help="各地对存款、房产、车辆有规定。不清楚当地怎么规定，就选“不清楚”，办理时工作人员会核对。",
                  choices=(Choice("no", "没有超过", json=False), Choice("yes", "超过了", json=True), dont_know())),
            Field("receiving", "家里现在已经在领哪些救助？", "multi", path="receiving", choices_from="programs", choices=(
                Choice("none", "都没有", json=[], exclusive=True), dont_know())),
        ),
    ),
    Screen(
        "emergency", "最近有没有遇到突发的困难？", short="突发困难",
        help="比如家里失火、遭水灾、出了意外、突然得了重病，一下子生活没着落。",
        fields=(
            Field("emergency_kind", "遇到的困难", "choice", path="emergency.kind", parent_needs=True, choices=(
                Choice("no", "没有", json=None),
                Choice("fire", "火灾"), Choice("flood", "水灾等自然灾害"), Choice("accident", "交通事故等意外"),
                Choice("illness", "突发重病"), Choice("other", "其他突发困难"), dont_know())),
            Field("emergency_township", "在哪个乡镇（街道）发生的？", "select", path="emergency.township",
                  choices_from="townships", choices=(dont_know("不在这个县（市、区），或不清楚"),),
                  show_if={"q": "emergency_kind", "in": ["fire", "flood", "accident", "illness", "other"]}),
        ),
    ),
)


def screens() -> tuple[Screen, ...]:
    return SCREENS


def field_ids() -> list[str]:
    return [f.id for s in SCREENS for f in s.fields]


def walk_conditions(c: dict | None):
    if not c:
        return
    yield c
    for inner in ([c["not"]] if "not" in c else c.get("all", []) + c.get("any", [])):
        yield from walk_conditions(inner)


def _conditions():
    """Every condition the questions hold, nested ones included (screens' and fields')."""
    for s in SCREENS:
        yield from walk_conditions(s.member_if)
        yield from walk_conditions(s.skip_if)
        for f in s.fields:
            yield from walk_conditions(f.show_if)


def _values(jurisdiction: dict, name: str) -> list[dict]:
    """A bundle jurisdiction's dated values of parameter `name` ([] where it has none)."""
    return jurisdiction["parameters"].get(name, {"values": []})["values"]


def used_parameters() -> set[str]:
    """The parameters a question's `uses` condition names."""
    return {c["uses"] for c in _conditions() if "uses" in c}


def place_uses(jurisdiction: dict, day: str) -> list[str]:
    """Of the parameters questions ask about, those this place (a bundle jurisdiction) has with a value
    that counts (not 0, false or empty) on `day` or at any later start: a question whose rule the place
    does not have cannot change its result (tests/unit/test_place_questions.py checks that)."""
    out = []
    for name in sorted(used_parameters()):
        values = _values(jurisdiction, name)
        current = in_force(values, day)
        later = [v for v in values if v["start"] > day]
        if any(v["value"] for v in ([current] if current else []) + later):
            out.append(name)
    return out


_BOUNDS = ("gt", "gte", "lt", "lte")


def age_parameters() -> set[str]:
    """The parameters whose values bound a member's age in a condition (ADULT, the school screen)."""
    return {c[k] for c in _conditions() for k in _BOUNDS if isinstance(c.get(k), str)}


def question_ages(jurisdictions: list[dict], day: str) -> dict[str, int]:
    """`age_parameters()` → their value on `day`, which every place (bundle jurisdictions) must share:
    the questions are one set for the whole site. ValueError names a place that differs or lacks one."""
    ages: dict[str, int] = {}
    for name in sorted(age_parameters()):
        seen = {j["id"]: (v["value"] if (v := in_force(_values(j, name), day)) else None) for j in jurisdictions}
        if len(set(seen.values())) != 1 or None in seen.values():
            raise ValueError(f"参数 {name} 在各地的取值不同或缺失（{seen}）：问题对整个网站只有一套，年龄界限必须一致")
        ages[name] = next(iter(seen.values()))
    return ages


def _fill(d: dict, ages: dict[str, int]) -> dict:
    """The screen's data with age bounds and `{name}` in help texts filled from `ages`."""
    def condition(c):
        if isinstance(c, dict):
            return {k: (ages[v] if k in _BOUNDS and isinstance(v, str) else condition(v)) for k, v in c.items()}
        if isinstance(c, list):
            return [condition(x) for x in c]
        return c

    for key in ("member_if", "skip_if"):
        d[key] = condition(d.get(key))
    d["help"] = d["help"].format(**ages)
    for f in d["fields"]:
        f["show_if"] = condition(f.get("show_if"))
    return d


def data(ages: dict[str, int]) -> dict:
    """Everything the page script needs, as JSON-ready data (choices_from still unresolved); `ages`:
    `question_ages`."""
    return {"screens": [_fill(s.data(), ages) for s in SCREENS], "messages": MESSAGES, "ui": UI,
            "max_members": MAX_MEMBERS, "dont_know": DONT_KNOW}
