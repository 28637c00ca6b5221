"""The print files for publicity staff, per jurisdiction, from the same data as the site.

    policies/ ─► PrintGuide (guide prose + programme facts; figures as plain text, never links)
              ─► templates/print/*.html.j2 ─WeasyPrint─► mingbai-<j>-booklet-a6.pdf  口袋书: A6 pages in reading order
                                                       ─► mingbai-<j>-cards-a6.pdf    明白卡: front + back per programme
    builder.imposition ─► mingbai-<j>-booklet-a4.pdf   the 口袋书 for an office printer: A4, duplex, fold, staple
                       ─► mingbai-<j>-cards-a4.pdf     four copies of one 明白卡 per A4 sheet: duplex, cut in four

Choices, and why (the downloads page repeats what the printer needs):
- Pages are A6 (105 × 148 mm), body text 12 pt (小四号), line-height 1.5: the smallest size
  large-print guidance accepts for older readers, still 19–20 characters a line at A6.
- The A4 file is an A5 saddle-stitched booklet: each A4 side carries two A6 pages enlarged to
  A5 (×1.41, so the text prints at 17 pt). A township office has an A4 laser printer with duplex
  and a stapler, rarely a guillotine: print on short-edge flip, fold the stack, staple on the
  fold — no cutting. A print shop that trims can use the A6 file as it is.
- 明白卡 are A6, the same page as the booklet: the A4 file holds four copies of one card per
  sheet, so 125 sheets and two straight cuts make 500 cards of one programme.
- Each programme gets exactly one spread (left: 这是什么 · 谁可以申请 · 能领多少; right: 怎么申请 ·
  要带的材料 · 去哪里办) and each card side exactly one page. Text is never shrunk to fit: when a
  page would overflow, the least important statements are left out (never one that shows a
  figure, never the first of a section) and the section says the rest is in the online guide,
  which the QR code on that page opens.
- Everything typed here is wording; every figure, phone and date comes from policies/.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import tempfile
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup, escape

from builder.errors import UserFacingError
from builder.pages.figures import cn_date, format_breakdown, format_value
from builder.pages.guides import DOCUMENT_CONDITIONS, applies
from builder.templates import TEMPLATES, environment

KINDS = {  # file kind → (file name, title and use on the downloads page), in the order the page lists them
    "booklet-a4": ("mingbai-{j}-booklet-a4.pdf", "口袋书 · A4 双面打印、对折装订版",
                   "在办公室打印机上印，对折装订成小册子（[怎么印](#booklet)）"),
    "cards-a4": ("mingbai-{j}-cards-a4.pdf", "明白卡 · A4 双面打印、裁成四张",
                 "一张 A4 印四张同样的卡，裁开（[怎么印](#cards)）"),
    "booklet-a6": ("mingbai-{j}-booklet-a6.pdf", "口袋书 · A6 原版", "在手机上看，或交给图文店按 A6 小册子印制"),
    "cards-a6": ("mingbai-{j}-cards-a6.pdf", "明白卡 · A6 原版", "在手机上看，或交给图文店印制"),
}

# Page geometry for fitting, in CSS px (WeasyPrint anchors are CSS px from the page's top-left).
_PX_PER_MM = 96 / 25.4
_LINE_PX = 12 * 1.45 * 96 / 72           # one 12 pt line at line-height 1.45 (templates/print/print.css)
_TEXT_WIDTH_MM = {"booklet": 105 - 7 - 9, "card": 105 - 14}
_TOP_MARGIN_MM = {"booklet": 8, "card": 7}
_MAX_FIT_ROUNDS = 8
_CAPACITY = {"booklet": (148 - 8 - 10) * _PX_PER_MM / _LINE_PX, "card": (148 - 14) * _PX_PER_MM / _LINE_PX}
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


class PrintFigure:
    """One parameter value as print shows it: bold text, the date it took effect, 示例 when unverified."""

    def __init__(self, figures: "PrintFigures", param, value, part: str | None = None):
        self._figures, self.param, self._value, self._part = figures, param, value, part

    @property
    def value(self):
        self._figures.used(self.param, self._value, displayed=False)
        v = self._value.value
        return v[self._part] if self._part else v

    @property
    def verified(self) -> bool:
        return self._value.verified

    @property
    def since(self) -> str:
        return cn_date(self._value.start)

    @property
    def text(self) -> str:
        v = self._value.value[self._part] if self._part else self._value.value
        return format_breakdown(v, self.param.unit) if isinstance(v, dict) else format_value(v, self.param.unit)

    def _render(self, dated: bool) -> Markup:
        self._figures.used(self.param, self._value, displayed=True)
        out = Markup('<span class="fig">{}</span>').format(self.text)
        if dated:
            out += Markup('<span class="since">（{}起）</span>').format(self.since)
        return out + ("" if self._value.verified else EXAMPLE)

    @property
    def dated(self) -> Markup:
        return self._render(dated=True)

    @property
    def cite(self) -> Markup:
        self._figures.used(self.param, self._value, displayed=False)
        return Markup("") if self._value.verified else EXAMPLE

    def __html__(self) -> str:
        return str(self._render(dated=False))

    __str__ = __html__

    def __bool__(self) -> bool:
        return True

    def __getattr__(self, part: str):
        if part.startswith("_"):
            raise AttributeError(part)
        v = self._value.value
        if isinstance(v, dict) and self._part is None and part in v:
            return PrintFigure(self._figures, self.param, self._value, part)
        raise UserFacingError(f"{self._figures.where}: parameter {self.param.name} has no part {part!r}")


@dataclass
class Used:
    """A parameter value a statement rests on; `displayed` when its figure is printed."""

    scope: str | None        # jurisdiction id, or None for a national parameter
    param: object
    value: object
    displayed: bool


class PrintFigures:
    """`p` in the guide prose: one jurisdiction's parameters (national ones as fallback) on `today`."""

    def __init__(self, policies, jurisdiction, today: dt.date):
        self.policies, self.j, self.today = policies, jurisdiction, today
        self.where = f"policies/guides ({jurisdiction.id})"
        self.collector: list[Used] | None = None

    def param(self, name: str):
        return self.j.parameters.get(name) or self.policies.data.get("national_parameters", {}).get(name)

    def has(self, name: str) -> bool:
        p = self.param(name)
        return p is not None and p.at(self.today) is not None

    def __getattr__(self, name: str) -> PrintFigure:
        if name.startswith("_"):
            raise AttributeError(name)
        p = self.param(name)
        v = p.at(self.today) if p is not None else None
        if v is None:
            raise UserFacingError(f"{self.where}: the prose uses parameter {name!r}, which {self.j.id} does not "
                                  f"have in force on {self.today} (nor policies/jurisdictions/_national)")
        return PrintFigure(self, p, v)

    def used(self, param, value, displayed: bool) -> None:
        if self.collector is not None:
            scope = self.j.id if param.name in self.j.parameters else None
            self.collector.append(Used(scope, param, value, displayed))


