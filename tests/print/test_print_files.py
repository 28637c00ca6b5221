"""The files a publicity officer downloads: paper sizes, page counts, embedded fonts, the words and figures."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
import yaml
from pypdf import PdfReader

from tests.print.conftest import A4, A6, PRINT_OUT, TODAY, load, render_all, text_of

pytestmark = pytest.mark.slow


def sizes(pdf) -> list[tuple[float, float]]:
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in PdfReader(pdf).pages]


def close(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return abs(a[0] - b[0]) <= 1 and abs(a[1] - b[1]) <= 1


def test_every_jurisdiction_gets_four_files(print_files, jurisdictions):
    from builder.print_pdf import KINDS

    assert set(print_files) == {(j, k) for j in jurisdictions for k in KINDS}
    for f in print_files.values():
        assert f.path.is_file() and f.path.stat().st_size == f.size
        assert f.path.read_bytes()[:5] == b"%PDF-"


def test_a6_files_have_only_a6_pages(print_files):
    for (jid, kind), f in print_files.items():
        if kind.endswith("-a6"):
            pages = sizes(f.path)
            assert pages and all(close(s, A6) for s in pages), f"{f.path.name}: {set(pages)}"


def test_a4_files_have_only_a4_pages(print_files):
    for (jid, kind), f in print_files.items():
        if kind == "booklet-a4":      # landscape: two A5 pages side by side
            assert all(close(s, (A4[1], A4[0])) for s in sizes(f.path)), f.path.name
        if kind == "cards-a4":
            assert all(close(s, A4) for s in sizes(f.path)), f.path.name


def test_booklet_pages_are_a_multiple_of_four(print_files, jurisdictions):
    for jid in jurisdictions:
        a6 = print_files[(jid, "booklet-a6")]
        n = len(PdfReader(a6.path).pages)
        assert n % 4 == 0 and n == a6.pages
        assert len(PdfReader(print_files[(jid, "booklet-a4")].path).pages) == n // 2


def test_each_card_is_two_pages(print_files, policies, jurisdictions):
    for jid in jurisdictions:
        offered = [p for p in policies.data["jurisdictions"][jid].programs if p in policies.data["programs"]]
        cards = print_files[(jid, "cards-a6")]
        assert len(PdfReader(cards.path).pages) == 2 * len(offered)
        assert len(PdfReader(print_files[(jid, "cards-a4")].path).pages) == 2 * len(offered)


def _fonts(resources, seen: dict) -> None:
    """Every font reachable from a page's resources, through Form XObjects too (the A4 files)."""
    if resources is None:
        return
    resources = resources.get_object()
    for font in (resources.get("/Font") or {}).values():
        font = font.get_object()
        seen[font["/BaseFont"]] = font
    for xobject in (resources.get("/XObject") or {}).values():
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Form":
            _fonts(xobject.get("/Resources"), seen)


def test_fonts_are_noto_cjk_embedded_and_subset(print_files):
    for f in print_files.values():
        seen: dict = {}
        for page in PdfReader(f.path).pages:
            _fonts(page.get("/Resources"), seen)
        assert seen, f"{f.path.name} has no fonts"
        for name, font in seen.items():
            assert re.match(r"/[A-Z]{6}\+Noto-Sans-CJK-SC", name), f"{f.path.name}: {name} is not a Noto CJK subset"
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), f"{f.path.name}: {name} not embedded"


def test_files_stay_small(print_files):
    """Noto CJK is ~20 MB per weight; subset, a whole booklet with two weights stays well under 1 MB."""
    for f in print_files.values():
        assert f.size < 1_000_000, f"{f.path.name} is {f.size} bytes"


def standard_numbers(policies, jid: str) -> list[str]:
    """The 低保标准 in force today, straight from the parameters, as printed: '740元'."""
    j = policies.data["jurisdictions"][jid]
    param = j.parameters.get("dibao_standard") or policies.data["national_parameters"]["dibao_standard"]
    value = param.at(TODAY).value
    numbers = value.values() if isinstance(value, dict) else [value]
    return sorted({f"{int(v) if float(v).is_integer() else v}元" for v in numbers})


def test_text_names_every_programme_and_the_current_dibao_standard(print_files, policies, jurisdictions):
    for jid in jurisdictions:
        j = policies.data["jurisdictions"][jid]
        booklet = text_of(print_files[(jid, "booklet-a6")].path)
        cards = text_of(print_files[(jid, "cards-a6")].path)
        for pid in j.programs:
            program = policies.data["programs"][pid]
            assert program.short_name in booklet, f"{jid}: {program.short_name} missing from the booklet"
            assert program.short_name in cards, f"{jid}: {program.short_name} missing from the cards"
        for figure in standard_numbers(policies, jid):
            assert figure in booklet, f"{jid}: 低保标准 {figure} missing from the booklet"
            assert figure in cards, f"{jid}: 低保标准 {figure} missing from the 低保 card"
        assert j.name in booklet and j.hotline["number"] in booklet


