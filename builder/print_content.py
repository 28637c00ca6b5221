"""What the print files say: the guide's own content (builder.guide_content), chosen for paper, per jurisdiction.

`Book` is one jurisdiction; each `PrintGuide` gives its programme's booklet spread and card as
`Unit`s (pages that must not overflow), each made of `Block`s (a section: 这是什么, 谁可以申请 …) of
`Item`s (statements). Figures in the prose are `p.<parameter>` as on the site, but printed as plain
text with the date they took effect and a 示例 mark when unverified — never as links.

What goes on a page follows the statements' roles: the resident's steps in order, internal rules left
out; 去哪里办 always. When a page would overflow, the least important statements are left out
(`Unit.trim`): never the first statement of a section nor the first one that prints a figure, and a
list (documents, conditions, the steps after applying) whole or not at all — left out, it becomes one
sentence that counts it. The heading says how many single statements the online guide has besides
(the page's QR code opens it). `estimate()` guesses the heights first; `restore()` gives back what a
laid-out page has room for after all.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from builder.errors import UserFacingError
from builder.pages.figures import Figure, Figures, cn_date, expired_notice, format_figure, is_example_amount
from builder.guide_content import GuideContent, Statement, cn_count
from builder.templates import environment

# Page geometry (templates/print/print.css), in CSS px as WeasyPrint reports anchors: from the page's top-left.
PX_PER_MM = 96 / 25.4
LINE_PX = 12 * 1.4 * 96 / 72            # one 12 pt line at line-height 1.4 (templates/print/print.css)
_TEXT_WIDTH_MM = {"booklet": 105 - 7 - 9, "card": 105 - 14}
TOP_MARGIN_MM = {"booklet": 8, "card": 7}
CAPACITY = {"booklet": (148 - 8 - 10) * PX_PER_MM / LINE_PX, "card": (148 - 14) * PX_PER_MM / LINE_PX}
_HEADING = 1.5                 # estimated heights in 12 pt lines, measured on the real pages
_SAFETY = 0.5                  # estimate a little high: a second layout costs more than a statement
_RESTORE = 0.8                 # what estimated heights come to on the laid-out page, about


def site_link(site_url: str, path: str) -> str:
    """The absolute address of a site path: QR codes must work from paper, so never relative."""
    return site_url.rstrip("/") + "/" + path.lstrip("/")


def qr_data_uri(url: str) -> str:
    import segno

    # Error level M, boosted when it costs no extra modules; the 4-module quiet zone is in the image.
    return segno.make(url, error="m", micro=False).svg_data_uri(border=4, omitsize=True)


def readable_address(site_url: str) -> str:
    """`https://mingbai.example.gov.cn/` → `mingbai.example.gov.cn`: what a person types."""
    return re.sub(r"^https?://", "", site_url).rstrip("/")


# ---- figures: `p` in guide prose, rendered for paper ------------------------------------------------------------

EXAMPLE = Markup('<span class="example">示例</span>')
EXAMPLE_FIGURE = Markup('<span class="example">示例，非现行标准</span>')
# Where the booklet's offices list starts, filled in as a number when the booklet is rendered (a CSS
# target-counter would do it too, but costs a second layout of every page that uses it).
OFFICES_PAGE = Markup("<!--offices-page-->")


# The 数字 page says each figure as a sentence; a figure without one here uses its parameter's description.
FIGURE_SENTENCES = {
    "dibao_standard": "低保标准：每人每月{}",
    "tekun_basic_standard": "特困人员基本生活标准：每人每月{}",
    "tekun_basic_multiplier": "特困人员基本生活标准不低于低保标准的{}",
    "tekun_care_divisor": "特困人员照料护理费：按上年度最低工资标准的{}",
    "minimum_wage": "最低工资标准：每月{}",
    "tekun_minor_age_limit": "未满{}的孩子，可以按特困人员认定",
    "tekun_elderly_age": "年满{}的老人，算没有劳动能力",
    "dibian_income_multiplier": "低保边缘家庭：人均收入低于低保标准的{}",
    "dibian_monthly_amount": "低收入家庭救助金：每户每月{}",
    "employment_cost_rate": "上班挣钱的，每人按标准的{}扣减就业成本",
    "first_job_deduction": "低保家庭成员第一次就业：每月先减去{}",
    "first_job_deduction_months": "第一次就业的扣减最多{}",
    "gradual_exit_months": "收入超过标准后，低保还能领{}",
    "gradual_exit_max_months": "渐退期最长{}",
    "gradual_exit_schedule": "渐退期每月发原来低保金的：{}",
    "expense_deduction_multiplier": "看病、上学的支出超过上年全家收入{}的，可以扣减",
    "green_channel_age": "年满{}的老人办救助走绿色通道",
}

# A resident step after applying, in two or three words, for the line that stands for them when a page is short.
STAGE_WORDS = {"apply": "申请", "check": "核对收入和财产", "publicize": "公示", "decide": "审核确认",
               "pay": "确认后发放", "choose": "选择供养方式"}

# One line on every booklet and card back: declare honestly (the 低保 documents and steps say both halves).
HONESTY = "请如实申报收入和财产，家里情况有变化要主动报告。"


class PrintFigure(Figure):
    """One parameter value as print shows it: bold text, the date it took effect, 示例 when unverified."""

    def _render(self, dated: bool) -> Markup:
        self._figures.note(self.param, self._value, displayed=True)
        out = Markup('<span class="fig">{}</span>').format(self.text)
        if dated:
            out += Markup('<span class="since">（{}起）</span>').format(self.since)
        if self._value.verified:
            return out
        return out + (EXAMPLE_FIGURE if is_example_amount(self.param.name) else EXAMPLE)

    def __html__(self) -> str:
        return str(self._render(dated=False))

    @property
    def cite(self) -> Markup:
        self._figures.note(self.param, self._value, displayed=False)
        return Markup("") if self._value.verified else EXAMPLE


@dataclass
class Used:
    """A parameter value a statement rests on; `displayed` when its figure is printed."""

    scope: str | None        # jurisdiction id, or None for a national parameter
    param: object
    value: object
    displayed: bool


class PrintFigures(Figures):
    """`p` in the guide prose, for print: what each statement uses is collected while `collector` is a list."""

    figure = PrintFigure

    def __init__(self, policies, jurisdiction, today: dt.date):
        super().__init__(policies, jurisdiction, today, f"policies/guides ({jurisdiction.id})")
        self.collector: list[Used] | None = None

    def note(self, param, value, displayed: bool) -> None:
        if self.collector is not None:
            self.collector.append(Used(self.scope(param), param, value, displayed))


# ---- content: statements grouped in blocks, blocks on pages that must not overflow -----------------------------------

@dataclass
class Item:
    html: Markup
    priority: int                  # 3: never left out; 1, then 2: left out first, from the bottom of the page up
    uses: list[Used] = field(default_factory=list)
    lines: float = 1.0             # estimated height in 12 pt lines, for the first trimming guess
    small: bool = False            # set at 10.5 pt: what the office does, not what the resident must do


@dataclass
class Block:
    """A section on a page, or (title None) more of the section above it. A `whole` block is a list that is
    printed complete or not at all: left out, it becomes its `summary`, one sentence that counts it."""

    title: str | None
    items: list[Item]
    style: str = "paras"           # paras | answer | steps | list
    whole: bool = False
    priority: int = 3              # a whole block's
    summary: Item | None = None
    parent: "Block | None" = None  # the titled block this one continues
    dropped: int = 0               # statements left out to fit the page (counted on the titled block)
    full: list[Item] = field(default_factory=list)                  # a summarized block's own items
    left_out: list[tuple[int, Item]] = field(default_factory=list)  # (position, statement) left out

    @property
    def lines(self) -> float:
        return sum(i.lines for i in self.items)

    @property
    def summarized(self) -> bool:
        return bool(self.full)


@dataclass
class Unit:
    """Content that must fit on exactly one page; `anchor` marks its start, `anchor + '-end'` its end."""

    anchor: str
    blocks: list[Block]
    geometry: str                  # booklet | card
    fixed: float = 1.0             # lines taken by the title, running head, card head or foot
    tight: bool = False            # set 11 pt: even its key statements did not fit at 12 pt

    def candidates(self) -> list[tuple[int, int, Block, Item | None]]:
        """What may be left out, least important first, then from the bottom of the page up: single
        statements, and whole blocks (item None)."""
        out = []
        order = 0
        for block in self.blocks:
            if block.whole:
                order += 1
                if block.priority < 3 and not block.summarized and block.items:
                    out.append((block.priority, -order, block, None))
                continue
            for item in block.items:
                order += 1
                if item.priority < 3:
                    out.append((item.priority, -order, block, item))
        return sorted(out, key=lambda c: (c[0], c[1]))

    def trim(self, lines: float) -> bool:
        """Leave out the least important statements, at least `lines` lines of them; False if none is left."""
        saved, taken = 0.0, []
        for _, _, block, item in self.candidates():
            if saved >= lines:
                break
            if item is None:
                saved += block.lines - (block.summary.lines if block.summary else 0)
                taken.append((block, None, len(block.items)))
                block.full, block.items = block.items, [block.summary] if block.summary else []
                continue
            saved += item.lines
            taken.append((block, item, block.items.index(item)))
            block.items.remove(item)
        # Put back the more important single statements whose room was not needed after all.
        for block, item, at in sorted((t for t in taken if t[1] is not None), key=lambda t: -t[1].priority):
            if saved - item.lines >= lines:
                block.items.insert(min(at, len(block.items)), item)
                saved -= item.lines
                taken.remove((block, item, at))
        for block, item, at in taken:
            if item is not None:
                (block.parent or block).dropped += 1
                block.left_out.append((at, item))
        return bool(taken)

    def restore(self, spare: float) -> bool:
        """Put back what was left out, most important first, while it seems to fit in `spare` lines: the
        estimates run high, so this guesses generously; what then overflows is left out again, in order of
        importance. True if anything came back."""
        back = False
        for block in self.blocks:
            if block.summarized:
                gain = (sum(i.lines for i in block.full) - block.lines) * _RESTORE
                if gain <= spare:
                    block.items, block.full = block.full, []
                    spare -= gain
                    back = True
        for block in self.blocks:
            for at, item in sorted(block.left_out, key=lambda t: (-t[1].priority, t[0])):
                if item.lines * _RESTORE <= spare:
                    block.items.insert(min(at, len(block.items)), item)
                    block.left_out.remove((at, item))
                    (block.parent or block).dropped -= 1
                    spare -= item.lines * _RESTORE
                    back = True
        return back

    def estimate(self) -> float:
        """Estimated height in 12 pt lines: headings, statements and the fixed parts of the page."""
        return self.fixed + _SAFETY + sum((_HEADING if b.title and b.items else 0) + b.lines for b in self.blocks)

    def uses(self) -> list[Used]:
        return [u for b in self.blocks for i in b.items for u in i.uses]

    def shown_blocks(self) -> list[Block]:
        """The blocks that print anything: a heading is never printed without a statement under it."""
        return [b for b in self.blocks if b.items]


def visual_width(text: str) -> float:
    """Width in ems: CJK, full-width and (in a CJK font) ambiguous characters such as “ 1, the rest about half."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WFA" else 0.55 for ch in text)