# ---- content: statements grouped in blocks, blocks on pages that must not overflow -----------------------------------

@dataclass
class Item:
    html: Markup
    priority: int                  # 3 keeps a figure or the key fact, 2 the first of a section, 1 the rest
    uses: list[Used] = field(default_factory=list)
    lines: float = 1.0             # estimated height in 12 pt lines, for the first trimming guess


@dataclass
class Block:
    title: str
    items: list[Item]
    style: str = "paras"           # paras | answer | steps | list
    dropped: int = 0               # items left out to fit the page

    @property
    def kept(self) -> list[Item]:
        return self.items


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
        removed = 0.0
        for _, _, block, item in self.candidates():
            if removed >= lines:
                break
            block.items.remove(item)
            block.dropped += 1
            removed += item.lines
        return removed > 0

    def estimate(self) -> float:
        """Estimated height in 12 pt lines: headings, statements and the fixed parts of the page."""
        return self.fixed + _SAFETY + sum(_HEADING + sum(i.lines for i in b.items) for b in self.blocks)

    def uses(self) -> list[Used]:
        return [u for b in self.blocks for i in b.items for u in i.uses]


def visual_width(text: str) -> float:
    """Width in ems: CJK and full-width characters 1, the rest about half."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.55 for ch in text)


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
        steps = self.program.for_jurisdiction(self.program.steps, self.j.id)
        items = self.items(steps, g, first=3, rest=2)
        items += self.items(self.statements("how"), g, first=1, figure=2)
        for t in self.program.for_jurisdiction(self.program.time_limits, self.j.id):
            limit = t["limit"]
            limit = int(limit) if float(limit).is_integer() else limit
            unit = "个工作日" if t["unit"] == "工作日" else t["unit"]
            text = f"{t['what']}：{limit}{unit}内" if limit else f"{t['what']}：当场或尽快办理"
            items.append(self.words(text, g, 1))
        return Block("怎么申请", items, "steps" if steps else "paras")

    def documents(self, g: str, conditional: bool = True) -> Block:
        docs = self.program.for_jurisdiction(self.program.documents, self.j.id)
        items = [self.item(d, g, 3 if i < 2 else 2) for i, d in enumerate(d for d in docs if not d.get("if"))]
        if conditional:
            items += [self.item(d, g, 1, prefix=DOCUMENT_CONDITIONS.get(d["if"], d["if"]))
                      for d in docs if d.get("if")]
        items += self.items(self.statements("documents"), g, first=1, figure=2)
        return Block("要带的材料", [i for i in items if i is not None], "list")

    def offices(self) -> tuple[list, list]:
        handles = [o for o in self.j.offices if self.program.id in o.handles]
        county = [o for o in handles if o.level == "county"]
        towns = [o for o in handles if o.level == "township"]
        if not county:
            fallback = self.j.office(self.j.fallback_office)
            county = [fallback] if fallback else []
        return county, towns

    def where(self, g: str, page_ref: bool = True) -> Block:
        county, towns = self.offices()
        items = []
        if self.program.kind == "referral":
            items.append(self.words(f"这项帮助由{self.program.run_by}办理。", g, 3))
        if towns:
            text = escape("到户口所在地的乡镇（街道）申请。")
            if page_ref:
                text += Markup('各乡镇（街道）的电话见<a class="pageref" href="#offices"></a>。')
            items.append(Item(Markup(text), 3, [], estimate_lines(text + "第00页", g)))
        items += self.items(self.statements("where"), g, first=2, figure=2)
        if county:
            names = "或".join(o.name for o in county)
            items.append(self.words(f"不知道去哪里，可以问{names}。", g, 2))
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
        self.pad = 0

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
        text = format_breakdown(v, u.param.unit) if isinstance(v, dict) else format_value(v, u.param.unit)
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


# ---- rendering ---------------------------------------------------------------------------------------------------

class Renderer:
    """WeasyPrint with one FontConfiguration and one parsed stylesheet for every document of the build."""

    def __init__(self):
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration
        from weasyprint.urls import URLFetcher

        self.font_config = FontConfiguration()
        # Only data: (the QR codes) and file: (templates/print/); never the network. One fetcher for
        # every document also saves building an SSL context per render.
        self.fetcher = URLFetcher(allowed_protocols={"data", "file"}, fail_on_errors=True)
        self.css = CSS(filename=str(TEMPLATES / "print" / "print.css"), font_config=self.font_config,
                       url_fetcher=self.fetcher)
        self.renders = 0
        self.warnings: list[str] = []

    def render(self, html: str):
        from weasyprint import HTML

        self.renders += 1
        return HTML(string=html, base_url=str(TEMPLATES / "print"), url_fetcher=self.fetcher).render(
            font_config=self.font_config, stylesheets=[self.css])


def _anchor_pages(document) -> dict[str, tuple[int, float]]:
    found = {}
    for number, page in enumerate(document.pages):
        for name, box in page.anchors.items():
            found.setdefault(name, (number, box[1]))
    return found


def fit(renderer: Renderer, units: list[Unit], make_html, where: str):
    """Render until every unit sits on one page, leaving out statements where a page overflows."""
    for unit in units:   # a first guess from the estimated heights saves renders
        over = unit.estimate() - _CAPACITY[unit.geometry]
        if over > 0:
            unit.trim(over)
    for _ in range(_MAX_FIT_ROUNDS):
        document = renderer.render(make_html())
        anchors = _anchor_pages(document)
        overflowing = False
        for unit in units:
            start, _ = anchors[unit.anchor]
            end, y = anchors[unit.anchor + "-end"]
            if end == start:
                continue
            overflowing = True
            spilled = (end - start - 1) * 20 + max(1.0, (y - _TOP_MARGIN_MM[unit.geometry] * _PX_PER_MM) / _LINE_PX)
            if unit.trim(spilled):
                continue
            if unit.tight:
                raise UserFacingError(
                    f"{where}: the page {unit.anchor} does not fit even with only its key statements at 11 pt; shorten "
                    f"the programme's steps or documents in policies/programs/ or the guide in policies/guides/")
            unit.tight = True
            renderer.warnings.append(f"{where}: page {unit.anchor} is set at 11 pt to fit its key statements")
        if not overflowing:
            return document
    raise UserFacingError(f"{where}: the pages did not settle after {_MAX_FIT_ROUNDS} layouts")


@dataclass
class Rendered:
    kind: str
    name: str
    data: bytes
    pages: int
    sheets: int = 0                 # A4 sheets for the print files
    ranges: list[tuple[str, int, int]] = field(default_factory=list)   # (programme, first page, last page)
    examples: list[str] = field(default_factory=list)                  # what it shows that is not verified


def render_jurisdiction(renderer: Renderer, policies, jurisdiction, site_url: str, today: dt.date) -> list[Rendered]:
    from builder import imposition

    book = Book(policies, jurisdiction, site_url, today)
    jid = jurisdiction.id
    env = environment()

    spreads = [(g, *g.spread()) for g in book.guides]
    units = [u for _, left, right in spreads for u in (left, right)]

    def booklet_html():
        return env.get_template("print/booklet.html.j2").render(
            b=book, EXAMPLE=EXAMPLE, spreads=spreads, figures=[book.figure_line(u) for u in book.shown_figures(units)],
            example=bool(book.examples_in(units, offices=True)))

    where = f"口袋书 {jurisdiction.name}"
    book.pad = 3                    # the most notes pages a booklet can need; the surplus is dropped unlaid
    document = fit(renderer, units, booklet_html, where)
    pages = document.pages
    content = len(pages) - 1 - book.pad
    keep = (-(content + 1)) % 4     # notes pages so that, with the back cover, the count is a multiple of four
    document = document.copy(pages[:content + keep] + pages[-1:])
    if len(document.pages) % 4:
        raise UserFacingError(f"{where}: {len(document.pages)} pages after padding, not a multiple of four")
    booklet = document.write_pdf()

    cards = [(g, *g.card()) for g in book.guides]
    card_units = [u for _, front, back in cards for u in (front, back)]

    def cards_html():
        return env.get_template("print/cards.html.j2").render(
            b=book, EXAMPLE=EXAMPLE, cards=cards,
            example=bool(book.examples_in(card_units, offices=False)))

    document = fit(renderer, card_units, cards_html, f"明白卡 {jurisdiction.name}")
    cards_pdf = document.write_pdf()
    ranges = [(g.short_name, 2 * i + 1, 2 * i + 2) for i, (g, _, _) in enumerate(cards)]

    booklet_a4, sheets = imposition.booklet_on_a4(booklet)
    cards_a4 = imposition.cards_on_a4(cards_pdf)
    pages = len(document.pages)
    name = {k: v[0].format(j=jid) for k, v in KINDS.items()}
    in_booklet, in_cards = book.examples_in(units, offices=True), book.examples_in(card_units, offices=False)
    return [
        Rendered("booklet-a4", name["booklet-a4"], booklet_a4, sheets * 2, sheets, examples=in_booklet),
        Rendered("booklet-a6", name["booklet-a6"], booklet, sheets * 4, examples=in_booklet),
        Rendered("cards-a4", name["cards-a4"], cards_a4, pages, pages // 2, ranges, in_cards),
        Rendered("cards-a6", name["cards-a6"], cards_pdf, pages, 0, ranges, in_cards),
    ]


# ---- writing files, the build steps ------------------------------------------------------------------------------

@dataclass
class PrintFile:
    jurisdiction: str
    kind: str
    path: Path
    size: int
    pages: int
    sheets: int
    ranges: list
    examples: list

    @property
    def example(self) -> bool:
        return bool(self.examples)


def write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_print_files(policies, jurisdictions: list, site_url: str, today: dt.date, out_dir: Path,
                      log=print, warn=print) -> list[PrintFile]:
    """Render every jurisdiction's files into out_dir/<jurisdiction>/; each file replaced atomically."""
    if re.match(r"https?://(localhost|127\.|\[::1\])", site_url):
        warn(f"the QR codes in the print files point at {site_url}, which only works on this computer; "
             f"pass --site-url with the address the site is published at")
    renderer = Renderer()
    written = []
    for j in jurisdictions:
        started = time.monotonic()
        for r in render_jurisdiction(renderer, policies, j, site_url, today):
            path = out_dir / j.id / r.name
            write_atomically(path, r.data)
            written.append(PrintFile(j.id, r.kind, path, len(r.data), r.pages, r.sheets, r.ranges, r.examples))
        log(f"print: {j.name} in {time.monotonic() - started:.1f} s")
    for w in renderer.warnings:
        warn(w)
    return written


