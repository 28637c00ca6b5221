"""QR codes decode (zbarimg on a pdftoppm render) to the deployment's own address."""

from __future__ import annotations

import pytest

from tests.print.conftest import PRINT_OUT, SITE_URL, qr_codes

pytestmark = pytest.mark.slow


def test_cover_opens_the_screener_for_the_jurisdiction(print_files, jurisdictions):
    for jid in jurisdictions:
        assert qr_codes(print_files[(jid, "booklet-a6")].path, 1, PRINT_OUT / "qr") == \
            [f"{SITE_URL}screener/?j={jid}"]


def test_back_cover_opens_the_site(print_files, jurisdictions):
    jid = jurisdictions[0]
    f = print_files[(jid, "booklet-a6")]
    assert qr_codes(f.path, f.pages, PRINT_OUT / "qr") == [SITE_URL]


def test_programme_pages_and_cards_open_their_guide(print_files, policies, jurisdictions):
    jid = jurisdictions[0]
    first = policies.data["jurisdictions"][jid].programs[0]
    guide = f"{SITE_URL}guides/{jid}/{first}/"
    assert qr_codes(print_files[(jid, "booklet-a6")].path, 4, PRINT_OUT / "qr") == [guide]
    assert qr_codes(print_files[(jid, "cards-a6")].path, 2, PRINT_OUT / "qr") == [guide]


def test_qr_survives_the_a4_print_file(print_files, jurisdictions):
    """Sheet 1, front: back cover (site) on the left, cover (screener) on the right."""
    jid = jurisdictions[0]
    found = qr_codes(print_files[(jid, "booklet-a4")].path, 1, PRINT_OUT / "qr", dpi=150)
    assert sorted(found) == sorted([SITE_URL, f"{SITE_URL}screener/?j={jid}"])