def estimate_lines(html: str, geometry: str, size_pt: float = 12) -> float:
    text = re.sub(r"<[^>]+>", "", str(html))
    per_line = _TEXT_WIDTH_MM[geometry] * 72 / 25.4 / size_pt
    return max(1, math.ceil(visual_width(text) / per_line)) + 0.1


def keep_last_together(html: Markup) -> Markup:
    """No line of a paragraph holds a single character: the last two characters (and the punctuation
    after them) never break apart."""
    text = str(html)
    m = re.search(r"[^<>\s&;][^<>\s&;][。，；、：！？”’）」…]*$", text)
    if not m or m.start() == 0:
        return html
    return Markup(text[:m.start()] + '<span class="nobr">' + text[m.start():] + "</span>")


class PrintGuide:
    """One programme in one jurisdiction, as statements for the booklet spread and the card: the guide's
    `GuideContent`, chosen and ordered for paper."""

    def __init__(self, book: "Book", program, prose):
        self.book, self.program, self.prose = book, program, prose
        self.j = book.j
        self.id = program.id
        self.name, self.short_name = program.name, program.short_name
        self.url = site_link(book.site_url, f"guides/{self.j.id}/{program.id}/")
        self.qr = qr_data_uri(self.url)
        self.content = GuideContent(self.j, program, prose, book.today, book.figures.has)

    # -- words --

    def say(self, item: dict, key: str = "text", count: int = 0) -> tuple[Markup, list[Used]]:
        figures = self.book.figures
        figures.collector = []
        try:
            words = environment().from_string(item[key]).render(
                p=figures, j=self.j, program=self.program, cite=lambda c: Markup(""), count=cn_count(count))
        except UserFacingError:
            raise
        except Exception as e:  # a template mistake in the prose: name the file, not a traceback
            where = self.prose.file if self.prose else f"policies/programs/{self.id}.yaml"
            raise UserFacingError(f"{where}: cannot render {item[key]!r} for print: {e}") from None
        finally:
            used, figures.collector = figures.collector, None
        return Markup(re.sub(r"\s*\n\s*", "", words.strip())), used

    def item(self, st: Statement, geometry: str, priority: int) -> Item | None:
        if st.item is not None:
            html, used = self.say(st.item, st.key, st.count)
        else:
            html, used = escape(st.words), []
            if st.figure:
                html = Markup(str(html).replace(str(escape(st.figure)), f'<span class="fig">{escape(st.figure)}</span>', 1))
        if not html:
            return None
        if st.label:
            html = Markup("{}：").format(st.label) + html
        html = keep_last_together(Markup(html))
        return Item(html, priority, used, estimate_lines(html, geometry))

    def items(self, sts: list[Statement], geometry: str, first: int = 3, rest: int = 1,
              figure: int = 3) -> list[Item]:
        """Statements in order; the first, and the first that prints a figure, are kept whatever happens."""
        out = []
        figure_kept = False
        for st in sts:
            it = self.item(st, geometry, first if not out else rest)
            if it is None:
                continue
            if any(u.displayed for u in it.uses):
                it.priority = max(it.priority, figure if not figure_kept else 2)
                figure_kept = True
            out.append(it)
        return out

    def words(self, text: str, geometry: str, priority: int) -> Item:
        html = keep_last_together(escape(text))
        return Item(Markup(html), priority, [], estimate_lines(html, geometry))

    # -- the sections --

    def what(self, g: str) -> list[Block]:
        return [Block("这是什么", self.items(self.content["what"].statements, g))]

    def answered(self, section: str, g: str) -> list[Block]:
        """谁可以申请 / 能领多少: the answer first. Conditions that must all be met print as a whole with
        the sentence that counts them, or become one sentence that says how many there are."""
        sec = self.content[section]
        lead = sec.having("all_of")
        if lead:
            group = sec.having("all_of", "condition")
            n = lead[0].count
            head = Block(sec.title, self.items(group, g, first=3, rest=3), "answer", whole=True, priority=2,
                         summary=self.words(f"要同时符合{cn_count(n)}个条件，扫码看全部。", g, 3))
            rest = Block(None, self.items(sec.having("answer", "detail"), g, first=1), "paras", parent=head)
            return [head, rest]
        return [Block(sec.title, self.items(sec.statements, g, first=3), "answer")]

    def how(self, g: str) -> list[Block]:
        """The resident's steps in order: applying (what she does) always, at 12 pt; what the office does
        after it at 10.5 pt, all of it, or where the page is short one line that names each step and counts them."""
        sec = self.content["how"]
        steps = sec.having("step")
        first = Block(sec.title, self.items(steps[:1], g, first=3), "steps")
        out = [first]
        later = self.items(steps[1:], g, first=3, rest=3)
        if later:
            for it in later:
                it.small = True
                it.lines = estimate_lines(it.html, g, 10.5) * 10.5 / 12
            stages = "→".join(dict.fromkeys(STAGE_WORDS[st.item["stage"]] for st in steps[1:]))
            summary = self.words(f"接下来：{stages}（共{cn_count(len(steps))}步，扫码看全部）。", g, 3)
            summary.small = True
            out.append(Block(None, later, "steps", whole=True, priority=2, summary=summary, parent=first))
        out.append(Block(None, self.items(sec.having("step_note"), g, first=1, figure=2), "paras", parent=first))
        return out

    def timing(self, g: str, after: Block) -> list[Block]:
        """多久有结果, printed under the steps: the time limits kept, the words around them left out first."""
        sec = self.content["timing"]
        if sec.fallback:
            return []
        limits = self.items(sec.having("time_limit"), g, first=3, rest=3)
        return [Block(None, limits + self.items(sec.having("detail"), g, first=1, figure=2), parent=after)]

    def documents(self, g: str) -> list[Block]:
        sec = self.content["documents"]
        every = Block(sec.title, self.items(sec.having("document"), g, first=3, rest=3), "list")
        some = sec.having("document_if")
        out = [every]
        if some:
            out.append(Block(None, self.items(some, g, first=3, rest=3), "list", whole=True, priority=1, parent=every,
                             summary=self.words(f"另外{cn_count(len(some))}项材料，看家里情况要带，扫码看全部。", g, 3)))
        out.append(Block(None, self.items(sec.having("detail"), g, first=1, figure=2), "paras", parent=every))
        return out

    def where(self, g: str, page_ref: bool = True) -> list[Block]:
        """去哪里办 always says where (the office level), where the phone numbers are and the hotline: the
        guide's first statement and its hotline statement, joined into one sentence that is never left out."""
        sec = self.content["where"]
        main = sec.having("where_main")[0]
        text = escape(main.words.rstrip("。"))
        if page_ref:
            text += Markup("，地址、电话见第") + OFFICES_PAGE + Markup("页")
        text += escape(f"；不知道找谁，拨打{self.j.hotline['number']}。")
        # On a card the stamp box says where, and the foot the hotline: the sentence may give way to a document.
        items = [Item(keep_last_together(Markup(text)), 3 if page_ref else 2, [], estimate_lines(text + "00", g))]
        items += self.items(sec.having("detail"), g, first=1, figure=2)
        items += self.items(sec.having("ask"), g, first=1)
        return [Block("去哪里办", items)]

    # -- pages --

    def spread(self) -> tuple[Unit, Unit]:
        g = "booklet"
        left = Unit(f"pg-{self.id}-L", [*self.what(g), *self.answered("who", g), *self.answered("amount", g)], g,
                    fixed=3.3)
        how = self.how(g)
        right = Unit(f"pg-{self.id}-R", [*how[:-1], *self.timing(g, how[0]), how[-1], *self.documents(g),
                                         *self.where(g)], g, fixed=0.2)
        return left, right

    def card(self) -> tuple[Unit, Unit]:
        g = "card"
        front = Unit(f"card-{self.id}-F", [*self.what(g), *self.answered("who", g), *self.answered("amount", g)], g,
                     fixed=3.4)
        first_step = self.items(self.content["how"].having("step")[:1], g, first=3)
        where = self.where(g, page_ref=False)[0].items
        docs = self.documents(g)
        back = Unit(f"card-{self.id}-B", [Block("到哪里、怎么申请", first_step + where), *docs[:2]], g, fixed=8.0)
        return front, back


