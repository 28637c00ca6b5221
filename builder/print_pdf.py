"""The print files for publicity staff, per jurisdiction, from the same data as the site.

    policies/ ─► builder.print_content (Book: the words and figures, page by page)
              ─► templates/print/*.html.j2 ─WeasyPrint─► mingbai-<j>-booklet-a6.pdf  口袋书: A6 pages in reading order
                                                       ─► mingbai-<j>-cards-a6.pdf    明白卡: front + back per programme
    builder.imposition ─► mingbai-<j>-booklet-a4.pdf   the 口袋书 for an office printer: A4, duplex, fold, staple
                       ─► mingbai-<j>-cards-a4.pdf     four copies of one 明白卡 per A4 sheet: duplex, cut in four

Choices, and why (the downloads page tells the printer what they need of this):
- Pages are A6 (105 × 148 mm), body text 12 pt (小四号) at line-height 1.4: the smallest size
  large-print guidance accepts for older readers, still 21 characters a line and 21 lines a page.
- The A4 file is an A5 saddle-stitched booklet: each A4 side carries two A6 pages enlarged to
  A5 (×1.41, so the text prints at 17 pt). A township office has an A4 laser printer with duplex
  and a stapler, rarely a guillotine: print flipping on the short edge, fold the stack, staple on
  the fold — no cutting. A print shop that trims can use the A6 file as it is.
- 明白卡 are A6 too (a quarter of A4, the same page design as the booklet): the A4 file holds four
  copies of one card per sheet, so 125 sheets and two straight cuts make 500 cards.
- Each programme gets exactly one spread (left: 这是什么 · 谁可以申请 · 能领多少; right: 怎么申请 ·
  要带的材料 · 去哪里办) and each card side one page; what does not fit is left out, never shrunk
  (builder.print_content). After the first layout only the pages still in question are laid out
  again (`fit`), and the files of a jurisdiction whose inputs did not change are copied from .cache/print/.
- Everything typed in templates/print/ is wording; every figure, phone and date comes from policies/.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from builder.errors import UserFacingError
from builder.pages.figures import cn_date
from builder.print_content import CAPACITY, EXAMPLE, LINE_PX, OFFICES_PAGE, PX_PER_MM, TOP_MARGIN_MM, Book, Unit
from builder.templates import TEMPLATES, environment

KINDS = {  # file kind → (file name, title and use on the downloads page), in the order the page lists them
    "booklet-a4": ("mingbai-{j}-booklet-a4.pdf", "口袋书 · A4 双面打印、对折装订版",
                   "在办公室打印机上印，对折装订成小册子（[怎么印](#booklet)）"),
    "cards-a4": ("mingbai-{j}-cards-a4.pdf", "明白卡 · A4 双面打印、裁成四张",
                 "一张 A4 印四张同样的卡，裁开（[怎么印](#cards)）"),
    "booklet-a6": ("mingbai-{j}-booklet-a6.pdf", "口袋书 · A6 原版", "在手机上看，或交给图文店按 A6 小册子印制"),
    "cards-a6": ("mingbai-{j}-cards-a6.pdf", "明白卡 · A6 原版", "在手机上看，或交给图文店印制"),
}

_MAX_FIT_ROUNDS = 8


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
        self.warnings: list[str] = []

    def render(self, html: str):
        from weasyprint import HTML

        return HTML(string=html, base_url=str(TEMPLATES / "print"), url_fetcher=self.fetcher).render(
            font_config=self.font_config, stylesheets=[self.css])


def _anchor_pages(document) -> dict[str, tuple[int, float]]:
    found = {}
    for number, page in enumerate(document.pages):
        for name, box in page.anchors.items():
            found.setdefault(name, (number, box[1]))
    return found


def fit(renderer: Renderer, units: list[Unit], make_html, where: str):
    """Render until every unit sits on one page, leaving out statements where a page overflows; then give
    back what a page turned out to have room for. Each page stands alone (a card side, a booklet half with
    its parity kept), so after the first layout the trial layouts hold only the pages still in question —
    `make_html(only)` renders just those units — and the whole document is laid out again only if a page changed."""
    for unit in units:   # a first guess from the estimated heights saves layouts
        over = unit.estimate() - CAPACITY[unit.geometry]
        if over > 0:
            unit.trim(over)
    document = renderer.render(make_html(None))
    anchors = _anchor_pages(document)
    pending = [u for u in units if _overflows(u, anchors, renderer, where)]
    changed, restored = bool(pending), False
    for _ in range(_MAX_FIT_ROUNDS):
        if pending:
            trial = _anchor_pages(renderer.render(make_html({u.anchor for u in pending})))
            anchors.update({k: v for k, v in trial.items() if k.startswith(("pg-", "card-"))})
            pending = [u for u in pending if _overflows(u, anchors, renderer, where)]
            continue
        if restored:
            break
        restored = True
        pending = [u for u in units if _restore(u, anchors)]
        changed = changed or bool(pending)
    else:
        raise UserFacingError(f"{where}: the pages did not settle after {_MAX_FIT_ROUNDS} layouts")
    if not changed:
        return document
    document = renderer.render(make_html(None))
    anchors = _anchor_pages(document)
    if any(_overflows(u, anchors, renderer, where) for u in units):
        raise UserFacingError(f"{where}: a page laid out alone did not fit in the whole document")
    return document


def _overflows(unit: Unit, anchors, renderer: Renderer, where: str) -> bool:
    """True (after leaving something out, or setting the page at 11 pt) when the unit ran over its page."""
    start, _ = anchors[unit.anchor]
    end, y = anchors[unit.anchor + "-end"]
    if end == start:
        return False
    spilled = ((end - start - 1) * CAPACITY[unit.geometry]
               + max(1.0, (y - TOP_MARGIN_MM[unit.geometry] * PX_PER_MM) / LINE_PX))
    if unit.trim(spilled):
        return True
    if unit.tight:
        raise UserFacingError(
            f"{where}: the page {unit.anchor} does not fit even with only its key statements at 11 pt; shorten "
            f"the programme's steps or documents in policies/programs/ or the guide in policies/guides/")
    unit.tight = True
    renderer.warnings.append(f"{where}: page {unit.anchor} is set at 11 pt to fit its key statements")
    return True


def _restore(unit: Unit, anchors) -> bool:
    """Once a page fits: give back what it has room for after all (True: it needs another layout)."""
    _, y = anchors[unit.anchor + "-end"]
    used = (y - TOP_MARGIN_MM[unit.geometry] * PX_PER_MM) / LINE_PX
    return unit.restore(CAPACITY[unit.geometry] - used)


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

    def dated(units):
        when = book.data_date(units)
        return cn_date(when) if when else ""

    spreads = [(g, *g.spread()) for g in book.guides]
    units = [u for _, left, right in spreads for u in (left, right)]

    def booklet_html(only=None):
        return env.get_template("print/booklet.html.j2").render(
            only=only, b=book, EXAMPLE=EXAMPLE, spreads=spreads, figures=[book.figure_line(u) for u in book.shown_figures(units)],
            data_date=dated(units), example=bool(book.examples_in(units, offices=True))
        ).replace(OFFICES_PAGE, str(book.offices_page))

    where = f"口袋书 {jurisdiction.name}"
    book.pad = 3                    # the most notes pages a booklet can need; the surplus is dropped unlaid
    document = fit(renderer, units, booklet_html, where)
    offices_page = _anchor_pages(document)["offices"][0] + 1
    if offices_page != book.offices_page:    # the front matter took more pages than usual
        book.offices_page = offices_page
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

    def cards_html(only=None):
        return env.get_template("print/cards.html.j2").render(
            only=only, b=book, EXAMPLE=EXAMPLE, cards=cards, data_date=dated(card_units),
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


# Rendering is most of the step's time, so a jurisdiction's files are kept in .cache/print/ under a hash
# of everything they are made from; a build where none of that changed copies them instead.
CACHE = TEMPLATES.parent / ".cache" / "print"


def cache_key(policies, jid: str, site_url: str, today: dt.date) -> str:
    from importlib.metadata import version

    h = hashlib.sha256(f"{jid}|{site_url}|{today}".encode())
    for package in ("weasyprint", "pypdf", "segno"):
        h.update(f"|{package}={version(package)}".encode())
    root = Path(policies.root)
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        parts = path.relative_to(root).parts
        if parts[0] == "jurisdictions" and parts[1] not in (jid, "_national"):
            continue    # another county's change leaves this one's files alone
        h.update("/".join(parts).encode() + b"\0" + path.read_bytes())
    # Any builder module may shape the files (loading, figures, offices…): all of them count, as the templates do.
    for path in [*sorted((TEMPLATES.parent / "builder").rglob("*.py")), *sorted((TEMPLATES / "print").iterdir())]:
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:24]


def _from_cache(folder: Path) -> tuple[list[Rendered], list[str]] | None:
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        files = [Rendered(m["kind"], m["name"], (folder / m["name"]).read_bytes(), m["pages"], m["sheets"],
                          [tuple(r) for r in m["ranges"]], m["examples"]) for m in meta["files"]]
        return files, meta["warnings"]
    except (OSError, ValueError, KeyError):
        return None


def _to_cache(folder: Path, files: list[Rendered], warnings: list[str]) -> None:
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=folder.parent))
        for r in files:
            (tmp / r.name).write_bytes(r.data)
        meta = {"files": [{"kind": r.kind, "name": r.name, "pages": r.pages, "sheets": r.sheets, "ranges": r.ranges,
                           "examples": r.examples} for r in files], "warnings": warnings}
        (tmp / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        jid = folder.name.rsplit("-", 1)[0]
        for old in folder.parent.glob(f"{jid}-*"):
            shutil.rmtree(old, ignore_errors=True)
        tmp.rename(folder)
    except OSError:
        pass    # a cache that cannot be written only costs time next build


def write_print_files(policies, jurisdictions: list, site_url: str, today: dt.date, out_dir: Path,
                      log=print, warn=print, cache: Path | None = None) -> list[PrintFile]:
    """Render every jurisdiction's files into out_dir/<jurisdiction>/; each file replaced atomically.
    With `cache`, files made from exactly the same inputs before are reused."""
    renderer = None
    written = []
    for j in jurisdictions:
        started = time.monotonic()
        folder = cache / f"{j.id}-{cache_key(policies, j.id, site_url, today)}" if cache else None
        found = _from_cache(folder) if folder else None
        if found:
            rendered, warnings = found
        else:
            renderer = renderer or Renderer()
            before = len(renderer.warnings)
            rendered = render_jurisdiction(renderer, policies, j, site_url, today)
            warnings = renderer.warnings[before:]
            if folder:
                _to_cache(folder, rendered, warnings)
        for r in rendered:
            path = out_dir / j.id / r.name
            write_atomically(path, r.data)
            written.append(PrintFile(j.id, r.kind, path, len(r.data), r.pages, r.sheets, r.ranges, r.examples))
        for w in warnings:
            warn(w)
        reused = " (unchanged: from .cache/print)" if found else ""
        log(f"print: {j.name} in {time.monotonic() - started:.1f} s{reused}")
    return written


def human_size(size: int) -> str:
    return f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


def write_downloads_page(ctx) -> None:
    """Page step: renders the PDFs into docs/downloads/<jurisdiction>/ (mkdocs copies them into the site
    and checks every link to them) and writes downloads/index.md listing them with sizes and how to print.
    It runs before the guides step, so the home page's 下载 button finds the page."""
    if not ctx.options.pdf:
        return     # no files, no page: the home page then shows no download button
    jurisdictions = ctx.jurisdictions
    out = ctx.docs_dir / "downloads"
    log = (lambda m: None) if ctx.options.quiet else (lambda m: print(f"[build] {m}", flush=True))
    files = write_print_files(ctx.policies, jurisdictions, ctx.site_url, ctx.options.today, out, log, ctx.warn, CACHE)
    if ctx.options.release:
        shown = sorted({e for f in files for e in f.examples})
        if shown:
            raise UserFacingError("--release: the print files show example data (verified: false); verify it in "
                                  "policies/ first:\n" + "\n".join(f"  - {e}" for e in shown))
    ctx.print_files = files
    by_j = [(j, {f.kind: f for f in files if f.jurisdiction == j.id}) for j in jurisdictions]
    reasons = []
    if not ctx.options.release:
        reasons.append("这是试用版生成（正式版用 build.py build --release）")
    if any(f.examples for f in files):
        reasons.append("有的数字、电话或办事地点还没有和官方核实（标着“示例”）")
    if re.search(r"//(127\.0\.0\.1|localhost)|example", ctx.site_url):
        reasons.append(f"二维码里的网址 {ctx.site_url} 还不是正式发布的网址")
    text = environment().get_template("print/downloads.md.j2").render(
        places=by_j, kinds=KINDS, size=human_size, site_url=ctx.site_url, today=cn_date(ctx.options.today),
        ready=not reasons, draft_reasons=reasons)
    (out / "index.md").write_text(text, encoding="utf-8")


def check_print_files(ctx) -> None:
    """Asset step: the PDFs are in the built site and every QR code on them opens a page of it."""
    files = ctx.print_files
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
    jurisdictions = policies.select_jurisdictions(options.jurisdiction)
    say = (lambda m: None) if options.quiet else (lambda m: print(f"[pdf] {m}", flush=True))
    files = write_print_files(policies, jurisdictions, site_url, options.today, options.site_dir / "downloads",
                              say, lambda m: print(f"WARNING: {m}", flush=True), CACHE)
    for f in files:
        say(f"{os.path.relpath(f.path)}  {human_size(f.size)}, {f.pages} pages{'  (示例 data)' if f.example else ''}")
    say(f"{len(files)} files in {time.monotonic() - started:.1f} s; QR codes open {site_url}")
    return files
