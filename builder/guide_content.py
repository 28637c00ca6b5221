"""What a guide says about one programme in one place, decided once for every medium.

The site's guide page (builder/pages/guides.py) and the print files (builder/print_content.py)
are two renderers of the same `GuideContent`: the same statements, in the same order, with the
same fallback words, each with a role that tells a renderer what it is for:

    what          这是什么: the plain definition (the programme's summary when the prose has none)
    answer        谁可以申请 / 能领多少: the first, direct answer
    all_of        "同时符合下面{{ count }}条的": introduces the conditions that follow; the count is
                  what the renderer shows (a renderer shows all of them or none)
    condition     one of the conditions an `all_of` introduces
    detail        a further statement of the section
    step          a resident's step (stage apply → check → publicize → decide → pay → choose, in that order)
    step_note     something to know about the steps (急难型先行救助, a procedure the notice adds)
    office_rule   how the office works inside (审核确认权下放, 分级审批): the guide lists it apart, print leaves it out
    document      a document every applicant brings
    document_if   a document only some bring (`label` says who)
    time_limit    a time limit (`words` and the `figure` in it)
    where_main, offices_list, ask, hotline: 去哪里办, in that order

Statements from policies/ (`item`) are templates the renderer fills with its own figures (`p`);
statements made here (`words`) are wording, cited by `cites` where they state a rule.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from builder.policies.programs import DOCUMENT_CONDITIONS
from screener.dated import applies_in
from screener.model import RESIDENT_STAGES

SECTIONS = [  # (anchor, heading) in the fixed order every guide follows
    ("what", "这是什么"), ("who", "谁可以申请"), ("amount", "能领多少"), ("how", "怎么申请"),
    ("documents", "要带的材料"), ("timing", "多久有结果"), ("where", "去哪里办"), ("faq", "常见问题"),
    ("basis", "政策依据"),
]

CN_COUNT = {1: "一", 2: "两", 3: "三", 4: "四", 5: "五", 6: "六", 7: "七", 8: "八", 9: "九", 10: "十"}


def cn_count(n: int) -> str:
    """3 → "三": a count of things printed, in words (never a figure from policies/)."""
    return CN_COUNT.get(n, str(n))


def applies(item: dict, jurisdiction, has_parameter) -> bool:
    """A prose statement is shown in this place (`only`, `except`, `jurisdictions`, `when`)."""
    if "only" in item and jurisdiction.id not in item["only"]:
        return False
    if jurisdiction.id in item.get("except", []):
        return False
    if not applies_in(item, jurisdiction.id):
        return False
    if "when" in item and not has_parameter(item["when"]):
        return False
    return True


@dataclass
class Statement:
    role: str
    item: dict | None = None       # from policies/: rendered by the renderer (`key` holds the words)
    key: str = "text"
    words: str = ""                # made here: plain wording
    cites: list[str] = field(default_factory=list)
    label: str = ""                # document_if: who needs it
    figure: str = ""               # time_limit: the part of `words` that is the figure
    count: int = 0                 # all_of: how many conditions follow
    link: str = ""                 # offices_list / ask / hotline: the words of `words` a renderer may link
    target: str = ""               # what the link opens: offices | office:<id> | tel:<number>


@dataclass
class Section:
    id: str
    title: str
    statements: list[Statement]
    fallback: bool = False         # the statements are the fallback words: the documents say nothing here

    def having(self, *roles: str) -> list[Statement]:
        return [s for s in self.statements if s.role in roles]


def time_limit_words(t: dict) -> tuple[str, str]:
    """A time limit from policies/programs as words and the figure in them: ("低保办理时限：20个工作日内", "20个工作日")."""
    limit = t["limit"]
    limit = int(limit) if float(limit).is_integer() else limit
    if not limit:
        return f"{t['what']}：当场或尽快办理", ""
    unit = "个工作日" if t["unit"] == "工作日" else t["unit"]
    figure = f"{limit}{unit}"
    return f"{t['what']}：{figure}内", figure


def where_to_ask(j) -> str:
    """The county-level offices to ask, in words that fit the place: a city with an office per district
    names its own and the district's."""
    fallback = j.office(j.fallback_office)
    counties = [o for o in j.offices if o.level == "county"]
    if fallback and len(counties) > 2:
        return f"{fallback.name}或户口所在地的{j.words.district_bureau}"
    return fallback.name if fallback else j.words.district_bureau


