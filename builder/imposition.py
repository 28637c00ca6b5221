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

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, FloatObject, NameObject

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


def _form(writer: PdfWriter, page) -> object:
    """The page as a Form XObject in `writer`: its content stream kept as it is (still compressed), so
    nothing is parsed, and the fonts it shares with the other pages are copied once."""
    contents = page["/Contents"].get_object()
    if isinstance(contents, ArrayObject):
        stream = DecodedStreamObject()
        stream.set_data(b"\n".join(part.get_object().get_data() for part in contents))
        stream = writer._add_object(stream.flate_encode()).get_object()
    else:
        stream = contents.clone(writer)
    stream[NameObject("/Type")] = NameObject("/XObject")
    stream[NameObject("/Subtype")] = NameObject("/Form")
    stream[NameObject("/BBox")] = ArrayObject([FloatObject(float(v)) for v in page.mediabox])
    stream[NameObject("/Resources")] = page["/Resources"].clone(writer)
    return stream.indirect_reference


def _side(writer: PdfWriter, width: float, height: float, placed: list, extra: bytes = b"") -> None:
    """A new page of the given size drawing each (form, source page, box) scaled to fit the box, centred."""
    ops, xobjects = [], DictionaryObject()
    for n, (form, page, (x, y, w, h)) in enumerate(placed):
        box = page.mediabox
        pw, ph = float(box.width), float(box.height)
        scale = min(w / pw, h / ph)
        dx = x + (w - pw * scale) / 2 - float(box.left) * scale
        dy = y + (h - ph * scale) / 2 - float(box.bottom) * scale
        name = f"/P{n}"
        xobjects[NameObject(name)] = form
        ops.append(f"q {scale:.5f} 0 0 {scale:.5f} {dx:.3f} {dy:.3f} cm {name} Do Q".encode())
    side = writer.add_blank_page(width, height)
    side[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): xobjects})
    content = DecodedStreamObject()
    content.set_data(b"\n".join(ops) + b"\n" + extra)
    side[NameObject("/Contents")] = writer._add_object(content.flate_encode())


def _write(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def booklet_on_a4(pdf: bytes) -> tuple[bytes, int]:
    """The A6 booklet as an A5 booklet on A4 sheets; returns the PDF and the number of sheets."""
    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter()
    forms = [_form(writer, page) for page in reader.pages]
    width, height = A4_LANDSCAPE
    for left, right in saddle_sides(len(forms)):
        _side(writer, width, height, [
            (forms[left - 1], reader.pages[left - 1], (0, 0, width / 2, height)),
            (forms[right - 1], reader.pages[right - 1], (width / 2, 0, width / 2, height)),
        ])
    _metadata(reader, writer, "（A4 双面打印、对折装订版）")
    return _write(writer), len(forms) // 4


def _cut_marks(width: float, height: float) -> bytes:
    """Short lines at the two cutting lines, in the margins outside the cards' text."""
    lines = []
    for y in (3 * MM, height - 7 * MM):                 # vertical cut: marks at the top and bottom edges
        lines.append((width / 2, y, width / 2, y + 4 * MM))
    for x in (3 * MM, width - 7 * MM):                  # horizontal cut: marks at the left and right edges
        lines.append((x, height / 2, x + 4 * MM, height / 2))
    lines.append((width / 2 - 2 * MM, height / 2, width / 2 + 2 * MM, height / 2))   # the centre cross
    lines.append((width / 2, height / 2 - 2 * MM, width / 2, height / 2 + 2 * MM))
    return b"q 0.4 w 0.3 G " + b" ".join(f"{a:.2f} {b:.2f} m {c:.2f} {d:.2f} l S".encode()
                                          for a, b, c, d in lines) + b" Q"


def cards_on_a4(pdf: bytes) -> bytes:
    """Each A6 page four times on an A4 portrait page, with cutting marks."""
    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter()
    width, height = A4_PORTRAIT
    marks = _cut_marks(width, height)
    for page in reader.pages:
        form = _form(writer, page)
        quarters = [(x, y, width / 2, height / 2) for y in (height / 2, 0) for x in (0, width / 2)]
        _side(writer, width, height, [(form, page, q) for q in quarters], marks)
    _metadata(reader, writer, "（A4 四张一版，裁开使用）")
    return _write(writer)


def _metadata(reader: PdfReader, writer: PdfWriter, suffix: str) -> None:
    info = reader.metadata or {}
    writer.add_metadata({k: v for k, v in info.items() if isinstance(v, str)} |
                        {"/Title": str(info.get("/Title", "")) + suffix})
