"""The print step inside the build: the 下载 page, `build.py pdf`, --release, pages that do not fit."""

from __future__ import annotations

import pytest
import yaml
from pypdf import PdfReader

from builder.errors import UserFacingError
from tests.print.conftest import SITE_URL, TODAY, load, qr_codes, render_all, text_of

pytestmark = pytest.mark.slow


def context(tmp_path, policies, **options):
    from builder.site import BuildContext, BuildOptions

    opts = BuildOptions(site_url=SITE_URL, quiet=True, today=TODAY, site_dir=tmp_path / "site", **options)
    return BuildContext(opts, policies, tmp_path / "docs", tmp_path / "site", site_url=SITE_URL)


def test_downloads_page_lists_each_file_with_its_size_and_how_to_print(tmp_path, policies):
    from builder.print_pdf import human_size, write_downloads_page

    ctx = context(tmp_path, policies, jurisdiction="zongyang")
    write_downloads_page(ctx)
    page = (tmp_path / "docs" / "downloads" / "index.md").read_text(encoding="utf-8")
    assert len(ctx.print_files) == 4
    for f in ctx.print_files:
        assert f.path.parent == tmp_path / "docs" / "downloads" / "zongyang"
        assert f"(zongyang/{f.path.name})" in page and human_size(f.size) in page
    for words in ("A4", "双面打印，短边翻转", "双面打印，长边翻转", "对折", "订书钉", "实际大小", "页码范围", "12 磅"):
        assert words in page, words
    sheets = next(f.sheets for f in ctx.print_files if f.kind == "booklet-a4")
    assert f"A4 纸 {sheets} 张" in page


def test_no_pdf_build_has_no_downloads_page(tmp_path, policies):
    from builder.print_pdf import write_downloads_page

    ctx = context(tmp_path, policies, pdf=False)
    (tmp_path / "docs").mkdir()
    write_downloads_page(ctx)
    assert not (tmp_path / "docs" / "downloads").exists()


def test_release_refuses_example_data_in_print(tmp_path, policies_copy):
    from builder.print_pdf import write_downloads_page

    path = policies_copy / "jurisdictions" / "zongyang" / "parameters.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for value in data["dibao_standard"]["values"].values():
        value["verified"] = False
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    ctx = context(tmp_path, load(policies_copy), jurisdiction="zongyang", release=True)
    with pytest.raises(UserFacingError, match="dibao_standard"):
        write_downloads_page(ctx)


def test_pdf_command_writes_into_site_downloads(tmp_path, policies_copy):
    from builder.site import BuildOptions, build_pdfs_only

    site = tmp_path / "site"
    build_pdfs_only(BuildOptions(site_dir=site, policies_dir=policies_copy, jurisdiction="xx", quiet=True,
                                 site_url="https://county.example.cn/mingbai/"))
    files = sorted(p.name for p in (site / "downloads" / "xx").iterdir())
    assert files == sorted(f"mingbai-xx-{k}.pdf" for k in ("booklet-a4", "booklet-a6", "cards-a4", "cards-a6"))
    assert not list(site.rglob(".*"))           # no temporary files left behind
    cover = qr_codes(site / "downloads" / "xx" / "mingbai-xx-booklet-a6.pdf", 1, tmp_path / "png")
    assert cover == ["https://county.example.cn/mingbai/screener/?j=xx"]      # --site-url, not mkdocs.yml's


def test_pdf_command_names_an_unknown_jurisdiction(tmp_path):
    from builder.site import BuildOptions, build_pdfs_only

    with pytest.raises(UserFacingError, match="no such jurisdiction"):
        build_pdfs_only(BuildOptions(site_dir=tmp_path / "site", jurisdiction="nowhere", quiet=True))


def _first_step_of_dibao(policies_copy, words: str) -> None:
    path = policies_copy / "programs" / "dibao.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["steps"][0]["text"] = words
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_a_page_whose_key_statements_are_too_long_is_set_smaller_and_warned_about(tmp_path, policies_copy):
    from builder.print_pdf import write_print_files

    _first_step_of_dibao(policies_copy, "带上材料到乡镇申请，" * 9)
    warnings = []
    policies = load(policies_copy)
    files = write_print_files(policies, [policies.data["jurisdictions"]["zongyang"]], SITE_URL, TODAY, tmp_path,
                              log=lambda m: None, warn=warnings.append)
    assert any("11 pt" in w and "pg-dibao-R" in w for w in warnings), warnings
    booklet = next(f for f in files if f.kind == "booklet-a6")
    assert len(PdfReader(booklet.path).pages) % 4 == 0


def test_a_page_that_cannot_fit_stops_the_build_with_the_file_to_shorten(tmp_path, policies_copy):
    _first_step_of_dibao(policies_copy, "带上材料到乡镇申请，" * 80)
    with pytest.raises(UserFacingError, match="policies/programs/"):
        render_all(load(policies_copy), tmp_path, only=["zongyang"])


def test_left_out_statements_are_announced_on_the_page(print_files, policies):
    text = text_of(print_files[("zongyang", "booklet-a6")].path)
    dropped = "另有" in text and "条，扫码看" in text
    assert dropped, "the 低保 spread cannot hold every statement; it should say the rest is online"


def test_built_site_links_the_downloads(built_site, tmp_path):
    """The full build (tests/conftest.py) serves the PDFs beside a page that links every one of them,
    and their QR codes use mkdocs.yml's site_url."""
    from mkdocs.config import load_config

    from tests.conftest import ROOT

    page = (built_site / "downloads" / "index.html").read_text(encoding="utf-8")
    pdfs = sorted((built_site / "downloads").rglob("*.pdf"))
    assert pdfs
    for pdf in pdfs:
        assert f'href="{pdf.parent.name}/{pdf.name}"' in page
    assert 'href="downloads/"' in (built_site / "index.html").read_text(encoding="utf-8")
    # Before any link, one line says whether the files may go to the printer, and why not.
    first_link = page.index('.pdf"')
    said = page.index("这些文件是草稿，还不能印发")
    assert said < first_link and "示例" in page[said:first_link] and "还不是正式发布的网址" in page[said:first_link]
    assert "仅奇数页" in page, "instructions for printers without automatic duplex"
    site_url = load_config(str(ROOT / "mkdocs.yml"))["site_url"]
    booklet = next(p for p in pdfs if p.name.endswith("booklet-a6.pdf"))
    assert qr_codes(booklet, 1, tmp_path) == [f"{site_url}screener/?j={booklet.parent.name}"]
