"""The A4 print files: which booklet page lands where on each side of each sheet, and the card sheets."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from tests.print.conftest import pages_text

pytestmark = pytest.mark.slow


def folded_positions(n: int) -> dict[int, tuple[int, str, str]]:
    """Walk through a folded, stapled stack of n/4 sheets and note where each page is printed.

    Sheet 0 is the outside one. Reading forward, each leaf shows the right half of a sheet's front,
    then (turning it) the left half of its back — from the outside sheet inwards; past the centre
    spread the leaves come back out: right half of the back, then the left half of the front."""
    sheets = n // 4
    walk = []
    for k in range(sheets):
        walk += [(k, "front", "right"), (k, "back", "left")]
    for k in reversed(range(sheets)):
        walk += [(k, "back", "right"), (k, "front", "left")]
    assert len(walk) == n
    return {page: where for page, where in enumerate(walk, start=1)}


def test_folded_positions_of_an_eight_page_booklet():
    where = folded_positions(8)
    assert where[1] == (0, "front", "right") and where[8] == (0, "front", "left")
    assert where[4] == (1, "back", "left") and where[5] == (1, "back", "right")


def test_saddle_sides_matches_the_folded_stack():
    from builder.imposition import saddle_sides

    for n in (4, 8, 12, 28, 32, 64):
        sides = saddle_sides(n)
        for page, (sheet, face, half) in folded_positions(n).items():
            side = sides[2 * sheet + (face == "back")]
            assert side[0 if half == "left" else 1] == page, (n, page)


def test_saddle_sides_refuses_a_count_not_divisible_by_four():
    from builder.imposition import saddle_sides

    with pytest.raises(ValueError):
        saddle_sides(30)


def test_imposed_booklet_puts_every_page_where_folding_needs_it(print_files, jurisdictions):
    for jid in jurisdictions:
        a6 = print_files[(jid, "booklet-a6")].path
        a4 = print_files[(jid, "booklet-a4")].path
        booklet = pages_text(a6)
        width, height = (float(v) for v in PdfReader(a4).pages[0].mediabox[2:])
        halves = {"left": pages_text(a4, crop=(0, 0, width / 2, height)),
                  "right": pages_text(a4, crop=(width / 2, 0, width / 2, height))}
        assert len(halves["left"]) == len(booklet) // 2
        for page, (sheet, face, half) in folded_positions(len(booklet)).items():
            side = 2 * sheet + (face == "back")          # printing order: front, back, front, back …
            assert halves[half][side] == booklet[page - 1], \
                f"{jid}: booklet page {page} should be on the {half} half of printed side {side + 1}"
            assert booklet[page - 1], f"{jid}: page {page} has no text to recognise it by"


def test_card_sheets_repeat_one_card_four_times(print_files, jurisdictions):
    for jid in jurisdictions[:2]:      # the same code for every place; two keep the test quick
        cards = pages_text(print_files[(jid, "cards-a6")].path)
        a4 = print_files[(jid, "cards-a4")].path
        width, height = (float(v) for v in PdfReader(a4).pages[0].mediabox[2:])
        for x in (0, width / 2):
            for y in (0, height / 2):
                assert pages_text(a4, crop=(x, y, width / 2, height / 2)) == cards, (jid, x, y)
