"""What the print files say: guide prose and programme facts, per jurisdiction, as statements on pages.

`Book` is one jurisdiction; each `PrintGuide` gives its programme's booklet spread and card as
`Unit`s (pages that must not overflow), each made of `Block`s (a section: 这是什么, 谁可以申请 …) of
`Item`s (statements). Figures in the prose are `p.<parameter>` as on the site, but printed as plain
text with the date they took effect and a 示例 mark when unverified — never as links.

When a page would overflow, the least important statements are left out (`Unit.trim`): never the
first statement of a section nor the first one that prints a figure; the section heading then
says how many more the online guide has (the page's QR code opens it). `estimate()` guesses the
height first so that most documents are laid out only once.
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
from builder.pages.guides import applies
from builder.policies.programs import DOCUMENT_CONDITIONS
from builder.templates import environment

# Page geometry (templates/print/print.css), in CSS px as WeasyPrint reports anchors: from the page's top-left.
PX_PER_MM = 96 / 25.4
LINE_PX = 12 * 1.45 * 96 / 72           # one 12 pt line at line-height 1.45 (templates/print/print.css)
_TEXT_WIDTH_MM = {"booklet": 105 - 7 - 9, "card": 105 - 14}
TOP_MARGIN_MM = {"booklet": 8, "card": 7}
CAPACITY = {"booklet": (148 - 8 - 10) * PX_PER_MM / LINE_PX, "card": (148 - 14) * PX_PER_MM / LINE_PX}
_HEADING = 1.5                 # estimated heights in 12 pt lines, measured on the real pages
_SAFETY = 0.5                  # estimate a little high: a second layout costs more than a statement


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


@dataclass
class Block:
    title: str
    items: list[Item]
    style: str = "paras"           # paras | answer | steps | list
    dropped: int = 0               # items left out to fit the page


@dataclass
class Unit:
    """Content that must fit on exactly one page; `anchor` marks its start, `anchor + '-end'` its end."""

    anchor: str
    blocks: list[Block]
    geometry: str                  # booklet | card
    fixed: float = 1.0             # lines taken by the title, running head, card head or foot
    tight: bool = False            # set 11 pt: even its key statements did not fit at 12 pt

    def candidates(self) -> list[tuple[int, int, Block, Item]]:
        out = []
        order = 0
        for block in self.blocks:
            for item in block.items:
                order += 1
                if item.priority < 3:
                    out.append((item.priority, -order, block, item))
        return sorted(out, key=lambda c: (c[0], c[1]))

    def trim(self, lines: float) -> bool:
        """Leave out the least important statements, at least `lines` lines of them; False if none is left."""
        taken = []
        for _, _, block, item in self.candidates():
            if sum(i.lines for _, i, _ in taken) >= lines:
                break
            taken.append((block, item, block.items.index(item)))
            block.items.remove(item)
        # Put back the more important of those whose room was not needed after all.
        for block, item, at in sorted(taken, key=lambda t: -t[1].priority):
            if sum(i.lines for _, i, _ in taken) - item.lines >= lines:
                block.items.insert(min(at, len(block.items)), item)
                taken.remove((block, item, at))
        for block, _, _ in taken:
            block.dropped += 1
        return bool(taken)

    def estimate(self) -> float:
        """Estimated height in 12 pt lines: headings, statements and the fixed parts of the page."""
        return self.fixed + _SAFETY + sum(_HEADING + sum(i.lines for i in b.items) for b in self.blocks)

    def uses(self) -> list[Used]:
        return [u for b in self.blocks for i in b.items for u in i.uses]


def visual_width(text: str) -> float:
    """Width in ems: CJK, full-width and (in a CJK font) ambiguous characters such as “ 1, the rest about half."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WFA" else 0.55 for ch in text)


def estimate_lines(html: str, geometry: str, size_pt: float = 12) -> float:
    text = re.sub(r"<[^>]+>", "", str(html))
    per_line = _TEXT_WIDTH_MM[geometry] * 72 / 25.4 / size_pt
    return max(1, math.ceil(visual_width(text) / per_line)) + 0.1