def _jurisdictions(policies, only: str | None) -> list:
    everything = policies.data.get("jurisdictions", {})
    if only:
        if only not in everything:
            raise UserFacingError(f"--jurisdiction {only}: no such jurisdiction; choose one of: "
                                  f"{', '.join(everything) or '(none in policies/jurisdictions/)'}")
        return [everything[only]]
    return list(everything.values())


def human_size(size: int) -> str:
    return f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


def write_downloads_page(ctx) -> None:
    """Page step: renders the PDFs into docs/downloads/<jurisdiction>/ (mkdocs copies them into the site
    and checks every link to them) and writes downloads/index.md listing them with sizes and how to print.
    It runs before the guides step, so the home page's 下载 button finds the page."""
    if not ctx.options.pdf:
        return     # no files, no page: the home page then shows no download button
    jurisdictions = _jurisdictions(ctx.policies, ctx.options.jurisdiction)
    out = ctx.docs_dir / "downloads"
    log = (lambda m: None) if ctx.options.quiet else (lambda m: print(f"[build] {m}", flush=True))
    files = write_print_files(ctx.policies, jurisdictions, ctx.site_url, ctx.options.today, out, log, ctx.warn)
    if ctx.options.release:
        shown = sorted({e for f in files for e in f.examples})
        if shown:
            raise UserFacingError("--release: the print files show example data (verified: false); verify it in "
                                  "policies/ first:\n" + "\n".join(f"  - {e}" for e in shown))
    ctx.print_files = files
    by_j = [(j, {f.kind: f for f in files if f.jurisdiction == j.id}) for j in jurisdictions]
    text = environment().get_template("print/downloads.md.j2").render(
        places=by_j, kinds=KINDS, size=human_size, site_url=ctx.site_url, today=cn_date(ctx.options.today))
    (out / "index.md").write_text(text, encoding="utf-8")


