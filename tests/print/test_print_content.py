"""What a 宣传干事 checks before sending the files to the print shop, read from the PDFs themselves:
page by page text, the type sizes in the file, and what is printed near the sheet's edges."""

from __future__ import annotations

import math
import re
import subprocess

import pytest
from pypdf import PdfReader

from tests.print.conftest import TODAY, pages_text

pytestmark = pytest.mark.slow

HEADING_PT = 13.0          # h2 in templates/print/print.css
SMALLEST_PT = 10.5         # 五号


def runs(pdf) -> list[list[tuple[str, float]]]:
    """Per page, the text runs in reading order with the size they are set in (points)."""
    out = []
    for page in PdfReader(pdf).pages:
        found = []

        def visit(text, cm, tm, font, size, found=found):
            if text.strip():
                scale = size * math.hypot(tm[2], tm[3]) * math.hypot(cm[2], cm[3])
                found.append((re.sub(r"\s+", "", text), round(scale, 2)))

        page.extract_text(visitor_text=visit)
        out.append(found)
    return out


def guides(policies, jid):
    from builder.print_content import Book
    from tests.print.conftest import SITE_URL

    return Book(policies, policies.data["jurisdictions"][jid], SITE_URL, TODAY).guides


def spread_pages(texts: list[str], index: int) -> str:
    """The booklet's two pages for programme `index`: cover, contents and 先看这里 come first."""
    return texts[3 + 2 * index] + texts[4 + 2 * index]


def card_pages(texts: list[str], index: int) -> tuple[str, str]:
    return texts[2 * index], texts[2 * index + 1]


def test_nothing_is_set_smaller_than_wuhao(print_files):
    for (jid, kind), f in print_files.items():
        if kind.endswith("-a6"):
            for number, page in enumerate(runs(f.path), start=1):
                small = [(t, s) for t, s in page if s < SMALLEST_PT - 0.01]
                assert not small, f"{f.path.name} p.{number}: {small[:3]}"


def test_no_heading_is_printed_without_a_statement_under_it(print_files):
    for (jid, kind), f in print_files.items():
        if not kind.endswith("-a6"):
            continue
        for number, page in enumerate(runs(f.path), start=1):
            for i, (text, size) in enumerate(page):
                if size != HEADING_PT or re.fullmatch(r"[①②③④⑤]", text):
                    continue
                after = [t for t, s in page[i + 1:]]
                nxt = next((k for k, (t, s) in enumerate(page[i + 1:])
                            if s == HEADING_PT and not re.fullmatch(r"[①②③④⑤]", t)), len(after))
                body = [t for t in after[:nxt] if not t.startswith("另有") and not t.isdigit()
                        and not re.fullmatch(r"[①②③④⑤]", t)]
                assert body, f"{f.path.name} p.{number}: heading {text!r} has nothing under it"


def test_every_programme_says_where_to_go_and_whom_to_call(print_files, policies, jurisdictions):
    for jid in jurisdictions:
        j = policies.data["jurisdictions"][jid]
        number = j.hotline["number"]
        booklet = pages_text(print_files[(jid, "booklet-a6")].path)
        cards = pages_text(print_files[(jid, "cards-a6")].path)
        for i, g in enumerate(guides(policies, jid)):
            spread = spread_pages(booklet, i)
            assert g.short_name in spread, (jid, g.id, "the spread is not where the contents say")
            where = spread[spread.index("去哪里办"):]
            assert "乡镇（街道）" in where and number in where and "见第" in where, (jid, g.id, where[:80])
            front, back = card_pages(cards, i)
            assert g.short_name in front
            assert "乡镇（街道）：" in back and "经办人：" in back and "电话：" in back, (jid, g.id, "no stamp box")
            assert number in back and "监督举报电话" in back, (jid, g.id)


def test_counts_on_paper_match_what_is_printed(print_files, policies, jurisdictions):
    """同时符合下面N条: the N conditions follow; 另外N项材料 and 共N步 count the data."""
    from builder.guide_content import cn_count

    for jid in jurisdictions:
        for kind, pages_of in (("booklet-a6", spread_pages), ("cards-a6", lambda t, i: "".join(card_pages(t, i)))):
            texts = pages_text(print_files[(jid, kind)].path)
            for i, g in enumerate(guides(policies, jid)):
                page = pages_of(texts, i)
                who = g.content["who"]
                lead = who.having("all_of")
                for m in re.finditer(r"同时符合下面(.)条", page):
                    conditions = who.having("condition")
                    assert m.group(1) == cn_count(len(conditions)), (jid, kind, g.id)
                    for c in conditions:
                        start = re.split(r"[：{]", c.item["text"])[0]
                        assert start in page, (jid, kind, g.id, f"condition {start!r} not printed")
                for m in re.finditer(r"要同时符合(.)个条件", page):
                    assert lead and m.group(1) == cn_count(lead[0].count), (jid, kind, g.id)
                for m in re.finditer(r"另外(.)项材料", page):
                    assert m.group(1) == cn_count(len(g.content["documents"].having("document_if"))), (jid, g.id)
                for m in re.finditer(r"共(.)步", page):
                    assert m.group(1) == cn_count(len(g.content["how"].having("step"))), (jid, g.id)