class PrintGuide:
    """One programme in one jurisdiction, as statements for the booklet spread and the card."""

    def __init__(self, book: "Book", program, prose):
        self.book, self.program, self.prose = book, program, prose
        self.j = book.j
        self.id = program.id
        self.name, self.short_name = program.name, program.short_name
        self.url = site_link(book.site_url, f"guides/{self.j.id}/{program.id}/")
        self.qr = qr_data_uri(self.url)

    # -- words --

    def say(self, item: dict, key: str = "text") -> tuple[Markup, list[Used]]:
        figures = self.book.figures
        figures.collector = []
        try:
            words = environment().from_string(item[key]).render(
                p=figures, j=self.j, program=self.program, cite=lambda c: Markup(""))
        except UserFacingError:
            raise
        except Exception as e:  # a template mistake in the prose: name the file, not a traceback
            where = self.prose.file if self.prose else f"policies/programs/{self.id}.yaml"
            raise UserFacingError(f"{where}: cannot render {item[key]!r} for print: {e}") from None
        finally:
            used, figures.collector = figures.collector, None
        return Markup(re.sub(r"\s*\n\s*", "", words.strip())), used

    def item(self, source: dict, geometry: str, priority: int, key: str = "text", prefix: str = "") -> Item | None:
        html, used = self.say(source, key)
        if not html:
            return None
        if prefix:
            html = Markup("{}：").format(prefix) + html
        return Item(html, priority, used, estimate_lines(html, geometry))

    def items(self, sources: list[dict], geometry: str, first: int = 3, rest: int = 1,
              figure: int = 3) -> list[Item]:
        """Statements in order; the first, and the first that prints a figure, are kept whatever happens."""
        out = []
        figure_kept = False
        for s in sources:
            it = self.item(s, geometry, first if not out else rest)
            if it is None:
                continue
            if any(u.displayed for u in it.uses):
                it.priority = max(it.priority, figure if not figure_kept else 2)
                figure_kept = True
            out.append(it)
        return out

    def statements(self, section: str) -> list[dict]:
        items = self.prose.sections.get(section, []) if self.prose else []
        return [i for i in items if applies(i, self.j, self.book.figures)]

    def words(self, text: str, geometry: str, priority: int) -> Item:
        html = escape(text)
        return Item(Markup(html), priority, [], estimate_lines(html, geometry))

    # -- the six sections --

    def what(self, g: str) -> Block:
        items = self.items(self.statements("what"), g) or [self.item(self.program.summary, g, 3)]
        items[0].priority = 3
        return Block("这是什么", items)

    def who(self, g: str) -> Block:
        items = self.items(self.statements("who"), g, first=3)
        if not items:
            items = [self.words("请向下面“去哪里办”的地方问清楚。", g, 3)]
        return Block("谁可以申请", items, "answer")

    def amount(self, g: str) -> Block:
        items = self.items(self.statements("amount"), g, first=3)
        if not items:
            text = (f"这项帮助由{self.program.run_by}按规定办理，能得到多少要看具体情况。"
                    if self.program.kind == "referral" else "具体数额由审核部门按家里的情况核定。")
            items = [self.words(text, g, 3)]
        return Block("能领多少", items, "answer")

    def how(self, g: str) -> Block:
        steps = self.program.for_jurisdiction(self.program.steps, self.j.id, self.book.today)
        items = self.items(steps, g, first=3, rest=2)
        items += self.items(self.statements("how"), g, first=1, figure=2)
        for t in self.program.for_jurisdiction(self.program.time_limits, self.j.id, self.book.today):
            limit = t["limit"]
            limit = int(limit) if float(limit).is_integer() else limit
            unit = "个工作日" if t["unit"] == "工作日" else t["unit"]
            text = f"{t['what']}：{limit}{unit}内" if limit else f"{t['what']}：当场或尽快办理"
            items.append(self.words(text, g, 1))
        return Block("怎么申请", items, "steps" if steps else "paras")

    def documents(self, g: str, conditional: bool = True) -> Block:
        docs = self.program.for_jurisdiction(self.program.documents, self.j.id, self.book.today)
        items = [self.item(d, g, 3 if i < 2 else 2) for i, d in enumerate(d for d in docs if not d.get("if"))]
        if conditional:
            items += [self.item(d, g, 1, prefix=DOCUMENT_CONDITIONS[d["if"]])
                      for d in docs if d.get("if")]
        items += self.items(self.statements("documents"), g, first=1, figure=2)
        return Block("要带的材料", [i for i in items if i is not None], "list")

    def offices(self) -> tuple[list, list]:
        return self.j.offices_handling(self.program.id)

    def where(self, g: str, page_ref: bool = True) -> Block:
        county, towns = self.offices()
        items = []
        if self.program.kind == "referral":
            items.append(self.words(f"这项帮助由{self.program.run_by}办理。", g, 3))
        if towns:
            text = escape("到户口所在地的乡镇（街道）申请。")
            if page_ref:
                text += Markup("各乡镇（街道）的电话见第") + OFFICES_PAGE + Markup("页。")
            items.append(Item(Markup(text), 3, [], estimate_lines(text + "00", g)))
        items += self.items(self.statements("where"), g, first=2, figure=2)
        if len(county) > 2:       # a city with an office per district: name the city's, then the rest in words
            fallback = self.j.office(self.j.fallback_office) or county[0]
            items.append(self.words(f"不知道去哪里，可以问{fallback.name}或户口所在地的民政局。", g, 2))
        elif county:
            items.append(self.words(f"不知道去哪里，可以问{'或'.join(o.name for o in county)}。", g, 2))
        return Block("去哪里办", items)

    # -- pages --

    def spread(self) -> tuple[Unit, Unit]:
        left = Unit(f"pg-{self.id}-L", [self.what("booklet"), self.who("booklet"), self.amount("booklet")], "booklet",
                    fixed=2.0)
        right = Unit(f"pg-{self.id}-R", [self.how("booklet"), self.documents("booklet"), self.where("booklet")],
                     "booklet", fixed=1.1)
        return left, right

    def card(self) -> tuple[Unit, Unit]:
        front = Unit(f"card-{self.id}-F", [self.what("card"), self.who("card"), self.amount("card")], "card",
                     fixed=3.4)
        how = self.how("card")
        where = self.where("card", page_ref=False)
        first_step = how.items[:1]
        for item in where.items:
            item.priority = min(item.priority, 2) if first_step else item.priority
        back = Unit(f"card-{self.id}-B", [Block("到哪里、怎么申请", first_step + where.items),
                                           self.documents("card", conditional=False)], "card", fixed=5.0)
        return front, back


# ---- one jurisdiction's print content ---------------------------------------------------------------------------

class Book:
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
        self.offices = sorted(jurisdiction.offices, key=lambda o: o.level != "county")
        self.today_text = cn_date(today)
        self.expired_notice = expired_notice(policies, jurisdiction, today, short=True)
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
        v = u.value.value
        text = format_figure(v, u.param.unit)
        out = Markup("{}：<b>{}</b>（{}起执行）").format(u.param.description, text, cn_date(u.value.start))
        return out + ("" if u.value.verified else EXAMPLE)

    def examples_in(self, units: list[Unit], offices: bool) -> list[str]:
        """What these pages show that is example data (verified: false), for the 示例 marks and --release."""
        found = list(dict.fromkeys(f"{u.param.name} ({u.scope or '_national'}, {u.value.start})"
                                   for unit in units for u in unit.uses() if not u.value.verified))
        if self.hotline_example:
            found.append(f"hotline {self.hotline['number']} ({self.j.id})")
        if offices:
            found += [f"office {o.id} ({self.j.id})" for o in self.offices if not o.verified]
        return found