# ---- one jurisdiction's print content ---------------------------------------------------------------------------

class Book:
    honesty = HONESTY

    def __init__(self, policies, jurisdiction, site_url: str, today: dt.date):
        if not site_url:
            raise UserFacingError("the print files need the address the site is published at, for their QR codes: "
                                  "set site_url in mkdocs.yml or pass --site-url https://…")
        self.policies, self.j, self.site_url, self.today = policies, jurisdiction, site_url, today
        self.figures = PrintFigures(policies, jurisdiction, today)
        programs = policies.data.get("programs", {})
        prose = policies.data.get("guides", {})
        self.guides = [PrintGuide(self, programs[pid], prose.get(pid)) for pid in jurisdiction.programs
                       if pid in programs]
        self.screener_url = site_link(site_url, f"screener/?j={jurisdiction.id}")
        self.screener_qr = qr_data_uri(self.screener_url)
        self.home_url = site_link(site_url, "")
        self.home_qr = qr_data_uri(self.home_url)
        self.address = readable_address(site_url)
        self.hotline = jurisdiction.hotline
        self.hotline_example = not jurisdiction.hotline.get("verified", False)
        # What a government leaflet carries: who issues it, the complaints line (a blank to fill in when the
        # place has not given one), one line on declaring honestly.
        issued = jurisdiction.issued_by or {}
        fallback = jurisdiction.office(jurisdiction.fallback_office)
        self.issued_by = issued.get("name") or (fallback.name if fallback else jurisdiction.name)
        self.issued_example = not issued.get("verified", False)
        supervision = jurisdiction.supervision or {}
        self.supervision_number = supervision.get("number")
        self.supervision_example = not supervision.get("verified", False)
        self.offices = sorted(jurisdiction.offices, key=lambda o: o.level != "county")
        self.today_text = cn_date(today)
        self.expired_notice = expired_notice(policies, jurisdiction, today, short=True)
        self.expired_mark = expired_notice(policies, jurisdiction, today, mark=True)
        self.pad = 0
        self.offices_page = 4 + 2 * len(self.guides)     # cover, contents, 先看这里, then a spread each

    @staticmethod
    def shown_figures(units: list[Unit]) -> list[Used]:
        """Each value the pages print, once, national ones last."""
        seen, out = set(), []
        for u in (u for unit in units for u in unit.uses() if u.displayed):
            key = (u.scope, u.param.name)
            if key not in seen:
                seen.add(key)
                out.append(u)
        return sorted(out, key=lambda u: u.scope is None)

    def figure_line(self, u: Used) -> Markup:
        """One figure the booklet prints, as a sentence: 低保标准：每人每月城市630元，农村470元。2021年10月26日起执行。"""
        text = format_figure(u.value.value, u.param.unit)
        sentence = FIGURE_SENTENCES.get(u.param.name)
        if sentence:
            head, _, tail = sentence.partition("{}")
            out = Markup("{}<b>{}</b>{}").format(head, text, tail)
        else:
            out = Markup("{}：<b>{}</b>").format(u.param.description, text)
        out += Markup("。{}起执行").format(cn_date(u.value.start))
        return out + ("" if u.value.verified else EXAMPLE)

    @staticmethod
    def data_date(units: list[Unit]) -> dt.date | None:
        """The most recent date a figure the pages print took effect: how current the figures are."""
        starts = [u.value.start for unit in units for u in unit.uses() if u.displayed]
        return max(starts) if starts else None

    def examples_in(self, units: list[Unit], offices: bool) -> list[str]:
        """What these pages show that is example data (verified: false), for the 示例 marks and --release."""
        found = list(dict.fromkeys(f"{u.param.name} ({u.scope or '_national'}, {u.value.start})"
                                   for unit in units for u in unit.uses() if not u.value.verified))
        if self.hotline_example:
            found.append(f"hotline {self.hotline['number']} ({self.j.id})")
        if self.issued_example:
            found.append(f"issued_by {self.issued_by} ({self.j.id})")
        if self.supervision_example:
            found.append(f"supervision {self.supervision_number or '(blank)'} ({self.j.id})")
        if offices:
            found += [f"office {o.id} ({self.j.id})" for o in self.offices if not o.verified]
        return found