def test_steps_are_the_residents_in_order_without_internal_or_expired_ones(print_files):
    zongyang = pages_text(print_files[("zongyang", "booklet-a6")].path)
    tianjin = pages_text(print_files[("tianjin", "booklet-a6")].path)
    linshi = spread_pages(zongyang, 2)
    steps = linshi[linshi.index("怎么申请"):]
    assert steps.index("1.向户籍所在地") < steps.index("急难型"), "applying is the first step"
    assert "审核确认权" not in linshi, "internal administration is not a resident's step"
    assert "24小时" not in "".join(tianjin), "the epidemic-era 24 h rule has ended"
    assert "20个工作日" in spread_pages(zongyang, 0), "the 20-working-day limit is printed with the 低保 steps"


def test_what_a_government_leaflet_carries(print_files, policies, jurisdictions):
    for jid in jurisdictions:
        j = policies.data["jurisdictions"][jid]
        issuer = j.issued_by["name"]
        booklet = pages_text(print_files[(jid, "booklet-a6")].path)
        back = booklet[-1]
        assert issuer in back and "印发" in back, (jid, back[:60])
        assert "监督举报电话" in back and "如实申报" in back, jid
        assert "编印" in back and "数字截至" in back, (jid, "version line: data date and print date")
        assert "明白·社会救助" not in back, "the back cover credits the issuing office, not the software"
        for page in pages_text(print_files[(jid, "cards-a6")].path)[1::2]:
            assert issuer in page and "印发" in page and "编印" in page and "如实申报" in page, jid


def test_no_production_labels_and_wording_fits_the_place(print_files, jurisdictions):
    for jid in jurisdictions:
        for kind in ("booklet-a6", "cards-a6"):
            text = "".join(pages_text(print_files[(jid, kind)].path))
            assert "正面" not in text and "背面" not in text, (jid, kind)
            if jid == "tianjin":
                assert "县里" not in text and "省里" not in text, (jid, kind)


def test_the_figures_page_reads_as_sentences_with_their_own_dates(print_files, jurisdictions):
    for jid in jurisdictions:
        texts = pages_text(print_files[(jid, "booklet-a6")].path)
        page = next(t for t in texts if t.startswith("本册的数字") or "本册的数字和执行日期书里" in t)
        assert "多少" not in page and "（2019年" not in page, (jid, page[:120])
        assert "起执行" in page
        front = texts[2]
        assert f"按{TODAY.year}年" not in front, "the front page does not date old figures today"


def _ink_near_edges(pdf, page: int, tmp_path, skip_centre: bool) -> list[str]:
    """Sides of the sheet with ink within 5 mm of the edge (the cut marks on the centre lines excepted)."""
    from PIL import Image

    stem = tmp_path / f"{pdf.stem}-{page}"
    subprocess.run(["pdftoppm", "-r", "100", "-gray", "-png", "-singlefile", "-f", str(page), "-l", str(page),
                    str(pdf), str(stem)], check=True)
    img = Image.open(f"{stem}.png").convert("L")
    w, h = img.size
    edge = round(5 / 25.4 * 100) - 1
    band = round(3 / 25.4 * 100)
    px = img.load()

    def inked(x, y):
        if skip_centre and (abs(x - w / 2) < band or abs(y - h / 2) < band):
            return False
        return px[x, y] < 200

    sides = {"top": [(x, y) for y in range(edge) for x in range(w)],
             "bottom": [(x, y) for y in range(h - edge, h) for x in range(w)],
             "left": [(x, y) for x in range(edge) for y in range(h)],
             "right": [(x, y) for x in range(w - edge, w) for y in range(h)]}
    return [side for side, points in sides.items() if any(inked(x, y) for x, y in points)]


def test_nothing_is_printed_within_5_mm_of_the_sheet_edge(print_files, jurisdictions, tmp_path):
    for jid in jurisdictions:
        booklet = print_files[(jid, "booklet-a4")].path
        for page in range(1, len(PdfReader(booklet).pages) + 1):
            near = _ink_near_edges(booklet, page, tmp_path, skip_centre=False)
            assert not near, f"{booklet.name} sheet side {page}: ink within 5 mm of the {near} edge"
        cards = print_files[(jid, "cards-a4")].path
        for page in (1, 2):
            near = _ink_near_edges(cards, page, tmp_path, skip_centre=True)
            assert not near, f"{cards.name} p.{page}: ink within 5 mm of the {near} edge"


def test_no_page_is_left_nearly_empty(print_files, jurisdictions):
    """A list that spills two lines onto a page of its own wastes a sheet and looks unfinished."""
    notes = ("记事", "去办事前", "家里的情况")
    for jid in jurisdictions:
        texts = pages_text(print_files[(jid, "booklet-a6")].path)
        for number, page in enumerate(texts[:-1], start=1):
            body = re.sub(r"示例数据·未经核实|\d+$", "", page)
            if body.startswith(notes):
                continue
            assert len(body) >= 40, f"{jid} booklet p.{number} is nearly empty: {body!r}"