def check_print_files(ctx) -> None:
    """Asset step: the PDFs are in the built site and every QR code on them opens a page of it."""
    files = getattr(ctx, "print_files", [])
    for f in files:
        built = ctx.site_dir / "downloads" / f.jurisdiction / f.path.name
        if not built.is_file() or built.stat().st_size != f.size:
            raise UserFacingError(f"print: {built} is missing from the built site")
    for jid in {f.jurisdiction for f in files}:
        j = ctx.policies.data["jurisdictions"][jid]
        for pid in j.programs:
            page = ctx.site_dir / "guides" / jid / pid / "index.html"
            if pid in ctx.policies.data.get("programs", {}) and not page.is_file():
                raise UserFacingError(f"print: the 明白卡 QR code for {pid} in {jid} opens guides/{jid}/{pid}/, "
                                      f"which the site does not have")


def build_only(policies, options, site_url: str) -> list[PrintFile]:
    """`build.py pdf`: the PDFs straight into site/downloads/<jurisdiction>/, each file replaced atomically.
    The downloads page itself (file sizes) is refreshed by the next full build."""
    started = time.monotonic()
    jurisdictions = _jurisdictions(policies, options.jurisdiction)
    say = (lambda m: None) if options.quiet else (lambda m: print(f"[pdf] {m}", flush=True))
    files = write_print_files(policies, jurisdictions, site_url, options.today, options.site_dir / "downloads",
                              say, lambda m: print(f"WARNING: {m}", flush=True))
    for f in files:
        say(f"{f.path}  {human_size(f.size)}, {f.pages} pages{'  (示例 data)' if f.example else ''}")
    say(f"{len(files)} files in {time.monotonic() - started:.1f} s; QR codes open {site_url}")
    return files