def test_offices_unknown_phone_points_to_the_hotline(print_files, policies, jurisdictions):
    for jid in jurisdictions:
        j = policies.data["jurisdictions"][jid]
        booklet = text_of(print_files[(jid, "booklet-a6")].path)
        for office in j.offices:
            assert office.name in booklet
            if office.phone:
                assert office.phone.replace(" ", "") in booklet
        if any(o.phone is None for o in j.offices):
            assert "电话待核实" in booklet and f"写着“电话待核实”的，请拨打{j.hotline['number']}问" in booklet


def test_effective_dates_are_printed(print_files, policies, jurisdictions):
    from builder.pages.figures import cn_date

    for jid in jurisdictions:
        j = policies.data["jurisdictions"][jid]
        param = j.parameters.get("dibao_standard") or policies.data["national_parameters"]["dibao_standard"]
        booklet = text_of(print_files[(jid, "booklet-a6")].path)
        assert "本册的数字和执行日期" in booklet
        assert f"{cn_date(param.at(TODAY).start)}起执行" in booklet


def test_example_data_is_marked(print_files, policies, jurisdictions):
    for jid in jurisdictions:
        for kind in ("booklet-a6", "cards-a6"):
            f = print_files[(jid, kind)]
            text = text_of(f.path)
            if f.examples:
                assert "示例" in text and "示例数据·未经核实" in text, f"{f.path.name} hides its example data"
            else:
                assert "示例" not in text, f"{f.path.name} marks verified data as 示例"


def test_every_page_resting_on_an_expired_notice_says_so(print_files, policies, jurisdictions):
    # 鹤民发〔2020〕43号 is valid "5 years", to 2025-07-26: each page of 鹤城's booklet says it has lapsed, and
    # each card on its front (the back has no line to spare; the card is one piece of paper).
    for jid in jurisdictions:
        j = policies.data["jurisdictions"][jid]
        lapsed = [policies.sources[d] for d in j.sources if policies.sources[d].valid_until
                  and policies.sources[d].valid_until < TODAY]
        for kind in ("booklet-a6", "cards-a6"):
            pages = PdfReader(print_files[(jid, kind)].path).pages
            marked = [p for p in pages if "已过有效期" in re.sub(r"\s+", "", p.extract_text())]
            expected = len(pages) if kind == "booklet-a6" else len(pages) // 2
            assert len(marked) == (expected if lapsed else 0), (jid, kind, len(marked), len(pages))


def test_changing_the_parameter_changes_the_pdf(policies_copy, tmp_path):
    path = policies_copy / "jurisdictions" / "zongyang" / "parameters.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    values = data["dibao_standard"]["values"]
    current = max(d for d in values if d <= TODAY)
    entry = values[current]
    old = {k: entry[k] for k in ("urban", "rural", "value") if k in entry}
    new_number = max(int(v) for v in old.values()) + 123
    for k in old:
        entry[k] = new_number
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    files = render_all(load(policies_copy), tmp_path / "out", only=["zongyang"])
    booklet = text_of(files[("zongyang", "booklet-a6")].path)
    card = text_of(files[("zongyang", "cards-a6")].path, page=1)
    assert f"{new_number}元" in booklet and f"{new_number}元" in card
    for v in old.values():
        assert f"每月{int(v)}元" not in booklet


def test_first_pages_rendered_for_a_person_to_look_at(print_files, jurisdictions):
    """test-output/print/png/: the first jurisdiction's four files, and every booklet's cover and first spread."""
    out = PRINT_OUT / "png"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    wanted = {(jurisdictions[0], "booklet-a6"): 6, (jurisdictions[0], "cards-a6"): 2,
              (jurisdictions[0], "booklet-a4"): 2, (jurisdictions[0], "cards-a4"): 1}
    wanted |= {(jid, "booklet-a6"): 5 for jid in jurisdictions[1:]}
    for (jid, kind), last in wanted.items():
        f = print_files[(jid, kind)]
        subprocess.run(["pdftoppm", "-r", "90", "-png", "-f", "1", "-l", str(last), str(f.path),
                        str(out / f"{jid}-{kind}")], check=True)
    assert len(list(out.glob("*.png"))) == sum(wanted.values())
