"""Imposition with pypdf: A6 pages placed on A4 sheets so an office printer can make the booklet and cards.

Booklet (saddle stitch): n pages (a multiple of four) go on n/4 sheets, each printed on both sides
with two pages enlarged to A5 side by side on A4 landscape. Sheet s (from 0, the outermost) has
    front: page n-2s on the left, page 2s+1 on the right
    back:  page 2s+2 on the left, page n-2s-1 on the right            (pages numbered from 1)
so for 8 pages: (8|1) (2|7), (6|3) (4|5). Printed duplex flipping on the short edge, the stack
folded in half and stapled on the fold reads 1, 2, … n.

Cards: four copies of one A6 card per A4 portrait side, front on one side, back on the other;
identical quarters line up whichever way the sheet is turned, cut along the marks.
"""

from __future__ import annotations

import io

from pypdf import PdfReader, PdfWriter, Transformation
from pypdf.generic import ContentStream

MM = 72 / 25.4
A4_PORTRAIT = (210 * MM, 297 * MM)
A4_LANDSCAPE = (297 * MM, 210 * MM)


def saddle_sides(n: int) -> list[tuple[int, int]]:
    """(left, right) booklet page numbers (from 1) for each printed side, in printing order."""
    if n <= 0 or n % 4:
        raise ValueError(f"a saddle-stitched booklet needs a multiple of four pages, not {n}")
    sides = []
    for s in range(n // 4):
        sides.append((n - 2 * s, 2 * s + 1))
        sides.append((2 * s + 2, n - 2 * s - 1))
    return sides


def _place(target, page, x: float, y: float, width: float, height: float) -> None:
    """Scale `page` to fit the box (x, y, width, height), centred, and draw it on `target`."""
    box = page.mediabox
    w, h = float(box.width), float(box.height)
    scale = min(width / w, height / h)
    dx = x + (width - w * scale) / 2 - float(box.left) * scale
    dy = y + (height - h * scale) / 2 - float(box.bottom) * scale
    target.merge_transformed_page(page, Transformation().scale(scale, scale).translate(dx, dy))


def _write(writer: PdfWriter) -> bytes:
    writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def booklet_on_a4(pdf: bytes) -> tuple[bytes, int]:
    """The A6 booklet as an A5 booklet on A4 sheets; returns the PDF and the number of sheets."""
    reader = PdfReader(io.BytesIO(pdf))
    pages = reader.pages
    writer = PdfWriter()
    width, height = A4_LANDSCAPE
    for left, right in saddle_sides(len(pages)):
        side = writer.add_blank_page(width, height)
        _place(side, pages[left - 1], 0, 0, width / 2, height)
        _place(side, pages[right - 1], width / 2, 0, width / 2, height)
    writer.add_metadata({"/Title": (reader.metadata or {}).get("/Title", "") + "（A4 双面打印版）"})
    return _write(writer), len(pages) // 4


def _cut_marks(page, width: float, height: float) -> None:
    """Short lines at the two cutting lines, in the margins outside the cards' text."""
    lines = []
    for y in (3 * MM, height - 7 * MM):                 # vertical cut: marks at the top and bottom edges
        lines.append((width / 2, y, width / 2, y + 4 * MM))
    for x in (3 * MM, width - 7 * MM):                  # horizontal cut: marks at the left and right edges
        lines.append((x, height / 2, x + 4 * MM, height / 2))
    lines.append((width / 2 - 2 * MM, height / 2, width / 2 + 2 * MM, height / 2))   # the centre cross
    lines.append((width / 2, height / 2 - 2 * MM, width / 2, height / 2 + 2 * MM))
    ops = b"q 0.4 w 0.3 G " + b" ".join(f"{a:.2f} {b:.2f} m {c:.2f} {d:.2f} l S".encode() for a, b, c, d in lines)
    content = page.get_contents()
    data = (content.get_data() if content is not None else b"") + b"\n" + ops + b" Q\n"
    stream = ContentStream(None, None)
    stream.set_data(data)
    page.replace_contents(stream)


def cards_on_a4(pdf: bytes) -> bytes:
    """Each A6 page four times on an A4 portrait page, with cutting marks."""
    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter()
    width, height = A4_PORTRAIT
    for page in reader.pages:
        side = writer.add_blank_page(width, height)
        for x in (0, width / 2):
            for y in (0, height / 2):
                _place(side, page, x, y, width / 2, height / 2)
        _cut_marks(side, width, height)
    writer.add_metadata({"/Title": (reader.metadata or {}).get("/Title", "") + "（A4 四张一版）"})
    return _write(writer)