class GuideContent:
    """The sections of one guide: `sections[id]` in SECTIONS order."""

    def __init__(self, jurisdiction, program, prose, today: dt.date, has_parameter):
        self.j, self.program, self.prose, self.today = jurisdiction, program, prose, today
        self._has = has_parameter
        self.sections = {s.id: s for s in (
            self._what(), self._who(), self._amount(), self._how(), self._documents(), self._timing(),
            self._where(), self._faq())}

    def __getitem__(self, section: str) -> Section:
        return self.sections[section]

    # -- what the files hold for this place --

    def prose_items(self, section: str) -> list[dict]:
        items = self.prose.sections.get(section, []) if self.prose else []
        return [i for i in items if applies(i, self.j, self._has)]

    def program_items(self, key: str) -> list[dict]:
        return self.program.for_jurisdiction(getattr(self.program, key), self.j.id, self.today)

    # -- the sections --

    def _what(self) -> Section:
        items = self.prose_items("what")
        if items:
            return Section("what", "这是什么", [Statement("what", i) for i in items])
        return Section("what", "这是什么", [Statement("what", self.program.summary)])

    def _answered(self, section: str, title: str, fallback: str) -> Section:
        items = self.prose_items(section)
        if not items:
            return Section(section, title, [Statement("answer", words=fallback)], fallback=True)
        out = []
        for n, i in enumerate(items):
            if i.get("introduces") == "all_of":
                conditions = len(items) - n - 1
                out.append(Statement("all_of", i, count=conditions))
            elif out and out[-1].role in ("all_of", "condition"):
                out.append(Statement("condition", i))
            else:
                out.append(Statement("answer" if not out else "detail", i))
        return Section(section, title, out)

    def _who(self) -> Section:
        return self._answered("who", "谁可以申请", "请向下面“去哪里办”的地方问清楚。")

    def _amount(self) -> Section:
        if self.program.kind == "referral":
            fallback = f"这项帮助由{self.program.run_by}按规定办理，能得到多少要看具体情况。"
        else:
            fallback = "具体数额由审核部门按家里的情况核定。"
        return self._answered("amount", "能领多少", fallback)

    def _how(self) -> Section:
        out = []
        for s in self.program.steps_for(self.j.id, self.today):
            stage = s["stage"]
            role = "step" if stage in RESIDENT_STAGES else "office_rule" if stage == "office" else "step_note"
            out.append(Statement(role, s))
        out += [Statement("step_note", i) for i in self.prose_items("how")]
        return Section("how", "怎么申请", out)

    def _documents(self) -> Section:
        docs = self.program_items("documents")
        out = [Statement("document", d) for d in docs if not d.get("if")]
        out += [Statement("document_if", d, label=DOCUMENT_CONDITIONS[d["if"]]) for d in docs if d.get("if")]
        out += [Statement("detail", i) for i in self.prose_items("documents")]
        return Section("documents", "要带的材料", out)

    def _timing(self) -> Section:
        out = []
        for t in self.program_items("time_limits"):
            words, figure = time_limit_words(t)
            out.append(Statement("time_limit", words=words, figure=figure, cites=[t["source"]]))
        out += [Statement("detail", i) for i in self.prose_items("timing")]
        if not out:
            return Section("timing", "多久有结果",
                           [Statement("detail", words="文件没有写明办理时限，请在申请时问清楚。")], fallback=True)
        return Section("timing", "多久有结果", out)

    def _where(self) -> Section:
        j, program = self.j, self.program
        if program.kind == "cash":
            main = Statement("where_main", words="一般到户口所在地的乡镇（街道）申请。")
        else:
            main = Statement("where_main", words=f"这项帮助由{program.run_by}办理，也可以先问乡镇（街道）。")
        out = [main]
        offices = f"查看{j.name}{len(j.offices)}个办事地点的地址和电话"
        out.append(Statement("offices_list", words=offices, link=offices, target="offices"))
        out += [Statement("detail", i) for i in self.prose_items("where")]
        ask = where_to_ask(j)
        first = j.office(j.fallback_office)
        out.append(Statement("ask", words=f"不知道去哪里，可以问{ask}。", link=first.name if first else "",
                             target=f"office:{first.id}" if first else ""))
        number = j.hotline["number"]
        out.append(Statement("hotline", words=f"拨打 {number} 也可以问政策、求助。", cites=[j.hotline["source"]],
                             link=number, target=f"tel:{number}"))
        return Section("where", "去哪里办", out)

    def _faq(self) -> Section:
        items = self.prose.faq if self.prose else []
        shown = [Statement("faq", i) for i in items if applies(i, self.j, self._has)]
        if not shown:
            return Section("faq", "常见问题", [Statement(
                "detail", words=f"还有问题，请拨打 {self.j.hotline['number']}，或到乡镇（街道）当面问。")], fallback=True)
        return Section("faq", "常见问题", shown)
